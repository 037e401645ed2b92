package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Elementwise;

import java.io.IOException;

/**
 * The convolutional relative positional embedding: a grouped Conv1d over time (kernel
 * {@code num_conv_pos_embeddings}, padding k/2) whose output, after the activation, is added to the
 * projected features. Checkpoints store its weight normalised ({@code weight_g}/{@code weight_v}, or
 * PyTorch's newer {@code parametrizations.weight.original0/1}) or already folded ({@code weight});
 * the norm is folded once at load.
 */
final class PositionalConvEmbedding {
    private final Conv1d conv; // weight (hidden, hidden/groups, k)
    private final Activation activation;

    private PositionalConvEmbedding(Conv1d conv, Activation activation) {
        this.conv = conv;
        this.activation = activation;
    }

    static PositionalConvEmbedding load(Wav2Vec2Config c, Weights w) throws IOException {
        int h = c.hiddenSize(), k = c.numConvPosEmbeddings(), groups = c.numConvPosEmbeddingGroups();
        String p = "encoder.pos_conv_embed.conv.";
        long[] vShape = {h, h / groups, k};
        float[] weight;
        if (w.hasEncoder(p + "weight_g")) {
            weight = foldWeightNorm(w.encoder(p + "weight_g", 1, 1, k), w.encoder(p + "weight_v", vShape), k);
        } else if (w.hasEncoder(p + "parametrizations.weight.original0")) {
            weight = foldWeightNorm(w.encoder(p + "parametrizations.weight.original0", 1, 1, k),
                    w.encoder(p + "parametrizations.weight.original1", vShape), k);
        } else {
            weight = w.encoder(p + "weight", vShape);
        }
        Conv1d conv = Conv1d.of(weight, w.encoder(p + "bias", h), h, h, k, 1, k / 2, groups);
        return new PositionalConvEmbedding(conv, c.featExtractActivation());
    }

    /**
     * Weight norm over dim 2 (torch.nn.utils.weight_norm(dim=2)): {@code W[:, :, j] = g[j]·V[:, :, j] / ‖V[:, :, j]‖},
     * the norm taken over the output and input channels of each tap j, with no epsilon.
     * Overwrites and returns v.
     */
    static float[] foldWeightNorm(float[] g, float[] v, int k) {
        // v is rows of k taps; row by row instead of i % k per element (a division each: 6 % of a base load).
        double[] sq = new double[k];
        for (int row = 0; row < v.length; row += k) {
            for (int j = 0; j < k; j++) sq[j] += (double) v[row + j] * v[row + j];
        }
        double[] scale = new double[k];
        for (int j = 0; j < k; j++) scale[j] = g[j] / Math.sqrt(sq[j]);
        for (int row = 0; row < v.length; row += k) {
            for (int j = 0; j < k; j++) v[row + j] = (float) (v[row + j] * scale[j]);
        }
        return v;
    }

    /**
     * Adds the positional embedding of x [t, hidden] to x in place. An even kernel yields t + 1 frames,
     * of which the last is dropped (HF's SamePadLayer).
     */
    void addTo(float[] x, int t, RunScratch s) {
        int h = conv.out();
        float[] pos = s.positions(Math.multiplyExact(conv.outputLength(t), h));
        conv.forward(x, t, pos);
        int n = t * h;
        activation.apply(pos, n);
        Elementwise.add(x, pos, n);
    }
}
