package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.voicebarometer.engine.kernels.KernelCheck.abs;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.kernels.reference.ScalarLinear;

/** The packed, tiled Linear against the scalar reference on awkward shapes. */
class LinearTest {
    /** Float sums in another order: error bounded relative to Σ|x·w|. */
    static final double RELATIVE = 2e-6;

    private static final int[][] SHAPES = { // rows, in, out
            {1, 1, 1}, {1, 7, 3}, {2, 16, 16}, {5, 13, 17}, {6, 32, 32}, {7, 31, 33}, {13, 64, 48},
            {37, 97, 131}, {101, 257, 200}, {499, 96, 97}};

    @OnOneAndTwoThreads
    void matchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(11);
        for (int[] s : SHAPES) {
            int rows = s[0], in = s[1], out = s[2];
            for (boolean withBias : new boolean[] {true, false}) {
                float[] w = random(rnd, out * in, 0.5f);
                float[] b = withBias ? random(rnd, out, 1f) : null;
                float[] x = random(rnd, rows * in, 2f);
                float[] expected = new float[rows * out];
                ScalarLinear.forward(w, b, out, in, x, rows, expected);
                float[] bound = new float[rows * out];
                ScalarLinear.forward(abs(w), b == null ? null : abs(b), out, in, abs(x), rows, bound);
                float[] actual = new float[rows * out];
                Linear.of(w, b, out, in).forward(x, rows, actual);
                assertClose("linear " + rows + "x" + in + "->" + out, expected, actual, bound, RELATIVE * Math.sqrt(in + 1), 0);
            }
        }
    }

    /** Built from a row source (the loader's path) the layer computes exactly what it does from the array, at every width. */
    @OnOneAndTwoThreads
    void fromRowsEqualsFromTheArray(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(5);
        for (int[] s : SHAPES) {
            int rows = s[0], in = s[1], out = s[2];
            float[] w = random(rnd, out * in, 0.5f), b = random(rnd, out, 1f), x = random(rnd, rows * in, 2f);
            float[] expected = new float[rows * out], actual = new float[rows * out];
            Linear.of(w, b, out, in).forward(x, rows, expected);
            Linear.of((row, col, len, dst, dstOff) -> System.arraycopy(w, row * in + col, dst, dstOff, len), b, out, in).forward(x, rows, actual);
            assertArrayEquals(expected, actual, "linear " + rows + "x" + in + "->" + out);
        }
    }

    /** Any run of rows, on the calling thread, gives exactly the rows of the whole product: the encoder's row blocks rely on it. */
    @Test
    void rowsOnTheCallerEqualTheWholeProduct() {
        Random rnd = new Random(6);
        for (int[] s : SHAPES) {
            int rows = s[0], in = s[1], out = s[2];
            float[] w = random(rnd, out * in, 0.5f), b = random(rnd, out, 1f), x = random(rnd, rows * in, 2f);
            Linear linear = Linear.of(w, b, out, in);
            float[] whole = new float[rows * out], pieces = new float[rows * out + 3];
            linear.forward(x, rows, whole);
            for (int r0 = 0, step = 1; r0 < rows; r0 += step, step = step * 3 + 2) {
                int n = Math.min(step, rows - r0);
                linear.forwardOnCaller(x, r0 * in, n, pieces, 3 + r0 * out);
            }
            assertArrayEquals(whole, java.util.Arrays.copyOfRange(pieces, 3, pieces.length), "linear " + rows + "x" + in + "->" + out);
        }
    }
}
