package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped model on EmoDB recordings (one per emotion, each from a different speaker), against the
 * seven probabilities it gave when it was trained, within 0.001: rounding-level changes pass, a real change
 * of AcousticFunctionals or of the audio front end fails here first — retrain the model (docs/analysis.md)
 * and update these values.
 */
class BuiltInModelTest {
    static final Path EMODB = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/emodb");

    /** file, then P(neutral, happiness, sadness, boredom, fear, anger, disgust) with the population baseline. */
    private static final Object[][] EXPECTED = {
            {"08a01Na.wav", 0.22081508734776562, 0.06801024472805267, 0.024426433182101397, 0.35973614058651293, 0.1946559599700872, 7.451574309869789E-4, 0.1316109767544931},
            {"10a02Fa.wav", 0.001435640478692088, 0.5118927487112261, 1.3322664017666405E-4, 8.237200637349836E-5, 0.2439670812926717, 0.05821337294409067, 0.18427555792676942},
            {"11a02Tc.wav", 0.02758561154684965, 1.596311426406997E-5, 0.9422432531754424, 0.029347124070659, 5.461300482768536E-4, 6.280157847063911E-8, 2.618552429293341E-4},
            {"13a01Lb.wav", 0.04421403196886337, 0.010288996751424381, 0.014803096640501737, 0.878092300506048, 0.03212529417589138, 1.9925010420855898E-4, 0.02027702985306266},
            {"14a01Aa.wav", 0.0023725884127757065, 0.015487088082240487, 0.0013447542829581579, 5.165515837472097E-4, 0.8979871498509967, 8.092063851784524E-4, 0.08148266140210318},
            {"16a01Wb.wav", 4.250763366338868E-9, 0.005279332918164169, 9.375939146857452E-14, 3.252672483718675E-8, 3.7946118718311104E-6, 0.99471676837269, 6.731969209348806E-8},
            {"12a02Ec.wav", 0.5298637457906684, 6.779670089735504E-4, 0.09107806314544777, 0.22267801247262223, 0.002062643185568422, 0.0036979697834325256, 0.14994159861328718},
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

    @Test
    void foldsEmoDbsSevenOntoTheFive() throws IOException {
        // 16a01Wb is anger: Stressed, and nearly all of its probability is stress.
        EmotionEstimate e = FunctionalsEmotionModel.builtIn().estimate(AudioLoader.load(EMODB.resolve("16a01Wb.wav")).samples());
        assertEquals(Emotion.STRESSED, e.probabilities().top());
        assertEquals(e.modelOutputs().get("anger") + e.modelOutputs().get("disgust"), e.probabilities().get(Emotion.STRESSED), 1e-12);
        assertEquals(e.modelOutputs().get("sadness") + e.modelOutputs().get("boredom"), e.probabilities().get(Emotion.SAD), 1e-12);
        assertTrue(e.probabilities().stressScore() > 0.99);
    }
}
