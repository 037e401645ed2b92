package org.voicebarometer.engine.model;

import java.nio.file.Path;

/** Where the golden model directories live: {@code testdata/golden}, or {@code -Dbarometer.golden=DIR}. */
final class GoldenData {
    private GoldenData() {}

    static Path dir() {
        String override = System.getProperty("barometer.golden");
        if (override != null && !override.isBlank()) return Path.of(override);
        return Path.of(System.getProperty("barometer.root", ".")).resolve("testdata/golden");
    }

    static Path model(String name) {
        return dir().resolve(name);
    }
}
