package org.voicebarometer.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * One F32, F16 or BF16 tensor read range by range straight from the mapped file, widened exactly to float
 * and, when asked, checked for NaN and ±Inf. Lets a kernel pack a weight from the file without a float[]
 * copy of the whole tensor in between (at load, that copy and its zeroing were about half the work).
 * <p>Thread-safe (panels are packed in parallel); valid while its file is open.
 */
public final class FloatReader {
    private final String name;
    private final MemorySegment data; // the tensor's bytes
    private final DType dtype;
    private final long numel;
    private final boolean requireFinite;

    FloatReader(String name, MemorySegment data, DType dtype, long numel, boolean requireFinite) {
        this.name = name;
        this.data = data;
        this.dtype = dtype;
        this.numel = numel;
        this.requireFinite = requireFinite;
    }

    public String name() {
        return name;
    }

    public long numel() {
        return numel;
    }

    /**
     * dst[dstOff, dstOff + len) = elements [from, from + len) of the tensor (flat, row-major).
     *
     * @throws SafetensorsException when the range holds NaN or ±Inf and this reader requires finite values;
     *                              the message names the tensor's first such element (of the whole tensor,
     *                              not of the range, so it does not depend on which range was read first)
     */
    public void read(long from, float[] dst, int dstOff, int len) throws SafetensorsException {
        Objects.checkFromIndexSize(from, len, numel);
        Objects.checkFromIndexSize(dstOff, len, dst.length);
        if (FloatDecoding.decode(data, dtype, from, dst, dstOff, len, requireFinite) >= 0) throw firstNonFinite();
    }

    /** The error for the tensor's first non-finite element, found by a scan from element 0. */
    private SafetensorsException firstNonFinite() {
        float[] chunk = new float[FloatDecoding.CHUNK];
        for (long from = 0; from < numel; from += chunk.length) {
            int len = (int) Math.min(chunk.length, numel - from);
            int bad = FloatDecoding.decode(data, dtype, from, chunk, 0, len, true);
            if (bad >= 0) return new SafetensorsException("tensor '" + name + "' holds " + chunk[bad] + " at element " + (from + bad));
        }
        throw new AssertionError("unreachable: a range of '" + name + "' held a non-finite value");
    }
}
