package org.voicebarometer.engine.kernels;

import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;

/** Element-wise sums against the scalar loop, exactly (same roundings), at lengths that split unevenly. */
class ElementwiseTest {
    @OnOneAndTwoThreads
    void sumsMatchTheScalarLoop(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(12);
        for (int n : new int[] {0, 1, 15, 17, 65_537, 383_232 + 3}) {
            float[] acc = random(rnd, n + 4, 3f), x = random(rnd, n + 4, 2f);
            float[] sum = acc.clone(), scaled = acc.clone();
            for (int i = 0; i < n; i++) {
                sum[i] += x[i];
                scaled[i] += 0.37f * x[i];
            }
            float[] actual = acc.clone();
            Elementwise.add(actual, x, n);
            assertClose("add " + n, sum, actual, null, 0, 0);
            actual = acc.clone();
            Elementwise.addScaled(actual, 0.37f, x, n);
            assertClose("addScaled " + n, scaled, actual, null, 0, 0);
        }
    }
}
