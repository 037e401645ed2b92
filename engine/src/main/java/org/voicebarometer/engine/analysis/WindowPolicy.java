package org.voicebarometer.engine.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * How a recording is cut into the windows a model sees. A recording no longer than
 * {@code maxWindowS} is one window. A longer one is cut at pauses: consecutive speech segments
 * are grouped while the group spans at most {@code maxWindowS}, and each window runs from the middle of
 * the pause before its first segment to the middle of the pause after its last. A single segment
 * longer than {@code maxWindowS} is split into equal parts. Windows with less than {@code minSpeechS}
 * of speech are left out (unless nothing else is left). Without any speech, fixed windows of
 * {@code maxWindowS} cover the recording.
 *
 * @param maxWindowS longest window, seconds
 * @param minSpeechS least speech for a window to count, seconds
 */
public record WindowPolicy(double maxWindowS, double minSpeechS) {
    /** 20 s: long enough for a sentence or two, short enough for attention's T² to stay small. */
    public static final WindowPolicy DEFAULT = new WindowPolicy(20.0, 0.5);

    public WindowPolicy {
        if (!(maxWindowS >= 1.0)) throw new IllegalArgumentException("window must be at least 1 s, got " + maxWindowS);
        if (!(minSpeechS >= 0)) throw new IllegalArgumentException("minimum speech must be >= 0, got " + minSpeechS);
    }

    /** A stretch of samples [start, end). */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    /** A window and the seconds of speech in it (its weight when windows are combined). */
    public record Window(Span span, double speechS) {}

    /**
     * @param totalSamples length of the recording
     * @param speech       speech segments in time order, not overlapping (from voice activity detection)
     * @param sampleRate   samples per second
     */
    public List<Window> plan(int totalSamples, List<Span> speech, int sampleRate) {
        int max = (int) Math.round(maxWindowS * sampleRate);
        double speechTotal = speech.stream().mapToInt(Span::length).sum() / (double) sampleRate;
        if (totalSamples <= max) return List.of(new Window(new Span(0, totalSamples), speechTotal));
        if (speech.isEmpty()) return fixed(totalSamples, max);

        List<Span> pieces = new ArrayList<>();
        for (Span s : speech) {
            if (s.length() <= max) {
                pieces.add(s);
            } else {
                int parts = (s.length() + max - 1) / max;
                for (int k = 0; k < parts; k++) {
                    pieces.add(new Span(s.start() + (int) ((long) s.length() * k / parts), s.start() + (int) ((long) s.length() * (k + 1) / parts)));
                }
            }
        }
        List<List<Span>> groups = new ArrayList<>();
        List<Span> current = new ArrayList<>();
        for (Span p : pieces) {
            if (!current.isEmpty() && p.end() - current.getFirst().start() > max) {
                groups.add(current);
                current = new ArrayList<>();
            }
            current.add(p);
        }
        groups.add(current);

        List<Window> windows = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            List<Span> group = groups.get(g);
            int start = g == 0 ? 0 : midpoint(groups.get(g - 1).getLast().end(), group.getFirst().start());
            int end = g == groups.size() - 1 ? totalSamples : midpoint(group.getLast().end(), groups.get(g + 1).getFirst().start());
            // The pause padding may not stretch a window past the maximum: trim it around the speech.
            if (end - start > max) {
                int slack = max - (group.getLast().end() - group.getFirst().start());
                start = Math.max(start, group.getFirst().start() - slack / 2);
                end = Math.min(end, start + max);
            }
            double speechS = group.stream().mapToInt(Span::length).sum() / (double) sampleRate;
            windows.add(new Window(new Span(start, end), speechS));
        }
        List<Window> kept = windows.stream().filter(w -> w.speechS() >= minSpeechS).toList();
        return kept.isEmpty() ? List.of(windows.stream().max(java.util.Comparator.comparingDouble(Window::speechS)).orElseThrow()) : kept;
    }

    private static int midpoint(int a, int b) {
        return a + (b - a) / 2;
    }

    /** Equal windows of at most {@code max} samples, without speech. */
    private static List<Window> fixed(int totalSamples, int max) {
        int parts = (int) (((long) totalSamples + max - 1) / max);
        List<Window> out = new ArrayList<>();
        for (int k = 0; k < parts; k++) {
            out.add(new Window(new Span((int) ((long) totalSamples * k / parts), (int) ((long) totalSamples * (k + 1) / parts)), 0));
        }
        return out;
    }
}
