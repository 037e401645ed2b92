package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * C = A·Bᵀ + bias with B packed once into column panels, computed by a register-tiled micro-kernel.
 *
 * <p>B is given as PyTorch stores a weight, [n, k] (row o = output column o). Panel p holds output columns
 * [p·NR, p·NR + NR) as [k][NR] floats, zero padded past n, so the micro-kernel reads one contiguous run
 * per step of k. The micro-kernel keeps an MR × NR block of C in registers (MR rows × 2 vectors): for
 * each k it loads the panel's two vectors, broadcasts one element of each of the MR rows of A and does
 * 2·MR FMAs. Lanes map to output columns, so nothing is ever reduced across lanes.
 *
 * <p>A is read in place with a row stride (lda) that may differ from k, which lets a convolution read
 * its overlapping input windows without an im2col copy.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Panel width: two vectors of output columns. */
    static final int NR = 2 * L;
    /** Rows of A per micro-kernel call. */
    private static final int MR = 6;
    /** Rows of A per parallel work unit: a block of A stays in cache while panels stream past it. */
    private static final int ROW_BLOCK = 16 * MR;

    private final float[] panels; // (ceil(n / NR), k, NR)
    private final float[] bias;   // (ceil(n / NR) · NR), zero padded; zeros when there is no bias
    private final int n;
    private final int k;
    private final int panelCount;

    /** @param b [n, k] row-major; @param bias [n] or null */
    PackedGemm(float[] b, float[] bias, int n, int k) {
        this.n = n;
        this.k = k;
        this.panelCount = (n + NR - 1) / NR;
        this.panels = new float[Math.multiplyExact(panelCount * NR, k)];
        // Packing is most of a model's load time: panels are independent, so they go to the pool too.
        Threads.parallelFor(panelCount, p -> {
            for (int o = p * NR; o < Math.min(n, p * NR + NR); o++) {
                int base = p * k * NR + o % NR;
                int row = o * k;
                for (int i = 0; i < k; i++) panels[base + i * NR] = b[row + i];
            }
        });
        this.bias = new float[panelCount * NR];
        if (bias != null) System.arraycopy(bias, 0, this.bias, 0, n);
    }

    int n() { return n; }

    int k() { return k; }

    /**
     * C[r, o] = Σ_i A[r, i]·B[o, i] + bias[o] for r < rows, o < n: A row r starts at aOff + r·lda, C row r
     * at cOff + r·ldc. Runs on the kernel thread pool.
     */
    void multiply(float[] a, int aOff, int lda, int rows, float[] c, int cOff, int ldc) {
        int rowBlocks = (rows + ROW_BLOCK - 1) / ROW_BLOCK;
        int units = rowBlocks * panelCount;
        if ((long) rows * n * k < 1 << 16) {
            for (int u = 0; u < units; u++) unit(u, a, aOff, lda, rows, c, cOff, ldc);
        } else {
            Threads.parallelFor(units, u -> unit(u, a, aOff, lda, rows, c, cOff, ldc));
        }
    }

    /**
     * {@link #multiply} computed entirely on the calling thread, for callers that already run one GEMM per
     * pool thread (e.g. the groups of a grouped convolution).
     */
    void multiplyOnCaller(float[] a, int aOff, int lda, int rows, float[] c, int cOff, int ldc) {
        int units = ((rows + ROW_BLOCK - 1) / ROW_BLOCK) * panelCount;
        for (int u = 0; u < units; u++) unit(u, a, aOff, lda, rows, c, cOff, ldc);
    }

    /** One panel against one block of rows; consecutive units share the block of A. */
    private void unit(int u, float[] a, int aOff, int lda, int rows, float[] c, int cOff, int ldc) {
        int p = u % panelCount;
        int r0 = (u / panelCount) * ROW_BLOCK;
        int r1 = Math.min(rows, r0 + ROW_BLOCK);
        int col = p * NR;
        int valid = Math.min(NR, n - col);
        int r = r0;
        for (; r + MR <= r1; r += MR) {
            tile(a, aOff + r * lda, lda, p, c, cOff + r * ldc + col, ldc, valid);
        }
        for (; r < r1; r++) row(a, aOff + r * lda, p, c, cOff + r * ldc + col, valid);
    }

    private void tile(float[] a, int a0, int lda, int p, float[] c, int c0, int ldc, int valid) {
        float[] w = panels;
        int col = p * NR;
        FloatVector bias0 = FloatVector.fromArray(S, bias, col);
        FloatVector bias1 = FloatVector.fromArray(S, bias, col + L);
        FloatVector c00 = bias0, c01 = bias1, c10 = bias0, c11 = bias1, c20 = bias0, c21 = bias1;
        FloatVector c30 = bias0, c31 = bias1, c40 = bias0, c41 = bias1, c50 = bias0, c51 = bias1;
        int a1 = a0 + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda;
        int kk = k;
        for (int i = 0, wo = p * kk * NR; i < kk; i++, wo += NR) {
            FloatVector b0 = FloatVector.fromArray(S, w, wo);
            FloatVector b1 = FloatVector.fromArray(S, w, wo + L);
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[a1 + i]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[a2 + i]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[a3 + i]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[a4 + i]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[a5 + i]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
        }
        if (valid == NR) {
            c00.intoArray(c, c0);
            c01.intoArray(c, c0 + L);
            c10.intoArray(c, c0 + ldc);
            c11.intoArray(c, c0 + ldc + L);
            c20.intoArray(c, c0 + 2 * ldc);
            c21.intoArray(c, c0 + 2 * ldc + L);
            c30.intoArray(c, c0 + 3 * ldc);
            c31.intoArray(c, c0 + 3 * ldc + L);
            c40.intoArray(c, c0 + 4 * ldc);
            c41.intoArray(c, c0 + 4 * ldc + L);
            c50.intoArray(c, c0 + 5 * ldc);
            c51.intoArray(c, c0 + 5 * ldc + L);
        } else {
            VectorMask<Float> m0 = S.indexInRange(0, valid);
            VectorMask<Float> m1 = S.indexInRange(L, valid);
            c00.intoArray(c, c0, m0);
            c01.intoArray(c, c0 + L, m1);
            c10.intoArray(c, c0 + ldc, m0);
            c11.intoArray(c, c0 + ldc + L, m1);
            c20.intoArray(c, c0 + 2 * ldc, m0);
            c21.intoArray(c, c0 + 2 * ldc + L, m1);
            c30.intoArray(c, c0 + 3 * ldc, m0);
            c31.intoArray(c, c0 + 3 * ldc + L, m1);
            c40.intoArray(c, c0 + 4 * ldc, m0);
            c41.intoArray(c, c0 + 4 * ldc + L, m1);
            c50.intoArray(c, c0 + 5 * ldc, m0);
            c51.intoArray(c, c0 + 5 * ldc + L, m1);
        }
    }

    /** The leftover rows (fewer than MR), one at a time. */
    private void row(float[] a, int a0, int p, float[] c, int c0, int valid) {
        float[] w = panels;
        int col = p * NR;
        FloatVector c0v = FloatVector.fromArray(S, bias, col);
        FloatVector c1v = FloatVector.fromArray(S, bias, col + L);
        int kk = k;
        for (int i = 0, wo = p * kk * NR; i < kk; i++, wo += NR) {
            FloatVector x = FloatVector.broadcast(S, a[a0 + i]);
            c0v = FloatVector.fromArray(S, w, wo).fma(x, c0v);
            c1v = FloatVector.fromArray(S, w, wo + L).fma(x, c1v);
        }
        c0v.intoArray(c, c0, S.indexInRange(0, valid));
        c1v.intoArray(c, c0 + L, S.indexInRange(L, valid));
    }
}
