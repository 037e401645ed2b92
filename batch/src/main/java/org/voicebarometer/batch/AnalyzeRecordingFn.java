package org.voicebarometer.batch;

import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.engine.audio.Audio;
import org.voicebarometer.engine.audio.AudioFormatException;
import org.voicebarometer.engine.audio.AudioLimits;
import org.voicebarometer.engine.audio.AudioLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.concurrent.Semaphore;

/**
 * Analyses one matched file: its report to {@link #ANALYSED}, or — whatever is wrong with it — the
 * reason to {@link FailedRecording#TAG}; one bad file never stops the job.
 */
final class AnalyzeRecordingFn extends DoFn<FileIO.ReadableFile, AnalysedRecording> {
    static final TupleTag<AnalysedRecording> ANALYSED = new TupleTag<>() {};

    private final WorkerResources.ModelKey model;
    private final PathConvention convention;
    private final int maxConcurrentAnalyses;
    private final long maxFileBytes;

    private final Counter analysed = Metrics.counter(BatchPipeline.class, BatchPipeline.ANALYSED_COUNTER);
    private final Counter failed = Metrics.counter(BatchPipeline.class, BatchPipeline.FAILED_COUNTER);
    private final Counter audioMs = Metrics.counter(BatchPipeline.class, BatchPipeline.AUDIO_MS_COUNTER);
    private final Counter bundles = Metrics.counter(BatchPipeline.class, BatchPipeline.BUNDLES_COUNTER);

    private transient StressBarometer barometer;
    private transient Semaphore slots;

    AnalyzeRecordingFn(WorkerResources.ModelKey model, PathConvention convention, int maxConcurrentAnalyses, long maxFileBytes) {
        this.model = model;
        this.convention = convention;
        this.maxConcurrentAnalyses = maxConcurrentAnalyses;
        this.maxFileBytes = maxFileBytes;
    }

    @Setup
    public void setup() {
        barometer = WorkerResources.barometer(model);
        slots = WorkerResources.analysisSlots(maxConcurrentAnalyses);
    }

    @StartBundle
    public void startBundle() {
        bundles.inc();
    }

    @ProcessElement
    public void process(@Element FileIO.ReadableFile file, MultiOutputReceiver out) throws InterruptedException {
        String path = file.getMetadata().resourceId().toString();
        StressReport report;
        slots.acquire();
        try {
            report = barometer.analyze(read(file)).withFile(path);
        } catch (IOException | RuntimeException e) {
            failed.inc();
            out.get(FailedRecording.TAG).output(FailedRecording.of(path, e));
            return;
        } finally {
            slots.release();
        }
        analysed.inc();
        audioMs.inc(Math.round(report.durationS() * 1000));
        out.get(ANALYSED).output(new AnalysedRecording(path, convention.keyOf(path).orElse(null),
                report.emotion(), report.stressScore(), report.durationS(), report.toJson()));
    }

    /** Decodes the file, refusing one over the size cap before reading it. */
    private Audio read(FileIO.ReadableFile file) throws IOException {
        long size = file.getMetadata().sizeBytes();
        if (size > maxFileBytes) {
            throw new AudioFormatException(AudioFormatException.Reason.TOO_LARGE,
                    "file of " + size + " bytes is larger than the limit of " + maxFileBytes + " bytes (--maxFileMegabytes)");
        }
        try (InputStream in = Channels.newInputStream(file.open())) {
            return AudioLoader.load(in, maxFileBytes, AudioLimits.DEFAULT);
        }
    }
}
