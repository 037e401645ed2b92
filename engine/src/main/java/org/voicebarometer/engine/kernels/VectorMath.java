package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp and tanh on float vectors built only from IEEE-exact operations (add, mul, fma, compare, bit
 * moves). The Vector API's own EXP/TANH give different last bits when interpreted than when C2 uses
 * SVML, so a model run would depend on JIT state; these do not. Lane sums likewise go in a fixed order.
 */
final class VectorMath {
    private VectorMath() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f;        // few bits: n·LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;     // ln 2 − LN2_HI
    private static final float ROUND = 12582912f;            // 1.5·2^23: adding it rounds to an integer
    /**
     * Arguments are clamped to this range: below, the result stays at e^−87.33 ≈ 2^−126 instead of going
     * to 0 (harmless for softmax and GELU, and no blend, which C2 leaves unintrinsified in these
     * kernels); above, it would overflow.
     */
    private static final float MIN_ARG = -87.33f, MAX_ARG = 88.0f;

    /**
     * e^x to about 1 ulp: x = n·ln2 + r, |r| ≤ ln2/2, e^r by its Taylor polynomial of degree 7
     * (truncation below 6e-9 relative), times 2^n assembled in the exponent bits. exp(x) for x below
     * −87.33 is 1.18e-38.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(MIN_ARG).min(MAX_ARG);
        FloatVector shifted = c.mul(LOG2E).add(ROUND);
        FloatVector n = shifted.sub(ROUND);
        FloatVector r = n.mul(-LN2_HI).add(c);
        r = n.mul(-LN2_LO).add(r);
        FloatVector p = r.mul(1f / 5040).add(1f / 720);
        p = p.mul(r).add(1f / 120);
        p = p.mul(r).add(1f / 24);
        p = p.mul(r).add(1f / 6);
        p = p.mul(r).add(0.5f);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        // The low bits of `shifted` hold n + 0x400000; move n + 127 into the exponent field.
        // (A shift by a broadcast vector: C2 leaves a shift by a scalar count unintrinsified here, 8× slower.)
        FloatVector scale = shifted.reinterpretAsInts().sub(0x4B400000 - 127)
                .lanewise(VectorOperators.LSHL, IntVector.broadcast(I, 23)).reinterpretAsFloats();
        return p.mul(scale);
    }

    /**
     * tanh(x) = sign(x)·(1 − e)/(1 + e) with e = exp(−2|x|); below |x| = 1/8, where 1 − e cancels, its
     * odd Taylor polynomial to x⁷ (next term under 3e-10 relative).
     */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector e = exp(ax.mul(-2f));
        FloatVector large = FloatVector.broadcast(S, 1f).sub(e).div(e.add(1f));
        FloatVector x2 = x.mul(x);
        FloatVector small = x2.mul(-17f / 315).add(2f / 15).mul(x2).add(-1f / 3).mul(x2).mul(ax).add(ax);
        FloatVector magnitude = large.blend(small, ax.lt(0.125f));
        return magnitude.blend(magnitude.neg(), x.lt(0f));
    }

    /** Σ lanes in lane order (reduceLanes(ADD) may associate differently when compiled). */
    static float sumLanes(FloatVector v) {
        float s = 0f;
        for (int i = 0; i < v.length(); i++) s += v.lane(i);
        return s;
    }
}
