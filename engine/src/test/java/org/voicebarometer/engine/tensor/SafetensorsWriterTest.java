package org.voicebarometer.engine.tensor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryFloatTypeWithMetadata() throws IOException {
        float[] values = {0f, -1.5f, 3.14159265f, 65504f, 1e-8f, -0f, Float.POSITIVE_INFINITY, 1.0009765625f, 0.1f, 7f, -2.75f, 123456.789f};
        Path p = dir.resolve("x.safetensors");
        new SafetensorsWriter().metadata("transcript", "a man said")
                .add("f32", DType.F32, values, 3, 4)
                .add("f16", DType.F16, values, 12)
                .add("bf16", DType.BF16, values, 2, 2, 3)
                .add("empty", DType.F32, new float[0], 0, 5)
                .add("scalar", DType.F32, new float[] {42f})
                .write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("transcript", "a man said"), f.metadata());
            assertEquals(java.util.List.of("f32", "f16", "bf16", "empty", "scalar"), java.util.List.copyOf(f.tensors().keySet()));
            assertArrayEquals(values, f.floats("f32"));
            assertArrayEquals(new long[] {2, 2, 3}, f.info("bf16").shape());
            float[] f16 = f.floats("f16"), bf16 = f.floats("bf16");
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[i])), f16[i], "f16 " + i);
                // bf16 keeps 8 significant bits: relative error at most 2^-9 after rounding to nearest
                assertEquals(values[i], bf16[i], Float.isInfinite(values[i]) ? 0 : Math.abs(values[i]) / 256.0, "bf16 " + i);
            }
            assertEquals(65504f, f16[3]);
            assertEquals(1.0f, bf16[7]); // 1.0009765625 = 1 + 2^-10 rounds to 1.0 in bf16 (nearest)
            assertEquals(0, f.floats("empty").length);
            assertEquals(0, f.info("scalar").rank());
            assertArrayEquals(new float[] {42f}, f.floats("scalar"));
            // the data buffer starts 8-aligned: 8 + padded header length
            long headerLen = Files.size(p) - 8 - (12 * 4 + 12 * 2 + 12 * 2 + 4);
            assertEquals(0, headerLen % 8);
        }
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        assertEquals((short) 0x3F80, SafetensorsWriter.toBFloat16(Float.intBitsToFloat(0x3F808000))); // tie → even (down)
        assertEquals((short) 0x3F82, SafetensorsWriter.toBFloat16(Float.intBitsToFloat(0x3F818000))); // tie → even (up)
        assertEquals((short) 0x3F81, SafetensorsWriter.toBFloat16(Float.intBitsToFloat(0x3F808001)));
        assertEquals(true, Float.isNaN(Float.intBitsToFloat(SafetensorsWriter.toBFloat16(Float.NaN) << 16)));
    }

    @Test
    void refusesWrongShapesAndNames() {
        SafetensorsWriter w = new SafetensorsWriter().add("a", DType.F32, new float[2], 2);
        assertThrows(IllegalArgumentException.class, () -> w.add("a", DType.F32, new float[2], 2));
        assertThrows(IllegalArgumentException.class, () -> w.add("b", DType.F32, new float[3], 2));
        assertThrows(IllegalArgumentException.class, () -> w.add("__metadata__", DType.F32, new float[1], 1));
        assertThrows(IllegalArgumentException.class, () -> w.add("c", DType.I32, new float[1], 1));
    }

    @Test
    void shardedCheckpointFollowsTheIndex() throws IOException {
        new SafetensorsWriter().add("x.weight", DType.F32, new float[] {1, 2}, 2).write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().add("y.weight", DType.BF16, new float[] {3}, 1).write(dir.resolve("model-00002-of-00002.safetensors"));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), """
                {"metadata": {"total_size": 10}, "weight_map": {
                  "x.weight": "model-00001-of-00002.safetensors", "y.weight": "model-00002-of-00002.safetensors"}}""");
        try (Checkpoint c = Checkpoint.open(dir)) {
            assertArrayEquals(new float[] {1, 2}, c.floats("x.weight"));
            assertArrayEquals(new float[] {3}, c.floats("y.weight"));
            assertEquals(DType.BF16, c.info("y.weight").dtype());
        }
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), """
                {"weight_map": {"x.weight": "../model-00001-of-00002.safetensors"}}""");
        assertEquals(true, assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir)).getMessage().contains("not a plain file name"));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), """
                {"weight_map": {"y.weight": "model-00001-of-00002.safetensors"}}""");
        assertEquals(true, assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir)).getMessage().contains("does not hold it"));
        Files.writeString(dir.resolve(Checkpoint.INDEX_FILE), """
                {"weight_map": {"x.weight": "model-00001-of-00002.safetensors", "x.weight": "model-00001-of-00002.safetensors"}}""");
        assertEquals(true, assertThrows(SafetensorsException.class, () -> Checkpoint.open(dir)).getMessage().contains("Duplicate field"));
    }
}
