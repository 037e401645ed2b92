package org.voicebarometer.engine.analysis;

import java.util.Map;

/**
 * A model's answer for one piece of audio: the five probabilities, and the model's own outputs
 * (its labels' probabilities, or its dimension values) in the model's order.
 */
public record EmotionEstimate(EmotionProbabilities probabilities, Map<String, Double> modelOutputs) {
    public EmotionEstimate {
        modelOutputs = StressReport.ordered(modelOutputs);
    }
}
