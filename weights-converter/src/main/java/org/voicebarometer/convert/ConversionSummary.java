package org.voicebarometer.convert;

import org.voicebarometer.engine.tensor.DType;

import java.nio.file.Path;
import java.util.List;

/** What a conversion kept, renamed, dropped and wrote — printed for the user. */
public record ConversionSummary(String sourceKind, Path source, Path output, int kept, DType dtype,
                                List<String> renamed, List<String> dropped, List<String> notes, List<String> written) {
    static final int LISTED = 12;

    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("source: ").append(sourceKind).append(" (").append(source).append(")\n");
        for (String n : notes) sb.append("  ").append(n).append('\n');
        sb.append("kept ").append(kept).append(" tensors").append(dtype == null ? " in their stored dtype" : " as " + dtype).append('\n');
        list(sb, "renamed", renamed);
        list(sb, "dropped", dropped);
        sb.append("wrote ").append(output).append(":\n");
        for (String w : written) sb.append("  ").append(w).append('\n');
        return sb.toString();
    }

    private static void list(StringBuilder sb, String what, List<String> items) {
        sb.append(what).append(' ').append(items.size()).append(items.isEmpty() ? "\n" : ":\n");
        for (int i = 0; i < Math.min(LISTED, items.size()); i++) sb.append("  ").append(items.get(i)).append('\n');
        if (items.size() > LISTED) sb.append("  ... and ").append(items.size() - LISTED).append(" more\n");
    }
}
