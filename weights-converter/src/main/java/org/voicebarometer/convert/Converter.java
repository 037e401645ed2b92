package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.DType;
import org.voicebarometer.engine.tensor.SafetensorsWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Converts a checkpoint into a model directory the engine loads directly (docs/model-format.md):
 * config.json, preprocessor_config.json, one {@code model.safetensors} under canonical Hugging Face
 * names, head.json / vocab.json when the model needs them.
 * Sources: a Hugging Face directory (safetensors, pytorch_model.bin, either sharded), a fairseq
 * wav2vec2/HuBERT {@code .pt}, SpeechBrain's wav2vec2 emotion recipe. Pickles are read as data only.
 */
public final class Converter {
    static final Set<String> SUPPORTED_MODEL_TYPES = Set.of("wav2vec2", "hubert");

    private Converter() {}

    /**
     * @param dtype the stored type of every weight (F32, F16, BF16), or null to keep each tensor's own
     */
    public static ConversionSummary convert(Path source, Path out, DType dtype) throws IOException {
        if (dtype != null && !dtype.isFloatWeight()) throw new IllegalArgumentException("--dtype must be F32, F16 or BF16");
        try (SourceModel model = open(source)) {
            CanonicalNames.apply(model);
            String type = model.config.path("model_type").asText("");
            if (!SUPPORTED_MODEL_TYPES.contains(type))
                throw new CheckpointFormatException("config.json: model_type '" + type + "' is not supported (wav2vec2 and hubert are; WavLM and data2vec-audio are not yet)");
            if (model.tensors.isEmpty()) throw new CheckpointFormatException(source + ": no tensors to convert");
            prepareOutput(source, out);
            List<String> written = new ArrayList<>();

            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            long bytes = 0;
            for (Map.Entry<String, Weight> e : model.tensors.entrySet()) {
                Weight w = e.getValue();
                DType target = dtype != null ? dtype : w.dtype();
                float[] values = w.floats();
                writer.add(e.getKey(), target, values, w.shape());
                bytes += (long) values.length * target.size();
            }
            writer.write(out.resolve(Checkpoint.SINGLE_FILE));
            written.add(Checkpoint.SINGLE_FILE + " (" + model.tensors.size() + " tensors, " + bytes + " bytes of weights)");

            ObjectNode config = model.config.deepCopy();
            if (dtype != null) config.put("torch_dtype", switch (dtype) {
                case F16 -> "float16";
                case BF16 -> "bfloat16";
                default -> "float32";
            });
            write(out, "config.json", Json.bytes(config), written);
            ObjectNode pre = model.preprocessorConfig != null ? model.preprocessorConfig
                    : Json.MAPPER.createObjectNode().put("do_normalize", true).put("sampling_rate", 16000);
            write(out, "preprocessor_config.json", Json.bytes(pre), written);
            for (Map.Entry<String, byte[]> side : model.sideFiles.entrySet()) write(out, side.getKey(), side.getValue(), written);

            return new ConversionSummary(model.description, source, out, model.tensors.size(), dtype,
                    List.copyOf(model.renamed), List.copyOf(model.dropped), List.copyOf(model.notes), written);
        }
    }

    /** The source's layout, by what the path holds. */
    static SourceModel open(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            String name = source.getFileName().toString();
            if (name.endsWith(".pt")) return FairseqSource.read(source);
            if (name.equals(HuggingFaceSource.BIN) || name.endsWith(".safetensors")) return HuggingFaceSource.read(source.toAbsolutePath().getParent());
            throw new IllegalArgumentException(source + ": give a model directory, a fairseq .pt file, or a SpeechBrain recipe directory");
        }
        if (!Files.isDirectory(source)) throw new IllegalArgumentException(source + ": no such file or directory");
        if (SpeechBrainSource.accepts(source)) return SpeechBrainSource.read(source);
        if (HuggingFaceSource.accepts(source)) return HuggingFaceSource.read(source);
        try (Stream<Path> files = Files.list(source)) {
            List<Path> pts = files.filter(p -> p.getFileName().toString().endsWith(".pt") && Files.isRegularFile(p)).toList();
            if (pts.size() == 1) return FairseqSource.read(pts.getFirst());
        }
        throw new IllegalArgumentException(source + ": no config.json with model.safetensors or pytorch_model.bin, no single fairseq .pt, "
                + "no SpeechBrain hyperparams.yaml + wav2vec2.ckpt");
    }

    private static void prepareOutput(Path source, Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) throw new IllegalArgumentException(out + ": exists and is not a directory");
            if (Files.isSameFile(out, Files.isDirectory(source) ? source : source.toAbsolutePath().getParent()))
                throw new IllegalArgumentException(out + ": is the source directory; choose a new one");
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) throw new IllegalArgumentException(out + ": exists and is not empty");
            }
        }
        Files.createDirectories(out);
    }

    private static void write(Path out, String name, byte[] content, List<String> written) throws IOException {
        Files.write(out.resolve(name), content);
        written.add(name);
    }
}
