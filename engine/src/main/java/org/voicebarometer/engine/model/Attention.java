package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Linear;

import java.io.IOException;

/** Multi-head self-attention: q, k, v and output projections (all with bias) around scaled dot-product attention. */
final class Attention {
    private final Linear q;   // (hidden, hidden)
    private final Linear k;   // (hidden, hidden)
    private final Linear v;   // (hidden, hidden)
    private final Linear out; // (hidden, hidden)
    private final int heads;
    private final int headDim;

    private Attention(Linear q, Linear k, Linear v, Linear out, int heads, int headDim) {
        this.q = q;
        this.k = k;
        this.v = v;
        this.out = out;
        this.heads = heads;
        this.headDim = headDim;
    }

    static Attention load(Wav2Vec2Config c, Weights w, String prefix) throws IOException {
        return new Attention(linear(c, w, prefix + "q_proj"), linear(c, w, prefix + "k_proj"), linear(c, w, prefix + "v_proj"),
                linear(c, w, prefix + "out_proj"), c.numAttentionHeads(), c.headDim());
    }

    private static Linear linear(Wav2Vec2Config c, Weights w, String name) throws IOException {
        int h = c.hiddenSize();
        return w.encoderLinear(name, h, h);
    }

    /** The projections q, k, v of rows [r0, r1), from x's rows at xOff [r1 − r0, hidden], into s.q, s.k, s.v. */
    void project(float[] x, int xOff, int r0, int r1, EncoderScratch s) {
        int rows = r1 - r0, o = r0 * q.out();
        q.forwardOnCaller(x, xOff, rows, s.q, o);
        k.forwardOnCaller(x, xOff, rows, s.k, o);
        v.forwardOnCaller(x, xOff, rows, s.v, o);
    }

    /** Packs the keys and values of all t rows (once all are projected), on the pool. */
    void packKeysValues(int t, EncoderScratch s) {
        org.voicebarometer.engine.kernels.Attention.pack(s.k, s.v, t, heads, headDim, s.keysValues);
    }

    /** y [r1 − r0, hidden] = the attention output of rows [r0, r1) over all packed keys, via context [r1 − r0, hidden]. */
    void forwardRows(int r0, int r1, EncoderScratch s, float[] context, float[] y) {
        org.voicebarometer.engine.kernels.Attention.attendOnCaller(s.q, s.keysValues, r0, r1, context, 0);
        out.forwardOnCaller(context, 0, r1 - r0, y, 0);
    }
}
