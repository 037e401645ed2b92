package org.voicebarometer.engine.biomarkers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioLoader;

/** Per-frame spectral descriptors against the numpy reference testdata/biomarkers/spectral_reference.py. */
class SpectralFramesTest {
    private static final Path ROOT = Path.of(System.getProperty("barometer.root", "."));

    @Test
    void matchesTheNumpyReference() throws IOException {
        JsonNode expected = new ObjectMapper().readTree(ROOT.resolve("testdata/biomarkers/spectral_expected.json").toFile());
        float[] x = AudioLoader.load(ROOT.resolve(expected.get("file").asText())).samples();
        double[] samples = new double[x.length];
        for (int i = 0; i < x.length; i++) samples[i] = x[i];
        SpectralFrames spectra = new SpectralFrames(new Sound(samples, 16_000));
        for (JsonNode frame : expected.get("frames")) {
            int f = frame.get("frame").asInt();
            for (int c = 0; c < SpectralFrames.CEPSTRA; c++) {
                assertEquals(frame.get("mfcc").get(c).asDouble(), spectra.mfcc[f][c], 1e-6, "mfcc" + (c + 1) + " frame " + f);
            }
            assertEquals(frame.get("slope_0_500").asDouble(), spectra.slope0to500[f], 1e-6, "slope 0-500 frame " + f);
            assertEquals(frame.get("slope_500_1500").asDouble(), spectra.slope500to1500[f], 1e-6, "slope 500-1500 frame " + f);
            assertEquals(frame.get("alpha_ratio_db").asDouble(), spectra.alphaRatio[f], 1e-6, "alpha ratio frame " + f);
            assertEquals(frame.get("hammarberg_db").asDouble(), spectra.hammarberg[f], 1e-6, "Hammarberg frame " + f);
        }
    }
}
