package org.voicebarometer.convert.torch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.voicebarometer.convert.CheckpointFormatException;
import org.voicebarometer.convert.TestData;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hostile checkpoint made by testdata/converter/generate.py is refused with an error naming its
 * problem, and nothing in it ran: the os.system payload would have created the marker file.
 */
class HostileCheckpointTest {
    static final Path MARKER = Path.of("/tmp/voicebarometer-converter-pwned");

    @TestFactory
    List<DynamicTest> refusedWithTheProblemNamed() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(TestData.converter("hostile/expected-errors.json").toFile());
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : expected.properties()) {
            tests.add(DynamicTest.dynamicTest(e.getKey(), () -> {
                Files.deleteIfExists(MARKER);
                CheckpointFormatException ex = assertThrows(CheckpointFormatException.class,
                        () -> TorchCheckpoint.open(TestData.converter("hostile/" + e.getKey())).close());
                assertTrue(ex.getMessage().contains(e.getValue().asText()),
                        () -> e.getKey() + ": message '" + ex.getMessage() + "' lacks '" + e.getValue().asText() + "'");
                assertFalse(ex.getMessage().contains("\n"), "one line");
                assertFalse(Files.exists(MARKER), "the payload ran");
            }));
        }
        assertTrue(tests.size() >= 19);
        return tests;
    }
}
