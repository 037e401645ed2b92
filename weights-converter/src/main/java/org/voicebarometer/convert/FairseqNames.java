package org.voicebarometer.convert;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * fairseq's wav2vec2 / HuBERT parameter names → Hugging Face's (wav2vec2-spec §7). Fine-tuned
 * checkpoints hold the model under {@code w2v_encoder.w2v_model.} and the CTC projection as
 * {@code w2v_encoder.proj}. A name this table does not know is an error: guessing would build a
 * different network.
 */
final class FairseqNames {
    /** Parameters used only by pretraining (masking, quantizer, targets). */
    static final List<String> PRETRAINING_ONLY = List.of("mask_emb", "quantizer.", "project_q.", "project_hid.",
            "final_proj.", "label_embs_concat", "target_glu.");

    private static final Pattern CONV = Pattern.compile("feature_extractor\\.conv_layers\\.(\\d+)\\.(0|2|2\\.1)\\.(weight|bias)");
    private static final Pattern LAYER = Pattern.compile("encoder\\.layers\\.(\\d+)\\.(.+)");
    private static final String FINE_TUNED = "w2v_encoder.w2v_model.";

    private FairseqNames() {}

    /** The Hugging Face name, or null for a pretraining-only parameter. */
    static String toHuggingFace(String name) throws CheckpointFormatException {
        if (name.startsWith("w2v_encoder.proj.")) return "lm_head." + name.substring("w2v_encoder.proj.".length());
        String n = name.startsWith(FINE_TUNED) ? name.substring(FINE_TUNED.length()) : name;
        for (String p : PRETRAINING_ONLY) {
            if (n.equals(p) || (p.endsWith(".") && n.startsWith(p))) return null;
        }
        Matcher conv = CONV.matcher(n);
        if (conv.matches()) {
            String part = conv.group(2).equals("0") ? "conv" : "layer_norm";
            return "feature_extractor.conv_layers." + conv.group(1) + "." + part + "." + conv.group(3);
        }
        if (n.startsWith("post_extract_proj.")) return "feature_projection.projection." + n.substring("post_extract_proj.".length());
        if (n.startsWith("layer_norm.")) return "feature_projection." + n;
        if (n.startsWith("encoder.pos_conv.0.")) return "encoder.pos_conv_embed.conv." + n.substring("encoder.pos_conv.0.".length());
        if (n.equals("encoder.layer_norm.weight") || n.equals("encoder.layer_norm.bias")) return n;
        Matcher layer = LAYER.matcher(n);
        if (layer.matches()) {
            String rest = layer.group(2);
            String mapped = rest.startsWith("self_attn_layer_norm.") ? "layer_norm." + rest.substring("self_attn_layer_norm.".length())
                    : rest.matches("self_attn\\.(q|k|v|out)_proj\\.(weight|bias)") ? "attention." + rest.substring("self_attn.".length())
                    : rest.startsWith("fc1.") ? "feed_forward.intermediate_dense." + rest.substring(4)
                    : rest.startsWith("fc2.") ? "feed_forward.output_dense." + rest.substring(4)
                    : rest.startsWith("final_layer_norm.") ? rest
                    : null;
            if (mapped != null) return "encoder.layers." + layer.group(1) + "." + mapped;
        }
        throw new CheckpointFormatException("unknown fairseq parameter '" + name + "' (not a wav2vec2/HuBERT model this converter maps)");
    }
}
