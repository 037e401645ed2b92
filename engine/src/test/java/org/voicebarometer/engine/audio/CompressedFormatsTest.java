package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voicebarometer.engine.audio.ResamplerSoxTest.resource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioFormatException.Reason;

/** FLAC and MP3 through their decoders, against the WAV they were made from (make-fixtures.sh). */
class CompressedFormatsTest {
    @Test
    void flacIsLosslessAndStereoIsAveraged() throws IOException {
        DecodedPcm flac = FlacDecoder.decode(new ByteArrayInputStream(resource("speech-stereo.flac")), AudioLimits.DEFAULT);
        float[] left = WavDecoderTest.decode(resource("speech-22050.wav")).mono();
        assertEquals(22050, flac.sampleRate());
        assertEquals(2, flac.channels());
        assertEquals(22050, flac.mono().length);
        for (int i = 0; i < flac.mono().length; i++) assertEquals(left[i] / 2, flac.mono()[i], 0f, "sample " + i); // R is silent

        Audio audio = AudioLoader.load(resource("speech-stereo.flac"));
        assertEquals("flac", audio.format());
        assertEquals(16000, audio.samples().length);
    }

    @Test
    void mp3AgreesWithLamesOwnDecoder() throws IOException {
        DecodedPcm mp3 = Mp3Decoder.decode(new ByteArrayInputStream(resource("speech-44100.mp3")), AudioLimits.DEFAULT);
        float[] lame = WavDecoderTest.decode(resource("speech-44100-lame-decoded.wav")).mono();
        assertEquals(44100, mp3.sampleRate());
        assertEquals(1, mp3.channels());
        // LAME's decoder drops the encoder delay, JLayer keeps it and decodes LAME's Info frame as silence
        int bestLag = 0;
        double bestSnr = Double.NEGATIVE_INFINITY;
        for (int lag = 0; lag < 3000; lag++) {
            double snr = snr(lame, mp3.mono(), lag);
            if (snr > bestSnr) {
                bestSnr = snr;
                bestLag = lag;
            }
        }
        System.out.printf(Locale.ROOT, "MP3: JLayer vs LAME decoder SNR %.1f dB at lag %d samples%n", bestSnr, bestLag);
        assertTrue(bestSnr > 40, "SNR " + bestSnr);
        assertEquals(1152 + 576 + 529, bestLag, "Info frame + encoder delay + decoder delay");

        Audio audio = AudioLoader.load(resource("speech-44100.mp3"));
        assertEquals("mp3", audio.format());
        assertEquals(44100, audio.originalSampleRate());
    }

    @Test
    void truncatedAndCorruptCompressedFilesGiveOneError() throws IOException {
        byte[] flac = resource("speech-stereo.flac");
        for (int cut : new int[]{4, 8, 20, 41}) {
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(Arrays.copyOf(flac, cut)));
            assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        }
        byte[] mp3 = resource("speech-44100.mp3");
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(Arrays.copyOf(mp3, 100)));
        assertTrue(e.getMessage().startsWith("MP3"), e.getMessage());
    }

    @Test
    void flacWithoutStreamInfoOrWithAHugePictureBlock() {
        byte[] noStreamInfo = {'f', 'L', 'a', 'C', (byte) 0x81, 0, 0, 0}; // last block: PADDING of 0 bytes
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(noStreamInfo));
        assertEquals("FLAC: no STREAMINFO metadata block", e.getMessage());
        byte[] picture = {'f', 'L', 'a', 'C', (byte) 0x86, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0, 0, 0, 3, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(picture));
        assertEquals("FLAC: file ends inside the metadata blocks (truncated)", e.getMessage());
    }

    @Test
    void flacTotalSamplesAreCheckedAgainstTheLimits() throws IOException {
        byte[] flac = resource("speech-stereo.flac");
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> FlacDecoder.decode(new ByteArrayInputStream(flac), new AudioLimits(1 << 20, 0.5)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("FLAC: 22050 frames × 2 channels at 22050 Hz"), e.getMessage());
    }

    @Test
    void mp3LengthIsCheckedWhileDecoding() throws IOException {
        byte[] mp3 = resource("speech-44100.mp3");
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> Mp3Decoder.decode(new ByteArrayInputStream(mp3), new AudioLimits(1 << 20, 0.5)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("MP3: 22051 frames × 1 channels at 44100 Hz"), e.getMessage());
    }

    /** Found by fuzzing: jFLAC's frame search looped forever at the end of this stream. */
    @Test
    void flacThatOnceHungJflacEndsPromptly() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                Audio audio = AudioLoader.load(resource("crash-flac-jflac-loops-at-eof.flac"));
                assertTrue(audio.samples().length > 0);
            } catch (AudioFormatException e) {
                assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
            }
        });
    }

    private static double snr(float[] reference, float[] test, int lag) {
        double s = 0, e = 0;
        for (int i = 0; i < reference.length && i + lag < test.length; i++) {
            double d = test[i + lag] - reference[i];
            s += reference[i] * reference[i];
            e += d * d;
        }
        return 10 * Math.log10(s / e);
    }
}
