package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;

import javax.sound.sampled.LineUnavailableException;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JProgressBar;
import javax.swing.JScrollPane;
import javax.swing.JTabbedPane;
import javax.swing.SwingUtilities;
import javax.swing.SwingWorker;
import javax.swing.Timer;
import javax.swing.TransferHandler;
import javax.swing.filechooser.FileNameExtensionFilter;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.datatransfer.DataFlavor;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * The app's window: the barometer tab (record or open a voice log, then the result), the journal tab
 * and the settings tab. Analysis runs on a {@link SwingWorker}; the window never waits for it.
 */
final class MainWindow extends JFrame {

    /** What the window works with; the app passes the real ones, tests pass fakes. */
    record Services(Analyzer.Loader models, MicrophoneSource microphones, Optional<Journal> journal,
                    String journalProblem, Path settingsFile, Clock clock, String userId, Predicate<String> confirm) {}

    private record Outcome(StressReport report, Optional<JournalEntry> saved, String saveProblem) {}

    private final Services services;
    private AppSettings settings;
    private Analyzer analyzer;
    private Optional<Path> analyzerModel;

    final JTabbedPane tabs = new JTabbedPane();
    final JButton record = new JButton("● Record");
    final JButton stop = new JButton("■ Stop");
    final JButton open = new JButton("Open file…");
    final JLabel timer = new JLabel("0:00");
    final LevelMeter level = new LevelMeter();
    final WaveformView waveform = new WaveformView();
    final JProgressBar progress = new JProgressBar(0, 100);
    final JLabel status = new JLabel(" ");
    final ResultPanel result = new ResultPanel();
    final JournalPanel journalPanel;
    final SettingsPanel settingsPanel;
    private Recorder recorder;
    private final Timer ticker = new Timer(100, e -> tick());
    private volatile boolean busy;

    MainWindow(Services services) {
        super("Voice Barometer");
        this.services = services;
        this.settings = AppSettings.load(services.settingsFile());
        setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
        setName("mainWindow");

        journalPanel = new JournalPanel(services.journal(), services.journalProblem(), services.clock(),
                services.userId(), services.confirm());
        Path audioFolder = services.journal().map(Journal::audioDirectory)
                .orElse(services.settingsFile().resolveSibling("journal-audio"));
        settingsPanel = new SettingsPanel(settings, services.microphones().devices(), audioFolder, this::applySettings);

        tabs.setName("tabs");
        tabs.addTab("Barometer", barometerTab());
        tabs.addTab("Journal", journalPanel);
        tabs.addTab("Settings", settingsPanel);
        tabs.addChangeListener(e -> {
            if (tabs.getSelectedComponent() == journalPanel) journalPanel.refresh();
        });
        setContentPane(tabs);
        getRootPane().setTransferHandler(new FileDrop());
        addWindowListener(new java.awt.event.WindowAdapter() {
            @Override
            public void windowClosing(java.awt.event.WindowEvent e) {
                discardRecording();
            }
        });
        setPreferredSize(new Dimension(1040, 860));
        pack();
        setLocationRelativeTo(null);
        journalPanel.refresh();
        if (services.microphones().devices().isEmpty()) {
            info("No microphone found on this computer: open or drop an audio file to analyse it.");
        }
    }

    private JComponent barometerTab() {
        record.setName("record");
        stop.setName("stop");
        open.setName("open");
        timer.setName("timer");
        progress.setName("progress");
        status.setName("status");
        stop.setEnabled(false);
        record.addActionListener(e -> startRecording());
        stop.addActionListener(e -> stopRecording());
        open.addActionListener(e -> chooseFile());
        record.putClientProperty("JButton.buttonType", "roundRect");
        timer.setFont(timer.getFont().deriveFont(Font.BOLD, 18f));
        timer.setPreferredSize(new Dimension(64, 28));
        level.setPreferredSize(new Dimension(260, 12));

        JPanel controls = new JPanel(new FlowLayout(FlowLayout.LEFT, 10, 0));
        controls.add(record);
        controls.add(stop);
        controls.add(timer);
        controls.add(level);
        controls.add(new JLabel("   or"));
        controls.add(open);
        JLabel drop = new JLabel("(or drop a file on the window)");
        drop.setForeground(Palette.MUTED);
        controls.add(drop);

        progress.setVisible(false);
        progress.setStringPainted(true);
        JPanel statusRow = new JPanel(new BorderLayout(10, 0));
        statusRow.add(status, BorderLayout.CENTER);
        statusRow.add(progress, BorderLayout.EAST);

        JPanel recorderCard = new JPanel(new BorderLayout(0, 8));
        recorderCard.add(controls, BorderLayout.NORTH);
        recorderCard.add(waveform, BorderLayout.CENTER);
        recorderCard.add(statusRow, BorderLayout.SOUTH);
        recorderCard.setBorder(BorderFactory.createEmptyBorder(14, 16, 6, 16));

        JScrollPane resultScroll = new JScrollPane(result);
        resultScroll.setBorder(BorderFactory.createEmptyBorder(4, 16, 10, 16));
        resultScroll.getVerticalScrollBar().setUnitIncrement(16);

        JPanel tab = new JPanel(new BorderLayout());
        tab.add(recorderCard, BorderLayout.NORTH);
        tab.add(resultScroll, BorderLayout.CENTER);
        return tab;
    }

    // ---- recording

    void startRecording() {
        if (busy || recorder != null) return;
        try {
            recorder = Recorder.start(services.microphones().line(settings.microphone()), (mono, n, rms) -> {
                float[] copy = Arrays.copyOf(mono, n);
                SwingUtilities.invokeLater(() -> {
                    level.setRms(rms);
                    waveform.append(copy, n);
                });
            });
        } catch (LineUnavailableException | SecurityException | IllegalArgumentException e) {
            error("No microphone to record from (" + messageOf(e, "it could not be opened")
                    + "). You can open or drop an audio file instead.");
            return;
        }
        waveform.clear();
        waveform.setSampleRate(recorder.sampleRate());
        record.setEnabled(false);
        open.setEnabled(false);
        stop.setEnabled(true);
        info(String.format(Locale.ROOT, "Recording at %.0f Hz… speak for 10 seconds or more, then press Stop.", recorder.sampleRate()));
        ticker.start();
        prepareWhileRecording(settings);
    }

    /**
     * Loads the chosen model and warms it up while the user speaks, so that the analysis after Stop does not
     * wait for either (a checkpoint's first run in a fresh JVM is several times slower than the next). A
     * model that cannot be loaded is reported by the analysis itself, as before.
     */
    private void prepareWhileRecording(AppSettings chosen) {
        Thread.ofPlatform().daemon().name("barometer-prepare").start(() -> {
            try {
                analyzer(chosen).warmUp();
            } catch (IOException | RuntimeException e) {
                // the analysis loads again and shows the error
            }
        });
    }

    private void tick() {
        if (recorder == null) return;
        int s = (int) recorder.seconds();
        timer.setText(String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60));
        if (!recorder.isRunning()) stopRecording(); // the limit was reached or the device went away
    }

    void stopRecording() {
        if (recorder == null) return;
        ticker.stop();
        stop.setEnabled(false);
        Recorder.Recording recording;
        try {
            recording = recorder.stop();
        } catch (LineUnavailableException e) {
            recorder = null;
            idle();
            error(messageOf(e, "the microphone failed"));
            return;
        }
        recorder = null;
        level.setRms(0);
        if (recording.samples().length == 0) {
            idle();
            error("Nothing was recorded.");
            return;
        }
        analyze("your recording", null, recording);
    }

    /** Closing mid-recording: release the microphone and drop what was recorded. */
    private void discardRecording() {
        if (recorder == null) return;
        ticker.stop();
        try {
            recorder.stop();
        } catch (LineUnavailableException ignored) {
            // Closing anyway; nothing of the recording is kept.
        }
        recorder = null;
    }

    boolean isRecording() {
        return recorder != null;
    }

    // ---- files

    private void chooseFile() {
        JFileChooser chooser = new JFileChooser();
        chooser.setFileFilter(new FileNameExtensionFilter("Audio (wav, flac, mp3, ogg)", "wav", "flac", "mp3", "ogg", "oga"));
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) analyzeFile(chooser.getSelectedFile().toPath());
    }

    void analyzeFile(Path file) {
        if (busy || recorder != null) return;
        analyze(file.getFileName().toString(), file, null);
    }

    /** Files dropped anywhere on the window are analysed (the first one). */
    private final class FileDrop extends TransferHandler {
        @Override
        public boolean canImport(TransferSupport support) {
            return support.isDataFlavorSupported(DataFlavor.javaFileListFlavor);
        }

        @Override
        public boolean importData(TransferSupport support) {
            try {
                List<?> files = (List<?>) support.getTransferable().getTransferData(DataFlavor.javaFileListFlavor);
                if (files.isEmpty()) return false;
                tabs.setSelectedIndex(0);
                analyzeFile(((File) files.getFirst()).toPath());
                return true;
            } catch (Exception e) {
                error("Could not take the dropped file: " + e.getMessage());
                return false;
            }
        }
    }

    // ---- analysis

    boolean isBusy() {
        return busy;
    }

    /** Analyses {@code file}, or {@code recording} when it is not null, on a worker thread. */
    private void analyze(String source, Path file, Recorder.Recording recording) {
        busy = true;
        record.setEnabled(false);
        open.setEnabled(false);
        progress.setValue(0);
        progress.setVisible(true);
        info("Analysing " + source + "…");
        AppSettings chosen = settings;
        new SwingWorker<Outcome, Integer>() {
            @Override
            protected Outcome doInBackground() throws Exception {
                Analyzer analyzer = analyzer(chosen);
                ProgressListener progress = (done, total) -> publish(100 * done / Math.max(1, total));
                float[] samples16k = recording == null ? null : recording.at16k();
                StressReport report = samples16k == null ? analyzer.analyze(file, progress) : analyzer.analyze(samples16k, progress);
                return save(report, samples16k, chosen);
            }

            @Override
            protected void process(List<Integer> chunks) {
                progress.setValue(chunks.getLast());
            }

            @Override
            protected void done() {
                progress.setVisible(false);
                idle();
                try {
                    Outcome o = get();
                    result.show(o.report(), source);
                    result.setNoteSaver(o.saved().<ResultPanel.NoteSaver>map(entry -> (note, tags) ->
                            services.journal().orElseThrow().annotate(entry.id(), note, tags)).orElse(null));
                    if (o.saveProblem() != null) error("Analysed, but not saved to the journal: " + o.saveProblem());
                    else info("Analysed " + source + (o.saved().isPresent() ? " and saved it to your journal." : "."));
                    journalPanel.refresh();
                } catch (ExecutionException e) {
                    error(messageOf(e.getCause(), "the analysis failed"));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }.execute();
    }

    /** The analyzer for the chosen model, loaded on first use (on the worker thread: loading can take seconds). */
    private synchronized Analyzer analyzer(AppSettings chosen) throws IOException {
        if (analyzer == null || !chosen.checkpoint().equals(analyzerModel)) {
            try {
                analyzer = services.models().load(chosen.checkpoint());
            } catch (IOException | IllegalArgumentException e) {
                throw new IOException("No model: " + messageOf(e, "it could not be loaded")
                        + (chosen.checkpoint().isPresent() ? ". Choose another folder or the built-in model in Settings." : ""), e);
            }
            analyzerModel = chosen.checkpoint();
        }
        return analyzer;
    }

    private Outcome save(StressReport report, float[] recording, AppSettings chosen) {
        if (services.journal().isEmpty()) return new Outcome(report, Optional.empty(), null);
        Journal journal = services.journal().get();
        JournalEntry entry = JournalEntry.of(report, services.clock().instant(), services.userId());
        try {
            JournalEntry saved = chosen.keepAudio() && recording != null ? journal.add(entry, recording) : journal.add(entry);
            return new Outcome(report, Optional.of(saved), null);
        } catch (IOException e) {
            return new Outcome(report, Optional.empty(), e.getMessage());
        }
    }

    private void idle() {
        busy = false;
        record.setEnabled(true);
        open.setEnabled(true);
        stop.setEnabled(false);
    }

    // ---- settings and messages

    private void applySettings(AppSettings next) {
        settings = next;
        try {
            next.save(services.settingsFile());
        } catch (IOException e) {
            error("Settings apply now but could not be saved: " + e.getMessage());
        }
    }

    AppSettings settings() {
        return settings;
    }

    private void info(String text) {
        status.setForeground(Palette.MUTED);
        status.setText(text);
    }

    private void error(String text) {
        status.setForeground(Palette.STRESSED);
        status.setText(text);
    }

    private static String messageOf(Throwable e, String fallback) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? fallback : m;
    }
}
