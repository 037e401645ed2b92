package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;
import org.voicebarometer.engine.kernels.reference.ScalarActivations;

/** Element-wise activations, in place on the first n values; large arrays are split over the kernel threads. */
public final class Activations {
    private Activations() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Below this many values a parallel split costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 15;
    private static final float SQRT1_2 = 0.70710678f;
    private static final float SQRT_2_OVER_PI = 0.7978845608f;

    @FunctionalInterface
    private interface Range {
        void apply(float[] x, int from, int to);
    }

    /** The exact GELU, 0.5·x·(1 + erf(x/√2)), as PyTorch's default. */
    public static void gelu(float[] x, int n) {
        if (!Simd.ENABLED) ScalarActivations.gelu(x, n);
        else split(x, n, Activations::geluRange);
    }

    /** The tanh GELU ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
    public static void geluTanh(float[] x, int n) {
        if (!Simd.ENABLED) ScalarActivations.geluTanh(x, n);
        else split(x, n, Activations::geluTanhRange);
    }

    public static void relu(float[] x, int n) {
        if (!Simd.ENABLED) ScalarActivations.relu(x, n);
        else split(x, n, Activations::reluRange);
    }

    public static void tanh(float[] x, int n) {
        if (!Simd.ENABLED) ScalarActivations.tanh(x, n);
        else split(x, n, Activations::tanhRange);
    }

    /** erf(x) to about 1e-16 relative, in double: the reference every GELU here is tested against. */
    public static double erf(double x) {
        return ScalarActivations.erf(x);
    }

    private static void split(float[] x, int n, Range range) {
        if (n < PARALLEL_MIN || Threads.count() == 1) {
            range.apply(x, 0, n);
            return;
        }
        int chunks = Threads.count();
        int per = (n / chunks + L - 1) / L * L;
        Threads.parallelFor(chunks, c -> range.apply(x, Math.min(n, c * per), c == chunks - 1 ? n : Math.min(n, (c + 1) * per)));
    }

    /**
     * GELU through erfc, which keeps full relative precision for negative x where 1 + erf(x) cancels:
     * x ≥ 0: x − ½x·erfc(x/√2); x &lt; 0: ½x·erfc(|x|/√2). erfc is the Chebyshev fit of Numerical Recipes
     * (fractional error below 1.2e-7 for all z ≥ 0): erfc(z) = t·exp(−z² + P(t)), t = 1/(1 + z/2). Measured
     * against the double reference: within 2e-6 relative, the worst in the far negative tail where GELU is
     * below 1e-5 (see ActivationsTest).
     */
    private static void geluRange(float[] x, int from, int to) {
        int i = from;
        for (; i + L <= to; i += L) gelu(FloatVector.fromArray(S, x, i)).intoArray(x, i);
        if (i < to) {
            VectorMask<Float> m = S.indexInRange(i, to);
            gelu(FloatVector.fromArray(S, x, i, m)).intoArray(x, i, m);
        }
    }

    private static FloatVector gelu(FloatVector v) {
        FloatVector z = v.abs().mul(SQRT1_2).min(10f); // erfc(10) = 2e-45: 0 in float, and z² stays finite
        FloatVector t = FloatVector.broadcast(S, 1f).div(z.mul(0.5f).add(1f));
        FloatVector p = t.mul(0.17087277f).add(-0.82215223f);
        p = p.mul(t).add(1.48851587f);
        p = p.mul(t).add(-1.13520398f);
        p = p.mul(t).add(0.27886807f);
        p = p.mul(t).add(-0.18628806f);
        p = p.mul(t).add(0.09678418f);
        p = p.mul(t).add(0.37409196f);
        p = p.mul(t).add(1.00002368f);
        p = p.mul(t).add(-1.26551223f);
        // exp(−z² + P) with z² split as zh² + (z − zh)(z + zh): zh keeps 12 significant bits, so zh² is
        // exact; the sum a + b = −zh² + tail is kept as hi + lo (Knuth's TwoSum) and exp(hi + lo) taken
        // as exp(hi)·(1 + lo). Rounding the argument would cost up to 1e-6 relative near z = 4. (One exp
        // call: with two, C2 stops inlining it and boxes the vectors.)
        FloatVector zh = z.reinterpretAsInts().and(0xFFFFF000).reinterpretAsFloats();
        FloatVector a = zh.mul(zh).neg();
        FloatVector b = p.sub(z.sub(zh).mul(z.add(zh)));
        FloatVector hi = a.add(b);
        FloatVector bv = hi.sub(a);
        FloatVector lo = a.sub(hi.sub(bv)).add(b.sub(bv));
        FloatVector erfc = t.mul(VectorMath.exp(hi)).mul(lo.add(1f));
        // q = ½·erfc(|x|/√2); x < 0: x·q; x ≥ 0: x·(1 − q) = x·q + x·(1 − 2q). Written without a blend.
        FloatVector q = erfc.mul(0.5f);
        return v.mul(q).add(v.max(0f).mul(q.mul(-2f).add(1f)));
    }

    private static void geluTanhRange(float[] x, int from, int to) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector inner = v.mul(v).mul(0.044715f).fma(v, v).mul(SQRT_2_OVER_PI);
            // ½(1 + tanh(u)) = 1 / (1 + e^(−2u)): no cancellation for negative x.
            v.div(VectorMath.exp(inner.mul(-2f)).add(1f)).intoArray(x, i, m);
        }
    }

    private static void reluRange(float[] x, int from, int to) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            FloatVector.fromArray(S, x, i, m).max(0f).intoArray(x, i, m);
        }
    }

    private static void tanhRange(float[] x, int from, int to) {
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            VectorMath.tanh(FloatVector.fromArray(S, x, i, m)).intoArray(x, i, m);
        }
    }
}
