package org.voicebarometer.engine.audio;

import java.util.Arrays;

/**
 * Collects mono samples from a decoder that cannot say up front how many there will be (MP3, a
 * FLAC stream without a total), growing by doubling and refusing to grow past the limits.
 */
final class MonoBuffer {
    private final String what;
    private final AudioLimits limits;
    private final int channels;
    private final int sampleRate;
    private final long maxFrames;
    private float[] data;
    private int size;

    MonoBuffer(String what, AudioLimits limits, int channels, int sampleRate, long expectedFrames) {
        this.what = what;
        this.limits = limits;
        this.channels = channels;
        this.sampleRate = sampleRate;
        this.maxFrames = limits.maxFrames(channels, sampleRate);
        long initial = Math.clamp(expectedFrames, 1 << 12, 1 << 24);
        this.data = new float[(int) Math.max(1, Math.min(initial, maxFrames))];
    }

    /** Appends the mean of one frame's channels, clamped to [−1, 1]. */
    void add(double mean) throws AudioFormatException {
        if (size == data.length) grow();
        data[size++] = (float) Math.max(-1.0, Math.min(1.0, mean));
    }

    int size() {
        return size;
    }

    float[] toArray(long maxLength) {
        return Arrays.copyOf(data, (int) Math.min(size, maxLength));
    }

    private void grow() throws AudioFormatException {
        if (size >= maxFrames) throw limits.tooLarge(what, size + 1L, channels, sampleRate);
        data = Arrays.copyOf(data, (int) Math.min(maxFrames, 2L * data.length));
    }
}
