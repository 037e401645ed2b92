package org.voicebarometer.engine.biomarkers;

import java.util.ArrayList;
import java.util.List;

/**
 * Syllable nuclei after de Jong &amp; Wempe (2009), "Praat script to detect syllable nuclei and
 * measure speech rate automatically" (Behavior Research Methods 41(2)): peaks of the intensity
 * contour that exceed the silence threshold, are followed by a dip of more than 2 dB before the
 * next such peak, fall inside a sounding stretch and are voiced according to a pitch analysis
 * with floor 30 Hz, ceiling 450 Hz, voicing threshold 0.25 and voiced/unvoiced cost 0.25.
 */
final class SyllableNuclei {
    static final double MINIMUM_DIP_DB = 2;

    private SyllableNuclei() {}

    /** Times of the syllable nuclei, ascending. */
    static double[] find(Sound sound, Silences silences) {
        Intensity intensity = silences.intensity();
        double[] db = intensity.db();
        List<double[]> peaks = new ArrayList<>(); // {time, dB}
        for (int f = 1; f + 1 < db.length; f++) {
            if (!(db[f] > db[f - 1] && db[f] >= db[f + 1])) continue;
            // The peak's time comes from sinc interpolation, its level from cubic interpolation at
            // that time, as in the script ("To PointProcess (extrema)", "Get value at time: cubic").
            double position = SincInterpolation.refineMaximum(db, f, SincInterpolation.DEPTH_70)[0];
            double level = SincInterpolation.valueAt(db, position, SincInterpolation.CUBIC);
            double time = intensity.firstTime() + position * intensity.timeStep();
            if (level > silences.thresholdDb()) peaks.add(new double[] {time, level});
        }
        List<Double> valid = new ArrayList<>();
        for (int p = 0; p + 1 < peaks.size(); p++) {
            double dip = minimumBetween(intensity, peaks.get(p)[0], peaks.get(p + 1)[0]);
            if (Math.abs(peaks.get(p)[1] - dip) > MINIMUM_DIP_DB) valid.add(peaks.get(p)[0]);
        }
        var voicing = new PitchAnalysis.Settings(PitchAnalysis.Method.AUTOCORRELATION_HANNING, 0.02, 30, 450, 3.0, 4,
                0.03, 0.25, 0.01, 0.35, 0.25);
        PitchContour pitch = PitchAnalysis.analyse(sound, voicing);
        return valid.stream()
                .filter(t -> !Double.isNaN(pitch.valueAt(t)) && silences.isSounding(t))
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** Lowest frame value with its time in [t1, t2]; the nearer frame's value if none lies inside. */
    private static double minimumBetween(Intensity intensity, double t1, double t2) {
        double[] db = intensity.db();
        int first = Math.max(0, (int) Math.ceil((t1 - intensity.firstTime()) / intensity.timeStep()));
        int last = Math.min(db.length - 1, (int) Math.floor((t2 - intensity.firstTime()) / intensity.timeStep()));
        double min = Double.POSITIVE_INFINITY;
        for (int f = first; f <= last; f++) min = Math.min(min, db[f]);
        return Double.isInfinite(min) ? db[Math.min(db.length - 1, Math.max(0, first))] : min;
    }
}
