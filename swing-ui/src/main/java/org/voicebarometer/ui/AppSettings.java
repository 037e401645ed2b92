package org.voicebarometer.ui;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The user's choices, kept in {@code ui-settings.properties} beside the journal.
 *
 * @param checkpoint a converted checkpoint folder, or empty for the built-in model
 * @param keepAudio  keep microphone recordings (as WAV beside the journal); off by default
 * @param microphone the input device's name, or empty for the system default
 */
public record AppSettings(Optional<Path> checkpoint, boolean keepAudio, Optional<String> microphone) {
    public static final AppSettings DEFAULTS = new AppSettings(Optional.empty(), false, Optional.empty());

    AppSettings withCheckpoint(Optional<Path> c) {
        return new AppSettings(c, keepAudio, microphone);
    }

    AppSettings withKeepAudio(boolean keep) {
        return new AppSettings(checkpoint, keep, microphone);
    }

    AppSettings withMicrophone(Optional<String> m) {
        return new AppSettings(checkpoint, keepAudio, m);
    }

    /** The saved settings, or the defaults when there are none (an unreadable file is ignored, not fatal). */
    static AppSettings load(Path file) {
        if (!Files.isRegularFile(file)) return DEFAULTS;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return DEFAULTS;
        }
        return new AppSettings(nonBlank(p.getProperty("model.checkpoint")).map(Path::of),
                Boolean.parseBoolean(p.getProperty("audio.keep", "false")),
                nonBlank(p.getProperty("microphone")));
    }

    void save(Path file) throws IOException {
        Properties p = new Properties();
        checkpoint.ifPresent(c -> p.setProperty("model.checkpoint", c.toString()));
        p.setProperty("audio.keep", Boolean.toString(keepAudio));
        microphone.ifPresent(m -> p.setProperty("microphone", m));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "voice barometer desktop settings");
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
    }
}
