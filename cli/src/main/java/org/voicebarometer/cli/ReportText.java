package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.StressReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The people-readable summary of a report: emotion, a stress gauge drawn in text, biomarkers in words, warnings. */
final class ReportText {
    private static final int GAUGE_WIDTH = 20;

    private ReportText() {}

    static String render(StressReport r) {
        StringBuilder sb = new StringBuilder();
        if (r.file() != null) sb.append(r.file()).append('\n');
        sb.append(String.format(Locale.ROOT, "  Emotion:    %s (%.0f %% confident)%n", r.emotion(), 100 * r.confidence()));
        sb.append(String.format(Locale.ROOT, "  Stress:     %s %.2f  %s%n", gauge(r.stressScore()), r.stressScore(), stressWord(r.stressScore())));
        StringBuilder probs = new StringBuilder();
        r.probabilities().forEach((k, v) -> probs.append(String.format(Locale.ROOT, "%s %.2f  ", k, v)));
        sb.append("  All five:   ").append(probs.toString().strip()).append('\n');
        List<String> voice = biomarkerLines(r.biomarkers());
        if (!voice.isEmpty()) {
            sb.append("  Voice:\n");
            for (String line : voice) sb.append("    ").append(line).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "  Recording:  %.1f s, %.1f s of speech, %d window%s; model %s%n",
                r.durationS(), r.speechS(), r.timeline().size(), r.timeline().size() == 1 ? "" : "s", r.model().name()));
        for (StressReport.Warning w : r.warnings()) sb.append("  Warning:    ").append(w.message()).append('\n');
        return sb.toString();
    }

    /** {@code [########------------]} filled in proportion to a score in [0, 1]. */
    static String gauge(double score) {
        int filled = (int) Math.round(Math.max(0, Math.min(1, score)) * GAUGE_WIDTH);
        return "[" + "#".repeat(filled) + "-".repeat(GAUGE_WIDTH - filled) + "]";
    }

    private static String stressWord(double s) {
        return s < 0.25 ? "low" : s < 0.5 ? "moderate" : s < 0.75 ? "high" : "very high";
    }

    /** The biomarkers people can read without a glossary, each with its value in plain words. */
    private static List<String> biomarkerLines(Map<String, Double> b) {
        List<String> lines = new ArrayList<>();
        add(lines, b, "f0_mean_hz", "Pitch:        %.0f Hz on average");
        add(lines, b, "speech_rate_syllables_per_s", "Speech rate:  %.1f syllables per second");
        Double pause = b.get("pause_ratio");
        if (pause != null && Double.isFinite(pause)) lines.add(String.format(Locale.ROOT, "Pauses:       %.0f %% of the time", 100 * pause));
        Double jitter = b.get("jitter_local");
        if (jitter != null && Double.isFinite(jitter)) lines.add(String.format(Locale.ROOT, "Jitter:       %.2f %% (pitch wobble from cycle to cycle)", 100 * jitter));
        Double shimmer = b.get("shimmer_local");
        if (shimmer != null && Double.isFinite(shimmer)) lines.add(String.format(Locale.ROOT, "Shimmer:      %.1f %% (loudness wobble from cycle to cycle)", 100 * shimmer));
        add(lines, b, "hnr_db", "Clarity:      %.1f dB harmonics-to-noise (higher is a clearer voice)");
        return lines;
    }

    private static void add(List<String> lines, Map<String, Double> b, String key, String format) {
        Double v = b.get(key);
        if (v != null && Double.isFinite(v)) lines.add(String.format(Locale.ROOT, format, v));
    }
}
