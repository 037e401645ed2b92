package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Elementwise;
import org.voicebarometer.engine.kernels.RowSource;
import org.voicebarometer.engine.tensor.FloatReader;
import org.voicebarometer.engine.tensor.SafetensorsException;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The convolutional relative positional embedding: a grouped Conv1d over time (kernel
 * {@code num_conv_pos_embeddings}, padding k/2) whose output, after the activation, is added to the
 * projected features. Checkpoints store its weight normalised ({@code weight_g}/{@code weight_v}, or
 * PyTorch's newer {@code parametrizations.weight.original0/1}) or already folded ({@code weight});
 * the norm is folded once at load, while the weight is packed.
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
        float[] bias = w.encoder(p + "bias", h);
        Conv1d conv;
        if (w.hasEncoder(p + "weight_g")) {
            conv = weightNormConv(w, p + "weight_g", p + "weight_v", bias, h, k, groups);
        } else if (w.hasEncoder(p + "parametrizations.weight.original0")) {
            conv = weightNormConv(w, p + "parametrizations.weight.original0", p + "parametrizations.weight.original1", bias, h, k, groups);
        } else {
            conv = w.encoderConv(p + "weight", bias, h, h, k, 1, k / 2, groups);
        }
        return new PositionalConvEmbedding(conv, c.featExtractActivation());
    }

    /**
     * The convolution with weight norm over dim 2 (torch.nn.utils.weight_norm(dim=2)) folded in:
     * {@code W[:, :, j] = g[j]·V[:, :, j] / ‖V[:, :, j]‖}, the norm taken over the output and input channels of
     * each tap j, with no epsilon. V is read twice from the mapped file, for the norms and then scaled on its
     * way into the kernel's panels, instead of being copied to an array and rewritten in between; when the
     * {@link PanelCache} holds the folded panels, not at all.
     */
    private static Conv1d weightNormConv(Weights w, String gName, String vName, float[] bias, int h, int k, int groups) throws IOException {
        float[] g = w.encoder(gName, 1, 1, k);
        FloatReader v = w.encoderReader(vName, h, h / groups, k);
        RowSource rows = Weights.rows(v, h / groups * k);
        Scale scale = new Scale(v, g, k);
        RowSource scaled = (row, col, len, dst, dstOff) -> {
            rows.read(row, col, len, dst, dstOff);
            double[] s = scale.get();
            for (int i = dstOff, j = col % k; i < dstOff + len; i++, j = j + 1 == k ? 0 : j + 1) dst[i] = (float) (dst[i] * s[j]);
        };
        return Weights.packed(() -> Conv1d.of(w.kept("weight norm of " + vName, scaled), bias, h, h, k, 1, k / 2, groups));
    }

    /** g[j] / ‖V[:, :, j]‖ per tap, computed by the first pool thread that packs a row. */
    private static final class Scale {
        private final FloatReader v;
        private final float[] g;
        private final int k;
        private double[] scale;

        Scale(FloatReader v, float[] g, int k) {
            this.v = v;
            this.g = g;
            this.k = k;
        }

        synchronized double[] get() {
            if (scale == null) {
                double[] s;
                try {
                    s = tapNorms(v, k);
                } catch (SafetensorsException e) {
                    throw new UncheckedIOException(e);
                }
                for (int j = 0; j < k; j++) s[j] = g[j] / Math.sqrt(s[j]);
                scale = s;
            }
            return scale;
        }
    }

    /** Σ V[…, j]² per tap j of V read as rows of k taps, in double, summed in storage order. */
    static double[] tapNorms(FloatReader v, int k) throws SafetensorsException {
        double[] sq = new double[k];
        float[] chunk = new float[k * Math.max(1, 8192 / k)]; // whole rows of taps
        for (long from = 0; from < v.numel(); from += chunk.length) {
            int len = (int) Math.min(chunk.length, v.numel() - from);
            v.read(from, chunk, 0, len);
            for (int row = 0; row < len; row += k) {
                for (int j = 0; j < k; j++) sq[j] += (double) chunk[row + j] * chunk[row + j];
            }
        }
        return sq;
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
