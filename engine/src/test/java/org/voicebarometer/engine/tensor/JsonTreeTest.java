package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tree reader builds exactly the tree ObjectMapper.readTree builds, and refuses what Jackson refuses. */
class JsonTreeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static void assertSameTree(String json) throws IOException {
        JsonNode expected = MAPPER.readTree(json), actual = JsonTree.parse(json.getBytes(StandardCharsets.UTF_8), true);
        assertEquals(expected, actual, json);
        assertEquals(expected.toString(), actual.toString(), json);
        assertEquals(expected, JsonTree.parse(json, true), json);
    }

    @Test
    void buildsTheTreeObjectMapperBuilds() throws IOException {
        for (String json : List.of(
                "{}", "[]", "0", "-1", "2147483647", "2147483648", "-9223372036854775808", "18446744073709551614",
                "123456789012345678901234567890", "1.5", "-0.0", "1e-7", "1E400", "0.1", "true", "false", "null",
                "\"a\\u00e9\\ud83d\\ude00\\n\\\"\"",
                "{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24],\"nested\":{\"x\":[[],[{}],[1,[2,[3]]]]}}",
                "  {\"__metadata__\": {\"format\": \"pt\"}, \"a\": {\"shape\": []}}  ")) {
            assertSameTree(json);
        }
        for (String json : List.of("1", "2147483648", "99999999999999999999"))
            assertEquals(MAPPER.readTree(json).getClass(), JsonTree.parse(json, true).getClass(), json); // int, long, BigInteger nodes by size
    }

    @Test
    void everyGoldenConfigReadsTheSame() throws IOException {
        Path golden = Path.of(System.getProperty("barometer.root")).resolve("testdata/golden");
        List<Path> files;
        try (Stream<Path> s = Files.walk(golden)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
        }
        assertTrue(files.size() >= 5, "golden json files: " + files.size());
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertEquals(MAPPER.readTree(bytes), JsonTree.parse(bytes, false), f.toString());
        }
    }

    @Test
    void refusesDuplicatesMalformedInputAndTrailingTokens() throws IOException {
        assertTrue(assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{\"a\":1,\"a\":2}", true)).getOriginalMessage().contains("Duplicate field 'a'"));
        assertTrue(assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{\"a\":{\"b\":1,\"b\":1}}", false)).getOriginalMessage().contains("Duplicate field 'b'"));
        for (String bad : List.of("{", "[1,]", "{\"a\" 1}", "NaN", "01", "{\"a\":tru}", "\"unterminated", "[1 2]", "{'a':1}"))
            assertThrows(JsonProcessingException.class, () -> JsonTree.parse(bad, true), bad);
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{} {}", true));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("{} x", true));
        assertEquals(MAPPER.readTree("{} {}"), JsonTree.parse("{} {}", false)); // as ObjectMapper without FAIL_ON_TRAILING_TOKENS
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("[".repeat(5000) + "]".repeat(5000), true)); // nesting limit, no stack overflow
        assertNull(JsonTree.parse("", true));
        assertNull(JsonTree.parse(" \n", true));
    }

    /** A random document: nested objects and arrays of every kind of value, with escapes and odd numbers. */
    private static void randomValue(Random rnd, StringBuilder b, int depth) {
        int kind = rnd.nextInt(depth > 4 ? 6 : 8);
        switch (kind) {
            case 0 -> b.append(List.of("0", "-0", "7", "-12", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
                    "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890").get(rnd.nextInt(11)));
            case 1 -> b.append(List.of("1.5", "-0.0", "1e-7", "1E+2", "2.5e10", "1E400", "1.0e-400", "0.1", "6.02214076e23").get(rnd.nextInt(9)));
            case 2 -> b.append(List.of("true", "false", "null").get(rnd.nextInt(3)));
            case 3, 4, 5 -> b.append(List.of("\"\"", "\"a\"", "\"F32\"", "\"\\u00e9\\n\\t\\\"\\\\\\/\"", "\"\\ud83d\\ude00\"", "\"é中\"", "\"\\u0041\\b\\f\\r\"").get(rnd.nextInt(7)));
            case 6 -> {
                b.append('{');
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) b.append(rnd.nextBoolean() ? "," : " , ");
                    b.append("\"k").append(rnd.nextInt(6)).append("\"").append(rnd.nextBoolean() ? ":" : " :\n ");
                    randomValue(rnd, b, depth + 1);
                }
                b.append('}');
            }
            default -> {
                b.append('[');
                int n = rnd.nextInt(4);
                for (int i = 0; i < n; i++) {
                    if (i > 0) b.append(rnd.nextBoolean() ? "," : "\t,\r");
                    randomValue(rnd, b, depth + 1);
                }
                b.append(']');
            }
        }
    }

    /**
     * Differential fuzzing against Jackson (duplicate detection on, trailing tokens refused for whole input):
     * random documents and random edits of them are either refused by both readers, as JsonProcessingException,
     * or read into equal trees.
     */
    @Test
    void agreesWithJacksonOnRandomAndCorruptedDocuments() throws IOException {
        ObjectMapper strict = new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
        ObjectMapper whole = strict.copy().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        String alphabet = "{}[],:\"\\ \n\t0123456789-+.eEtruefalsnu\u00e9/bx\u0001";
        Random rnd = new Random(2024);
        for (int trial = 0; trial < 20_000; trial++) {
            StringBuilder b = new StringBuilder();
            if (rnd.nextInt(4) == 0) b.append(' ');
            randomValue(rnd, b, 0);
            if (rnd.nextInt(4) == 0) b.append(List.of(" ", " 1", "x", "{}", " \n").get(rnd.nextInt(5)));
            int edits = trial % 3 == 0 ? 0 : 1 + rnd.nextInt(3);
            for (int e = 0; e < edits && b.length() > 0; e++) {
                int at = rnd.nextInt(b.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> b.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            String json = b.toString();
            if (json.isBlank()) continue; // Jackson gives a MissingNode, JsonTree null (tested above)
            for (boolean wholeInput : new boolean[] {true, false}) {
                JsonNode expected;
                try {
                    expected = (wholeInput ? whole : strict).readTree(json);
                } catch (JsonProcessingException e) {
                    assertThrows(JsonProcessingException.class, () -> JsonTree.parse(json, wholeInput), json);
                    assertThrows(JsonProcessingException.class, () -> JsonTree.parse(json.getBytes(StandardCharsets.UTF_8), wholeInput), json);
                    continue;
                }
                JsonNode actual = JsonTree.parse(json, wholeInput);
                assertEquals(expected, actual, json);
                assertEquals(expected.toString(), actual.toString(), json);
                assertEquals(expected, JsonTree.parse(json.getBytes(StandardCharsets.UTF_8), wholeInput), json);
            }
        }
    }

    @Test
    void refusesInvalidUtf8AndSkipsAByteOrderMark() throws IOException {
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse(new byte[] {'"', (byte) 0xC3, '"'}, true));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse(new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, true)); // an encoded surrogate
        assertEquals(MAPPER.readTree("{\"a\":1}"), JsonTree.parse(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '"', 'a', '"', ':', '1', '}'}, true));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("1".repeat(JsonTree.MAX_NUMBER_LENGTH + 1), true));
        assertEquals(MAPPER.readTree("[" + "1".repeat(JsonTree.MAX_NUMBER_LENGTH) + "]"), JsonTree.parse("[" + "1".repeat(JsonTree.MAX_NUMBER_LENGTH) + "]", true));
        assertThrows(JsonProcessingException.class, () -> JsonTree.parse("[".repeat(JsonTree.MAX_DEPTH + 1) + "]".repeat(JsonTree.MAX_DEPTH + 1), true));
        assertEquals(MAPPER.readTree("[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH)), JsonTree.parse("[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH), true));
    }
}
