package org.voicebarometer.journal;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A user's usual level of one measure: median and median absolute deviation (MAD) of their
 * recordings in the baseline window. Median/MAD, not mean/SD, so one shouted or whispered voice
 * log does not move the baseline.
 *
 * @param median  the middle value
 * @param mad     median of |x − median| (unscaled)
 * @param samples how many recordings it was computed from
 */
public record Baseline(double median, double mad, int samples) {
    /** Scales the MAD to a standard deviation for normally distributed data, so z-scores read as usual. */
    public static final double MAD_TO_SIGMA = 1.4826;
    /** Fewer recordings than this make no baseline: the median of 2 values is not a habit. */
    public static final int MIN_SAMPLES = 5;

    /** The baseline of the finite values, or empty when fewer than {@link #MIN_SAMPLES}. */
    public static Optional<Baseline> of(double[] values) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length < MIN_SAMPLES) return Optional.empty();
        double median = median(finite);
        double[] deviations = Arrays.stream(finite).map(v -> Math.abs(v - median)).sorted().toArray();
        return Optional.of(new Baseline(median, median(deviations), finite.length));
    }

    /** Robust z-score (x − median) / (1.4826 · MAD); empty when the MAD is 0 (no spread to measure against). */
    public OptionalDouble zScore(double x) {
        if (mad <= 0 || !Double.isFinite(x)) return OptionalDouble.empty();
        return OptionalDouble.of((x - median) / (MAD_TO_SIGMA * mad));
    }

    /** The top of the usual band, median + 1 MAD: the "above baseline" line of the break rule. */
    public double upper() {
        return median + mad;
    }

    public double lower() {
        return median - mad;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
