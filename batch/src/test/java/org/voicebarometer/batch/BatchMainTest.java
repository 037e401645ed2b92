package org.voicebarometer.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch jar's command line: what a user (or {@code ./barometer batch}) sees. */
class BatchMainTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BatchMain.run(args, new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheThreeOutputsAndSummarises() throws IOException {
        Path notAudio = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("notes.wav"), "x");
        Path out = tmp.resolve("out");
        int code = run("--input=" + tmp.resolve("in") + "/*.wav", "--output=" + out);
        assertEquals(0, code, err());
        assertTrue(err().contains("0 analysed, 1 failed, 0.0 s of audio in "), err());
        assertEquals(List.of(), lines(out, "reports"));
        assertEquals(List.of(), lines(out, "aggregates"));
        assertEquals(List.of(new FailedRecording(notAudio.toString(), "not a WAV, FLAC, MP3 or Ogg Vorbis file (first bytes 78)").toJson()),
                lines(out, "failures"));
    }

    @Test
    void badOptionsAreOneLineAndExitTwo() {
        assertEquals(2, run("--input=" + tmp + "/*.wav"));
        assertEquals("barometer batch: no output directory: use --output=DIR" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("--output=" + tmp));
        assertEquals("barometer batch: no recordings given: use --input=GLOB (or --inputList=FILE)" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("--input=x.wav", "--output=" + tmp, "--idPattern=(?<day>x)"));
        assertEquals("barometer batch: --idPattern needs a named group (?<speaker>...); (?<day>...) is optional" + System.lineSeparator(), err());
        err.reset();
        assertEquals(2, run("--input=x.wav", "--output=" + tmp, "--model=" + tmp.resolve("no-such-model")));
        assertTrue(err().startsWith("barometer batch: ") && err().contains("no-such-model"), err());
    }

    /** The lines of every shard of one output, e.g. reports-00000-of-00001.jsonl. */
    private static List<String> lines(Path dir, String name) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> shards = files.filter(f -> f.getFileName().toString().startsWith(name + "-")).toList();
            assertTrue(!shards.isEmpty(), "no " + name + " output in " + dir);
            return shards.stream().flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
