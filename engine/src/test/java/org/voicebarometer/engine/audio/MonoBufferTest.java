package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MonoBufferTest {
    @Test
    void growsUpToTheLimitAndNoFurther() throws AudioFormatException {
        MonoBuffer buffer = new MonoBuffer("MP3", new AudioLimits(1 << 20, 1.0), 2, 10_000, 0);
        for (int i = 0; i < 10_000; i++) buffer.add(i % 2 == 0 ? 2.0 : -0.5);
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> buffer.add(0));
        assertEquals(AudioFormatException.Reason.TOO_LARGE, e.reason());
        assertEquals(10_000, buffer.size());
        assertArrayEquals(new float[]{1f, -0.5f}, buffer.toArray(2)); // clamped to full scale
    }

    /** Found by fuzzing: a 14 Hz FLAC allows fewer frames (840 in 60 s) than the initial capacity. */
    @Test
    void limitBelowTheInitialCapacity() throws AudioFormatException {
        MonoBuffer buffer = new MonoBuffer("FLAC", new AudioLimits(16L << 20, 60), 1, 14, 0);
        for (int i = 0; i < 840; i++) buffer.add(0.1);
        assertThrows(AudioFormatException.class, () -> buffer.add(0.1));
    }
}
