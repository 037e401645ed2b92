package org.voicebarometer.engine.model;

import org.voicebarometer.engine.tensor.FloatTensor;

import java.util.Collections;
import java.util.Map;

/**
 * The result of one run: named tensors with Hugging Face's names, in computation order
 * ({@code input_values} [samples], {@code extract_features} [t, conv_dim], {@code hidden_states.0..L}
 * [t, hidden], {@code last_hidden_state} [t, hidden], {@code logits} [labels] or [t, vocab]), and the
 * head's prediction.
 */
public record ModelOutput(Map<String, FloatTensor> tensors, Prediction prediction) {
    public static final String INPUT_VALUES = "input_values";
    public static final String EXTRACT_FEATURES = "extract_features";
    public static final String HIDDEN_STATES = "hidden_states.";
    public static final String LAST_HIDDEN_STATE = "last_hidden_state";
    public static final String LOGITS = "logits";

    public ModelOutput {
        tensors = Collections.unmodifiableMap(tensors);
    }

    /** The tensor called {@code name}, or null when this run did not keep it. */
    public FloatTensor tensor(String name) {
        return tensors.get(name);
    }

    public FloatTensor lastHiddenState() {
        return tensors.get(LAST_HIDDEN_STATE);
    }

    /** Number of frames (rows of last_hidden_state). */
    public int frames() {
        return lastHiddenState().dim(0);
    }
}
