package org.voicebarometer.convert.torch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.voicebarometer.convert.TestData;
import org.voicebarometer.convert.pickle.PyDict;
import org.voicebarometer.convert.pickle.PyList;
import org.voicebarometer.convert.pickle.Tuple;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The reader against checkpoints written by torch.save (torch 1.13) with values recorded by torch. */
class TorchCheckpointTest {
    private static final JsonNode EXPECTED = readExpected();

    private static JsonNode readExpected() {
        try {
            return new ObjectMapper().readTree(TestData.converter("valid/expected.json").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyDtypeViewScalarAndEmptyTensorMatchesTorch() throws IOException {
        assertMatchesTorch("dtypes_protocol2.bin", root -> root);
    }

    @Test
    void legacyFormatOfTorchBefore16MatchesTorch() throws IOException {
        assertMatchesTorch("legacy_format.bin", root -> root);
    }

    @Test
    void parametersFromProtocol4AreTheirTensors() throws IOException {
        assertMatchesTorch("parameters_protocol4.bin", root -> root);
    }

    @Test
    void namespaceFromProtocol5IsReadAsADict() throws IOException {
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TestData.converter("valid/namespace_protocol5.bin"))) {
            PyDict root = assertInstanceOf(PyDict.class, ckpt.root());
            PyDict args = assertInstanceOf(PyDict.class, root.get("args"));
            assertEquals("argparse.Namespace", args.type());
            assertEquals(3L, args.get("encoder_layers"));
            assertEquals("x", args.get("name"));
            assertEquals(0.5, args.get("ratio"));
            assertEquals(Boolean.TRUE, args.get("flag"));
            assertEquals(null, args.get("none"));
            assertEquals(1L << 40, args.get("big"));
            assertEquals(-3L, args.get("neg"));
            PyList layers = assertInstanceOf(PyList.class, args.get("layers"));
            assertEquals(List.of(512L, 10L, 5L), assertInstanceOf(Tuple.class, layers.getFirst()).items());
        }
        assertMatchesTorch("namespace_protocol5.bin", root -> ((PyDict) root).get("model"));
    }

    private interface StateDictOf {
        Object apply(Object root);
    }

    private static void assertMatchesTorch(String file, StateDictOf stateDict) throws IOException {
        JsonNode expected = EXPECTED.get(file);
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(TestData.converter("valid/" + file))) {
            Map<String, TorchTensor> tensors = TorchCheckpoint.stateDict(stateDict.apply(ckpt.root()), file);
            assertEquals(expected.size(), tensors.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                TorchTensor t = tensors.get(e.getKey());
                JsonNode want = e.getValue();
                long[] shape = new long[want.get("shape").size()];
                for (int i = 0; i < shape.length; i++) shape[i] = want.get("shape").get(i).asLong();
                assertArrayEquals(shape, t.shape(), e.getKey());
                assertEquals(want.get("dtype").asText(), switch (t.type()) {
                    case FLOAT -> "float32"; case HALF -> "float16"; case BFLOAT16 -> "bfloat16";
                    case LONG -> "int64"; case INT -> "int32";
                }, e.getKey());
                JsonNode values = want.get("values");
                if (t.isFloat()) {
                    float[] got = t.toFloats();
                    assertEquals(values.size(), got.length, e.getKey());
                    for (int i = 0; i < got.length; i++) assertEquals((float) values.get(i).asDouble(), got[i], 0f, e.getKey() + "[" + i + "]");
                } else {
                    long[] got = t.toLongs();
                    for (int i = 0; i < got.length; i++) assertEquals(values.get(i).asLong(), got[i], e.getKey() + "[" + i + "]");
                }
            }
        }
    }
}
