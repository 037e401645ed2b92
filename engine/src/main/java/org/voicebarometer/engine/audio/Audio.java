package org.voicebarometer.engine.audio;

/**
 * Decoded audio ready for the model: mono, {@value #SAMPLE_RATE} Hz, samples in [−1, 1].
 *
 * @param samples            mono samples at {@value #SAMPLE_RATE} Hz, each in [−1, 1]
 * @param originalSampleRate the rate the file was recorded at, in Hz
 * @param originalChannels   the file's channel count (averaged into mono)
 * @param format             the detected container/codec: {@code wav}, {@code rf64}, {@code flac},
 *                           {@code mp3} or {@code ogg-vorbis}
 */
public record Audio(float[] samples, int originalSampleRate, int originalChannels, String format) {
    /** The rate every stage after the audio front end works at. */
    public static final int SAMPLE_RATE = 16_000;

    public double durationSeconds() {
        return samples.length / (double) SAMPLE_RATE;
    }
}
