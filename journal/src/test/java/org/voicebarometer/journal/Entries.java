package org.voicebarometer.journal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/** Synthetic journal entries for tests. */
final class Entries {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private Entries() {}

    /** An entry at {@code time} on {@code day} (in {@link #ZONE}) with the given stress score and jitter. */
    static JournalEntry at(LocalDate day, LocalTime time, double stress, double jitter) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Neutral", (1 - stress) * 0.6);
        p.put("Happy", (1 - stress) * 0.3);
        p.put("Sad", (1 - stress) * 0.1);
        p.put("Anxious", stress * 0.4);
        p.put("Stressed", stress * 0.6);
        Map<String, Double> b = new LinkedHashMap<>();
        b.put("jitter_local", jitter);
        b.put("f0_mean_hz", 180.0);
        Instant instant = day.atTime(time).atZone(ZONE).toInstant();
        return JournalEntry.of(instant, JournalEntry.DEFAULT_USER, stress > 0.5 ? "Stressed" : "Neutral",
                0.6, stress, p, b, "seed-test", 11.0);
    }

    static JournalEntry at(LocalDate day, double stress) {
        return at(day, LocalTime.of(9, 0), stress, 0.01);
    }
}
