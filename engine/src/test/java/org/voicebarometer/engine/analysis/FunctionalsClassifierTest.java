package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class FunctionalsClassifierTest {

    private static String shipped() throws IOException {
        try (InputStream in = FunctionalsEmotionModel.class.getResourceAsStream(FunctionalsEmotionModel.BUILT_IN_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static FunctionalsClassifier parse(String json) throws IOException {
        return FunctionalsClassifier.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test");
    }

    @Test
    void shippedModelRoundTripsByteForByte() throws IOException {
        String json = shipped();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parse(json).write(out);
        assertEquals(json, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shippedModelMatchesTheEnginesFeatures() {
        FunctionalsEmotionModel m = FunctionalsEmotionModel.builtIn();
        assertEquals(AcousticFunctionals.names(), m.classifier().features());
        assertEquals(7, m.description().labels().size());
        assertEquals("builtin", m.description().kind());
    }

    @Test
    void temperatureDividesTheLogitsAndKeepsTheDecision() {
        FunctionalsClassifier c = FunctionalsEmotionModel.builtIn().classifier();
        FunctionalsClassifier soft = c.withTemperature(2.5, java.util.Map.of("note", "test"));
        assertEquals(java.util.Map.of("note", "test"), soft.training());
        java.util.Random r = new java.util.Random(5);
        SpeakerBaseline population = c.populationBaseline().toSpeakerBaseline();
        for (int k = 0; k < 50; k++) {
            double[] x = new double[c.features().size()];
            for (int j = 0; j < x.length; j++) x[j] = population.mean()[j] + 2 * population.scale()[j] * r.nextGaussian();
            double[] logits = c.logits(x, population);
            double[] scaled = soft.logits(x, population);
            for (int i = 0; i < logits.length; i++) assertEquals(logits[i] / 2.5, scaled[i], 1e-9 * (1 + Math.abs(logits[i])));
            double[] p = c.probabilities(x, population);
            double[] q = soft.probabilities(x, population);
            int top = 0;
            for (int i = 1; i < p.length; i++) if (p[i] > p[top]) top = i;
            for (int i = 0; i < q.length; i++) assertTrue(q[i] <= q[top], "the most probable class stays the most probable");
            assertTrue(q[top] <= p[top] + 1e-12, "T > 1 never raises the top probability");
        }
        assertThrows(IllegalArgumentException.class, () -> c.withTemperature(0, java.util.Map.of()));
        assertThrows(IllegalArgumentException.class, () -> c.withTemperature(Double.NaN, java.util.Map.of()));
    }

    @Test
    void modelForOtherFeaturesIsRefusedClearly(@TempDir Path dir) throws IOException {
        String renamed = shipped().replaceFirst("\"" + AcousticFunctionals.names().get(2) + "\"", "\"f0_semitone_p10\"");
        Path f = dir.resolve("old-model.json");
        Files.writeString(f, renamed);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FunctionalsEmotionModel.load(f));
        assertTrue(e.getMessage().contains("other acoustic features"), e.getMessage());
        assertTrue(e.getMessage().contains("#2 'f0_semitone_p10'"), e.getMessage());
    }

    @Test
    void brokenFilesGiveOneClearError() throws IOException {
        String[][] cases = {
                {"{\"format\": \"something-else/1\"}", "format 'something-else/1'"},
                {"{\"format\": \"barometer-functionals-model/1\", \"name\": \"x\", \"labels\": [\"a\", \"b\"], \"features\": [\"f\"],"
                        + " \"population_baseline\": {\"mean\": [0], \"scale\": [0]}, \"weights\": [[1], [2]], \"bias\": [0, 0]}", "scale must be finite and > 0"},
                {"{\"format\": \"barometer-functionals-model/1\", \"name\": \"x\", \"labels\": [\"a\", \"b\"], \"features\": [\"f\"],"
                        + " \"population_baseline\": {\"mean\": [0], \"scale\": [1]}, \"weights\": [[1]], \"bias\": [0, 0]}", "weights must have 2 rows"},
                {shipped().replaceFirst("\\{", "{\"surprise\": 1, "), "surprise"},
                {"[", "not a valid"},
        };
        for (String[] c : cases) {
            IOException e = assertThrows(IOException.class, () -> parse(c[0]), c[0]);
            assertTrue(e.getMessage().startsWith("test: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}
