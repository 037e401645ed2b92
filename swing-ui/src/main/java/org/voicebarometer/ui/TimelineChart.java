package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.StressReport;

import javax.swing.JComponent;
import java.awt.BasicStroke;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/** A long recording's stress over time: one coloured step per analysed window. */
final class TimelineChart extends JComponent {
    private List<StressReport.Window> windows = List.of();
    private double durationS;

    TimelineChart() {
        setName("timeline");
        setPreferredSize(new Dimension(600, 130));
    }

    void setTimeline(List<StressReport.Window> timeline, double durationS) {
        this.windows = List.copyOf(timeline);
        this.durationS = durationS;
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        StressPlot plot = new StressPlot(getWidth(), getHeight(), 0, Math.max(durationS, 1));
        plot.drawGrid(g, getFont());
        for (StressReport.Window w : windows) {
            double x0 = plot.x(w.startS()), x1 = plot.x(w.endS());
            double y = plot.y(w.stressScore());
            g.setColor(Palette.alpha(Palette.forStress(w.stressScore()), 90));
            g.fill(new Rectangle2D.Double(x0, y, Math.max(1, x1 - x0 - 1), plot.bottom() - y));
            g.setColor(Palette.forStress(w.stressScore()));
            g.setStroke(new BasicStroke(2.5f));
            g.draw(new java.awt.geom.Line2D.Double(x0, y, x1 - 1, y));
        }
        int step = niceStep(plot.x1);
        for (int s = 0; s <= plot.x1; s += step) plot.drawXLabel(g, String.format(Locale.ROOT, "%d s", s), s);
        g.dispose();
    }

    /** Seconds between x labels so that about six fit. */
    static int niceStep(double seconds) {
        for (int step : new int[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600}) if (seconds / step <= 6) return step;
        return 1200;
    }
}
