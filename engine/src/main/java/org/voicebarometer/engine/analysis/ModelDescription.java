package org.voicebarometer.engine.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The {@code model} object of a report.
 *
 * @param name   a short identifier (the built-in model's name, or the checkpoint directory's name)
 * @param kind   {@code builtin} or {@code checkpoint}
 * @param output {@code probabilities} (a classifier over {@code labels}) or {@code dimensions}
 *               (a regression over {@code labels}, e.g. arousal, dominance, valence)
 * @param labels the model's own output names, in its order
 */
public record ModelDescription(
        @JsonProperty("name") String name,
        @JsonProperty("kind") String kind,
        @JsonProperty("output") String output,
        @JsonProperty("labels") List<String> labels) {
    public static final String BUILTIN = "builtin";
    public static final String CHECKPOINT = "checkpoint";
    public static final String PROBABILITIES = "probabilities";
    public static final String DIMENSIONS = "dimensions";

    public ModelDescription {
        labels = List.copyOf(labels);
    }
}
