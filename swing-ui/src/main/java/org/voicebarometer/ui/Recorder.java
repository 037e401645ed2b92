package org.voicebarometer.ui;

import org.voicebarometer.engine.audio.Resampler;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.util.Arrays;

/**
 * Records from a capture line at a format the device offers (16-bit PCM, its own rate and channels) on
 * a background thread, hands each block to a listener for the meter and waveform, and on
 * {@link #stop()} returns the recording mixed down to mono, which {@link Recording#at16k()} resamples
 * with the engine's {@link Resampler}. Recording stops by itself after {@value #MAX_SECONDS} s so memory stays bounded.
 */
final class Recorder {
    static final int MAX_SECONDS = 600;
    static final int TARGET_RATE = 16_000;
    /** Rates tried, in order, when the device does not state one. */
    private static final float[] RATES = {48_000, 44_100, 32_000, 16_000};

    /** Told about every captured block on the recording thread (keep it quick). */
    interface Listener {
        void block(float[] mono, int count, double rms);
    }

    private final TargetDataLine line;
    private final AudioFormat format;
    private final Thread thread;
    private final int maxFrames;
    private volatile boolean running = true;
    private float[] recorded = new float[1 << 16];
    private volatile int frames;
    private volatile Exception failure;

    private Recorder(TargetDataLine line, AudioFormat format, Listener listener) {
        this.line = line;
        this.format = format;
        this.maxFrames = (int) Math.min(Integer.MAX_VALUE - 8, (long) format.getSampleRate() * MAX_SECONDS);
        this.thread = Thread.ofPlatform().name("microphone").daemon().unstarted(() -> capture(listener));
    }

    /** Opens {@code line} at a format it supports and starts recording. */
    static Recorder start(TargetDataLine line, Listener listener) throws LineUnavailableException {
        AudioFormat format = captureFormat(line);
        line.open(format, (int) (format.getFrameSize() * format.getSampleRate() / 5)); // 200 ms buffer
        line.start();
        Recorder r = new Recorder(line, format, listener);
        r.thread.start();
        return r;
    }

    /** The first 16-bit signed PCM format of the line, at its own rate (or a common rate if it names none). */
    static AudioFormat captureFormat(TargetDataLine line) throws LineUnavailableException {
        if (line.getLineInfo() instanceof DataLine.Info info) {
            for (AudioFormat f : info.getFormats()) {
                if (!AudioFormat.Encoding.PCM_SIGNED.equals(f.getEncoding()) || f.getSampleSizeInBits() != 16) continue;
                int channels = f.getChannels() == AudioSystem.NOT_SPECIFIED ? 1 : f.getChannels();
                if (f.getSampleRate() != AudioSystem.NOT_SPECIFIED) {
                    return new AudioFormat(f.getSampleRate(), 16, channels, true, f.isBigEndian());
                }
                for (float rate : RATES) {
                    AudioFormat candidate = new AudioFormat(rate, 16, channels, true, f.isBigEndian());
                    if (line.getLineInfo().matches(new DataLine.Info(TargetDataLine.class, candidate))) return candidate;
                }
            }
        }
        throw new LineUnavailableException("the microphone offers no 16-bit PCM format");
    }

    float sampleRate() {
        return format.getSampleRate();
    }

    /** Seconds recorded so far. */
    double seconds() {
        return frames / (double) format.getSampleRate();
    }

    boolean isRunning() {
        return running && thread.isAlive();
    }

    private void capture(Listener listener) {
        int frameSize = format.getFrameSize();
        int channels = format.getChannels();
        boolean bigEndian = format.isBigEndian();
        byte[] buffer = new byte[Math.max(frameSize, (int) (format.getSampleRate() / 20) * frameSize)]; // 50 ms
        float[] mono = new float[buffer.length / frameSize];
        try {
            while (running && frames < maxFrames) {
                int read = line.read(buffer, 0, buffer.length - buffer.length % frameSize);
                if (read <= 0) {
                    if (!line.isOpen()) break;
                    continue;
                }
                int n = Math.min(read / frameSize, maxFrames - frames);
                double energy = 0;
                for (int i = 0; i < n; i++) {
                    float sum = 0;
                    for (int c = 0; c < channels; c++) {
                        int at = i * frameSize + 2 * c;
                        int lo = buffer[at + (bigEndian ? 1 : 0)] & 0xFF, hi = buffer[at + (bigEndian ? 0 : 1)];
                        sum += (short) ((hi << 8) | lo) / 32768f;
                    }
                    mono[i] = sum / channels;
                    energy += mono[i] * mono[i];
                }
                append(mono, n);
                listener.block(mono, n, n > 0 ? Math.sqrt(energy / n) : 0);
            }
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            running = false;
        }
    }

    private void append(float[] mono, int n) {
        if (frames + n > recorded.length) recorded = Arrays.copyOf(recorded, Math.max(frames + n, recorded.length * 2));
        System.arraycopy(mono, 0, recorded, frames, n);
        frames += n;
    }

    /** A finished recording, mono at the device's rate. */
    record Recording(float[] samples, int sampleRate) {
        /** Mono 16 kHz for the analysis; resampling takes a moment, so call it off the event thread. */
        float[] at16k() {
            return Resampler.resample(samples, sampleRate, TARGET_RATE);
        }
    }

    /** Stops, closes the line and returns what was recorded. */
    Recording stop() throws LineUnavailableException {
        running = false;
        line.stop();
        line.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) throw new LineUnavailableException("the microphone stopped: " + failure.getMessage());
        Recording recording = new Recording(Arrays.copyOf(recorded, frames), Math.round(format.getSampleRate()));
        recorded = new float[0]; // the voice is not kept in memory longer than needed
        return recording;
    }
}
