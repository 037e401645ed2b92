package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped model on EmoDB recordings (one per emotion, each from a different speaker), against the
 * seven (calibrated) probabilities it gave when it was trained, within 0.001: rounding-level changes pass, a real change
 * of AcousticFunctionals or of the audio front end fails here first — retrain the model (docs/analysis.md)
 * and update these values.
 */
class BuiltInModelTest {
    static final Path EMODB = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/emodb");

    /** file, then P(neutral, happiness, sadness, boredom, fear, anger, disgust) with the population baseline. */
    private static final Object[][] EXPECTED = {
            {"08a01Na.wav", 0.2057859162009201, 0.09928156656081757, 0.052737461259469605, 0.2853324807916803, 0.19593275022190892, 0.005430524007473662, 0.15549930095772996},
            {"10a02Fa.wav", 0.009605437171583612, 0.4048352790988258, 0.0024476520043860655, 0.0015561163794743146, 0.26194595369408036, 0.10084680889648034, 0.21876275275516954},
            {"11a02Tc.wav", 0.0895973799499134, 7.987055636667223E-4, 0.8022292949588994, 0.09486298127552371, 0.007600432001102865, 2.2681713184334968E-5, 0.004888524537709471},
            {"13a01Lb.wav", 0.09885445022087702, 0.039511815364188727, 0.05045308160168121, 0.6624487957670402, 0.08248592041655174, 0.003223919050008913, 0.0630220175796523},
            {"14a01Aa.wav", 0.015274259541428137, 0.05330782087736353, 0.011995669302941556, 0.006011043457403153, 0.7434172268134539, 0.007849613190353053, 0.16214436681705657},
            {"16a01Wb.wav", 3.919851924335211E-6, 0.0331494332255936, 5.321257117206383E-9, 1.4464428895577093E-5, 3.1627988179165194E-4, 0.9664901500827203, 2.574720781727117E-5},
            {"12a02Ec.wav", 0.3994135812750269, 0.0067913337437538164, 0.12954069645861543, 0.23116642888398548, 0.012682529645115726, 0.021029946380796364, 0.1993754836127064},
    };

    @Test
    void shippedModelGivesItsTrainingTimeAnswers() throws IOException {
        FunctionalsEmotionModel model = FunctionalsEmotionModel.builtIn();
        assertEquals(AcousticFunctionals.names(), model.classifier().features());
        for (Object[] row : EXPECTED) {
            String file = (String) row[0];
            EmotionEstimate e = model.estimate(AudioLoader.load(EMODB.resolve(file)).samples());
            double[] got = e.modelOutputs().values().stream().mapToDouble(Double::doubleValue).toArray();
            for (int c = 0; c < got.length; c++) {
                assertEquals((double) row[c + 1], got[c], 1e-3, file + " " + model.description().labels().get(c)
                        + ": features or model changed — retrain the built-in model (docs/analysis.md)");
            }
        }
    }

    /** The shipped model is the calibrated one: its provenance carries the temperature and what it did on held-out speakers. */
    @Test
    @SuppressWarnings("unchecked")
    void shippedModelIsCalibrated() {
        Map<String, Object> calibration = (Map<String, Object>) FunctionalsEmotionModel.builtIn().classifier().training().get("calibration");
        assertNotNull(calibration, "the built-in model was trained with --no-calibrate");
        assertTrue(((Number) calibration.get("temperature")).doubleValue() > 1, "EmoDB's raw LOSO confidences are too high, so T > 1");
        Map<String, Object> population = (Map<String, Object>) calibration.get("loso_population_baseline");
        assertTrue(((Number) population.get("nll_after")).doubleValue() < ((Number) population.get("nll_before")).doubleValue());
        assertTrue(((Number) population.get("ece_after")).doubleValue() < ((Number) population.get("ece_before")).doubleValue());
    }

    @Test
    void foldsEmoDbsSevenOntoTheFive() throws IOException {
        // 16a01Wb is anger: Stressed, and nearly all of its probability is stress (0.967).
        EmotionEstimate e = FunctionalsEmotionModel.builtIn().estimate(AudioLoader.load(EMODB.resolve("16a01Wb.wav")).samples());
        assertEquals(Emotion.STRESSED, e.probabilities().top());
        assertEquals(e.modelOutputs().get("anger") + e.modelOutputs().get("disgust"), e.probabilities().get(Emotion.STRESSED), 1e-12);
        assertEquals(e.modelOutputs().get("sadness") + e.modelOutputs().get("boredom"), e.probabilities().get(Emotion.SAD), 1e-12);
        assertTrue(e.probabilities().stressScore() > 0.95);
    }
}
