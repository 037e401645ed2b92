package org.voicebarometer.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names the converter writes, whatever the source: newer PyTorch's weight-norm parametrization
 * ({@code parametrizations.weight.original0/1}) becomes the classic {@code weight_g/weight_v} (the
 * same g and v, wav2vec2-spec §4), and pretraining leftovers are dropped (§7: present but unused).
 */
final class CanonicalNames {
    static final List<String> PREFIXES = List.of("wav2vec2.", "hubert.", "");
    static final List<String> LEFTOVERS = List.of("masked_spec_embed", "quantizer.", "project_q.", "project_hid.");
    private static final String G = "parametrizations.weight.original0";
    private static final String V = "parametrizations.weight.original1";

    private CanonicalNames() {}

    static void apply(SourceModel model) throws CheckpointFormatException {
        Map<String, Weight> out = new LinkedHashMap<>();
        for (Map.Entry<String, Weight> e : model.tensors.entrySet()) {
            String name = e.getKey();
            if (isLeftover(name)) {
                model.dropped.add(name + " (pretraining only)");
                continue;
            }
            String canonical = name.endsWith(G) ? name.substring(0, name.length() - G.length()) + "weight_g"
                    : name.endsWith(V) ? name.substring(0, name.length() - V.length()) + "weight_v"
                    : name;
            if (out.put(canonical, e.getValue()) != null) throw new CheckpointFormatException("two tensors named " + canonical + " after renaming");
            if (!canonical.equals(name)) model.renamed.add(name + " -> " + canonical);
        }
        model.tensors.clear();
        model.tensors.putAll(out);
    }

    static boolean isLeftover(String name) {
        for (String prefix : PREFIXES) {
            if (!name.startsWith(prefix)) continue;
            String rest = name.substring(prefix.length());
            for (String l : LEFTOVERS) if (rest.equals(l) || (l.endsWith(".") && rest.startsWith(l))) return true;
        }
        return false;
    }
}
