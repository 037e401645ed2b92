package org.voicebarometer.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.analysis.ModelDescription;
import org.voicebarometer.engine.analysis.StressReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {
    @TempDir
    Path dir;

    @Test
    void storesAndReadsBackEveryField() throws Exception {
        Map<String, Double> biomarkers = new LinkedHashMap<>();
        biomarkers.put("jitter_local", 0.0123);
        biomarkers.put("f0_mean_hz", Double.NaN); // no voiced frame: NaN survives as SQL NULL
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Stressed", 0.5);
        p.put("Neutral", 0.2);
        p.put("Happy", 0.1);
        p.put("Sad", 0.1);
        p.put("Anxious", 0.1);
        JournalEntry entry = JournalEntry.of(Instant.parse("2026-11-20T08:15:30.123Z"), "alice", "Stressed", 0.5, 0.6,
                p, biomarkers, "seed", 12.5).withNote("before the exam, \"tired\"", List.of("exam", "morning"));
        try (Journal journal = Journal.open(dir.resolve("j.db"))) {
            JournalEntry stored = journal.add(entry);
            assertTrue(stored.id() > 0);
            journal.add(Entries.at(LocalDate.of(2026, 11, 20), 0.2)); // another user ("me")
            List<JournalEntry> back = journal.entries("alice");
            assertEquals(1, back.size());
            JournalEntry e = back.getFirst();
            assertEquals(stored.id(), e.id());
            assertEquals(entry.time(), e.time());
            assertEquals("alice", e.userId());
            assertEquals("Stressed", e.emotion());
            assertEquals(0.5, e.confidence());
            assertEquals(0.6, e.stressScore());
            assertEquals(List.of("Stressed", "Neutral", "Happy", "Sad", "Anxious"), List.copyOf(e.probabilities().keySet()));
            assertEquals(p, e.probabilities());
            assertEquals(0.0123, e.biomarkers().get("jitter_local"));
            assertTrue(Double.isNaN(e.biomarkers().get("f0_mean_hz")));
            assertEquals("seed", e.model());
            assertEquals(12.5, e.durationSeconds());
            assertEquals("before the exam, \"tired\"", e.note());
            assertEquals(List.of("exam", "morning"), e.tags());
            assertNull(e.audioFile());
        }
    }

    @Test
    void mapsAStressReportAndTakesANoteAfterwards() throws Exception {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Neutral", 0.1);
        p.put("Happy", 0.1);
        p.put("Sad", 0.1);
        p.put("Anxious", 0.3);
        p.put("Stressed", 0.4);
        StressReport report = new StressReport("a.wav", "Stressed", 0.4, 0.7, p,
                new ModelDescription("builtin-functionals", ModelDescription.BUILTIN, ModelDescription.PROBABILITIES,
                        List.of("Neutral", "Happy", "Sad", "Anxious", "Stressed")),
                p, Map.of("hnr_db", 12.0), List.of(), 9.5, 8.0, List.of());
        Instant when = Instant.parse("2026-11-22T18:00:00Z");
        try (Journal journal = Journal.open(dir.resolve("j.db"))) {
            JournalEntry stored = journal.add(JournalEntry.of(report, when, "me"));
            journal.annotate(stored.id(), "long day", List.of("work", "evening"));
            JournalEntry e = journal.entries("me").getFirst();
            assertEquals(when, e.time());
            assertEquals("Stressed", e.emotion());
            assertEquals(0.4, e.confidence());
            assertEquals(0.7, e.stressScore());
            assertEquals(List.copyOf(p.keySet()), List.copyOf(e.probabilities().keySet()));
            assertEquals(Map.of("hnr_db", 12.0), e.biomarkers());
            assertEquals("builtin-functionals", e.model());
            assertEquals(9.5, e.durationSeconds());
            assertEquals("long day", e.note());
            assertEquals(List.of("evening", "work"), e.tags());
            journal.annotate(stored.id(), " ", List.of());
            assertNull(journal.entries("me").getFirst().note());
            assertEquals(List.of(), journal.entries("me").getFirst().tags());
            assertThrows(JournalException.class, () -> journal.annotate(stored.id() + 1, "x", List.of()));
        }
    }

    @Test
    void entriesInRangeAreHalfOpenAndOldestFirst() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.db"))) {
            LocalDate d = LocalDate.of(2026, 11, 1);
            journal.add(Entries.at(d.plusDays(2), 0.3));
            journal.add(Entries.at(d, 0.1));
            journal.add(Entries.at(d.plusDays(1), 0.2));
            Instant from = d.atStartOfDay(Entries.ZONE).toInstant();
            Instant to = d.plusDays(2).atTime(LocalTime.of(9, 0)).atZone(Entries.ZONE).toInstant();
            List<JournalEntry> got = journal.entries(JournalEntry.DEFAULT_USER, from, to);
            assertEquals(List.of(0.1, 0.2), got.stream().map(JournalEntry::stressScore).toList());
        }
    }

    @Test
    void migratesAJournalWrittenWithSchemaOne() throws Exception {
        Path db = dir.resolve("old.db");
        try (Journal old = Journal.open(db, 1)) {
            assertEquals(1, old.schemaVersion());
        }
        // What a version-1 barometer wrote: no note, tags or audio columns yet.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO entry (id, recorded_at_ms, user_id, emotion, confidence, stress_score, model, duration_s)"
                    + " VALUES (7, 1763600000000, 'me', 'Happy', 0.7, 0.12, 'seed', 4.0)");
            s.executeUpdate("INSERT INTO entry_probability VALUES (7, 0, 'Neutral', 0.2), (7, 1, 'Happy', 0.7)");
            s.executeUpdate("INSERT INTO entry_biomarker VALUES (7, 'hnr_db', 18.5)");
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT note FROM entry"));
        }
        try (Journal journal = Journal.open(db)) {
            assertEquals(Migrations.LATEST, journal.schemaVersion());
            JournalEntry e = journal.entries("me").getFirst();
            assertEquals(7, e.id());
            assertEquals(Instant.ofEpochMilli(1763600000000L), e.time());
            assertEquals(Map.of("Neutral", 0.2, "Happy", 0.7), e.probabilities());
            assertEquals(Map.of("hnr_db", 18.5), e.biomarkers());
            assertNull(e.note());
            assertEquals(List.of(), e.tags());
            JournalEntry tagged = journal.add(Entries.at(LocalDate.of(2026, 11, 21), 0.4).withNote("new", List.of("t")));
            assertEquals(List.of("t"), journal.entries("me").getLast().tags());
            assertEquals(tagged.id(), journal.entries("me").getLast().id());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            assertTrue(rs.next());
            assertEquals(1, rs.getInt(1));
            assertTrue(rs.next());
            assertEquals(2, rs.getInt(1));
            assertFalse(rs.next());
        }
    }

    @Test
    void refusesAJournalFromANewerBarometer() throws Exception {
        Path db = dir.resolve("new.db");
        Journal.open(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version VALUES (99, '2030-01-01T00:00:00Z')");
        }
        JournalException e = assertThrows(JournalException.class, () -> Journal.open(db));
        assertTrue(e.getMessage().contains("newer barometer (schema version 99"), e.getMessage());
    }

    @Test
    void aFailedMigrationLeavesTheOldSchema() throws Exception {
        Path db = dir.resolve("half.db");
        Journal.open(db, 1).close();
        // A table the next script is about to create makes it fail halfway (after its ALTER TABLEs).
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE entry_tag (x INTEGER)");
        }
        assertThrows(JournalException.class, () -> Journal.open(db));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                assertEquals(1, rs.getInt(1));
            }
            assertThrows(SQLException.class, () -> s.executeQuery("SELECT note FROM entry"), "ALTER TABLE rolled back");
        }
    }

    @Test
    void aWriteThatFailsHalfwayStoresNothing() throws Exception {
        try (Journal journal = Journal.open(dir.resolve("j.db"))) {
            JournalEntry e = Entries.at(LocalDate.of(2026, 11, 2), 0.3);
            assertThrows(JournalException.class, () -> journal.transaction(c -> {
                Journal.insert(c, e, null);
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO no_such_table VALUES (1)");
                }
                return null;
            }));
            assertEquals(List.of(), journal.entries(JournalEntry.DEFAULT_USER));
        }
    }

    @Test
    void keepsAudioOnlyWhenAskedAndDeleteAllRemovesRowsAndFiles() throws Exception {
        Path db = dir.resolve("journal.db");
        String secret = "zebra-quartz-7781";
        float[] voice = new float[16_000];
        for (int i = 0; i < voice.length; i++) voice[i] = (float) (0.5 * Math.sin(2 * Math.PI * 220 * i / 16_000.0));
        try (Journal journal = Journal.open(db)) {
            JournalEntry plain = journal.add(Entries.at(LocalDate.of(2026, 11, 3), 0.3).withNote(secret, List.of(secret)));
            assertNull(plain.audioFile());
            assertFalse(Files.exists(journal.audioDirectory()), "no audio folder unless a recording is kept");
            JournalEntry kept = journal.add(Entries.at(LocalDate.of(2026, 11, 4), 0.4), voice);
            Path clip = journal.audioDirectory().resolve(kept.audioFile());
            assertEquals(db.resolveSibling("journal-audio"), journal.audioDirectory());
            assertEquals(44 + 2 * voice.length, Files.size(clip), "16-bit mono WAV");
            assertEquals(kept.audioFile(), journal.entries("me").getLast().audioFile());
            assertTrue(contains(db, secret) || contains(db.resolveSibling("journal.db-wal"), secret));

            Journal.Deletion deleted = journal.deleteAll();
            assertEquals(new Journal.Deletion(2, 1), deleted);
            assertEquals(List.of(), journal.entries("me"));
            assertFalse(Files.exists(clip));
            assertFalse(Files.exists(journal.audioDirectory()));
            for (Path f : List.of(db, db.resolveSibling("journal.db-wal"), db.resolveSibling("journal.db-shm"))) {
                assertFalse(contains(f, secret), "deleted text still readable in " + f.getFileName());
            }
            journal.add(Entries.at(LocalDate.of(2026, 11, 5), 0.5)); // still usable afterwards
            assertEquals(1, journal.entries("me").size());
        }
    }

    private static boolean contains(Path file, String text) throws Exception {
        if (!Files.exists(file)) return false;
        byte[] bytes = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) if (bytes[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    @Test
    void unusableLocationIsOneClearError() throws Exception {
        Path notADir = dir.resolve("file");
        Files.writeString(notADir, "x");
        JournalException e = assertThrows(JournalException.class, () -> Journal.open(notADir.resolve("j.db")));
        assertTrue(e.getMessage().startsWith("cannot create the journal folder"), e.getMessage());
        assertArrayEquals(new byte[] {'x'}, Files.readAllBytes(notADir));
    }
}
