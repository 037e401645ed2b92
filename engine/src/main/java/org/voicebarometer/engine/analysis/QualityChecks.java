package org.voicebarometer.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The warnings of a report: conditions under which the emotion estimate and the biomarkers are
 * less trustworthy. Thresholds are documented in docs/analysis.md.
 */
final class QualityChecks {
    /** Below this the models have too little to go on (the built-in model was trained on 2 s clips). */
    static final double MIN_DURATION_S = 2.0;
    /** Less speech than this (but some) is flagged. */
    static final double MIN_SPEECH_S = 1.0;
    /** A sample at or above this magnitude is counted as clipped. */
    static final double CLIP_LEVEL = 0.99;
    /** More than this fraction of clipped samples (0.1 %) is audible distortion. */
    static final double MAX_CLIPPED_FRACTION = 0.001;
    /** A peak below −35 dBFS: the recording is very quiet, noise dominates the measures. */
    static final double MIN_PEAK = Math.pow(10, -35 / 20.0);

    private QualityChecks() {}

    static List<StressReport.Warning> check(float[] samples, double durationS, double speechS) {
        List<StressReport.Warning> warnings = new ArrayList<>();
        if (durationS < MIN_DURATION_S) {
            warnings.add(new StressReport.Warning("too_short", String.format(Locale.ROOT,
                    "The recording is %.1f s long; at least %.0f s of speech are needed for a reliable result.", durationS, MIN_DURATION_S)));
        }
        if (speechS == 0) {
            warnings.add(new StressReport.Warning("no_speech", "No speech was detected; the result describes noise or silence."));
        } else if (speechS < MIN_SPEECH_S) {
            warnings.add(new StressReport.Warning("little_speech", String.format(Locale.ROOT,
                    "Only %.1f s of speech were detected; the result is unreliable.", speechS)));
        }
        int clipped = 0;
        float peak = 0;
        for (float s : samples) {
            float a = Math.abs(s);
            if (a >= CLIP_LEVEL) clipped++;
            if (a > peak) peak = a;
        }
        if (samples.length > 0 && clipped > MAX_CLIPPED_FRACTION * samples.length) {
            warnings.add(new StressReport.Warning("clipping", String.format(Locale.ROOT,
                    "%.1f %% of the samples are clipped (recorded too loud); jitter, shimmer and HNR are distorted.", 100.0 * clipped / samples.length)));
        }
        if (peak < MIN_PEAK) {
            warnings.add(new StressReport.Warning("low_level", String.format(Locale.ROOT,
                    "The recording is very quiet (peak %.0f dBFS); move closer to the microphone or raise its gain.",
                    peak > 0 ? 20 * Math.log10(peak) : Double.NEGATIVE_INFINITY)));
        }
        return warnings;
    }
}
