package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.voicebarometer.convert.pickle.PyDict;

import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face config.json built from fairseq's model arguments ({@code args}, an argparse.Namespace,
 * or {@code cfg["model"]}, a plain dict), with fairseq's defaults for what is absent — the mapping of
 * transformers' {@code convert_wav2vec2_original_pytorch_checkpoint_to_pytorch.py}.
 */
final class FairseqConfig {
    static final String DEFAULT_CONV_LAYERS = "[(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512,2,2)] + [(512,2,2)]";
    static final int MAX_CONV_LAYERS = 64;

    private FairseqConfig() {}

    static ObjectNode toHuggingFace(PyDict model, boolean hubert) throws CheckpointFormatException {
        ObjectNode c = Json.MAPPER.createObjectNode();
        c.putArray("architectures").add(hubert ? "HubertModel" : "Wav2Vec2Model");
        c.put("model_type", hubert ? "hubert" : "wav2vec2");
        List<int[]> conv = convLayers(string(model, "conv_feature_layers", DEFAULT_CONV_LAYERS));
        ArrayNode dim = c.putArray("conv_dim");
        ArrayNode kernel = c.putArray("conv_kernel");
        ArrayNode stride = c.putArray("conv_stride");
        for (int[] l : conv) {
            dim.add(l[0]);
            kernel.add(l[1]);
            stride.add(l[2]);
        }
        c.put("conv_bias", bool(model, "conv_bias", false));
        c.put("feat_extract_norm", string(model, "extractor_mode", "default").equals("layer_norm") ? "layer" : "group");
        c.put("feat_extract_activation", "gelu");
        c.put("hidden_size", integer(model, "encoder_embed_dim", 768));
        c.put("num_hidden_layers", integer(model, "encoder_layers", 12));
        c.put("num_attention_heads", integer(model, "encoder_attention_heads", 12));
        c.put("intermediate_size", integer(model, "encoder_ffn_embed_dim", 3072));
        String act = string(model, "activation_fn", "gelu");
        if (!act.equals("gelu") && !act.equals("relu") && !act.equals("gelu_fast"))
            throw new CheckpointFormatException("fairseq activation_fn '" + act + "' is not supported");
        c.put("hidden_act", act.equals("gelu_fast") ? "gelu_new" : act);
        c.put("layer_norm_eps", 1e-5);
        c.put("do_stable_layer_norm", bool(model, "layer_norm_first", false));
        c.put("num_conv_pos_embeddings", integer(model, "conv_pos", 128));
        c.put("num_conv_pos_embedding_groups", integer(model, "conv_pos_groups", 16));
        if (hubert) c.put("feat_proj_layer_norm", true);
        c.put("use_weighted_layer_sum", false);
        return c;
    }

    /** Parses fairseq's conv_feature_layers, a Python list expression like {@code [(512, 10, 5)] + [(512, 3, 2)] * 4}. */
    static List<int[]> convLayers(String spec) throws CheckpointFormatException {
        String s = spec.replaceAll("\\s+", "");
        List<int[]> layers = new ArrayList<>();
        int[] pos = {0};
        while (true) {
            List<int[]> list = new ArrayList<>();
            expect(s, pos, '[', spec);
            while (true) {
                expect(s, pos, '(', spec);
                int d = number(s, pos, spec);
                expect(s, pos, ',', spec);
                int k = number(s, pos, spec);
                expect(s, pos, ',', spec);
                int st = number(s, pos, spec);
                expect(s, pos, ')', spec);
                list.add(new int[] {d, k, st});
                if (pos[0] >= s.length() || s.charAt(pos[0]) != ',') break;
                pos[0]++;
            }
            expect(s, pos, ']', spec);
            int repeat = 1;
            if (pos[0] < s.length() && s.charAt(pos[0]) == '*') {
                pos[0]++;
                repeat = number(s, pos, spec);
            }
            for (int r = 0; r < repeat; r++) {
                layers.addAll(list);
                if (layers.size() > MAX_CONV_LAYERS) throw new CheckpointFormatException("conv_feature_layers has more than " + MAX_CONV_LAYERS + " layers");
            }
            if (pos[0] == s.length()) return layers;
            expect(s, pos, '+', spec);
        }
    }

    private static void expect(String s, int[] pos, char c, String spec) throws CheckpointFormatException {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) throw new CheckpointFormatException("cannot read conv_feature_layers '" + spec + "'");
        pos[0]++;
    }

    private static int number(String s, int[] pos, String spec) throws CheckpointFormatException {
        int start = pos[0];
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0])) && pos[0] - start < 6) pos[0]++;
        if (pos[0] == start) throw new CheckpointFormatException("cannot read conv_feature_layers '" + spec + "'");
        int n = Integer.parseInt(s.substring(start, pos[0]));
        if (n < 1) throw new CheckpointFormatException("conv_feature_layers holds " + n);
        return n;
    }

    private static String string(PyDict d, String key, String fallback) throws CheckpointFormatException {
        Object v = d.get(key);
        if (v == null) return fallback;
        if (v instanceof String s) return s;
        throw new CheckpointFormatException("fairseq argument " + key + " is not a string");
    }

    private static boolean bool(PyDict d, String key, boolean fallback) throws CheckpointFormatException {
        Object v = d.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw new CheckpointFormatException("fairseq argument " + key + " is not a bool");
    }

    private static int integer(PyDict d, String key, int fallback) throws CheckpointFormatException {
        Object v = d.get(key);
        if (v == null) return fallback;
        if (v instanceof Long l && l > 0 && l <= 1_000_000) return l.intValue();
        throw new CheckpointFormatException("fairseq argument " + key + " is not a positive int");
    }
}
