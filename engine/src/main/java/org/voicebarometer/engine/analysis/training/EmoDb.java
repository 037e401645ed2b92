package org.voicebarometer.engine.analysis.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Berlin Database of Emotional Speech (Burkhardt et al., Interspeech 2005): 10 actors, 7 emotions,
 * German sentences. File names {@code SSTTTEV.wav}: speaker, sentence code, emotion letter, version.
 */
public final class EmoDb {
    /** The model's labels, in the order of its outputs; the letters below index into this list. */
    public static final List<String> LABELS = List.of("neutral", "happiness", "sadness", "boredom", "fear", "anger", "disgust");
    private static final String LETTERS = "NFTLAWE"; // same order as LABELS
    private static final Pattern NAME = Pattern.compile("(\\d\\d)([a-z]\\d\\d)([" + LETTERS + "])([a-z])\\.wav");

    private EmoDb() {}

    /** One recording: file name, speaker code, index into {@link #LABELS}. */
    public record Utterance(String file, String speaker, int label) {}

    /** The utterances in {@code dir}, sorted by file name; files not named like EmoDB's are an error. */
    public static List<Utterance> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException(dir + ": not a directory (expected the EmoDB wav folder)");
        List<Utterance> result = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith(".wav")) continue;
                Matcher m = NAME.matcher(name);
                if (!m.matches()) throw new IOException(p + ": not an EmoDB file name (SSTTTEV.wav)");
                result.add(new Utterance(name, m.group(1), LETTERS.indexOf(m.group(3).charAt(0))));
            }
        }
        if (result.isEmpty()) throw new IOException(dir + ": no EmoDB .wav files");
        return List.copyOf(result);
    }
}
