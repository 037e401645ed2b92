package org.voicebarometer.engine.biomarkers;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Voice biomarkers of one recording. A component is {@code null} when it is not measurable for
 * this input (no voiced frames for F0, fewer than three glottal pulses for jitter and shimmer,
 * no voiced frame for HNR, no speech for the pause ratio, no pause for the mean pause, digital silence for the
 * intensity); it is never NaN. Definitions and references: docs/biomarkers.md.
 *
 * @param f0MeanHz                mean F0 over voiced frames (Praat "To Pitch (ac)", 75–600 Hz)
 * @param f0SdHz                  standard deviation of F0 over voiced frames
 * @param jitterLocal             jitter (local) as a fraction (0.01 = 1 %)
 * @param shimmerLocal            shimmer (local) as a fraction
 * @param hnrDb                   mean harmonics-to-noise ratio (cc) over voiced frames
 * @param intensityMeanDb         mean intensity (energy average), dB re 2·10⁻⁵ with full scale = 1 Pa
 * @param voicedFraction          fraction of pitch frames that are voiced
 * @param pauseCount              pauses between speech segments of audio.VoiceActivity (docs/audio.md)
 * @param pauseMeanS              mean pause length in seconds
 * @param pauseRatio              pause time over the speech span (first speech onset to last offset)
 * @param speechRateSyllablesPerS syllable nuclei per second of recording
 * @param durationS               recording length in seconds
 */
public record VoiceBiomarkers(Double f0MeanHz, Double f0SdHz, Double jitterLocal, Double shimmerLocal, Double hnrDb,
                              Double intensityMeanDb, Double voicedFraction, Double pauseCount, Double pauseMeanS,
                              Double pauseRatio, Double speechRateSyllablesPerS, Double durationS) {

    /** The components under their snake_case JSON names, in a fixed order; null = not measurable. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("f0_mean_hz", f0MeanHz);
        m.put("f0_sd_hz", f0SdHz);
        m.put("jitter_local", jitterLocal);
        m.put("shimmer_local", shimmerLocal);
        m.put("hnr_db", hnrDb);
        m.put("intensity_mean_db", intensityMeanDb);
        m.put("voiced_fraction", voicedFraction);
        m.put("pause_count", pauseCount);
        m.put("pause_mean_s", pauseMeanS);
        m.put("pause_ratio", pauseRatio);
        m.put("speech_rate_syllables_per_s", speechRateSyllablesPerS);
        m.put("duration_s", durationS);
        return m;
    }
}
