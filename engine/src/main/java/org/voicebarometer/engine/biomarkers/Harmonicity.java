package org.voicebarometer.engine.biomarkers;

/**
 * Harmonics-to-noise ratio by cross-correlation (Boersma 1993; Praat's "To Harmonicity (cc)"
 * with time step 0.01 s, minimum pitch 75 Hz, silence threshold 0.1, 1.0 period per window).
 * A frame whose best candidate has correlation r gets HNR = 10·log10(r / (1 − r)) dB; silent or
 * unvoiced frames are marked −200 dB and left out of the mean, as Praat's "Get mean" does.
 */
final class Harmonicity {
    static final double UNVOICED_DB = -200;

    private Harmonicity() {}

    /** The HNR contour in dB, one value per 10 ms frame, {@link #UNVOICED_DB} where unvoiced. */
    static double[] contour(Sound sound) {
        var settings = new PitchAnalysis.Settings(PitchAnalysis.Method.CROSS_CORRELATION_ACCURATE, 0.01, 75,
                0.5 * sound.sampleRate(), 1.0, 15, 0.1, 0.0, 0.0, 0.0, 0.0);
        PitchContour best = PitchAnalysis.analyse(sound, settings);
        double[] hnr = new double[best.frames()];
        for (int f = 0; f < hnr.length; f++) {
            double r = best.strength()[f];
            hnr[f] = !best.isVoiced(f) ? UNVOICED_DB
                    : r <= 1e-15 ? -150 : r > 1 - 1e-15 ? 150 : 10 * Math.log10(r / (1 - r));
        }
        return hnr;
    }

    /** Mean HNR over the frames that are not marked unvoiced; NaN if there are none. */
    static double meanDb(double[] contour) {
        double sum = 0;
        int n = 0;
        for (double v : contour) {
            if (v != UNVOICED_DB) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
