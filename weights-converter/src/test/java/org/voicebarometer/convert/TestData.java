package org.voicebarometer.convert;

import java.nio.file.Path;

/** Where the converter's committed fixtures live. */
public final class TestData {
    private TestData() {}

    public static Path root() {
        return Path.of(System.getProperty("barometer.root", "..")).toAbsolutePath().normalize();
    }

    public static Path converter(String relative) {
        return root().resolve("testdata/converter").resolve(relative);
    }
}
