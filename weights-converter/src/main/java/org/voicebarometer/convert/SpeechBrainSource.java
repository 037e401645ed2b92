package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.voicebarometer.convert.torch.TorchCheckpoint;
import org.voicebarometer.convert.torch.TorchTensor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SpeechBrain's wav2vec2 emotion recipe (speechbrain/emotion-recognition-wav2vec2-IEMOCAP):
 * {@code wav2vec2.ckpt} (the Hugging Face backbone inside SpeechBrain's wrapper, keys {@code model.*}),
 * {@code model.ckpt} (the output Linear, no bias), {@code hyperparams.yaml}, {@code label_encoder.txt}.
 * The recipe's computation becomes a head.json: the whole waveform layer-normalised (eps 1e-5), the
 * encoder output layer-normalised over time and channels ({@code output_norm}), mean pooling, the
 * Linear, log-softmax. The backbone's config is not in the checkpoint (SpeechBrain fetches it from the
 * hub at run time), so the config.json of {@code wav2vec2_hub} must sit beside the files.
 */
final class SpeechBrainSource {
    static final String HEAD_WEIGHT = "head.output_mlp.weight";
    static final String HEAD_BIAS = "head.output_mlp.bias";
    private static final Pattern LABEL_LINE = Pattern.compile("'(.{1,100})' => (\\d{1,6})");

    private SpeechBrainSource() {}

    static boolean accepts(Path dir) {
        return Files.isRegularFile(dir.resolve("hyperparams.yaml")) && Files.isRegularFile(dir.resolve("wav2vec2.ckpt"));
    }

    static SourceModel read(Path dir) throws IOException {
        SourceModel model = new SourceModel("SpeechBrain wav2vec2 emotion recipe");
        try {
            String yaml = small(dir.resolve("hyperparams.yaml"));
            Path config = dir.resolve("config.json");
            if (!Files.isRegularFile(config)) {
                String hub = yamlValue(yaml, "wav2vec2_hub");
                throw new CheckpointFormatException(dir.getFileName() + ": SpeechBrain checkpoints carry no backbone config; put the config.json of "
                        + (hub == null ? "the wav2vec2 model it was trained from" : hub) + " beside hyperparams.yaml");
            }
            model.config = Json.readObject(config);
            model.config.putArray("architectures").add("hubert".equals(model.config.path("model_type").asText()) ? "HubertModel" : "Wav2Vec2Model");
            if ("True".equals(yamlValue(yaml, "return_std"))) throw new CheckpointFormatException("hyperparams.yaml: statistics pooling with std is not supported");
            boolean outputNorm = !"False".equals(yamlValue(yaml, "output_norm"));
            boolean normalizeWav = !"False".equals(yamlValue(yaml, "normalize_wav"));

            TorchCheckpoint backbone = TorchCheckpoint.open(dir.resolve("wav2vec2.ckpt"));
            model.resources.add(backbone);
            Map<String, TorchTensor> backboneTensors = TorchCheckpoint.stateDict(backbone.root(), "wav2vec2.ckpt");
            boolean wrapped = backboneTensors.keySet().stream().allMatch(k -> k.startsWith("model."));
            HuggingFaceSource.addTensors(model, backboneTensors, wrapped ? "model." : "");

            TorchCheckpoint head = TorchCheckpoint.open(dir.resolve("model.ckpt"));
            model.resources.add(head);
            TorchTensor weight = null;
            TorchTensor bias = null;
            for (Map.Entry<String, TorchTensor> e : TorchCheckpoint.stateDict(head.root(), "model.ckpt").entrySet()) {
                if (e.getKey().endsWith("w.weight") && weight == null) {
                    weight = e.getValue();
                    model.put(e.getKey(), HEAD_WEIGHT, Weight.of(weight));
                } else if (e.getKey().endsWith("w.bias") && bias == null) {
                    bias = e.getValue();
                    model.put(e.getKey(), HEAD_BIAS, Weight.of(bias));
                } else {
                    throw new CheckpointFormatException("model.ckpt: unexpected tensor '" + e.getKey() + "' (the recipe's output layer is one Linear)");
                }
            }
            if (weight == null || weight.shape().length != 2 || !weight.isFloat())
                throw new CheckpointFormatException("model.ckpt: no 2-D float Linear weight '*w.weight'");
            List<String> labels = labels(dir.resolve("label_encoder.txt"));
            if (labels.size() != weight.shape()[0])
                throw new CheckpointFormatException("label_encoder.txt has " + labels.size() + " labels but the output layer " + weight.shape()[0] + " outputs");

            model.preprocessorConfig = Json.MAPPER.createObjectNode()
                    .put("do_normalize", normalizeWav)
                    .put("feature_extractor_type", "Wav2Vec2FeatureExtractor")
                    .put("sampling_rate", 16000);
            model.sideFiles.put("head.json", Json.bytes(headJson(outputNorm, bias != null, labels)));
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    static ObjectNode headJson(boolean outputNorm, boolean bias, List<String> labels) {
        ObjectNode h = Json.MAPPER.createObjectNode();
        h.put("format", "barometer-head/1");
        h.put("input", "last_hidden_state");
        h.putObject("input_normalization").put("eps", 1e-5);
        ArrayNode steps = h.putArray("steps");
        if (outputNorm) steps.addObject().put("op", "layer_norm_all").put("eps", 1e-5);
        steps.addObject().put("op", "mean_pool");
        ObjectNode linear = steps.addObject().put("op", "linear").put("weight", HEAD_WEIGHT);
        if (bias) linear.put("bias", HEAD_BIAS);
        h.put("output", "log_softmax");
        ArrayNode l = h.putArray("labels");
        labels.forEach(l::add);
        return h;
    }

    /** SpeechBrain's CategoricalEncoder file: {@code 'label' => index} lines, then {@code ====} and extras. */
    static List<String> labels(Path file) throws IOException {
        String[] byIndex = new String[0];
        for (String line : small(file).split("\n")) {
            if (line.startsWith("=")) break;
            if (line.isBlank()) continue;
            Matcher m = LABEL_LINE.matcher(line.strip());
            if (!m.matches()) throw new CheckpointFormatException(file.getFileName() + ": cannot read line '" + line.strip() + "'");
            int i = Integer.parseInt(m.group(2));
            if (i >= 1024) throw new CheckpointFormatException(file.getFileName() + ": label index " + i + " too large");
            if (i >= byIndex.length) byIndex = Arrays.copyOf(byIndex, i + 1);
            if (byIndex[i] != null) throw new CheckpointFormatException(file.getFileName() + ": index " + i + " used twice");
            byIndex[i] = m.group(1);
        }
        List<String> labels = new ArrayList<>(Arrays.asList(byIndex));
        if (labels.isEmpty() || labels.contains(null)) throw new CheckpointFormatException(file.getFileName() + ": labels are not numbered 0..n-1");
        return labels;
    }

    /** A top-level or nested {@code key: value} scalar of the YAML (custom tags make a YAML parser refuse the file). */
    private static String yamlValue(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + ":\\s*([^\\s#]+)").matcher(yaml);
        return m.find() ? m.group(1) : null;
    }

    private static String small(Path file) throws IOException {
        if (Files.size(file) > 1_000_000) throw new CheckpointFormatException(file.getFileName() + ": larger than 1 MB");
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
