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
        int tPad = (t + L - 1) / L * L;
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
            for (int jv = 0; jv < keys; jv += L) {
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
                for (int d = 0, ko = col * tPad + j0 + jv; d < headDim; d++, ko += tPad) {
                    FloatVector kv = FloatVector.fromArray(S, kT, ko);
                    s0 = kv.fma(FloatVector.broadcast(S, q[q0 + d]), s0);
                    s1 = kv.fma(FloatVector.broadcast(S, q[q1 + d]), s1);
                    s2 = kv.fma(FloatVector.broadcast(S, q[q2 + d]), s2);
                    s3 = kv.fma(FloatVector.broadcast(S, q[q3 + d]), s3);
                    s4 = kv.fma(FloatVector.broadcast(S, q[q4 + d]), s4);
                    s5 = kv.fma(FloatVector.broadcast(S, q[q5 + d]), s5);
                    s6 = kv.fma(FloatVector.broadcast(S, q[q6 + d]), s6);
                    s7 = kv.fma(FloatVector.broadcast(S, q[q7 + d]), s7);
                }
                s0.mul(scale).intoArray(scores, jv);
                s1.mul(scale).intoArray(scores, KB + jv);
                s2.mul(scale).intoArray(scores, 2 * KB + jv);
                s3.mul(scale).intoArray(scores, 3 * KB + jv);
                s4.mul(scale).intoArray(scores, 4 * KB + jv);
                s5.mul(scale).intoArray(scores, 5 * KB + jv);
                s6.mul(scale).intoArray(scores, 6 * KB + jv);
                s7.mul(scale).intoArray(scores, 7 * KB + jv);
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

    /** Turns one row of scores into exp(score − new max) in place, rescaling the row's running sum and output. */
    private static void softmaxStep(float[] scores, int so, int keys, float[] max, float[] sum, int r,
                                    float[] acc, int ao, int headDim) {
        FloatVector mv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < keys; j += L) {
            mv = mv.max(FloatVector.fromArray(S, scores, so + j, S.indexInRange(j, keys)).blend(Float.NEGATIVE_INFINITY, S.indexInRange(j, keys).not()));
        }
        float newMax = Math.max(max[r], mv.reduceLanes(VectorOperators.MAX));
        float alpha = (float) StrictMath.exp(max[r] - newMax);
        max[r] = newMax;
        FloatVector total = FloatVector.zero(S);
        for (int j = 0; j < keys; j += L) {
            VectorMask<Float> m = S.indexInRange(j, keys);
            FloatVector p = VectorMath.exp(FloatVector.fromArray(S, scores, so + j, m).sub(newMax));
            p = p.blend(0f, m.not());
            total = total.add(p);
            p.intoArray(scores, so + j);
        }
        sum[r] = sum[r] * alpha + VectorMath.sumLanes(total);
        if (alpha != 1f) {
            for (int d = 0; d < headDim; d += L) {
                VectorMask<Float> m = S.indexInRange(d, headDim);
                FloatVector.fromArray(S, acc, ao + d, m).mul(alpha).intoArray(acc, ao + d, m);
            }
        }
    }

    /** acc[r, :] += Σ_j p[r, j]·v[j0 + j, col ..] for the block's keys, four query rows per pass. */
    private static void accumulateValues(float[] p, float[] v, int j0, int keys, int h, int col, int headDim,
                                         int rows, float[] acc) {
        for (int r = 0; r < rows; r += 4) {
            // Rows past the block repeat its last row so the tile keeps its shape; they are not stored.
            int r1 = Math.min(r + 1, rows - 1), r2 = Math.min(r + 2, rows - 1), r3 = Math.min(r + 3, rows - 1);
            for (int d = 0; d < headDim; d += L) {
                VectorMask<Float> m = S.indexInRange(d, headDim);
                FloatVector a0 = FloatVector.fromArray(S, acc, r * headDim + d, m);
                FloatVector a1 = FloatVector.fromArray(S, acc, r1 * headDim + d, m);
                FloatVector a2 = FloatVector.fromArray(S, acc, r2 * headDim + d, m);
                FloatVector a3 = FloatVector.fromArray(S, acc, r3 * headDim + d, m);
                int p0 = r * KB, p1 = r1 * KB, p2 = r2 * KB, p3 = r3 * KB;
                for (int j = 0, vo = j0 * h + col + d; j < keys; j++, vo += h) {
                    FloatVector vv = FloatVector.fromArray(S, v, vo, m);
                    a0 = vv.fma(FloatVector.broadcast(S, p[p0 + j]), a0);
                    a1 = vv.fma(FloatVector.broadcast(S, p[p1 + j]), a1);
                    a2 = vv.fma(FloatVector.broadcast(S, p[p2 + j]), a2);
                    a3 = vv.fma(FloatVector.broadcast(S, p[p3 + j]), a3);
                }
                // Stored last to first so a repeated row ends with the value of the real one.
                a3.intoArray(acc, r3 * headDim + d, m);
                a2.intoArray(acc, r2 * headDim + d, m);
                a1.intoArray(acc, r1 * headDim + d, m);
                a0.intoArray(acc, r * headDim + d, m);
            }
        }
    }
}
