package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Norms;

import java.io.IOException;

/**
 * The transformer encoder: positional convolution, the encoder LayerNorm (first for post-LN models,
 * last for pre-LN ones) and the layers. Reports each of the L + 1 hidden states as it is computed.
 */
final class Encoder {
    /** Receives hidden_states.index [t, hidden]; the array is reused afterwards, so copy what you keep. */
    interface HiddenStateSink {
        void accept(int index, float[] state);
    }

    private final PositionalConvEmbedding positions;
    private final float[] normWeight, normBias; // (hidden): encoder.layer_norm
    private final EncoderLayer[] layers;
    private final boolean preLayerNorm;
    private final float eps;
    private final int hidden, intermediate;

    private Encoder(PositionalConvEmbedding positions, float[] normWeight, float[] normBias, EncoderLayer[] layers,
                    boolean preLayerNorm, float eps, int hidden, int intermediate) {
        this.positions = positions;
        this.normWeight = normWeight;
        this.normBias = normBias;
        this.layers = layers;
        this.preLayerNorm = preLayerNorm;
        this.eps = eps;
        this.hidden = hidden;
        this.intermediate = intermediate;
    }

    /** The encoder around its positional convolution and layers, which the caller loads (in parallel). */
    static Encoder load(Wav2Vec2Config c, Weights w, PositionalConvEmbedding positions, EncoderLayer[] layers) throws IOException {
        float[] nw = w.encoder("encoder.layer_norm.weight", c.hiddenSize());
        float[] nb = w.encoder("encoder.layer_norm.bias", c.hiddenSize());
        return new Encoder(positions, nw, nb, layers, c.doStableLayerNorm(), c.layerNormEps(), c.hiddenSize(), c.intermediateSize());
    }

    /** Runs the encoder on the projected features h [t, hidden], in place; h ends as last_hidden_state. */
    void forward(float[] h, int t, HiddenStateSink sink, RunScratch s) {
        positions.addTo(h, t, s);
        if (!preLayerNorm) Norms.layerNorm(h, t, hidden, normWeight, normBias, eps);
        EncoderScratch scratch = s.encoder(t, hidden, intermediate);
        for (int l = 0; l < layers.length; l++) {
            sink.accept(l, h);
            layers[l].forward(h, t, scratch);
        }
        if (preLayerNorm) Norms.layerNorm(h, t, hidden, normWeight, normBias, eps);
        sink.accept(layers.length, h);
    }
}
