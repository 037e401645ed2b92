package org.voicebarometer.engine.analysis;

import org.voicebarometer.engine.model.Prediction;
import org.voicebarometer.engine.model.Wav2Vec2Model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Wav2Vec2/HuBERT checkpoint directory (docs/model-format.md) as an emotion model. A classification
 * head's labels fold onto the five through a {@link LabelMapping}; a regression head with arousal and
 * valence outputs goes through the {@link DimensionalMapping}. Speech recognition and bare encoders are
 * refused when loaded.
 */
public final class CheckpointEmotionModel implements EmotionModel {
    /** A label mapping file the model directory may carry; a mapping given explicitly wins over it. */
    public static final String LABEL_MAP_FILE = "barometer-labels.json";

    private final Wav2Vec2Model model;
    private final ModelDescription description;
    private final LabelMapping labels;             // classifiers
    private final DimensionalMapping dimensions;   // regression heads

    private CheckpointEmotionModel(Wav2Vec2Model model, ModelDescription description, LabelMapping labels, DimensionalMapping dimensions) {
        this.model = model;
        this.description = description;
        this.labels = labels;
        this.dimensions = dimensions;
    }

    /**
     * @param dir      the checkpoint directory
     * @param labelMap a label mapping file, or null for {@code dir/barometer-labels.json} if present, else the defaults
     */
    public static CheckpointEmotionModel load(Path dir, Path labelMap) throws IOException {
        Wav2Vec2Model model = Wav2Vec2Model.load(dir);
        if (labelMap == null && Files.isRegularFile(dir.resolve(LABEL_MAP_FILE))) labelMap = dir.resolve(LABEL_MAP_FILE);
        LabelMapping mapping = labelMap == null ? LabelMapping.standard() : LabelMapping.withOverrides(labelMap);
        Prediction probe = model.predictionTemplate();
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        return switch (probe) {
            case Prediction.Classification c -> {
                mapping.requireAll(c.labels());
                yield new CheckpointEmotionModel(model, new ModelDescription(name, ModelDescription.CHECKPOINT,
                        ModelDescription.PROBABILITIES, c.labels()), mapping, null);
            }
            case Prediction.Regression r -> new CheckpointEmotionModel(model, new ModelDescription(name, ModelDescription.CHECKPOINT,
                    ModelDescription.DIMENSIONS, r.names()), null, DimensionalMapping.forDimensions(r.names()));
            case Prediction.Transcript t -> throw new IllegalArgumentException(dir + ": a speech recognition (CTC) model, not an emotion model");
            case Prediction.None none -> throw new IllegalArgumentException(dir + ": a bare encoder without a classification or regression head");
        };
    }

    @Override
    public ModelDescription description() {
        return description;
    }

    @Override
    public void warmUp() {
        model.warmUp();
    }

    @Override
    public EmotionEstimate estimate(float[] samples16k) {
        Prediction p = model.predict(samples16k).prediction();
        List<String> names = description.labels();
        double[] values = switch (p) {
            case Prediction.Classification c -> toDouble(c.probabilities());
            case Prediction.Regression r -> toDouble(r.values());
            default -> throw new IllegalStateException("model changed its head: " + p);
        };
        Map<String, Double> own = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) own.put(names.get(i), values[i]);
        EmotionProbabilities five = labels != null ? labels.fold(names, values) : dimensions.map(values);
        return new EmotionEstimate(five, own);
    }

    private static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) d[i] = x[i];
        return d;
    }
}
