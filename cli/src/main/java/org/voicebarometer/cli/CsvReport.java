package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.Emotion;
import org.voicebarometer.engine.analysis.StressReport;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reports as CSV (RFC 4180 quoting): a header before the first row, then one row per report. The
 * biomarker columns are the first report's biomarker names (the same for every report of one engine).
 */
final class CsvReport {
    private final PrintWriter out;
    private List<String> biomarkers;

    CsvReport(PrintWriter out) {
        this.out = out;
    }

    void write(StressReport r) {
        if (biomarkers == null) {
            biomarkers = List.copyOf(r.biomarkers().keySet());
            StringBuilder h = new StringBuilder("file,emotion,confidence,stress_score");
            for (Emotion e : Emotion.values()) h.append(",p_").append(e.label().toLowerCase(Locale.ROOT));
            h.append(",duration_s,speech_s,model");
            for (String b : biomarkers) h.append(',').append(b);
            out.println(h.append(",warnings"));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(quote(r.file())).append(',').append(r.emotion()).append(',').append(num(r.confidence())).append(',').append(num(r.stressScore()));
        for (Emotion e : Emotion.values()) sb.append(',').append(num(r.probabilities().get(e.label())));
        sb.append(',').append(num(r.durationS())).append(',').append(num(r.speechS())).append(',').append(quote(r.model().name()));
        for (String name : biomarkers) sb.append(',').append(num(r.biomarkers().get(name)));
        String codes = r.warnings().stream().map(StressReport.Warning::code).collect(Collectors.joining(";"));
        out.println(sb.append(',').append(quote(codes)));
    }

    private static String num(Double v) {
        return v == null || !Double.isFinite(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    static String quote(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
