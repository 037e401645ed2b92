package org.voicebarometer.engine.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Range reads from the mapping against whole-tensor decoding, bit for bit, and their refusals. */
class FloatReaderTest {
    @TempDir
    Path dir;

    /** Every range of a tensor longer than a decoding chunk, in every float type, equals that slice of floats(). */
    @Test
    void rangesEqualTheWholeTensorInEveryFloatType() throws IOException {
        int n = 2 * FloatDecoding.CHUNK + 37;
        float[] values = new float[n];
        Random rnd = new Random(3);
        for (int i = 0; i < n; i++) values[i] = (float) rnd.nextGaussian() * 1e3f;
        Path p = dir.resolve("r.safetensors");
        new SafetensorsWriter().add("f32", DType.F32, values, n).add("f16", DType.F16, values, n).add("bf16", DType.BF16, values, n).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            for (String name : new String[] {"f32", "f16", "bf16"}) {
                float[] whole = f.floats(name);
                FloatReader reader = f.reader(name, true);
                assertEquals(n, reader.numel());
                int[][] ranges = {{0, n}, {0, 1}, {n - 1, 1}, {5, 0}, {17, FloatDecoding.CHUNK + 3}, {FloatDecoding.CHUNK - 1, 2}, {1000, n - 1000}};
                for (int[] r : ranges) {
                    float[] dst = new float[r[1] + 9];
                    reader.read(r[0], dst, 7, r[1]);
                    for (int i = 0; i < r[1]; i++)
                        assertEquals(Float.floatToRawIntBits(whole[r[0] + i]), Float.floatToRawIntBits(dst[7 + i]), name + " element " + (r[0] + i));
                    assertEquals(0f, dst[6]);
                    assertEquals(0f, dst[7 + r[1]]);
                }
            }
        }
    }

    /** Whichever range meets a bad value first, the error names the tensor's first bad element, as finiteFloats does. */
    @Test
    void aNonFiniteValueInARangeIsReportedAsTheTensorsFirst() throws IOException {
        int n = 3 * FloatDecoding.CHUNK;
        float[] values = new float[n];
        values[FloatDecoding.CHUNK + 5] = Float.NEGATIVE_INFINITY;
        values[2 * FloatDecoding.CHUNK + 1] = Float.NaN;
        Path p = dir.resolve("bad.safetensors");
        new SafetensorsWriter().add("w", DType.BF16, values, 3, FloatDecoding.CHUNK).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            String expected = "tensor 'w' holds -Infinity at element " + (FloatDecoding.CHUNK + 5);
            assertEquals(expected, assertThrows(SafetensorsException.class, () -> f.finiteFloats("w")).getMessage());
            FloatReader finite = f.reader("w", true);
            float[] dst = new float[FloatDecoding.CHUNK];
            finite.read(0, dst, 0, FloatDecoding.CHUNK); // the clean first row
            assertEquals(expected, assertThrows(SafetensorsException.class, () -> finite.read(2L * FloatDecoding.CHUNK, dst, 0, 10)).getMessage());
            assertEquals(expected, assertThrows(SafetensorsException.class, () -> finite.read(FloatDecoding.CHUNK + 5, dst, 0, 1)).getMessage());
            f.reader("w", false).read(2L * FloatDecoding.CHUNK, dst, 0, 10); // without the check the values come through
            assertTrue(Float.isNaN(dst[1]));
        }
    }

    @Test
    void rangesOutsideTheTensorAndNonFloatTensorsAreRefused() throws IOException {
        Path p = dir.resolve("small.safetensors");
        new SafetensorsWriter().add("w", DType.F16, new float[] {1, 2, 3, 4, 5}, 5).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            FloatReader reader = f.reader("w", true);
            float[] dst = new float[8];
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(3, dst, 0, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(-1, dst, 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> reader.read(0, dst, 6, 3));
            assertThrows(SafetensorsException.class, () -> f.reader("missing", true));
        }
        Path ints = dir.resolve("ints.safetensors");
        Files.write(ints, withLength("{\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        try (SafetensorsFile f = SafetensorsFile.open(ints)) {
            assertTrue(assertThrows(SafetensorsException.class, () -> f.reader("i", true)).getMessage().contains("float weights must be F32, F16 or BF16"));
        }
    }

    private static byte[] withLength(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }
}
