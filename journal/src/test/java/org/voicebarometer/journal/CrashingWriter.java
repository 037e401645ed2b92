package org.voicebarometer.journal;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.LocalDate;

/**
 * Run in a child JVM by {@link JournalCrashTest}: commits {@value #COMMITTED} entries, then opens a
 * transaction, writes many more with a one-page cache (so uncommitted pages reach the WAL file),
 * announces it and waits to be killed.
 */
public final class CrashingWriter {
    static final int COMMITTED = 3;
    static final String MID_TRANSACTION = "mid-transaction";

    public static void main(String[] args) throws Exception {
        Journal journal = Journal.open(Path.of(args[0]));
        LocalDate day = LocalDate.of(2026, 11, 1);
        for (int i = 0; i < COMMITTED; i++) journal.add(Entries.at(day.plusDays(i), 0.1 * i));
        journal.transaction(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA cache_size = 1");
            }
            for (int i = 0; i < 2_000; i++) Journal.insert(c, Entries.at(day.plusDays(10), 0.9), null);
            System.out.println(MID_TRANSACTION);
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
    }
}
