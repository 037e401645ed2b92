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

    /** Transforms h [t, hidden] in place. Each residual sum is fused into the LayerNorm after it. */
    void forward(float[] h, int t, EncoderScratch s) {
        int hidden = ln1Weight.length;
        if (preLayerNorm) {
            Norms.layerNorm(h, null, s.normed, t, hidden, ln1Weight, ln1Bias, eps);
            attention.forward(s.normed, t, s.sublayer, s);
            Norms.layerNorm(h, s.sublayer, s.normed, t, hidden, ln2Weight, ln2Bias, eps);
            feedForward.forward(s.normed, t, s.sublayer, s);
            Elementwise.add(h, s.sublayer, t * hidden);
        } else {
            attention.forward(h, t, s.sublayer, s);
            Norms.layerNorm(h, s.sublayer, h, t, hidden, ln1Weight, ln1Bias, eps);
            feedForward.forward(h, t, s.sublayer, s);
            Norms.layerNorm(h, s.sublayer, h, t, hidden, ln2Weight, ln2Bias, eps);
        }
    }
}
