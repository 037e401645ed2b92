package org.voicebarometer.ui;

import javax.swing.JComponent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;

/**
 * The barometer: a half-circle dial from 0 (calm) to 100 (stressed), filled up to the stress score
 * with a knob there, the number in large type inside and the verdict ("calm", "tense", "stressed") under it.
 */
final class StressGauge extends JComponent {
    private double score = Double.NaN; // [0, 1], NaN before the first analysis

    StressGauge() {
        setName("stressGauge");
        setPreferredSize(new Dimension(380, 250));
    }

    /** The stress score shown, in [0, 1]; NaN when nothing has been analysed yet. */
    double score() {
        return score;
    }

    void setScore(double score) {
        this.score = score;
        setToolTipText(Double.isNaN(score) ? null : "stress score " + displayed() + " of 100");
        repaint();
    }

    /** The number printed on the dial: the score in percent, rounded. */
    int displayed() {
        return (int) Math.round(score * 100);
    }

    static String verdict(double score) {
        return score < 1 / 3.0 ? "calm" : score < 2 / 3.0 ? "tense" : "stressed";
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        int w = getWidth(), h = getHeight();
        double thickness = Math.max(14, Math.min(w, h) * 0.08);
        double radius = Math.max(20, Math.min(w / 2.0 - thickness - 4, h - thickness / 2 - 44));
        double cx = w / 2.0, cy = thickness / 2 + radius + 4;
        boolean hasScore = !Double.isNaN(score);
        double s = hasScore ? Math.max(0, Math.min(1, score)) : 0;

        // The dial: three faint thirds (calm, tense, stressed); the part up to the score in full colour.
        g.setStroke(new BasicStroke((float) thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        Color[] zones = {Palette.CALM, Palette.TENSE, Palette.STRESSED};
        for (int i = 0; i < 3; i++) {
            g.setColor(Palette.alpha(zones[i], 45));
            g.draw(arc(cx, cy, radius, i / 3.0, (i + 1) / 3.0));
            if (hasScore && s > i / 3.0) {
                g.setColor(zones[i]);
                g.draw(arc(cx, cy, radius, i / 3.0, Math.min(s, (i + 1) / 3.0)));
            }
        }

        // Ticks every 10 inside the dial, labels at 0, 50, 100.
        g.setStroke(new BasicStroke(1.2f));
        g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
        FontMetrics small = g.getFontMetrics();
        for (int t = 0; t <= 100; t += 10) {
            double a = Math.PI * (1 - t / 100.0);
            double r0 = radius - thickness / 2 - 5, r1 = r0 - (t % 50 == 0 ? 9 : 5);
            g.setColor(Palette.MUTED);
            g.draw(new Line2D.Double(cx + r0 * Math.cos(a), cy - r0 * Math.sin(a), cx + r1 * Math.cos(a), cy - r1 * Math.sin(a)));
            if (t % 50 == 0) {
                String label = Integer.toString(t);
                double rl = r1 - 12;
                g.drawString(label, (float) (cx + rl * Math.cos(a) - small.stringWidth(label) / 2.0),
                        (float) (cy - rl * Math.sin(a) + small.getAscent() / 2.0));
            }
        }

        // A knob on the dial at the score.
        if (hasScore) {
            double a = Math.PI * (1 - s);
            double kx = cx + radius * Math.cos(a), ky = cy - radius * Math.sin(a), kr = thickness * 0.75;
            g.setColor(Color.WHITE);
            g.fill(new Ellipse2D.Double(kx - kr, ky - kr, 2 * kr, 2 * kr));
            g.setColor(Palette.forStress(s));
            g.setStroke(new BasicStroke(3f));
            g.draw(new Ellipse2D.Double(kx - kr, ky - kr, 2 * kr, 2 * kr));
        }

        // The number inside the dial, the verdict under it.
        String number = hasScore ? Integer.toString(displayed()) : "";
        g.setFont(getFont().deriveFont(Font.BOLD, (float) Math.max(24, radius * 0.5)));
        FontMetrics big = g.getFontMetrics();
        g.setColor(hasScore ? Palette.forStress(s) : Palette.MUTED);
        g.drawString(number, (float) (cx - big.stringWidth(number) / 2.0), (float) cy);
        String caption = hasScore ? "stress · " + verdict(s) : "record or open a voice log";
        g.setFont(getFont().deriveFont(Font.PLAIN, 15f));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Palette.MUTED);
        g.drawString(caption, (float) (cx - fm.stringWidth(caption) / 2.0), (float) (cy + fm.getHeight() + 4));
        g.dispose();
    }

    /** The dial's arc from fraction {@code from} to {@code to} of the way from 0 (left) to 100 (right). */
    private static Arc2D arc(double cx, double cy, double r, double from, double to) {
        return new Arc2D.Double(cx - r, cy - r, 2 * r, 2 * r, 180 - 180 * from, -180 * (to - from), Arc2D.OPEN);
    }
}
