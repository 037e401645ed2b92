package org.voicebarometer.engine.biomarkers;

import java.util.List;
import org.voicebarometer.engine.audio.VoiceActivity;

/**
 * All contours of one recording, computed once and shared by {@link Biomarkers} and
 * {@link AcousticFunctionals}: the Praat-standard pitch contour (75–600 Hz), glottal pulses,
 * harmonicity, intensity (100 Hz, Praat's default), de Jong &amp; Wempe's silences and syllable
 * nuclei, and the project's voice activity (whose pauses are the pause biomarkers, so that every
 * component reports the same pauses).
 */
final class VoiceAnalysis {
    static final double SAMPLE_RATE = 16_000;
    static final double PITCH_FLOOR_HZ = 75;
    static final double PITCH_CEILING_HZ = 600;
    static final double INTENSITY_MINIMUM_PITCH_HZ = 100;

    final Sound sound;
    final PitchContour pitch;
    final double[] pulses;
    final double[] harmonicityDb;
    final Intensity intensity;
    final Silences silences;
    final double[] syllableNuclei;
    final VoiceActivity voiceActivity;

    private VoiceAnalysis(Sound sound, float[] samples16k) {
        this.sound = sound;
        voiceActivity = VoiceActivity.detect(samples16k);
        pitch = PitchAnalysis.analyse(sound, PitchAnalysis.Settings.praatDefaults(PITCH_FLOOR_HZ, PITCH_CEILING_HZ));
        pulses = GlottalPulses.find(sound, pitch);
        harmonicityDb = Harmonicity.contour(sound);
        intensity = Intensity.analyse(sound, INTENSITY_MINIMUM_PITCH_HZ);
        silences = Silences.detect(sound);
        syllableNuclei = SyllableNuclei.find(sound, silences);
    }

    /** Non-finite samples (a broken decoder upstream) are treated as silence rather than poisoning every measure. */
    static VoiceAnalysis of(float[] samples16k) {
        if (samples16k == null) throw new IllegalArgumentException("samples must not be null");
        float[] finite = new float[samples16k.length];
        double[] x = new double[samples16k.length];
        for (int i = 0; i < x.length; i++) {
            finite[i] = Float.isFinite(samples16k[i]) ? samples16k[i] : 0;
            x[i] = finite[i];
        }
        return new VoiceAnalysis(new Sound(x, SAMPLE_RATE), finite);
    }

    boolean isDigitalSilence() { return sound.globalPeakAroundMean() == 0; }

    double jitterLocal() { return Perturbation.jitterLocal(pulses); }

    double shimmerLocal() { return Perturbation.shimmerLocal(sound, pulses); }

    double hnrDb() { return Harmonicity.meanDb(harmonicityDb); }

    double voicedFraction() { return pitch.frames() == 0 ? Double.NaN : (double) pitch.voicedFrames() / pitch.frames(); }

    double speechRate() {
        return sound.duration() > 0 ? syllableNuclei.length / sound.duration() : Double.NaN;
    }

    int pauseCount() { return voiceActivity.pauses().size(); }

    /** Fraction of the speech span (first speech onset to last offset) spent in pauses; NaN without speech. */
    double pauseRatio() {
        List<VoiceActivity.Segment> speech = voiceActivity.speech();
        if (speech.isEmpty()) return Double.NaN;
        double span = speech.get(speech.size() - 1).endSeconds() - speech.get(0).startSeconds();
        return span > 0 ? voiceActivity.pauseSeconds() / span : Double.NaN;
    }

    double pauseMeanSeconds() {
        int n = pauseCount();
        return n > 0 ? voiceActivity.pauseSeconds() / n : Double.NaN;
    }
}
