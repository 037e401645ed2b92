package org.voicebarometer.engine.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Speech segments by frame energy, the stand-in the analysis uses until the audio front end's voice
 * activity detector is available: 30 ms frames whose level is within 35 dB of the loud frames
 * (95th percentile) and above −55 dBFS count as speech; gaps shorter than 0.3 s are bridged and blips
 * shorter than 0.1 s dropped.
 */
final class SpeechSegments {
    private static final int FRAME = 480; // 30 ms at 16 kHz
    private static final double RANGE_DB = 35;
    private static final double FLOOR_DB = -55;
    private static final int MIN_GAP_FRAMES = 10;   // 0.3 s
    private static final int MIN_SPEECH_FRAMES = 4; // 0.12 s

    private SpeechSegments() {}

    static List<WindowPolicy.Span> detect(float[] x) {
        int frames = x.length / FRAME;
        if (frames == 0) return List.of();
        double[] db = new double[frames];
        for (int f = 0; f < frames; f++) {
            double e = 0;
            for (int i = f * FRAME; i < (f + 1) * FRAME; i++) e += x[i] * x[i];
            db[f] = 10 * Math.log10(e / FRAME + 1e-12);
        }
        double[] sorted = db.clone();
        Arrays.sort(sorted);
        double threshold = Math.max(FLOOR_DB, sorted[(int) (0.95 * (frames - 1))] - RANGE_DB);
        List<int[]> runs = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            if (db[f] < threshold) continue;
            if (!runs.isEmpty() && f - runs.getLast()[1] < MIN_GAP_FRAMES) runs.getLast()[1] = f + 1;
            else runs.add(new int[]{f, f + 1});
        }
        return runs.stream().filter(r -> r[1] - r[0] >= MIN_SPEECH_FRAMES)
                .map(r -> new WindowPolicy.Span(r[0] * FRAME, r[1] * FRAME)).toList();
    }
}
