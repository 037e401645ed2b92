package org.voicebarometer.engine.analysis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A probability for each of the five {@link Emotion}s (indexed by ordinal), summing to 1.
 * The stress score is {@code P(Anxious) + P(Stressed)}.
 */
public final class EmotionProbabilities {
    private static final Emotion[] EMOTIONS = Emotion.values();
    private final double[] p; // (5) by Emotion.ordinal()

    private EmotionProbabilities(double[] p) {
        this.p = p;
    }

    /**
     * Normalises non-negative weights to probabilities. All-zero weights (a model that put all its mass
     * on labels mapped to nothing) give the uniform distribution.
     */
    public static EmotionProbabilities of(double[] weights) {
        if (weights.length != EMOTIONS.length) {
            throw new IllegalArgumentException("expected " + EMOTIONS.length + " weights, got " + weights.length);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) throw new IllegalArgumentException("weights must be finite and >= 0: " + Arrays.toString(weights));
            sum += w;
        }
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) p[i] = sum > 0 ? weights[i] / sum : 1.0 / p.length;
        return new EmotionProbabilities(p);
    }

    /** Weighted mean of several distributions (weights ≥ 0, not all zero). */
    public static EmotionProbabilities weightedMean(EmotionProbabilities[] parts, double[] weights) {
        double[] acc = new double[EMOTIONS.length];
        double total = 0;
        for (int k = 0; k < parts.length; k++) {
            total += weights[k];
            for (int i = 0; i < acc.length; i++) acc[i] += weights[k] * parts[k].p[i];
        }
        if (!(total > 0)) throw new IllegalArgumentException("weights sum to " + total);
        return of(acc);
    }

    public double get(Emotion e) {
        return p[e.ordinal()];
    }

    /** The most probable emotion (the first in {@link Emotion} order on a tie). */
    public Emotion top() {
        int best = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
        return EMOTIONS[best];
    }

    public double stressScore() {
        return get(Emotion.ANXIOUS) + get(Emotion.STRESSED);
    }

    public double[] toArray() {
        return p.clone();
    }

    /** Label → probability in {@link Emotion} order, for JSON. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Emotion e : EMOTIONS) m.put(e.label(), p[e.ordinal()]);
        return m;
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
