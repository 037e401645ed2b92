package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Any bytes at all: the loader returns valid {@link Audio} or throws one {@link AudioFormatException}
 * with a one-line message; never another exception, an out-of-memory or a hang.
 *
 * <p>In a normal test run Jazzer replays the inputs under
 * {@code src/test/resources/org/voicebarometer/engine/audio/AudioLoaderFuzzTestInputs/} (seeds and
 * every input that once failed). {@code JAZZER_FUZZ=1} fuzzes instead, for {@code maxDuration}.
 */
class AudioLoaderFuzzTest {
    /** Small enough that an accepted forged header stays cheap; the checks are the same at any size. */
    private static final AudioLimits LIMITS = new AudioLimits(16L << 20, 60);

    @FuzzTest(maxDuration = "10m")
    void anyBytesGiveAudioOrOneError(byte[] input) {
        Audio audio;
        try {
            audio = AudioLoader.load(input, LIMITS);
        } catch (AudioFormatException e) {
            assertNotNull(e.reason());
            assertNotNull(e.getMessage());
            assertFalse(e.getMessage().isBlank());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            return;
        } catch (IOException e) {
            throw new AssertionError("an IOException that is not an AudioFormatException: " + e, e);
        }
        assertTrue(audio.samples().length > 0);
        assertTrue(audio.originalSampleRate() > 0);
        assertTrue(audio.originalChannels() >= 1 && audio.originalChannels() <= 256);
        assertNotNull(AudioFileTypeLabel.of(audio.format()));
        assertTrue(audio.durationSeconds() <= LIMITS.maxDurationSeconds() + 1, "duration " + audio.durationSeconds());
        for (float v : audio.samples()) assertTrue(v >= -1f && v <= 1f, "sample " + v);
    }

    /** Sniffing looks at 12 bytes at most and never fails. */
    @FuzzTest(maxDuration = "1m")
    void sniffingNeverThrows(byte[] input) {
        byte[] head = java.util.Arrays.copyOf(input, AudioFileType.SNIFF_BYTES);
        AudioFileType.sniff(head, Math.min(input.length, AudioFileType.SNIFF_BYTES))
                .ifPresent(type -> assertEquals(type, AudioFileType.valueOf(type.name())));
    }

    private static final class AudioFileTypeLabel {
        static AudioFileType of(String label) {
            for (AudioFileType t : AudioFileType.values()) if (t.label().equals(label)) return t;
            return null;
        }
    }
}
