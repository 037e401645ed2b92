package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * End to end against SoX: our loader's 16 kHz output of a speech clip against
 * {@code sox in.wav -r 16000 out.wav} (committed by make-fixtures.sh). SoX's default filter puts its
 * −3 dB point at 95 % of the lower Nyquist frequency, ours differs only in the transition band and
 * below ~−100 dB, so the two agree to about 60 dB SNR; the issue asks for 40.
 */
class ResamplerSoxTest {
    static final double MIN_SNR_DB = 55;

    @ParameterizedTest
    @ValueSource(strings = {"speech-22050", "speech-44100", "speech-8000"})
    void agreesWithSox(String clip) throws IOException {
        Audio ours = AudioLoader.load(resource(clip + ".wav"));
        Audio sox = AudioLoader.load(resource(clip + "-sox16k.wav"));
        assertEquals(sox.samples().length, ours.samples().length);
        double signal = 0, error = 0;
        for (int i = 0; i < ours.samples().length; i++) {
            double r = sox.samples()[i], d = ours.samples()[i] - r;
            signal += r * r;
            error += d * d;
        }
        double snr = 10 * Math.log10(signal / error);
        System.out.printf(Locale.ROOT, "%s (%d Hz) → 16 kHz vs sox: SNR %.2f dB%n", clip, ours.originalSampleRate(), snr);
        assertTrue(snr > MIN_SNR_DB, clip + ": SNR " + snr + " dB");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = ResamplerSoxTest.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) throw new IOException("missing test resource /audio/" + name);
            return in.readAllBytes();
        }
    }
}
