package org.voicebarometer.engine.analysis.training;

import org.voicebarometer.engine.analysis.Emotion;
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
 *       {@code analyze} does for a new user;</li>
 *   <li>{@code own}: normalised with the test speaker's own baseline (all their recordings) — what a
 *       user with a stored personal baseline would get.</li>
 * </ul>
 * The held-out logits are kept, so the figures can be read at any temperature ({@link TemperatureScaling}).
 * Seven-class matrices are over EmoDB's labels; five-class ones fold labels and probabilities onto the
 * five emotions with the standard {@link LabelMapping} and take the most probable.
 */
public final class LeaveOneSpeakerOut {
    private LeaveOneSpeakerOut() {}

    public record Result(Predictions population, Predictions own) {}

    /**
     * Held-out predictions, in speaker order.
     *
     * @param logits (utterances, EmoDB labels)
     * @param truth  (utterances) index into {@link EmoDb#LABELS}
     */
    public record Predictions(double[][] logits, int[] truth) {
        /** The predictions as probabilities, softmax(logits / T). */
        public double[][] probabilities(double temperature) {
            double[][] p = new double[logits.length][];
            for (int i = 0; i < p.length; i++) p[i] = TemperatureScaling.probabilities(logits[i], temperature);
            return p;
        }

        /** EmoDB's seven labels; the most probable one does not depend on the temperature. */
        public ConfusionMatrix sevenClasses() {
            ConfusionMatrix m = new ConfusionMatrix(EmoDb.LABELS);
            for (int i = 0; i < logits.length; i++) m.add(truth[i], argmax(logits[i]));
            return m;
        }

        /** The five emotions, probabilities folded at temperature T: adding up labels can change the winner. */
        public ConfusionMatrix fiveClasses(double temperature) {
            ConfusionMatrix m = new ConfusionMatrix(Arrays.stream(Emotion.values()).map(Emotion::label).toList());
            double[][] p = folded(temperature);
            int[] y = foldedTruth();
            for (int i = 0; i < p.length; i++) m.add(y[i], argmax(p[i]));
            return m;
        }

        /** The five emotions' probabilities (in {@link Emotion} order), folded at temperature T. */
        double[][] folded(double temperature) {
            LabelMapping mapping = LabelMapping.standard();
            double[][] p = probabilities(temperature);
            for (int i = 0; i < p.length; i++) p[i] = mapping.fold(EmoDb.LABELS, p[i]).toArray();
            return p;
        }

        int[] foldedTruth() {
            LabelMapping mapping = LabelMapping.standard();
            return Arrays.stream(truth).map(t -> mapping.map(EmoDb.LABELS.get(t)).orElseThrow().ordinal()).toArray();
        }

        public double nll(double temperature) {
            return TemperatureScaling.nll(logits, truth, temperature);
        }

        /** Top-label ECE over EmoDB's seven labels, {@value ExpectedCalibrationError#BINS} bins. */
        public double ece(double temperature) {
            return ExpectedCalibrationError.of(probabilities(temperature), truth, ExpectedCalibrationError.BINS);
        }

        /** Top-label ECE over the five emotions: the confidence a report shows. */
        public double eceFive(double temperature) {
            return ExpectedCalibrationError.of(folded(temperature), foldedTruth(), ExpectedCalibrationError.BINS);
        }
    }

    public static Result evaluate(double[][] features, List<EmoDb.Utterance> utterances, List<String> featureNames,
                                  double lambda) {
        List<String> speakers = utterances.stream().map(EmoDb.Utterance::speaker).distinct().sorted().toList();
        List<double[]> population = new ArrayList<>();
        List<double[]> own = new ArrayList<>();
        List<Integer> truth = new ArrayList<>();
        for (String test : speakers) {
            List<Integer> trainIdx = new ArrayList<>();
            List<Integer> testIdx = new ArrayList<>();
            for (int i = 0; i < utterances.size(); i++) (utterances.get(i).speaker().equals(test) ? testIdx : trainIdx).add(i);
            FunctionalsClassifier model = Trainer.fit(select(features, trainIdx), select(utterances, trainIdx), featureNames,
                    lambda, "loso-without-" + test);
            double[][] testFeatures = select(features, testIdx);
            SpeakerBaseline ownBaseline = SpeakerBaseline.of(testFeatures);
            SpeakerBaseline populationBaseline = model.populationBaseline().toSpeakerBaseline();
            for (int k = 0; k < testIdx.size(); k++) {
                truth.add(utterances.get(testIdx.get(k)).label());
                population.add(model.logits(testFeatures[k], populationBaseline));
                own.add(model.logits(testFeatures[k], ownBaseline));
            }
        }
        int[] y = truth.stream().mapToInt(Integer::intValue).toArray();
        return new Result(new Predictions(population.toArray(double[][]::new), y), new Predictions(own.toArray(double[][]::new), y));
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
        return best;
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
