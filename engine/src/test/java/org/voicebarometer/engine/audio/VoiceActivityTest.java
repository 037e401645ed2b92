package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.VoiceActivity.Segment;

class VoiceActivityTest {
    static final int RATE = 16000;

    @Test
    void voicedBurstsWithKnownGaps() {
        float[] x = noise(4.2, -60, 1);
        addVoiced(x, 0.3, 1.0);
        addVoiced(x, 1.3, 2.0);   // 0.3 s pause before
        addVoiced(x, 2.6, 3.2);   // 0.6 s pause before
        addVoiced(x, 3.28, 3.8);  // 0.08 s gap: shorter than a pause, closed
        VoiceActivity vad = VoiceActivity.detect(x);
        assertSegments(List.of(new Segment(0.3, 1.0), new Segment(1.3, 2.0), new Segment(2.6, 3.8)), vad.speech(), 0.02);
        assertSegments(List.of(new Segment(1.0, 1.3), new Segment(2.0, 2.6)), vad.pauses(), 0.02);
        assertEquals(0.9, vad.pauseSeconds(), 0.04);
    }

    @Test
    void loudNoiseWithoutVoicingIsNotSpeech() {
        float[] x = noise(3.0, -60, 2);
        addVoiced(x, 0.2, 1.0);
        float[] burst = noise(0.4, -15, 3);  // as loud as the voice, but aperiodic
        System.arraycopy(burst, 0, x, (int) (1.4 * RATE), burst.length);
        addVoiced(x, 2.2, 2.8);
        VoiceActivity vad = VoiceActivity.detect(x);
        assertSegments(List.of(new Segment(0.2, 1.0), new Segment(2.2, 2.8)), vad.speech(), 0.02);
    }

    @Test
    void silenceAndEmptyInputHaveNoSpeech() {
        assertEquals(List.of(), VoiceActivity.detect(new float[RATE]).speech());
        assertEquals(List.of(), VoiceActivity.detect(noise(1, -70, 4)).speech());
        assertEquals(List.of(), VoiceActivity.detect(new float[0]).speech());
        assertEquals(List.of(), VoiceActivity.detect(new float[100]).pauses());
    }

    /**
     * JFK's "And so my fellow Americans, ask not …": the pauses Praat finds with
     * To TextGrid (silences) (100 Hz, −25 dB, 0.25 s silent, 0.1 s sounding), each found again.
     */
    @Test
    void realSpeechPausesMatchPraat() throws IOException {
        Path jfk = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/speech/jfk.wav");
        VoiceActivity vad = VoiceActivity.detect(AudioLoader.load(jfk).samples());
        List<Segment> praat = List.of(new Segment(2.032, 3.288), new Segment(3.712, 4.008), new Segment(4.304, 5.408),
                new Segment(7.544, 8.192), new Segment(10.232, 10.760));
        System.out.println("jfk speech " + vad.speech());
        assertSegments(praat, vad.pauses(), 0.1);
    }

    static void assertSegments(List<Segment> expected, List<Segment> actual, double tolerance) {
        assertEquals(expected.size(), actual.size(), "expected " + expected + " got " + actual);
        for (int i = 0; i < expected.size(); i++) {
            Segment e = expected.get(i), a = actual.get(i);
            assertTrue(Math.abs(e.startSeconds() - a.startSeconds()) <= tolerance
                    && Math.abs(e.endSeconds() - a.endSeconds()) <= tolerance, "expected " + expected + " got " + actual);
        }
    }

    /** A 150 Hz harmonic complex (a crude vowel) at −12 dBFS, added over [from, to). */
    static void addVoiced(float[] x, double from, double to) {
        for (int n = (int) (from * RATE); n < (int) (to * RATE); n++) {
            double v = 0;
            for (int k = 1; k <= 10; k++) v += Math.sin(2 * Math.PI * 150 * k * n / RATE) / k;
            x[n] += (float) (0.25 * v / 1.6);
        }
    }

    static float[] noise(double seconds, double dbfs, long seed) {
        Random r = new Random(seed);
        float[] x = new float[(int) (seconds * RATE)];
        double sigma = Math.pow(10, dbfs / 20);
        for (int i = 0; i < x.length; i++) x[i] = (float) (sigma * r.nextGaussian());
        return x;
    }
}
