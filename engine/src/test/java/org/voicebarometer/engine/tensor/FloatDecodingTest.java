package org.voicebarometer.engine.tensor;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bulk/vector widening against the element-wise definition, bit for bit, and the finiteness scan. */
class FloatDecodingTest {
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /** The definition: one element at a time, from its little-endian bits. */
    private static float elementWise(MemorySegment s, DType dtype, int i) {
        return switch (dtype) {
            case F32 -> Float.intBitsToFloat(s.getAtIndex(I32_LE, i));
            case F16 -> Float.float16ToFloat(s.getAtIndex(I16_LE, i));
            case BF16 -> Float.intBitsToFloat(s.getAtIndex(I16_LE, i) << 16);
            default -> throw new AssertionError(dtype);
        };
    }

    private static void assertBitsEqual(MemorySegment s, DType dtype, float[] decoded) {
        for (int i = 0; i < decoded.length; i++) {
            assertEquals(Float.floatToRawIntBits(elementWise(s, dtype, i)), Float.floatToRawIntBits(decoded[i]), dtype + " element " + i);
        }
    }

    /** Every 16-bit pattern (NaNs, ±Inf, subnormals, ±0 included), once at an odd byte offset so the loads are unaligned. */
    @Test
    void everyHalfAndBfloat16PatternWidensExactly() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(2 * 65536 + 1);
            MemorySegment s = buf.asSlice(1);
            for (int v = 0; v < 65536; v++) s.setAtIndex(I16_LE, v, (short) v);
            for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
                float[] out = new float[65536];
                assertEquals(-1, FloatDecoding.decode(s, dtype, out, false));
                assertBitsEqual(s, dtype, out);
            }
        }
    }

    /** Random F32 bit patterns (NaN payloads too), lengths around the vector width and the chunk size. */
    @Test
    void float32CopiesEveryBitPattern() {
        Random rnd = new Random(7);
        try (Arena arena = Arena.ofConfined()) {
            for (int n : new int[] {0, 1, 15, 16, 17, 100, FloatDecoding.CHUNK - 1, FloatDecoding.CHUNK, 2 * FloatDecoding.CHUNK + 5}) {
                MemorySegment s = arena.allocate(4L * n + 3).asSlice(3);
                for (int i = 0; i < n; i++) s.setAtIndex(I32_LE, i, rnd.nextInt());
                for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
                    float[] out = new float[dtype == DType.F32 ? n : 2 * n];
                    assertEquals(-1, FloatDecoding.decode(s, dtype, out, false));
                    assertBitsEqual(s, dtype, out);
                }
            }
        }
    }

    /** The first NaN/±Inf is found wherever it sits: vector body, scalar tail, a later chunk. */
    @Test
    void finiteScanReportsTheFirstBadElement() {
        int n = 2 * FloatDecoding.CHUNK + 37;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4L * n);
            for (int bad : new int[] {0, 5, 16, 31, FloatDecoding.CHUNK - 1, FloatDecoding.CHUNK, n - 20, n - 1}) {
                for (float value : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                    for (int i = 0; i < n; i++) s.setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), i, i == bad || i == n - 1 ? value : -i * 1e30f);
                    float[] out = new float[n];
                    assertEquals(bad, FloatDecoding.decode(s, DType.F32, out, true), value + " at " + bad);
                    float[] all = new float[n];
                    for (int i = 0; i < n; i++) all[i] = i == bad || i == n - 1 ? value : Float.MAX_VALUE;
                    assertEquals(bad, FloatDecoding.firstNonFinite(all, 0, n));
                    assertEquals(n - 1, FloatDecoding.firstNonFinite(all, bad + 1 < n ? bad + 1 : n - 1, n));
                }
            }
            // Half-precision infinity (0x7C00) and bfloat16 NaN (0x7FC0) are caught after widening.
            s.setAtIndex(I16_LE, 0, (short) 0x3C00);
            s.setAtIndex(I16_LE, 1, (short) 0x7C00);
            assertEquals(1, FloatDecoding.decode(s, DType.F16, new float[2], true));
            s.setAtIndex(I16_LE, 1, (short) 0x7FC0);
            assertEquals(1, FloatDecoding.decode(s, DType.BF16, new float[2], true));
            assertEquals(-1, FloatDecoding.decode(s, DType.BF16, new float[1], true));
        }
    }

    /** The bit-level finiteness test against Float.isFinite of the widened value: every 16-bit pattern, F32 edges and random bits. */
    @Test
    void allFiniteAgreesWithIsFiniteOnEveryPattern() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(4);
            for (DType dtype : new DType[] {DType.F16, DType.BF16}) {
                int unit = dtype == DType.F16 ? FloatDecoding.F16_EXPONENT_UNIT : FloatDecoding.BF16_EXPONENT_UNIT;
                for (int v = 0; v < 65536; v++) {
                    s.setAtIndex(I16_LE, 0, (short) v);
                    boolean expected = Float.isFinite(elementWise(s, dtype, 0));
                    assertEquals(expected, FloatDecoding.allFinite16(new short[] {(short) v}, 1, unit), dtype + " 0x" + Integer.toHexString(v));
                    assertEquals(expected, FloatDecoding.decode(s, dtype, new float[1], true) < 0, dtype + " 0x" + Integer.toHexString(v));
                }
            }
            Random rnd = new Random(9);
            int[] edges = {0, 0x8000_0000, 0x7f7f_ffff, 0xff7f_ffff, 0x7f80_0000, 0xff80_0000, 0x7f80_0001, 0x7fc0_0000, 0xffff_ffff, 0x0000_0001, 0x0080_0000};
            for (int i = 0; i < edges.length + 100_000; i++) {
                int bits = i < edges.length ? edges[i] : rnd.nextInt();
                s.setAtIndex(I32_LE, 0, bits);
                boolean expected = Float.isFinite(Float.intBitsToFloat(bits));
                assertEquals(expected, FloatDecoding.allFinite32(new int[] {bits}, 1), "F32 0x" + Integer.toHexString(bits));
                assertEquals(expected, FloatDecoding.decode(s, DType.F32, new float[1], true) < 0, "F32 0x" + Integer.toHexString(bits));
            }
        }
    }
}
