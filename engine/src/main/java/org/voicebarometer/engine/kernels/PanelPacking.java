package org.voicebarometer.engine.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Packs a weight B, given as rows (one per output column of the kernel), into the column panels the
 * register-tiled kernels read: panel p holds nr output columns as [k][nr] floats, output column innermost,
 * zero past the last column. B may be cut into groups of rows (a grouped convolution: one GEMM per group),
 * each packed into its own panels; and its columns may be stored in another order than the kernel reduces
 * over (a convolution's [in, kernel] rows, reduced tap-major): {@code order} maps each stored column to
 * its row in the panel.
 *
 * <p>Panels live off-heap, in native memory or (a cached load) in a mapped file, always as a native segment
 * (see {@link #panels}): the kernels' weight loads see one segment class, so C2 compiles them as fast as
 * array loads (a mapped and a native segment at the same load site ran 20-30 % slower, bimorphic).
 *
 * <p>Packing is most of a model's load, so the work is arranged for a fresh JVM as much as a warm one:
 * panels go to the pool in a few runs per thread, each reusing one row buffer (one buffer per panel was
 * ~90 MB of garbage per load of wav2vec2-base); a row's piece is read in bulk (a copy or a decode); the
 * element-by-element transposition is the small static {@link #transpose}, which C2 compiles early and
 * once, with no type profile a later caller could invalidate (inlined into a larger method, it was
 * deoptimised and recompiled several times during the first load, each time a new RowSource class came by).
 */
final class PanelPacking {
    private PanelPacking() {}

    /** Stored columns read per step: the buffer of a 32-column panel's rows is 32 KB (L1), 48 KB at 48. */
    private static final int STEP = 256;

    /** The byte order of panel floats: the platform's, as the kernels read them. */
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT.withOrder(ORDER);

    /** The bytes of the panels {@link #pack} makes for these dimensions. */
    static long bytes(int groups, int rowsPerGroup, int k, int nr) {
        long panelCount = (long) groups * ((rowsPerGroup + nr - 1) / nr);
        return Math.multiplyExact(Math.multiplyExact(panelCount * nr, k), (long) Float.BYTES);
    }

    /**
     * @param b      the rows of B [groups·rowsPerGroup, k], read once each; if b {@linkplain RowSource#packed has
     *               panels} of exactly the size these would have, they are returned instead
     * @param nr     the panel width
     * @param order  the panel row of each stored column ([k], a permutation), or null for the stored order
     * @return (groups, ceil(rowsPerGroup / nr), k, nr) floats: group g's panel q holds rows g·rowsPerGroup + q·nr + lane
     */
    static MemorySegment pack(RowSource b, int groups, int rowsPerGroup, int k, int nr, int[] order) {
        long bytes = bytes(groups, rowsPerGroup, k, nr);
        MemorySegment kept = b.packed(bytes);
        if (kept != null) return panels(kept, bytes);
        int[] rowOf = order != null ? order : inOrder(k);
        int panelsPerGroup = (rowsPerGroup + nr - 1) / nr;
        int panelCount = groups * panelsPerGroup;
        int panelFloats = Math.multiplyExact(k, nr);
        MemorySegment panels = Arena.ofAuto().allocate(bytes, 64);
        int runs = Math.min(panelCount, 4 * Threads.count());
        Threads.parallelFor(runs, r -> {
            float[] rows = new float[nr * STEP];
            float[] panel = new float[panelFloats];
            for (int p = (int) ((long) r * panelCount / runs); p < (long) (r + 1) * panelCount / runs; p++) {
                int g = p / panelsPerGroup, first = p % panelsPerGroup * nr;
                int cols = Math.min(nr, rowsPerGroup - first);
                if (cols < nr) Arrays.fill(panel, 0f);
                packPanel(b, g * rowsPerGroup + first, cols, k, nr, rowOf, panel, rows);
                MemorySegment.copy(panel, 0, panels, FLOAT, (long) p * panelFloats * Float.BYTES, panelFloats);
            }
        });
        b.packedTo(panels);
        return panels;
    }

    /** The class of a plain native segment (not a mapped one), the only one the kernels' weight loads see. */
    private static final Class<?> PLAIN = MemorySegment.ofAddress(0).getClass();

    /**
     * Checks that {@code given} can be a kernel's panels of {@code bytes}: a plain native segment (a mapped file's
     * slice is made one with {@link MemorySegment#reinterpret}), 4-byte aligned, of exactly that size.
     */
    static MemorySegment panels(MemorySegment given, long bytes) {
        if (given.getClass() != PLAIN || given.byteSize() != bytes || given.address() % Float.BYTES != 0)
            throw new IllegalArgumentException("packed panels: " + given.byteSize() + " bytes (" + given.getClass().getSimpleName()
                    + " at " + given.address() + "), expected a plain native segment of " + bytes + " bytes, 4-byte aligned");
        return given;
    }

    /**
     * The identity order. The packing loops always go through an order (one load per stored column, against
     * nr stores): a test for a null order there, first seen one way by the JIT, then the other (the convolutions
     * load first), cost a deoptimisation and recompilation of the packing loops during the first load.
     */
    private static int[] inOrder(int k) {
        int[] order = new int[k];
        for (int i = 0; i < k; i++) order[i] = i;
        return order;
    }

    /** The order of a convolution's weight rows [in, kernel] (channel-major) reduced tap-major: (c, j) → j·in + c. */
    static int[] tapMajor(int in, int kernel) {
        int[] order = new int[Math.multiplyExact(in, kernel)];
        for (int c = 0; c < in; c++) {
            for (int j = 0; j < kernel; j++) order[c * kernel + j] = j * in + c;
        }
        return order;
    }

    /** Fills {@code panel} [k][nr] from rows [row0, row0 + cols) of b, STEP stored columns at a time. */
    private static void packPanel(RowSource b, int row0, int cols, int k, int nr, int[] order, float[] panel, float[] rows) {
        for (int k0 = 0; k0 < k; k0 += STEP) {
            int len = Math.min(STEP, k - k0);
            for (int j = 0; j < cols; j++) b.read(row0 + j, k0, len, rows, j * STEP);
            transpose(rows, len, cols, panel, 0, nr, order, k0);
        }
    }

    /**
     * Panel row order[k0 + i] gets rows[j·STEP + i] in lane j, for i < len, j < cols: whole panel rows, so the
     * order they are written in costs nothing. The buffer's row stride is the constant STEP, not the piece's
     * length, so that C2 can drop the bounds checks of the strided reads (measured ~20 % faster).
     */
    private static void transpose(float[] rows, int len, int cols, float[] panels, int off, int nr, int[] order, int k0) {
        for (int i = 0; i < len; i++) {
            int dst = off + order[k0 + i] * nr;
            for (int j = 0; j < cols; j++) panels[dst + j] = rows[j * STEP + i];
        }
    }
}
