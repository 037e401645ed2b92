package org.voicebarometer.cli;

import org.voicebarometer.engine.model.Wav2Vec2Config;

/**
 * Floating-point operations of one forward pass, counted from the config (2 per multiply-add): the
 * convolutions, linear layers and attention products. Norms, activations, softmax and the head are
 * left out (under 1 % for wav2vec2-base).
 *
 * @param convEncoder the feature encoder's convolutions
 * @param projection  the feature projection (conv_dim[-1] → hidden)
 * @param positional  the grouped positional convolution
 * @param attention   q·kᵀ and p·v of every layer (grows with frames²)
 * @param layers      every layer's q/k/v/out projections and feed-forward
 */
public record ModelFlops(double convEncoder, double projection, double positional, double attention, double layers) {

    public double total() {
        return convEncoder + projection + positional + attention + layers;
    }

    public static ModelFlops of(Wav2Vec2Config c, long samples) {
        double conv = 0;
        long length = samples;
        int in = 1;
        for (int i = 0; i < c.convDim().length; i++) {
            length = (length - c.convKernel()[i]) / c.convStride()[i] + 1;
            conv += 2.0 * length * c.convDim()[i] * in * c.convKernel()[i];
            in = c.convDim()[i];
        }
        double t = length, h = c.hiddenSize();
        int k = c.numConvPosEmbeddings();
        double posFrames = t + 2 * (k / 2) - k + 1; // before the even-kernel frame is dropped
        double positional = 2.0 * posFrames * h * (h / c.numConvPosEmbeddingGroups()) * k;
        int layers = c.numHiddenLayers();
        double attention = layers * 4.0 * t * t * h;
        double dense = layers * (4 * 2.0 * t * h * h + 2 * 2.0 * t * h * c.intermediateSize());
        return new ModelFlops(conv, 2.0 * t * in * h, positional, attention, dense);
    }
}
