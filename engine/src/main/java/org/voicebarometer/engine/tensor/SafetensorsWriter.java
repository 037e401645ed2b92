package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes float tensors as a safetensors file: F32, F16 (round to nearest even) or BF16 (round to
 * nearest even), with an optional string→string {@code __metadata__}. Tensors are laid out in the
 * order they were added; the header is padded with spaces to a multiple of 8 bytes, as the reference
 * writer does, so the data buffer stays aligned.
 * <pre>{@code
 * new SafetensorsWriter().metadata("format", "pt").add("w", DType.F16, w, 4, 3).write(path);
 * }</pre>
 */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String name, DType dtype, long[] shape, float[] values) {}

    private final List<Entry> entries = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Adds {@code values} (row-major, length = product of shape) to be stored as {@code dtype}. */
    public SafetensorsWriter add(String name, DType dtype, float[] values, long... shape) {
        if (!dtype.isFloatWeight()) throw new IllegalArgumentException("cannot write " + dtype + "; only F32, F16, BF16");
        if (name.isEmpty() || name.equals("__metadata__")) throw new IllegalArgumentException("invalid tensor name '" + name + "'");
        if (!names.add(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        long numel = 1;
        for (long d : shape) {
            if (d < 0) throw new IllegalArgumentException("tensor '" + name + "' has negative dimension in " + Arrays.toString(shape));
            numel = Math.multiplyExact(numel, d);
        }
        if (numel != values.length)
            throw new IllegalArgumentException("tensor '" + name + "' shape " + Arrays.toString(shape) + " holds " + numel + " values, got " + values.length);
        entries.add(new Entry(name, dtype, shape.clone(), values));
        return this;
    }

    /** Adds a tensor as F32. */
    public SafetensorsWriter add(String name, FloatTensor tensor) {
        return add(name, DType.F32, tensor.data(), tensor.longShape());
    }

    /** Writes the file (through a temporary file beside it, moved into place when complete). */
    public void write(Path file) throws IOException {
        byte[] header = header();
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
                buf.putLong(header.length);
                buf.flip();
                writeFully(ch, buf);
                writeFully(ch, ByteBuffer.wrap(header));
                for (Entry e : entries) writeValues(ch, buf, e);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private byte[] header() throws JsonProcessingException {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) root.put("__metadata__", metadata);
        long offset = 0;
        for (Entry e : entries) {
            long end = offset + (long) e.values.length * e.dtype.size();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.dtype.name());
            info.put("shape", e.shape);
            info.put("data_offsets", new long[] {offset, end});
            root.put(e.name, info);
            offset = end;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        int padded = (json.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(json, padded);
        Arrays.fill(out, json.length, padded, (byte) ' ');
        return out;
    }

    private static void writeValues(FileChannel ch, ByteBuffer buf, Entry e) throws IOException {
        buf.clear();
        for (float v : e.values) {
            if (buf.remaining() < 4) {
                buf.flip();
                writeFully(ch, buf);
                buf.clear();
            }
            switch (e.dtype) {
                case F32 -> buf.putFloat(v);
                case F16 -> buf.putShort(Float.floatToFloat16(v));
                case BF16 -> buf.putShort(toBFloat16(v));
                default -> throw new AssertionError(e.dtype);
            }
        }
        buf.flip();
        writeFully(ch, buf);
    }

    /** Rounds to the nearest bfloat16 (ties to even), keeping NaN a NaN. */
    static short toBFloat16(float v) {
        int bits = Float.floatToRawIntBits(v);
        if (Float.isNaN(v)) return (short) ((bits >>> 16) | 0x0040);
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }
}
