package org.voicebarometer.ui;

import org.voicebarometer.journal.Baseline;
import org.voicebarometer.journal.DailyMean;
import org.voicebarometer.journal.JournalSummary;
import org.voicebarometer.journal.WeeklyTrend;

import javax.swing.JComponent;
import java.awt.BasicStroke;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The journal's chart: daily mean stress over the last 7 or 30 days (dots joined by a line), the
 * baseline as a shaded band (median ± 1 MAD) with its median dashed, and the weekly trend line.
 */
final class TrendChart extends JComponent {
    private JournalSummary summary;
    private int days = 7;

    TrendChart() {
        setName("trendChart");
        setPreferredSize(new Dimension(700, 300));
    }

    void show(JournalSummary summary, int days) {
        this.summary = summary;
        this.days = days;
        repaint();
    }

    int days() {
        return days;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        if (summary == null) {
            g.dispose();
            return;
        }
        LocalDate today = summary.today();
        LocalDate first = today.minusDays(days - 1);
        // Half a day of margin each side so the first and last dots are not on the frame.
        StressPlot plot = new StressPlot(getWidth(), getHeight(), -0.5, days - 0.5);
        plot.drawGrid(g, getFont());

        summary.stressBaseline().ifPresent(b -> drawBaseline(g, plot, b));
        summary.trend().ifPresent(t -> drawTrend(g, plot, t, first));

        List<DailyMean> shown = summary.daily().stream().filter(d -> !d.day().isBefore(first)).toList();
        Path2D line = new Path2D.Double();
        DailyMean previous = null;
        for (DailyMean d : shown) {
            double x = plot.x(ChronoUnit.DAYS.between(first, d.day())), y = plot.y(d.stress());
            // Join consecutive days only: a gap in the line is a day without recordings.
            if (previous != null && ChronoUnit.DAYS.between(previous.day(), d.day()) == 1) line.lineTo(x, y);
            else line.moveTo(x, y);
            previous = d;
        }
        g.setColor(Palette.TEXT);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(line);
        double r = days <= 7 ? 6 : 4.5;
        for (DailyMean d : shown) {
            double x = plot.x(ChronoUnit.DAYS.between(first, d.day())), y = plot.y(d.stress());
            g.setColor(Palette.forStress(d.stress()));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
            g.setColor(java.awt.Color.WHITE);
            g.setStroke(new BasicStroke(1.5f));
            g.draw(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }

        g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
        DateTimeFormatter label = days <= 7 ? DateTimeFormatter.ofPattern("EEE d", Locale.ENGLISH)
                : DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
        int step = days <= 7 ? 1 : 5;
        for (int i = days - 1; i >= 0; i -= step) {
            LocalDate day = first.plusDays(i);
            plot.drawXLabel(g, day.equals(today) ? "today" : label.format(day), i);
        }
        drawLegend(g, plot);
        if (shown.isEmpty()) {
            g.setColor(Palette.MUTED);
            g.setFont(getFont().deriveFont(Font.PLAIN, 14f));
            String text = "No recordings in these days yet.";
            g.drawString(text, plot.left + (plot.width - g.getFontMetrics().stringWidth(text)) / 2, plot.top + plot.height / 2);
        }
        g.dispose();
    }

    /** Top right: what the line, the dashes and the band are. */
    private void drawLegend(Graphics2D g, StressPlot plot) {
        g.setFont(getFont().deriveFont(Font.PLAIN, 11f));
        java.awt.FontMetrics fm = g.getFontMetrics();
        String[] labels = {"daily mean", "7-day trend", "usual range"};
        int gap = 18, swatch = 22;
        int width = 0;
        for (String l : labels) width += swatch + 6 + fm.stringWidth(l) + gap;
        int x = plot.left + plot.width - width + gap, y = plot.top + 4;
        for (int i = 0; i < labels.length; i++) {
            int cy = y + fm.getAscent() / 2;
            switch (i) {
                case 0 -> {
                    g.setColor(Palette.TEXT);
                    g.setStroke(new BasicStroke(2f));
                    g.drawLine(x, cy, x + swatch, cy);
                }
                case 1 -> {
                    g.setColor(Palette.MUTED);
                    g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {5, 4}, 0));
                    g.drawLine(x, cy, x + swatch, cy);
                }
                default -> {
                    g.setColor(Palette.alpha(Palette.ACCENT, 60));
                    g.fillRect(x, cy - 5, swatch, 10);
                }
            }
            g.setColor(Palette.MUTED);
            g.drawString(labels[i], x + swatch + 6, y + fm.getAscent());
            x += swatch + 6 + fm.stringWidth(labels[i]) + gap;
        }
    }

    private static void drawBaseline(Graphics2D g, StressPlot plot, Baseline b) {
        double yTop = plot.y(b.upper()), yBottom = plot.y(b.lower());
        g.setColor(Palette.alpha(Palette.ACCENT, 34));
        g.fill(new Rectangle2D.Double(plot.left, yTop, plot.width, Math.max(2, yBottom - yTop)));
        g.setColor(Palette.alpha(Palette.ACCENT, 150));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {5, 4}, 0));
        double y = plot.y(b.median());
        g.draw(new Line2D.Double(plot.left, y, plot.left + plot.width, y));
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 11f));
        g.drawString("your usual range", plot.left + 6, (float) yTop - 4);
    }

    private static void drawTrend(Graphics2D g, StressPlot plot, WeeklyTrend t, LocalDate first) {
        LocalDate end = t.start().plusDays(WeeklyTrend.WINDOW_DAYS - 1);
        LocalDate start = t.start().isBefore(first) ? first : t.start();
        double x0 = ChronoUnit.DAYS.between(first, start), x1 = ChronoUnit.DAYS.between(first, end);
        g.setColor(t.slopePerDay() > 0 && t.significant(0.05) ? Palette.STRESSED : Palette.MUTED);
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 10, new float[] {8, 6}, 0));
        g.draw(new Line2D.Double(plot.x(x0), plot.y(t.at(start)), plot.x(x1), plot.y(t.at(end))));
    }
}
