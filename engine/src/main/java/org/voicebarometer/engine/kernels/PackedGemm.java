package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * C = A·Bᵀ + bias with B packed once into column panels, computed by a register-tiled micro-kernel over
 * cache blocks (the BLIS loop order).
 *
 * <p>B is given as PyTorch stores a weight, [n, k] (row o = output column o). Panel p holds output columns
 * [p·NR, p·NR + NR) as [k][NR] floats, zero padded past n, so the micro-kernel reads one contiguous run
 * per step of k, and a k-block of a panel is a contiguous slice. The micro-kernel keeps an MR × NR block
 * of C in registers (MR rows × 2 vectors): for each k it loads the panel's two vectors, broadcasts one
 * element of each of the MR rows of A and does 2·MR FMAs. Lanes map to output columns, so nothing is
 * ever reduced across lanes.
 *
 * <p>Cache blocking: k is cut into blocks of about KC. For one block, the MR rows of A a tile reads
 * (MR·KC floats, 18 KB) are copied once into a buffer and reused while the tile walks across the panels
 * of a column block, whose KC × NC slice of B (384 KB) stays in L2 for all the row tiles of the unit; C
 * accumulates in memory across k-blocks (the unit's MC × NC block of C, ≤ 480 KB, also stays in L2).
 * Without k-blocking each tile streamed a whole k × NR panel (up to 393 KB) from L2 or L3 for only MR rows.
 *
 * <p>A is given with a row stride (lda) that may differ from k, which lets a convolution read its
 * overlapping input windows without an im2col copy. The tile does not read it in place: at wav2vec2's
 * strides (lda = 3072 floats for the FFN output, 1024 for the stride-2 convolutions: multiples of 4 KB)
 * all 12 rows fall into the same L1 set. The tile reads a copy instead, whose row stride {@link #KCP}
 * spreads them over 12 sets (12 arraycopy calls per tile and k-block, reused by every panel of the column
 * block); the constant stride also lets the JIT address all 12 rows from one register. Measured on one
 * thread, same JVM, interleaved: 5-10 % faster at lda = 3072 and 1024 while this machine runs in its slower
 * state, the same in its fast state and at lda = 768.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Panel width: two vectors of output columns. */
    static final int NR = 2 * L;
    /**
     * Rows of A per micro-kernel call: 12 × 2 accumulators + 2 panel vectors + 1 broadcast = 27 of the 32
     * vector registers of AVX-512. Measured against 6 × 2 and 6 × 4 tiles at wav2vec2's shapes: 12 × 2 was
     * the fastest (fewer loads per FMA than 6 × 2; the 6 × 4 panel slice does not fit L1).
     */
    private static final int MR = 12;
    /** Target k-block (see the class comment); k is cut into equal blocks of at most this size. */
    private static final int KC = 384;
    /**
     * Row stride of the copied A rows: at least KC, and 1600 bytes = 25 cache lines, so that the 12 rows
     * start in 12 different L1 sets (25·i mod 64 are distinct for i < 12).
     */
    private static final int KCP = KC + 16;
    /** Output columns per work unit: whole panels at either vector width. */
    private static final int NC = 256;
    /** At most this many rows per work unit (a multiple of MR); the rows are cut into equal chunks. */
    private static final int MC = 40 * MR;

    private final MemorySegment panels; // (ceil(n / NR), k, NR) floats, a plain native segment (see PanelPacking)
    private final float[] bias;   // (ceil(n / NR) · NR), zero padded; zeros when there is no bias
    private final int n;
    private final int k;
    private final int panelCount;
    private final int kc;         // the k-block: ceil(k / ceil(k / KC))

    /** @param b [n, k] row-major; @param bias [n] or null */
    PackedGemm(float[] b, float[] bias, int n, int k) {
        this(RowSource.of(b, k), bias, n, k);
    }

    /** @param b the rows of B [n, k], read once each; @param bias [n] or null */
    PackedGemm(RowSource b, float[] bias, int n, int k) {
        this(b, bias, n, k, null);
    }

    /**
     * @param b     the rows of B [n, k], read once each (unless it {@linkplain RowSource#packed has the panels}),
     *              their columns stored in another order than k
     * @param order the position in k of each stored column (see {@link PanelPacking}), or null for the same order
     * @param bias  [n] or null
     */
    PackedGemm(RowSource b, float[] bias, int n, int k, int[] order) {
        if (bias != null && bias.length != n) throw new IllegalArgumentException("bias length " + bias.length + " != " + n);
        this.n = n;
        this.k = k;
        this.panelCount = (n + NR - 1) / NR;
        int kBlocks = Math.max(1, (k + KC - 1) / KC);
        this.kc = Math.max(1, (k + kBlocks - 1) / kBlocks);
        this.panels = PanelPacking.pack(b, 1, n, k, NR, order);
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
        Units units = new Units(rows);
        if ((long) rows * n * k < 1 << 16) {
            for (int u = 0; u < units.count; u++) unit(u, units, a, aOff, lda, rows, c, cOff, ldc);
        } else {
            Threads.parallelFor(units.count, u -> unit(u, units, a, aOff, lda, rows, c, cOff, ldc));
        }
    }

    /**
     * {@link #multiply} computed entirely on the calling thread, for callers that already run one GEMM per
     * pool thread (e.g. the groups of a grouped convolution).
     */
    void multiplyOnCaller(float[] a, int aOff, int lda, int rows, float[] c, int cOff, int ldc) {
        Units units = new Units(rows);
        for (int u = 0; u < units.count; u++) unit(u, units, a, aOff, lda, rows, c, cOff, ldc);
    }

    /**
     * The work units: rows cut into equal chunks of at most MC rows (a multiple of MR) × column blocks of
     * NC. Each unit owns its block of C, so units need no synchronisation and a thread keeps its own B
     * block and C block in its own L2.
     */
    private final class Units {
        final int rowChunk;
        final int colBlocks;
        final int count;

        Units(int rows) {
            int chunks = Math.max(1, (rows + MC - 1) / MC);
            int tiles = ((rows + chunks - 1) / chunks + MR - 1) / MR;
            this.rowChunk = tiles * MR;
            this.colBlocks = (n + NC - 1) / NC;
            this.count = ((rows + rowChunk - 1) / rowChunk) * colBlocks;
        }
    }

    /** One block of rows × one block of columns of C, over all of k. */
    private void unit(int u, Units units, float[] a, int aOff, int lda, int rows, float[] c, int cOff, int ldc) {
        int r0 = (u / units.colBlocks) * units.rowChunk;
        int r1 = Math.min(rows, r0 + units.rowChunk);
        int col0 = (u % units.colBlocks) * NC;
        int col1 = Math.min(n, col0 + NC);
        for (int r = r0; r < r1; r++) System.arraycopy(bias, col0, c, cOff + r * ldc + col0, col1 - col0);
        float[] edge = null; // MR × NR: the C tile of a panel that is cut by n, so the kernel never masks
        float[] rowsOfA = new float[MR * KCP]; // the tile's MR rows of the k-block, row stride KCP
        for (int k0 = 0; k0 < k; k0 += kc) {
            int kLen = Math.min(kc, k - k0);
            for (int r = r0; r < r1; r += MR) {
                int m = Math.min(MR, r1 - r);
                // Rows past m repeat row m - 1 (see tile).
                for (int i = 0; i < MR; i++) System.arraycopy(a, aOff + (r + Math.min(i, m - 1)) * lda + k0, rowsOfA, i * KCP, kLen);
                for (int col = col0; col < col1; col += NR) {
                    int w0 = (col / NR) * k * NR + k0 * NR;
                    int ct = cOff + r * ldc + col;
                    int valid = Math.min(NR, n - col);
                    if (valid == NR) {
                        tile(rowsOfA, m, w0, kLen, c, ct, ldc);
                    } else {
                        if (edge == null) edge = new float[MR * NR];
                        for (int i = 0; i < m; i++) System.arraycopy(c, ct + i * ldc, edge, i * NR, valid);
                        tile(rowsOfA, m, w0, kLen, edge, 0, NR);
                        for (int i = 0; i < m; i++) System.arraycopy(edge, i * NR, c, ct + i * ldc, valid);
                    }
                }
            }
        }
    }

    /**
     * C[0..m) × [0, NR) += A[0..MR) × [0, kLen) · panel slice, for m ≤ MR rows: A row i at i·KCP of rowsOfA,
     * C row i at c0 + i·ldc, the panel slice at w0. Rows of A past m are copies of row m − 1, and C rows past
     * m repeat row m − 1 (same input, same output, stored to the same place), so a short tile needs no masks
     * and no second kernel. Keep this method free of masked loads and stores: with them C1 runs out of
     * virtual registers compiling it at tier 3, and a method first compiled at tier 2 (the JIT's choice when
     * C2's queue is long) then stays there, at ~1 % of the speed, for the life of the JVM (seen on JDK 25).
     */
    private void tile(float[] a, int m, int w0, int kLen, float[] c, int c0, int ldc) {
        int last = m - 1;
        int r1 = c0 + Math.min(1, last) * ldc, r2 = c0 + Math.min(2, last) * ldc, r3 = c0 + Math.min(3, last) * ldc;
        int r4 = c0 + Math.min(4, last) * ldc, r5 = c0 + Math.min(5, last) * ldc, r6 = c0 + Math.min(6, last) * ldc;
        int r7 = c0 + Math.min(7, last) * ldc, r8 = c0 + Math.min(8, last) * ldc, r9 = c0 + Math.min(9, last) * ldc;
        int r10 = c0 + Math.min(10, last) * ldc, r11 = c0 + Math.min(11, last) * ldc;
        MemorySegment w = panels;
        FloatVector c00 = FloatVector.fromArray(S, c, c0), c01 = FloatVector.fromArray(S, c, c0 + L);
        FloatVector c10 = FloatVector.fromArray(S, c, r1), c11 = FloatVector.fromArray(S, c, r1 + L);
        FloatVector c20 = FloatVector.fromArray(S, c, r2), c21 = FloatVector.fromArray(S, c, r2 + L);
        FloatVector c30 = FloatVector.fromArray(S, c, r3), c31 = FloatVector.fromArray(S, c, r3 + L);
        FloatVector c40 = FloatVector.fromArray(S, c, r4), c41 = FloatVector.fromArray(S, c, r4 + L);
        FloatVector c50 = FloatVector.fromArray(S, c, r5), c51 = FloatVector.fromArray(S, c, r5 + L);
        FloatVector c60 = FloatVector.fromArray(S, c, r6), c61 = FloatVector.fromArray(S, c, r6 + L);
        FloatVector c70 = FloatVector.fromArray(S, c, r7), c71 = FloatVector.fromArray(S, c, r7 + L);
        FloatVector c80 = FloatVector.fromArray(S, c, r8), c81 = FloatVector.fromArray(S, c, r8 + L);
        FloatVector c90 = FloatVector.fromArray(S, c, r9), c91 = FloatVector.fromArray(S, c, r9 + L);
        FloatVector ca0 = FloatVector.fromArray(S, c, r10), ca1 = FloatVector.fromArray(S, c, r10 + L);
        FloatVector cb0 = FloatVector.fromArray(S, c, r11), cb1 = FloatVector.fromArray(S, c, r11 + L);
        for (int i = 0; i < kLen; i++) {
            int wo = w0 + i * NR;
            FloatVector b0 = FloatVector.fromMemorySegment(S, w, (long) wo * Float.BYTES, PanelPacking.ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, w, (long) (wo + L) * Float.BYTES, PanelPacking.ORDER);
            FloatVector x = FloatVector.broadcast(S, a[i]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[1 * KCP + i]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[2 * KCP + i]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[3 * KCP + i]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[4 * KCP + i]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[5 * KCP + i]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[6 * KCP + i]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[7 * KCP + i]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            x = FloatVector.broadcast(S, a[8 * KCP + i]);
            c80 = b0.fma(x, c80);
            c81 = b1.fma(x, c81);
            x = FloatVector.broadcast(S, a[9 * KCP + i]);
            c90 = b0.fma(x, c90);
            c91 = b1.fma(x, c91);
            x = FloatVector.broadcast(S, a[10 * KCP + i]);
            ca0 = b0.fma(x, ca0);
            ca1 = b1.fma(x, ca1);
            x = FloatVector.broadcast(S, a[11 * KCP + i]);
            cb0 = b0.fma(x, cb0);
            cb1 = b1.fma(x, cb1);
        }
        c00.intoArray(c, c0);
        c01.intoArray(c, c0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + L);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + L);
        c80.intoArray(c, r8);
        c81.intoArray(c, r8 + L);
        c90.intoArray(c, r9);
        c91.intoArray(c, r9 + L);
        ca0.intoArray(c, r10);
        ca1.intoArray(c, r10 + L);
        cb0.intoArray(c, r11);
        cb1.intoArray(c, r11 + L);
    }
}
