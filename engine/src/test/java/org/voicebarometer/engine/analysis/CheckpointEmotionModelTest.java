package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.model.Prediction;
import org.voicebarometer.engine.model.Wav2Vec2Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Checkpoints behind the analysis, on the golden test's tiny random models (testdata/golden). */
class CheckpointEmotionModelTest {
    static final Path GOLDEN = Path.of(System.getProperty("barometer.root")).resolve("testdata/golden");

    private static float[] speechLike() {
        float[] x = new float[16_000 * 3 / 2];
        for (int i = 0; i < x.length; i++) x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 140 * i / 16_000.0) * Math.sin(Math.PI * i / x.length));
        return x;
    }

    @Test
    void seedHeadsFiveLabelsPassThroughUnchanged() throws IOException {
        Path dir = GOLDEN.resolve("seed_head");
        CheckpointEmotionModel m = CheckpointEmotionModel.load(dir, null);
        assertEquals(new ModelDescription("seed_head", "checkpoint", "probabilities",
                List.of("Neutral", "Happy", "Sad", "Anxious", "Stressed")), m.description());
        float[] x = speechLike();
        Prediction.Classification direct = (Prediction.Classification) Wav2Vec2Model.load(dir).predict(x).prediction();
        EmotionEstimate e = m.estimate(x);
        float[] p = direct.probabilities();
        for (Emotion emotion : Emotion.values()) {
            assertEquals(p[emotion.ordinal()], e.probabilities().get(emotion), 1e-6, emotion.label());
            assertEquals(p[emotion.ordinal()], e.modelOutputs().get(emotion.label()), 0.0, emotion.label());
        }
        assertEquals(p[3] + p[4], e.probabilities().stressScore(), 1e-6);
    }

    @Test
    void superbStyleLabelsFoldAndAnxiousStaysEmpty() throws IOException {
        Path dir = GOLDEN.resolve("seqcls_last_bf16");
        CheckpointEmotionModel m = CheckpointEmotionModel.load(dir, null);
        assertEquals(List.of("neu", "hap", "ang", "sad"), m.description().labels());
        EmotionEstimate e = m.estimate(speechLike());
        // The model's float probabilities sum to 1 only within float rounding; the five are renormalised.
        assertEquals(e.modelOutputs().get("ang"), e.probabilities().get(Emotion.STRESSED), 1e-6);
        assertEquals(e.modelOutputs().get("neu"), e.probabilities().get(Emotion.NEUTRAL), 1e-6);
        assertEquals(0.0, e.probabilities().get(Emotion.ANXIOUS));
    }

    @Test
    void labelMapFileBesideTheCheckpointIsUsed(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("mine");
        Files.createDirectories(dir);
        try (var files = Files.list(GOLDEN.resolve("seqcls_last_bf16"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        Files.writeString(dir.resolve(CheckpointEmotionModel.LABEL_MAP_FILE), "{\"ang\": \"Anxious\"}");
        EmotionEstimate e = CheckpointEmotionModel.load(dir, null).estimate(speechLike());
        assertEquals(e.modelOutputs().get("ang"), e.probabilities().get(Emotion.ANXIOUS), 1e-6);
        assertEquals(0.0, e.probabilities().get(Emotion.STRESSED));
    }

    @Test
    void dimensionalModelGoesThroughTheDocumentedFormula() throws IOException {
        Path dir = GOLDEN.resolve("audeering_regression");
        CheckpointEmotionModel m = CheckpointEmotionModel.load(dir, null);
        assertEquals("dimensions", m.description().output());
        EmotionEstimate e = m.estimate(speechLike());
        List<String> dims = m.description().labels();
        double[] v = dims.stream().mapToDouble(d -> e.modelOutputs().get(d)).toArray();
        EmotionProbabilities expected = DimensionalMapping.forDimensions(dims).map(v);
        for (Emotion emotion : Emotion.values()) assertEquals(expected.get(emotion), e.probabilities().get(emotion), 1e-12);
    }

    @Test
    void ctcModelIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointEmotionModel.load(GOLDEN.resolve("ctc_layer_preln"), null));
        assertTrue(e.getMessage().contains("speech recognition"), e.getMessage());
    }
}
