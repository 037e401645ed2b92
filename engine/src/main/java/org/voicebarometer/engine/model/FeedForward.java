package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Linear;

import java.io.IOException;

/** The position-wise feed-forward block: intermediate_dense → hidden_act → output_dense. */
final class FeedForward {
    private final Linear intermediate; // (intermediate, hidden)
    private final Linear output;       // (hidden, intermediate)
    private final Activation activation;

    private FeedForward(Linear intermediate, Linear output, Activation activation) {
        this.intermediate = intermediate;
        this.output = output;
        this.activation = activation;
    }

    static FeedForward load(Wav2Vec2Config c, Weights w, String prefix) throws IOException {
        int h = c.hiddenSize(), i = c.intermediateSize();
        Linear in = Linear.of(w.encoder(prefix + "intermediate_dense.weight", i, h), w.encoder(prefix + "intermediate_dense.bias", i), i, h);
        Linear out = Linear.of(w.encoder(prefix + "output_dense.weight", h, i), w.encoder(prefix + "output_dense.bias", h), h, i);
        return new FeedForward(in, out, c.hiddenAct());
    }

    /** y [t, hidden] = FFN(x [t, hidden]). */
    void forward(float[] x, int t, float[] y, EncoderScratch s) {
        intermediate.forward(x, t, s.intermediate);
        activation.apply(s.intermediate, t * intermediate.out());
        output.forward(s.intermediate, t, y);
    }
}
