package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weights of a model directory: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file name).
 * Every shard is validated on open; a shard may only be a plain file name inside the directory.
 */
public final class Checkpoint implements AutoCloseable {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** An index is a name→file map; even a model with 100k tensors stays far below this. */
    static final long MAX_INDEX_BYTES = 100_000_000L;

    private final List<SafetensorsFile> files;
    private final Map<String, SafetensorsFile> owner; // tensor name → the file holding it

    private Checkpoint(List<SafetensorsFile> files, Map<String, SafetensorsFile> owner) {
        this.files = files;
        this.owner = owner;
    }

    /** Opens the weights of the model directory {@code dir}. */
    public static Checkpoint open(Path dir) throws IOException {
        Path single = dir.resolve(SINGLE_FILE);
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) return openSharded(dir, index);
        if (Files.isRegularFile(single)) {
            SafetensorsFile f = SafetensorsFile.open(single);
            Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
            for (String name : f.tensors().keySet()) owner.put(name, f);
            return new Checkpoint(List.of(f), owner);
        }
        throw new SafetensorsException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE
                + " (convert .bin/.pt checkpoints with ./barometer convert)");
    }

    private static Checkpoint openSharded(Path dir, Path index) throws IOException {
        long size = Files.size(index);
        if (size > MAX_INDEX_BYTES) throw new SafetensorsException(index + ": " + size + " bytes exceeds the limit of " + MAX_INDEX_BYTES);
        JsonNode root;
        try {
            root = JsonTree.parse(Files.readAllBytes(index), true);
        } catch (JsonProcessingException e) {
            throw new SafetensorsException(index + ": not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) throw new SafetensorsException(index + ": no weight_map object");

        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        Map<String, SafetensorsFile> owner = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, JsonNode> e : map.properties()) {
                String tensor = e.getKey();
                JsonNode v = e.getValue();
                if (!v.isTextual()) throw new SafetensorsException(index + ": weight_map value of '" + tensor + "' is not a file name");
                String shardName = v.asText();
                if (!isPlainFileName(shardName))
                    throw new SafetensorsException(index + ": shard '" + shardName + "' of '" + tensor + "' is not a plain file name in the model directory");
                SafetensorsFile shard = shards.get(shardName);
                if (shard == null) {
                    shard = SafetensorsFile.open(dir.resolve(shardName));
                    shards.put(shardName, shard);
                }
                if (!shard.contains(tensor))
                    throw new SafetensorsException(index + ": tensor '" + tensor + "' is mapped to " + shardName + ", which does not hold it");
                owner.put(tensor, shard);
            }
        } catch (IOException | RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
        return new Checkpoint(new ArrayList<>(shards.values()), owner);
    }

    private static boolean isPlainFileName(String s) {
        return !s.isEmpty() && !s.equals(".") && !s.equals("..") && s.indexOf('/') < 0 && s.indexOf('\\') < 0
                && s.indexOf(':') < 0 && s.indexOf('\0') < 0;
    }

    /** Tensor names, in index (or header) order. */
    public Iterable<String> names() {
        return Collections.unmodifiableSet(owner.keySet());
    }

    public boolean contains(String name) {
        return owner.containsKey(name);
    }

    /** The header entry of {@code name}, or null. */
    public TensorInfo info(String name) {
        SafetensorsFile f = owner.get(name);
        return f == null ? null : f.info(name);
    }

    /** A F32/F16/BF16 tensor as a new float array. */
    public float[] floats(String name) throws SafetensorsException {
        SafetensorsFile f = owner.get(name);
        if (f == null) throw new SafetensorsException("no tensor '" + name + "' in the checkpoint");
        return f.floats(name);
    }

    /** As {@link #floats}, refusing NaN and ±Inf (the error names the tensor and the first bad element). */
    public float[] finiteFloats(String name) throws SafetensorsException {
        SafetensorsFile f = owner.get(name);
        if (f == null) throw new SafetensorsException("no tensor '" + name + "' in the checkpoint");
        return f.finiteFloats(name);
    }

    /** A F32/F16/BF16 tensor read range by range from its mapped file (see {@link SafetensorsFile#reader}). */
    public FloatReader reader(String name, boolean requireFinite) throws SafetensorsException {
        SafetensorsFile f = owner.get(name);
        if (f == null) throw new SafetensorsException("no tensor '" + name + "' in the checkpoint");
        return f.reader(name, requireFinite);
    }

    /**
     * Feeds {@code fingerprint} what identifies these weights (see {@link SafetensorsFile#fingerprint}): every file's
     * fingerprint and which file holds each tensor.
     */
    public void fingerprint(Fingerprint fingerprint) throws IOException {
        for (SafetensorsFile f : files) f.fingerprint(fingerprint);
        for (Map.Entry<String, SafetensorsFile> e : owner.entrySet()) fingerprint.update(e.getKey()).update(Integer.toString(files.indexOf(e.getValue())));
    }

    /** The {@code __metadata__} of the first file. */
    public Map<String, String> metadata() {
        return files.isEmpty() ? Map.of() : files.getFirst().metadata();
    }

    @Override
    public void close() {
        files.forEach(SafetensorsFile::close);
    }
}
