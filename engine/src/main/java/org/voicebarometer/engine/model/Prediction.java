package org.voicebarometer.engine.model;

import java.util.Arrays;
import java.util.List;

/** What a model's head concludes from one utterance. */
public sealed interface Prediction {

    /** Class probabilities (softmax of the logits), in label order. */
    record Classification(List<String> labels, float[] probabilities) implements Prediction {
        public Classification {
            labels = List.copyOf(labels);
            probabilities = probabilities.clone();
            if (labels.size() != probabilities.length) throw new IllegalArgumentException(labels.size() + " labels, " + probabilities.length + " probabilities");
        }

        @Override
        public float[] probabilities() {
            return probabilities.clone();
        }

        public float probability(String label) {
            int i = labels.indexOf(label);
            if (i < 0) throw new IllegalArgumentException("no label '" + label + "' in " + labels);
            return probabilities[i];
        }

        /** Index of the most probable label (the first one on ties, as argmax). */
        public int argmax() {
            int best = 0;
            for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
            return best;
        }

        public String label() {
            return labels.get(argmax());
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Classification c && labels.equals(c.labels) && Arrays.equals(probabilities, c.probabilities);
        }

        @Override
        public int hashCode() {
            return labels.hashCode() * 31 + Arrays.hashCode(probabilities);
        }

        @Override
        public String toString() {
            return "Classification[" + label() + ", " + labels + " " + Arrays.toString(probabilities) + "]";
        }
    }

    /** Named raw values: a regression head (e.g. arousal, dominance, valence) or a head.json with {@code output: "logits"}. */
    record Regression(List<String> names, float[] values) implements Prediction {
        public Regression {
            names = List.copyOf(names);
            values = values.clone();
            if (names.size() != values.length) throw new IllegalArgumentException(names.size() + " names, " + values.length + " values");
        }

        @Override
        public float[] values() {
            return values.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regression r && names.equals(r.names) && Arrays.equals(values, r.values);
        }

        @Override
        public int hashCode() {
            return names.hashCode() * 31 + Arrays.hashCode(values);
        }

        @Override
        public String toString() {
            return "Regression[" + names + " " + Arrays.toString(values) + "]";
        }
    }

    /** The greedy CTC transcript. */
    record Transcript(String text) implements Prediction {}

    /** A bare encoder: no head, only hidden states. */
    record None() implements Prediction {}

    /** softmax of x (max-subtracted, accumulated in double). */
    static float[] softmax(float[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : x) max = Math.max(max, v);
        double sum = 0;
        double[] e = new double[x.length];
        for (int i = 0; i < x.length; i++) sum += e[i] = Math.exp(x[i] - max);
        float[] p = new float[x.length];
        for (int i = 0; i < x.length; i++) p[i] = (float) (e[i] / sum);
        return p;
    }
}
