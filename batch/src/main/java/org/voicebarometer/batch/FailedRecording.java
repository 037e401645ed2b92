package org.voicebarometer.batch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.values.TupleTag;

import java.io.Serializable;

/**
 * A recording that could not be analysed: a line of the dead-letter output.
 *
 * @param path   the recording's path or URI
 * @param reason one line saying why (the audio loader's message for a broken or unsupported file)
 */
@DefaultCoder(SerializableCoder.class)
@JsonPropertyOrder({"file", "error"})
public record FailedRecording(@JsonProperty("file") String path, @JsonProperty("error") String reason) implements Serializable {
    /** The dead-letter output of every step that can fail on one input. */
    static final TupleTag<FailedRecording> TAG = new TupleTag<>() {};

    /** The first line of the exception's message; its class name where it has none or is not an I/O problem. */
    static FailedRecording of(String path, Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("").strip();
        boolean inputProblem = e instanceof java.io.IOException || e instanceof IllegalArgumentException;
        String reason = inputProblem && !message.isEmpty() ? message
                : "internal error: " + e.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
        return new FailedRecording(path, reason);
    }

    public String toJson() {
        return Json.line(this);
    }
}
