package org.voicebarometer.engine.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The architecture of a Wav2Vec2 / HuBERT checkpoint, read from Hugging Face's {@code config.json}.
 * Missing fields take transformers' defaults (wav2vec2-base); fields of variants the engine does not
 * implement are refused by name.
 *
 * @param labels {@code id2label} ordered by id (empty when the config has none)
 */
public record Wav2Vec2Config(
        String modelType,
        List<String> architectures,
        int[] convDim,
        int[] convKernel,
        int[] convStride,
        boolean convBias,
        boolean groupNormEncoder, // feat_extract_norm: "group" (true) or "layer"
        Activation featExtractActivation,
        int hiddenSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int intermediateSize,
        Activation hiddenAct,
        float layerNormEps,
        boolean doStableLayerNorm,
        int numConvPosEmbeddings,
        int numConvPosEmbeddingGroups,
        boolean featProjLayerNorm,
        boolean useWeightedLayerSum,
        int classifierProjSize,
        List<String> labels,
        int vocabSize,
        int padTokenId) {

    /** Variants that share the family's names but compute something else. */
    private static final Map<String, String> REFUSED_TYPES = Map.of(
            "wavlm", "WavLM (gated relative position bias)",
            "data2vec-audio", "data2vec-audio (convolutional positional embedding stack)",
            "wav2vec2-conformer", "Wav2Vec2-Conformer (conformer blocks)",
            "wav2vec2-bert", "Wav2Vec2-BERT (mel features, conformer blocks)",
            "unispeech", "UniSpeech",
            "unispeech-sat", "UniSpeech-SAT",
            "sew", "SEW (squeezed encoder)",
            "sew-d", "SEW-D (disentangled attention)");

    public static Wav2Vec2Config read(Path configJson) throws IOException {
        ConfigJson c = ConfigJson.read(configJson);
        List<String> architectures = new ArrayList<>();
        if (c.has("architectures")) {
            JsonNode a = c.root.get("architectures");
            if (!a.isArray()) throw c.error("architectures", "must be a list of class names");
            for (JsonNode n : a) {
                if (!n.isTextual()) throw c.error("architectures", "must be a list of class names");
                architectures.add(n.asText());
            }
        }
        String modelType = c.string("model_type", "wav2vec2");
        String arch = architectures.isEmpty() ? "" : architectures.getFirst();
        List<Map.Entry<String, String>> refused = new ArrayList<>(REFUSED_TYPES.entrySet());
        refused.sort((a, b) -> b.getKey().length() - a.getKey().length()); // "sew-d" before "sew"
        for (Map.Entry<String, String> r : refused) {
            if (modelType.equals(r.getKey()) || arch.toLowerCase(java.util.Locale.ROOT).startsWith(r.getKey().replace("-", "")))
                throw new ModelFormatException(configJson + ": " + r.getValue() + " models are not supported (model_type '" + modelType + "'"
                        + (arch.isEmpty() ? "" : ", " + arch) + "); supported: wav2vec2, hubert");
        }
        if (!modelType.equals("wav2vec2") && !modelType.equals("hubert"))
            throw c.error("model_type", "'" + modelType + "' is not supported; supported: wav2vec2, hubert");
        if (c.bool("add_adapter", false)) throw c.error("add_adapter", "true (adapter layers) is not supported");
        if (c.bool("conv_pos_batch_norm", false)) throw c.error("conv_pos_batch_norm", "true is not supported");
        if (c.has("position_embeddings_type")) throw c.error("position_embeddings_type", "is set: conformer-style positions are not supported");

        int[] convDim = c.positiveInts("conv_dim", new int[] {512, 512, 512, 512, 512, 512, 512});
        int[] convKernel = c.positiveInts("conv_kernel", new int[] {10, 3, 3, 3, 3, 2, 2});
        int[] convStride = c.positiveInts("conv_stride", new int[] {5, 2, 2, 2, 2, 2, 2});
        if (convKernel.length != convDim.length || convStride.length != convDim.length)
            throw c.error("conv_dim", "has " + convDim.length + " layers but conv_kernel has " + convKernel.length + " and conv_stride " + convStride.length);
        String norm = c.string("feat_extract_norm", "group");
        if (!norm.equals("group") && !norm.equals("layer")) throw c.error("feat_extract_norm", "must be 'group' or 'layer', is '" + norm + "'");

        int hidden = c.positiveInt("hidden_size", 768);
        int heads = c.positiveInt("num_attention_heads", 12);
        if (hidden % heads != 0) throw c.error("hidden_size", hidden + " is not divisible by num_attention_heads " + heads);
        int posGroups = c.positiveInt("num_conv_pos_embedding_groups", 16);
        if (hidden % posGroups != 0) throw c.error("hidden_size", hidden + " is not divisible by num_conv_pos_embedding_groups " + posGroups);
        double eps = c.number("layer_norm_eps", 1e-5);
        if (!(eps > 0 && eps < 1)) throw c.error("layer_norm_eps", "must be in (0, 1), is " + eps);

        return new Wav2Vec2Config(
                modelType,
                List.copyOf(architectures),
                convDim, convKernel, convStride,
                c.bool("conv_bias", false),
                norm.equals("group"),
                Activation.fromConfig("feat_extract_activation", c.string("feat_extract_activation", "gelu")),
                hidden,
                c.positiveInt("num_hidden_layers", 12),
                heads,
                c.positiveInt("intermediate_size", 3072),
                Activation.fromConfig("hidden_act", c.string("hidden_act", "gelu")),
                (float) eps,
                c.bool("do_stable_layer_norm", false),
                c.positiveInt("num_conv_pos_embeddings", 128),
                posGroups,
                c.bool("feat_proj_layer_norm", true),
                c.bool("use_weighted_layer_sum", false),
                c.positiveInt("classifier_proj_size", 256),
                labels(c),
                c.positiveInt("vocab_size", 32),
                c.integer("pad_token_id", 0));
    }

    private static List<String> labels(ConfigJson c) throws ModelFormatException {
        if (!c.has("id2label")) return List.of();
        JsonNode m = c.root.get("id2label");
        if (!m.isObject()) throw c.error("id2label", "must map ids to names");
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                throw c.error("id2label", "key '" + e.getKey() + "' is not an integer id");
            }
            if (!e.getValue().isTextual()) throw c.error("id2label", "value of " + id + " is not a string");
            byId.put(id, e.getValue().asText());
        }
        if (!byId.isEmpty() && (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1))
            throw c.error("id2label", "ids must be 0.." + (byId.size() - 1));
        return List.copyOf(byId.values());
    }

    public int numLayers() {
        return numHiddenLayers;
    }

    public int headDim() {
        return hiddenSize / numAttentionHeads;
    }

    public boolean isHubert() {
        return modelType.equals("hubert");
    }

    /** The first architecture class name, or "" for a bare config. */
    public String architecture() {
        return architectures.isEmpty() ? "" : architectures.getFirst();
    }
}
