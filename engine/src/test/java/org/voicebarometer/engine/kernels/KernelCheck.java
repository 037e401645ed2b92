package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;

/** Shared helpers of the kernel tests: seeded inputs and an element-wise comparison with a stated bound. */
final class KernelCheck {
    private KernelCheck() {}

    static float[] random(Random rnd, int n, float scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (rnd.nextFloat() * 2f - 1f) * scale;
        return a;
    }

    static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Math.abs(a[i]);
        return b;
    }

    /** Fails unless |actual − expected| ≤ relative·bound[i] + absolute for every i (bound may be null: |expected|). */
    static void assertClose(String what, float[] expected, float[] actual, float[] bound, double relative, double absolute) {
        for (int i = 0; i < expected.length; i++) {
            double b = bound == null ? Math.abs(expected[i]) : bound[i];
            double diff = Math.abs((double) actual[i] - expected[i]);
            if (!(diff <= relative * b + absolute)) {
                fail(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (|diff| " + diff + " > " + (relative * b + absolute) + "; vector " + Simd.describe()
                        + ", threads " + Threads.count() + ")");
            }
        }
    }
}
