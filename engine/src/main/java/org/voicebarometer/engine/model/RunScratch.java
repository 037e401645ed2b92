package org.voicebarometer.engine.model;

/**
 * The working buffers of one forward pass. The model keeps the sets of finished runs and hands each run
 * one (concurrent runs never share a set), so a run allocates little more than what it returns. Buffers
 * grow to the longest input seen and are not shrunk; kernels take explicit sizes, never the lengths.
 */
final class RunScratch {
    private final float[][] conv = new float[2][]; // feature-encoder layer outputs, even and odd layers
    private float[] positions;                      // (t + 1, hidden): the positional convolution
    private EncoderScratch encoder;

    /** The output buffer of feature-encoder layer {@code layer}, at least {@code size} floats (alternating, so a layer's input is never its output). */
    float[] convOutput(int layer, int size) {
        int i = layer & 1;
        if (conv[i] == null || conv[i].length < size) conv[i] = new float[size];
        return conv[i];
    }

    float[] positions(int size) {
        if (positions == null || positions.length < size) positions = new float[size];
        return positions;
    }

    EncoderScratch encoder(int t, int hidden) {
        if (encoder == null || encoder.frames < t) encoder = new EncoderScratch(t, hidden);
        return encoder;
    }
}
