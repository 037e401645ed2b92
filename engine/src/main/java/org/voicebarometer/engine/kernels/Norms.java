package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.voicebarometer.engine.kernels.reference.ScalarNorms;

/**
 * Normalisations, in place: {@code (x − mean) / sqrt(var_biased + eps) · w + b}. Statistics are summed
 * in float vectors over short runs (at most {@link #RUN} values) and the runs added in double, so long
 * inputs (a waveform, a channel over an hour of frames) keep their precision.
 */
public final class Norms {
    private Norms() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    private static final int RUN = 4096;
    /** Frames per block of GroupNorm statistics (summed in float, blocks added in double). */
    static final int RUN_FRAMES = 1024;
    /** Work per parallel chunk, in values. */
    private static final int CHUNK_VALUES = 1 << 15;

    /** LayerNorm over the last dimension of x [rows, cols], in place, on the pool; w and b [cols]. */
    public static void layerNorm(float[] x, int rows, int cols, float[] w, float[] b, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.layerNorm(x, rows, cols, w, b, eps);
            return;
        }
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / Math.max(1, cols));
        int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
        Threads.parallelFor(chunks, c -> {
            int end = Math.min(rows, (c + 1) * rowsPerChunk);
            for (int r = c * rowsPerChunk; r < end; r++) layerNormRow(x, r * cols, x, r * cols, cols, w, b, eps);
        });
    }

    /**
     * The residual connection and the LayerNorm after it in one pass, for {@code rows} rows of {@code cols}
     * on the calling thread (for callers that already run one block of rows per pool thread): x += residual
     * (when residual is not null), then out = LayerNorm(x) (out may be x, at the same offset). The rows
     * start at xOff, residualOff and outOff; w and b are [cols].
     */
    public static void layerNormOnCaller(float[] x, int xOff, float[] residual, int residualOff, float[] out, int outOff,
                                         int rows, int cols, float[] w, float[] b, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.layerNorm(x, xOff, residual, residualOff, out, outOff, rows, cols, w, b, eps);
            return;
        }
        for (int r = 0; r < rows; r++) {
            int o = xOff + r * cols;
            if (residual != null) Elementwise.addOnCaller(x, o, residual, residualOff + r * cols, cols);
            layerNormRow(x, o, out, outOff + r * cols, cols, w, b, eps);
        }
    }

    private static void layerNormRow(float[] x, int o, float[] out, int outOff, int cols, float[] w, float[] b, float eps) {
        double mean = sum(x, o, cols) / cols;
        float m = (float) mean;
        float inv = (float) (1.0 / Math.sqrt(sumSquaredDeviations(x, o, cols, m) / cols + eps));
        for (int c = 0; c < cols; c += L) {
            VectorMask<Float> mask = S.indexInRange(c, cols);
            FloatVector v = FloatVector.fromArray(S, x, o + c, mask).sub(m).mul(inv);
            v.fma(FloatVector.fromArray(S, w, c, mask), FloatVector.fromArray(S, b, c, mask)).intoArray(out, outOff + c, mask);
        }
    }

    /** Σ x[o .. o+n) in double, by float-vector runs (the last few values of a run in scalar). */
    private static double sum(float[] x, int o, int n) {
        double total = 0;
        for (int r = 0; r < n; r += RUN) {
            int end = Math.min(n, r + RUN), i = r;
            FloatVector acc = FloatVector.zero(S);
            for (; i + L <= end; i += L) acc = acc.add(FloatVector.fromArray(S, x, o + i));
            float tail = 0f;
            for (; i < end; i++) tail += x[o + i];
            total += VectorMath.sumLanes(acc) + tail;
        }
        return total;
    }

    /** Σ (x − m)² over x[o .. o+n) in double, by float-vector runs (the last few values of a run in scalar). */
    private static double sumSquaredDeviations(float[] x, int o, int n, float m) {
        double total = 0;
        for (int r = 0; r < n; r += RUN) {
            int end = Math.min(n, r + RUN), i = r;
            FloatVector acc = FloatVector.zero(S);
            for (; i + L <= end; i += L) {
                FloatVector d = FloatVector.fromArray(S, x, o + i).sub(m);
                acc = d.fma(d, acc);
            }
            float tail = 0f;
            for (; i < end; i++) tail += (x[o + i] - m) * (x[o + i] - m);
            total += VectorMath.sumLanes(acc) + tail;
        }
        return total;
    }

    /** Work fused after a normalisation, on the values x[from, to) while they are in cache (an activation). */
    @FunctionalInterface
    public interface Epilogue {
        void apply(float[] x, int from, int to);
    }

    /** GroupNorm with one group per channel: each channel of x [t, c] normalised over time; w and b [c]. */
    public static void groupNormPerChannel(float[] x, int t, int c, float[] w, float[] b, float eps) {
        groupNormPerChannel(x, t, c, w, b, eps, null);
    }

    /**
     * The same, then {@code then} on every block of normalised frames (may be null). Every pass is split
     * over time, frames being contiguous: the statistics are summed per block of {@link #RUN_FRAMES}
     * frames in float vectors (one lane per channel) and the blocks added in double, in block order, so
     * the result does not depend on the thread count.
     */
    public static void groupNormPerChannel(float[] x, int t, int c, float[] w, float[] b, float eps, Epilogue then) {
        if (!Simd.ENABLED) {
            ScalarNorms.groupNormPerChannel(x, t, c, w, b, eps);
            if (then != null) then.apply(x, 0, t * c);
            return;
        }
        int blocks = (t + RUN_FRAMES - 1) / RUN_FRAMES;
        float[] partial = new float[Math.multiplyExact(blocks, c)];
        Threads.parallelFor(blocks, k -> columnSums(x, k, t, c, null, partial));
        float[] mean = new float[c];
        double[] total = blockTotals(partial, blocks, c);
        for (int j = 0; j < c; j++) mean[j] = (float) (total[j] / t);
        Threads.parallelFor(blocks, k -> columnSums(x, k, t, c, mean, partial));
        total = blockTotals(partial, blocks, c);
        float[] scale = new float[c];
        float[] shift = new float[c];
        for (int j = 0; j < c; j++) {
            scale[j] = (float) (1.0 / Math.sqrt(total[j] / t + eps)) * w[j];
            shift[j] = b[j] - mean[j] * scale[j];
        }
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / c);
        Threads.parallelFor((t + rowsPerChunk - 1) / rowsPerChunk, k -> {
            int r0 = k * rowsPerChunk, r1 = Math.min(t, r0 + rowsPerChunk);
            for (int i = r0; i < r1; i++) {
                int o = i * c;
                for (int j = 0; j < c; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, c);
                    FloatVector.fromArray(S, x, o + j, mask)
                            .fma(FloatVector.fromArray(S, scale, j, mask), FloatVector.fromArray(S, shift, j, mask))
                            .intoArray(x, o + j, mask);
                }
            }
            if (then != null) then.apply(x, r0 * c, r1 * c);
        });
    }

    /**
     * Block k of RUN_FRAMES frames of x [t, c]: partial[k·c + j] = Σ_i x[i, j] (mean == null) or
     * Σ_i (x[i, j] − mean[j])², in float.
     */
    private static void columnSums(float[] x, int k, int t, int c, float[] mean, float[] partial) {
        int p = k * c;
        java.util.Arrays.fill(partial, p, p + c, 0f);
        for (int i = k * RUN_FRAMES, end = Math.min(t, i + RUN_FRAMES); i < end; i++) {
            int o = i * c;
            for (int j = 0; j < c; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, c);
                FloatVector v = FloatVector.fromArray(S, x, o + j, mask);
                FloatVector acc = FloatVector.fromArray(S, partial, p + j, mask);
                if (mean != null) {
                    v = v.sub(FloatVector.fromArray(S, mean, j, mask));
                    acc = v.fma(v, acc);
                } else {
                    acc = acc.add(v);
                }
                acc.intoArray(partial, p + j, mask);
            }
        }
    }

    /** Σ_k partial[k·c + j] in double, in block order. */
    static double[] blockTotals(float[] partial, int blocks, int c) {
        double[] total = new double[c];
        for (int k = 0; k < blocks; k++) {
            for (int j = 0; j < c; j++) total[j] += partial[k * c + j];
        }
        return total;
    }

    /**
     * LayerNorm over all n values at once, no affine (SpeechBrain's output norm, HF's waveform
     * normalisation). Each pass is split into runs of RUN values (the runs the statistics are summed in,
     * added in double in order: the same sums as one serial pass), in parallel.
     */
    public static void layerNormAll(float[] x, int n, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.layerNormAll(x, n, eps);
            return;
        }
        int runs = (n + RUN - 1) / RUN;
        double[] partial = new double[runs];
        Threads.parallelFor(runs, r -> partial[r] = sum(x, r * RUN, Math.min(RUN, n - r * RUN)));
        float m = (float) (inOrder(partial) / n);
        Threads.parallelFor(runs, r -> partial[r] = sumSquaredDeviations(x, r * RUN, Math.min(RUN, n - r * RUN), m));
        float inv = (float) (1.0 / Math.sqrt(inOrder(partial) / n + eps));
        Threads.parallelFor(runs, r -> {
            int end = Math.min(n, r * RUN + RUN);
            for (int i = r * RUN; i < end; i += L) {
                VectorMask<Float> mask = S.indexInRange(i, end);
                FloatVector.fromArray(S, x, i, mask).sub(m).mul(inv).intoArray(x, i, mask);
            }
        });
    }

    private static double inOrder(double[] values) {
        double total = 0;
        for (double v : values) total += v;
        return total;
    }
}
