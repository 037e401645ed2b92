package org.voicebarometer.engine.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader against hostile files. The byte strings marked "upstream" are huggingface/safetensors'
 * own test cases (tensor.rs), byte for byte; the others cover each remaining rule of untrusted-input.md.
 */
class SafetensorsFileTest {
    @TempDir
    Path dir;

    private static final String I32_2X2 = "{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}";
    private static final String ZEROS_16 = "\0".repeat(16);

    /** Latin-1 maps each char to the byte of the same value, so "\u00ff" is the byte 0xff. */
    private Path file(String latin1) throws IOException {
        return file(latin1.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Path file(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    private String refused(String latin1) throws IOException {
        Path p = file(latin1);
        return assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p).close()).getMessage();
    }

    private static String withLength(String header) {
        long n = header.getBytes(StandardCharsets.UTF_8).length;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) sb.append((char) ((n >>> (8 * i)) & 0xff));
        return sb + header;
    }

    @Test
    void upstreamDeserialization() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file("<\0\0\0\0\0\0\0" + I32_2X2 + ZEROS_16))) {
            TensorInfo t = f.info("test");
            assertEquals(DType.I32, t.dtype());
            assertArrayEquals(new long[] {2, 2}, t.shape());
            assertEquals(16, f.bytes("test").byteSize());
            assertEquals(Map.of(), f.metadata());
            // integers parse but are not weights
            assertTrue(assertThrows(SafetensorsException.class, () -> f.floats("test")).getMessage().contains("is I32"));
        }
    }

    @Test
    void upstreamHeaderTooLarge() throws IOException {
        String msg = refused("<\0\0\0\0\u00ff\u00ff\u00ff" + I32_2X2 + ZEROS_16);
        assertTrue(msg.contains("header length 18446742974197923900 exceeds the limit of 100000000"), msg);
    }

    @Test
    void upstreamInvalidHeaderLength() throws IOException {
        String msg = refused("<\0\0\0\0\0\0\0");
        assertTrue(msg.contains("header length 60 reaches past the end of the file (8 bytes)"), msg);
    }

    @Test
    void upstreamTrailingPolyglotBytes() throws IOException {
        String msg = refused("<\0\0\0\0\0\0\0" + I32_2X2 + ZEROS_16 + "extra_bogus_data_for_polyglot_file");
        assertTrue(msg.contains("tensors cover 16 bytes of data but the file holds 50 bytes after the header (trailing bytes)"), msg);
    }

    @Test
    void upstreamTwoBytesMissing() throws IOException {
        String msg = refused("<\0\0\0\0\0\0\0" + I32_2X2 + "\0".repeat(14));
        assertTrue(msg.contains("tensors cover 16 bytes of data but the file holds 14 bytes after the header (truncated)"), msg);
    }

    @Test
    void upstreamShapeOverflow() throws IOException {
        String msg = refused("O\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,18446744073709551614],\"data_offsets\":[0,16]}}" + ZEROS_16);
        assertTrue(msg.contains("tensor 'test' shape") && msg.contains("overflows a 64-bit size"), msg);
    }

    @Test
    void shapeProductOverflowWithinLongs() throws IOException {
        String msg = refused(withLength("{\"test\":{\"dtype\":\"I32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,16]}}") + ZEROS_16);
        assertTrue(msg.contains("overflows a 64-bit element count"), msg);
        msg = refused(withLength("{\"test\":{\"dtype\":\"I32\",\"shape\":[4611686018427387904],\"data_offsets\":[0,16]}}") + ZEROS_16);
        assertTrue(msg.contains("overflows a 64-bit byte count"), msg);
    }

    @Test
    void upstreamInvalidInfo() throws IOException {
        String msg = refused("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0, 4]}}");
        assertTrue(msg.contains("tensor 'test' I32 [2, 2] needs 16 bytes but data_offsets [0, 4] span 4"), msg);
    }

    @Test
    void upstreamZeroSizedTensor() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0, 0]}}"))) {
            assertArrayEquals(new long[] {2, 0}, f.info("test").shape());
            assertEquals(0, f.bytes("test").byteSize());
        }
    }

    @Test
    void upstreamWhitespacePaddedHeader() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file("\u0006\0\0\0\0\0\0\0{}\r \t\n"))) {
            assertEquals(0, f.tensors().size());
        }
    }

    @Test
    void upstreamJsonAttackSameOffsets() throws IOException {
        StringBuilder h = new StringBuilder("{");
        for (int i = 0; i < 10; i++) {
            if (i > 0) h.append(',');
            h.append("\"weight_").append(i).append("\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}");
        }
        String msg = refused(withLength(h.append('}').toString()) + ZEROS_16);
        assertTrue(msg.contains("do not start where the previous tensor ends (16)"), msg);
    }

    @Test
    void upstreamNonUtf8AndNotJson() throws IOException {
        assertTrue(refused("\u0001\0\0\0\0\0\0\0\u00ff").contains("not valid UTF-8"));
        assertTrue(refused("\u0001\0\0\0\0\0\0\0{").contains("not valid JSON"));
    }

    @Test
    void tooShortForTheLength() throws IOException {
        assertTrue(refused("<\0\0").contains("shorter than the 8-byte header length"));
    }

    @Test
    void duplicateKeysRefused() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertTrue(refused(withLength(h) + "\0".repeat(8)).contains("Duplicate field 'a'"));
        String inner = "{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,4]}}";
        assertTrue(refused(withLength(inner) + "\0".repeat(4)).contains("Duplicate field 'dtype'"));
    }

    @Test
    void unknownFieldAndDtypeRefused() throws IOException {
        String msg = refused(withLength("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}") + "\0".repeat(4));
        assertTrue(msg.contains("tensor 'a' has unknown field 'extra'"), msg);
        msg = refused(withLength("{\"a\":{\"dtype\":\"F31\",\"shape\":[1],\"data_offsets\":[0,4]}}") + "\0".repeat(4));
        assertTrue(msg.contains("tensor 'a' has unknown dtype 'F31'"), msg);
        msg = refused(withLength("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}") + "\0".repeat(4));
        assertTrue(msg.contains("not a non-negative integer"), msg);
        msg = refused(withLength("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}") + "\0".repeat(4));
        assertTrue(msg.contains("data_offsets has 1 values, expected 2"), msg);
        msg = refused(withLength("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}") + "\0".repeat(4));
        assertTrue(msg.contains("no data_offsets array"), msg);
    }

    @Test
    void holeBetweenTensorsRefused() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}";
        assertTrue(refused(withLength(h) + "\0".repeat(12)).contains("tensor 'b' data_offsets [8, 12] do not start where the previous tensor ends (4)"));
    }

    @Test
    void metadataMustBeStrings() throws IOException {
        assertTrue(refused(withLength("{\"__metadata__\":{\"k\":1}}")).contains("__metadata__ value of 'k' is not a string"));
        assertTrue(refused(withLength("{\"__metadata__\":[]}")).contains("__metadata__ is not an object"));
        try (SafetensorsFile f = SafetensorsFile.open(file(withLength("{\"__metadata__\":{\"format\":\"pt\"}}")))) {
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
    }

    @Test
    void rankZeroAndTrailingJsonTokens() throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(file(withLength("{\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}") + "\0\0\u0080\u003f"))) {
            assertEquals(0, f.info("s").rank());
            assertArrayEquals(new float[] {1f}, f.floats("s"));
        }
        assertTrue(refused(withLength("{} {}")).contains("not valid JSON"));
    }

    @Test
    void nanScanNamesTheTensor() throws IOException {
        Path p = dir.resolve("nan.safetensors");
        new SafetensorsWriter().add("enc.w", DType.F32, new float[] {0f, Float.NaN, 1f}, 3)
                .add("enc.b", DType.BF16, new float[] {2f, Float.NEGATIVE_INFINITY}, 2).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals("tensor 'enc.w' holds NaN at element 1", assertThrows(SafetensorsException.class, () -> f.finiteFloats("enc.w")).getMessage());
            assertEquals("tensor 'enc.b' holds -Infinity at element 1", assertThrows(SafetensorsException.class, () -> f.finiteFloats("enc.b")).getMessage());
            assertTrue(Float.isNaN(f.floats("enc.w")[1])); // plain floats() keeps them: golden files may hold any value
        }
    }

    @Test
    void randomCorruptionsNeverEscapeAsOtherErrors() throws IOException {
        Path good = dir.resolve("good.safetensors");
        new SafetensorsWriter().metadata("k", "v")
                .add("a", DType.F32, new float[] {1, 2, 3}, 3)
                .add("b", DType.F16, new float[] {4, 5}, 2, 1).write(good);
        byte[] original = Files.readAllBytes(good);
        java.util.Random rnd = new java.util.Random(42);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] b = original.clone();
            int flips = 1 + rnd.nextInt(3);
            for (int i = 0; i < flips; i++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            if (rnd.nextInt(4) == 0) b = java.util.Arrays.copyOf(b, rnd.nextInt(b.length + 8));
            Path p = file(b);
            try (SafetensorsFile f = SafetensorsFile.open(p)) {
                for (String name : f.tensors().keySet()) if (f.info(name).dtype().isFloatWeight()) f.floats(name);
            } catch (SafetensorsException expected) {
                // one clear error is the contract
            }
            Files.delete(p);
        }
    }
}
