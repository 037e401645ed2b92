package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;
import org.voicebarometer.convert.pickle.PickleLimits;
import org.voicebarometer.convert.pickle.PickleMachine;
import org.voicebarometer.convert.pickle.PyDict;
import org.voicebarometer.convert.pickle.PyList;
import org.voicebarometer.convert.pickle.Tuple;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code torch.save} file read as data: {@code pytorch_model.bin}, fairseq {@code .pt}, SpeechBrain
 * {@code .ckpt}. Two formats: the zip of torch ≥ 1.6 ({@code <root>/data.pkl} + {@code <root>/data/<key>},
 * see {@link CheckpointZip}) and the legacy stream of older torch (pickles for the magic number, the
 * protocol version, the system info, the object and the storage keys, then each storage as an int64
 * element count and its bytes). {@link #root()} is the unpickled object (dicts, lists, tuples, scalars
 * and {@link TorchTensor}s); tensors stay slices of the mapped file.
 */
public final class TorchCheckpoint implements AutoCloseable {
    static final long MAX_PICKLE_BYTES = 512L << 20;
    /** {@code pickle.dumps(0x1950a86a20f9469cfc6c)} after the PROTO (and FRAME) header: LONG1 of 10 bytes, STOP. */
    private static final byte[] LEGACY_MAGIC = {(byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20,
            0x6a, (byte) 0xa8, 0x50, 0x19, 0x2e};
    private static final long LEGACY_PROTOCOL_VERSION = 1001;

    private final String fileName;
    private final AutoCloseable resource;
    private final Object root;

    private TorchCheckpoint(String fileName, AutoCloseable resource, Object root) {
        this.fileName = fileName;
        this.resource = resource;
        this.root = root;
    }

    public static TorchCheckpoint open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return read(path.getFileName().toString(), file, arena, PickleLimits.DEFAULT);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** An in-memory checkpoint (tests, fuzzing). */
    public static TorchCheckpoint of(String name, byte[] bytes, PickleLimits limits) throws CheckpointFormatException {
        Arena arena = Arena.ofShared();
        try {
            return read(name, MemorySegment.ofArray(bytes), arena, limits);
        } catch (CheckpointFormatException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static TorchCheckpoint read(String name, MemorySegment file, Arena arena, PickleLimits limits) throws CheckpointFormatException {
        // On failure the caller closes the arena, which unmaps the file.
        if (CheckpointZip.looksLikeZip(file)) {
            CheckpointZip zip = new CheckpointZip(name, arena, file);
            return new TorchCheckpoint(name, zip, readZip(zip, limits));
        }
        if (legacyPickleStart(file) > 0) return new TorchCheckpoint(name, arena::close, readLegacy(name, file, limits));
        throw new CheckpointFormatException(name + ": not a torch.save file (neither a zip nor the legacy format)");
    }

    public Object root() {
        return root;
    }

    /**
     * The tensors of a state dict, in order. Every key must be a string and every value a tensor.
     * @param where how to name the dict in errors (e.g. {@code model})
     */
    public static Map<String, TorchTensor> stateDict(Object dict, String where) throws CheckpointFormatException {
        if (!(dict instanceof PyDict d)) throw new CheckpointFormatException(where + " is not a dict");
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<Object, Object> e : d.entrySet()) {
            if (!(e.getKey() instanceof String name)) throw new CheckpointFormatException(where + " has a non-string key");
            if (!(e.getValue() instanceof TorchTensor t)) throw new CheckpointFormatException(where + "['" + printable(name) + "'] is not a tensor");
            tensors.put(name, t);
        }
        return tensors;
    }

    @Override
    public void close() {
        try {
            resource.close();
        } catch (Exception e) {
            throw new IllegalStateException(fileName + ": cannot unmap", e);
        }
    }

    private static Object readZip(CheckpointZip zip, PickleLimits limits) throws CheckpointFormatException {
        String where = zip.fileName() + ": " + zip.root() + "/data.pkl";
        if (zip.contains("byteorder")) {
            String order = new String(zip.read("byteorder").toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
            if (!order.equals("little")) throw new CheckpointFormatException(zip.fileName() + ": " + zip.root() + "/byteorder is '" + printable(order) + "', only 'little' is supported");
        }
        MemorySegment pickle = zip.read("data.pkl");
        if (pickle.byteSize() > MAX_PICKLE_BYTES) throw new CheckpointFormatException(where + " larger than " + MAX_PICKLE_BYTES + " bytes");
        Map<String, TorchStorage> storages = new LinkedHashMap<>();
        return PickleMachine.load(where, pickle.toArray(ValueLayout.JAVA_BYTE), TorchGlobals.allowList(), pid -> {
            TorchStorage s = storage(where, pid, 5, storages);
            if (!s.attached()) s.attach(zip.fileName(), zip.read("data/" + s.key()));
            return s;
        }, limits);
    }

    /** Where the second pickle starts when the file begins with the legacy magic number, else 0. */
    private static long legacyPickleStart(MemorySegment file) {
        if (file.byteSize() < 2 + LEGACY_MAGIC.length || file.get(ValueLayout.JAVA_BYTE, 0) != (byte) 0x80) return 0;
        for (long at : new long[] {2, 11}) { // after PROTO; after PROTO + FRAME (protocols 4 and 5)
            if (at + LEGACY_MAGIC.length <= file.byteSize()
                    && MemorySegment.mismatch(file, at, at + LEGACY_MAGIC.length, MemorySegment.ofArray(LEGACY_MAGIC), 0, LEGACY_MAGIC.length) == -1)
                return at + LEGACY_MAGIC.length;
        }
        return 0;
    }

    private static Object readLegacy(String name, MemorySegment file, PickleLimits limits) throws CheckpointFormatException {
        ByteBuffer in = file.asSlice(0, Math.min(file.byteSize(), MAX_PICKLE_BYTES)).asByteBuffer();
        in.position((int) legacyPickleStart(file));
        PickleMachine.PersistentLoader none = pid -> {
            throw new CheckpointFormatException(name + ": persistent id outside the object pickle");
        };
        Object version = PickleMachine.load(name + " (protocol version)", in, TorchGlobals.allowList(), none, limits);
        if (!Long.valueOf(LEGACY_PROTOCOL_VERSION).equals(version)) throw new CheckpointFormatException(name + ": legacy protocol version " + version + " (only 1001)");
        Object sysInfo = PickleMachine.load(name + " (system info)", in, TorchGlobals.allowList(), none, limits);
        if (!(sysInfo instanceof PyDict info) || !Boolean.TRUE.equals(info.get("little_endian")))
            throw new CheckpointFormatException(name + ": saved on a big-endian machine or without system info; only little-endian is supported");
        Map<String, TorchStorage> storages = new LinkedHashMap<>();
        Object root = PickleMachine.load(name, in, TorchGlobals.allowList(), pid -> storage(name, pid, 6, storages), limits);
        Object keys = PickleMachine.load(name + " (storage keys)", in, TorchGlobals.allowList(), none, limits);
        if (!(keys instanceof PyList list)) throw new CheckpointFormatException(name + ": storage keys are not a list");
        Set<String> seen = new HashSet<>();
        long p = in.position();
        for (Object key : list) {
            TorchStorage s = key instanceof String k ? storages.get(k) : null;
            if (s == null || !seen.add(s.key())) throw new CheckpointFormatException(name + ": storage key list names a storage the object does not use, or twice");
            if (p + 8 > file.byteSize()) throw new CheckpointFormatException(name + ": storage " + s.key() + " past the end of the file");
            long numel = file.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), p);
            if (numel != s.numel()) throw new CheckpointFormatException(name + ": storage " + s.key() + " records " + numel + " elements, its id " + s.numel());
            if (numel > (file.byteSize() - p - 8) / s.type().elementSize())
                throw new CheckpointFormatException(name + ": storage " + s.key() + " of " + numel + " elements runs past the end of the file");
            long bytes = numel * s.type().elementSize();
            s.attach(name, file.asSlice(p + 8, bytes));
            p += 8 + bytes;
        }
        if (seen.size() != storages.size()) throw new CheckpointFormatException(name + ": the storage key list misses storages the object uses");
        if (p != file.byteSize()) throw new CheckpointFormatException(name + ": " + (file.byteSize() - p) + " bytes after the last storage");
        return root;
    }

    /** A persistent id {@code ('storage', torch.XStorage, key, location, numel[, view_metadata None])} → its storage. */
    private static TorchStorage storage(String where, Object pid, int arity, Map<String, TorchStorage> storages) throws CheckpointFormatException {
        String bad = where + ": persistent id ";
        if (!(pid instanceof Tuple t) || t.size() != arity || !"storage".equals(t.get(0)))
            throw new CheckpointFormatException(bad + "is not ('storage', type, key, location, numel" + (arity == 6 ? ", None)" : ")"));
        if (!(t.get(1) instanceof TorchGlobals.StorageClass type)) throw new CheckpointFormatException(bad + "names no storage type");
        if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_]{1,64}")) throw new CheckpointFormatException(bad + "has a bad storage key");
        if (!(t.get(3) instanceof String)) throw new CheckpointFormatException(bad + "has a bad location");
        if (!(t.get(4) instanceof Long numel) || numel < 0) throw new CheckpointFormatException(bad + "has a bad element count");
        if (arity == 6 && t.get(5) != null) throw new CheckpointFormatException(bad + "is a storage view (torch < 1.0), not supported");
        TorchStorage known = storages.get(key);
        if (known != null) {
            if (known.type() != type.type() || known.numel() != numel)
                throw new CheckpointFormatException(bad + "refers to storage " + key + " with two different types or sizes");
            return known;
        }
        TorchStorage storage = new TorchStorage(key, type.type(), numel);
        storages.put(key, storage);
        return storage;
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
