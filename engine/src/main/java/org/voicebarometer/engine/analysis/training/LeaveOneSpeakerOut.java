package org.voicebarometer.engine.analysis.training;

import org.voicebarometer.engine.analysis.Emotion;
import org.voicebarometer.engine.analysis.EmotionProbabilities;
import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.LabelMapping;
import org.voicebarometer.engine.analysis.SpeakerBaseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Leave-one-speaker-out evaluation: for each speaker, train on the others and test on them. Every test
 * speaker is scored twice:
 * <ul>
 *   <li>{@code population}: normalised with the training speakers' population baseline — what
 *       {@code analyze} does for a new user today;</li>
 *   <li>{@code own}: normalised with the test speaker's own baseline (all their recordings) — what a
 *       user with a stored personal baseline would get.</li>
 * </ul>
 * Seven-class matrices are over EmoDB's labels; five-class ones fold labels and probabilities onto the
 * five emotions with the standard {@link LabelMapping} and take the most probable.
 */
public final class LeaveOneSpeakerOut {
    private LeaveOneSpeakerOut() {}

    public record Result(ConfusionMatrix population7, ConfusionMatrix population5,
                         ConfusionMatrix own7, ConfusionMatrix own5) {}

    public static Result evaluate(double[][] features, List<EmoDb.Utterance> utterances, List<String> featureNames,
                                  double lambda) {
        List<String> speakers = utterances.stream().map(EmoDb.Utterance::speaker).distinct().sorted().toList();
        List<String> five = Arrays.stream(Emotion.values()).map(Emotion::label).toList();
        Result r = new Result(new ConfusionMatrix(EmoDb.LABELS), new ConfusionMatrix(five),
                new ConfusionMatrix(EmoDb.LABELS), new ConfusionMatrix(five));
        LabelMapping mapping = LabelMapping.standard();
        for (String test : speakers) {
            List<Integer> trainIdx = new ArrayList<>();
            List<Integer> testIdx = new ArrayList<>();
            for (int i = 0; i < utterances.size(); i++) (utterances.get(i).speaker().equals(test) ? testIdx : trainIdx).add(i);
            FunctionalsClassifier model = Trainer.fit(select(features, trainIdx), select(utterances, trainIdx), featureNames,
                    lambda, "loso-without-" + test);
            double[][] testFeatures = select(features, testIdx);
            SpeakerBaseline own = SpeakerBaseline.of(testFeatures);
            SpeakerBaseline population = model.populationBaseline().toSpeakerBaseline();
            for (int k = 0; k < testIdx.size(); k++) {
                int truth = utterances.get(testIdx.get(k)).label();
                score(model.probabilities(testFeatures[k], population), truth, mapping, r.population7, r.population5);
                score(model.probabilities(testFeatures[k], own), truth, mapping, r.own7, r.own5);
            }
        }
        return r;
    }

    private static void score(double[] p, int truth, LabelMapping mapping, ConfusionMatrix seven, ConfusionMatrix five) {
        int best = 0;
        for (int c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
        seven.add(truth, best);
        EmotionProbabilities folded = mapping.fold(EmoDb.LABELS, p);
        five.add(mapping.map(EmoDb.LABELS.get(truth)).orElseThrow().ordinal(), folded.top().ordinal());
    }

    static double[][] select(double[][] rows, List<Integer> idx) {
        double[][] out = new double[idx.size()][];
        for (int k = 0; k < out.length; k++) out[k] = rows[idx.get(k)];
        return out;
    }

    static <T> List<T> select(List<T> rows, List<Integer> idx) {
        return idx.stream().map(rows::get).toList();
    }
}
