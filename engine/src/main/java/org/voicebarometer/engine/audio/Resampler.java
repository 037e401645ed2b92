package org.voicebarometer.engine.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by any rational ratio: a Kaiser-windowed sinc low-pass,
 * evaluated as a polyphase filter bank.
 *
 * <p>With {@code g = gcd(from, to)}, {@code L = to/g} and {@code M = from/g}, output sample n sits at
 * input position {@code n·M/L}: whole part {@code ⌊n·M/L⌋}, fraction {@code (n·M mod L)/L}, computed
 * exactly in integers, so there is no drift over any length. Each fraction has its own row of
 * taps (a phase). When L is larger than the filter needs (odd rate pairs such as 44 101 → 16 000)
 * the table holds P + 1 evenly spaced phases, P = {@link #PHASES_PER_FULL_BAND} scaled by the
 * filter's bandwidth (2·f_c), and the two phases around the fraction are linearly interpolated;
 * the table size then stays near a million taps whatever the rates, and the interpolation error
 * stays below the stopband.
 *
 * <p>Design, relative to the Nyquist frequency of the lower of the two rates: passband to
 * {@link #PASSBAND_EDGE} (measured ripple below ±0.0001 dB), stopband from 1.0 with
 * {@link #STOPBAND_ATTENUATION_DB} dB design attenuation (measured ≥ 102 dB), so nothing aliases
 * into the output band and the images of an upsampled signal are removed. The −3 dB point falls at
 * 0.95, where SoX's default (`rate -h`) puts it, so the two agree to ~60 dB SNR on speech. The filter
 * is linear-phase and centred: the output is time-aligned with the input (no delay).
 */
public final class Resampler {
    /** Passband edge as a fraction of the lower rate's Nyquist frequency (−3 dB at 0.95, as SoX). */
    public static final double PASSBAND_EDGE = 0.915;
    /** Kaiser design attenuation; the passband ripple is the same δ = 10^(−A/20). */
    public static final double STOPBAND_ATTENUATION_DB = 100;
    /**
     * Phases per input sample an interpolated table has for a full-band filter (f_c = ½); a
     * narrower filter is smoother and needs proportionally fewer. Every common rate pair (44.1,
     * 22.05, 11.025, 48, 8, 37.8 kHz ↔ 16 kHz) has L below this and gets its exact phases.
     */
    static final int PHASES_PER_FULL_BAND = 4096;
    private static final int MAX_CACHED_TABLES = 16;
    private static final Map<Long, PhaseTable> TABLES = new ConcurrentHashMap<>();

    private Resampler() {
    }

    /**
     * Resamples {@code x} from {@code fromRate} to {@code toRate} Hz. The output has
     * {@code ⌈x.length·toRate/fromRate⌉} samples; samples before the start and after the end are
     * taken as silence. Returns a copy when the rates are equal.
     */
    public static float[] resample(float[] x, int fromRate, int toRate) {
        if (fromRate <= 0 || toRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + fromRate + " → " + toRate);
        }
        if (fromRate == toRate) return x.clone();
        int g = gcd(fromRate, toRate);
        long up = toRate / g;   // L
        long down = fromRate / g; // M
        long outLength = (x.length * up + down - 1) / down;
        if (outLength > AudioLimits.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("resampled length " + outLength + " exceeds the array limit");
        }
        PhaseTable table = table(fromRate, toRate, up);
        float[] y = new float[(int) outLength];
        for (int n = 0; n < y.length; n++) {
            long pos = n * down;
            long whole = pos / up;
            long frac = pos % up;
            int first = (int) whole - table.halfWidth + 1;
            if (table.phases == up) {
                y[n] = (float) table.dot(x, first, (int) frac);
            } else {
                double phase = frac * (double) table.phases / up;
                int p = (int) phase;
                double w = phase - p;
                double a = table.dot(x, first, p);
                y[n] = (float) (w == 0 ? a : a + w * (table.dot(x, first, p + 1) - a));
            }
        }
        return y;
    }

    /** Designing a table costs up to ~50 ms (odd rates); a program meets few distinct rate pairs. */
    private static PhaseTable table(int fromRate, int toRate, long up) {
        long key = (long) fromRate << 32 | toRate;
        PhaseTable table = TABLES.get(key);
        if (table == null) {
            if (TABLES.size() >= MAX_CACHED_TABLES) TABLES.clear();
            table = PhaseTable.design(fromRate, toRate, up);
            TABLES.put(key, table);
        }
        return table;
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * The low-pass h(τ) = 2f_c·sinc(2f_c·τ)·kaiser(τ/H), τ in input samples, sampled at
     * τ = j − (H − 1) − p/P for phase p = 0..P and tap j = 0..2H−1.
     */
    private static final class PhaseTable {
        final int halfWidth;  // H: taps reach H input samples either side of the output position
        final int taps;       // 2H
        final int phases;     // P: L itself, or fewer to be interpolated
        final float[] rows;   // (P + 1, 2H): row P is row 0 moved by one input sample

        private PhaseTable(int halfWidth, int phases, float[] rows) {
            this.halfWidth = halfWidth;
            this.taps = 2 * halfWidth;
            this.phases = phases;
            this.rows = rows;
        }

        static PhaseTable design(int fromRate, int toRate, long up) {
            double lowerNyquist = Math.min(fromRate, toRate) / 2.0;
            double transition = (1 - PASSBAND_EDGE) * lowerNyquist / fromRate;        // cycles per input sample
            double cutoff = (1 + PASSBAND_EDGE) / 2 * lowerNyquist / fromRate;        // f_c, cycles per input sample
            double a = STOPBAND_ATTENUATION_DB;
            double beta = 0.1102 * (a - 8.7);                                          // Kaiser (1974), A > 50 dB
            double length = (a - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;       // taps in input samples
            int halfWidth = (int) Math.ceil(length / 2);
            double support = length / 2;
            double i0Beta = besselI0(beta);
            int taps = 2 * halfWidth;
            int interpolatedPhases = (int) Math.ceil(PHASES_PER_FULL_BAND * 2 * cutoff);
            int phases = (int) Math.min(up, interpolatedPhases);
            float[] rows = new float[(phases + 1) * taps];
            for (int p = 0; p <= phases; p++) {
                for (int j = 0; j < taps; j++) {
                    double tau = j - (halfWidth - 1) - p / (double) phases;
                    double r = tau / support;
                    if (Math.abs(r) >= 1) continue;
                    double window = besselI0(beta * Math.sqrt(1 - r * r)) / i0Beta;
                    rows[p * taps + j] = (float) (2 * cutoff * sinc(2 * cutoff * tau) * window);
                }
            }
            return new PhaseTable(halfWidth, phases, rows);
        }

        /** Σ_j x[first + j]·row_p[j], with x zero outside its bounds. */
        double dot(float[] x, int first, int phase) {
            int from = Math.max(0, -first);
            int to = Math.min(taps, x.length - first);
            return to <= from ? 0 : VectorMath.dot(x, first + from, rows, phase * taps + from, to - from);
        }

        private static double sinc(double t) {
            if (t == 0) return 1;
            double pt = Math.PI * t;
            return Math.sin(pt) / pt;
        }

        /** Modified Bessel function of the first kind, order 0, by its power series. */
        private static double besselI0(double x) {
            double sum = 1, term = 1, q = x * x / 4;
            for (int k = 1; term > 1e-17 * sum; k++) {
                term *= q / ((double) k * k);
                sum += term;
            }
            return sum;
        }
    }
}
