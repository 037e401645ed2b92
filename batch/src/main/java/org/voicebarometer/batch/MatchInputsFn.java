package org.voicebarometer.batch;

import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

import java.io.IOException;

/**
 * Expands one input (a pattern, or a path or URI) into the files it names, on whichever Beam file system
 * it belongs to. An input that names nothing — a missing file, a pattern without a match — is a line in
 * the failures output like a broken file, so one stale entry of a long input list does not stop a study.
 */
final class MatchInputsFn extends DoFn<String, MatchResult.Metadata> {
    static final TupleTag<MatchResult.Metadata> MATCHED = new TupleTag<>() {};

    private final Counter failed = Metrics.counter(BatchPipeline.class, BatchPipeline.FAILED_COUNTER);

    @ProcessElement
    public void process(@Element String spec, MultiOutputReceiver out) {
        try {
            MatchResult result = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
            if (result.status() != MatchResult.Status.OK) throw new IOException("cannot list: " + result.status());
            if (result.metadata().isEmpty()) {
                throw new IOException(FileSystems.hasGlobWildcard(spec) ? "the pattern matches no file" : "no such file");
            }
            result.metadata().forEach(out.get(MATCHED)::output);
        } catch (IOException | RuntimeException e) {
            failed.inc();
            out.get(FailedRecording.TAG).output(FailedRecording.of(spec, e));
        }
    }
}
