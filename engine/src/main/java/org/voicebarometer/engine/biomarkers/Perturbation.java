package org.voicebarometer.engine.biomarkers;

/**
 * Cycle-to-cycle perturbation of glottal pulses, as Praat's "Get jitter (local)" and
 * "Get shimmer (local)" with their standard arguments: periods between 0.1 ms and 20 ms count,
 * neighbouring periods may differ by a factor 1.3 at most, neighbouring amplitudes by 1.6.
 */
final class Perturbation {
    static final double SHORTEST_PERIOD = 0.0001;
    static final double LONGEST_PERIOD = 0.02;
    static final double MAXIMUM_PERIOD_FACTOR = 1.3;
    static final double MAXIMUM_AMPLITUDE_FACTOR = 1.6;

    private Perturbation() {}

    /**
     * Jitter (local): mean absolute difference between consecutive periods divided by the mean
     * period, as a fraction; NaN with fewer than three usable periods.
     */
    static double jitterLocal(double[] pulses) {
        int periods = pulses.length - 1;
        if (periods < 2) return Double.NaN;
        double sum = 0;
        for (int i = 1; i < pulses.length - 1; i++) {
            double p1 = pulses[i] - pulses[i - 1];
            double p2 = pulses[i + 1] - pulses[i];
            if (periodPairUsable(p1, p2)) {
                sum += Math.abs(p1 - p2);
            } else {
                periods--;
            }
        }
        if (periods < 2) return Double.NaN;
        return sum / (periods - 1) / meanPeriod(pulses);
    }

    /** Praat's PointProcess_getMeanPeriod: intervals in range and not an outlier against both neighbours. */
    static double meanPeriod(double[] pulses) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < pulses.length - 1; i++) {
            if (isPeriod(pulses, i)) {
                sum += pulses[i + 1] - pulses[i];
                n++;
            }
        }
        return n > 0 ? sum / n : Double.NaN;
    }

    private static boolean isPeriod(double[] t, int i) {
        double interval = t[i + 1] - t[i];
        if (interval <= 0 || interval < SHORTEST_PERIOD || interval > LONGEST_PERIOD) return false;
        double previous = i >= 1 ? interval / (t[i] - t[i - 1]) : Double.NaN;
        double next = i + 2 < t.length ? interval / (t[i + 2] - t[i + 1]) : Double.NaN;
        if (Double.isNaN(previous) && Double.isNaN(next)) return true;
        if (previous > 0 && previous < 1) previous = 1 / previous;
        if (next > 0 && next < 1) next = 1 / next;
        return !(previous > MAXIMUM_PERIOD_FACTOR && next > MAXIMUM_PERIOD_FACTOR);
    }

    private static boolean periodPairUsable(double p1, double p2) {
        double factor = p1 > p2 ? p1 / p2 : p2 / p1;
        return p1 >= SHORTEST_PERIOD && p1 <= LONGEST_PERIOD && p2 >= SHORTEST_PERIOD && p2 <= LONGEST_PERIOD
                && factor <= MAXIMUM_PERIOD_FACTOR;
    }

    /**
     * Shimmer (local): mean absolute difference between the amplitudes of consecutive periods
     * divided by the mean amplitude, as a fraction; NaN if fewer than three pulses. A pulse's
     * amplitude is the RMS under a Hann window reaching 0.2 of the adjacent periods on each side.
     */
    static double shimmerLocal(Sound sound, double[] pulses) {
        if (pulses.length < 3) return Double.NaN;
        double[] times = new double[pulses.length];
        double[] amplitudes = new double[pulses.length];
        int n = 0;
        for (int i = 1; i < pulses.length - 1; i++) {
            double p1 = pulses[i] - pulses[i - 1];
            double p2 = pulses[i + 1] - pulses[i];
            if (!periodPairUsable(p1, p2)) continue;
            double amplitude = hannWindowedRms(sound, pulses[i], 0.2 * p1, 0.2 * p2);
            if (amplitude > 0) {
                times[n] = pulses[i];
                amplitudes[n++] = amplitude;
            }
        }
        double numerator = 0;
        int pairs = 0;
        for (int i = 1; i < n; i++) {
            double p = times[i] - times[i - 1];
            if (p < SHORTEST_PERIOD || p > LONGEST_PERIOD) continue;
            double a1 = amplitudes[i - 1];
            double a2 = amplitudes[i];
            if ((a1 > a2 ? a1 / a2 : a2 / a1) <= MAXIMUM_AMPLITUDE_FACTOR) {
                numerator += Math.abs(a1 - a2);
                pairs++;
            }
        }
        if (pairs < 1) return Double.NaN;
        double denominator = 0;
        for (int i = 0; i < n - 1; i++) denominator += amplitudes[i];
        denominator /= n - 1;
        return denominator == 0 ? Double.NaN : numerator / pairs / denominator;
    }

    private static double hannWindowedRms(Sound sound, double tMid, double widthLeft, double widthRight) {
        double[] x = sound.samples();
        int imin = Math.max(0, sound.highIndex(tMid - widthLeft));
        int imax = Math.min(x.length - 1, sound.lowIndex(tMid + widthRight));
        if (imax - imin + 1 < 3) return Double.NaN;
        double sumSquares = 0;
        double windowSquares = 0;
        for (int i = imin; i <= imax; i++) {
            double t = sound.indexToTime(i);
            double phase = (t - tMid) / (t < tMid ? widthLeft : widthRight);
            double w = 0.5 + 0.5 * Math.cos(Math.PI * phase);
            double v = x[i] * w;
            sumSquares += v * v;
            windowSquares += w * w;
        }
        return Math.sqrt(sumSquares / windowSquares);
    }
}
