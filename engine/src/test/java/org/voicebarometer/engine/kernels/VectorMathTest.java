package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** The IEEE-only vector exp/tanh against StrictMath, and bit-identical results before and after JIT. */
@EnabledIf("vectorsEnabled")
class VectorMathTest {
    static boolean vectorsEnabled() {
        return Simd.ENABLED;
    }

    private static float[] apply(float[] x, boolean tanh) {
        float[] y = new float[x.length];
        int l = Simd.LANES, i = 0;
        for (; i + l <= x.length; i += l) {
            FloatVector v = FloatVector.fromArray(Simd.SPECIES, x, i);
            (tanh ? VectorMath.tanh(v) : VectorMath.exp(v)).intoArray(y, i);
        }
        return y;
    }

    private static float[] grid(float from, float to, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = from + (to - from) * i / (n - 1);
        return x;
    }

    @Test
    void expIsWithinTwoUlpsOfStrictMath() {
        float[] x = grid(-100f, 88f, 64 * 1024);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = (float) StrictMath.exp(x[i]);
        // 2.5e-7 relative is two ulps; below e^-87.33 the result stays at 1.18e-38.
        assertClose("exp", expected, apply(x, false), null, 2.5e-7, 1.2e-38);
    }

    @Test
    void tanhIsWithinAFewUlpsOfStrictMath() {
        float[] x = grid(-20f, 20f, 64 * 1024);
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = (float) StrictMath.tanh(x[i]);
        assertClose("tanh", expected, apply(x, true), null, 5e-7, 1e-30);
    }

    /** The first, interpreted calls give the same bits as the C2-compiled ones after warm-up. */
    @Test
    void kernelsGiveTheSameBitsBeforeAndAfterCompilation() {
        Random rnd = new Random(2);
        float[] x = KernelCheck.random(rnd, 4 * Simd.LANES + 3, 6f);
        float[] q = KernelCheck.random(rnd, 5 * 16, 2f), k = KernelCheck.random(rnd, 5 * 16, 2f), v = KernelCheck.random(rnd, 5 * 16, 2f);
        float[] firstGelu = x.clone(), firstTanh = x.clone(), firstAttention = new float[q.length];
        Activations.gelu(firstGelu, firstGelu.length);
        Activations.tanh(firstTanh, firstTanh.length);
        Attention.forward(q, k, v, 5, 2, 8, firstAttention);
        float[] gelu = null, tanh = null, attention = new float[q.length];
        for (int round = 0; round < 20_000; round++) {
            gelu = x.clone();
            tanh = x.clone();
            Activations.gelu(gelu, gelu.length);
            Activations.tanh(tanh, tanh.length);
            Attention.forward(q, k, v, 5, 2, 8, attention);
        }
        assertArrayEquals(firstGelu, gelu);
        assertArrayEquals(firstTanh, tanh);
        assertArrayEquals(firstAttention, attention);
    }
}
