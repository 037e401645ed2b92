package org.voicebarometer.journal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The journal as RFC 4180 CSV: one row per entry, one {@code p_<label>} column per emotion label and
 * one column per biomarker (the union over the exported entries; empty where an entry has none).
 * Text a user typed is quoted, and a cell that a spreadsheet would run as a formula (leading
 * {@code = + - @}) gets a leading apostrophe.
 */
public final class CsvExport {
    private static final List<String> LEADING = List.of("id", "time", "user", "emotion", "confidence",
            "stress_score");
    private static final List<String> TRAILING = List.of("model", "duration_s", "note", "tags", "audio_file");

    private CsvExport() {}

    public static void write(List<JournalEntry> entries, Appendable out) throws IOException {
        Set<String> labels = new LinkedHashSet<>();
        Set<String> biomarkers = new TreeSet<>();
        for (JournalEntry e : entries) {
            labels.addAll(e.probabilities().keySet());
            biomarkers.addAll(e.biomarkers().keySet());
        }
        List<String> header = new ArrayList<>(LEADING);
        labels.forEach(l -> header.add("p_" + l.toLowerCase(Locale.ROOT)));
        header.addAll(biomarkers);
        header.addAll(TRAILING);
        row(out, header);
        for (JournalEntry e : entries) {
            List<String> cells = new ArrayList<>(List.of(Long.toString(e.id()), e.time().toString(), text(e.userId()),
                    text(e.emotion()), number(e.confidence()), number(e.stressScore())));
            labels.forEach(l -> cells.add(number(e.probabilities().get(l))));
            biomarkers.forEach(b -> cells.add(number(e.biomarkers().get(b))));
            cells.add(text(e.model()));
            cells.add(number(e.durationSeconds()));
            cells.add(text(e.note()));
            cells.add(text(String.join(";", e.tags())));
            cells.add(text(e.audioFile()));
            row(out, cells);
        }
    }

    private static void row(Appendable out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    private static String number(Double v) {
        return v == null || !Double.isFinite(v) ? "" : Double.toString(v);
    }

    private static String text(String s) {
        if (s == null || s.isEmpty()) return "";
        char first = s.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' ? "'" + s : s;
    }

    private static String quote(String cell) {
        boolean needs = cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0
                || cell.indexOf('\r') >= 0;
        return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
