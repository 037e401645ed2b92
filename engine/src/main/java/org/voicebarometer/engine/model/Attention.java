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

    /** y [t, hidden] = attention over x [t, hidden]. */
    void forward(float[] x, int t, float[] y, EncoderScratch s) {
        q.forward(x, t, s.q);
        k.forward(x, t, s.k);
        v.forward(x, t, s.v);
        org.voicebarometer.engine.kernels.Attention.forward(s.q, s.k, s.v, t, heads, headDim, s.context);
        out.forward(s.context, t, y);
    }
}
