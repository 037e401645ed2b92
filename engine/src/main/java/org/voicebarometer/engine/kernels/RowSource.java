package org.voicebarometer.engine.kernels;

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

    /** A source over a plain row-major array {@code matrix} with {@code cols} columns. */
    static RowSource of(float[] matrix, int cols) {
        return (row, col, len, dst, dstOff) -> System.arraycopy(matrix, row * cols + col, dst, dstOff, len);
    }
}
