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
            {"08a01Na.wav", 0.21364688612996982, 0.06831551585488488, 0.02539373285893001, 0.3562276145782169, 0.1978624071766041, 7.24969941393731E-4, 0.13782887346000058},
            {"10a02Fa.wav", 0.001433039751181151, 0.4987535367770736, 1.688195605978741E-4, 8.312112290258785E-5, 0.25242212107326223, 0.056707964914986926, 0.1904313967999956},
            {"11a02Tc.wav", 0.030327199943591916, 1.884269116580354E-5, 0.9355328145537439, 0.033161141742041565, 6.393563855893828E-4, 7.171500365950069E-8, 3.2057296886400636E-4},
            {"13a01Lb.wav", 0.04455364709370728, 0.010613712046039732, 0.015557342176370986, 0.8734664397027532, 0.03356626000373408, 2.1055392687996654E-4, 0.02203204505051483},
            {"14a01Aa.wav", 0.0020596232144015473, 0.014552665185154424, 0.0014113541344433112, 4.7888002878489173E-4, 0.8978470936010917, 7.269885349048977E-4, 0.08292339530121923},
            {"16a01Wb.wav", 3.6571684439325723E-9, 0.005087533805391784, 1.1963906359172826E-13, 2.8194042310560158E-8, 3.515372525052111E-6, 0.9949088494834719, 6.948728067695085E-8},
            {"12a02Ec.wav", 0.5127181526056165, 8.747526839783819E-4, 0.08808579521613452, 0.21795079546607476, 0.002323834687923415, 0.005125991311358639, 0.17292067802891395},
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
