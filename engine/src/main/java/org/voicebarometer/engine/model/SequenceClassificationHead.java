package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.util.List;

/**
 * transformers' {@code *ForSequenceClassification}: projector per frame, mean over frames, classifier;
 * optionally over the softmax-weighted sum of all hidden states ({@code use_weighted_layer_sum}).
 */
final class SequenceClassificationHead implements Head {
    private final float[] layerWeights; // (L + 1), already softmaxed, or null
    private final Linear projector;     // (classifier_proj_size, hidden)
    private final Linear classifier;    // (num_labels, classifier_proj_size)
    private final List<String> labels;

    private SequenceClassificationHead(float[] layerWeights, Linear projector, Linear classifier, List<String> labels) {
        this.layerWeights = layerWeights;
        this.projector = projector;
        this.classifier = classifier;
        this.labels = labels;
    }

    static SequenceClassificationHead load(Wav2Vec2Config c, Weights w) throws IOException {
        int h = c.hiddenSize(), p = c.classifierProjSize();
        TensorInfo cls = w.info("classifier.weight");
        if (cls.rank() != 2 || cls.dim(1) != p || cls.dim(0) < 1 || cls.dim(0) > 1_000_000)
            throw new ModelFormatException("tensor 'classifier.weight' has shape " + cls.shapeString() + ", expected [num_labels, " + p + "]");
        int n = (int) cls.dim(0);
        float[] lw = c.useWeightedLayerSum() ? Prediction.softmax(w.exact("layer_weights", c.numLayers() + 1)) : null;
        Linear projector = w.linear("projector.weight", "projector.bias", p, h);
        Linear classifier = w.linear("classifier.weight", "classifier.bias", n, p);
        return new SequenceClassificationHead(lw, projector, classifier, Head.labelsOrDefault(c.labels(), n, "classifier.weight"));
    }

    @Override
    public float[] layerWeights() {
        return layerWeights;
    }

    @Override
    public FloatTensor logits(float[] states, int t) {
        float[] projected = new float[t * projector.out()];
        projector.forward(states, t, projected);
        float[] pooled = Head.meanOverFrames(projected, t, projector.out());
        float[] logits = new float[classifier.out()];
        classifier.forward(pooled, 1, logits);
        return FloatTensor.of(logits, logits.length);
    }

    @Override
    public Prediction predict(FloatTensor logits) {
        return new Prediction.Classification(labels, Prediction.softmax(logits.data()));
    }

    @Override
    public Prediction template() {
        return new Prediction.Classification(labels, new float[labels.size()]);
    }

    @Override
    public String describe() {
        return "sequence classification (" + labels.size() + " labels" + (layerWeights != null ? ", weighted layer sum" : "") + ")";
    }
}
