package org.voicebarometer.engine.biomarkers;

/** Entry point: voice biomarkers of a mono 16 kHz recording (see {@link VoiceBiomarkers}). */
public final class Biomarkers {
    private Biomarkers() {}

    /** Never throws for any finite or non-finite content or length; null input is an IllegalArgumentException. */
    public static VoiceBiomarkers measure(float[] samples16k) {
        return from(VoiceAnalysis.of(samples16k));
    }

    static VoiceBiomarkers from(VoiceAnalysis a) {
        double[] f0 = a.pitch.voicedHz();
        boolean silent = a.isDigitalSilence();
        return new VoiceBiomarkers(
                orNull(Statistics.mean(f0)),
                orNull(Statistics.sd(f0)),
                orNull(a.jitterLocal()),
                orNull(a.shimmerLocal()),
                orNull(a.hnrDb()),
                silent ? null : orNull(a.intensity.energyMeanDb()),
                orNull(a.voicedFraction()),
                (double) a.pauseCount(),
                orNull(a.pauseMeanSeconds()),
                orNull(a.pauseRatio()),
                orNull(a.speechRate()),
                a.sound.duration());
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
