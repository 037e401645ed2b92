package org.voicebarometer.engine.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.Audio;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.biomarkers.Biomarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

class StressBarometerTest {
    static final Path JFK = Path.of(System.getProperty("barometer.root")).resolve("testdata/audio/jfk.wav");
    static StressBarometer barometer;
    static Audio jfk;

    @BeforeAll
    static void load() throws IOException {
        barometer = StressBarometer.builtIn();
        jfk = AudioLoader.load(JFK);
    }

    private static void assertConsistent(StressReport r) {
        double sum = r.probabilities().values().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-9);
        assertEquals(r.probabilities().get("Anxious") + r.probabilities().get("Stressed"), r.stressScore(), 1e-12);
        assertEquals(r.probabilities().get(r.emotion()), r.confidence(), 1e-12);
        for (double p : r.probabilities().values()) assertTrue(p <= r.confidence());
        assertEquals(List.of("Neutral", "Happy", "Sad", "Anxious", "Stressed"), List.copyOf(r.probabilities().keySet()));
    }

    @Test
    void theWarmUpVoiceIsAnalysedAsSpeechWithItsPitch() {
        StressReport r = StressBarometer.builtIn().analyze(new Audio(StressBarometer.syntheticVoice(6 * Audio.SAMPLE_RATE), Audio.SAMPLE_RATE, 1, "warm-up"));
        // Syllables of 0.25 s in every 0.35 s (the voice activity detector bridges the 0.1 s pauses); the
        // pitch glides 125-155 Hz around 140 Hz.
        assertTrue(r.speechS() > 4.0 && r.speechS() <= 6.0, "speech " + r.speechS());
        assertEquals(140, r.biomarkers().get("f0_mean_hz"), 5);
        assertFalse(r.probabilities().isEmpty());
    }

    @Test
    void analysesTheSampleInOneWindow() throws IOException {
        StressReport r = barometer.analyze(JFK);
        assertEquals("jfk.wav", r.file());
        assertConsistent(r);
        assertEquals(11.0, r.durationS(), 0.01);
        assertTrue(r.speechS() > 5 && r.speechS() < 11, "speech " + r.speechS());
        assertEquals(1, r.timeline().size());
        assertEquals(0.0, r.timeline().getFirst().startS());
        assertEquals(r.durationS(), r.timeline().getFirst().endS(), 1e-9);
        assertEquals(List.of(), r.warnings());
        assertEquals("builtin", r.model().kind());
        assertEquals(7, r.modelOutputs().size());
        // One window: the biomarkers are those of the whole recording (Praat's mean F0 for this file is 236.5 Hz:
        // Kennedy is declaiming).
        assertEquals(Biomarkers.measure(jfk.samples()).asMap(), r.biomarkers());
        assertEquals(236.5, r.biomarkers().get("f0_mean_hz"), 1.0);
    }

    @Test
    void windowsCombineAsTheSpeechWeightedMean() {
        StressBarometer shortWindows = new StressBarometer(barometer.model(), new WindowPolicy(4, 0.5));
        List<int[]> progress = new ArrayList<>();
        StressReport r = shortWindows.analyze(jfk, (done, total) -> progress.add(new int[]{done, total}));
        assertConsistent(r);
        int n = r.timeline().size();
        assertTrue(n >= 3, "windows: " + n);
        assertEquals(n, progress.size());
        assertArrayEquals(new int[]{n, n}, progress.getLast());
        double total = r.timeline().stream().mapToDouble(StressReport.Window::weight).sum();
        assertEquals(r.speechS(), total, 1e-9);
        for (String e : r.probabilities().keySet()) {
            double mean = r.timeline().stream().mapToDouble(w -> w.weight() * w.probabilities().get(e)).sum() / total;
            assertEquals(mean, r.probabilities().get(e), 1e-12, e);
        }
        for (StressReport.Window w : r.timeline()) assertTrue(w.endS() - w.startS() <= 4.0 + 1e-9, w.toString());
        for (int k = 1; k < n; k++) assertTrue(r.timeline().get(k).startS() >= r.timeline().get(k - 1).endS());
    }

    @Test
    void concurrentCallsGiveTheSameReport() throws Exception {
        String expected = barometer.analyze(jfk).toJson();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 2; i++) results.add(pool.submit(() -> barometer.analyze(jfk).toJson()));
            for (Future<String> f : results) assertEquals(expected, f.get());
        }
    }

    @Test
    void jsonHasTheDocumentedFields() throws IOException {
        JsonNode j = new ObjectMapper().readTree(barometer.analyze(jfk).toJson());
        for (String field : List.of("emotion", "confidence", "stress_score", "probabilities", "model", "model_outputs",
                "biomarkers", "timeline", "duration_s", "speech_s", "warnings")) {
            assertTrue(j.has(field), field);
        }
        assertFalse(j.has("file"), "in-memory audio has no file name");
        assertTrue(j.get("timeline").get(0).has("start_s"));
        assertTrue(j.get("model").has("labels"));
    }

    private static Audio synthetic(float[] samples) {
        return new Audio(samples, Audio.SAMPLE_RATE, 1, "wav");
    }

    private static List<String> codes(StressReport r) {
        return r.warnings().stream().map(StressReport.Warning::code).toList();
    }

    @Test
    void silenceIsFlaggedAsNoSpeechAndLowLevel() {
        StressReport r = barometer.analyze(synthetic(new float[3 * Audio.SAMPLE_RATE]));
        assertConsistent(r);
        assertEquals(List.of("no_speech", "low_level"), codes(r));
        assertEquals(0.0, r.speechS());
    }

    @Test
    void shortClippedRecordingIsFlagged() {
        float[] x = new float[Audio.SAMPLE_RATE]; // 1 s of a square-ish 200 Hz tone driven into the rails
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.max(-1, Math.min(1, 3 * Math.sin(2 * Math.PI * 200 * i / Audio.SAMPLE_RATE)));
        List<String> c = codes(barometer.analyze(synthetic(x)));
        assertTrue(c.contains("too_short"), c.toString());
        assertTrue(c.contains("clipping"), c.toString());
        assertFalse(c.contains("low_level"), c.toString());
    }

    @Test
    void emptyAudioIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> barometer.analyze(synthetic(new float[0])));
        assertEquals("the recording is empty", e.getMessage());
    }

    @Test
    void combinedBiomarkersAddCountsAndWeightOthers() {
        java.util.Map<String, Double> a = new java.util.LinkedHashMap<>();
        a.put("f0_mean_hz", 100.0);
        a.put("pause_count", 2.0);
        a.put("duration_s", 10.0);
        java.util.Map<String, Double> b = new java.util.LinkedHashMap<>();
        b.put("f0_mean_hz", 200.0);
        b.put("pause_count", 3.0);
        b.put("duration_s", 5.0);
        java.util.Map<String, Double> c = new java.util.LinkedHashMap<>();
        c.put("f0_mean_hz", null);
        c.put("pause_count", 1.0);
        c.put("duration_s", 5.0);
        var m = StressBarometer.combineBiomarkers(List.of(a, b, c), new double[]{3, 1, 4}, 20.0);
        assertEquals(125.0, m.get("f0_mean_hz"), 1e-12); // (3·100 + 1·200) / 4; the unmeasured window does not count
        assertEquals(6.0, m.get("pause_count"));
        assertEquals(20.0, m.get("duration_s"));
    }
}
