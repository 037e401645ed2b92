package org.voicebarometer.engine.analysis.training;

import java.util.List;

/** Counts of (true class, predicted class), with the unweighted average recall (UAR) of the task. */
public final class ConfusionMatrix {
    private final List<String> labels;
    private final int[][] counts; // (true, predicted)

    public ConfusionMatrix(List<String> labels) {
        this.labels = List.copyOf(labels);
        this.counts = new int[labels.size()][labels.size()];
    }

    public void add(int truth, int predicted) {
        counts[truth][predicted]++;
    }

    public int count(int truth, int predicted) {
        return counts[truth][predicted];
    }

    public List<String> labels() {
        return labels;
    }

    /** Recall of one class; NaN when the class never occurs. */
    public double recall(int c) {
        int total = 0;
        for (int v : counts[c]) total += v;
        return total == 0 ? Double.NaN : (double) counts[c][c] / total;
    }

    /** The mean of the per-class recalls over the classes that occur (chance = 1 / classes). */
    public double uar() {
        double sum = 0;
        int present = 0;
        for (int c = 0; c < counts.length; c++) {
            double r = recall(c);
            if (!Double.isNaN(r)) {
                sum += r;
                present++;
            }
        }
        return sum / present;
    }

    public double accuracy() {
        int right = 0, total = 0;
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) total += counts[t][p];
            right += counts[t][t];
        }
        return (double) right / total;
    }

    /** A text table: rows are the true class, columns the prediction, last column the recall. */
    public String format() {
        int w = Math.max(9, labels.stream().mapToInt(String::length).max().orElse(0) + 1);
        StringBuilder sb = new StringBuilder();
        sb.append(pad("true\\pred", w));
        for (String l : labels) sb.append(pad(abbrev(l), 7));
        sb.append("  recall\n");
        for (int t = 0; t < labels.size(); t++) {
            sb.append(pad(labels.get(t), w));
            for (int p = 0; p < labels.size(); p++) sb.append(pad(Integer.toString(counts[t][p]), 7));
            sb.append(String.format(java.util.Locale.ROOT, "  %.3f%n", recall(t)));
        }
        return sb.toString();
    }

    private static String abbrev(String label) {
        return label.length() <= 6 ? label : label.substring(0, 6);
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(1, width - s.length())) + s;
    }
}
