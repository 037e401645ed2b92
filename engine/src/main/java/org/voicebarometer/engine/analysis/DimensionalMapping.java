package org.voicebarometer.engine.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Maps a dimensional emotion estimate (arousal, valence and optionally dominance, each on the 0–1
 * scale of the audeering-style regression heads, 0.5 = neutral) onto the five {@link Emotion}s.
 *
 * <p>Each emotion has a centre in that space, placed after Russell's circumplex (anger: aroused,
 * negative, dominant; fear: aroused, negative, submissive). The probabilities are a Gaussian
 * kernel around the centres: {@code P(e) ∝ exp(−‖x − c_e‖² / (2σ²))} with σ = {@value #SIGMA}, over
 * the dimensions the model has. Without dominance, Anxious and Stressed differ only in arousal.
 * This is a documented convention, not a trained mapping.
 */
public final class DimensionalMapping {
    static final double SIGMA = 0.1;

    /** Centres by Emotion.ordinal(): {arousal, valence, dominance}. */
    private static final double[][] CENTRES = {
            {0.50, 0.50, 0.50}, // Neutral
            {0.65, 0.75, 0.60}, // Happy
            {0.30, 0.30, 0.35}, // Sad
            {0.70, 0.30, 0.35}, // Anxious
            {0.80, 0.30, 0.65}, // Stressed
    };

    private final int arousal;
    private final int valence;
    private final int dominance; // −1 when the model has none

    private DimensionalMapping(int arousal, int valence, int dominance) {
        this.arousal = arousal;
        this.valence = valence;
        this.dominance = dominance;
    }

    /** For a model whose outputs are named {@code dimensions}; needs arousal and valence. */
    public static DimensionalMapping forDimensions(List<String> dimensions) {
        List<String> names = dimensions.stream().map(d -> d.trim().toLowerCase(Locale.ROOT)).toList();
        int a = names.indexOf("arousal");
        int v = names.indexOf("valence");
        if (a < 0 || v < 0) {
            throw new IllegalArgumentException("a dimensional model needs outputs named arousal and valence, got " + dimensions);
        }
        return new DimensionalMapping(a, v, names.indexOf("dominance"));
    }

    public EmotionProbabilities map(double[] values) {
        double[] w = new double[CENTRES.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int e = 0; e < CENTRES.length; e++) {
            double d2 = sq(values[arousal] - CENTRES[e][0]) + sq(values[valence] - CENTRES[e][1]);
            if (dominance >= 0) d2 += sq(values[dominance] - CENTRES[e][2]);
            w[e] = -d2 / (2 * SIGMA * SIGMA);
            max = Math.max(max, w[e]);
        }
        // Subtracting the largest exponent keeps far-away estimates from underflowing to all zeros.
        for (int e = 0; e < w.length; e++) w[e] = Math.exp(w[e] - max);
        return EmotionProbabilities.of(w);
    }

    private static double sq(double x) {
        return x * x;
    }
}
