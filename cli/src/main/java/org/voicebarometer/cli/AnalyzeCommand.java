package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.EmotionModels;
import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.engine.analysis.WindowPolicy;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code ./barometer analyze}: emotion, stress score and biomarkers of recordings. One bad file in a batch
 * is reported on stderr and skipped; the exit code is then 2.
 */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        description = {"Analyse recordings: emotion, stress score (P(Anxious) + P(Stressed)) and voice biomarkers.",
                "A directory stands for the audio files in it (and below it)."},
        footer = {"", "Exit codes: 0 all files analysed; 2 bad usage, or at least one file could not be analysed",
                "(each failure is one line on stderr; the other files' results are still printed)."})
public final class AnalyzeCommand implements Callable<Integer> {
    private static final Set<String> AUDIO_EXTENSIONS = Set.of("wav", "wave", "rf64", "flac", "mp3", "ogg", "oga");

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Audio files (WAV, FLAC, MP3, Ogg Vorbis) or directories.")
    List<Path> inputs;

    @Option(names = "--model", paramLabel = "PATH", description = {"A Wav2Vec2/HuBERT checkpoint directory, or a model file from",
            "'./barometer train' (default: the built-in model)."})
    Path model;

    @Option(names = "--labels", paramLabel = "FILE", description = "JSON mapping of the checkpoint's labels onto Neutral/Happy/Sad/Anxious/Stressed.")
    Path labelMap;

    @Option(names = "--window", paramLabel = "SECONDS", description = "Longest analysis window (default: ${DEFAULT-VALUE} s).",
            defaultValue = "20")
    double windowS;

    @Option(names = "--save", description = {"Also store each result in your journal (scores and biomarkers only, never the audio);",
            "see './barometer journal'."})
    boolean save;

    @Mixin
    JournalCommand.Where journal;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "JSON: one object, or an array when several files are given.")
        boolean json;
        @Option(names = "--jsonl", description = "JSON lines: one object per file.")
        boolean jsonl;
        @Option(names = "--csv", description = "CSV: a header, then one row per file.")
        boolean csv;
    }

    @Override
    public Integer call() throws IOException {
        List<Path> files = expand(inputs);
        try (Journal saveTo = save ? journal.open() : null) {
            return analyze(files, saveTo);
        }
    }

    private int analyze(List<Path> files, Journal saveTo) throws IOException {
        StressBarometer barometer = new StressBarometer(EmotionModels.load(model, labelMap), new WindowPolicy(windowS, WindowPolicy.DEFAULT.minSpeechS()));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean batch = files.size() > 1;
        ProgressBar bar = batch ? new ProgressBar(err, "files") : null;
        // One long recording: its windows are the progress (a recording of one window shows none).
        ProgressBar windowBar = new ProgressBar(err, "windows");
        ProgressListener windows = batch ? ProgressListener.NONE : (done, total) -> {
            if (total > 1) windowBar.progress(done, total);
        };
        List<StressReport> reports = new ArrayList<>();
        int failed = 0;
        CsvReport csv = format.csv ? new CsvReport(out) : null;
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            try {
                StressReport r = barometer.analyze(f, windows);
                reports.add(r);
                if (saveTo != null) saveTo.add(JournalEntry.of(r, Instant.now(), journal.user));
                if (format.jsonl) out.println(r.toJson());
                else if (csv != null) csv.write(r);
                else if (!format.json) out.println(ReportText.render(r));
                out.flush();
            } catch (IOException | IllegalArgumentException e) {
                failed++;
                String line = "barometer: " + f + ": " + e.getMessage();
                if (bar != null) bar.message(line); else err.println(line);
            }
            if (bar != null) bar.progress(i + 1, files.size());
        }
        if (format.json) {
            boolean single = inputs.size() == 1 && !Files.isDirectory(inputs.getFirst());
            if (single && reports.size() == 1) out.println(reports.getFirst().toPrettyJson());
            else if (!single) out.println(StressReport.toPrettyJson(reports));
        }
        if (batch) err.printf(Locale.ROOT, "%d analysed, %d failed%n", reports.size(), failed);
        out.flush();
        err.flush();
        return failed == 0 ? 0 : Cli.EXIT_BAD_INPUT;
    }

    /** Files as given; directories replaced by the audio files below them, in name order. */
    static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    List<Path> found = walk.filter(Files::isRegularFile).filter(AnalyzeCommand::isAudio).sorted().toList();
                    if (found.isEmpty()) throw new Cli.UserError(p + ": no audio files (" + String.join(", ", AUDIO_EXTENSIONS.stream().sorted().toList()) + ")");
                    files.addAll(found);
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    private static boolean isAudio(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && AUDIO_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }
}
