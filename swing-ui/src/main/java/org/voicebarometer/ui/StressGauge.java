package org.voicebarometer.ui;

import javax.swing.JComponent;
import java.awt.BasicStroke;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Arc2D;
import java.awt.geom.Line2D;

/**
 * The barometer: a half-circle dial from 0 (calm) to 100 (stressed) with a needle at the stress
 * score, the number in large type and the verdict ("calm", "tense", "stressed") under it.
 */
final class StressGauge extends JComponent {
    private double score = Double.NaN; // [0, 1], NaN before the first analysis

    StressGauge() {
        setName("stressGauge");
        setPreferredSize(new Dimension(320, 220));
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
        double thickness = Math.max(14, Math.min(w, h) * 0.09);
        double radius = Math.min(w / 2.0 - thickness, h - thickness * 2.2 - 28);
        double cx = w / 2.0, cy = thickness + radius + 6;

        // The dial: three coloured thirds on a grey track, then the filled part up to the score.
        g.setStroke(new BasicStroke((float) thickness, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND));
        java.awt.Color[] zones = {Palette.CALM, Palette.TENSE, Palette.STRESSED};
        for (int i = 0; i < 3; i++) {
            g.setColor(Palette.alpha(zones[i], 60));
            g.draw(new Arc2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius, 180 - 60 * i, -60, Arc2D.OPEN));
        }
        boolean hasScore = !Double.isNaN(score);
        double s = hasScore ? Math.max(0, Math.min(1, score)) : 0;
        if (hasScore) {
            g.setColor(Palette.forStress(s));
            g.draw(new Arc2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius, 180, -180 * s, Arc2D.OPEN));
        }

        // Ticks every 10, labels at 0, 50, 100.
        g.setStroke(new BasicStroke(1.2f));
        g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
        FontMetrics small = g.getFontMetrics();
        for (int t = 0; t <= 100; t += 10) {
            double a = Math.PI * (1 - t / 100.0);
            double r0 = radius - thickness / 2 - 4, r1 = r0 - (t % 50 == 0 ? 9 : 5);
            g.setColor(Palette.MUTED);
            g.draw(new Line2D.Double(cx + r0 * Math.cos(a), cy - r0 * Math.sin(a), cx + r1 * Math.cos(a), cy - r1 * Math.sin(a)));
            if (t % 50 == 0) {
                String label = Integer.toString(t);
                double rl = r1 - 10;
                g.drawString(label, (float) (cx + rl * Math.cos(a) - small.stringWidth(label) / 2.0),
                        (float) (cy - rl * Math.sin(a) + small.getAscent() / 2.0));
            }
        }

        // The needle.
        if (hasScore) {
            double a = Math.PI * (1 - s);
            double len = radius - thickness / 2 - 16;
            g.setColor(Palette.TEXT);
            g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(cx, cy, cx + len * Math.cos(a), cy - len * Math.sin(a)));
        }
        g.setColor(Palette.TEXT);
        g.fillOval((int) cx - 6, (int) cy - 6, 12, 12);

        // The number and the verdict under the hub.
        String number = hasScore ? Integer.toString(displayed()) : "–";
        g.setFont(getFont().deriveFont(Font.BOLD, (float) Math.max(24, radius * 0.42)));
        FontMetrics big = g.getFontMetrics();
        g.setColor(hasScore ? Palette.forStress(s) : Palette.MUTED);
        float numberY = (float) (cy + big.getAscent() * 0.95);
        g.drawString(number, (float) (cx - big.stringWidth(number) / 2.0), numberY);
        String caption = hasScore ? "stress · " + verdict(s) : "record or open a voice log";
        g.setFont(getFont().deriveFont(Font.PLAIN, 14f));
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Palette.MUTED);
        g.drawString(caption, (float) (cx - fm.stringWidth(caption) / 2.0), numberY + fm.getHeight() + 2);
        g.dispose();
    }
}
