package org.voicebarometer.ui;

import javax.swing.JComponent;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One horizontal bar per emotion with its probability in percent; the top emotion is drawn strongest. */
final class ProbabilityBars extends JComponent {
    private Map<String, Double> probabilities = Map.of();

    ProbabilityBars() {
        setName("probabilityBars");
        setPreferredSize(new Dimension(320, 190));
    }

    void setProbabilities(Map<String, Double> p) {
        probabilities = new LinkedHashMap<>(p);
        repaint();
    }

    Map<String, Double> probabilities() {
        return probabilities;
    }

    static Color colour(String label) {
        return switch (label) {
            case "Neutral" -> new Color(0x7A8699);
            case "Happy" -> Palette.CALM;
            case "Sad" -> new Color(0x5B7FD6);
            case "Anxious" -> Palette.TENSE;
            case "Stressed" -> Palette.STRESSED;
            default -> Palette.ACCENT;
        };
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        g.setFont(getFont().deriveFont(Font.PLAIN, 13f));
        FontMetrics fm = g.getFontMetrics();
        if (probabilities.isEmpty()) {
            g.setColor(Palette.MUTED);
            g.drawString("The five emotions appear here.", 0, fm.getAscent() + 4);
            g.dispose();
            return;
        }
        String top = probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        int labelWidth = probabilities.keySet().stream().mapToInt(fm::stringWidth).max().orElse(0) + 12;
        int valueWidth = g.getFontMetrics(getFont().deriveFont(Font.BOLD, 13f)).stringWidth("100 %") + 10;
        int rowHeight = Math.min(34, getHeight() / Math.max(1, probabilities.size()));
        int barHeight = Math.max(8, rowHeight - 16);
        int y = 0;
        for (Map.Entry<String, Double> e : probabilities.entrySet()) {
            int barX = labelWidth, barW = getWidth() - labelWidth - valueWidth;
            int barY = y + (rowHeight - barHeight) / 2;
            boolean isTop = e.getKey().equals(top);
            g.setColor(isTop ? Palette.TEXT : Palette.MUTED);
            g.setFont(getFont().deriveFont(isTop ? Font.BOLD : Font.PLAIN, 13f));
            g.drawString(e.getKey(), 0, y + (rowHeight + fm.getAscent() - fm.getDescent()) / 2);
            g.setColor(Palette.TRACK);
            g.fill(new RoundRectangle2D.Double(barX, barY, barW, barHeight, barHeight, barHeight));
            double p = Math.max(0, Math.min(1, e.getValue()));
            g.setColor(isTop ? colour(e.getKey()) : Palette.alpha(colour(e.getKey()), 150));
            g.fill(new RoundRectangle2D.Double(barX, barY, Math.max(barHeight, barW * p), barHeight, barHeight, barHeight));
            String value = String.format(Locale.ROOT, "%d %%", Math.round(p * 100));
            g.setColor(isTop ? Palette.TEXT : Palette.MUTED);
            g.drawString(value, getWidth() - g.getFontMetrics().stringWidth(value), y + (rowHeight + fm.getAscent() - fm.getDescent()) / 2);
            y += rowHeight;
        }
        g.dispose();
    }
}
