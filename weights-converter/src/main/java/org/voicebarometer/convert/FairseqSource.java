package org.voicebarometer.convert;

import org.voicebarometer.convert.pickle.PyDict;
import org.voicebarometer.convert.torch.TorchCheckpoint;
import org.voicebarometer.convert.torch.TorchTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A fairseq wav2vec2 / HuBERT checkpoint ({@code .pt}): {@code {"model": state dict, "args": Namespace
 * or None, "cfg": dict, ...}}. The config comes from {@code cfg["model"]} or {@code args}; a
 * config.json beside the file wins over both and is required when neither can be read as data.
 */
final class FairseqSource {
    private FairseqSource() {}

    static SourceModel read(Path file) throws IOException {
        SourceModel model = new SourceModel("fairseq checkpoint");
        try {
            TorchCheckpoint ckpt = TorchCheckpoint.open(file);
            model.resources.add(ckpt);
            if (!(ckpt.root() instanceof PyDict root) || !root.containsKey("model"))
                throw new CheckpointFormatException(file.getFileName() + ": not a fairseq checkpoint (no 'model' entry)");
            Map<String, TorchTensor> state = TorchCheckpoint.stateDict(root.get("model"), "model");
            PyDict args = modelArgs(root);
            boolean hubert = isHubert(args, state);
            Path beside = file.resolveSibling("config.json");
            if (Files.isRegularFile(beside)) {
                model.config = Json.readObject(beside);
                model.notes.add("config from " + beside.getFileName());
            } else if (args != null) {
                model.config = FairseqConfig.toHuggingFace(args, hubert);
                model.notes.add("config built from the checkpoint's " + (root.get("cfg") instanceof PyDict ? "cfg" : "args"));
            } else {
                throw new CheckpointFormatException(file.getFileName() + ": its args/cfg cannot be read as data; put the model's config.json beside it");
            }
            model.preprocessorConfig = Json.MAPPER.createObjectNode()
                    .put("do_normalize", normalize(root, args))
                    .put("feature_extractor_type", "Wav2Vec2FeatureExtractor")
                    .put("sampling_rate", 16000);
            for (Map.Entry<String, TorchTensor> e : state.entrySet()) {
                String hf = FairseqNames.toHuggingFace(e.getKey());
                if (hf == null) {
                    model.dropped.add(e.getKey() + " (pretraining only)");
                } else if (!e.getValue().isFloat()) {
                    model.dropped.add(e.getKey() + " (" + e.getValue() + ", not a float weight)");
                } else {
                    model.put(e.getKey(), hf, Weight.of(e.getValue()));
                }
            }
            if (model.tensors.containsKey("lm_head.weight"))
                throw new CheckpointFormatException(file.getFileName() + ": fine-tuned CTC checkpoints need their vocabulary; convert the Hugging Face release instead");
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** {@code cfg["model"]} (fairseq ≥ 0.10), else {@code args}; for fine-tuned models the wrapped {@code w2v_args}. */
    private static PyDict modelArgs(PyDict root) {
        PyDict args = root.get("cfg") instanceof PyDict cfg && cfg.get("model") instanceof PyDict m ? m
                : root.get("args") instanceof PyDict a ? a : null;
        if (args != null && args.get("w2v_args") instanceof PyDict inner)
            return inner.get("model") instanceof PyDict m ? m : inner;
        return args;
    }

    private static boolean isHubert(PyDict args, Map<String, TorchTensor> state) {
        Object name = args == null ? null : args.getOrDefault("_name", args.get("arch"));
        return (name instanceof String s && s.contains("hubert")) || state.containsKey("label_embs_concat");
    }

    /** fairseq's task.normalize: whether the waveform is normalised to zero mean, unit variance. */
    private static boolean normalize(PyDict root, PyDict args) {
        if (root.get("cfg") instanceof PyDict cfg && cfg.get("task") instanceof PyDict task && task.get("normalize") instanceof Boolean b) return b;
        if (root.get("args") instanceof PyDict a && a.get("normalize") instanceof Boolean b) return b;
        return args != null && args.get("normalize") instanceof Boolean b && b;
    }
}
