package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.Reason.TOO_LARGE;

import java.util.Locale;

/**
 * Caps a decoder checks before it allocates, from the header where the header states a length,
 * and again while it decodes where it does not.
 *
 * @param maxDecodedBytes    cap on frames × channels × 4 bytes (the decoded audio as 32-bit floats)
 * @param maxDurationSeconds cap on the recording's duration
 */
public record AudioLimits(long maxDecodedBytes, double maxDurationSeconds) {
    /** Two hours of 48 kHz stereo: roomy for any voice log, far below what a forged header claims. */
    public static final AudioLimits DEFAULT = new AudioLimits(7200L * 48_000 * 2 * Float.BYTES, 7200);

    /** Java arrays stop a little below 2³¹ elements; no limit may promise more. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    public AudioLimits {
        if (maxDecodedBytes <= 0) throw new IllegalArgumentException("maxDecodedBytes must be positive: " + maxDecodedBytes);
        if (!(maxDurationSeconds > 0)) throw new IllegalArgumentException("maxDurationSeconds must be positive: " + maxDurationSeconds);
    }

    /**
     * The most frames a stream of this shape may hold, or fewer: the smallest of the memory cap,
     * the duration cap and the array limit.
     */
    long maxFrames(int channels, int sampleRate) {
        long byMemory = maxDecodedBytes / ((long) channels * Float.BYTES);
        long byDuration = (long) Math.floor(maxDurationSeconds * sampleRate);
        return Math.min(MAX_ARRAY_LENGTH, Math.min(byMemory, byDuration));
    }

    /** Refuses a stream of {@code frames} frames before anything is allocated for it. */
    void checkFrames(String what, long frames, int channels, int sampleRate) throws AudioFormatException {
        if (frames > maxFrames(channels, sampleRate)) throw tooLarge(what, frames, channels, sampleRate);
    }

    AudioFormatException tooLarge(String what, long frames, int channels, int sampleRate) {
        double seconds = frames / (double) sampleRate;
        double bytes = (double) frames * channels * Float.BYTES;
        return new AudioFormatException(TOO_LARGE, String.format(Locale.ROOT,
                "%s: %d frames × %d channels at %d Hz (%.1f s, %.2f GB decoded) exceed the limit of %.1f s and %.2f GB",
                what, frames, channels, sampleRate, seconds, bytes / 1e9, maxDurationSeconds, maxDecodedBytes / 1e9));
    }
}
