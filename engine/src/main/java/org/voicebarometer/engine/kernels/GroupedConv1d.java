package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;

/**
 * The vector path of a padded or grouped {@link Conv1d} (wav2vec2's positional convolution: 16 groups of
 * 48 channels, kernel 128, padding 64). Per group it is a GEMM [tOut × kernel·inG] × [kernel·inG × outG]
 * whose A rows are overlapping windows of the zero-padded input, read in place.
 *
 * <p>Each group's weight is packed into panels of {@link #NR} = 3 vectors of output channels (48 at
 * 512 bits: one panel for wav2vec2's 48 outputs per group, no lane wasted), [kernel·inG][NR] floats
 * tap-major. The micro-kernel keeps {@link #MR} rows × 3 vectors of C in registers. The reduction runs
 * in slices of {@link #TAPS} taps, so the slice of a panel a row block streams through stays in L2; C
 * is reloaded between slices. One parallel loop covers every (group, panel, row block) unit.
 */
final class GroupedConv1d {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    static final int NR = 3 * L;
    /** Rows per micro-kernel call: 21 accumulators, 3 weight vectors and a broadcast use 25 of 32 registers (8 rows spill). */
    private static final int MR = 7;
    /** Rows of output per parallel unit. */
    private static final int ROW_BLOCK = 16 * MR;
    /** Taps per reduction slice: 32 taps × 48 channels × 48 outputs × 4 bytes = 295 KB of panel. */
    private static final int TAPS = 32;

    private final MemorySegment panels; // (groups, panelsPerGroup, kernel·inG, NR) floats, a plain native segment (see PanelPacking)
    private final float[] bias;   // (groups, panelsPerGroup, NR), zero padded
    private final int in, out, kernel, stride, padding, groups, inG, outG, panelsPerGroup;

    /** @param weight the rows [out, in/groups·kernel] of the weight [out, in/groups, kernel]; @param bias [out] or null */
    GroupedConv1d(RowSource weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        this.inG = in / groups;
        this.outG = out / groups;
        this.panelsPerGroup = (outG + NR - 1) / NR;
        this.panels = PanelPacking.pack(weight, groups, outG, kernel * inG, NR, PanelPacking.tapMajor(inG, kernel));
        this.bias = new float[groups * panelsPerGroup * NR];
        if (bias != null) {
            for (int g = 0; g < groups; g++) System.arraycopy(bias, g * outG, this.bias, g * panelsPerGroup * NR, outG);
        }
    }

    /** x [tIn, in] → y [tOut, out]. */
    void forward(float[] x, int tIn, float[] y, int tOut) {
        // The zero-padded input, so that every tap of every window is a plain load.
        int tPadded = tIn + 2 * padding;
        float[] xp = new float[Math.multiplyExact(tPadded, in)];
        System.arraycopy(x, 0, xp, padding * in, tIn * in);
        int rowBlocks = (tOut + ROW_BLOCK - 1) / ROW_BLOCK;
        int panelCount = groups * panelsPerGroup;
        Threads.parallelFor(panelCount * rowBlocks, u -> {
            int panel = u % panelCount;
            int r0 = u / panelCount * ROW_BLOCK, r1 = Math.min(tOut, r0 + ROW_BLOCK);
            block(xp, y, panel, r0, r1);
        });
    }

    /**
     * Output rows [r0, r1) of one panel, slice by slice of taps. A panel cut by the group's end (never at
     * wav2vec2's 48 outputs per group) accumulates in a buffer NR wide, so the kernels never mask: C1
     * cannot compile masked vector code at tier 3 (see {@link PackedGemm}'s tile), and a kernel left at
     * tier 2 runs at ~1 % speed for the life of the JVM.
     */
    private void block(float[] xp, float[] y, int panel, int r0, int r1) {
        int g = panel / panelsPerGroup;
        int col = g * outG + panel % panelsPerGroup * NR;
        int valid = Math.min(NR, (g + 1) * outG - col);
        float[] c = valid == NR ? y : new float[(r1 - r0) * NR];
        int ldc = valid == NR ? out : NR;
        int cStart = valid == NR ? r0 * out + col : 0;
        for (int j0 = 0; j0 < kernel; j0 += TAPS) {
            int j1 = Math.min(kernel, j0 + TAPS);
            boolean first = j0 == 0;
            int r = r0;
            for (; r + MR <= r1; r += MR) tile(xp, g, r, panel, j0, j1, c, cStart + (r - r0) * ldc, ldc, first);
            for (; r < r1; r++) row(xp, g, r, panel, j0, j1, c, cStart + (r - r0) * ldc, first);
        }
        if (c != y) {
            for (int r = r0; r < r1; r++) System.arraycopy(c, (r - r0) * NR, y, r * out + col, valid);
        }
    }

    /** Rows [r, r + MR) of C (row i at c0 + i·ldc, NR columns) += the taps [j0, j1) of their windows. */
    private void tile(float[] xp, int g, int r, int panel, int j0, int j1, float[] y, int c0, int ldc, boolean first) {
        FloatVector c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32, c40, c41, c42, c50, c51, c52, c60, c61, c62;
        if (first) {
            int b = panel * NR;
            FloatVector b0 = FloatVector.fromArray(S, bias, b), b1 = FloatVector.fromArray(S, bias, b + L), b2 = FloatVector.fromArray(S, bias, b + 2 * L);
            c00 = b0; c01 = b1; c02 = b2;
            c10 = b0; c11 = b1; c12 = b2;
            c20 = b0; c21 = b1; c22 = b2;
            c30 = b0; c31 = b1; c32 = b2;
            c40 = b0; c41 = b1; c42 = b2;
            c50 = b0; c51 = b1; c52 = b2;
            c60 = b0; c61 = b1; c62 = b2;
        } else {
            c00 = FloatVector.fromArray(S, y, c0); c01 = FloatVector.fromArray(S, y, c0 + L); c02 = FloatVector.fromArray(S, y, c0 + 2 * L);
            c10 = FloatVector.fromArray(S, y, c0 + ldc); c11 = FloatVector.fromArray(S, y, c0 + ldc + L); c12 = FloatVector.fromArray(S, y, c0 + ldc + 2 * L);
            c20 = FloatVector.fromArray(S, y, c0 + 2 * ldc); c21 = FloatVector.fromArray(S, y, c0 + 2 * ldc + L); c22 = FloatVector.fromArray(S, y, c0 + 2 * ldc + 2 * L);
            c30 = FloatVector.fromArray(S, y, c0 + 3 * ldc); c31 = FloatVector.fromArray(S, y, c0 + 3 * ldc + L); c32 = FloatVector.fromArray(S, y, c0 + 3 * ldc + 2 * L);
            c40 = FloatVector.fromArray(S, y, c0 + 4 * ldc); c41 = FloatVector.fromArray(S, y, c0 + 4 * ldc + L); c42 = FloatVector.fromArray(S, y, c0 + 4 * ldc + 2 * L);
            c50 = FloatVector.fromArray(S, y, c0 + 5 * ldc); c51 = FloatVector.fromArray(S, y, c0 + 5 * ldc + L); c52 = FloatVector.fromArray(S, y, c0 + 5 * ldc + 2 * L);
            c60 = FloatVector.fromArray(S, y, c0 + 6 * ldc); c61 = FloatVector.fromArray(S, y, c0 + 6 * ldc + L); c62 = FloatVector.fromArray(S, y, c0 + 6 * ldc + 2 * L);
        }
        MemorySegment w = panels;
        int lda = stride * in;
        int k = kernel * inG;
        for (int j = j0; j < j1; j++) {
            int a0 = (r * stride + j) * in + g * inG;
            int wo = (panel * k + j * inG) * NR;
            for (int c = 0; c < inG; c++, wo += NR) {
                FloatVector w0 = FloatVector.fromMemorySegment(S, w, (long) wo * Float.BYTES, PanelPacking.ORDER);
                FloatVector w1 = FloatVector.fromMemorySegment(S, w, (long) (wo + L) * Float.BYTES, PanelPacking.ORDER);
                FloatVector w2 = FloatVector.fromMemorySegment(S, w, (long) (wo + 2 * L) * Float.BYTES, PanelPacking.ORDER);
                int a = a0 + c;
                FloatVector x = FloatVector.broadcast(S, xp[a]);
                c00 = w0.fma(x, c00); c01 = w1.fma(x, c01); c02 = w2.fma(x, c02);
                x = FloatVector.broadcast(S, xp[a + lda]);
                c10 = w0.fma(x, c10); c11 = w1.fma(x, c11); c12 = w2.fma(x, c12);
                x = FloatVector.broadcast(S, xp[a + 2 * lda]);
                c20 = w0.fma(x, c20); c21 = w1.fma(x, c21); c22 = w2.fma(x, c22);
                x = FloatVector.broadcast(S, xp[a + 3 * lda]);
                c30 = w0.fma(x, c30); c31 = w1.fma(x, c31); c32 = w2.fma(x, c32);
                x = FloatVector.broadcast(S, xp[a + 4 * lda]);
                c40 = w0.fma(x, c40); c41 = w1.fma(x, c41); c42 = w2.fma(x, c42);
                x = FloatVector.broadcast(S, xp[a + 5 * lda]);
                c50 = w0.fma(x, c50); c51 = w1.fma(x, c51); c52 = w2.fma(x, c52);
                x = FloatVector.broadcast(S, xp[a + 6 * lda]);
                c60 = w0.fma(x, c60); c61 = w1.fma(x, c61); c62 = w2.fma(x, c62);
            }
        }
        c00.intoArray(y, c0); c01.intoArray(y, c0 + L); c02.intoArray(y, c0 + 2 * L);
        c10.intoArray(y, c0 + ldc); c11.intoArray(y, c0 + ldc + L); c12.intoArray(y, c0 + ldc + 2 * L);
        c20.intoArray(y, c0 + 2 * ldc); c21.intoArray(y, c0 + 2 * ldc + L); c22.intoArray(y, c0 + 2 * ldc + 2 * L);
        c30.intoArray(y, c0 + 3 * ldc); c31.intoArray(y, c0 + 3 * ldc + L); c32.intoArray(y, c0 + 3 * ldc + 2 * L);
        c40.intoArray(y, c0 + 4 * ldc); c41.intoArray(y, c0 + 4 * ldc + L); c42.intoArray(y, c0 + 4 * ldc + 2 * L);
        c50.intoArray(y, c0 + 5 * ldc); c51.intoArray(y, c0 + 5 * ldc + L); c52.intoArray(y, c0 + 5 * ldc + 2 * L);
        c60.intoArray(y, c0 + 6 * ldc); c61.intoArray(y, c0 + 6 * ldc + L); c62.intoArray(y, c0 + 6 * ldc + 2 * L);
    }

    /** One leftover row (fewer than MR remain in the block). */
    private void row(float[] xp, int g, int r, int panel, int j0, int j1, float[] y, int c0, boolean first) {
        FloatVector c0v, c1v, c2v;
        if (first) {
            int b = panel * NR;
            c0v = FloatVector.fromArray(S, bias, b);
            c1v = FloatVector.fromArray(S, bias, b + L);
            c2v = FloatVector.fromArray(S, bias, b + 2 * L);
        } else {
            c0v = FloatVector.fromArray(S, y, c0);
            c1v = FloatVector.fromArray(S, y, c0 + L);
            c2v = FloatVector.fromArray(S, y, c0 + 2 * L);
        }
        MemorySegment w = panels;
        int k = kernel * inG;
        for (int j = j0; j < j1; j++) {
            int a = (r * stride + j) * in + g * inG;
            int wo = (panel * k + j * inG) * NR;
            for (int c = 0; c < inG; c++, wo += NR) {
                FloatVector x = FloatVector.broadcast(S, xp[a + c]);
                c0v = FloatVector.fromMemorySegment(S, w, (long) wo * Float.BYTES, PanelPacking.ORDER).fma(x, c0v);
                c1v = FloatVector.fromMemorySegment(S, w, (long) (wo + L) * Float.BYTES, PanelPacking.ORDER).fma(x, c1v);
                c2v = FloatVector.fromMemorySegment(S, w, (long) (wo + 2 * L) * Float.BYTES, PanelPacking.ORDER).fma(x, c2v);
            }
        }
        c0v.intoArray(y, c0);
        c1v.intoArray(y, c0 + L);
        c2v.intoArray(y, c0 + 2 * L);
    }
}
