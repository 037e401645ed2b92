package org.voicebarometer.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JournalLocationTest {
    @Test
    void barometerHomeThenXdgThenHome() {
        Path home = Path.of("/home/u");
        assertEquals(Path.of("/data/b/journal.db"),
                JournalLocation.defaultFile(Map.of("BAROMETER_HOME", "/data/b", "XDG_DATA_HOME", "/x"), home));
        assertEquals(Path.of("/x/voice-barometer/journal.db"), JournalLocation.defaultFile(Map.of("XDG_DATA_HOME", "/x"), home));
        assertEquals(Path.of("/home/u/.local/share/voice-barometer/journal.db"), JournalLocation.defaultFile(Map.of(), home));
    }
}
