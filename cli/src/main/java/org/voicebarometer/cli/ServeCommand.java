package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.EmotionModels;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;
import org.voicebarometer.journal.JournalException;
import org.voicebarometer.journal.JournalLocation;
import org.voicebarometer.server.BarometerServer;
import org.voicebarometer.server.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;

/** {@code ./barometer serve}: the HTTP service, loopback only unless told otherwise. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the analysis over HTTP (POST /analyze-stress).",
                "POST /analyze-stress takes multipart field 'file' or a raw audio/* body; GET /health, GET /openapi.json.",
                "Uploads stay in memory; nothing about them is logged. Loopback only unless --host says otherwise."})
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = ServerConfig.DEFAULT_HOST, description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + ServerConfig.DEFAULT_PORT, description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--model", paramLabel = "PATH", description = "A checkpoint directory or a trained model file (default: the built-in model).")
    Path model;

    @Option(names = "--labels", paramLabel = "FILE", description = "JSON mapping of the checkpoint's labels onto the five emotions.")
    Path labelMap;

    @Option(names = "--max-upload-mb", defaultValue = "32", description = "Largest upload in MiB (default: ${DEFAULT-VALUE}).")
    int maxUploadMb;

    @Option(names = "--max-seconds", defaultValue = "600", description = "Longest recording analysed, seconds (default: ${DEFAULT-VALUE}).")
    double maxSeconds;

    @Option(names = "--max-concurrent", description = "Analyses at once; more get 429 (default: the number of cores).")
    Integer maxConcurrent;

    @Option(names = "--journal", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = {"Allow ?save=true&user=ID to store results (scores only, never audio) in this journal",
                    "(default file: the one './barometer journal' uses). Off unless given."})
    Path journalFile;

    @Option(names = "--timeout-s", defaultValue = "30", description = "Read/idle timeout of a connection, seconds (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Override
    public Integer call() throws Exception {
        if (maxUploadMb < 1 || maxUploadMb > 1024) throw new Cli.UserError("--max-upload-mb must be 1..1024");
        StressBarometer barometer = new StressBarometer(EmotionModels.load(model, labelMap));
        ServerConfig config = new ServerConfig(host, port, maxUploadMb * 1024L * 1024L, maxSeconds,
                maxConcurrent == null ? Runtime.getRuntime().availableProcessors() : maxConcurrent, Duration.ofSeconds(timeoutS));
        Journal journal = journalFile == null ? null
                : Journal.open(journalFile.toString().isEmpty() ? JournalLocation.defaultFile() : journalFile);
        BiConsumer<String, StressReport> save = journal == null ? null : (user, report) -> {
            try {
                journal.add(JournalEntry.of(report, Instant.now(), user));
            } catch (JournalException e) {
                throw new IllegalStateException("journal write failed", e);
            }
        };
        BarometerServer server = BarometerServer.start(barometer, config, save, System.err);
        barometer.warmUpInBackground(); // requests are served meanwhile, the first ones slower
        System.err.printf("barometer: serving %s on http://%s:%d (POST /analyze-stress, GET /health, GET /openapi.json)%n",
                barometer.model().description().name(), host, server.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (journal != null) {
                try {
                    journal.close();
                } catch (JournalException e) {
                    System.err.println("barometer: closing the journal: " + e.getMessage());
                }
            }
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
