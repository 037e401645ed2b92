package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Elementwise;
import org.voicebarometer.engine.kernels.Norms;

import java.io.IOException;

/**
 * One transformer layer. Post-LN (base models): {@code h = LN1(h + Attn(h)); h = LN2(h + FFN(h))}.
 * Pre-LN ({@code do_stable_layer_norm}, large models): {@code h = h + Attn(LN1(h)); h = h + FFN(LN2(h))}.
 */
final class EncoderLayer {
    private final Attention attention;
    private final float[] ln1Weight, ln1Bias; // (hidden): layer_norm
    private final FeedForward feedForward;
    private final float[] ln2Weight, ln2Bias; // (hidden): final_layer_norm
    private final boolean preLayerNorm;
    private final float eps;

    private EncoderLayer(Attention attention, float[] ln1Weight, float[] ln1Bias, FeedForward feedForward,
                         float[] ln2Weight, float[] ln2Bias, boolean preLayerNorm, float eps) {
        this.attention = attention;
        this.ln1Weight = ln1Weight;
        this.ln1Bias = ln1Bias;
        this.feedForward = feedForward;
        this.ln2Weight = ln2Weight;
        this.ln2Bias = ln2Bias;
        this.preLayerNorm = preLayerNorm;
        this.eps = eps;
    }

    static EncoderLayer load(Wav2Vec2Config c, Weights w, int index) throws IOException {
        String p = "encoder.layers." + index + ".";
        int h = c.hiddenSize();
        return new EncoderLayer(
                Attention.load(c, w, p + "attention."),
                w.encoder(p + "layer_norm.weight", h), w.encoder(p + "layer_norm.bias", h),
                FeedForward.load(c, w, p + "feed_forward."),
                w.encoder(p + "final_layer_norm.weight", h), w.encoder(p + "final_layer_norm.bias", h),
                c.doStableLayerNorm(), c.layerNormEps());
    }

    /**
     * The start of this layer for rows [r0, r1) of h [t, hidden]: (pre-LN) LN1, then the projections q, k, v
     * into s. Reads h only.
     */
    void project(float[] h, int r0, int r1, EncoderScratch s, EncoderScratch.Rows rows) {
        int hidden = ln1Weight.length;
        if (preLayerNorm) {
            Norms.layerNormOnCaller(h, r0 * hidden, null, 0, rows.normed, 0, r1 - r0, hidden, ln1Weight, ln1Bias, eps);
            attention.project(rows.normed, 0, r0, r1, s);
        } else {
            attention.project(h, r0 * hidden, r0, r1, s);
        }
    }

    /** Packs the keys and values of all t rows, once {@link #project} has run on all of them. */
    void packKeysValues(int t, EncoderScratch s) {
        attention.packKeysValues(t, s);
    }

    /**
     * Transforms rows [r0, r1) of h in place, on the calling thread, once the keys and values are packed.
     * Each residual sum is fused into the LayerNorm after it.
     */
    void forwardRows(float[] h, int r0, int r1, EncoderScratch s, EncoderScratch.Rows rows) {
        int hidden = ln1Weight.length, o = r0 * hidden, n = r1 - r0;
        attention.forwardRows(r0, r1, s, rows.context, rows.sublayer);
        if (preLayerNorm) {
            Norms.layerNormOnCaller(h, o, rows.sublayer, 0, rows.normed, 0, n, hidden, ln2Weight, ln2Bias, eps);
            feedForward.forwardRows(rows.normed, 0, n, rows.sublayer, rows.intermediate);
            Elementwise.addOnCaller(h, o, rows.sublayer, 0, n * hidden);
        } else {
            Norms.layerNormOnCaller(h, o, rows.sublayer, 0, h, o, n, hidden, ln1Weight, ln1Bias, eps);
            feedForward.forwardRows(h, o, n, rows.sublayer, rows.intermediate);
            Norms.layerNormOnCaller(h, o, rows.sublayer, 0, h, o, n, hidden, ln2Weight, ln2Bias, eps);
        }
    }
}
