package org.voicebarometer.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer process killed (SIGKILL) in the middle of a transaction loses that transaction and nothing else. */
class JournalCrashTest {
    @TempDir
    Path dir;

    @Test
    void killingAWriterMidTransactionKeepsEveryCommittedEntryAndNoPartialOne() throws Exception {
        Path db = dir.resolve("journal.db");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
                CrashingWriter.class.getName(), db.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals(CrashingWriter.MID_TRANSACTION, out.readLine(), "the writer never reached its transaction");
            assertTrue(Files.size(db.resolveSibling("journal.db-wal")) > 100_000,
                    "uncommitted pages should already be in the WAL when the writer dies");
        } finally {
            writer.destroyForcibly();
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(137, writer.exitValue(), "killed by SIGKILL");

        try (Journal journal = Journal.open(db)) {
            List<JournalEntry> entries = journal.entries(JournalEntry.DEFAULT_USER);
            assertEquals(List.of(0.0, 0.1, 0.2), entries.stream().map(JournalEntry::stressScore).toList());
            assertTrue(entries.stream().allMatch(e -> e.probabilities().size() == 5 && e.biomarkers().size() == 2));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                assertEquals("ok", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM entry_probability")) {
                assertEquals(3 * 5, rs.getInt(1), "no orphan child rows from the lost transaction");
            }
        }
    }
}
