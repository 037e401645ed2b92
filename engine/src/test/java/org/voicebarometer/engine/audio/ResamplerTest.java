package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The resampler's frequency response, measured with pure tones: the amplitude of an in-band tone
 * (passband ripple) and what is left of an out-of-band tone or of an upsampled tone's images
 * (stopband attenuation).
 */
class ResamplerTest {
    /** Passband ripple bound asserted; the Kaiser design gives ±0.0001 dB. */
    static final double MAX_RIPPLE_DB = 0.001;
    /** Stopband bound asserted; the design target is 100 dB. */
    static final double MIN_ATTENUATION_DB = 95;

    @ParameterizedTest(name = "{0} Hz → {1} Hz")
    @CsvSource({"44100,16000", "22050,16000", "48000,16000", "11025,16000", "8000,16000", "37800,16000",
            "16000,22050", "16000,8000", "44101,16000"})
    void passbandRippleAndStopbandAttenuation(int from, int to) {
        double lowerNyquist = Math.min(from, to) / 2.0;
        double worstRippleDb = 0, worstLeakDb = -400;
        for (int k = 1; k <= 24; k++) {
            double f = Resampler.PASSBAND_EDGE * lowerNyquist * k / 24;
            float[] y = Resampler.resample(tone(f, from, from / 2), from, to);
            Fit fit = Fit.of(y, f, to);
            worstRippleDb = Math.max(worstRippleDb, Math.abs(20 * Math.log10(fit.amplitude)));
            // what is not the tone: images (upsampling) and numerical noise
            worstLeakDb = Math.max(worstLeakDb, 20 * Math.log10(fit.residualRms * Math.sqrt(2)));
        }
        if (from > to) {
            // tones between the output Nyquist frequency and the input's must vanish, not alias
            for (int k = 0; k <= 24; k++) {
                double f = lowerNyquist + (from / 2.0 - lowerNyquist) * k / 24.5;
                float[] y = Resampler.resample(tone(f, from, from / 2), from, to);
                worstLeakDb = Math.max(worstLeakDb, 20 * Math.log10(Fit.rms(y, skip(to)) * Math.sqrt(2)));
            }
        }
        System.out.printf(Locale.ROOT, "resampler %d → %d Hz: passband ripple %.6f dB, stopband/images %.1f dB%n",
                from, to, worstRippleDb, worstLeakDb);
        assertTrue(worstRippleDb < MAX_RIPPLE_DB, "ripple " + worstRippleDb + " dB");
        assertTrue(worstLeakDb < -MIN_ATTENUATION_DB, "stopband " + worstLeakDb + " dB");
    }

    @Test
    void outputLengthFollowsTheExactRatio() {
        assertEquals(32000, Resampler.resample(new float[44100], 22050, 16000).length);
        assertEquals(16000, Resampler.resample(new float[44100], 44100, 16000).length);
        assertEquals(3, Resampler.resample(new float[7], 37800, 16000).length);   // ⌈7·80/189⌉
        assertEquals(14, Resampler.resample(new float[7], 8000, 16000).length);
        assertEquals(0, Resampler.resample(new float[0], 44100, 16000).length);
        assertEquals(1, Resampler.resample(new float[1], 384000, 16000).length);
    }

    @Test
    void equalRatesCopy() {
        float[] x = {0.1f, -0.2f, 0.3f};
        float[] y = Resampler.resample(x, 16000, 16000);
        assertArrayEquals(x, y);
        y[0] = 1;
        assertEquals(0.1f, x[0]);
    }

    @Test
    void constantStaysConstantAwayFromTheEdges() {
        for (int[] r : new int[][]{{22050, 16000}, {8000, 16000}, {44101, 16000}, {3, 7}}) {
            float[] x = new float[Math.max(r[0] * 2, 600)];
            java.util.Arrays.fill(x, 0.5f);
            float[] y = Resampler.resample(x, r[0], r[1]);
            for (int n = y.length / 4; n < 3 * y.length / 4; n++) assertEquals(0.5, y[n], 1e-5, r[0] + "→" + r[1] + " at " + n);
        }
    }

    @Test
    void outputIsTimeAlignedWithTheInput() {
        // an impulse at input sample 11025 (0.5 s) peaks at output sample 8000 (0.5 s)
        float[] x = new float[22050];
        x[11025] = 1;
        float[] y = Resampler.resample(x, 22050, 16000);
        int peak = 0;
        for (int n = 1; n < y.length; n++) if (y[n] > y[peak]) peak = n;
        assertEquals(8000, peak);
    }

    @Test
    void refusesNonPositiveRates() {
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 0, 16000));
        assertThrows(IllegalArgumentException.class, () -> Resampler.resample(new float[4], 16000, -1));
    }

    @Test
    void greatestCommonDivisor() {
        assertEquals(50, Resampler.gcd(22050, 16000));
        assertEquals(100, Resampler.gcd(44100, 16000));
        assertEquals(200, Resampler.gcd(37800, 16000));
        assertEquals(1, Resampler.gcd(44101, 16000));
    }

    static float[] tone(double f, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) Math.sin(2 * Math.PI * f * i / rate + 0.3);
        return x;
    }

    /** Skip 50 ms at either end, well past the filter's reach. */
    static int skip(int rate) {
        return rate / 20;
    }

    /** Least-squares fit of a·cos + b·sin at a known frequency over the middle of a signal. */
    record Fit(double amplitude, double residualRms) {
        static Fit of(float[] y, double f, int rate) {
            int from = skip(rate), to = y.length - skip(rate);
            double cc = 0, ss = 0, cs = 0, yc = 0, ys = 0;
            for (int n = from; n < to; n++) {
                double w = 2 * Math.PI * f * n / rate, c = Math.cos(w), s = Math.sin(w);
                cc += c * c; ss += s * s; cs += c * s; yc += y[n] * c; ys += y[n] * s;
            }
            double det = cc * ss - cs * cs;
            double a = (yc * ss - ys * cs) / det, b = (ys * cc - yc * cs) / det;
            double r = 0;
            for (int n = from; n < to; n++) {
                double w = 2 * Math.PI * f * n / rate;
                double e = y[n] - a * Math.cos(w) - b * Math.sin(w);
                r += e * e;
            }
            return new Fit(Math.hypot(a, b), Math.sqrt(r / (to - from)));
        }

        static double rms(float[] y, int skip) {
            double r = 0;
            for (int n = skip; n < y.length - skip; n++) r += (double) y[n] * y[n];
            return Math.sqrt(r / (y.length - 2 * skip));
        }
    }
}
