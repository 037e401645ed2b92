package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;
import org.voicebarometer.convert.pickle.PickleLimits;
import org.voicebarometer.convert.pickle.PickleMachine;
import org.voicebarometer.convert.pickle.PyDict;
import org.voicebarometer.convert.pickle.Tuple;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code torch.save} file (zip format, torch ≥ 1.6) read as data: {@code pytorch_model.bin},
 * fairseq {@code .pt}, SpeechBrain {@code .ckpt}. {@link #root()} is the unpickled object (dicts,
 * lists, tuples, scalars and {@link TorchTensor}s); tensors stay slices of the mapped file.
 */
public final class TorchCheckpoint implements AutoCloseable {
    static final long MAX_PICKLE_BYTES = 512L << 20;

    private final CheckpointZip zip;
    private final Object root;

    private TorchCheckpoint(CheckpointZip zip, PickleLimits limits) throws CheckpointFormatException {
        this.zip = zip;
        try {
            if (zip.contains("byteorder")) {
                String order = new String(zip.read("byteorder").toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII);
                if (!order.equals("little")) throw new CheckpointFormatException(zip.fileName() + ": " + zip.root() + "/byteorder is '" + printable(order) + "', only 'little' is supported");
            }
            MemorySegment pickle = zip.read("data.pkl");
            if (pickle.byteSize() > MAX_PICKLE_BYTES) throw new CheckpointFormatException(pickleName() + " larger than " + MAX_PICKLE_BYTES + " bytes");
            Map<String, TorchGlobals.Storage> storages = new HashMap<>();
            this.root = PickleMachine.load(pickleName(), pickle.toArray(ValueLayout.JAVA_BYTE),
                    TorchGlobals.allowList(), pid -> storage(pid, storages), limits);
        } catch (CheckpointFormatException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    public static TorchCheckpoint open(Path path) throws IOException {
        return new TorchCheckpoint(CheckpointZip.open(path), PickleLimits.DEFAULT);
    }

    /** An in-memory checkpoint (tests, fuzzing). */
    public static TorchCheckpoint of(String name, byte[] bytes, PickleLimits limits) throws CheckpointFormatException {
        return new TorchCheckpoint(CheckpointZip.of(name, bytes), limits);
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
        zip.close();
    }

    /** A persistent id {@code ('storage', torch.XStorage, key, location, numel)} → its checked storage. */
    private TorchGlobals.Storage storage(Object pid, Map<String, TorchGlobals.Storage> storages) throws CheckpointFormatException {
        String where = pickleName() + ": persistent id ";
        if (!(pid instanceof Tuple t) || t.size() != 5 || !"storage".equals(t.get(0)))
            throw new CheckpointFormatException(where + "is not ('storage', type, key, location, numel)");
        if (!(t.get(1) instanceof TorchGlobals.StorageClass type)) throw new CheckpointFormatException(where + "names no storage type");
        if (!(t.get(2) instanceof String key) || !key.matches("[A-Za-z0-9_]{1,64}")) throw new CheckpointFormatException(where + "has a bad storage key");
        if (!(t.get(3) instanceof String)) throw new CheckpointFormatException(where + "has a bad location");
        if (!(t.get(4) instanceof Long numel) || numel < 0) throw new CheckpointFormatException(where + "has a bad element count");
        TorchGlobals.Storage known = storages.get(key);
        if (known != null) {
            if (known.type() != type.type() || known.numel() != numel)
                throw new CheckpointFormatException(where + "refers to storage " + key + " with two different types or sizes");
            return known;
        }
        MemorySegment data = zip.read("data/" + key);
        long expected;
        try {
            expected = Math.multiplyExact(numel, (long) type.type().elementSize());
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(where + "has an element count that overflows");
        }
        if (data.byteSize() != expected)
            throw new CheckpointFormatException(zip.fileName() + ": storage " + key + " holds " + data.byteSize() + " bytes, but " + numel + " "
                    + type.qualifiedName() + " elements need " + expected);
        TorchGlobals.Storage storage = new TorchGlobals.Storage(key, type.type(), numel, data);
        storages.put(key, storage);
        return storage;
    }

    private String pickleName() {
        return zip.fileName() + ": " + zip.root() + "/data.pkl";
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return t.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
