package org.voicebarometer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.tensor.SafetensorsFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.voicebarometer.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code barometer infer} end to end: a golden model and its reference audio as a WAV file in, the reference's answer out. */
class InferCommandTest {
    @TempDir
    Path dir;



    private static Path golden(String relative) {
        return Path.of(System.getProperty("barometer.root")).resolve("testdata/golden").resolve(relative);
    }

    /** The golden raw_audio (PCM16 / 32768) written back as a 16 kHz mono PCM16 WAV: the same samples, exactly. */
    private Path wavOf(String expected) throws IOException {
        float[] x;
        try (SafetensorsFile f = SafetensorsFile.open(golden(expected))) {
            x = f.floats("raw_audio");
        }
        return writeWav(x, "in.wav");
    }

    private Path writeWav(float[] x, String name) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * x.length).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16).put("data".getBytes()).putInt(2 * x.length);
        for (float v : x) b.putShort((short) Math.round(v * 32768f));
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static String metadata(String expected, String key) throws IOException {
        try (SafetensorsFile f = SafetensorsFile.open(golden(expected))) {
            return f.metadata().get(key);
        }
    }

    @Test
    void transcribesLikeTheReferenceAndDumpsTheNamedTensors() throws IOException {
        Path wav = wavOf("ctc_layer_preln/expected/speech.safetensors");
        Path dump = dir.resolve("dump.safetensors");
        CliRun r = run("infer", "--model", golden("ctc_layer_preln").toString(), "--audio", wav.toString(), "--json", "--dump", dump.toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        String transcript = metadata("ctc_layer_preln/expected/speech.safetensors", "transcript");
        assertEquals("transcript", j.get("kind").asText());
        assertEquals(transcript, j.get("transcript").asText());
        assertEquals(74, j.get("frames").asInt());
        try (SafetensorsFile d = SafetensorsFile.open(dump); SafetensorsFile ref = SafetensorsFile.open(golden("ctc_layer_preln/expected/speech.safetensors"))) {
            assertEquals(transcript, d.metadata().get("transcript"));
            for (String name : ref.tensors().keySet()) {
                if (name.equals("raw_audio")) continue;
                assertArrayEquals(ref.info(name).shape(), d.info(name).shape(), name);
            }
            float[] ours = d.floats("logits"), want = ref.floats("logits");
            float maxRef = 0, maxDiff = 0;
            for (int i = 0; i < want.length; i++) {
                maxRef = Math.max(maxRef, Math.abs(want[i]));
                maxDiff = Math.max(maxDiff, Math.abs(ours[i] - want[i]));
            }
            assertTrue(maxDiff <= 1e-4 * maxRef, "logits max diff " + maxDiff);
        }
    }

    @Test
    void classifiesWithTheSeedHeadInJsonAndAsASummary() throws IOException {
        Path wav = wavOf("seed_head/expected/speech.safetensors");
        String label = metadata("seed_head/expected/speech.safetensors", "labels");
        CliRun json = run("infer", "--model", golden("seed_head").toString(), "--audio", wav.toString(), "--json");
        assertEquals(0, json.exit(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals("classification", j.get("kind").asText());
        assertEquals(label, j.get("label").asText());
        double sum = 0;
        for (String l : new String[] {"Neutral", "Happy", "Sad", "Anxious", "Stressed"}) sum += j.get("probabilities").get(l).asDouble();
        assertEquals(1.0, sum, 1e-5);

        CliRun human = run("infer", "--model", golden("seed_head").toString(), "--audio", wav.toString());
        assertEquals(0, human.exit(), human.err());
        assertTrue(human.out().contains("label:  " + label + " ("), human.out());
        assertTrue(human.out().contains("1.50 s (wav, 16000 Hz, 1 ch), 74 frames"), human.out());
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws IOException {
        Path model = golden("seed_head");
        CliRun missing = run("infer", "--model", model.toString(), "--audio", dir.resolve("nope.wav").toString());
        assertEquals(2, missing.exit());
        assertEquals("barometer: no such audio file: " + dir.resolve("nope.wav"), missing.err().strip());

        CliRun tooShort = run("infer", "--model", model.toString(), "--audio", writeWav(new float[399], "short.wav").toString());
        assertEquals(2, tooShort.exit());
        assertEquals(1, tooShort.err().strip().lines().count(), tooShort.err());
        assertTrue(tooShort.err().contains("needs at least 400 samples"), tooShort.err());

        CliRun noModel = run("infer", "--model", dir.toString(), "--audio", writeWav(new float[800], "ok.wav").toString());
        assertEquals(2, noModel.exit());
        assertEquals(1, noModel.err().strip().lines().count(), noModel.err());
        assertTrue(noModel.err().contains("no config.json"), noModel.err());

        Path notWav = Files.writeString(dir.resolve("x.wav"), "hello");
        CliRun garbage = run("infer", "--model", model.toString(), "--audio", notWav.toString());
        assertEquals(2, garbage.exit());
        assertEquals(1, garbage.err().strip().lines().count(), garbage.err());
    }
}
