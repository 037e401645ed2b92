package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Norms;

import java.io.IOException;

/**
 * The convolutional feature encoder: raw waveform [samples] → latent frames [T, conv_dim[-1]].
 * Each layer is a strided Conv1d, then a norm, then the activation. With {@code feat_extract_norm:
 * "group"} only layer 0 is normalised (GroupNorm with one group per channel, over time); with
 * {@code "layer"} every layer has a per-frame LayerNorm over channels.
 */
final class FeatureEncoder {
    /** transformers builds these norms with PyTorch's default eps. */
    private static final float CONV_NORM_EPS = 1e-5f;

    private record ConvLayer(Conv1d conv, float[] normWeight, float[] normBias, boolean groupNorm) {}
    // normWeight, normBias: (out) or null when the layer has no norm

    private final ConvLayer[] layers;
    private final Activation activation;
    private final int minSamples;

    private FeatureEncoder(ConvLayer[] layers, Activation activation, int minSamples) {
        this.layers = layers;
        this.activation = activation;
        this.minSamples = minSamples;
    }

    static FeatureEncoder load(Wav2Vec2Config c, Weights w) throws IOException {
        int n = c.convDim().length;
        ConvLayer[] layers = new ConvLayer[n];
        for (int i = 0; i < n; i++) {
            int in = i == 0 ? 1 : c.convDim()[i - 1], out = c.convDim()[i], k = c.convKernel()[i];
            String p = "feature_extractor.conv_layers." + i + ".";
            float[] bias = c.convBias() ? w.encoder(p + "conv.bias", out) : null;
            boolean hasNorm = !c.groupNormEncoder() || i == 0;
            float[] nw = hasNorm ? w.encoder(p + "layer_norm.weight", out) : null;
            float[] nb = hasNorm ? w.encoder(p + "layer_norm.bias", out) : null;
            layers[i] = new ConvLayer(w.encoderConv(p + "conv.weight", bias, in, out, k, c.convStride()[i], 0, 1), nw, nb, c.groupNormEncoder());
        }
        // The shortest input that still yields one frame: invert L_out = (L_in − k) / s + 1 from the top.
        int min = 1;
        for (int i = n - 1; i >= 0; i--) min = (min - 1) * c.convStride()[i] + c.convKernel()[i];
        return new FeatureEncoder(layers, c.featExtractActivation(), min);
    }

    /** Frames produced from {@code samples} input samples (0 when fewer than {@link #minSamples()}). */
    int frames(int samples) {
        int t = samples;
        for (ConvLayer l : layers) t = l.conv.outputLength(t);
        return t;
    }

    int minSamples() {
        return minSamples;
    }

    int channels() {
        return layers[layers.length - 1].conv.out();
    }

    /**
     * @param audio [samples] (already normalised)
     * @return [frames(samples), channels()] in the first frames·channels values of a buffer of {@code s}
     */
    float[] forward(float[] audio, RunScratch s) {
        float[] x = audio; // [t, 1]
        int t = audio.length;
        for (int i = 0; i < layers.length; i++) {
            ConvLayer l = layers[i];
            int tOut = l.conv.outputLength(t), c = l.conv.out();
            float[] y = s.convOutput(i, Math.multiplyExact(tOut, c));
            if (l.normWeight != null && l.groupNorm) {
                // The activation runs on each block of frames just normalised, while it is in cache.
                l.conv.forwardGroupNorm(x, t, y, l.normWeight, l.normBias, CONV_NORM_EPS, activation::applyOnCaller);
            } else {
                l.conv.forward(x, t, y);
                if (l.normWeight != null) Norms.layerNorm(y, tOut, c, l.normWeight, l.normBias, CONV_NORM_EPS);
                activation.apply(y, tOut * c);
            }
            x = y;
            t = tOut;
        }
        return x;
    }
}
