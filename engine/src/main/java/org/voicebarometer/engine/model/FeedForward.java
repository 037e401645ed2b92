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

    /** y [rows, hidden] = FFN(x's rows at xOff [rows, hidden]), via intermediateRows [rows, intermediate]. */
    void forwardRows(float[] x, int xOff, int rows, float[] y, float[] intermediateRows) {
        intermediate.forwardOnCaller(x, xOff, rows, intermediateRows, 0);
        activation.applyOnCaller(intermediateRows, 0, rows * intermediate.out());
        output.forwardOnCaller(intermediateRows, 0, rows, y, 0);
    }
}
