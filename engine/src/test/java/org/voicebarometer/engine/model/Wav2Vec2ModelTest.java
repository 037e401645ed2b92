package org.voicebarometer.engine.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.kernels.Threads;
import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.DType;
import org.voicebarometer.engine.tensor.SafetensorsFile;
import org.voicebarometer.engine.tensor.SafetensorsWriter;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the model around the numerics (which {@link GoldenTest} covers): inputs, errors, threads. */
class Wav2Vec2ModelTest {
    @TempDir
    Path tmp;

    static Path golden(String name) {
        return GoldenData.model(name);
    }

    private static float[] noise(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (0.1 * r.nextGaussian());
        return x;
    }

    /** A copy of a golden model directory whose single safetensors file went through {@code edit}. */
    private Path copyWith(String name, UnaryOperator<SafetensorsWriter> edit, List<String> drop) throws IOException {
        Path src = golden(name), dst = Files.createDirectory(tmp.resolve(name + "-" + System.nanoTime()));
        try (var files = Files.list(src)) {
            for (Path f : files.toList()) if (Files.isRegularFile(f) && !f.getFileName().toString().endsWith(".safetensors")) Files.copy(f, dst.resolve(f.getFileName()));
        }
        SafetensorsWriter w = new SafetensorsWriter();
        try (SafetensorsFile f = SafetensorsFile.open(src.resolve("model.safetensors"))) {
            for (TensorInfo t : f.tensors().values()) if (!drop.contains(t.name())) w.add(t.name(), DType.F32, f.floats(t.name()), t.shape());
        }
        edit.apply(w).write(dst.resolve("model.safetensors"));
        return dst;
    }

    private static String loadError(Path dir) {
        return assertThrows(ModelFormatException.class, () -> Wav2Vec2Model.load(dir)).getMessage();
    }

    @Test
    void framesFollowTheConvStackAndTooShortAudioIsRefused() throws IOException {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden("base_group_postln"));
        assertEquals(400, m.minSamples());
        assertEquals(1, m.frames(400));
        assertEquals(0, m.frames(399));
        assertEquals(49, m.frames(16000)); // floor((16000 − 400) / 320) + 1
        assertEquals(1, m.run(new float[400]).frames());
        String msg = assertThrows(IllegalArgumentException.class, () -> m.run(new float[399])).getMessage();
        assertTrue(msg.contains("399 samples") && msg.contains("at least 400 samples"), msg);
        assertThrows(IllegalArgumentException.class, () -> m.predict(new float[0]));
    }

    @Test
    void silenceStaysZeroAfterNormalisationAndGivesFiniteOutputs() throws IOException {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden("seed_head"));
        ModelOutput out = m.run(new float[8000]);
        assertArrayEquals(new float[8000], out.tensor(ModelOutput.INPUT_VALUES).data());
        for (float v : out.lastHiddenState().data()) assertTrue(Float.isFinite(v));
        Prediction.Classification c = assertInstanceOf(Prediction.Classification.class, out.prediction());
        assertEquals(List.of("Neutral", "Happy", "Sad", "Anxious", "Stressed"), c.labels());
        double sum = 0;
        for (float p : c.probabilities()) sum += p;
        assertEquals(1.0, sum, 1e-6);
    }

    @Test
    void runNamesEveryIntermediateAndPredictKeepsOnlyTheResult() throws IOException {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden("seqcls_weighted_f16"));
        float[] audio = noise(5000, 1);
        ModelOutput full = m.run(audio), small = m.predict(audio);
        assertEquals(List.of("input_values", "extract_features", "hidden_states.0", "hidden_states.1", "hidden_states.2",
                "last_hidden_state", "logits"), List.copyOf(full.tensors().keySet()));
        assertArrayEquals(full.tensor("hidden_states.2").data(), full.lastHiddenState().data());
        assertEquals(List.of("last_hidden_state", "logits"), List.copyOf(small.tensors().keySet()));
        assertArrayEquals(full.tensor("logits").data(), small.tensor("logits").data());
        assertEquals(full.prediction(), small.prediction());
    }

    @ParameterizedTest
    @ValueSource(strings = {"audeering_regression", "base_group_postln", "ctc_layer_preln", "hubert_ctc_featln", "hubert_seqcls_nofeatln_f16",
            "pretraining_sharded_gelu_new", "seed_head", "seqcls_last_bf16", "seqcls_weighted_f16"})
    void thePredictionTemplateHasThePredictionsKindAndNames(String name) throws IOException {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden(name));
        Prediction template = m.predictionTemplate(), real = m.predict(noise(4000, 2)).prediction();
        assertEquals(real.getClass(), template.getClass());
        switch (real) {
            case Prediction.Classification c -> assertEquals(c.labels(), ((Prediction.Classification) template).labels());
            case Prediction.Regression r -> assertEquals(r.names(), ((Prediction.Regression) template).names());
            case Prediction.Transcript t -> assertEquals("", ((Prediction.Transcript) template).text());
            case Prediction.None none -> assertInstanceOf(Prediction.None.class, template);
        }
    }

    @Test
    void warmingUpChangesNoResult() throws IOException {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden("seqcls_weighted_f16"));
        float[] audio = noise(7000, 5);
        ModelOutput before = m.run(audio);
        m.warmUp();
        ModelOutput after = m.run(audio);
        for (String name : before.tensors().keySet()) assertArrayEquals(before.tensor(name).data(), after.tensor(name).data(), name);
    }

    @Test
    void concurrentRunsOnOneModelGiveTheSequentialResults() throws Exception {
        Wav2Vec2Model m = Wav2Vec2Model.load(golden("ctc_layer_preln"));
        List<float[]> inputs = new ArrayList<>();
        List<ModelOutput> sequential = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            inputs.add(noise(2000 + 731 * i, i));
            sequential.add(m.predict(inputs.get(i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<ModelOutput>> futures = new ArrayList<>();
            for (int round = 0; round < 2; round++) for (float[] in : inputs) futures.add(pool.submit(() -> m.predict(in)));
            for (int i = 0; i < futures.size(); i++) {
                ModelOutput got = futures.get(i).get(), want = sequential.get(i % inputs.size());
                // Kernels may split work differently under load (float sums in another order): ulps, not races.
                assertClose(want.tensor("logits").data(), got.tensor("logits").data(), 1e-5);
                assertEquals(want.prediction(), got.prediction());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The encoder splits rows into blocks by thread count; every value must still come out of the same
     * operations in the same order: bit for bit the same outputs on 1, 2 and 3 threads, post-LN and pre-LN,
     * at a frame count that gives several blocks with a short last one.
     */
    @Test
    void threadCountDoesNotChangeAnyBit() throws IOException {
        float[] audio = noise(16000 * 6 + 123, 9); // 299 frames
        try {
            for (String name : List.of("base_group_postln", "ctc_layer_preln")) {
                Wav2Vec2Model m = Wav2Vec2Model.load(golden(name));
                Threads.setCount(1);
                ModelOutput one = m.run(audio);
                for (int threads : new int[] {2, 3}) {
                    Threads.setCount(threads);
                    ModelOutput many = m.run(audio);
                    assertEquals(one.tensors().keySet(), many.tensors().keySet());
                    for (String tensor : one.tensors().keySet())
                        assertArrayEquals(one.tensor(tensor).data(), many.tensor(tensor).data(), name + " " + tensor + " on " + threads + " threads");
                }
            }
        } finally {
            Threads.setCount(Runtime.getRuntime().availableProcessors());
        }
    }

    /** Runs reuse the buffers of earlier (longer) runs, yet give a fresh model's results and own what they return. */
    @Test
    void reusedBuffersGiveFreshResultsAndOutputsAreNotOverwritten() throws IOException {
        Wav2Vec2Model reused = Wav2Vec2Model.load(golden("base_group_postln"));
        float[] shortAudio = noise(3000, 7);
        ModelOutput first = reused.run(noise(9000, 8));
        float[] firstFeatures = first.tensor(ModelOutput.EXTRACT_FEATURES).data().clone();
        float[] firstLast = first.lastHiddenState().data().clone();
        ModelOutput again = reused.run(shortAudio);
        ModelOutput fresh = Wav2Vec2Model.load(golden("base_group_postln")).run(shortAudio);
        for (String name : fresh.tensors().keySet()) assertArrayEquals(fresh.tensor(name).data(), again.tensor(name).data(), name);
        assertArrayEquals(firstFeatures, first.tensor(ModelOutput.EXTRACT_FEATURES).data());
        assertArrayEquals(firstLast, first.lastHiddenState().data());
    }

    private static void assertClose(float[] want, float[] got, double relative) {
        assertEquals(want.length, got.length);
        double max = 1e-6, diff = 0;
        for (int i = 0; i < want.length; i++) {
            max = Math.max(max, Math.abs(want[i]));
            diff = Math.max(diff, Math.abs(want[i] - got[i]));
        }
        assertTrue(diff <= relative * max, "max diff " + diff + " > " + relative + " x " + max);
    }

    @Test
    void missingAndMisShapedTensorsAreNamed() throws IOException {
        String missing = loadError(copyWith("base_group_postln", w -> w, List.of("encoder.layers.1.attention.q_proj.bias")));
        assertTrue(missing.contains("no tensor 'encoder.layers.1.attention.q_proj.bias'"), missing);
        String shaped = loadError(copyWith("base_group_postln",
                w -> w.add("encoder.layers.1.attention.q_proj.bias", DType.F32, new float[45], 45),
                List.of("encoder.layers.1.attention.q_proj.bias")));
        assertTrue(shaped.contains("tensor 'encoder.layers.1.attention.q_proj.bias' has shape [45], expected [44]"), shaped);
    }

    @Test
    void unknownTensorsAreReportedButPretrainingLeftoversIgnored() throws IOException {
        Wav2Vec2Model.load(copyWith("base_group_postln", w -> w.add("quantizer.codevectors", DType.F32, new float[4], 1, 4, 1), List.of()));
        String msg = loadError(copyWith("base_group_postln", w -> w.add("encoder.adapter.weight", DType.F32, new float[4], 4), List.of()));
        assertTrue(msg.contains("'encoder.adapter.weight'"), msg);
    }

    @Test
    void nanWeightsAreRefusedByName() throws IOException {
        float[] bad = new float[44];
        bad[3] = Float.POSITIVE_INFINITY;
        String msg = assertThrows(IOException.class, () -> Wav2Vec2Model.load(copyWith("base_group_postln",
                w -> w.add("encoder.layer_norm.bias", DType.F32, bad, 44), List.of("encoder.layer_norm.bias")))).getMessage();
        assertTrue(msg.contains("tensor 'encoder.layer_norm.bias' holds Infinity at element 3"), msg);
    }

    /**
     * The projection weights are decoded from the file straight into the kernel's panels, in parallel: a bad
     * value is still refused with the tensor's name and its first bad element, in F32, F16 and BF16.
     */
    @Test
    void nanInAPackedProjectionIsRefusedByNameAndFirstElement() throws IOException {
        String name = "encoder.layers.1.feed_forward.intermediate_dense.weight";
        for (DType dtype : new DType[] {DType.F32, DType.F16, DType.BF16}) {
            float[] w;
            long[] shape;
            try (SafetensorsFile f = SafetensorsFile.open(golden("base_group_postln").resolve("model.safetensors"))) {
                w = f.floats(name);
                shape = f.info(name).shape();
            }
            int cols = (int) shape[1];
            w[w.length - 1] = Float.POSITIVE_INFINITY; // the last row, so another panel than the first meets it first
            w[40 * cols + 3] = Float.NaN;
            float[] bad = w;
            String msg = assertThrows(IOException.class, () -> Wav2Vec2Model.load(copyWith("base_group_postln",
                    x -> x.add(name, dtype, bad, shape), List.of(name)))).getMessage();
            assertEquals("tensor '" + name + "' holds NaN at element " + (40 * cols + 3), msg, dtype.toString());
        }
        String shaped = loadError(copyWith("base_group_postln",
                w -> w.add("encoder.layers.0.attention.k_proj.weight", DType.F32, new float[44 * 43], 44, 43),
                List.of("encoder.layers.0.attention.k_proj.weight")));
        assertTrue(shaped.contains("tensor 'encoder.layers.0.attention.k_proj.weight' has shape [44, 43], expected [44, 44]"), shaped);
    }

    /**
     * Convolution weights are packed from the file too (the positional conv's weight_v through its weight norm):
     * a bad value is refused with the tensor's name and first bad element, and a mis-shaped one by its shape.
     */
    @Test
    void nanInAPackedConvolutionIsRefusedByNameAndFirstElement() throws IOException {
        for (String name : new String[] {"feature_extractor.conv_layers.1.conv.weight", "encoder.pos_conv_embed.conv.weight_v"}) {
            float[] w;
            long[] shape;
            try (SafetensorsFile f = SafetensorsFile.open(golden("base_group_postln").resolve("model.safetensors"))) {
                w = f.floats(name);
                shape = f.info(name).shape();
            }
            w[w.length - 1] = Float.NEGATIVE_INFINITY;
            w[w.length / 2 + 1] = Float.NaN;
            float[] bad = w;
            String msg = assertThrows(IOException.class, () -> Wav2Vec2Model.load(copyWith("base_group_postln",
                    x -> x.add(name, DType.BF16, bad, shape), List.of(name)))).getMessage();
            assertEquals("tensor '" + name + "' holds NaN at element " + (w.length / 2 + 1), msg);
            long[] wrong = shape.clone();
            wrong[2]++;
            String shaped = loadError(copyWith("base_group_postln",
                    x -> x.add(name, DType.F32, new float[w.length / (int) shape[2] * (int) wrong[2]], wrong), List.of(name)));
            assertTrue(shaped.contains("tensor '" + name + "' has shape " + Arrays.toString(wrong) + ", expected " + Arrays.toString(shape)), shaped);
        }
    }

    /**
     * The positional conv's weight norm is folded while V is packed from the file: the embedding it adds is
     * bit for bit the one of a conv built from the folded array (g·V / ‖V‖ per tap, norms summed in double in
     * storage order, as torch.nn.utils.weight_norm computes them here).
     */
    @Test
    void weightNormIsFoldedExactlyWhileThePositionalConvIsPacked() throws IOException {
        Path dir = golden("base_group_postln");
        Wav2Vec2Config c = Wav2Vec2Config.read(dir.resolve("config.json"));
        int h = c.hiddenSize(), k = c.numConvPosEmbeddings(), groups = c.numConvPosEmbeddingGroups(), t = 37;
        String p = "encoder.pos_conv_embed.conv.";
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            PositionalConvEmbedding positions = PositionalConvEmbedding.load(c, new Weights(checkpoint, PanelCache.none()));
            float[] g = checkpoint.floats(p + "weight_g"), v = checkpoint.floats(p + "weight_v");
            double[] sq = new double[k];
            for (int i = 0; i < v.length; i++) sq[i % k] += (double) v[i] * v[i];
            for (int i = 0; i < v.length; i++) v[i] = (float) (v[i] * (g[i % k] / Math.sqrt(sq[i % k])));
            Conv1d folded = Conv1d.of(v, checkpoint.floats(p + "bias"), h, h, k, 1, k / 2, groups);

            float[] x = noise(t * h, 9);
            float[] expected = x.clone(), embedding = new float[folded.outputLength(t) * h];
            folded.forward(x, t, embedding);
            c.featExtractActivation().apply(embedding, t * h);
            for (int i = 0; i < t * h; i++) expected[i] += embedding[i];
            float[] actual = x.clone();
            positions.addTo(actual, t, new RunScratch());
            assertArrayEquals(expected, actual);
        }
    }

    private Path withConfig(String name, String from, String to) throws IOException {
        Path dir = copyWith(name, w -> w, List.of());
        Path config = dir.resolve("config.json");
        String text = Files.readString(config);
        assertTrue(text.contains(from), from);
        Files.writeString(config, text.replace(from, to));
        return dir;
    }

    @Test
    void otherFamilyMembersAreRefusedByName() throws IOException {
        assertTrue(loadError(withConfig("base_group_postln", "\"model_type\": \"wav2vec2\"", "\"model_type\": \"wavlm\"")).contains("WavLM"));
        assertTrue(loadError(withConfig("base_group_postln", "\"model_type\": \"wav2vec2\"", "\"model_type\": \"data2vec-audio\"")).contains("data2vec-audio"));
        assertTrue(loadError(withConfig("base_group_postln", "\"Wav2Vec2Model\"", "\"Wav2Vec2ConformerForCTC\"")).contains("Conformer"));
        assertTrue(loadError(withConfig("base_group_postln", "\"hidden_act\": \"gelu\"", "\"hidden_act\": \"swish\"")).contains("hidden_act 'swish' is not supported"));
    }

    @Test
    void headJsonIsCheckedStrictly() throws IOException {
        Path dir = copyWith("seed_head", w -> w, List.of());
        Path head = dir.resolve("head.json");
        String spec = Files.readString(head);
        Files.writeString(head, spec.replace("\"output\"", "\"pooling\": \"none\", \"output\""));
        assertTrue(loadError(dir).contains("pooling is not a field of barometer-head/1"));
        Files.writeString(head, spec.replace("\"Stressed\"", "\"Stressed\", \"Bored\""));
        assertTrue(loadError(dir).contains("names 6 outputs but the steps end with 5"));
        Files.writeString(head, spec.replace("head.2.weight", "head.9.weight"));
        assertTrue(loadError(dir).contains("no tensor 'head.9.weight'"));
        Files.writeString(head, spec.replace("\"relu\"", "\"swish\""));
        assertTrue(loadError(dir).contains("unknown op 'swish'"));
    }

    @Test
    void headJsonWithoutPoolingAveragesPerFramePredictions() throws IOException {
        Path dir = copyWith("seed_head", w -> w, List.of());
        Path head = dir.resolve("head.json");
        Files.writeString(head, Files.readString(head).replaceFirst("\\{\\s*\"op\": \"mean_pool\"\\s*},", ""));
        Wav2Vec2Model m = Wav2Vec2Model.load(dir);
        ModelOutput out = m.run(noise(4000, 3));
        int t = out.frames();
        assertArrayEquals(new int[] {t, 5}, out.tensor("logits").shape());
        float[] logits = out.tensor("logits").data();
        float[] mean = new float[5];
        for (int i = 0; i < t; i++) {
            float[] p = Prediction.softmax(java.util.Arrays.copyOfRange(logits, i * 5, i * 5 + 5));
            for (int j = 0; j < 5; j++) mean[j] += p[j] / t;
        }
        float[] got = assertInstanceOf(Prediction.Classification.class, out.prediction()).probabilities();
        for (int j = 0; j < 5; j++) assertEquals(mean[j], got[j], 1e-6);
    }

    @Test
    void greedyCtcDecodingCollapsesRepeatsDropsBlanksAndMapsTheDelimiter() {
        String[] tokens = {"<pad>", "|", "A", "B", null};
        int[] path = {2, 2, 0, 2, 3, 3, 1, 1, 0, 1, 2, 4, 0, 1};
        float[] logits = new float[path.length * tokens.length];
        for (int i = 0; i < path.length; i++) logits[i * tokens.length + path[i]] = 1f;
        // A A _ A B B | | _ | A ? _ |  →  "AAB" + " " + " " + "A" (unknown id 4 dropped), stripped
        assertEquals("AAB  A", CtcHead.greedyDecode(logits, path.length, tokens.length, tokens, 0));
    }

    @Test
    void bareModelHasNoHead() throws IOException {
        ModelOutput out = Wav2Vec2Model.load(golden("base_group_postln")).predict(noise(1000, 2));
        assertInstanceOf(Prediction.None.class, out.prediction());
        assertNull(out.tensor("logits"));
    }
}
