package org.voicebarometer.engine.analysis;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The built-in model's parameters (format {@value #FORMAT}): a multinomial logistic regression over
 * acoustic functionals, z-scored by a {@link SpeakerBaseline}. Stored as JSON (a few tens of kB) in the
 * engine jar, or in a file written by {@code ./barometer train}.
 *
 * @param labels             the classes, in the order of {@code weights}' rows (EmoDB's seven emotions)
 * @param features           the feature names, in the order of {@code weights}' columns
 * @param populationBaseline the inference-time fallback baseline (see {@link SpeakerBaseline})
 * @param weights            (labels, features)
 * @param bias               (labels)
 * @param training           provenance: corpus, hyper-parameters, evaluation figures (free-form)
 */
public record FunctionalsClassifier(
        @JsonProperty("format") String format,
        @JsonProperty("name") String name,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("features") List<String> features,
        @JsonProperty("population_baseline") Baseline populationBaseline,
        @JsonProperty("weights") double[][] weights,
        @JsonProperty("bias") double[] bias,
        @JsonProperty("training") Map<String, Object> training) {

    public static final String FORMAT = "barometer-functionals-model/1";
    /** A real model file is ~50 kB; anything far larger is not one. */
    private static final int MAX_BYTES = 8 * 1024 * 1024;

    /** JSON form of a {@link SpeakerBaseline}. */
    public record Baseline(@JsonProperty("mean") double[] mean, @JsonProperty("scale") double[] scale) {
        public SpeakerBaseline toSpeakerBaseline() {
            return new SpeakerBaseline(mean, scale);
        }

        public static Baseline of(SpeakerBaseline b) {
            return new Baseline(b.mean(), b.scale());
        }
    }

    /** Checks every shape and value; one message naming the first problem. */
    public FunctionalsClassifier {
        if (!FORMAT.equals(format)) throw new IllegalArgumentException("model format '" + format + "', expected " + FORMAT);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model has no name");
        if (labels == null || labels.size() < 2) throw new IllegalArgumentException("model needs at least two labels");
        if (features == null || features.isEmpty()) throw new IllegalArgumentException("model has no features");
        if (new HashSet<>(features).size() != features.size()) throw new IllegalArgumentException("duplicate feature names");
        if (populationBaseline == null || populationBaseline.mean == null || populationBaseline.scale == null
                || populationBaseline.mean.length != features.size()) {
            throw new IllegalArgumentException("population_baseline must have mean and scale of length " + features.size());
        }
        populationBaseline.toSpeakerBaseline(); // validates values
        if (weights == null || weights.length != labels.size()) throw new IllegalArgumentException("weights must have " + labels.size() + " rows");
        for (double[] row : weights) {
            if (row == null || row.length != features.size()) throw new IllegalArgumentException("every weights row must have " + features.size() + " values");
            requireFinite(row, "weights");
        }
        if (bias == null || bias.length != labels.size()) throw new IllegalArgumentException("bias must have " + labels.size() + " values");
        requireFinite(bias, "bias");
        labels = List.copyOf(labels);
        features = List.copyOf(features);
        training = training == null ? Map.of() : training;
    }

    /** The linear scores {@code W·z + b} (in {@code labels} order) for raw feature values, z-scored by {@code baseline}. */
    public double[] logits(double[] rawFeatures, SpeakerBaseline baseline) {
        double[] z = baseline.normalise(rawFeatures);
        double[] logits = bias.clone();
        for (int c = 0; c < logits.length; c++) {
            for (int j = 0; j < z.length; j++) logits[c] += weights[c][j] * z[j];
        }
        return logits;
    }

    /** Class probabilities (in {@code labels} order) for raw feature values, z-scored by {@code baseline}: the softmax of the logits. */
    public double[] probabilities(double[] rawFeatures, SpeakerBaseline baseline) {
        double[] p = logits(rawFeatures, baseline);
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) max = Math.max(max, v);
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(p[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) p[c] /= sum;
        return p;
    }

    /**
     * The same classifier with every logit divided by {@code temperature} (weights and bias divided by it),
     * and {@code training} as its provenance. The most probable class never changes; T &gt; 1 softens the
     * probabilities, T &lt; 1 sharpens them.
     */
    public FunctionalsClassifier withTemperature(double temperature, Map<String, Object> training) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) throw new IllegalArgumentException("temperature must be finite and > 0, not " + temperature);
        double[][] w = new double[weights.length][];
        for (int c = 0; c < w.length; c++) {
            w[c] = weights[c].clone();
            for (int j = 0; j < w[c].length; j++) w[c][j] /= temperature;
        }
        double[] b = bias.clone();
        for (int c = 0; c < b.length; c++) b[c] /= temperature;
        return new FunctionalsClassifier(format, name, labels, features, populationBaseline, w, b, training);
    }

    public static FunctionalsClassifier read(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) throw new IOException(source + ": larger than " + MAX_BYTES + " bytes; not a model file");
        try {
            return mapper().readValue(bytes, FunctionalsClassifier.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String msg = cause instanceof com.fasterxml.jackson.core.JsonProcessingException jpe ? jpe.getOriginalMessage() : cause.getMessage();
            throw new IOException(source + ": not a valid " + FORMAT + " file: " + msg, e);
        }
    }

    /** Writes the model as JSON; the same model always gives the same bytes. */
    public void write(OutputStream out) throws IOException {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"));
        printer.indentArraysWith(DefaultPrettyPrinter.NopIndenter.instance);
        mapper().writer(printer).writeValue(out, this);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(com.fasterxml.jackson.core.JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    private static void requireFinite(double[] values, String what) {
        for (double v : values) if (!Double.isFinite(v)) throw new IllegalArgumentException(what + " contains " + v);
    }
}
