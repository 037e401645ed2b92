package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class LabelMappingTest {

    @Test
    void superbLabelsFoldOntoFive() {
        LabelMapping m = LabelMapping.standard();
        List<String> labels = List.of("neu", "hap", "ang", "sad");
        m.requireAll(labels);
        EmotionProbabilities p = m.fold(labels, new double[]{0.1, 0.2, 0.6, 0.1});
        assertEquals(0.1, p.get(Emotion.NEUTRAL), 1e-12);
        assertEquals(0.2, p.get(Emotion.HAPPY), 1e-12);
        assertEquals(0.1, p.get(Emotion.SAD), 1e-12);
        assertEquals(0.0, p.get(Emotion.ANXIOUS), 1e-12);
        assertEquals(0.6, p.get(Emotion.STRESSED), 1e-12);
        assertEquals(0.6, p.stressScore(), 1e-12);
        assertEquals(Emotion.STRESSED, p.top());
    }

    @Test
    void emoDbSevenFoldAsSpecified() {
        LabelMapping m = LabelMapping.standard();
        assertEquals(Emotion.ANXIOUS, m.map("fear").orElseThrow());
        assertEquals(Emotion.STRESSED, m.map("anger").orElseThrow());
        assertEquals(Emotion.STRESSED, m.map("Disgust").orElseThrow());
        assertEquals(Emotion.HAPPY, m.map("happiness").orElseThrow());
        assertEquals(Emotion.SAD, m.map("sadness").orElseThrow());
        assertEquals(Emotion.SAD, m.map(" boredom ").orElseThrow());
        assertEquals(Emotion.NEUTRAL, m.map("neutral").orElseThrow());
        assertEquals(Emotion.NEUTRAL, m.map("calm").orElseThrow());
    }

    @Test
    void unknownLabelsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabelMapping.standard().requireAll(List.of("neu", "contempt", "other")));
        assertTrue(e.getMessage().contains("[contempt, other]"), e.getMessage());
    }

    @Test
    void fileOverridesAndIgnores(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("map.json");
        Files.writeString(f, "{\"contempt\": \"Stressed\", \"other\": null, \"surprised\": \"anxious\"}");
        LabelMapping m = LabelMapping.withOverrides(f);
        List<String> labels = List.of("neutral", "contempt", "other", "surprised");
        m.requireAll(labels);
        EmotionProbabilities p = m.fold(labels, new double[]{0.2, 0.2, 0.5, 0.1});
        // "other" is dropped: the remaining 0.5 is renormalised.
        assertEquals(0.4, p.get(Emotion.NEUTRAL), 1e-12);
        assertEquals(0.4, p.get(Emotion.STRESSED), 1e-12);
        assertEquals(0.2, p.get(Emotion.ANXIOUS), 1e-12);
    }

    @Test
    void badFilesGiveOneClearError(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("map.json");
        Files.writeString(f, "{\"neu\": \"Calm\"}");
        IOException e = assertThrows(IOException.class, () -> LabelMapping.withOverrides(f));
        assertTrue(e.getMessage().contains("unknown emotion 'Calm'"), e.getMessage());
        Files.writeString(f, "[1, 2]");
        assertThrows(IOException.class, () -> LabelMapping.withOverrides(f));
        Files.writeString(f, "{\"neu\": ");
        assertTrue(assertThrows(IOException.class, () -> LabelMapping.withOverrides(f)).getMessage().contains("not valid JSON"));
    }

    @Test
    void dimensionalCornersLandOnTheirEmotions() {
        DimensionalMapping m = DimensionalMapping.forDimensions(List.of("arousal", "dominance", "valence"));
        assertEquals(Emotion.NEUTRAL, m.map(new double[]{0.5, 0.5, 0.5}).top());
        assertEquals(Emotion.HAPPY, m.map(new double[]{0.65, 0.6, 0.8}).top());
        assertEquals(Emotion.SAD, m.map(new double[]{0.25, 0.35, 0.25}).top());
        assertEquals(Emotion.ANXIOUS, m.map(new double[]{0.7, 0.3, 0.25}).top());
        assertEquals(Emotion.STRESSED, m.map(new double[]{0.85, 0.7, 0.25}).top());
        // Far outside the unit cube the probabilities stay a distribution, not NaN.
        EmotionProbabilities far = m.map(new double[]{40, -30, 12});
        assertEquals(1.0, far.asMap().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> DimensionalMapping.forDimensions(List.of("arousal", "dominance")));
    }
}
