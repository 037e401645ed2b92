package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Activations;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.util.List;

/**
 * The regression head of audeering's dimensional emotion models: mean over frames of
 * last_hidden_state → {@code classifier.dense} → tanh → {@code classifier.out_proj} (e.g. arousal,
 * dominance, valence).
 */
final class RegressionHead implements Head {
    static final String DENSE = "classifier.dense.weight";
    static final String OUT = "classifier.out_proj.weight";

    private final Linear dense;   // (d, hidden)
    private final Linear outProj; // (outputs, d)
    private final List<String> names;

    private RegressionHead(Linear dense, Linear outProj, List<String> names) {
        this.dense = dense;
        this.outProj = outProj;
        this.names = names;
    }

    static boolean matches(Weights w) {
        return w.has(DENSE) && w.has(OUT);
    }

    static RegressionHead load(Wav2Vec2Config c, Weights w) throws IOException {
        int h = c.hiddenSize();
        TensorInfo d = w.info(DENSE), o = w.info(OUT);
        if (d.rank() != 2 || d.dim(0) < 1 || d.dim(0) > 1_000_000) throw new ModelFormatException("tensor '" + DENSE + "' has shape " + d.shapeString() + ", expected [d, " + h + "]");
        if (o.rank() != 2 || o.dim(0) < 1 || o.dim(0) > 1_000_000) throw new ModelFormatException("tensor '" + OUT + "' has shape " + o.shapeString() + ", expected [outputs, " + d.dim(0) + "]");
        int dim = (int) d.dim(0), n = (int) o.dim(0);
        Linear dense = w.linear(DENSE, "classifier.dense.bias", dim, h);
        Linear out = w.linear(OUT, "classifier.out_proj.bias", n, dim);
        return new RegressionHead(dense, out, Head.labelsOrDefault(c.labels(), n, OUT));
    }

    @Override
    public float[] layerWeights() {
        return null;
    }

    @Override
    public FloatTensor logits(float[] states, int t) {
        float[] pooled = Head.meanOverFrames(states, t, dense.in());
        float[] hidden = new float[dense.out()];
        dense.forward(pooled, 1, hidden);
        Activations.tanh(hidden, hidden.length);
        float[] values = new float[outProj.out()];
        outProj.forward(hidden, 1, values);
        return FloatTensor.of(values, values.length);
    }

    @Override
    public Prediction predict(FloatTensor logits) {
        return new Prediction.Regression(names, logits.data());
    }

    @Override
    public Prediction template() {
        return new Prediction.Regression(names, new float[names.size()]);
    }

    @Override
    public String describe() {
        return "regression " + names;
    }
}
