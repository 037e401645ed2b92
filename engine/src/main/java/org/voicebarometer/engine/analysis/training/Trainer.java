package org.voicebarometer.engine.analysis.training;

import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.SpeakerBaseline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits the built-in model: each speaker's features are z-scored with that speaker's own baseline
 * (removing who is speaking, keeping how), then a multinomial logistic regression is fitted on all of
 * them. The population baseline (for users without their own) is pooled from the speakers' baselines.
 */
public final class Trainer {
    /** The L2 penalty of the shipped model (see docs/analysis.md for how it was chosen). */
    public static final double DEFAULT_LAMBDA = 0.01;

    private Trainer() {}

    public static FunctionalsClassifier fit(double[][] features, List<EmoDb.Utterance> utterances, List<String> featureNames,
                                            double lambda, String name) {
        List<String> speakers = utterances.stream().map(EmoDb.Utterance::speaker).distinct().sorted().toList();
        double[][] z = new double[features.length][];
        List<SpeakerBaseline> baselines = new ArrayList<>();
        for (String s : speakers) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < utterances.size(); i++) if (utterances.get(i).speaker().equals(s)) idx.add(i);
            SpeakerBaseline b = SpeakerBaseline.of(LeaveOneSpeakerOut.select(features, idx));
            baselines.add(b);
            for (int i : idx) z[i] = b.normalise(features[i]);
        }
        int[] y = utterances.stream().mapToInt(EmoDb.Utterance::label).toArray();
        SoftmaxRegression.Fit fit = SoftmaxRegression.fit(z, y, EmoDb.LABELS.size(), lambda);
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("corpus", "EmoDB, Burkhardt et al. 2005 (Interspeech), 16 kHz after resampling");
        training.put("utterances", utterances.size());
        training.put("speakers", speakers);
        training.put("normalisation", "per-speaker z-score");
        training.put("classifier", "multinomial logistic regression, L2");
        training.put("lambda", lambda);
        training.put("iterations", fit.iterations());
        return new FunctionalsClassifier(FunctionalsClassifier.FORMAT, name, EmoDb.LABELS, featureNames,
                FunctionalsClassifier.Baseline.of(SpeakerBaseline.pooled(baselines)), fit.weights(), fit.bias(), training);
    }
}
