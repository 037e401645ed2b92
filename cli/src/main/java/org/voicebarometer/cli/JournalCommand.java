package org.voicebarometer.cli;

import org.voicebarometer.journal.CsvExport;
import org.voicebarometer.journal.DailyMean;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;
import org.voicebarometer.journal.JournalLocation;
import org.voicebarometer.journal.JournalSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./barometer journal list|trend|export|delete-all}: the voice journal from the terminal. */
@Command(name = "journal", mixinStandardHelpOptions = true,
        description = "Your voice journal: past analyses, baseline and weekly trend (scores only; audio only if you chose to keep it).",
        subcommands = {
                JournalCommand.ListEntries.class,
                JournalCommand.Trend.class,
                JournalCommand.Export.class,
                JournalCommand.DeleteAll.class,
        })
public final class JournalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Which journal and whose entries; shared by every journal subcommand. */
    static final class Where {
        @Option(names = "--db", paramLabel = "FILE",
                description = "Journal database (default: $BAROMETER_HOME/journal.db, else ~/.local/share/voice-barometer/journal.db).")
        Path db;

        @Option(names = "--user", paramLabel = "ID", defaultValue = JournalEntry.DEFAULT_USER,
                description = "Whose journal (default: ${DEFAULT-VALUE}).")
        String user;

        Journal open() throws IOException {
            return Journal.open(db != null ? db : JournalLocation.defaultFile());
        }
    }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The entries of the last days, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Mixin Where where;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--days", paramLabel = "N", defaultValue = "30", description = "How many days back (default: ${DEFAULT-VALUE}).")
        int days;

        @Override
        public Integer call() throws IOException {
            if (days < 1) throw new Cli.UserError("--days must be at least 1");
            ZoneId zone = ZoneId.systemDefault();
            Instant from = LocalDate.now(zone).minusDays(days - 1L).atStartOfDay(zone).toInstant();
            List<JournalEntry> entries;
            try (Journal journal = where.open()) {
                entries = journal.entries(where.user, from, Instant.now().plusSeconds(86_400));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (entries.isEmpty()) {
                out.println("No entries in the last " + days + " days.");
                return 0;
            }
            out.printf(Locale.ROOT, "%-16s  %-9s  %5s  %6s  %6s  %s%n", "when", "emotion", "conf", "stress", "secs", "note / tags");
            // Stress in points (score × 100), as the app shows it; export --csv keeps the raw score.
            for (JournalEntry e : entries) {
                String extra = (e.note() == null ? "" : e.note().replaceAll("\\s+", " "))
                        + (e.tags().isEmpty() ? "" : " #" + String.join(" #", e.tags()));
                out.printf(Locale.ROOT, "%-16s  %-9s  %4.0f%%  %6.0f  %6.1f  %s%n", WHEN.format(e.time().atZone(zone)),
                        e.emotion(), 100 * e.confidence(), 100 * e.stressScore(), e.durationSeconds(), extra.strip());
            }
            return 0;
        }
    }

    @Command(name = "trend", mixinStandardHelpOptions = true, description = "Baseline, today against it, the 7-day trend and whether to take a break.")
    static final class Trend implements Callable<Integer> {
        @Mixin Where where;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            ZoneId zone = ZoneId.systemDefault();
            LocalDate today = LocalDate.now(zone);
            Instant from = JournalSummary.firstDayNeeded(today).atStartOfDay(zone).toInstant();
            JournalSummary s;
            try (Journal journal = where.open()) {
                s = JournalSummary.of(journal.entries(where.user, from, Instant.now().plusSeconds(86_400)), today, zone);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.println(s.stressBaseline()
                    .map(b -> String.format(Locale.ROOT, "baseline   stress %.0f (usual range %.0f–%.0f, %d recordings in the last %d days)",
                            100 * b.median(), 100 * b.lower(), 100 * b.upper(), b.samples(), JournalSummary.BASELINE_DAYS))
                    .orElse("baseline   not yet: needs 5 recordings in the " + JournalSummary.BASELINE_DAYS + " days before today"));
            if (s.todayStress().isPresent()) {
                String z = s.todayStressZ().isPresent() ? String.format(Locale.ROOT, " (z = %+.1f)", s.todayStressZ().getAsDouble()) : "";
                out.printf(Locale.ROOT, "today      stress %.0f%s%n", 100 * s.todayStress().getAsDouble(), z);
                s.biomarkerZ().forEach((name, z2) -> out.printf(Locale.ROOT, "           %-24s z = %+.1f%n", name, z2));
            } else {
                out.println("today      no recording yet");
            }
            out.println(s.trend()
                    .map(t -> String.format(Locale.ROOT, "week       %+.1f points a day over %d days with recordings (p = %.3f)",
                            100 * t.slopePerDay(), t.days(), t.pValue()))
                    .orElse("week       no trend yet: needs recordings on 3 of the last 7 days"));
            for (DailyMean d : s.daily()) {
                if (d.day().isBefore(today.minusDays(6))) continue;
                out.printf(Locale.ROOT, "  %s  %3.0f  %s%n", d.day(), 100 * d.stress(), "#".repeat((int) Math.round(Math.max(0, Math.min(1, d.stress())) * 40)));
            }
            if (s.advice().takeABreak()) {
                out.println("TAKE A BREAK: " + String.join("; ", s.advice().reasons()) + ".");
            } else {
                out.println("no break suggested");
            }
            return 0;
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write every entry as CSV (to stdout, or --output FILE).")
    static final class Export implements Callable<Integer> {
        @Mixin Where where;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--csv", required = true, description = "CSV, one row per entry (the only format).")
        boolean csv;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of stdout.")
        Path output;

        @Override
        public Integer call() throws IOException {
            List<JournalEntry> entries;
            try (Journal journal = where.open()) {
                entries = journal.entries(where.user);
            }
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                CsvExport.write(entries, out);
                out.flush();
            } else {
                try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                    CsvExport.write(entries, w);
                }
                spec.commandLine().getErr().println("wrote " + entries.size() + " entries to " + output);
            }
            return 0;
        }
    }

    @Command(name = "delete-all", mixinStandardHelpOptions = true, description = "Delete every entry and every kept recording of every user, for good.")
    static final class DeleteAll implements Callable<Integer> {
        @Mixin Where where;
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Option(names = "--yes", description = "Do not ask; needed when not run from a terminal.")
        boolean yes;

        @Override
        public Integer call() throws IOException {
            if (!yes) {
                java.io.Console console = System.console();
                if (console == null) throw new Cli.UserError("delete-all needs --yes when not run from a terminal");
                String answer = console.readLine("Delete all journal entries and kept recordings? Type 'delete' to confirm: ");
                if (!"delete".equals(answer == null ? null : answer.strip())) {
                    spec.commandLine().getOut().println("Nothing deleted.");
                    return 0;
                }
            }
            Journal.Deletion d;
            try (Journal journal = where.open()) {
                d = journal.deleteAll();
            }
            spec.commandLine().getOut().printf(Locale.ROOT, "Deleted %d entries and %d kept recordings.%n", d.entries(), d.audioFiles());
            return 0;
        }
    }
}
