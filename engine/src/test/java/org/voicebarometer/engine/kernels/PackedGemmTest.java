package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voicebarometer.engine.kernels.KernelCheck.abs;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.voicebarometer.engine.kernels.reference.ScalarLinear;

/**
 * The packed GEMM against the scalar reference with strided, overlapping A rows (lda ≠ k, as a convolution
 * reads them), offsets into A and C, a C row stride wider than n, and sizes that are not multiples of the
 * tile or of the cache blocks: rows vs the register tile and the rows of a work unit, n vs the panel width
 * and the columns of a work unit, k vs the k-block (and k smaller than one block).
 */
class PackedGemmTest {
    private static final int[][] SHAPES = { // rows, n, k, lda
            {1, 1, 1, 1}, {3, 5, 7, 7}, {7, 33, 31, 40}, {13, 17, 64, 32}, {25, 64, 300, 300},
            {50, 100, 257, 128}, {97, 48, 600, 200}, {130, 150, 1000, 1000}, {211, 70, 1537, 1024},
            {500, 300, 400, 400}, {973, 33, 20, 10}, // more rows and columns than one work unit
            {14, 33, 385, 1024}, {25, 40, 3072, 3072}}; // k just past one block; wav2vec2's 4 KB-multiple strides

    @OnOneAndTwoThreads
    void matchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(17);
        for (int[] s : SHAPES) {
            int rows = s[0], n = s[1], k = s[2], lda = s[3];
            int aOff = 3, cOff = 5, ldc = n + 2;
            float[] b = random(rnd, n * k, 0.5f);
            float[] bias = random(rnd, n, 1f);
            float[] a = random(rnd, aOff + (rows - 1) * lda + k, 2f);
            // The reference reads contiguous rows: copy the (possibly overlapping) strided rows out.
            float[] x = new float[rows * k];
            for (int r = 0; r < rows; r++) System.arraycopy(a, aOff + r * lda, x, r * k, k);
            float[] expected = new float[rows * n];
            ScalarLinear.forward(b, bias, n, k, x, rows, expected);
            float[] bound = new float[rows * n];
            ScalarLinear.forward(abs(b), abs(bias), n, k, abs(x), rows, bound);

            PackedGemm gemm = new PackedGemm(b, bias, n, k);
            String what = rows + "x" + k + "->" + n + " lda " + lda;
            for (boolean onCaller : new boolean[] {false, true}) {
                float[] c = random(rnd, cOff + rows * ldc, 1f);
                float[] before = c.clone();
                if (onCaller) {
                    gemm.multiplyOnCaller(a, aOff, lda, rows, c, cOff, ldc);
                } else {
                    gemm.multiply(a, aOff, lda, rows, c, cOff, ldc);
                }
                float[] actual = new float[rows * n];
                for (int r = 0; r < rows; r++) System.arraycopy(c, cOff + r * ldc, actual, r * n, n);
                assertClose(what + (onCaller ? " on caller" : ""), expected, actual, bound,
                        LinearTest.RELATIVE * Math.sqrt(k + 1), 0);
                // Nothing outside the rows × n block of C is touched.
                for (int i = 0; i < c.length; i++) {
                    boolean inside = i >= cOff && (i - cOff) % ldc < n && (i - cOff) / ldc < rows;
                    if (!inside) assertEquals(before[i], c[i], what + ": C element " + i + " outside the block");
                }
            }
        }
    }

    /**
     * Packing from a row source (as the loader does from the mapped file) reads every element of B exactly
     * once, in bounds, and gives the same products bit for bit as packing from the array.
     */
    @OnOneAndTwoThreads
    void packsFromARowSourceExactlyAsFromTheArray(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(23);
        for (int[] s : SHAPES) {
            int rows = s[0], n = s[1], k = s[2];
            float[] b = random(rnd, n * k, 0.5f);
            float[] bias = random(rnd, n, 1f);
            AtomicIntegerArray reads = new AtomicIntegerArray(n * k);
            RowSource source = (row, col, len, dst, dstOff) -> {
                assertTrue(row >= 0 && row < n && col >= 0 && len >= 0 && col + len <= k, "read " + row + ", " + col + "+" + len);
                for (int i = 0; i < len; i++) {
                    reads.incrementAndGet(row * k + col + i);
                    dst[dstOff + i] = b[row * k + col + i];
                }
            };
            PackedGemm fromSource = new PackedGemm(source, bias, n, k);
            for (int i = 0; i < n * k; i++) assertEquals(1, reads.get(i), "element " + i + " of " + n + "x" + k + " read");
            float[] a = random(rnd, rows * k, 2f);
            float[] expected = new float[rows * n], actual = new float[rows * n];
            new PackedGemm(b, bias, n, k).multiply(a, 0, k, rows, expected, 0, n);
            fromSource.multiply(a, 0, k, rows, actual, 0, n);
            assertArrayEquals(expected, actual, rows + "x" + k + "->" + n);
        }
    }

    /** A source's refusal (e.g. a NaN in the file) leaves the constructor as it was thrown, from any pool thread. */
    @OnOneAndTwoThreads
    void aRowSourceFailureComesThrough(int threads) {
        Threads.setCount(threads);
        IllegalStateException bad = new IllegalStateException("bad row");
        RowSource source = (row, col, len, dst, dstOff) -> {
            if (row == 70) throw bad;
        };
        assertSame(bad, assertThrows(IllegalStateException.class, () -> new PackedGemm(source, null, 100, 33)));
    }
}
