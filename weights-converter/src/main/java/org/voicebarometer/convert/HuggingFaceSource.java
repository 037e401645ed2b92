package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.voicebarometer.convert.torch.TorchCheckpoint;
import org.voicebarometer.convert.torch.TorchTensor;
import org.voicebarometer.engine.tensor.Checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face model directory: config.json plus {@code model.safetensors} (or sharded with its
 * index), or {@code pytorch_model.bin} (or sharded {@code pytorch_model-0000x-of-0000y.bin} with
 * {@code pytorch_model.bin.index.json}). Tensor names are already Hugging Face's.
 */
final class HuggingFaceSource {
    static final String BIN = "pytorch_model.bin";
    static final String BIN_INDEX = "pytorch_model.bin.index.json";

    private HuggingFaceSource() {}

    static boolean accepts(Path dir) {
        return Files.isRegularFile(dir.resolve("config.json"))
                && (Files.isRegularFile(dir.resolve(Checkpoint.SINGLE_FILE)) || Files.isRegularFile(dir.resolve(Checkpoint.INDEX_FILE))
                || Files.isRegularFile(dir.resolve(BIN)) || Files.isRegularFile(dir.resolve(BIN_INDEX)));
    }

    static SourceModel read(Path dir) throws IOException {
        boolean safetensors = Files.isRegularFile(dir.resolve(Checkpoint.SINGLE_FILE)) || Files.isRegularFile(dir.resolve(Checkpoint.INDEX_FILE));
        SourceModel model = new SourceModel(safetensors ? "Hugging Face safetensors"
                : Files.isRegularFile(dir.resolve(BIN_INDEX)) ? "Hugging Face sharded pytorch_model.bin" : "Hugging Face pytorch_model.bin");
        try {
            model.config = Json.readObject(dir.resolve("config.json"));
            if (Files.isRegularFile(dir.resolve("preprocessor_config.json")))
                model.preprocessorConfig = Json.readObject(dir.resolve("preprocessor_config.json"));
            for (String side : new String[] {"vocab.json", "head.json"}) {
                Path p = dir.resolve(side);
                if (Files.isRegularFile(p)) model.sideFiles.put(side, Json.bytes(Json.readObject(p)));
            }
            if (safetensors) {
                Checkpoint checkpoint = Checkpoint.open(dir);
                model.resources.add(checkpoint);
                for (String name : checkpoint.names()) model.put(name, name, Weight.of(checkpoint, name));
            } else if (Files.isRegularFile(dir.resolve(BIN_INDEX))) {
                addShards(model, dir, weightMap(dir.resolve(BIN_INDEX)));
            } else {
                addStateDict(model, dir.resolve(BIN));
            }
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Adds every tensor of a torch state dict file (integer buffers are dropped: the engine has none). */
    static void addStateDict(SourceModel model, Path file) throws IOException {
        TorchCheckpoint ckpt = TorchCheckpoint.open(file);
        model.resources.add(ckpt);
        addTensors(model, TorchCheckpoint.stateDict(ckpt.root(), file.getFileName().toString()), "");
    }

    /** Adds tensors whose names start with {@code prefix}, without it (noted once, not per tensor); float tensors only. */
    static void addTensors(SourceModel model, Map<String, TorchTensor> tensors, String prefix) throws CheckpointFormatException {
        int stripped = 0;
        for (Map.Entry<String, TorchTensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(prefix)) continue;
            if (!e.getValue().isFloat()) {
                model.dropped.add(name + " (" + e.getValue() + ", not a float weight)");
                continue;
            }
            String hf = name.substring(prefix.length());
            model.put(hf, hf, Weight.of(e.getValue()));
            if (!prefix.isEmpty()) stripped++;
        }
        if (stripped > 0) model.notes.add("removed the prefix '" + prefix + "' from " + stripped + " tensor names");
    }

    /** Every shard of the index, each holding exactly the tensors the index maps to it. */
    private static void addShards(SourceModel model, Path dir, Map<String, String> weightMap) throws IOException {
        Set<String> seen = new LinkedHashSet<>();
        for (String shard : new LinkedHashSet<>(weightMap.values())) {
            TorchCheckpoint ckpt = TorchCheckpoint.open(dir.resolve(shard));
            model.resources.add(ckpt);
            Map<String, TorchTensor> tensors = TorchCheckpoint.stateDict(ckpt.root(), shard);
            for (String name : tensors.keySet()) {
                if (!shard.equals(weightMap.get(name)))
                    throw new CheckpointFormatException(BIN_INDEX + ": " + shard + " holds '" + name + "', which the index maps to " + weightMap.get(name));
                seen.add(name);
            }
            addTensors(model, tensors, "");
        }
        for (String name : weightMap.keySet()) {
            if (!seen.contains(name)) throw new CheckpointFormatException(BIN_INDEX + ": '" + name + "' is in no shard");
        }
    }

    /** The {@code weight_map} of a {@code pytorch_model.bin.index.json}: tensor → shard, each shard a plain file name. */
    private static Map<String, String> weightMap(Path index) throws IOException {
        JsonNode map = Json.readObject(index).get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) throw new CheckpointFormatException(index + ": no weight_map object");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : map.properties()) {
            String f = e.getValue().asText("");
            if (!e.getValue().isTextual() || !f.matches("[A-Za-z0-9_.-]+") || f.equals(".") || f.equals(".."))
                throw new CheckpointFormatException(index + ": shard '" + f + "' is not a plain file name");
            out.put(e.getKey(), f);
        }
        return out;
    }
}
