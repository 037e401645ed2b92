package org.voicebarometer.engine.kernels;

import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.kernels.reference.ScalarNorms;

/** Vector LayerNorm / GroupNorm against the double-statistics reference. */
class NormsTest {
    /** Normalised values are O(1)·w + b; float statistics differ from double ones by a few ulps. */
    private static final double ABSOLUTE = 1e-5;

    @OnOneAndTwoThreads
    void layerNormMatchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(7);
        for (int[] s : new int[][] {{1, 1}, {3, 7}, {5, 768}, {17, 33}, {1000, 64}, {2, 5000}}) {
            int rows = s[0], cols = s[1];
            float[] x = random(rnd, rows * cols, 4f);
            for (int i = 0; i < x.length; i++) x[i] += 3f; // an offset, as real activations have
            float[] w = random(rnd, cols, 2f), b = random(rnd, cols, 1f);
            float[] expected = x.clone();
            ScalarNorms.layerNorm(expected, rows, cols, w, b, 1e-5f);
            float[] actual = x.clone();
            Norms.layerNorm(actual, rows, cols, w, b, 1e-5f);
            assertClose("layerNorm " + rows + "x" + cols, expected, actual, null, 1e-5, ABSOLUTE);
        }
    }

    /** x += residual, then LayerNorm into x itself (post-LN) or into another array at another offset (pre-LN). */
    @Test
    void residualLayerNormMatchesReference() {
        Random rnd = new Random(10);
        for (int[] s : new int[][] {{1, 1}, {3, 7}, {499, 768}, {17, 33}}) {
            int rows = s[0], cols = s[1], n = rows * cols;
            float[] x = random(rnd, n, 4f), residual = random(rnd, n, 2f);
            float[] w = random(rnd, cols, 2f), b = random(rnd, cols, 1f);
            float[] sum = x.clone();
            for (int i = 0; i < n; i++) sum[i] += residual[i];
            float[] expected = sum.clone();
            ScalarNorms.layerNorm(expected, rows, cols, w, b, 1e-5f);
            float[] inPlace = x.clone();
            Norms.layerNormOnCaller(inPlace, 0, residual, 0, inPlace, 0, rows, cols, w, b, 1e-5f);
            assertClose("post-LN " + rows + "x" + cols, expected, inPlace, null, 1e-5, ABSOLUTE);
            float[] kept = x.clone(), normed = new float[n + 5];
            Norms.layerNormOnCaller(kept, 0, residual, 0, normed, 5, rows, cols, w, b, 1e-5f);
            assertClose("pre-LN sum " + rows + "x" + cols, sum, kept, null, 0, 0);
            assertClose("pre-LN " + rows + "x" + cols, expected, java.util.Arrays.copyOfRange(normed, 5, n + 5), null, 1e-5, ABSOLUTE);
        }
    }

    /** The epilogue sees every normalised value once; the result does not depend on the thread count. */
    @OnOneAndTwoThreads
    void groupNormEpilogueRunsOnEveryFrameAndThreadsDoNotChangeBits(int threads) {
        Random rnd = new Random(11);
        int t = 3001, c = 37;
        float[] x = random(rnd, t * c, 2f), w = random(rnd, c, 2f), b = random(rnd, c, 1f);
        Threads.setCount(1);
        float[] single = x.clone();
        Norms.groupNormPerChannel(single, t, c, w, b, 1e-5f);
        Threads.setCount(threads);
        float[] plain = x.clone();
        Norms.groupNormPerChannel(plain, t, c, w, b, 1e-5f);
        assertClose("threads", single, plain, null, 0, 0);
        float[] expected = plain.clone();
        Activations.relu(expected, expected.length);
        float[] fused = x.clone();
        Norms.groupNormPerChannel(fused, t, c, w, b, 1e-5f, Activations::reluOnCaller);
        assertClose("epilogue", expected, fused, null, 0, 0);
    }

    @OnOneAndTwoThreads
    void groupNormPerChannelMatchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(8);
        for (int[] s : new int[][] {{1, 1}, {3, 40}, {5000, 13}, {9000, 35}, {31, 512}}) {
            int t = s[0], c = s[1];
            float[] x = random(rnd, t * c, 2f);
            for (int i = 0; i < x.length; i++) x[i] -= 0.5f;
            float[] w = random(rnd, c, 2f), b = random(rnd, c, 1f);
            float[] expected = x.clone();
            ScalarNorms.groupNormPerChannel(expected, t, c, w, b, 1e-5f);
            float[] actual = x.clone();
            Norms.groupNormPerChannel(actual, t, c, w, b, 1e-5f);
            assertClose("groupNorm " + t + "x" + c, expected, actual, null, 1e-5, ABSOLUTE);
        }
    }

    @OnOneAndTwoThreads
    void layerNormAllMatchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(9);
        for (int n : new int[] {1, 15, 17, 4097, 160_003}) {
            float[] x = random(rnd, n, 0.3f);
            for (int i = 0; i < n; i++) x[i] += 0.01f;
            float[] expected = x.clone();
            ScalarNorms.layerNormAll(expected, n, 1e-7f);
            float[] actual = x.clone();
            Norms.layerNormAll(actual, n, 1e-7f);
            assertClose("layerNormAll " + n, expected, actual, null, 1e-5, ABSOLUTE);
        }
    }
}
