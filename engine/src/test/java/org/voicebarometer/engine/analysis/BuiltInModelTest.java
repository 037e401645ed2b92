package org.voicebarometer.engine.analysis;

import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped model on EmoDB recordings (one per emotion, each from a different speaker), against the
 * seven probabilities it gave when it was trained. A change of AcousticFunctionals or of the audio front
 * end shows here first: retrain the model (docs/analysis.md) and update these values.
 */
class BuiltInModelTest {
    static final Path EMODB = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/emodb");

    /** file, then P(neutral, happiness, sadness, boredom, fear, anger, disgust) with the population baseline. */
    private static final Object[][] EXPECTED = {
            {"08a01Na.wav", 0.20149501412727847, 0.06876618472945276, 0.025513924487178704, 0.3697394367772354, 0.19599271332149598, 7.575638125899591E-4, 0.13773516274476869},
            {"10a02Fa.wav", 0.0017716557876226952, 0.5242516087674693, 1.1483130475691122E-4, 7.563744652437614E-5, 0.2816625638630236, 0.056219820473133036, 0.13590388235747008},
            {"11a02Tc.wav", 0.026272609151536157, 1.5362338383993026E-5, 0.9445150950113345, 0.02840503904196264, 5.363599825148187E-4, 6.061839725067704E-8, 2.554738558707515E-4},
            {"13a01Lb.wav", 0.041345556441554264, 0.010139871685681798, 0.014499870521589303, 0.8812300181575622, 0.031497266206461386, 1.9687675007231095E-4, 0.02109054023707891},
            {"14a01Aa.wav", 0.00214454429349016, 0.015618111427856131, 0.0014573358842528983, 5.398058793259773E-4, 0.8891653740405546, 8.270520351584443E-4, 0.09024777643936163},
            {"16a01Wb.wav", 4.100776348436975E-9, 0.005304067086755712, 1.0134689210992866E-13, 3.298513711912273E-8, 3.7184908511570048E-6, 0.9946921054292577, 7.190712057980489E-8},
            {"12a02Ec.wav", 0.5037416214269359, 7.392873823740384E-4, 0.0958853369765627, 0.23388398230922058, 0.0021525236831678785, 0.003921451940330366, 0.15967579628140852},
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
                assertEquals((double) row[c + 1], got[c], 1e-6, file + " " + model.description().labels().get(c)
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
