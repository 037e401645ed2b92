package org.voicebarometer.batch;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The batch jar's entry point ({@code java -jar barometer-batch.jar --input=... --output=...}, or the main
 * class for {@code spark-submit} / {@code flink run}): Beam's option syntax, the pipeline of
 * {@link BatchPipeline}, and a one-line summary on stderr. {@code ./barometer batch} starts it.
 *
 * <p>Exit codes: 0 the job ran to the end (inputs that failed are in the failures output and counted in
 * the summary); 2 bad options or a model that does not load; 1 the job itself failed.
 */
public final class BatchMain {
    private BatchMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.err));
    }

    static int run(String[] args, PrintStream err) {
        PipelineOptionsFactory.register(BatchOptions.class);
        Pipeline pipeline;
        BatchOptions options;
        try {
            options = PipelineOptionsFactory.fromArgs(args).withValidation().as(BatchOptions.class);
            if (options.getOutput() == null) throw new IllegalArgumentException("no output directory: use --output=DIR");
            pipeline = Pipeline.create(options);
            BatchPipeline.write(BatchPipeline.expand(pipeline, options), options.getOutput());
        } catch (IllegalArgumentException | UncheckedIOException e) {
            String message = String.valueOf(e.getMessage());
            err.println("barometer batch: " + message + (message.startsWith("Unknown 'runner'")
                    ? " (the jar holds the runners it was built with: build it with -Pflink or -Pspark, see docs/batch.md)" : ""));
            return 2;
        }
        long start = System.nanoTime();
        PipelineResult result;
        try {
            result = pipeline.run();
            PipelineResult.State state = result.waitUntilFinish();
            if (state != PipelineResult.State.DONE) {
                err.println("barometer batch: the job ended " + state);
                return 1;
            }
        } catch (Pipeline.PipelineExecutionException e) {
            err.println("barometer batch: the job failed: " + rootMessage(e));
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        summary(result, seconds, options.getOutput(), err);
        return 0;
    }

    /** "535 analysed, 0 failed, 1070.0 s of audio in 95.2 s (337 recordings/min); output in DIR". */
    private static void summary(PipelineResult result, double seconds, String output, PrintStream err) {
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
                .addNameFilter(MetricNameFilter.inNamespace(BatchPipeline.class)).build());
        long analysed = 0, failed = 0, audioMs = 0;
        for (MetricResult<Long> c : metrics.getCounters()) {
            long v = c.getAttempted();
            switch (c.getName().getName()) {
                case BatchPipeline.ANALYSED_COUNTER -> analysed += v;
                case BatchPipeline.FAILED_COUNTER -> failed += v;
                case BatchPipeline.AUDIO_MS_COUNTER -> audioMs += v;
                default -> { }
            }
        }
        err.printf(Locale.ROOT, "%d analysed, %d failed, %.1f s of audio in %.1f s (%.0f recordings/min); output in %s%n",
                analysed, failed, audioMs / 1000.0, seconds, analysed / seconds * 60, output);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
