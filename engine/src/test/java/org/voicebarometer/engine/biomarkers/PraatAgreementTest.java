package org.voicebarometer.engine.biomarkers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.voicebarometer.engine.audio.AudioLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Agreement with Praat 6.3 on the files listed in testdata/biomarkers/expected.json (written by
 * testdata/biomarkers/generate.py): synthetic voices and public-domain read speech at 16 kHz, and
 * EmoDB utterances that Praat analyses at their original 22,050 Hz and we after the project's
 * resampler (AudioLoader), so their rows include the effect of resampling.
 */
class PraatAgreementTest {
    private static final Path ROOT = Path.of(System.getProperty("barometer.root", "."));

    static Stream<JsonNode> cases() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(ROOT.resolve("testdata/biomarkers/expected.json").toFile());
        List<JsonNode> cases = new ArrayList<>();
        expected.get("cases").forEach(cases::add);
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void agreesWithPraat(JsonNode praat) throws IOException {
        VoiceAnalysis analysis = VoiceAnalysis.of(AudioLoader.load(ROOT.resolve(praat.get("file").asText())).samples());
        VoiceBiomarkers ours = Biomarkers.from(analysis);

        assertRelative(praat, "f0_mean_hz", ours.f0MeanHz(), 0.03);
        assertRelative(praat, "f0_sd_hz", ours.f0SdHz(), 0.03);
        assertRelative(praat, "jitter_local", ours.jitterLocal(), 0.25);
        assertRelative(praat, "shimmer_local", ours.shimmerLocal(), 0.25);
        assertAbsolute(praat, "hnr_db", ours.hnrDb(), 2.0);
        assertAbsolute(praat, "intensity_mean_db", ours.intensityMeanDb(), 0.1);
        assertAbsolute(praat, "voiced_fraction", ours.voicedFraction(), 0.02);

        // de Jong & Wempe's silences (the sounding check of the syllable nuclei); the pause
        // biomarkers themselves come from audio.VoiceActivity and are not Praat's.
        Silences silences = analysis.silences;
        assertEquals(praat.get("pause_count").asInt(), silences.pauseCount(), "de Jong & Wempe pauses");
        assertEquals(praat.get("pause_total_s").asDouble(), silences.totalPauseSeconds(), 0.02, "pause time");
        assertEquals(praat.get("speech_span_s").asDouble(), silences.speechSpanSeconds(), 0.02, "speech span");
        double praatSyllables = praat.get("syllables").asDouble();
        double ourSyllables = ours.speechRateSyllablesPerS() * ours.durationS();
        assertEquals(praatSyllables, ourSyllables, Math.max(1, 0.05 * praatSyllables) + 1e-9, "syllables");
    }

    private static void assertRelative(JsonNode praat, String name, Double ours, double tolerance) {
        JsonNode expected = praat.get(name);
        if (expected.isNull()) {
            assertNull(ours, name + " is not measurable for Praat");
            return;
        }
        assertNotNull(ours, name);
        assertEquals(expected.asDouble(), ours, tolerance * Math.abs(expected.asDouble()), name);
    }

    private static void assertAbsolute(JsonNode praat, String name, Double ours, double tolerance) {
        JsonNode expected = praat.get(name);
        if (expected.isNull()) {
            assertNull(ours, name + " is not measurable for Praat");
            return;
        }
        assertNotNull(ours, name);
        assertEquals(expected.asDouble(), ours, tolerance, name);
    }
}
