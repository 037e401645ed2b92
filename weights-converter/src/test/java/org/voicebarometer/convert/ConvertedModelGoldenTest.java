package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.model.ModelOutput;
import org.voicebarometer.engine.model.Prediction;
import org.voicebarometer.engine.model.Wav2Vec2Model;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Converted models run by the engine reproduce the golden reference outputs (torchaudio, F32): the
 * converter's output is not only the same bytes, it is a model directory the engine loads as is.
 * Tolerance as in the engine's golden runner: 1e-4 × max|reference| per tensor.
 */
class ConvertedModelGoldenTest {
    @TempDir
    Path tmp;

    @Test
    void fairseqWav2Vec2ReproducesTheGoldenHiddenStates() throws IOException {
        Converter.convert(TestData.converter("layouts/fairseq_wav2vec2_args/checkpoint.pt"), tmp.resolve("m"), null);
        int compared = compareWithGolden(Wav2Vec2Model.load(tmp.resolve("m")), "base_group_postln", "speech");
        assertEquals(7, compared); // input_values, extract_features, hidden_states.0-3, last_hidden_state
    }

    @Test
    void huggingFaceBinCtcReproducesTheGoldenTranscript() throws IOException {
        Converter.convert(TestData.converter("layouts/hf_bin_parametrizations"), tmp.resolve("m"), null);
        Wav2Vec2Model model = Wav2Vec2Model.load(tmp.resolve("m"));
        compareWithGolden(model, "ctc_layer_preln", "odd");
        try (SafetensorsFile expected = SafetensorsFile.open(expected("ctc_layer_preln", "odd"))) {
            Prediction.Transcript t = assertInstanceOf(Prediction.Transcript.class, model.run(rawAudio(expected)).prediction());
            assertEquals(expected.metadata().get("transcript"), t.text());
        }
    }

    @Test
    void speechBrainRecipeReproducesSpeechBrainsLogProbabilities() throws IOException {
        Path recipe = TestData.converter("layouts/speechbrain_iemocap");
        Converter.convert(recipe, tmp.resolve("m"), null);
        JsonNode want = Json.readObject(recipe.resolve("expected.json"));
        try (SafetensorsFile expected = SafetensorsFile.open(expected("base_group_postln", "speech"))) {
            Prediction.Classification c = assertInstanceOf(Prediction.Classification.class,
                    Wav2Vec2Model.load(tmp.resolve("m")).run(rawAudio(expected)).prediction());
            assertEquals(want.get("label").asText(), c.label());
            for (int i = 0; i < 4; i++)
                assertEquals(Math.exp(want.get("log_probabilities").get(i).asDouble()), c.probabilities()[i], 1e-4, c.labels().get(i));
        }
    }

    static Path expected(String goldenCase, String input) {
        return TestData.root().resolve("testdata/golden").resolve(goldenCase).resolve("expected").resolve(input + ".safetensors");
    }

    static float[] rawAudio(SafetensorsFile expected) throws IOException {
        return expected.floats("raw_audio");
    }

    /** Compares every output the engine names with the golden tensor of that name; returns how many were compared. */
    static int compareWithGolden(Wav2Vec2Model model, String goldenCase, String input) throws IOException {
        try (SafetensorsFile expected = SafetensorsFile.open(expected(goldenCase, input))) {
            ModelOutput out = model.run(rawAudio(expected));
            int compared = 0;
            for (var e : out.tensors().entrySet()) {
                if (!expected.contains(e.getKey())) continue;
                float[] ref = expected.floats(e.getKey());
                FloatTensor ours = e.getValue();
                assertEquals(ref.length, ours.data().length, e.getKey());
                double scale = 0;
                for (float v : ref) scale = Math.max(scale, Math.abs(v));
                double diff = Verification.maxAbsDiff(ref, ours.data());
                assertTrue(diff <= 1e-4 * Math.max(scale, 1e-6), e.getKey() + ": max abs diff " + diff + " (max |ref| " + scale + ")");
                compared++;
            }
            return compared;
        }
    }
}
