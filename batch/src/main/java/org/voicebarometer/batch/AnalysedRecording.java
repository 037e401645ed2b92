package org.voicebarometer.batch;

import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;

import java.io.Serializable;

/**
 * One recording's result as it travels through the pipeline: the full report as a JSON line, and the
 * few values the study aggregate needs, so nothing downstream parses the JSON again.
 *
 * @param path        the recording's path or URI, as matched
 * @param key         speaker and day from the path, or null when the path does not follow the convention
 * @param emotion     the report's emotion label
 * @param stressScore the report's stress score
 * @param durationS   the recording's length in seconds
 * @param reportJson  the report, one line of JSON
 */
@DefaultCoder(SerializableCoder.class)
public record AnalysedRecording(String path, PathConvention.Key key, String emotion, double stressScore,
                                double durationS, String reportJson) implements Serializable {
}
