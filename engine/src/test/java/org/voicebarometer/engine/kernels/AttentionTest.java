package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.kernels.reference.ScalarAttention;

/**
 * Fused online-softmax attention against the full double-precision reference: frame counts around the
 * query blocks (24), key panels (32 or 64) and key blocks (128), head sizes that fill the 4-vector column
 * tile exactly (64) or not at either width (1, 5, 8, 12, 17, 40, 80), and wav2vec2-base's 12 heads of 64.
 */
class AttentionTest {
    private static final int[][] SHAPES = { // t, heads, headDim
            {1, 1, 1}, {1, 12, 64}, {2, 4, 8}, {3, 2, 5}, {15, 12, 64}, {17, 4, 40}, {33, 2, 64}, {255, 1, 80},
            {257, 4, 64}, {257, 1, 17}, {300, 2, 12}, {513, 2, 64}, {520, 1, 8}};

    @OnOneAndTwoThreads
    void matchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(3);
        for (int[] s : SHAPES) {
            int t = s[0], heads = s[1], d = s[2], n = t * heads * d;
            // Scale 3 makes softmax peaky enough that the running maximum changes between key blocks.
            float[] q = random(rnd, n, 3f), k = random(rnd, n, 3f), v = random(rnd, n, 1f);
            float[] expected = new float[n];
            ScalarAttention.forward(q, k, v, t, heads, d, expected);
            float[] actual = new float[n];
            Attention.forward(q, k, v, t, heads, d, actual);
            // Outputs are convex combinations of v (|v| ≤ 1): an absolute bound is the natural one.
            assertClose("attention t=" + t + " heads=" + heads + " d=" + d, expected, actual, null, 0, 2e-5);
        }
    }

    /** Packed once, then any runs of query rows on the calling thread give exactly {@link Attention#forward}'s rows. */
    @Test
    void queryRowsOnTheCallerEqualTheWholeAttention() {
        Random rnd = new Random(4);
        Attention.KeysValues kv = new Attention.KeysValues();
        for (int[] s : SHAPES) {
            int t = s[0], heads = s[1], d = s[2], h = heads * d, n = t * h;
            float[] q = random(rnd, n, 3f), k = random(rnd, n, 3f), v = random(rnd, n, 1f);
            float[] whole = new float[n], pieces = new float[n + 7];
            Attention.forward(q, k, v, t, heads, d, whole);
            Attention.pack(k, v, t, heads, d, kv);
            java.util.Arrays.fill(k, Float.NaN); // attention reads the packed copy only
            java.util.Arrays.fill(v, Float.NaN);
            for (int r0 = 0, step = 5; r0 < t; r0 += step, step = step * 2 + 7) {
                int r1 = Math.min(t, r0 + step);
                Attention.attendOnCaller(q, kv, r0, r1, pieces, 7 + r0 * h);
            }
            assertArrayEquals(whole, java.util.Arrays.copyOfRange(pieces, 7, pieces.length), "attention t=" + t + " heads=" + heads + " d=" + d);
        }
    }
}
