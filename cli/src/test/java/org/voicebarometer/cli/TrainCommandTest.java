package org.voicebarometer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.FunctionalsEmotionModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Training end to end on a small EmoDB subset (3 speakers × up to 7 emotions): LOSO lines, reproducibility, a loadable model. */
class TrainCommandTest {
    static final Path EMODB = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/emodb");

    @TempDir
    Path dir;

    /** The first recording of each emotion for speakers 03, 08 and 16, linked into a folder of their own. */
    private Path subset() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("emodb"));
        List<String> all;
        try (Stream<Path> files = Files.list(EMODB)) {
            all = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String speaker : List.of("03", "08", "16")) {
            for (char emotion : "NFTLAWE".toCharArray()) {
                all.stream().filter(f -> f.startsWith(speaker) && f.charAt(5) == emotion).findFirst()
                        .ifPresent(f -> {
                            try {
                                Files.createSymbolicLink(sub.resolve(f), EMODB.resolve(f).toAbsolutePath());
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
            }
        }
        return sub;
    }

    @Test
    void trainsDeterministicallyAndEvaluatesLoso() throws Exception {
        Path sub = subset();
        Path first = dir.resolve("a.json");
        Path second = dir.resolve("b.json");
        CliRun r = CliRun.run("train", "--emodb", sub.toString(), "--out", first.toString(), "--eval", "loso");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("UAR7: [01]\\.\\d{4}")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("UAR5: [01]\\.\\d{4}")), r.out());
        assertTrue(r.out().contains("true\\pred"), r.out());
        long n;
        try (Stream<Path> files = Files.list(sub)) {
            n = files.count();
        }
        assertTrue(r.err().contains(n + "/" + n + " files"), r.err()); // the progress bar reached the end

        assertEquals(0, CliRun.run("train", "--emodb", sub.toString(), "--out", second.toString()).exit());
        FunctionalsEmotionModel model = FunctionalsEmotionModel.load(first);
        FunctionalsEmotionModel again = FunctionalsEmotionModel.load(second);
        // Same data, same model. Not byte for byte: the resampler's vector sum (reduceLanes) rounds differently
        // before and after JIT compilation, which moves a few features by ~1e-11 (docs/analysis.md).
        assertModelsEqual(model.classifier(), again.classifier(), 1e-5);

        assertEquals(List.of("neutral", "happiness", "sadness", "boredom", "fear", "anger", "disgust"), model.description().labels());
        assertEquals(List.of("03", "08", "16"), model.classifier().training().get("speakers"));
    }

    private static void assertModelsEqual(FunctionalsClassifier a, FunctionalsClassifier b, double tolerance) {
        assertEquals(a.labels(), b.labels());
        assertEquals(a.features(), b.features());
        assertArrayEquals(a.bias(), b.bias(), tolerance);
        for (int c = 0; c < a.weights().length; c++) assertArrayEquals(a.weights()[c], b.weights()[c], tolerance);
        for (int j = 0; j < a.features().size(); j++) {
            double scale = Math.max(1, Math.abs(a.populationBaseline().mean()[j]));
            assertEquals(a.populationBaseline().mean()[j], b.populationBaseline().mean()[j], tolerance * scale);
            assertEquals(a.populationBaseline().scale()[j], b.populationBaseline().scale()[j], tolerance * scale);
        }
    }

    @Test
    void notEmoDbIsOneLine() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("other"));
        Files.writeString(bad.resolve("hello.wav"), "x");
        CliRun r = CliRun.run("train", "--emodb", bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("not an EmoDB file name"), r.err());
        assertEquals(2, CliRun.run("train", "--emodb", EMODB.toString(), "--eval", "kfold").exit());
    }
}
