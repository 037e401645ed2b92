package org.voicebarometer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.FunctionalsEmotionModel;
import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.SpeakerBaseline;
import org.voicebarometer.engine.analysis.training.EmoDb;
import org.voicebarometer.engine.analysis.training.FeatureExtraction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Training end to end on a small EmoDB subset (3 speakers × up to 7 emotions): LOSO lines, calibration, reproducibility, a loadable model. */
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
    void trainsCalibratesAndEvaluatesLoso() throws Exception {
        Path sub = subset();
        Path calibrated = dir.resolve("a.json");
        Path raw = dir.resolve("b.json");
        CliRun r = CliRun.run("train", "--emodb", sub.toString(), "--out", calibrated.toString(), "--eval", "loso");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("UAR7: [01]\\.\\d{4}")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("UAR5: [01]\\.\\d{4}")), r.out());
        assertTrue(r.out().contains("true\\pred"), r.out());
        assertTrue(r.out().contains("Temperature scaling, fitted on the leave-one-speaker-out logits with the population baseline: T = "), r.out());
        long n;
        try (Stream<Path> files = Files.list(sub)) {
            n = files.count();
        }
        assertTrue(r.err().contains(n + "/" + n + " files"), r.err()); // the progress bar reached the end

        CliRun uncalibrated = CliRun.run("train", "--emodb", sub.toString(), "--out", raw.toString(), "--eval", "loso", "--no-calibrate");
        assertEquals(0, uncalibrated.exit(), uncalibrated.err());
        assertFalse(uncalibrated.out().contains("Temperature scaling"), uncalibrated.out());
        // Calibration changes no seven-class decision: the same LOSO UAR7 lines.
        assertEquals(uar7Lines(r.out()), uar7Lines(uncalibrated.out()));
        assertEquals(2, uar7Lines(r.out()).size());

        FunctionalsEmotionModel model = FunctionalsEmotionModel.load(calibrated);
        FunctionalsEmotionModel plain = FunctionalsEmotionModel.load(raw);
        @SuppressWarnings("unchecked")
        Map<String, Object> calibration = (Map<String, Object>) model.classifier().training().get("calibration");
        double t = ((Number) calibration.get("temperature")).doubleValue();
        assertTrue(t > 0, "T = " + t);
        assertFalse(plain.classifier().training().containsKey("calibration"));
        // Same data, same model, divided by T. Not byte for byte: the resampler's vector sum (reduceLanes) rounds
        // differently before and after JIT compilation, which moves a few features by ~1e-11 (docs/analysis.md).
        assertModelsEqual(model.classifier(), plain.classifier().withTemperature(t, Map.of()), 1e-5);
        // And so the same classifier: on every recording, the same most probable label.
        List<EmoDb.Utterance> utterances = EmoDb.list(sub);
        double[][] features = FeatureExtraction.extract(sub, utterances, ProgressListener.NONE);
        SpeakerBaseline population = model.classifier().populationBaseline().toSpeakerBaseline();
        for (double[] f : features) {
            assertEquals(argmax(plain.classifier().probabilities(f, population)), argmax(model.classifier().probabilities(f, population)));
        }

        assertEquals(List.of("neutral", "happiness", "sadness", "boredom", "fear", "anger", "disgust"), model.description().labels());
        assertEquals(List.of("03", "08", "16"), model.classifier().training().get("speakers"));
    }

    private static List<String> uar7Lines(String out) {
        return out.lines().filter(l -> l.startsWith("UAR7")).toList();
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
        return best;
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
    void calibrationNeedsTwoSpeakers() throws IOException {
        Path one = Files.createDirectories(dir.resolve("one"));
        for (String f : List.of("03a01Nc.wav", "03a01Wa.wav")) Files.createSymbolicLink(one.resolve(f), EMODB.resolve(f).toAbsolutePath());
        CliRun r = CliRun.run("train", "--emodb", one.toString(), "--out", dir.resolve("m.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("needs at least two speakers; use --no-calibrate"), r.err());
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
