package org.voicebarometer.ui;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;

import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window under a real (virtual) display, with a fake analysis and fake microphones. */
class MainWindowTest {
    static final ZoneId ZONE = ZoneId.of("Europe/Berlin");
    static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    static final Clock CLOCK = Clock.fixed(TODAY.atTime(18, 30).atZone(ZONE).toInstant(), ZONE);

    @TempDir
    Path dir;
    Journal journal;
    MainWindow window;

    @BeforeAll
    static void lookAndFeel() throws Exception {
        Gui.requireDisplay();
        Gui.onEdt(Theme::install);
    }

    @BeforeEach
    void openJournal() throws Exception {
        journal = Journal.open(dir.resolve("journal.db"));
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) Gui.onEdt(window::dispose);
        journal.close();
    }

    /** A machine with the given microphones; {@code line} is what recording opens. */
    static MicrophoneSource microphones(List<String> devices, TargetDataLine line) {
        return new MicrophoneSource() {
            @Override
            public List<String> devices() {
                return devices;
            }

            @Override
            public TargetDataLine line(Optional<String> device) throws LineUnavailableException {
                if (line == null) throw new LineUnavailableException("no microphone found on this computer");
                return line;
            }
        };
    }

    MainWindow open(Analyzer.Loader models, MicrophoneSource mics, Predicate<String> confirm) throws Exception {
        MainWindow.Services services = new MainWindow.Services(models, mics, Optional.of(journal), null,
                dir.resolve("ui-settings.properties"), CLOCK, JournalEntry.DEFAULT_USER, confirm);
        window = Gui.onEdt(() -> {
            MainWindow w = new MainWindow(services);
            w.setVisible(true);
            return w;
        });
        return window;
    }

    @Test
    void analysesAFileInTheBackgroundThenShowsTheBarometerAndSavesIt() throws Exception {
        FakeAnalyzer analyzer = new FakeAnalyzer(0.62);
        MainWindow w = open(m -> analyzer, microphones(List.of(), null), q -> false);
        Path file = dir.resolve("voice.wav");
        Gui.onEdt(() -> w.analyzeFile(file));

        // While the analysis runs the window answers at once and shows progress.
        Gui.waitFor("analysis started", 5, () -> w.isBusy() && w.progress.isVisible());
        long start = System.nanoTime();
        assertFalse(Gui.onEdt(() -> w.record.isEnabled()), "no second job while one runs");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "the event thread is not blocked by the analysis");
        assertTrue(Double.isNaN(Gui.onEdt(() -> w.result.gauge.score())));

        analyzer.release.countDown();
        Gui.waitFor("analysis done", 10, () -> !w.isBusy());
        assertEquals(file, analyzer.lastFile);
        assertEquals(0.62, Gui.onEdt(() -> w.result.gauge.score()));
        assertEquals(62, (int) Gui.onEdt(() -> w.result.gauge.displayed()));
        assertEquals(analyzer.report.probabilities(), Gui.onEdt(() -> w.result.bars.probabilities()));
        assertFalse(Gui.onEdt(() -> w.progress.isVisible()));
        assertEquals("Analysed voice.wav and saved it to your journal.", Gui.onEdt(() -> w.status.getText()));

        List<JournalEntry> saved = journal.entries("me");
        assertEquals(1, saved.size());
        assertEquals(0.62, saved.getFirst().stressScore());
        assertEquals(CLOCK.instant(), saved.getFirst().time());
        assertNull(saved.getFirst().audioFile(), "a file's audio is never copied into the journal");

        Gui.onEdt(() -> {
            w.result.note.setText("after the dentist");
            w.result.tags.setText("health, morning");
            w.result.saveNote.doClick();
        });
        JournalEntry noted = journal.entries("me").getFirst();
        assertEquals("after the dentist", noted.note());
        assertEquals(List.of("health", "morning"), noted.tags());
    }

    @Test
    void recordsFromTheMicrophoneWithMeterTimerAndStop() throws Exception {
        new AppSettings(Optional.empty(), true, Optional.empty()).save(dir.resolve("ui-settings.properties"));
        FakeLine line = new FakeLine(44_100, 2, false, 220, 330, 0.5, 8);
        FakeAnalyzer analyzer = new FakeAnalyzer(0.2).released();
        MainWindow w = open(m -> analyzer, microphones(List.of("Fake microphone"), line), q -> false);
        assertTrue(Gui.onEdt(() -> w.settings().keepAudio()));

        Gui.onEdt(() -> w.record.doClick());
        assertEquals("PCM_SIGNED 44100.0 Hz, 16 bit, stereo, 4 bytes/frame, little-endian", line.openedWith.toString(),
                "captures at what the device offers");
        Gui.waitFor("the model warmed up while the user speaks", 10, () -> analyzer.warmUps.get() == 1);
        Gui.waitFor("the timer to count two seconds", 10, () -> w.timer.getText().compareTo("0:02") >= 0);
        // Two sines of amplitude 0.5 averaged into mono: RMS 0.25 = −12 dBFS, 80 % of the −60…0 dB meter.
        assertEquals(0.8, Gui.onEdt(() -> w.level.fraction()), 0.03);
        assertTrue(Gui.onEdt(() -> w.stop.isEnabled() && !w.record.isEnabled() && !w.open.isEnabled()));

        Gui.onEdt(() -> w.stop.doClick());
        assertFalse(line.isOpen());
        Gui.waitFor("analysis done", 10, () -> !w.isBusy() && !Double.isNaN(w.result.gauge.score()));
        double seconds = line.getLongFramePosition() / 44_100.0;
        assertEquals(seconds * 16_000, analyzer.lastSamples.length, 16_000 * 0.1, "resampled to 16 kHz");
        assertEquals(20, (int) Gui.onEdt(() -> w.result.gauge.displayed()));

        JournalEntry saved = journal.entries("me").getFirst();
        Path clip = journal.audioDirectory().resolve(saved.audioFile());
        assertEquals(44 + 2L * analyzer.lastSamples.length, Files.size(clip), "kept, as the user asked");
    }

    @Test
    void closingWhileRecordingReleasesTheMicrophoneAndKeepsNothing() throws Exception {
        FakeLine line = new FakeLine(16_000, 1, false, 200, 0, 0.3, 4);
        FakeAnalyzer analyzer = new FakeAnalyzer(0.4).released();
        MainWindow w = open(m -> analyzer, microphones(List.of("Fake microphone"), line), q -> false);
        Gui.onEdt(() -> w.record.doClick());
        Gui.waitFor("recording", 5, () -> w.isRecording() && line.getLongFramePosition() > 0);
        Gui.onEdt(() -> w.dispatchEvent(new java.awt.event.WindowEvent(w, java.awt.event.WindowEvent.WINDOW_CLOSING)));
        assertFalse(line.isOpen());
        assertFalse(Gui.onEdt(w::isRecording));
        assertNull(analyzer.lastSamples);
        assertEquals(List.of(), journal.entries("me"));
    }

    @Test
    void withoutAMicrophoneSaysSoAndOffersFiles() throws Exception {
        MainWindow w = open(m -> new FakeAnalyzer(0.5), microphones(List.of(), null), q -> false);
        assertEquals("No microphone found on this computer: open or drop an audio file to analyse it.",
                Gui.onEdt(() -> w.status.getText()));
        assertEquals("No microphone found on this computer. You can still open or drop an audio file.",
                Gui.onEdt(() -> w.settingsPanel.microphoneNote.getText()));
        Gui.onEdt(() -> w.record.doClick());
        assertEquals("No microphone to record from (no microphone found on this computer). You can open or drop an audio file instead.",
                Gui.onEdt(() -> w.status.getText()));
        assertTrue(Gui.onEdt(() -> w.record.isEnabled() && w.open.isEnabled() && !w.isRecording()));
        Gui.onEdt(() -> w.tabs.setSelectedComponent(w.settingsPanel));
        Gui.screenshot(w.getContentPane(), "settings");
    }

    @Test
    void withoutAModelSaysWhatToDo() throws Exception {
        new AppSettings(Optional.of(Path.of("/nowhere/model")), false, Optional.empty()).save(dir.resolve("ui-settings.properties"));
        Analyzer.Loader missing = checkpoint -> {
            throw new IOException(checkpoint.orElseThrow() + ": no such model directory or file");
        };
        MainWindow w = open(missing, microphones(List.of(), null), q -> false);
        Gui.onEdt(() -> w.analyzeFile(dir.resolve("a.wav")));
        Gui.waitFor("analysis failed", 10, () -> !w.isBusy());
        assertEquals("No model: /nowhere/model: no such model directory or file. Choose another folder or the built-in model in Settings.",
                Gui.onEdt(() -> w.status.getText()));
        assertTrue(Double.isNaN(Gui.onEdt(() -> w.result.gauge.score())));
        assertEquals(List.of(), journal.entries("me"));
    }

    /** Four ordinary weeks around 30, then a heavy last five days. */
    void fillJournal() throws Exception {
        double[] usual = {0.28, 0.31, 0.33, 0.27, 0.30, 0.35, 0.29};
        for (int d = 29; d >= 5; d--) {
            if (d % 6 == 3) continue; // a day without recording now and then
            add(TODAY.minusDays(d), LocalTime.of(8, 40), usual[d % usual.length]);
        }
        double[] recent = {0.36, 0.47, 0.41, 0.55, 0.58};
        for (int i = 0; i < recent.length; i++) add(TODAY.minusDays(4 - i), LocalTime.of(8, 40), recent[i]);
        journal.annotate(journal.entries("me").getLast().id(), "deadline week", List.of("work"));
    }

    void add(LocalDate day, LocalTime time, double stress) throws Exception {
        Map<String, Double> p = new java.util.LinkedHashMap<>();
        p.put("Neutral", 0.6 * (1 - stress));
        p.put("Happy", 0.25 * (1 - stress));
        p.put("Sad", 0.15 * (1 - stress));
        p.put("Anxious", 0.45 * stress);
        p.put("Stressed", 0.55 * stress);
        Instant t = day.atTime(time).atZone(ZONE).toInstant();
        journal.add(JournalEntry.of(t, "me", stress > 0.5 ? "Stressed" : "Neutral", 0.6, stress, p,
                Map.of("jitter_local", 0.01 + stress / 100), "builtin", 12.0));
    }

    @Test
    void journalViewShowsTrendBaselineAndTheBreakAndDeletesAllOnlyWhenConfirmed() throws Exception {
        fillJournal();
        boolean[] answer = {false};
        MainWindow w = open(m -> new FakeAnalyzer(0.5), microphones(List.of(), null), q -> answer[0]);
        Gui.onEdt(() -> w.tabs.setSelectedComponent(w.journalPanel));
        JournalPanel j = w.journalPanel;
        assertTrue(Gui.onEdt(() -> j.banner.isVisible()), "the break rule fires on this history");
        String banner = Gui.onEdt(() -> j.banner.getText());
        assertTrue(banner.contains("your stress rose by 4.7 points a day over the last 7 days (p = 0.001)"), banner);
        assertTrue(banner.contains("on 5 of the last 5 days your stress was above your usual range (31 ± 3)"), banner);
        assertEquals(7, (int) Gui.onEdt(() -> j.chart.days()));
        assertEquals(7, (int) Gui.onEdt(() -> j.summary().trend().orElseThrow().days()));
        Gui.screenshot(w.getContentPane(), "journal-week");

        Gui.onEdt(() -> j.month.doClick());
        assertEquals(30, (int) Gui.onEdt(() -> j.chart.days()));
        Gui.screenshot(w.getContentPane(), "journal");

        Path csv = dir.resolve("export.csv");
        Gui.onEdt(() -> j.exportTo(csv));
        assertEquals(1 + journal.entries("me").size(), Files.readAllLines(csv).size());

        Gui.onEdt(() -> j.deleteAll.doClick());
        assertEquals(26, journal.entries("me").size(), "not confirmed: nothing deleted");
        answer[0] = true;
        Gui.onEdt(() -> j.deleteAll.doClick());
        assertEquals(List.of(), journal.entries("me"));
        assertFalse(Gui.onEdt(() -> j.banner.isVisible()));
        assertEquals("deleted 26 entries and 0 recordings", Gui.onEdt(() -> j.status.getText()));
    }
}
