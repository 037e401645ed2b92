package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;


/**
 * A validated, memory-mapped safetensors file: an 8-byte little-endian header length N, N bytes of
 * UTF-8 JSON, then the data buffer. {@link #open} checks every rule of the format (see
 * docs untrusted-input.md) before any tensor is read, so a hostile file gets one clear
 * {@link SafetensorsException} and never an out-of-bounds read or a huge allocation.
 * <p>Thread-safe for reading; {@link #close()} unmaps the file.
 */
public final class SafetensorsFile implements AutoCloseable {
    /** The reference implementation's limit on the header length. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Largest tensor {@link #floats} can return as one Java array. */
    static final long MAX_ARRAY_ELEMENTS = Integer.MAX_VALUE - 8;


    private final Path path;
    private final Arena arena;
    private final byte[] header; // the JSON header as stored
    private final MemorySegment data; // the data buffer (after the header)
    private final Map<String, TensorInfo> tensors; // in header order
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, byte[] header, MemorySegment data, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.header = header;
        this.data = data;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Maps and validates {@code file}; the returned object owns the mapping until {@link #close()}. */
    public static SafetensorsFile open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw fail(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            MemorySegment whole = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long n = whole.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0)
                throw fail(file, "header length " + Long.toUnsignedString(n) + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
            if (8 + n > size)
                throw fail(file, "header length " + n + " reaches past the end of the file (" + size + " bytes)");
            byte[] headerBytes = whole.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
            Header header = parseHeader(file, headerBytes, size - 8 - n);
            MemorySegment data = whole.asSlice(8 + n);
            return new SafetensorsFile(file, arena, headerBytes, data, header.tensors, header.metadata);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private record Header(Map<String, TensorInfo> tensors, Map<String, String> metadata) {}

    private static Header parseHeader(Path file, byte[] bytes, long dataLength) throws SafetensorsException {
        String text;
        try {
            text = JsonTree.strictUtf8(bytes);
        } catch (CharacterCodingException e) {
            throw fail(file, "header is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = JsonTree.parse(text, true);
        } catch (JsonProcessingException e) {
            throw fail(file, "header is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw fail(file, "header is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw fail(file, "header is not a JSON object");

        Map<String, String> metadata = Map.of();
        List<TensorInfo> list = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (e.getKey().equals("__metadata__")) metadata = parseMetadata(file, e.getValue());
            else list.add(parseEntry(file, e.getKey(), e.getValue()));
        }

        // The data buffer is exactly the tensors, back to back from offset 0, in some order.
        List<TensorInfo> byOffset = new ArrayList<>(list);
        byOffset.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long expectedBegin = 0;
        for (TensorInfo t : byOffset) {
            if (t.begin() != expectedBegin)
                throw fail(file, "tensor '" + t.name() + "' data_offsets [" + t.begin() + ", " + t.end() + "] do not start where the previous tensor ends (" + expectedBegin + ")");
            long numel = checkedNumel(file, t);
            long bytesNeeded;
            try {
                bytesNeeded = Math.multiplyExact(numel, t.dtype().size());
            } catch (ArithmeticException ex) {
                throw fail(file, "tensor '" + t.name() + "' shape " + t.shapeString() + " overflows a 64-bit byte count");
            }
            if (t.end() < t.begin() || t.end() - t.begin() != bytesNeeded)
                throw fail(file, "tensor '" + t.name() + "' " + t.dtype() + " " + t.shapeString() + " needs " + bytesNeeded
                        + " bytes but data_offsets [" + t.begin() + ", " + t.end() + "] span " + (t.end() - t.begin()));
            expectedBegin = t.end();
        }
        if (expectedBegin != dataLength)
            throw fail(file, "tensors cover " + expectedBegin + " bytes of data but the file holds " + dataLength
                    + " bytes after the header (" + (dataLength > expectedBegin ? "trailing bytes" : "truncated") + ")");

        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (TensorInfo t : list) tensors.put(t.name(), t);
        return new Header(Collections.unmodifiableMap(tensors), metadata);
    }

    private static final Set<String> ENTRY_FIELDS = Set.of("dtype", "shape", "data_offsets");

    private static TensorInfo parseEntry(Path file, String name, JsonNode node) throws SafetensorsException {
        if (!node.isObject()) throw fail(file, "entry '" + name + "' is not an object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!ENTRY_FIELDS.contains(f)) throw fail(file, "tensor '" + name + "' has unknown field '" + f + "'");
        }
        JsonNode dtypeNode = node.get("dtype");
        if (dtypeNode == null || !dtypeNode.isTextual()) throw fail(file, "tensor '" + name + "' has no string dtype");
        DType dtype = DType.byName(dtypeNode.asText());
        if (dtype == null) throw fail(file, "tensor '" + name + "' has unknown dtype '" + dtypeNode.asText() + "'");
        long[] shape = unsignedArray(file, name, "shape", node.get("shape"), -1);
        long[] offsets = unsignedArray(file, name, "data_offsets", node.get("data_offsets"), 2);
        return new TensorInfo(name, dtype, shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers that fit a signed 64-bit long (larger ones cannot describe a real file). */
    private static long[] unsignedArray(Path file, String name, String field, JsonNode node, int requiredLength) throws SafetensorsException {
        if (node == null || !node.isArray()) throw fail(file, "tensor '" + name + "' has no " + field + " array");
        if (requiredLength >= 0 && node.size() != requiredLength)
            throw fail(file, "tensor '" + name + "' " + field + " has " + node.size() + " values, expected " + requiredLength);
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0)
                throw fail(file, "tensor '" + name + "' " + field + " holds " + v + ", not a non-negative integer");
            if (!v.canConvertToLong())
                throw fail(file, "tensor '" + name + "' " + field + " value " + v + " overflows a 64-bit size");
            out[i] = v.longValue();
        }
        return out;
    }

    private static long checkedNumel(Path file, TensorInfo t) throws SafetensorsException {
        long n = 1;
        try {
            for (long d : t.shape()) n = Math.multiplyExact(n, d);
        } catch (ArithmeticException e) {
            throw fail(file, "tensor '" + t.name() + "' shape " + t.shapeString() + " overflows a 64-bit element count");
        }
        return n;
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) throws SafetensorsException {
        if (!node.isObject()) throw fail(file, "__metadata__ is not an object of strings");
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) throw fail(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
            m.put(e.getKey(), e.getValue().asText());
        }
        return Collections.unmodifiableMap(m);
    }

    static SafetensorsException fail(Path file, String what) {
        return new SafetensorsException(file + ": " + what);
    }

    public Path path() {
        return path;
    }

    /** The tensors in header order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The header entry of {@code name}, or null. */
    public TensorInfo info(String name) {
        return tensors.get(name);
    }

    /** The string→string {@code __metadata__} map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** Data blocks {@link #fingerprint} reads, spread evenly over the data. */
    private static final int FINGERPRINT_BLOCKS = 16;
    private static final int FINGERPRINT_BLOCK_BYTES = 4096;

    /**
     * Feeds {@code fingerprint} what identifies this file's content, for a cache of values derived from it: the
     * real path, size, modification time and file key (inode) of the file, its header, and 16 blocks of 4 KB
     * spread over the data. Cheap (a stat and 64 KB), so an edit that keeps the size, the modification time
     * and the inode and changes no sampled block goes unseen.
     */
    public void fingerprint(Fingerprint fingerprint) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        fingerprint.update(path.toRealPath().toString()).update(a.size() + " " + a.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " " + a.fileKey());
        fingerprint.update(header);
        long size = data.byteSize();
        for (int i = 0; i < FINGERPRINT_BLOCKS; i++) {
            long at = size * i / FINGERPRINT_BLOCKS;
            fingerprint.update(data.asSlice(at, Math.min(FINGERPRINT_BLOCK_BYTES, size - at)).asByteBuffer());
        }
    }

    /** The raw little-endian bytes of a tensor, a read-only view of the mapping. */
    public MemorySegment bytes(String name) throws SafetensorsException {
        TensorInfo t = require(name);
        return data.asSlice(t.begin(), t.byteLength());
    }

    /** A F32, F16 or BF16 tensor converted to a new float array (F16/BF16 widened exactly). */
    public float[] floats(String name) throws SafetensorsException {
        return decode(name, false);
    }

    /** As {@link #floats}, refusing a tensor that holds NaN or ±Inf (the error names it and the first bad element). */
    public float[] finiteFloats(String name) throws SafetensorsException {
        return decode(name, true);
    }

    /**
     * A F32, F16 or BF16 tensor read range by range from the mapping (valid until {@link #close()}); with
     * {@code requireFinite} a range holding NaN or ±Inf is refused as {@link #finiteFloats} refuses the tensor.
     */
    public FloatReader reader(String name, boolean requireFinite) throws SafetensorsException {
        TensorInfo t = require(name);
        if (!t.dtype().isFloatWeight())
            throw fail(path, "tensor '" + name + "' is " + t.dtype() + "; float weights must be F32, F16 or BF16");
        return new FloatReader(name, data.asSlice(t.begin(), t.byteLength()), t.dtype(), t.numel(), requireFinite);
    }

    private float[] decode(String name, boolean requireFinite) throws SafetensorsException {
        FloatReader reader = reader(name, requireFinite);
        long n = reader.numel();
        if (n > MAX_ARRAY_ELEMENTS) throw fail(path, "tensor '" + name + "' has " + n + " elements, more than one array can hold");
        float[] out = new float[(int) n];
        reader.read(0, out, 0, out.length);
        return out;
    }

    private TensorInfo require(String name) throws SafetensorsException {
        TensorInfo t = tensors.get(name);
        if (t == null) throw fail(path, "no tensor '" + name + "'");
        return t;
    }

    @Override
    public void close() {
        arena.close();
    }
}
