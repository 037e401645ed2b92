package org.voicebarometer.convert;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.DType;
import org.voicebarometer.engine.tensor.SafetensorsFile;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every source layout of testdata/converter/layouts (made by generate.py from the golden checkpoints)
 * converts to a directory whose tensors are the golden ones byte for byte, under canonical names.
 */
class ConverterTest {
    @TempDir
    Path tmp;

    static Path golden(String c) {
        return TestData.root().resolve("testdata/golden").resolve(c);
    }

    /** Golden names as the converter writes them: weight-norm parametrization renamed, leftovers gone. */
    static String canonical(String goldenName) {
        return goldenName.replace("parametrizations.weight.original0", "weight_g").replace("parametrizations.weight.original1", "weight_v");
    }

    @Test
    void huggingFaceBinWithWeightGAndV() throws IOException {
        ConversionSummary s = convertAndCompare("layouts/hf_bin_weight_g", "base_group_postln", UnaryOperator.identity(), n -> true);
        assertEquals(List.of("masked_spec_embed (pretraining only)"), s.dropped());
        assertTrue(s.renamed().isEmpty());
    }

    @Test
    void huggingFaceBinWithParametrizationsIsRenamedToWeightGAndV() throws IOException {
        ConversionSummary s = convertAndCompare("layouts/hf_bin_parametrizations", "ctc_layer_preln", ConverterTest::canonical, n -> true);
        assertEquals(2, s.renamed().size(), s.renamed().toString());
        assertTrue(Files.isRegularFile(tmp.resolve("out/vocab.json")));
    }

    @Test
    void huggingFaceBinF16StaysF16() throws IOException {
        convertAndCompare("layouts/hf_bin_f16", "seqcls_weighted_f16", UnaryOperator.identity(), n -> true);
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("out/model.safetensors"))) {
            assertTrue(f.tensors().values().stream().allMatch(t -> t.dtype() == DType.F16));
        }
    }

    @Test
    void legacyFormatBinOfTorchBefore16() throws IOException {
        convertAndCompare("layouts/hf_bin_legacy", "audeering_regression", UnaryOperator.identity(), n -> true);
    }

    @Test
    void shardedBinDropsPretrainingLeftovers() throws IOException {
        ConversionSummary s = convertAndCompare("layouts/hf_bin_sharded", "pretraining_sharded_gelu_new", ConverterTest::canonical, n -> true);
        assertEquals(8, s.dropped().size(), s.dropped().toString());
    }

    @Test
    void shardedBinWhoseIndexDisagreesWithItsShardsIsRefused() throws IOException {
        Path src = tmp.resolve("sharded");
        Files.createDirectories(src);
        try (var files = Files.list(TestData.converter("layouts/hf_bin_sharded"))) {
            for (Path f : files.toList()) Files.copy(f, src.resolve(f.getFileName()));
        }
        Path index = src.resolve("pytorch_model.bin.index.json");
        Files.writeString(index, Files.readString(index).replaceFirst("\"pytorch_model-00001-of-00002.bin\"", "\"pytorch_model-00002-of-00002.bin\""));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Converter.convert(src, tmp.resolve("out"), null));
        assertTrue(e.getMessage().contains("which the index maps to"), e.getMessage());
    }

    @Test
    void huggingFaceSafetensorsBf16() throws IOException {
        convertAndCompare(golden("seqcls_last_bf16"), "seqcls_last_bf16", UnaryOperator.identity(), n -> true);
    }

    @Test
    void fairseqWav2Vec2WithArgsNamespace() throws IOException {
        ConversionSummary s = convertAndCompare("layouts/fairseq_wav2vec2_args/checkpoint.pt", "base_group_postln", UnaryOperator.identity(), n -> true);
        assertTrue(s.renamed().contains("encoder.layers.0.self_attn_layer_norm.weight -> encoder.layers.0.layer_norm.weight"), s.renamed().toString());
        assertTrue(s.dropped().contains("mask_emb (pretraining only)"));
        assertTrue(s.dropped().contains("quantizer.vars (pretraining only)"));
        assertConfigMatchesGolden("base_group_postln");
    }

    @Test
    void fairseqHubertWithCfgDict() throws IOException {
        convertAndCompare("layouts/fairseq_hubert_cfg", "hubert_ctc_featln",
                n -> canonical(n.startsWith("hubert.") ? n.substring("hubert.".length()) : n), n -> !n.startsWith("lm_head."));
        assertConfigMatchesGolden("hubert_ctc_featln");
    }

    @Test
    void speechBrainRecipeBecomesAHeadJson() throws IOException {
        Path src = TestData.converter("layouts/speechbrain_iemocap");
        ConversionSummary s = Converter.convert(src, tmp.resolve("out"), null);
        assertEquals(List.of("masked_spec_embed (pretraining only)"), s.dropped().stream().filter(d -> d.contains("masked")).toList());
        JsonNode head = Json.readObject(tmp.resolve("out/head.json"));
        assertEquals("[\"neu\",\"ang\",\"hap\",\"sad\"]", head.get("labels").toString());
        assertEquals("log_softmax", head.get("output").asText());
        assertEquals("[\"layer_norm_all\",\"mean_pool\",\"linear\"]",
                head.get("steps").findValuesAsText("op").stream().map(o -> "\"" + o + "\"").toList().toString().replace(" ", ""));
        assertEquals(1e-5, head.get("input_normalization").get("eps").asDouble());
        assertTrue(Json.readObject(tmp.resolve("out/preprocessor_config.json")).get("do_normalize").asBoolean());
        try (Checkpoint out = Checkpoint.open(tmp.resolve("out")); Checkpoint g = Checkpoint.open(golden("base_group_postln"))) {
            for (String name : g.names()) {
                if (name.equals("masked_spec_embed")) continue;
                assertArrayEquals(g.floats(name), out.floats(name), name);
            }
            assertArrayEquals(new long[] {4, 44}, out.info(SpeechBrainSource.HEAD_WEIGHT).shape());
        }
    }

    @Test
    void speechBrainWithoutConfigAsksForTheHubModelsConfig() throws IOException {
        Path src = tmp.resolve("sb");
        Files.createDirectories(src);
        for (String f : List.of("hyperparams.yaml", "wav2vec2.ckpt", "model.ckpt", "label_encoder.txt"))
            Files.copy(TestData.converter("layouts/speechbrain_iemocap/" + f), src.resolve(f));
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> Converter.convert(src, tmp.resolve("out"), null));
        assertTrue(e.getMessage().contains("put the config.json of facebook/wav2vec2-base beside hyperparams.yaml"), e.getMessage());
    }

    @Test
    void dtypeChangeRoundsEveryWeight() throws IOException {
        Converter.convert(TestData.converter("layouts/hf_bin_weight_g"), tmp.resolve("out"), DType.BF16);
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("out/model.safetensors"));
             Checkpoint g = Checkpoint.open(golden("base_group_postln"))) {
            for (TensorInfo t : f.tensors().values()) {
                assertEquals(DType.BF16, t.dtype());
                float[] want = g.floats(t.name());
                float[] got = f.floats(t.name());
                for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], Math.abs(want[i]) / 128, t.name());
            }
        }
        assertEquals("bfloat16", Json.readObject(tmp.resolve("out/config.json")).get("torch_dtype").asText());
    }

    @Test
    void verifyRunsTheEngineOnSafetensorsSourceAndResult() throws IOException {
        Converter.convert(golden("seqcls_weighted_f16"), tmp.resolve("out"), null);
        Verification v = Verification.verify(golden("seqcls_weighted_f16"), tmp.resolve("out"));
        assertEquals(List.of("verify: 55 tensors match the source; max abs diff 0.0",
                "verify: engine on a 1 s test signal, source vs converted: 7 named outputs, max abs diff 0.0"), v.lines());
    }

    @Test
    void refusesANonEmptyOutputDirectory() throws IOException {
        Files.createDirectories(tmp.resolve("out"));
        Files.writeString(tmp.resolve("out/keep.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Converter.convert(TestData.converter("layouts/hf_bin_weight_g"), tmp.resolve("out"), null));
        assertTrue(e.getMessage().contains("exists and is not empty"));
    }

    private ConversionSummary convertAndCompare(String layout, String goldenCase, UnaryOperator<String> goldenToOut,
                                                java.util.function.Predicate<String> goldenKept) throws IOException {
        return convertAndCompare(TestData.converter(layout), goldenCase, goldenToOut, goldenKept);
    }

    /** Converts, then requires the output's tensors to be exactly the golden ones (same dtype, same bytes). */
    private ConversionSummary convertAndCompare(Path src, String goldenCase, UnaryOperator<String> goldenToOut,
                                                java.util.function.Predicate<String> goldenKept) throws IOException {
        Path out = tmp.resolve("out");
        ConversionSummary summary = Converter.convert(src, out, null);
        try (Checkpoint converted = Checkpoint.open(out); Checkpoint g = Checkpoint.open(golden(goldenCase))) {
            Set<String> expectedNames = new HashSet<>();
            for (String name : g.names()) {
                if (CanonicalNames.isLeftover(name) || !goldenKept.test(name)) continue;
                String outName = goldenToOut.apply(name);
                expectedNames.add(outName);
                TensorInfo want = g.info(name);
                TensorInfo got = converted.info(outName);
                assertTrue(got != null, outName + " missing");
                assertEquals(want.dtype(), got.dtype(), outName);
                assertArrayEquals(want.shape(), got.shape(), outName);
                assertEquals(-1, MemorySegment.mismatch(bytes(g, name), 0, want.byteLength(), bytes(converted, outName), 0, got.byteLength()), outName);
            }
            List<String> names = new ArrayList<>();
            converted.names().forEach(names::add);
            assertEquals(expectedNames, new HashSet<>(names));
            assertEquals(summary.kept(), names.size());
        }
        return summary;
    }

    private static MemorySegment bytes(Checkpoint c, String name) throws IOException {
        float[] f = c.floats(name); // bytes of the stored dtype are compared through a round trip only for F32
        TensorInfo info = c.info(name);
        if (info.dtype() == DType.F32) return MemorySegment.ofArray(f);
        MemorySegment s = MemorySegment.ofArray(new short[f.length]);
        for (int i = 0; i < f.length; i++)
            s.setAtIndex(ValueLayout.JAVA_SHORT, i, info.dtype() == DType.F16 ? Float.floatToFloat16(f[i]) : (short) (Float.floatToRawIntBits(f[i]) >>> 16));
        return s;
    }

    private void assertConfigMatchesGolden(String goldenCase) throws IOException {
        JsonNode want = Json.readObject(golden(goldenCase).resolve("config.json"));
        JsonNode got = Json.readObject(tmp.resolve("out/config.json"));
        for (String key : List.of("model_type", "conv_dim", "conv_kernel", "conv_stride", "conv_bias", "feat_extract_norm", "hidden_size",
                "num_hidden_layers", "num_attention_heads", "intermediate_size", "hidden_act", "layer_norm_eps", "do_stable_layer_norm",
                "num_conv_pos_embeddings", "num_conv_pos_embedding_groups")) {
            assertEquals(want.get(key), got.get(key), key);
        }
        if (want.has("feat_proj_layer_norm")) assertEquals(want.get("feat_proj_layer_norm"), got.get("feat_proj_layer_norm"));
    }
}
