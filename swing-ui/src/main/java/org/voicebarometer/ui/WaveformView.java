package org.voicebarometer.ui;

import javax.swing.JComponent;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;

/**
 * The last few seconds of the recording as a scrolling envelope: one min/max pair per column,
 * newest on the right, kept in a ring so memory does not grow with the recording.
 */
final class WaveformView extends JComponent {
    private static final int COLUMNS = 600;
    private final float[] min = new float[COLUMNS];
    private final float[] max = new float[COLUMNS];
    private int head; // next column to write
    private int samplesPerColumn = 160; // 10 ms at 16 kHz: 6 s across
    private int filled;
    private float runMin = 1, runMax = -1;
    private boolean empty = true;

    WaveformView() {
        setName("waveform");
        setPreferredSize(new Dimension(600, 70));
    }

    void clear() {
        java.util.Arrays.fill(min, 0);
        java.util.Arrays.fill(max, 0);
        head = 0;
        filled = 0;
        runMin = 1;
        runMax = -1;
        empty = true;
        repaint();
    }

    /** Sets the time scale: {@code sampleRate / 100} samples per column (6 s on screen). */
    void setSampleRate(float sampleRate) {
        samplesPerColumn = Math.max(1, Math.round(sampleRate / 100));
    }

    /** Appends mono samples (called on the EDT). */
    void append(float[] samples, int count) {
        empty = false;
        for (int i = 0; i < count; i++) {
            runMin = Math.min(runMin, samples[i]);
            runMax = Math.max(runMax, samples[i]);
            if (++filled == samplesPerColumn) {
                min[head] = runMin;
                max[head] = runMax;
                head = (head + 1) % COLUMNS;
                filled = 0;
                runMin = 1;
                runMax = -1;
            }
        }
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        int w = getWidth(), h = getHeight();
        g.setColor(Palette.TRACK);
        g.fillRoundRect(0, 0, w, h, 10, 10);
        g.setColor(Palette.GRID);
        g.drawLine(4, h / 2, w - 4, h / 2);
        if (empty) {
            String hint = "your voice appears here while you record";
            g.setColor(Palette.MUTED);
            g.drawString(hint, (w - g.getFontMetrics().stringWidth(hint)) / 2, h / 2 - 6);
        }
        g.setColor(Palette.ACCENT);
        for (int x = 0; x < w; x++) {
            int column = (head + (int) ((long) x * COLUMNS / Math.max(1, w))) % COLUMNS;
            int top = (int) Math.round(h / 2.0 - max[column] * (h / 2.0 - 3));
            int bottom = (int) Math.round(h / 2.0 - min[column] * (h / 2.0 - 3));
            if (bottom > top) g.drawLine(x, top, x, bottom);
        }
        g.dispose();
    }
}
