package org.voicebarometer.engine.model;

import org.voicebarometer.engine.tensor.FloatTensor;

import java.util.ArrayList;
import java.util.List;

/** A task head on top of the encoder: states [t, hidden] → logits → a prediction. */
interface Head {
    /** softmax(layer_weights) [L + 1] when the head reads the weighted sum of all hidden states, else null. */
    float[] layerWeights();

    /** @param states last_hidden_state, or the weighted layer sum, [t, hidden] */
    FloatTensor logits(float[] states, int t);

    Prediction predict(FloatTensor logits);

    /** What {@link #predict} returns, with zero values (an empty transcript): the kind and names, without logits. */
    Prediction template();

    /** One line for humans, e.g. "sequence classification (4 labels)". */
    String describe();

    /** Mean over frames of x [t, c] → [c], accumulated in double. */
    static float[] meanOverFrames(float[] x, int t, int c) {
        double[] sum = new double[c];
        for (int i = 0; i < t; i++) for (int j = 0; j < c; j++) sum[j] += x[i * c + j];
        float[] mean = new float[c];
        for (int j = 0; j < c; j++) mean[j] = (float) (sum[j] / t);
        return mean;
    }

    /** Labels from the config when they match the head's width, else LABEL_i as transformers names them. */
    static List<String> labelsOrDefault(List<String> configLabels, int n, String source) throws ModelFormatException {
        if (configLabels.isEmpty()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) out.add("LABEL_" + i);
            return out;
        }
        if (configLabels.size() != n)
            throw new ModelFormatException("config.json id2label has " + configLabels.size() + " labels but " + source + " has " + n + " outputs");
        return configLabels;
    }
}
