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
    /** Work per parallel chunk, in values. */
    private static final int CHUNK_VALUES = 1 << 15;

    /** LayerNorm over the last dimension of x [rows, cols]; w and b [cols]. */
    public static void layerNorm(float[] x, int rows, int cols, float[] w, float[] b, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.layerNorm(x, rows, cols, w, b, eps);
            return;
        }
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / Math.max(1, cols));
        int chunks = (rows + rowsPerChunk - 1) / rowsPerChunk;
        Threads.parallelFor(chunks, c -> {
            int end = Math.min(rows, (c + 1) * rowsPerChunk);
            for (int r = c * rowsPerChunk; r < end; r++) layerNormRow(x, r * cols, cols, w, b, eps);
        });
    }

    private static void layerNormRow(float[] x, int o, int cols, float[] w, float[] b, float eps) {
        double mean = sum(x, o, cols) / cols;
        float m = (float) mean;
        float inv = (float) (1.0 / Math.sqrt(sumSquaredDeviations(x, o, cols, m) / cols + eps));
        for (int c = 0; c < cols; c += L) {
            VectorMask<Float> mask = S.indexInRange(c, cols);
            FloatVector v = FloatVector.fromArray(S, x, o + c, mask).sub(m).mul(inv);
            v.fma(FloatVector.fromArray(S, w, c, mask), FloatVector.fromArray(S, b, c, mask)).intoArray(x, o + c, mask);
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

    /** GroupNorm with one group per channel: each channel of x [t, c] normalised over time; w and b [c]. */
    public static void groupNormPerChannel(float[] x, int t, int c, float[] w, float[] b, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.groupNormPerChannel(x, t, c, w, b, eps);
            return;
        }
        int colsPerChunk = Math.max(L, (c / Threads.count() + L - 1) / L * L);
        int chunks = (c + colsPerChunk - 1) / colsPerChunk;
        Threads.parallelFor(chunks, k -> groupNormColumns(x, t, c, k * colsPerChunk, Math.min(c, (k + 1) * colsPerChunk), w, b, eps));
    }

    /** Channels [c0, c1) of x [t, c]: two passes over time for the statistics, one to normalise. */
    private static void groupNormColumns(float[] x, int t, int c, int c0, int c1, float[] w, float[] b, float eps) {
        int n = c1 - c0;
        double[] total = new double[n];
        float[] run = new float[n];
        float[] mean = new float[n];
        columnSums(x, t, c, c0, n, null, run, total);
        for (int j = 0; j < n; j++) mean[j] = (float) (total[j] / t);
        columnSums(x, t, c, c0, n, mean, run, total);
        float[] scale = new float[n];
        float[] shift = new float[n];
        for (int j = 0; j < n; j++) {
            scale[j] = (float) (1.0 / Math.sqrt(total[j] / t + eps)) * w[c0 + j];
            shift[j] = b[c0 + j] - mean[j] * scale[j];
        }
        for (int i = 0; i < t; i++) {
            int o = i * c + c0;
            for (int j = 0; j < n; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector.fromArray(S, x, o + j, mask)
                        .fma(FloatVector.fromArray(S, scale, j, mask), FloatVector.fromArray(S, shift, j, mask))
                        .intoArray(x, o + j, mask);
            }
        }
    }

    /**
     * total[j] = Σ_i x[i, c0 + j] (mean == null) or Σ_i (x[i, c0 + j] − mean[j])², accumulated in float
     * over runs of RUN frames, each run added into the double total.
     */
    private static void columnSums(float[] x, int t, int c, int c0, int n, float[] mean, float[] run, double[] total) {
        java.util.Arrays.fill(total, 0);
        for (int r = 0; r < t; r += RUN) {
            java.util.Arrays.fill(run, 0f);
            int end = Math.min(t, r + RUN);
            for (int i = r; i < end; i++) {
                int o = i * c + c0;
                for (int j = 0; j < n; j += L) {
                    VectorMask<Float> mask = S.indexInRange(j, n);
                    FloatVector v = FloatVector.fromArray(S, x, o + j, mask);
                    FloatVector acc = FloatVector.fromArray(S, run, j, mask);
                    if (mean != null) {
                        v = v.sub(FloatVector.fromArray(S, mean, j, mask));
                        acc = v.fma(v, acc);
                    } else {
                        acc = acc.add(v);
                    }
                    acc.intoArray(run, j, mask);
                }
            }
            for (int j = 0; j < n; j++) total[j] += run[j];
        }
    }

    /** LayerNorm over all n values at once, no affine (SpeechBrain's output norm, HF's waveform normalisation). */
    public static void layerNormAll(float[] x, int n, float eps) {
        if (!Simd.ENABLED) {
            ScalarNorms.layerNormAll(x, n, eps);
            return;
        }
        double mean = sum(x, 0, n) / n;
        float m = (float) mean;
        double inv = 1.0 / Math.sqrt(sumSquaredDeviations(x, 0, n, m) / n + eps);
        float invF = (float) inv;
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> mask = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, i, mask).sub(m).mul(invF).intoArray(x, i, mask);
        }
    }
}
