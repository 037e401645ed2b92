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
        Linear in = w.encoderLinear(prefix + "intermediate_dense", i, h);
        Linear out = w.encoderLinear(prefix + "output_dense", h, i);
        return new FeedForward(in, out, c.hiddenAct());
    }

    /** y [t, hidden] = FFN(x [t, hidden]). */
    void forward(float[] x, int t, float[] y, EncoderScratch s) {
        intermediate.forward(x, t, s.intermediate);
        activation.apply(s.intermediate, t * intermediate.out());
        output.forward(s.intermediate, t, y);
    }
}
