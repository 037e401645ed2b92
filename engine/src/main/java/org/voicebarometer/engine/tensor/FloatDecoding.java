package org.voicebarometer.engine.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Widens the little-endian elements of a F32, F16 or BF16 tensor to float, optionally refusing NaN
 * and ±Inf on the way. Model loading reads ~100 M elements per base checkpoint, so this is bulk work:
 * F32 is a block copy, F16 the JDK's intrinsic, BF16 a shift. The work goes chunk by chunk so the
 * finiteness scan reads bytes still in L1 instead of a second pass over the whole tensor.
 * Every element's bits are preserved exactly (F16/BF16 widening is exact; NaN payloads survive).
 * <p>Plain loops, not the Vector API: they are as fast here once compiled (memory bound), and in a
 * fresh JVM Vector API code runs boxed until C2 compiles it, which made the first load seconds slower.
 * For the same reason the raw bits are bulk-copied into a scratch array and scanned or widened there,
 * not read element by element from the segment: per-element segment access goes through VarHandles,
 * which C1 does not turn into plain loads; C1-compiled, a load of wav2vec2-base took 3.5 s of CPU that
 * way and 1.0 s with the arrays, and the first load of a fresh JVM runs these loops at C1 until C2 is done.
 */
final class FloatDecoding {
    private FloatDecoding() {}

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** Elements per step: 32 KB of floats, which stay in L1 between widening and scanning. */
    static final int CHUNK = 8192;

    /** A chunk of raw bits per thread (tensors decode in parallel), reused by every call. */
    private static final class Scratch {
        final int[] bits32 = new int[CHUNK];
        final short[] bits16 = new short[CHUNK];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Widens {@code dst.length} elements of {@code dtype} from {@code src} into {@code dst}.
     *
     * @return -1, or with {@code requireFinite} the index of the first NaN/±Inf (elements after it are not written)
     */
    static int decode(MemorySegment src, DType dtype, float[] dst, boolean requireFinite) {
        return decode(src, dtype, 0, dst, 0, dst.length, requireFinite);
    }

    /**
     * Widens elements [from, from + len) of {@code src} into dst[dstOff, dstOff + len).
     *
     * @return -1, or with {@code requireFinite} the dst index of the first NaN/±Inf (elements after it are not written)
     */
    static int decode(MemorySegment src, DType dtype, long from, float[] dst, int dstOff, int len, boolean requireFinite) {
        if (!dtype.isFloatWeight()) throw new IllegalArgumentException(dtype + " is not a float weight type");
        Scratch scratch = SCRATCH.get();
        long shift = from - dstOff; // source element of dst[i] is i + shift
        for (int lo = dstOff, hi, end = dstOff + len; lo < end; lo = hi) {
            hi = lo + Math.min(CHUNK, end - lo);
            int n = hi - lo;
            boolean finite;
            if (dtype == DType.F32) {
                MemorySegment.copy(src, F32_LE, 4L * (lo + shift), dst, lo, n);
                if (!requireFinite) continue;
                MemorySegment.copy(src, I32_LE, 4L * (lo + shift), scratch.bits32, 0, n);
                finite = allFinite32(scratch.bits32, n);
            } else {
                short[] bits = scratch.bits16;
                MemorySegment.copy(src, I16_LE, 2L * (lo + shift), bits, 0, n);
                if (dtype == DType.F16) {
                    for (int i = 0; i < n; i++) dst[lo + i] = Float.float16ToFloat(bits[i]);
                } else {
                    for (int i = 0; i < n; i++) dst[lo + i] = Float.intBitsToFloat(bits[i] << 16); // BF16: the top half of a float
                }
                if (!requireFinite) continue;
                finite = allFinite16(bits, n, dtype == DType.F16 ? F16_EXPONENT_UNIT : BF16_EXPONENT_UNIT);
            }
            if (!finite) return firstNonFinite(dst, lo, hi);
        }
        return -1;
    }

    static final int F16_EXPONENT_UNIT = 0x0400;  // exponent field 0x7C00
    static final int BF16_EXPONENT_UNIT = 0x0080; // exponent field 0x7F80

    /**
     * Whether the F32 bit patterns bits[0, n) are all finite: an element is NaN or ±Inf exactly when its
     * exponent field is all ones, and then adding one unit of the exponent to its magnitude carries into
     * the sign bit. An OR of those sums is one integer loop that C2 vectorises: ~0.1 ns/element against
     * ~0.4 for a float max-of-abs scan of the widened values.
     */
    static boolean allFinite32(int[] bits, int n) {
        int carries = 0;
        for (int i = 0; i < n; i++) carries |= (bits[i] & 0x7fff_ffff) + 0x0080_0000;
        return carries >= 0;
    }

    /** As {@link #allFinite32} for 16-bit patterns whose exponent's lowest bit is {@code exponentUnit}. */
    static boolean allFinite16(short[] bits, int n, int exponentUnit) {
        int carries = 0;
        for (int i = 0; i < n; i++) carries |= (bits[i] & 0x7fff) + exponentUnit;
        return (carries & 0x8000) == 0;
    }

    /** The first index in [from, to) holding NaN or ±Inf, or -1. */
    static int firstNonFinite(float[] v, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Float.isFinite(v[i])) return i;
        }
        return -1;
    }
}
