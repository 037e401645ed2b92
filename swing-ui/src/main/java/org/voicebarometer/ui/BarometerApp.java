package org.voicebarometer.ui;

import org.voicebarometer.journal.Journal;

import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** The desktop app: {@code ./barometer ui}. */
public final class BarometerApp {
    private BarometerApp() {}

    /**
     * Opens the window on the journal at {@code db} for {@code userId} and returns when it is closed.
     * A journal that cannot be opened is reported in the window; analysing still works.
     */
    public static void run(Path db, String userId) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Journal opened = null;
        String problem = null;
        try {
            opened = Journal.open(db);
        } catch (IOException e) {
            problem = "No journal: " + e.getMessage();
        }
        Optional<Journal> journal = Optional.ofNullable(opened);
        String journalProblem = problem;
        try {
            SwingUtilities.invokeAndWait(() -> {
                Theme.install();
                MainWindow window = new MainWindow(new MainWindow.Services(BarometerAnalyzer::load, new Microphones(),
                        journal, journalProblem, db.resolveSibling("ui-settings.properties"), Clock.systemDefaultZone(),
                        userId, BarometerApp::confirm));
                window.addWindowListener(new WindowAdapter() {
                    @Override
                    public void windowClosed(WindowEvent e) {
                        closed.countDown();
                    }
                });
                window.setVisible(true);
            });
            closed.await();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("the window could not be built", e.getCause());
        } finally {
            if (opened != null) {
                try {
                    opened.close();
                } catch (IOException ignored) {
                    // Closing after the window is gone; every write was already committed.
                }
            }
        }
    }

    private static boolean confirm(String question) {
        return JOptionPane.showConfirmDialog(null, question, "Delete all my data", JOptionPane.YES_NO_OPTION,
                JOptionPane.WARNING_MESSAGE) == JOptionPane.YES_OPTION;
    }
}
