package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.voicebarometer.engine.kernels.reference.ScalarAttention;

/**
 * Multi-head scaled dot-product attention over one utterance: {@code softmax(q·kᵀ/√d)·v} per head,
 * heads being contiguous column slices of width d. q, k, v and out are [t, heads·d].
 *
 * <p>Fused, with an online softmax (FlashAttention's recurrence): a block of {@link #QB} queries of one
 * head meets the keys in blocks of {@link #KB}; each block's scores update a running maximum, sum and
 * output accumulator, so memory is linear in t (no t × t score matrix). Keys are transposed once per
 * call to [head, d, t] so that score lanes map to keys (broadcast q, load kᵀ, FMA), and the value
 * product broadcasts probabilities against rows of v; neither reduces across lanes.
 */
public final class Attention {
    private Attention() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Queries per block: the score tile keeps one accumulator per query. */
    private static final int QB = 8;
    /** Keys per block (a multiple of every vector length). */
    private static final int KB = 256;

    /** Per-thread scratch, grown on demand and reused across calls. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final float[] scores = new float[QB * KB];
        final float[] max = new float[QB];
        final float[] sum = new float[QB];
        float[] acc = new float[0]; // (QB, headDim)

        float[] acc(int headDim) {
            if (acc.length < QB * headDim) acc = new float[QB * headDim];
            return acc;
        }
    }

    public static void forward(float[] q, float[] k, float[] v, int t, int heads, int headDim, float[] out) {
        if (!Simd.ENABLED) {
            ScalarAttention.forward(q, k, v, t, heads, headDim, out);
            return;
        }
        if (t == 0) return;
        int h = heads * headDim;
        int tPad = (t + 2 * L - 1) / (2 * L) * (2 * L); // whole pairs of key vectors
        float[] kT = new float[Math.multiplyExact(h, tPad)]; // (heads, headDim, tPad), zero padded
        Threads.parallelFor(heads, head -> {
            int base = head * headDim;
            for (int j = 0; j < t; j++) {
                int src = j * h + base;
                for (int d = 0; d < headDim; d++) kT[(base + d) * tPad + j] = k[src + d];
            }
        });
        int queryBlocks = (t + QB - 1) / QB;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        Threads.parallelFor(heads * queryBlocks, u -> {
            int head = u / queryBlocks;
            int i0 = (u % queryBlocks) * QB;
            queryBlock(q, kT, v, t, tPad, h, head * headDim, headDim, i0, Math.min(t, i0 + QB), scale, out, SCRATCH.get());
        });
    }

    /** Queries [i0, i1) of the head whose columns start at col, against all t keys. */
    private static void queryBlock(float[] q, float[] kT, float[] v, int t, int tPad, int h, int col, int headDim,
                                   int i0, int i1, float scale, float[] out, Scratch s) {
        int rows = i1 - i0;
        float[] scores = s.scores, max = s.max, sum = s.sum, acc = s.acc(headDim);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(sum, 0f);
        java.util.Arrays.fill(acc, 0, QB * headDim, 0f);
        // Rows past i1 repeat the last query so the tile keeps its shape; their results are dropped.
        int q0 = i0 * h + col;
        int q1 = Math.min(i0 + 1, i1 - 1) * h + col, q2 = Math.min(i0 + 2, i1 - 1) * h + col;
        int q3 = Math.min(i0 + 3, i1 - 1) * h + col, q4 = Math.min(i0 + 4, i1 - 1) * h + col;
        int q5 = Math.min(i0 + 5, i1 - 1) * h + col, q6 = Math.min(i0 + 6, i1 - 1) * h + col;
        int q7 = Math.min(i0 + 7, i1 - 1) * h + col;
        for (int j0 = 0; j0 < t; j0 += KB) {
            int keys = Math.min(KB, t - j0);
            // Two key vectors per pass: 16 accumulators, each broadcast of q feeding two FMAs.
            for (int jv = 0; jv < keys; jv += 2 * L) {
                FloatVector s00 = FloatVector.zero(S), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00, s30 = s00, s31 = s00;
                FloatVector s40 = s00, s41 = s00, s50 = s00, s51 = s00, s60 = s00, s61 = s00, s70 = s00, s71 = s00;
                for (int d = 0, ko = col * tPad + j0 + jv; d < headDim; d++, ko += tPad) {
                    FloatVector k0 = FloatVector.fromArray(S, kT, ko);
                    FloatVector k1 = FloatVector.fromArray(S, kT, ko + L);
                    FloatVector x = FloatVector.broadcast(S, q[q0 + d]);
                    s00 = k0.fma(x, s00);
                    s01 = k1.fma(x, s01);
                    x = FloatVector.broadcast(S, q[q1 + d]);
                    s10 = k0.fma(x, s10);
                    s11 = k1.fma(x, s11);
                    x = FloatVector.broadcast(S, q[q2 + d]);
                    s20 = k0.fma(x, s20);
                    s21 = k1.fma(x, s21);
                    x = FloatVector.broadcast(S, q[q3 + d]);
                    s30 = k0.fma(x, s30);
                    s31 = k1.fma(x, s31);
                    x = FloatVector.broadcast(S, q[q4 + d]);
                    s40 = k0.fma(x, s40);
                    s41 = k1.fma(x, s41);
                    x = FloatVector.broadcast(S, q[q5 + d]);
                    s50 = k0.fma(x, s50);
                    s51 = k1.fma(x, s51);
                    x = FloatVector.broadcast(S, q[q6 + d]);
                    s60 = k0.fma(x, s60);
                    s61 = k1.fma(x, s61);
                    x = FloatVector.broadcast(S, q[q7 + d]);
                    s70 = k0.fma(x, s70);
                    s71 = k1.fma(x, s71);
                }
                s00.mul(scale).intoArray(scores, jv);
                s01.mul(scale).intoArray(scores, jv + L);
                s10.mul(scale).intoArray(scores, KB + jv);
                s11.mul(scale).intoArray(scores, KB + jv + L);
                s20.mul(scale).intoArray(scores, 2 * KB + jv);
                s21.mul(scale).intoArray(scores, 2 * KB + jv + L);
                s30.mul(scale).intoArray(scores, 3 * KB + jv);
                s31.mul(scale).intoArray(scores, 3 * KB + jv + L);
                s40.mul(scale).intoArray(scores, 4 * KB + jv);
                s41.mul(scale).intoArray(scores, 4 * KB + jv + L);
                s50.mul(scale).intoArray(scores, 5 * KB + jv);
                s51.mul(scale).intoArray(scores, 5 * KB + jv + L);
                s60.mul(scale).intoArray(scores, 6 * KB + jv);
                s61.mul(scale).intoArray(scores, 6 * KB + jv + L);
                s70.mul(scale).intoArray(scores, 7 * KB + jv);
                s71.mul(scale).intoArray(scores, 7 * KB + jv + L);
            }
            for (int r = 0; r < rows; r++) softmaxStep(scores, r * KB, keys, max, sum, r, acc, r * headDim, headDim);
            accumulateValues(scores, v, j0, keys, h, col, headDim, rows, acc);
        }
        for (int r = 0; r < rows; r++) {
            float inv = 1f / sum[r];
            int o = (i0 + r) * h + col;
            for (int d = 0; d < headDim; d += L) {
                VectorMask<Float> m = S.indexInRange(d, headDim);
                FloatVector.fromArray(S, acc, r * headDim + d, m).mul(inv).intoArray(out, o + d, m);
            }
        }
    }

    /**
     * Turns one row of scores into exp(score − new max) in place, rescaling the row's running sum and
     * output. The row is padded to whole vectors with −∞ (exp gives 1e-38 there; the value product never
     * reads it), so no lane needs a mask or blend, which C2 left unintrinsified here.
     */
    private static void softmaxStep(float[] scores, int so, int keys, float[] max, float[] sum, int r,
                                    float[] acc, int ao, int headDim) {
        int padded = (keys + L - 1) / L * L;
        for (int j = keys; j < padded; j++) scores[so + j] = Float.NEGATIVE_INFINITY;
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < padded; j += L) mv = mv.max(FloatVector.fromArray(S, scores, so + j));
        float newMax = Math.max(max[r], mv.reduceLanes(VectorOperators.MAX));
        float alpha = (float) StrictMath.exp(max[r] - newMax);
        max[r] = newMax;
        FloatVector total = FloatVector.zero(S);
        for (int j = 0; j < padded; j += L) {
            FloatVector p = VectorMath.exp(FloatVector.fromArray(S, scores, so + j).sub(newMax));
            total = total.add(p);
            p.intoArray(scores, so + j);
        }
        // The padding adds 1e-38 per lane: below the resolution of a sum that holds exp(0) = 1.
        sum[r] = sum[r] * alpha + VectorMath.sumLanes(total);
        if (alpha != 1f) {
            for (int d = 0; d < headDim; d += L) {
                VectorMask<Float> m = S.indexInRange(d, headDim);
                FloatVector.fromArray(S, acc, ao + d, m).mul(alpha).intoArray(acc, ao + d, m);
            }
        }
    }

    /**
     * acc[r, :] += Σ_j p[r, j]·v[j0 + j, col ..] for the block's keys: four query rows × two vectors of
     * the head's columns per pass (eight accumulators; a missing second vector is masked off).
     */
    private static void accumulateValues(float[] p, float[] v, int j0, int keys, int h, int col, int headDim,
                                         int rows, float[] acc) {
        for (int r = 0; r < rows; r += 4) {
            // Rows past the block repeat its last row so the tile keeps its shape; they are stored first
            // and overwritten by the real row.
            int r1 = Math.min(r + 1, rows - 1), r2 = Math.min(r + 2, rows - 1), r3 = Math.min(r + 3, rows - 1);
            int p0 = r * KB, p1 = r1 * KB, p2 = r2 * KB, p3 = r3 * KB;
            for (int d = 0; d < headDim; d += 2 * L) {
                VectorMask<Float> m0 = S.indexInRange(d, headDim), m1 = S.indexInRange(d + L, headDim);
                int o0 = r * headDim + d, o1 = r1 * headDim + d, o2 = r2 * headDim + d, o3 = r3 * headDim + d;
                FloatVector a00 = FloatVector.fromArray(S, acc, o0, m0), a01 = FloatVector.fromArray(S, acc, o0 + L, m1);
                FloatVector a10 = FloatVector.fromArray(S, acc, o1, m0), a11 = FloatVector.fromArray(S, acc, o1 + L, m1);
                FloatVector a20 = FloatVector.fromArray(S, acc, o2, m0), a21 = FloatVector.fromArray(S, acc, o2 + L, m1);
                FloatVector a30 = FloatVector.fromArray(S, acc, o3, m0), a31 = FloatVector.fromArray(S, acc, o3 + L, m1);
                for (int j = 0, vo = j0 * h + col + d; j < keys; j++, vo += h) {
                    FloatVector v0 = FloatVector.fromArray(S, v, vo, m0);
                    FloatVector v1 = FloatVector.fromArray(S, v, vo + L, m1);
                    FloatVector x = FloatVector.broadcast(S, p[p0 + j]);
                    a00 = v0.fma(x, a00);
                    a01 = v1.fma(x, a01);
                    x = FloatVector.broadcast(S, p[p1 + j]);
                    a10 = v0.fma(x, a10);
                    a11 = v1.fma(x, a11);
                    x = FloatVector.broadcast(S, p[p2 + j]);
                    a20 = v0.fma(x, a20);
                    a21 = v1.fma(x, a21);
                    x = FloatVector.broadcast(S, p[p3 + j]);
                    a30 = v0.fma(x, a30);
                    a31 = v1.fma(x, a31);
                }
                a30.intoArray(acc, o3, m0);
                a31.intoArray(acc, o3 + L, m1);
                a20.intoArray(acc, o2, m0);
                a21.intoArray(acc, o2 + L, m1);
                a10.intoArray(acc, o1, m0);
                a11.intoArray(acc, o1 + L, m1);
                a00.intoArray(acc, o0, m0);
                a01.intoArray(acc, o0 + L, m1);
            }
        }
    }
}
