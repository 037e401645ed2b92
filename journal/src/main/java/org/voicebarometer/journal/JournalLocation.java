package org.voicebarometer.journal;

import java.nio.file.Path;
import java.util.Map;

/** Where the journal lives unless the user names a file: {@code $BAROMETER_HOME/journal.db}, else the XDG data folder. */
public final class JournalLocation {
    public static final String FILE_NAME = "journal.db";

    private JournalLocation() {}

    public static Path defaultFile() {
        return defaultFile(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static Path defaultFile(Map<String, String> env, Path home) {
        String barometerHome = env.get("BAROMETER_HOME");
        if (barometerHome != null && !barometerHome.isBlank()) return Path.of(barometerHome).resolve(FILE_NAME);
        String xdg = env.get("XDG_DATA_HOME");
        Path data = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local/share");
        return data.resolve("voice-barometer").resolve(FILE_NAME);
    }
}
