package org.voicebarometer.batch;

import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Filter;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTagList;
import org.apache.beam.sdk.values.TypeDescriptors;

import java.util.ArrayList;
import java.util.List;

/**
 * A study's recordings through the stress barometer, on any Beam runner:
 * <pre>
 *   inputs ─► match ─► reshuffle ─► read + analyse ─┬─► reports     one report JSON line per recording
 *              │                                   ├─► aggregates  per speaker (and day) from the path
 *              └───────────────────────────────────┴─► failures    file + reason, one line each
 * </pre>
 * The reshuffle spreads the matched files over the workers (a match yields them all in one bundle).
 */
public final class BatchPipeline {
    /** Progress counters, in namespace {@code org.voicebarometer.batch.BatchPipeline}: recordings analysed, */
    public static final String ANALYSED_COUNTER = "analysed";
    /** inputs that failed (broken files and inputs that name no file), */
    public static final String FAILED_COUNTER = "failed";
    /** milliseconds of audio analysed, */
    public static final String AUDIO_MS_COUNTER = "audio_ms";
    /** and bundles of files the analysis step was given (on the DirectRunner: {@link #directRunnerBuckets}). */
    public static final String BUNDLES_COUNTER = "analysis_bundles";

    private BatchPipeline() {}

    /** The three outputs, one JSON line per element. */
    public record Outputs(PCollection<String> reports, PCollection<String> aggregates, PCollection<String> failures) {
    }

    /** Adds the analysis to {@code pipeline}; options are checked here, so a bad one fails before anything runs. */
    public static Outputs expand(Pipeline pipeline, BatchOptions options) {
        PathConvention convention = PathConvention.of(options.getIdPattern());
        if (options.getMaxConcurrentAnalyses() < 0) throw new IllegalArgumentException("--maxConcurrentAnalyses must be 0 or more");
        if (options.getMaxFileMegabytes() <= 0) throw new IllegalArgumentException("--maxFileMegabytes must be positive");
        WorkerResources.ModelKey model = new WorkerResources.ModelKey(options.getModel(), options.getLabelMap());
        // Fail now, on the launching machine, rather than on every worker: a model that does not load here
        // will not load there (the path must be the same on both).
        WorkerResources.barometer(model);

        PCollectionTuple matches = patterns(pipeline, options)
                .apply("Match", ParDo.of(new MatchInputsFn())
                        .withOutputTags(MatchInputsFn.MATCHED, TupleTagList.of(FailedRecording.TAG)));
        PCollectionTuple results = matches.get(MatchInputsFn.MATCHED)
                .apply("Spread over workers", spread(options))
                .apply("Open", FileIO.readMatches())
                .apply("Analyse", ParDo.of(new AnalyzeRecordingFn(model, convention, options.getMaxConcurrentAnalyses(),
                                options.getMaxFileMegabytes() * (1L << 20)))
                        .withOutputTags(AnalyzeRecordingFn.ANALYSED, TupleTagList.of(FailedRecording.TAG)));
        PCollection<AnalysedRecording> analysed = results.get(AnalyzeRecordingFn.ANALYSED);

        PCollection<String> reports = analysed.apply("Report lines",
                MapElements.into(TypeDescriptors.strings()).via(AnalysedRecording::reportJson));
        PCollection<String> aggregates = analysed
                .apply("With speaker and day", Filter.by(r -> r.key() != null))
                .apply("Key", WithKeys.of((AnalysedRecording r) -> r.key().id()).withKeyType(TypeDescriptors.strings()))
                .apply("Aggregate", Combine.perKey(new SpeakerDayAggregate()))
                .apply("Aggregate lines", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getValue().toJson()));
        PCollection<String> failures = PCollectionList.of(matches.get(FailedRecording.TAG))
                .and(results.get(FailedRecording.TAG))
                .apply("All failures", Flatten.pCollections())
                .apply("Failure lines", MapElements.into(TypeDescriptors.strings()).via(FailedRecording::toJson));
        return new Outputs(reports, aggregates, failures);
    }

    /**
     * Spreads the matched files over the workers. On a cluster each file gets a random key of its own.
     * The DirectRunner instead makes every key of a shuffle one bundle, and pays for every bundle of every
     * transform after it about as much CPU as the analysis of a 2 s recording (it translates each ParDo to
     * its proto and back, Java-serialising the DoFn, and walks the whole graph): with a key per file that
     * cost was per file, and the pipeline 2.3× slower than {@code analyze DIR} (docs/benchmarks.md).
     * There a few buckets per worker thread keep the threads busy at a cost that does not grow with the files.
     */
    static Reshuffle.ViaRandomKey<MatchResult.Metadata> spread(BatchOptions options) {
        Reshuffle.ViaRandomKey<MatchResult.Metadata> byFile = Reshuffle.viaRandomKey();
        return options.getRunner() == DirectRunner.class ? byFile.withNumBuckets(directRunnerBuckets(options)) : byFile;
    }

    /** The DirectRunner's buckets: some per thread, so a thread whose bundle ends early finds another. */
    static int directRunnerBuckets(BatchOptions options) {
        return 2 * options.as(DirectOptions.class).getTargetParallelism();
    }

    /** Writes each output as {@code <output>/<name>-SSSSS-of-NNNNN.jsonl}. */
    public static void write(Outputs outputs, String outputDir) {
        String base = outputDir.endsWith("/") ? outputDir : outputDir + "/";
        outputs.reports().apply("Write reports", TextIO.write().to(base + "reports").withSuffix(".jsonl"));
        outputs.aggregates().apply("Write aggregates", TextIO.write().to(base + "aggregates").withSuffix(".jsonl"));
        outputs.failures().apply("Write failures", TextIO.write().to(base + "failures").withSuffix(".jsonl"));
    }

    /** The patterns and paths of --input, and the lines of --inputList. */
    private static PCollection<String> patterns(Pipeline pipeline, BatchOptions options) {
        List<PCollection<String>> sources = new ArrayList<>();
        List<String> inputs = options.getInput() == null ? List.of() : options.getInput().stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        if (!inputs.isEmpty()) sources.add(pipeline.apply("Input", Create.of(inputs)));
        if (options.getInputList() != null) {
            sources.add(pipeline.apply("Input list", TextIO.read().from(options.getInputList()))
                    .apply("Strip", MapElements.into(TypeDescriptors.strings()).via(String::strip))
                    .apply("Drop blank lines", Filter.by(s -> !s.isEmpty())));
        }
        if (sources.isEmpty()) throw new IllegalArgumentException("no recordings given: use --input=GLOB (or --inputList=FILE)");
        return PCollectionList.of(sources).apply("All inputs", Flatten.pCollections());
    }
}
