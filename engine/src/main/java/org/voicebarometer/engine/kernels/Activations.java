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
    /**
     * Values per parallel chunk (~45 µs of GELU): many chunks per thread, so a thread that starts late or
     * is preempted has its share taken over instead of the others waiting for its half.
     */
    private static final int CHUNK = 1 << 16;
    private static final float SQRT1_2 = 0.70710678f;
    private static final float SQRT_2_OVER_PI = 0.7978845608f;
    /** erf(z) rounds to ±1 in float beyond this |z| (erf⁻¹(1 − 2^−25)). */
    private static final float ERF_ONE = 3.832506856900711f;

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

    /**
     * The same activations on x[from, to), on the calling thread only: for fusing into another kernel's
     * parallel loop (see {@link Norms.Epilogue}).
     */
    public static void geluOnCaller(float[] x, int from, int to) {
        if (!Simd.ENABLED) ScalarActivations.gelu(x, from, to);
        else geluRange(x, from, to);
    }

    public static void geluTanhOnCaller(float[] x, int from, int to) {
        if (!Simd.ENABLED) ScalarActivations.geluTanh(x, from, to);
        else geluTanhRange(x, from, to);
    }

    public static void reluOnCaller(float[] x, int from, int to) {
        if (!Simd.ENABLED) ScalarActivations.relu(x, from, to);
        else reluRange(x, from, to);
    }

    public static void tanhOnCaller(float[] x, int from, int to) {
        if (!Simd.ENABLED) ScalarActivations.tanh(x, from, to);
        else tanhRange(x, from, to);
    }

    /** erf(x) to about 1e-16 relative, in double: the reference every GELU here is tested against. */
    public static double erf(double x) {
        return ScalarActivations.erf(x);
    }

    private static void split(float[] x, int n, Range range) {
        Threads.parallelFor((n + CHUNK - 1) / CHUNK, c -> range.apply(x, c * CHUNK, Math.min(n, c * CHUNK + CHUNK)));
    }

    /**
     * GELU as 0.5·x·(1 + erf(x/√2)) with erf the rational approximation of Eigen's
     * {@code generic_fast_erf} (odd degree-9 over even degree-12, |error| ≤ 2.1e-8 in exact arithmetic;
     * 3.1e-7 evaluated in float, near |z| = 3.75), clamped at |z| = 3.8325 where erf rounds to ±1.
     * The GELU's error is thus about 1.6e-7·|x| absolute (plus rounding), the accuracy of PyTorch's own vectorised erf
     * (Abramowitz–Stegun 7.1.26, 1.5e-7): for x &lt; −3, where 1 + erf cancels, it is relative to x, not
     * to the tiny result (see ActivationsTest). 17 vector operations, one a division; a form that keeps
     * relative precision in the negative tail (erfc·exp) needs over twice as many.
     *
     * <p>One loop body with no calls but the Vector API's (which are force-inlined): calls to helpers of
     * ours count against C2's inlining node budget, and past it the vectors are boxed (20× slower).
     */
    private static void geluRange(float[] x, int from, int to) {
        FloatVector a1 = FloatVector.broadcast(S, 1.128379143519084f), a3 = FloatVector.broadcast(S, 0.18520832239976145f),
                a5 = FloatVector.broadcast(S, 0.050955695062380861f);
        FloatVector b0 = FloatVector.broadcast(S, 1f), b2 = FloatVector.broadcast(S, 0.49746925110067538f),
                b4 = FloatVector.broadcast(S, 0.11098505178285362f), b6 = FloatVector.broadcast(S, 0.014070470171167667f),
                b8 = FloatVector.broadcast(S, 0.0010179625278914885f);
        for (int i = from; i < to; i += L) {
            VectorMask<Float> m = S.indexInRange(i, to);
            FloatVector v = FloatVector.fromArray(S, x, i, m);
            FloatVector z = v.mul(SQRT1_2).max(-ERF_ONE).min(ERF_ONE);
            FloatVector z2 = z.mul(z);
            // erf(z) = z·(a1 + a3·z² + … + a9·z⁸) / (1 + b2·z² + … + b12·z¹²)
            FloatVector p = z2.fma(0.00022905065861350646f, 0.0034082910107109506f).fma(z2, a5).fma(z2, a3).fma(z2, a1).mul(z);
            FloatVector q = z2.fma(-1.1791602954361697e-7f, 0.000023547966471313185f).fma(z2, b8).fma(z2, b6).fma(z2, b4)
                    .fma(z2, b2).fma(z2, b0);
            FloatVector half = v.mul(0.5f);
            half.fma(p.div(q), half).intoArray(x, i, m);
        }
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
