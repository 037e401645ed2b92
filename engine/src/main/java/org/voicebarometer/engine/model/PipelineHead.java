package org.voicebarometer.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.voicebarometer.engine.kernels.Activations;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.Norms;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A head described by {@code head.json} (format {@code barometer-head/1}, see docs/model-format.md):
 * a short pipeline of steps over the frames of last_hidden_state (or the weighted layer sum), then an
 * output function. Steps before {@code mean_pool} apply per frame; without a {@code mean_pool} the
 * logits stay per frame [t, n] and the prediction averages the per-frame results.
 */
final class PipelineHead implements Head {
    static final String FORMAT = "barometer-head/1";
    private static final Set<String> TOP_FIELDS = Set.of("format", "input", "steps", "output", "labels", "input_normalization");

    enum Output { SOFTMAX, LOG_SOFTMAX, REGRESSION, LOGITS }

    /** Frames × channels flowing through the pipeline. */
    private record Rows(float[] x, int rows, int cols) {}

    private sealed interface Step {
        Rows apply(Rows in);
    }

    private record LinearStep(Linear linear) implements Step { // weight (out, in)
        public Rows apply(Rows in) {
            float[] y = new float[in.rows * linear.out()];
            linear.forward(in.x, in.rows, y);
            return new Rows(y, in.rows, linear.out());
        }
    }

    private record MeanPool() implements Step {
        public Rows apply(Rows in) {
            return new Rows(Head.meanOverFrames(in.x, in.rows, in.cols), 1, in.cols);
        }
    }

    private record LayerNormAll(float eps) implements Step {
        public Rows apply(Rows in) {
            Norms.layerNormAll(in.x, in.rows * in.cols, eps);
            return in;
        }
    }

    private record LayerNorm(float[] weight, float[] bias, float eps) implements Step { // (cols), (cols)
        public Rows apply(Rows in) {
            Norms.layerNorm(in.x, in.rows, in.cols, weight, bias, eps);
            return in;
        }
    }

    private record Elementwise(String op) implements Step {
        public Rows apply(Rows in) {
            int n = in.rows * in.cols;
            switch (op) {
                case "relu" -> Activations.relu(in.x, n);
                case "tanh" -> Activations.tanh(in.x, n);
                case "gelu" -> Activations.gelu(in.x, n);
                default -> throw new AssertionError(op);
            }
            return in;
        }
    }

    private final float[] layerWeights; // (L + 1) softmaxed, or null
    private final List<Step> steps;
    private final boolean pooled;
    private final Output output;
    private final List<String> labels;
    private final Double inputNormalizationEps;

    private PipelineHead(float[] layerWeights, List<Step> steps, boolean pooled, Output output, List<String> labels, Double inputNormalizationEps) {
        this.layerWeights = layerWeights;
        this.steps = steps;
        this.pooled = pooled;
        this.output = output;
        this.labels = labels;
        this.inputNormalizationEps = inputNormalizationEps;
    }

    static PipelineHead load(Wav2Vec2Config c, Weights w, Path headJson) throws IOException {
        ConfigJson j = ConfigJson.read(headJson);
        for (Iterator<String> it = j.root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_FIELDS.contains(f)) throw j.error(f, "is not a field of " + FORMAT);
        }
        if (!FORMAT.equals(j.string("format", null))) throw j.error("format", "must be \"" + FORMAT + "\"");

        String input = j.string("input", "last_hidden_state");
        float[] lw = switch (input) {
            case "last_hidden_state" -> null;
            case "weighted_layer_sum" -> Prediction.softmax(w.exact("layer_weights", c.numLayers() + 1));
            default -> throw j.error("input", "must be last_hidden_state or weighted_layer_sum, is '" + input + "'");
        };

        JsonNode stepsNode = j.root.get("steps");
        if (stepsNode == null || !stepsNode.isArray() || stepsNode.isEmpty()) throw j.error("steps", "must be a non-empty list");
        List<Step> steps = new ArrayList<>();
        int cols = c.hiddenSize();
        boolean pooled = false;
        for (int i = 0; i < stepsNode.size(); i++) {
            JsonNode s = stepsNode.get(i);
            String where = "steps[" + i + "]";
            if (!s.isObject() || !s.path("op").isTextual()) throw j.error(where, "must be an object with an \"op\"");
            String op = s.get("op").asText();
            switch (op) {
                case "linear" -> {
                    allowOnly(j, where, s, "op", "weight", "bias");
                    String wn = text(j, where, s, "weight", true);
                    TensorInfo info = w.info(wn);
                    if (info.rank() != 2 || info.dim(1) != cols || info.dim(0) < 1 || info.dim(0) > 1_000_000)
                        throw new ModelFormatException("tensor '" + wn + "' (" + where + ") has shape " + info.shapeString() + ", expected [out, " + cols + "]");
                    int out = (int) info.dim(0);
                    String bn = text(j, where, s, "bias", false);
                    steps.add(new LinearStep(w.linear(wn, bn, out, cols)));
                    cols = out;
                }
                case "mean_pool" -> {
                    allowOnly(j, where, s, "op");
                    if (pooled) throw j.error(where, "pools a second time");
                    pooled = true;
                    steps.add(new MeanPool());
                }
                case "layer_norm_all" -> {
                    allowOnly(j, where, s, "op", "eps");
                    steps.add(new LayerNormAll(eps(j, where, s)));
                }
                case "layer_norm" -> {
                    allowOnly(j, where, s, "op", "weight", "bias", "eps");
                    steps.add(new LayerNorm(w.exact(text(j, where, s, "weight", true), cols), w.exact(text(j, where, s, "bias", true), cols), eps(j, where, s)));
                }
                case "relu", "tanh", "gelu" -> {
                    allowOnly(j, where, s, "op");
                    steps.add(new Elementwise(op));
                }
                default -> throw j.error(where, "has unknown op '" + op + "'");
            }
        }

        String out = j.string("output", null);
        if (out == null) throw j.error("output", "is required (softmax, log_softmax, regression or logits)");
        Output output = switch (out) {
            case "softmax" -> Output.SOFTMAX;
            case "log_softmax" -> Output.LOG_SOFTMAX;
            case "regression" -> Output.REGRESSION;
            case "logits" -> Output.LOGITS;
            default -> throw j.error("output", "must be softmax, log_softmax, regression or logits, is '" + out + "'");
        };

        List<String> labels = new ArrayList<>();
        JsonNode ln = j.root.get("labels");
        if (ln != null) {
            if (!ln.isArray()) throw j.error("labels", "must be a list of strings");
            for (JsonNode l : ln) {
                if (!l.isTextual()) throw j.error("labels", "must be a list of strings");
                labels.add(l.asText());
            }
            if (labels.size() != cols) throw j.error("labels", "names " + labels.size() + " outputs but the steps end with " + cols);
        } else if (output != Output.LOGITS) {
            throw j.error("labels", "are required for output " + out);
        } else {
            for (int i = 0; i < cols; i++) labels.add("LABEL_" + i);
        }

        Double normEps = null;
        JsonNode norm = j.root.get("input_normalization");
        if (norm != null) {
            allowOnly(j, "input_normalization", norm, "eps");
            normEps = (double) eps(j, "input_normalization", norm);
        }
        return new PipelineHead(lw, List.copyOf(steps), pooled, output, List.copyOf(labels), normEps);
    }

    private static void allowOnly(ConfigJson j, String where, JsonNode node, String... fields) throws ModelFormatException {
        if (!node.isObject()) throw j.error(where, "must be an object");
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) throw j.error(where, "has unknown field '" + f + "'");
        }
    }

    private static String text(ConfigJson j, String where, JsonNode s, String field, boolean required) throws ModelFormatException {
        JsonNode v = s.get(field);
        if (v == null) {
            if (required) throw j.error(where, "needs \"" + field + "\"");
            return null;
        }
        if (!v.isTextual()) throw j.error(where + "." + field, "must be a tensor name");
        return v.asText();
    }

    private static float eps(ConfigJson j, String where, JsonNode s) throws ModelFormatException {
        JsonNode v = s.get("eps");
        if (v == null) return 1e-5f;
        if (!v.isNumber() || !(v.doubleValue() > 0 && v.doubleValue() < 1)) throw j.error(where + ".eps", "must be a number in (0, 1)");
        return (float) v.doubleValue();
    }

    /** The waveform normalisation epsilon head.json asks for, or null for the default. */
    Double inputNormalizationEps() {
        return inputNormalizationEps;
    }

    @Override
    public float[] layerWeights() {
        return layerWeights;
    }

    @Override
    public FloatTensor logits(float[] states, int t) {
        Rows r = new Rows(states.clone(), t, states.length / t);
        for (Step s : steps) r = s.apply(r);
        return pooled ? FloatTensor.of(r.x, r.cols) : FloatTensor.of(r.x, r.rows, r.cols);
    }

    @Override
    public Prediction predict(FloatTensor logits) {
        int n = labels.size(), rows = logits.data().length / n;
        double[] mean = new double[n];
        float[] x = logits.data();
        for (int r = 0; r < rows; r++) {
            float[] row = Arrays.copyOfRange(x, r * n, (r + 1) * n);
            float[] v = output == Output.SOFTMAX || output == Output.LOG_SOFTMAX ? Prediction.softmax(row) : row;
            for (int i = 0; i < n; i++) mean[i] += v[i] / rows;
        }
        float[] values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float) mean[i];
        return output == Output.SOFTMAX || output == Output.LOG_SOFTMAX
                ? new Prediction.Classification(labels, values)
                : new Prediction.Regression(labels, values);
    }

    @Override
    public Prediction template() {
        float[] zeros = new float[labels.size()];
        return output == Output.SOFTMAX || output == Output.LOG_SOFTMAX
                ? new Prediction.Classification(labels, zeros)
                : new Prediction.Regression(labels, zeros);
    }

    @Override
    public String describe() {
        return "head.json pipeline (" + steps.size() + " steps, " + output.name().toLowerCase() + " over " + labels + ")";
    }
}
