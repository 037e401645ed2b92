package org.voicebarometer.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.SafetensorsFile;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The engine against the reference implementation, for every case of {@code testdata/golden/cases.json}
 * × its inputs. Each expected file holds {@code raw_audio} (what goes in) and the reference's named
 * tensors; the engine runs on raw_audio and must match every tensor present, in computation order
 * (input_values, extract_features, hidden_states.0..L, last_hidden_state, logits), within
 * <b>max|ours − ref| ≤ 1e-4 × max(1e-6, max|ref|)</b> per tensor. The first tensor that differs is
 * reported with its max difference, so a mismatch points at the layer that introduced it. The CTC
 * transcript (metadata {@code transcript}) and the argmax label (metadata {@code labels}) must match exactly.
 * <p>{@code -Dbarometer.golden=DIR} points the runner at another golden directory (e.g. big random
 * checkpoints written to /tmp).
 */
class GoldenTest {
    static final double RELATIVE_TOLERANCE = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    List<DynamicNode> matchesTheReference() throws IOException {
        Path dir = GoldenData.dir();
        Path index = dir.resolve("cases.json");
        if (!Files.exists(index)) {
            return List.of(DynamicTest.dynamicTest("no golden data", () ->
                    Assumptions.abort("no " + index + " yet (the golden engineer's generator writes it)")));
        }
        JsonNode cases = JSON.readTree(index.toFile());
        if (cases.isObject() && cases.has("cases")) cases = cases.get("cases");
        List<DynamicNode> nodes = new ArrayList<>();
        for (JsonNode c : cases) {
            String name = c.get("name").asText();
            Path caseDir = dir.resolve(name);
            Wav2Vec2Model[] model = new Wav2Vec2Model[1]; // loaded once per case, on first use
            List<DynamicTest> tests = new ArrayList<>();
            for (JsonNode in : c.get("inputs")) {
                String input = in.asText();
                tests.add(DynamicTest.dynamicTest(input, () -> {
                    if (model[0] == null) model[0] = Wav2Vec2Model.load(caseDir);
                    check(model[0], caseDir.resolve("expected").resolve(input + ".safetensors"), name + "/" + input);
                }));
            }
            nodes.add(DynamicContainer.dynamicContainer(name + ": " + c.path("description").asText(""), tests));
        }
        return nodes;
    }

    static void check(Wav2Vec2Model model, Path expectedFile, String label) throws IOException {
        try (SafetensorsFile ref = SafetensorsFile.open(expectedFile)) {
            ModelOutput ours = model.run(ref.floats("raw_audio"));
            List<String> order = new ArrayList<>(List.of(ModelOutput.INPUT_VALUES, ModelOutput.EXTRACT_FEATURES));
            for (int l = 0; ref.contains(ModelOutput.HIDDEN_STATES + l); l++) order.add(ModelOutput.HIDDEN_STATES + l);
            order.add(ModelOutput.LAST_HIDDEN_STATE);
            order.add(ModelOutput.LOGITS);
            StringBuilder summary = new StringBuilder(label);
            for (String name : order) {
                if (!ref.contains(name)) continue;
                double[] diff = compare(name, ref, ours.tensor(name));
                summary.append(String.format(" %s=%.2e", name, diff[0] / diff[1]));
            }
            System.out.println("golden " + summary + " (max|diff| / max|ref|)");

            String transcript = ref.metadata().get("transcript");
            if (transcript != null)
                assertEquals(transcript, assertInstanceOf(Prediction.Transcript.class, ours.prediction()).text(), "transcript");
            String argmaxLabel = ref.metadata().get("labels");
            if (argmaxLabel != null) {
                Prediction.Classification cls = assertInstanceOf(Prediction.Classification.class, ours.prediction());
                assertEquals(argmaxLabel, cls.label(), "argmax label");
            }
        }
    }

    /** @return {max|ours − ref|, max(1e-6, max|ref|)}; fails when over the tolerance. */
    private static double[] compare(String name, SafetensorsFile ref, FloatTensor ours) throws IOException {
        assertNotNull(ours, "the engine produced no '" + name + "'");
        TensorInfo info = ref.info(name);
        assertArrayEquals(info.shape(), ours.longShape(), "shape of " + name);
        float[] expected = ref.floats(name), actual = ours.data();
        double maxRef = 1e-6, maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            double d = Math.abs((double) actual[i] - expected[i]);
            if (!(d <= maxDiff)) { // also catches NaN
                maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                worst = i;
            }
        }
        if (maxDiff > RELATIVE_TOLERANCE * maxRef)
            fail(String.format("first tensor that differs: %s, max|ours - ref| = %.3e at element %d (ours %s, ref %s), allowed %.3e (1e-4 x max|ref| %.3e)",
                    name, maxDiff, worst, actual[worst], expected[worst], RELATIVE_TOLERANCE * maxRef, maxRef));
        return new double[] {maxDiff, maxRef};
    }
}
