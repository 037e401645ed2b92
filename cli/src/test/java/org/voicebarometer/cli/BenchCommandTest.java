package org.voicebarometer.cli;

import static org.voicebarometer.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.model.Wav2Vec2Config;

/** {@code barometer bench} end to end on a golden model, and the FLOP count against hand-counted wav2vec2-base. */
class BenchCommandTest {


    private static Path golden(String relative) {
        return Path.of(System.getProperty("barometer.root")).resolve("testdata/golden").resolve(relative);
    }

    @Test
    void jsonReportsTheTimedRunsAndTheFlopCount() throws Exception {
        Path model = golden("base_group_postln");
        CliRun r = run("bench", "--model", model.toString(), "--seconds", "1.5", "--threads", "2", "--runs", "3", "--warmup", "1", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(2, j.get("threads").asInt());
        assertEquals(3, j.get("runs_s").size());
        double min = j.get("min_s").asDouble(), median = j.get("median_s").asDouble();
        assertTrue(min > 0 && min <= median, r.out());
        assertTrue(j.get("load_s").asDouble() > 0);
        assertFalse(j.get("load_from_cache").asBoolean());
        double gflop = ModelFlops.of(Wav2Vec2Config.read(model.resolve("config.json")), 24000).total() / 1e9;
        assertEquals(gflop, j.get("gflop").asDouble(), 1e-4);
        assertEquals(gflop / median, j.get("gflops").asDouble(), 0.01 * gflop / median + 1e-4);
        assertTrue(j.get("peak_rss_mib").asLong() > 0);
    }

    @Test
    void loadOnlyTimesTheFirstAndTheWarmLoads() throws Exception {
        CliRun r = run("bench", "--model", golden("base_group_postln").toString(), "--load-only", "--runs", "3", "--threads", "2", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertTrue(j.get("load_s").asDouble() > 0 && j.get("load_cpu_s").asDouble() >= 0, r.out());
        assertEquals(2, j.get("warm_loads_s").size());
        assertEquals(2, j.get("warm_load_cpu_s").size());
        double min = j.get("warm_load_min_s").asDouble(), median = j.get("warm_load_median_s").asDouble();
        assertTrue(min > 0 && min <= median, r.out());
        assertTrue(j.get("model").asText().startsWith("wav2vec2"), r.out());
        assertEquals(null, j.get("runs_s")); // nothing ran
        assertFalse(j.get("load_from_cache").asBoolean(), "the tests run with barometer.cache=off");
        assertEquals(0, j.get("warm_loads_from_cache").asInt());
    }

    @Test
    void loadOnlySaysWhichLoadsCameFromTheCache(@TempDir Path cache) throws Exception {
        String before = System.getProperty("barometer.cache");
        System.setProperty("barometer.cache", cache.toString());
        try {
            CliRun r = run("bench", "--model", golden("base_group_postln").toString(), "--load-only", "--runs", "3", "--json");
            assertEquals(0, r.exit(), r.err());
            JsonNode j = new ObjectMapper().readTree(r.out());
            assertFalse(j.get("load_from_cache").asBoolean(), r.out()); // the first load packs and writes the file
            assertEquals(2, j.get("warm_loads_from_cache").asInt(), r.out());
            r = run("bench", "--model", golden("base_group_postln").toString(), "--load-only", "--runs", "1");
            assertTrue(r.out().contains("first load") && r.out().contains("packed weights from the cache"), r.out());
        } finally {
            if (before == null) System.clearProperty("barometer.cache");
            else System.setProperty("barometer.cache", before);
        }
    }

    @Test
    void windowsCoverTheWholeAudio() throws Exception {
        CliRun r = run("bench", "--model", golden("base_group_postln").toString(), "--seconds", "2", "--window", "0.5",
                "--runs", "1", "--warmup", "0", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        double perWindow = ModelFlops.of(Wav2Vec2Config.read(golden("base_group_postln").resolve("config.json")), 8000).total() / 1e9;
        assertEquals(4 * perWindow, j.get("gflop").asDouble(), 1e-3);
    }

    @Test
    void badArgumentsAreOneLine() {
        CliRun r = run("bench", "--model", "/nonexistent/model");
        assertEquals(2, r.exit());
        assertEquals("barometer: no such model directory: /nonexistent/model", r.err().strip());
        r = run("bench", "--model", golden("base_group_postln").toString(), "--seconds", "0.01");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("barometer: the audio (or window) is shorter than one frame"), r.err());
    }

    /**
     * wav2vec2-base on 10 s (160 000 samples, 499 frames), counted by hand: conv encoder 49.3 GFLOP,
     * positional conv 4.72, attention 12·4·499²·768 = 9.18, projections and FFN 12·(8·499·768² + 4·499·768·3072) = 84.76.
     */
    @Test
    void flopsOfWav2vec2BaseOnTenSeconds() throws Exception {
        Path config = java.nio.file.Files.createTempFile("base", ".json");
        java.nio.file.Files.writeString(config, "{\"model_type\": \"wav2vec2\", \"architectures\": [\"Wav2Vec2Model\"]}");
        ModelFlops f = ModelFlops.of(Wav2Vec2Config.read(config), 160_000);
        java.nio.file.Files.delete(config);
        double conv = 2.0 * 512 * (31999 * 10 + (15999 + 7999 + 3999 + 1999) * 1536 + (999 + 499) * 1024);
        assertEquals(conv, f.convEncoder(), 1);
        assertEquals(2.0 * 499 * 512 * 768, f.projection(), 1);
        assertEquals(2.0 * 500 * 768 * 48 * 128, f.positional(), 1);
        assertEquals(12 * 4.0 * 499 * 499 * 768, f.attention(), 1);
        assertEquals(12 * (8.0 * 499 * 768 * 768 + 4.0 * 499 * 768 * 3072), f.layers(), 1);
        assertEquals(148.1, f.total() / 1e9, 0.1);
    }
}
