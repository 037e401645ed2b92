package org.voicebarometer.ui;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;

/**
 * The frame both charts share: a plot area with stress 0–100 up the left side and gridlines,
 * and the mapping from (x in [x0, x1], stress in [0, 1]) to pixels.
 */
final class StressPlot {
    static final int LEFT = 40, RIGHT = 14, TOP = 12, BOTTOM = 26;
    final double x0, x1;
    final int left, top, width, height;

    StressPlot(int componentWidth, int componentHeight, double x0, double x1) {
        this.x0 = x0;
        this.x1 = x1 > x0 ? x1 : x0 + 1;
        this.left = LEFT;
        this.top = TOP;
        this.width = Math.max(1, componentWidth - LEFT - RIGHT);
        this.height = Math.max(1, componentHeight - TOP - BOTTOM);
    }

    double x(double value) {
        return left + (value - x0) / (x1 - x0) * width;
    }

    double y(double stress) {
        return top + (1 - Math.max(0, Math.min(1, stress))) * height;
    }

    int bottom() {
        return top + height;
    }

    /** Gridlines at 0, 25, 50, 75, 100 with their labels. */
    void drawGrid(Graphics2D g, Font font) {
        g.setFont(font.deriveFont(Font.PLAIN, 11f));
        FontMetrics fm = g.getFontMetrics();
        for (int s = 0; s <= 100; s += 25) {
            double y = y(s / 100.0);
            g.setColor(Palette.GRID);
            g.draw(new Line2D.Double(left, y, left + width, y));
            g.setColor(Palette.MUTED);
            String label = Integer.toString(s);
            g.drawString(label, left - 8 - fm.stringWidth(label), (float) (y + fm.getAscent() / 2.0 - 1));
        }
    }

    /** A label centred under x. */
    void drawXLabel(Graphics2D g, String label, double xValue) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Palette.MUTED);
        g.drawString(label, (float) (x(xValue) - fm.stringWidth(label) / 2.0), bottom() + fm.getAscent() + 6);
    }
}
