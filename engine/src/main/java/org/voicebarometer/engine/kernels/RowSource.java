package org.voicebarometer.engine.kernels;

import java.lang.foreign.MemorySegment;

/**
 * A weight matrix [rows, cols] (row-major, as PyTorch stores it) that a kernel reads piece by piece while it
 * packs it, so that a weight decoded from a memory-mapped checkpoint goes straight into the kernel's layout
 * without a float[] copy of the whole matrix in between.
 * <p>Implementations must be thread-safe (panels are packed in parallel). Bad data (e.g. a non-finite
 * weight) is reported by an unchecked exception, which the kernel's constructor lets through.
 */
@FunctionalInterface
public interface RowSource {
    /** dst[dstOff, dstOff + len) = columns [col, col + len) of row {@code row}. */
    void read(int row, int col, int len, float[] dst, int dstOff);

    /**
     * The kernel's panels packed from these rows by an earlier load (e.g. kept in a cache file), if they exist
     * and are {@code bytes} long; null to have them packed. They must be a plain native segment (not a mapped
     * one: see {@code PanelPacking}). The caller vouches for their layout: the kernel only checks the size.
     */
    default MemorySegment packed(long bytes) {
        return null;
    }

    /** Told the panels just packed from these rows (e.g. to keep them for the next load). */
    default void packedTo(MemorySegment panels) {}

    /** A source over a plain row-major array {@code matrix} with {@code cols} columns. */
    static RowSource of(float[] matrix, int cols) {
        return (row, col, len, dst, dstOff) -> System.arraycopy(matrix, row * cols + col, dst, dstOff, len);
    }
}
