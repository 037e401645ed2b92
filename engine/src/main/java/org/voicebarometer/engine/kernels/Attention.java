package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.voicebarometer.engine.kernels.reference.ScalarAttention;

/**
 * Multi-head scaled dot-product attention over one utterance: {@code softmax(q·kᵀ/√d)·v} per head,
 * heads being contiguous column slices of width d. q, k, v and out are [t, heads·d].
 *
 * <p>Fused, with an online softmax (FlashAttention's recurrence): a block of {@link #QB} queries of one
 * head meets the keys in blocks of {@link #KB}; each block's scores update a running maximum, sum and
 * output accumulator, so memory is linear in t (no t × t score matrix).
 *
 * <p>Both products are register-tiled like {@link PackedGemm}: an {@link #MR} × 4-vector block of
 * results stays in registers while one operand is broadcast and the other loaded contiguously. For
 * that, {@link #pack} lays k out per head in panels of {@link #NR} keys, [d][NR] (score lanes map to keys),
 * and v per head into rows padded to whole tiles of columns (output lanes map to head columns).
 * Neither product reduces across lanes.
 */
public final class Attention {
    private Attention() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Queries per micro-tile: 6 rows × 4 vectors = 24 accumulators, leaving registers for 4 loads and a broadcast. */
    private static final int MR = 6;
    /** Keys per panel of kᵀ, and head columns per tile of v: four vectors. */
    private static final int NR = 4 * L;
    /** Queries per work unit: a key block is read from cache once for all of them. */
    private static final int QB = 4 * MR;
    /** Keys per block: a block of packed k or v (KB × 64 floats) stays in L1 while the unit's micro-tiles pass over it. */
    private static final int KB = 128;
    /** Row slots of the per-row softmax state, whole vectors so that the rescale factors are computed as vectors. */
    private static final int QBV = (QB + L - 1) / L * L;

    /** Per-thread scratch of the query tiles, grown on demand and reused across calls. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final float[] scores = new float[QB * KB]; // (QB, KB): scores, then probabilities
        final float[] max = new float[QBV];         // running maximum per row
        final float[] shift = new float[QBV];       // old − new maximum per row, then its exp
        final float[] sum = new float[QB * L];      // running sum per row, kept as a vector of partial sums
        final int[] query = new int[QB];            // offset of each row's query in q
        float[] acc = new float[0];                 // (QB, dPad): unnormalised output rows
        /** The packed k and v of {@link #forward} calls made on this thread. */
        final KeysValues keysValues = new KeysValues();

        float[] acc(int dPad) {
            if (acc.length < QB * dPad) acc = new float[QB * dPad];
            return acc;
        }
    }

    /**
     * The keys and values of one utterance in the layout the query tiles read (see the class comment),
     * filled by {@link #pack} and read by {@link #attendOnCaller}. A copy: k and v may be overwritten once
     * packed. Grown on demand, reused across calls; one per concurrent caller.
     */
    public static final class KeysValues {
        private float[] k = new float[0];   // (heads, panels, d, NR); the scalar path: k as given, [t, heads·d]
        private float[] v = new float[0];   // (heads, t, dPad); the scalar path: v as given
        private final int[] keyRows = new int[L]; // gather offsets of L consecutive rows of k
        private int t, heads, headDim, dPad, kHead, vHead;
    }

    /** Packs k and v [t, heads·d] into kv, one head per pool chunk. */
    public static void pack(float[] k, float[] v, int t, int heads, int headDim, KeysValues kv) {
        int h = heads * headDim;
        kv.t = t;
        kv.heads = heads;
        kv.headDim = headDim;
        if (!Simd.ENABLED) {
            int n = Math.multiplyExact(t, h);
            if (kv.k.length < n) {
                kv.k = new float[n];
                kv.v = new float[n];
            }
            System.arraycopy(k, 0, kv.k, 0, n);
            System.arraycopy(v, 0, kv.v, 0, n);
            return;
        }
        int panels = (t + NR - 1) / NR;
        int dPad = (headDim + NR - 1) / NR * NR;
        int kHead = Math.multiplyExact(panels * NR, headDim), vHead = Math.multiplyExact(t, dPad); // floats per head
        if (kv.k.length < (long) heads * kHead) kv.k = new float[Math.multiplyExact(heads, kHead)];
        if (kv.v.length < (long) heads * vHead) kv.v = new float[Math.multiplyExact(heads, vHead)];
        kv.dPad = dPad;
        kv.kHead = kHead;
        kv.vHead = vHead;
        float[] kT = kv.k, vP = kv.v;
        int[] keyRows = kv.keyRows;
        for (int i = 0; i < L; i++) keyRows[i] = i * h;
        Threads.parallelFor(heads, head -> pack(k, v, t, h, head * headDim, headDim, kT, head * kHead, keyRows, vP, head * vHead, dPad));
    }

    /**
     * out rows = attention of the queries q[r0, r1) (all heads) over all packed keys, on the calling thread;
     * query row i goes to out at outOff + (i − r0)·heads·d. Each row's result does not depend on which
     * rows it is computed with.
     */
    public static void attendOnCaller(float[] q, KeysValues kv, int r0, int r1, float[] out, int outOff) {
        int t = kv.t, heads = kv.heads, headDim = kv.headDim, h = heads * headDim;
        if (!Simd.ENABLED) {
            ScalarAttention.forward(q, kv.k, kv.v, t, heads, headDim, r0, r1, out, outOff);
            return;
        }
        float scale = (float) (1.0 / Math.sqrt(headDim));
        Scratch s = SCRATCH.get();
        for (int head = 0; head < heads; head++) {
            for (int i0 = r0; i0 < r1; i0 += QB) {
                queryBlock(q, kv.k, head * kv.kHead, kv.v, head * kv.vHead, t, h, head * headDim, headDim, kv.dPad,
                        i0, Math.min(r1, i0 + QB), scale, out, outOff + (i0 - r0) * h, s);
            }
        }
    }

    /** out [t, heads·d] = attention over q, k, v [t, heads·d], on the pool: one chunk per block of queries of one head. */
    public static void forward(float[] q, float[] k, float[] v, int t, int heads, int headDim, float[] out) {
        if (t == 0) return;
        KeysValues kv = SCRATCH.get().keysValues;
        pack(k, v, t, heads, headDim, kv);
        if (!Simd.ENABLED) {
            attendOnCaller(q, kv, 0, t, out, 0);
            return;
        }
        int h = heads * headDim;
        int queryBlocks = (t + QB - 1) / QB;
        float scale = (float) (1.0 / Math.sqrt(headDim));
        Threads.parallelFor(heads * queryBlocks, u -> {
            int head = u / queryBlocks;
            int i0 = (u % queryBlocks) * QB;
            queryBlock(q, kv.k, head * kv.kHead, kv.v, head * kv.vHead, t, h, head * headDim, headDim, kv.dPad,
                    i0, Math.min(t, i0 + QB), scale, out, i0 * h, SCRATCH.get());
        });
    }

    /**
     * Packs one head (columns [col, col + headDim)): k into panels of NR keys, [d][NR], at kOff, keys past
     * t zero; v into rows of dPad, columns past headDim zero, at vOff. Whole panels are read by gathers
     * (lane i from row i, offsets keyRows) so that every store is a contiguous vector.
     */
    private static void pack(float[] k, float[] v, int t, int h, int col, int headDim, float[] kT, int kOff,
                             int[] keyRows, float[] vP, int vOff, int dPad) {
        int whole = t / NR;
        for (int p = 0; p < whole; p++) {
            for (int d = 0, dst = kOff + p * headDim * NR; d < headDim; d++, dst += NR) {
                for (int b = 0; b < NR; b += L) {
                    FloatVector.fromArray(S, k, (p * NR + b) * h + col + d, keyRows, 0).intoArray(kT, dst + b);
                }
            }
        }
        if (whole * NR < t) {
            int base = kOff + whole * headDim * NR;
            java.util.Arrays.fill(kT, base, base + headDim * NR, 0f);
            for (int j = whole * NR; j < t; j++) {
                for (int d = 0; d < headDim; d++) kT[base + d * NR + j % NR] = k[j * h + col + d];
            }
        }
        int vectors = headDim / L * L; // the rest of each row is copied by scalars, then zero padded
        for (int j = 0; j < t; j++) {
            int src = j * h + col, dst = vOff + j * dPad, d = 0;
            for (; d < vectors; d += L) FloatVector.fromArray(S, v, src + d).intoArray(vP, dst + d);
            for (; d < headDim; d++) vP[dst + d] = v[src + d];
            for (; d < dPad; d++) vP[dst + d] = 0f;
        }
    }

    /**
     * Queries [i0, i1) of the head whose columns start at col, against all t keys (its packed k at kOff,
     * v at vOff), into out from outOff (row i0, column 0). Rows past i1 repeat the last query so that every
     * micro-tile is whole; they are dropped.
     */
    private static void queryBlock(float[] q, float[] kT, int kOff, float[] vP, int vOff, int t, int h, int col,
                                   int headDim, int dPad, int i0, int i1, float scale, float[] out, int outOff, Scratch s) {
        float[] scores = s.scores, acc = s.acc(dPad);
        java.util.Arrays.fill(s.max, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(s.sum, 0f);
        java.util.Arrays.fill(acc, 0, QB * dPad, 0f);
        int[] qo = s.query;
        for (int r = 0; r < QB; r++) qo[r] = Math.min(i0 + r, i1 - 1) * h + col;
        for (int j0 = 0; j0 < t; j0 += KB) {
            int keys = Math.min(KB, t - j0);
            for (int r = 0; r < QB; r += MR) {
                for (int j = 0; j < keys; j += NR) {
                    scoreTile(q, qo[r], qo[r + 1], qo[r + 2], qo[r + 3], qo[r + 4], qo[r + 5],
                            kT, kOff + (j0 + j) * headDim, headDim, scale, scores, r * KB + j);
                }
            }
            softmaxStep(s, keys, acc, dPad);
            for (int r = 0; r < QB; r += MR) {
                for (int c = 0; c < dPad; c += NR) {
                    valueTile(scores, r * KB, keys, vP, vOff + j0 * dPad + c, dPad, acc, r * dPad + c);
                }
            }
        }
        for (int r = 0; r < i1 - i0; r++) {
            float sum = 0f; // the partial sums in lane order, whatever the JIT does
            for (int i = 0; i < L; i++) sum += s.sum[r * L + i];
            float inv = 1f / sum;
            int o = outOff + r * h + col, a = r * dPad, d = 0;
            // Whole vectors, then a scalar tail: masked stores were left unintrinsified here.
            for (; d + L <= headDim; d += L) FloatVector.fromArray(S, acc, a + d).mul(inv).intoArray(out, o + d);
            for (; d < headDim; d++) out[o + d] = acc[a + d] * inv;
        }
    }

    /**
     * scores[so + r·KB + j] = scale · q_r · k_j for the micro-tile's MR queries (at q0..q5) and the NR keys
     * of the panel at ko. Keys past t are zero in the panel and score 0; the softmax masks them.
     */
    private static void scoreTile(float[] q, int q0, int q1, int q2, int q3, int q4, int q5, float[] kT, int ko,
                                  int headDim, float scale, float[] scores, int so) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c43 = c00, c50 = c00, c51 = c00, c52 = c00, c53 = c00;
        for (int d = 0; d < headDim; d++, ko += NR) {
            FloatVector k0 = FloatVector.fromArray(S, kT, ko);
            FloatVector k1 = FloatVector.fromArray(S, kT, ko + L);
            FloatVector k2 = FloatVector.fromArray(S, kT, ko + 2 * L);
            FloatVector k3 = FloatVector.fromArray(S, kT, ko + 3 * L);
            FloatVector x = FloatVector.broadcast(S, q[q0 + d]);
            c00 = k0.fma(x, c00);
            c01 = k1.fma(x, c01);
            c02 = k2.fma(x, c02);
            c03 = k3.fma(x, c03);
            x = FloatVector.broadcast(S, q[q1 + d]);
            c10 = k0.fma(x, c10);
            c11 = k1.fma(x, c11);
            c12 = k2.fma(x, c12);
            c13 = k3.fma(x, c13);
            x = FloatVector.broadcast(S, q[q2 + d]);
            c20 = k0.fma(x, c20);
            c21 = k1.fma(x, c21);
            c22 = k2.fma(x, c22);
            c23 = k3.fma(x, c23);
            x = FloatVector.broadcast(S, q[q3 + d]);
            c30 = k0.fma(x, c30);
            c31 = k1.fma(x, c31);
            c32 = k2.fma(x, c32);
            c33 = k3.fma(x, c33);
            x = FloatVector.broadcast(S, q[q4 + d]);
            c40 = k0.fma(x, c40);
            c41 = k1.fma(x, c41);
            c42 = k2.fma(x, c42);
            c43 = k3.fma(x, c43);
            x = FloatVector.broadcast(S, q[q5 + d]);
            c50 = k0.fma(x, c50);
            c51 = k1.fma(x, c51);
            c52 = k2.fma(x, c52);
            c53 = k3.fma(x, c53);
        }
        c00.mul(scale).intoArray(scores, so);
        c01.mul(scale).intoArray(scores, so + L);
        c02.mul(scale).intoArray(scores, so + 2 * L);
        c03.mul(scale).intoArray(scores, so + 3 * L);
        so += KB;
        c10.mul(scale).intoArray(scores, so);
        c11.mul(scale).intoArray(scores, so + L);
        c12.mul(scale).intoArray(scores, so + 2 * L);
        c13.mul(scale).intoArray(scores, so + 3 * L);
        so += KB;
        c20.mul(scale).intoArray(scores, so);
        c21.mul(scale).intoArray(scores, so + L);
        c22.mul(scale).intoArray(scores, so + 2 * L);
        c23.mul(scale).intoArray(scores, so + 3 * L);
        so += KB;
        c30.mul(scale).intoArray(scores, so);
        c31.mul(scale).intoArray(scores, so + L);
        c32.mul(scale).intoArray(scores, so + 2 * L);
        c33.mul(scale).intoArray(scores, so + 3 * L);
        so += KB;
        c40.mul(scale).intoArray(scores, so);
        c41.mul(scale).intoArray(scores, so + L);
        c42.mul(scale).intoArray(scores, so + 2 * L);
        c43.mul(scale).intoArray(scores, so + 3 * L);
        so += KB;
        c50.mul(scale).intoArray(scores, so);
        c51.mul(scale).intoArray(scores, so + L);
        c52.mul(scale).intoArray(scores, so + 2 * L);
        c53.mul(scale).intoArray(scores, so + 3 * L);
    }

    /**
     * Turns the block's QB rows of scores into exp(score − new row maximum) in place and rescales each
     * row's running sum and output by exp(old − new maximum). Scores past the block's keys are set to
     * −∞ (exp gives e^−86 there, and the value product never reads them), so no lane needs a mask or
     * blend, which C2 left unintrinsified here. The vector loops are separate methods: inlined together,
     * C2 hit its node limit and left an exp call out of line, boxing its vectors.
     */
    private static void softmaxStep(Scratch s, int keys, float[] acc, int dPad) {
        float[] scores = s.scores, max = s.max, shift = s.shift, sum = s.sum;
        int padded = (keys + L - 1) / L * L;
        for (int r = 0; r < QB; r++) {
            int so = r * KB;
            for (int j = keys; j < padded; j++) scores[so + j] = Float.NEGATIVE_INFINITY;
            float newMax = Math.max(max[r], rowMax(scores, so, padded));
            shift[r] = max[r] - newMax;
            max[r] = newMax;
        }
        // All rows' rescale factors at once (the first block's −∞ gives e^−86, against zeros).
        expInPlace(shift, QBV);
        for (int r = 0; r < QB; r++) {
            float alpha = shift[r];
            expRow(scores, r * KB, padded, max[r], sum, r * L, alpha);
            if (alpha != 1f) scale(acc, r * dPad, dPad, alpha);
        }
    }

    private static float rowMax(float[] a, int off, int n) {
        FloatVector m = FloatVector.fromArray(S, a, off);
        for (int j = L; j < n; j += L) m = m.max(FloatVector.fromArray(S, a, off + j));
        return m.reduceLanes(VectorOperators.MAX);
    }

    private static void expInPlace(float[] a, int n) {
        for (int i = 0; i < n; i += L) expNonPositive(FloatVector.fromArray(S, a, i)).intoArray(a, i);
    }

    /** a[off..off+n) = exp(a − max); the row's vector of partial sums becomes sum·alpha + Σ of them. */
    private static void expRow(float[] a, int off, int n, float max, float[] sum, int sumOff, float alpha) {
        FloatVector m = FloatVector.broadcast(S, max);
        FloatVector total = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            FloatVector p = expNonPositive(FloatVector.fromArray(S, a, off + j).sub(m));
            total = total.add(p);
            p.intoArray(a, off + j);
        }
        FloatVector.fromArray(S, sum, sumOff).mul(alpha).add(total).intoArray(sum, sumOff);
    }

    private static final float LOG2E = 1.44269504f;
    private static final float LN2 = 0.693147181f;
    private static final float ROUND = 12582912f; // 1.5·2^23: adding it rounds to an integer
    /** Arguments are clamped here: e^−86 is still a normal float, whereas a subnormal result would cost a microcode assist. */
    private static final float MIN_ARG = -86f;

    /**
     * e^x for x ≤ 0 (the softmax's arguments), 13 vector operations: x = n·ln2 + r with |r| ≤ ln2/2, e^r
     * by a degree-6 polynomial fitted for relative error (Horner, one FMA per step), times 2^n built as
     * the float (n + 127)·2^23 converted to the integer that is 2^n's bit pattern. Relative error at most
     * 1.3e-7 for x ≥ −20 and 3e-7 down to −86 (where the single-constant reduction n·ln2 loses a few
     * bits, on values below 1e-37), against ~1e-7 for {@link VectorMath#exp} at 24 operations: the exp is
     * most of the softmax, and the softmax the only part of attention that is not FMAs. Built from
     * IEEE-exact operations only, so results do not depend on the JIT.
     */
    private static FloatVector expNonPositive(FloatVector x) {
        FloatVector c = x.max(MIN_ARG);
        FloatVector n = c.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(S, -LN2), c);
        FloatVector p = r.fma(1.38368306e-3f, 8.37481581e-3f);
        p = p.fma(r, FloatVector.broadcast(S, 4.16682251e-2f));
        p = p.fma(r, FloatVector.broadcast(S, 1.66664198e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 4.99999911e-1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        p = p.fma(r, FloatVector.broadcast(S, 1f));
        FloatVector twoToN = ((IntVector) n.fma(0x1p23f, 127 * 0x1p23f).convert(VectorOperators.F2I, 0)).reinterpretAsFloats();
        return p.mul(twoToN);
    }

    private static void scale(float[] a, int off, int n, float factor) {
        for (int i = 0; i < n; i += L) FloatVector.fromArray(S, a, off + i).mul(factor).intoArray(a, off + i);
    }

    /**
     * acc[r, c..c+NR) += Σ_j p[r, j]·v[j, c..c+NR) over the block's keys for the micro-tile's MR rows
     * (probabilities at po, row stride KB; packed v rows at vo, stride dPad; outputs at ao, stride dPad).
     */
    private static void valueTile(float[] p, int po, int keys, float[] vP, int vo, int dPad, float[] acc, int ao) {
        int a1 = ao + dPad, a2 = a1 + dPad, a3 = a2 + dPad, a4 = a3 + dPad, a5 = a4 + dPad;
        FloatVector c00 = FloatVector.fromArray(S, acc, ao), c01 = FloatVector.fromArray(S, acc, ao + L);
        FloatVector c02 = FloatVector.fromArray(S, acc, ao + 2 * L), c03 = FloatVector.fromArray(S, acc, ao + 3 * L);
        FloatVector c10 = FloatVector.fromArray(S, acc, a1), c11 = FloatVector.fromArray(S, acc, a1 + L);
        FloatVector c12 = FloatVector.fromArray(S, acc, a1 + 2 * L), c13 = FloatVector.fromArray(S, acc, a1 + 3 * L);
        FloatVector c20 = FloatVector.fromArray(S, acc, a2), c21 = FloatVector.fromArray(S, acc, a2 + L);
        FloatVector c22 = FloatVector.fromArray(S, acc, a2 + 2 * L), c23 = FloatVector.fromArray(S, acc, a2 + 3 * L);
        FloatVector c30 = FloatVector.fromArray(S, acc, a3), c31 = FloatVector.fromArray(S, acc, a3 + L);
        FloatVector c32 = FloatVector.fromArray(S, acc, a3 + 2 * L), c33 = FloatVector.fromArray(S, acc, a3 + 3 * L);
        FloatVector c40 = FloatVector.fromArray(S, acc, a4), c41 = FloatVector.fromArray(S, acc, a4 + L);
        FloatVector c42 = FloatVector.fromArray(S, acc, a4 + 2 * L), c43 = FloatVector.fromArray(S, acc, a4 + 3 * L);
        FloatVector c50 = FloatVector.fromArray(S, acc, a5), c51 = FloatVector.fromArray(S, acc, a5 + L);
        FloatVector c52 = FloatVector.fromArray(S, acc, a5 + 2 * L), c53 = FloatVector.fromArray(S, acc, a5 + 3 * L);
        int p1 = po + KB, p2 = p1 + KB, p3 = p2 + KB, p4 = p3 + KB, p5 = p4 + KB;
        for (int j = 0; j < keys; j++, vo += dPad) {
            FloatVector v0 = FloatVector.fromArray(S, vP, vo);
            FloatVector v1 = FloatVector.fromArray(S, vP, vo + L);
            FloatVector v2 = FloatVector.fromArray(S, vP, vo + 2 * L);
            FloatVector v3 = FloatVector.fromArray(S, vP, vo + 3 * L);
            FloatVector x = FloatVector.broadcast(S, p[po + j]);
            c00 = v0.fma(x, c00);
            c01 = v1.fma(x, c01);
            c02 = v2.fma(x, c02);
            c03 = v3.fma(x, c03);
            x = FloatVector.broadcast(S, p[p1 + j]);
            c10 = v0.fma(x, c10);
            c11 = v1.fma(x, c11);
            c12 = v2.fma(x, c12);
            c13 = v3.fma(x, c13);
            x = FloatVector.broadcast(S, p[p2 + j]);
            c20 = v0.fma(x, c20);
            c21 = v1.fma(x, c21);
            c22 = v2.fma(x, c22);
            c23 = v3.fma(x, c23);
            x = FloatVector.broadcast(S, p[p3 + j]);
            c30 = v0.fma(x, c30);
            c31 = v1.fma(x, c31);
            c32 = v2.fma(x, c32);
            c33 = v3.fma(x, c33);
            x = FloatVector.broadcast(S, p[p4 + j]);
            c40 = v0.fma(x, c40);
            c41 = v1.fma(x, c41);
            c42 = v2.fma(x, c42);
            c43 = v3.fma(x, c43);
            x = FloatVector.broadcast(S, p[p5 + j]);
            c50 = v0.fma(x, c50);
            c51 = v1.fma(x, c51);
            c52 = v2.fma(x, c52);
            c53 = v3.fma(x, c53);
        }
        c00.intoArray(acc, ao);
        c01.intoArray(acc, ao + L);
        c02.intoArray(acc, ao + 2 * L);
        c03.intoArray(acc, ao + 3 * L);
        c10.intoArray(acc, a1);
        c11.intoArray(acc, a1 + L);
        c12.intoArray(acc, a1 + 2 * L);
        c13.intoArray(acc, a1 + 3 * L);
        c20.intoArray(acc, a2);
        c21.intoArray(acc, a2 + L);
        c22.intoArray(acc, a2 + 2 * L);
        c23.intoArray(acc, a2 + 3 * L);
        c30.intoArray(acc, a3);
        c31.intoArray(acc, a3 + L);
        c32.intoArray(acc, a3 + 2 * L);
        c33.intoArray(acc, a3 + 3 * L);
        c40.intoArray(acc, a4);
        c41.intoArray(acc, a4 + L);
        c42.intoArray(acc, a4 + 2 * L);
        c43.intoArray(acc, a4 + 3 * L);
        c50.intoArray(acc, a5);
        c51.intoArray(acc, a5 + L);
        c52.intoArray(acc, a5 + 2 * L);
        c53.intoArray(acc, a5 + 3 * L);
    }
}
