package org.voicebarometer.ui;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.TargetDataLine;

/**
 * A microphone for tests: offers one 16-bit format, delivers a sine (a different one per channel)
 * faster than real time by {@code speedup}, and stops delivering once closed, like a real line.
 */
class FakeLine implements TargetDataLine {
    final AudioFormat offered;
    final double leftHz, rightHz, amplitude;
    private final double speedup;
    private volatile boolean open, running;
    private long frame;
    volatile AudioFormat openedWith;

    FakeLine(float rate, int channels, boolean bigEndian, double leftHz, double rightHz, double amplitude, double speedup) {
        this.offered = new AudioFormat(rate, 16, channels, true, bigEndian);
        this.leftHz = leftHz;
        this.rightHz = rightHz;
        this.amplitude = amplitude;
        this.speedup = speedup;
    }

    /** The value channel {@code c} carries at frame {@code n}. */
    double sample(long n, int c) {
        double hz = c == 0 ? leftHz : rightHz;
        return amplitude * Math.sin(2 * Math.PI * hz * n / offered.getSampleRate());
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (!open) return 0;
        int frameSize = offered.getFrameSize();
        int frames = len / frameSize;
        try {
            Thread.sleep(Math.max(1, (long) (1000.0 * frames / offered.getSampleRate() / speedup)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (!open) return 0;
        for (int i = 0; i < frames; i++, frame++) {
            for (int c = 0; c < offered.getChannels(); c++) {
                short s = (short) Math.round(sample(frame, c) * 32767);
                int at = off + i * frameSize + 2 * c;
                b[at + (offered.isBigEndian() ? 0 : 1)] = (byte) (s >> 8);
                b[at + (offered.isBigEndian() ? 1 : 0)] = (byte) s;
            }
        }
        return frames * frameSize;
    }

    @Override public void open(AudioFormat format, int bufferSize) { open(format); }
    @Override public void open(AudioFormat format) { openedWith = format; open = true; }
    @Override public void open() { open(offered); }
    @Override public void close() { open = false; running = false; }
    @Override public boolean isOpen() { return open; }
    @Override public void start() { running = true; }
    @Override public void stop() { running = false; }
    @Override public boolean isRunning() { return running; }
    @Override public boolean isActive() { return running; }
    @Override public void drain() {}
    @Override public void flush() {}
    @Override public AudioFormat getFormat() { return openedWith != null ? openedWith : offered; }
    @Override public int getBufferSize() { return 8192; }
    @Override public int available() { return 0; }
    @Override public int getFramePosition() { return (int) frame; }
    @Override public long getLongFramePosition() { return frame; }
    @Override public long getMicrosecondPosition() { return (long) (frame * 1e6 / offered.getSampleRate()); }
    @Override public float getLevel() { return javax.sound.sampled.AudioSystem.NOT_SPECIFIED; }
    @Override public Line.Info getLineInfo() { return new DataLine.Info(TargetDataLine.class, offered); }
    @Override public Control[] getControls() { return new Control[0]; }
    @Override public boolean isControlSupported(Control.Type control) { return false; }
    @Override public Control getControl(Control.Type control) { throw new IllegalArgumentException("no controls"); }
    @Override public void addLineListener(LineListener listener) {}
    @Override public void removeLineListener(LineListener listener) {}
}
