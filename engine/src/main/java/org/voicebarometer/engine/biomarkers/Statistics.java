package org.voicebarometer.engine.biomarkers;

import java.util.Arrays;

/** The few descriptive statistics the functionals need, with Praat's quantile definition. */
final class Statistics {
    private Statistics() {}

    static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n − 1); NaN for fewer than two values. */
    static double sd(double[] v) {
        if (v.length < 2) return Double.NaN;
        double m = mean(v);
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /**
     * Praat's NUMquantile: linear interpolation between order statistics at position
     * q·n + 0.5 (1-based), clamped to the extremes; NaN for no values.
     */
    static double quantile(double[] v, double q) {
        if (v.length == 0) return Double.NaN;
        double[] a = v.clone();
        Arrays.sort(a);
        int n = a.length;
        double place = q * n + 0.5;
        int left = (int) Math.floor(place);
        if (left >= n) return a[n - 1];
        if (left < 1) return a[0];
        return a[left - 1] + (place - left) * (a[left] - a[left - 1]);
    }

    /** NaN (not measurable) becomes 0 so a feature vector stays finite. */
    static double finiteOrZero(double v) {
        return Double.isFinite(v) ? v : 0;
    }
}
