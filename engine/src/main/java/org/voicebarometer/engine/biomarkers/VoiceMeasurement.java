package org.voicebarometer.engine.biomarkers;

import java.util.List;

/**
 * Biomarkers and functionals of one recording from a single analysis pass (computing them
 * separately would run pitch, harmonicity and syllable analysis twice).
 *
 * @param biomarkers  as {@link Biomarkers#measure}
 * @param functionals as {@link AcousticFunctionals#compute}, in the order of {@link #names()}
 */
public record VoiceMeasurement(VoiceBiomarkers biomarkers, double[] functionals) {

    public static VoiceMeasurement of(float[] samples16k) {
        VoiceAnalysis analysis = VoiceAnalysis.of(samples16k);
        return new VoiceMeasurement(Biomarkers.from(analysis), AcousticFunctionals.from(analysis));
    }

    public List<String> names() { return AcousticFunctionals.names(); }
}
