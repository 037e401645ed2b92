package org.voicebarometer.engine.analysis;

import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An emotion model over acoustic functionals ({@link AcousticFunctionals}): the built-in model shipped in
 * the jar (trained on EmoDB by {@code ./barometer train}), or a model file written by that command.
 * Its own labels (EmoDB's seven emotions) fold onto the five through the standard {@link LabelMapping}.
 */
public final class FunctionalsEmotionModel implements EmotionModel {
    /** The built-in model, a resource of the engine jar. */
    public static final String BUILT_IN_RESOURCE = "/org/voicebarometer/engine/analysis/builtin-emotion-model.json";

    private final FunctionalsClassifier classifier;
    private final SpeakerBaseline baseline;
    private final LabelMapping mapping;
    private final ModelDescription description;

    private FunctionalsEmotionModel(FunctionalsClassifier classifier, SpeakerBaseline baseline, String kind) {
        List<String> expected = AcousticFunctionals.names();
        if (!classifier.features().equals(expected)) {
            throw new IllegalArgumentException("model '" + classifier.name() + "' was trained on other acoustic features than this engine computes ("
                    + classifier.features().size() + " vs " + expected.size() + " features, first difference: " + firstDifference(classifier.features(), expected)
                    + "); retrain it with ./barometer train");
        }
        this.classifier = classifier;
        this.baseline = baseline;
        this.mapping = LabelMapping.standard();
        mapping.requireAll(classifier.labels());
        this.description = new ModelDescription(classifier.name(), kind, ModelDescription.PROBABILITIES, classifier.labels());
    }

    /** The model shipped in the jar, normalised with its population baseline. */
    public static FunctionalsEmotionModel builtIn() {
        try (InputStream in = FunctionalsEmotionModel.class.getResourceAsStream(BUILT_IN_RESOURCE)) {
            if (in == null) throw new IllegalStateException("built-in model resource " + BUILT_IN_RESOURCE + " missing from the jar");
            FunctionalsClassifier c = FunctionalsClassifier.read(in, "built-in model");
            return new FunctionalsEmotionModel(c, c.populationBaseline().toSpeakerBaseline(), ModelDescription.BUILTIN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A model file written by {@code ./barometer train}. */
    public static FunctionalsEmotionModel load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            FunctionalsClassifier c = FunctionalsClassifier.read(in, file.toString());
            return new FunctionalsEmotionModel(c, c.populationBaseline().toSpeakerBaseline(), ModelDescription.BUILTIN);
        }
    }

    /** The same model normalising with a speaker's own baseline instead of the population's. */
    public FunctionalsEmotionModel withBaseline(SpeakerBaseline speaker) {
        return new FunctionalsEmotionModel(classifier, speaker, description.kind());
    }

    public FunctionalsClassifier classifier() {
        return classifier;
    }

    @Override
    public ModelDescription description() {
        return description;
    }

    @Override
    public EmotionEstimate estimate(float[] samples16k) {
        double[] p = classifier.probabilities(AcousticFunctionals.compute(samples16k), baseline);
        Map<String, Double> own = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) own.put(classifier.labels().get(c), p[c]);
        return new EmotionEstimate(mapping.fold(classifier.labels(), p), own);
    }

    private static String firstDifference(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!a.get(i).equals(b.get(i))) return "#" + i + " '" + a.get(i) + "' vs '" + b.get(i) + "'";
        }
        return "#" + Math.min(a.size(), b.size()) + " (one list is longer)";
    }
}
