package org.voicebarometer.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.voicebarometer.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalCommandTest {
    @TempDir
    Path dir;



    private Path journalWithAWeek() throws Exception {
        Path db = dir.resolve("journal.db");
        try (Journal journal = Journal.open(db)) {
            // Noon, so the week never straddles midnight whenever the test runs.
            LocalDate today = LocalDate.now();
            for (int d = 6; d >= 0; d--) {
                Map<String, Double> p = new LinkedHashMap<>();
                double stress = 0.2 + 0.05 * (6 - d);
                p.put("Neutral", 1 - stress);
                p.put("Stressed", stress);
                journal.add(JournalEntry.of(today.minusDays(d).atTime(LocalTime.NOON).atZone(ZoneId.systemDefault()).toInstant(), "me", "Neutral", 1 - stress,
                        stress, p, Map.of("jitter_local", 0.01), "seed", 5.0)
                        .withNote(d == 0 ? "after the meeting" : null, d == 0 ? List.of("work") : List.of()));
            }
        }
        return db;
    }

    @Test
    void listsTheEntries() throws Exception {
        Path db = journalWithAWeek();
        CliRun r = run("journal", "list", "--db", db.toString(), "--days", "30");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(8, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("when"), r.out());
        assertTrue(lines.get(7).contains("   50  ") && lines.get(7).endsWith("after the meeting #work"), lines.get(7));
        assertEquals("No entries in the last 30 days.", run("journal", "list", "--db", db.toString(), "--user", "bob").out().strip());
    }

    @Test
    void trendShowsTheRisingWeekAndSuggestsABreak() throws Exception {
        Path db = journalWithAWeek();
        CliRun r = run("journal", "trend", "--db", db.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("week       +5.0 points a day over 7 days with recordings (p = 0.000)"), r.out());
        assertTrue(r.out().contains("today      stress 50"), r.out());
        assertTrue(r.out().contains("TAKE A BREAK: your stress rose by 5.0 points a day"), r.out());
    }

    @Test
    void exportsCsvToAFile() throws Exception {
        Path db = journalWithAWeek();
        Path csv = dir.resolve("out.csv");
        CliRun r = run("journal", "export", "--csv", "--db", db.toString(), "-o", csv.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(8, lines.size());
        assertTrue(lines.get(0).startsWith("id,time,user,emotion,confidence,stress_score,p_neutral,p_stressed,jitter_local,"));
        assertEquals(2, run("journal", "export", "--db", db.toString()).exit(), "a format is required");
    }

    @Test
    void deleteAllNeedsConfirmationAndDeletes() throws Exception {
        Path db = journalWithAWeek();
        CliRun refused = run("journal", "delete-all", "--db", db.toString());
        assertEquals(2, refused.exit());
        assertEquals("barometer: delete-all needs --yes when not run from a terminal", refused.err().strip());
        CliRun r = run("journal", "delete-all", "--yes", "--db", db.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("Deleted 7 entries and 0 kept recordings.", r.out().strip());
        try (Journal journal = Journal.open(db)) {
            assertEquals(List.of(), journal.entries("me"));
        }
    }

    @Test
    void anUnusableDatabaseIsOneLine() throws Exception {
        Path notADb = dir.resolve("notes.txt");
        Files.writeString(notADb, "this is not a database, just some text that is long enough to have a header\n".repeat(20));
        CliRun r = run("journal", "list", "--db", notADb.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("barometer: cannot open the journal " + notADb), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
