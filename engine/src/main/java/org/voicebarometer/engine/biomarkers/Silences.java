package org.voicebarometer.engine.biomarkers;

import java.util.ArrayList;
import java.util.List;

/**
 * Sounding and silent stretches as in de Jong &amp; Wempe (2009, script version of 2010): an
 * intensity contour (minimum pitch 50 Hz) is silent where it is more than 25 dB below its 0.99
 * quantile; silent stretches shorter than 0.3 s count as sounding and sounding stretches shorter
 * than 0.1 s as silent (Praat's "To TextGrid (silences)").
 *
 * <p>Syllable nuclei must lie in a sounding stretch. The pauses of this segmentation (silent
 * stretches between sounding ones) are what the script reports and what the Praat agreement test
 * checks; the pause biomarkers themselves come from {@code audio.VoiceActivity}, the project's one
 * pause definition.
 */
record Silences(Intensity intensity, double thresholdDb, List<double[]> sounding) {
    static final double SILENCE_DB_BELOW_Q99 = 25;
    static final double MINIMUM_PAUSE_S = 0.3;
    static final double MINIMUM_SOUNDING_S = 0.1;

    static Silences detect(Sound sound) {
        Intensity intensity = Intensity.analyse(sound, 50);
        double[] db = intensity.db();
        if (db.length == 0) return new Silences(intensity, Double.NaN, List.of());
        double min = Double.POSITIVE_INFINITY;
        for (double v : db) min = Math.min(min, v);
        double silenceBelow = Statistics.quantile(db, 0.99) - SILENCE_DB_BELOW_Q99;
        boolean allSounding = silenceBelow < min;

        // Runs of equal classification as {start, end, sounding ? 1 : 0}; as in Praat, a boundary
        // lies at the time of the first frame of the new run. Short sounding runs are removed
        // before short silent runs ("works much better", Praat's Intensity_extensions.cpp).
        List<double[]> runs = new ArrayList<>();
        runs.add(new double[] {0, sound.duration(), allSounding || db[0] >= silenceBelow ? 1 : 0});
        for (int f = 1; f < db.length; f++) {
            double label = allSounding || db[f] >= silenceBelow ? 1 : 0;
            double[] last = runs.get(runs.size() - 1);
            if (last[2] == label) continue;
            last[1] = intensity.time(f);
            runs.add(new double[] {intensity.time(f), sound.duration(), label});
        }
        relabelShort(runs, 1, MINIMUM_SOUNDING_S);
        relabelShort(runs, 0, MINIMUM_PAUSE_S);
        List<double[]> sounding = new ArrayList<>();
        for (double[] r : runs) if (r[2] == 1) sounding.add(new double[] {r[0], r[1]});
        return new Silences(intensity, Math.max(min, silenceBelow), List.copyOf(sounding));
    }

    /** Runs with {@code label} shorter than {@code minimum} take the other label; neighbours merge. */
    private static void relabelShort(List<double[]> runs, double label, double minimum) {
        for (double[] r : runs) if (r[2] == label && r[1] - r[0] < minimum) r[2] = 1 - label;
        for (int i = runs.size() - 1; i > 0; i--) {
            if (runs.get(i)[2] == runs.get(i - 1)[2]) {
                runs.get(i - 1)[1] = runs.get(i)[1];
                runs.remove(i);
            }
        }
    }

    boolean isSounding(double t) {
        for (double[] s : sounding) if (t >= s[0] && t <= s[1]) return true;
        return false;
    }

    int pauseCount() { return Math.max(0, sounding.size() - 1); }

    double totalPauseSeconds() {
        double sum = 0;
        for (int i = 1; i < sounding.size(); i++) sum += sounding.get(i)[0] - sounding.get(i - 1)[1];
        return sum;
    }

    /** From the first sounding onset to the last sounding offset; 0 if nothing sounds. */
    double speechSpanSeconds() {
        return sounding.isEmpty() ? 0 : sounding.get(sounding.size() - 1)[1] - sounding.get(0)[0];
    }
}
