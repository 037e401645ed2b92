package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.Norms;

import java.io.IOException;

/**
 * Feature projection: LayerNorm over the conv channels (HF's {@code extract_features}), then a Linear
 * to the transformer width. HuBERT checkpoints may switch the LayerNorm off ({@code feat_proj_layer_norm}).
 */
final class FeatureProjection {
    private final float[] normWeight; // (conv_dim[-1]) or null
    private final float[] normBias;   // (conv_dim[-1]) or null
    private final float eps;
    private final Linear projection;  // (hidden_size, conv_dim[-1])

    private FeatureProjection(float[] normWeight, float[] normBias, float eps, Linear projection) {
        this.normWeight = normWeight;
        this.normBias = normBias;
        this.eps = eps;
        this.projection = projection;
    }

    static FeatureProjection load(Wav2Vec2Config c, Weights w) throws IOException {
        int in = c.convDim()[c.convDim().length - 1], h = c.hiddenSize();
        boolean norm = !c.isHubert() || c.featProjLayerNorm();
        float[] nw = norm ? w.encoder("feature_projection.layer_norm.weight", in) : null;
        float[] nb = norm ? w.encoder("feature_projection.layer_norm.bias", in) : null;
        Linear proj = w.encoderLinear("feature_projection.projection", h, in);
        return new FeatureProjection(nw, nb, c.layerNormEps(), proj);
    }

    /**
     * Normalises {@code features} [t, in] in place (they become {@code extract_features}) and writes the
     * projection to {@code projected} [t, hidden].
     */
    void forward(float[] features, int t, float[] projected) {
        if (normWeight != null) Norms.layerNorm(features, t, projection.in(), normWeight, normBias, eps);
        projection.forward(features, t, projected);
    }
}
