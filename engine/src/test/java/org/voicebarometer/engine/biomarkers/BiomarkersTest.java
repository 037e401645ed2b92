package org.voicebarometer.engine.biomarkers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BiomarkersTest {
    private static final int FS = 16_000;

    /** A pulse every {@code period} samples through a one-pole low-pass: exactly periodic. */
    private static float[] pulseTrain(int period, double seconds) {
        float[] x = new float[(int) (seconds * FS)];
        double y = 0;
        for (int i = 0; i < x.length; i++) {
            y = 0.9 * y + (i % period == 0 ? 1 : 0);
            x[i] = (float) (0.3 * y);
        }
        return x;
    }

    @Test
    void periodicPulseTrainHasItsF0AndNoPerturbation() {
        VoiceBiomarkers b = Biomarkers.measure(pulseTrain(80, 1.0)); // 200 Hz
        assertEquals(200.0, b.f0MeanHz(), 0.5);
        assertEquals(0.0, b.jitterLocal(), 1e-4);
        assertEquals(0.0, b.shimmerLocal(), 1e-3);
        assertTrue(b.hnrDb() > 30, "hnr " + b.hnrDb());
        assertEquals(1.0, b.voicedFraction(), 0.05);
    }

    @Test
    void pausesAreTheVoiceActivityPauses() {
        float[] voice = pulseTrain(100, 0.8);
        float[] x = new float[(int) (3.6 * FS)];
        System.arraycopy(voice, 0, x, 0, voice.length);                     // speech 0.0–0.8 s
        System.arraycopy(voice, 0, x, (int) (1.4 * FS), voice.length);      // pause 0.6 s, speech 1.4–2.2 s
        System.arraycopy(voice, 0, x, (int) (2.6 * FS), voice.length);      // pause 0.4 s, speech 2.6–3.4 s
        VoiceBiomarkers b = Biomarkers.measure(x);
        var vad = org.voicebarometer.engine.audio.VoiceActivity.detect(x);
        assertEquals(2.0, b.pauseCount());
        assertEquals(vad.pauses().size(), b.pauseCount().intValue());
        assertEquals(0.5, b.pauseMeanS(), 0.05);
        assertEquals(1.0 / 3.4, b.pauseRatio(), 0.03);
    }

    @Test
    void digitalSilenceIsNotMeasurableButNeverNaN() {
        VoiceBiomarkers b = Biomarkers.measure(new float[2 * FS]);
        assertNull(b.f0MeanHz());
        assertNull(b.jitterLocal());
        assertNull(b.shimmerLocal());
        assertNull(b.hnrDb());
        assertNull(b.intensityMeanDb());
        assertEquals(0.0, b.voicedFraction());
        assertEquals(0.0, b.speechRateSyllablesPerS());
        assertEquals(2.0, b.durationS());
        assertNoNaN(b.asMap());
    }

    @Test
    void whiteNoiseIsUnvoiced() {
        Random random = new Random(7);
        float[] x = new float[FS];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.1 * random.nextGaussian());
        VoiceBiomarkers b = Biomarkers.measure(x);
        assertTrue(b.voicedFraction() < 0.1, "voiced fraction " + b.voicedFraction());
        assertNotNull(b.intensityMeanDb());
        assertNoNaN(b.asMap());
    }

    @Test
    void degenerateInputsNeverThrow() {
        float[] nonFinite = pulseTrain(100, 0.5);
        nonFinite[100] = Float.NaN;
        nonFinite[200] = Float.POSITIVE_INFINITY;
        for (float[] x : List.of(new float[0], new float[1], new float[100], new float[FS / 20], nonFinite)) {
            assertNoNaN(Biomarkers.measure(x).asMap());
            for (double v : AcousticFunctionals.compute(x)) assertTrue(Double.isFinite(v));
        }
        assertThrows(IllegalArgumentException.class, () -> Biomarkers.measure(null));
    }

    /** Odd signals of odd lengths: every result is finite or null, the functionals always finite. */
    @Test
    void arbitrarySignalsNeverThrowOrProduceNaN() {
        Random random = new Random(2024);
        for (int trial = 0; trial < 20; trial++) {
            float[] x = new float[random.nextInt(8_000)];
            int kind = trial % 5;
            for (int i = 0; i < x.length; i++) {
                x[i] = switch (kind) {
                    case 0 -> 0.5f;                                               // pure DC
                    case 1 -> (i / 40) % 2 == 0 ? 1f : -1f;                       // full-scale square wave
                    case 2 -> i == x.length / 2 ? 1f : 0f;                        // one click
                    case 3 -> (float) (random.nextGaussian() * 1e-6);             // near-silence
                    default -> (float) Math.sin(i * 0.01 * (1 + random.nextInt(50))) * (random.nextBoolean() ? 1 : 0.01f);
                };
            }
            VoiceMeasurement m = VoiceMeasurement.of(x);
            assertNoNaN(m.biomarkers().asMap());
            for (double v : m.functionals()) assertTrue(Double.isFinite(v), "kind " + kind + " length " + x.length);
        }
    }

    @Test
    void mapUsesTheDocumentedSnakeCaseNames() {
        Map<String, Double> m = Biomarkers.measure(pulseTrain(80, 1.0)).asMap();
        for (String key : List.of("f0_mean_hz", "f0_sd_hz", "jitter_local", "shimmer_local", "hnr_db", "intensity_mean_db",
                "voiced_fraction", "pause_count", "pause_mean_s", "pause_ratio", "speech_rate_syllables_per_s", "duration_s")) {
            assertTrue(m.containsKey(key), key);
        }
        assertEquals(12, m.size());
    }

    @Test
    void functionalsAreNamedFiniteAndAlignedWithTheirNames() {
        List<String> names = AcousticFunctionals.names();
        assertEquals(names.size(), new HashSet<>(names).size(), "unique names");
        for (String n : names) assertTrue(n.matches("[a-z0-9_]+"), n);
        double[] v = AcousticFunctionals.compute(pulseTrain(80, 1.0));
        assertEquals(names.size(), v.length);
        for (double x : v) assertTrue(Double.isFinite(x));
        // 200 Hz is 12·log2(200 / 27.5) = 34.36 semitones above 27.5 Hz.
        assertEquals(34.36, v[names.indexOf("f0_semitone_mean")], 0.05);
        assertEquals(1.0, v[names.indexOf("voiced_fraction")], 0.05);
    }

    @Test
    void oneMeasurementEqualsTheSeparateCalls() {
        float[] x = pulseTrain(120, 1.0);
        VoiceMeasurement m = VoiceMeasurement.of(x);
        assertEquals(Biomarkers.measure(x), m.biomarkers());
        org.junit.jupiter.api.Assertions.assertArrayEquals(AcousticFunctionals.compute(x), m.functionals());
    }

    private static void assertNoNaN(Map<String, Double> m) {
        m.forEach((k, v) -> assertFalse(v != null && !Double.isFinite(v), k + " = " + v));
    }
}
