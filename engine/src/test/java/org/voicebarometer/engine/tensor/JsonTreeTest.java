package org.voicebarometer.engine.tensor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streaming tree reader builds exactly the tree ObjectMapper.readTree builds, and refuses what the loaders refuse. */
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
}
