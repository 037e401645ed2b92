package org.voicebarometer.engine.analysis.training;

import org.voicebarometer.engine.analysis.FunctionalsClassifier;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in model's confidence calibration: one temperature fitted on the leave-one-speaker-out logits
 * of held-out speakers normalised with the population baseline — exactly what a new user gets from
 * {@code analyze} — and how it does there and with the speakers' own baselines.
 *
 * @param temperature the fitted T, by which the shipped weights and bias are divided
 * @param population  NLL and ECE on the population-baseline LOSO predictions, before (T = 1) and after
 * @param own         the same on the own-baseline LOSO predictions, with the temperature that would suit them best
 */
public record Calibration(double temperature, Figures population, Figures own) {

    /**
     * NLL and top-label ECE over EmoDB's seven labels, ECE also over the five emotions (the confidence a report
     * shows), before (T = 1) and after calibration.
     *
     * @param bestTemperature the temperature these predictions alone would have been given
     */
    public record Figures(double nllBefore, double nllAfter, double eceBefore, double eceAfter,
                          double eceFiveBefore, double eceFiveAfter, double bestTemperature) {
        static Figures of(LeaveOneSpeakerOut.Predictions p, double temperature) {
            return new Figures(p.nll(1), p.nll(temperature), p.ece(1), p.ece(temperature), p.eceFive(1), p.eceFive(temperature),
                    TemperatureScaling.fit(p.logits(), p.truth()));
        }

        Map<String, Object> provenance() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("nll_before", nllBefore);
            m.put("nll_after", nllAfter);
            m.put("ece_before", eceBefore);
            m.put("ece_after", eceAfter);
            m.put("ece_five_before", eceFiveBefore);
            m.put("ece_five_after", eceFiveAfter);
            m.put("best_temperature", bestTemperature);
            return m;
        }
    }

    public static Calibration fit(LeaveOneSpeakerOut.Result loso) {
        double t = TemperatureScaling.fit(loso.population().logits(), loso.population().truth());
        return new Calibration(t, Figures.of(loso.population(), t), Figures.of(loso.own(), t));
    }

    /** {@code model} with its logits divided by the temperature, and this calibration added to its provenance. */
    public FunctionalsClassifier applyTo(FunctionalsClassifier model) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("method", "temperature scaling (Guo et al. 2017), folded into weights and bias");
        c.put("fitted_on", "leave-one-speaker-out logits, held-out speaker z-scored with the training speakers' population baseline");
        c.put("temperature", temperature);
        c.put("ece_bins", ExpectedCalibrationError.BINS);
        c.put("loso_population_baseline", population.provenance());
        c.put("loso_own_baseline", own.provenance());
        Map<String, Object> training = new LinkedHashMap<>(model.training());
        training.put("calibration", c);
        return model.withTemperature(temperature, training);
    }
}
