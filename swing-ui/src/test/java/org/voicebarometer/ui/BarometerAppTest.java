package org.voicebarometer.ui;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window with the real engine: jfk.wav through the built-in model, read back from the gauge. */
class BarometerAppTest {
    @TempDir
    Path dir;

    @Test
    void theGaugeShowsTheScoreTheEngineComputesForJfk() throws Exception {
        Gui.requireDisplay();
        Gui.onEdt(Theme::install);
        Path jfk = Path.of(System.getProperty("barometer.root")).resolve("testdata/audio/jfk.wav");
        // The real analyzer, remembering what it answered (one analysis: the engine is slow on a busy machine).
        java.util.concurrent.atomic.AtomicReference<StressReport> answered = new java.util.concurrent.atomic.AtomicReference<>();
        Analyzer.Loader real = checkpoint -> {
            Analyzer engine = BarometerAnalyzer.load(checkpoint);
            return new Analyzer() {
                @Override
                public StressReport analyze(Path file, org.voicebarometer.engine.analysis.ProgressListener p) throws java.io.IOException {
                    answered.set(engine.analyze(file, p));
                    return answered.get();
                }

                @Override
                public StressReport analyze(float[] samples16k, org.voicebarometer.engine.analysis.ProgressListener p) throws java.io.IOException {
                    throw new AssertionError("no recording in this test");
                }
            };
        };

        try (Journal journal = Journal.open(dir.resolve("journal.db"))) {
            MainWindow.Services services = new MainWindow.Services(real,
                    MainWindowTest.microphones(List.of(), null), Optional.of(journal), null,
                    dir.resolve("ui-settings.properties"), MainWindowTest.CLOCK, JournalEntry.DEFAULT_USER, q -> false);
            MainWindow w = Gui.onEdt(() -> {
                MainWindow window = new MainWindow(services);
                window.setVisible(true);
                return window;
            });
            try {
                Gui.onEdt(() -> w.analyzeFile(jfk));
                Gui.waitFor("the analysis of jfk.wav", 120, () -> !w.isBusy());
                assertEquals("Analysed jfk.wav and saved it to your journal.", Gui.onEdt(() -> w.status.getText()));
                StressReport expected = answered.get();
                assertEquals("jfk.wav", expected.file());
                assertEquals(StressBarometer.builtIn().model().description(), expected.model(), "the built-in model");
                assertEquals(expected.stressScore(), Gui.onEdt(() -> w.result.gauge.score()));
                assertEquals((int) Math.round(expected.stressScore() * 100), (int) Gui.onEdt(() -> w.result.gauge.displayed()));
                assertEquals(expected.probabilities(), Gui.onEdt(() -> w.result.bars.probabilities()));
                assertTrue(expected.durationS() > 10 && expected.durationS() < 12, "jfk.wav is 11 s");
                JournalEntry saved = journal.entries("me").getFirst();
                assertEquals(expected.stressScore(), saved.stressScore());
                assertEquals(expected.emotion(), saved.emotion());
                Gui.screenshot(w.getContentPane(), "main-window");
            } finally {
                Gui.onEdt(w::dispose);
            }
        }
    }
}
