package org.voicebarometer.ui;

import javax.swing.JComponent;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.geom.RoundRectangle2D;

/** The microphone's loudness right now, on a dBFS scale from −60 to 0; red near clipping. */
final class LevelMeter extends JComponent {
    static final double FLOOR_DB = -60;
    private double db = FLOOR_DB;

    LevelMeter() {
        setName("levelMeter");
        setPreferredSize(new Dimension(240, 12));
    }

    /** @param rms the RMS of the last block of samples in [0, 1] */
    void setRms(double rms) {
        db = rms > 0 ? Math.max(FLOOR_DB, 20 * Math.log10(rms)) : FLOOR_DB;
        repaint();
    }

    /** The level shown, as a fraction of the meter's length. */
    double fraction() {
        return (db - FLOOR_DB) / -FLOOR_DB;
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        Graphics2D g = Palette.smooth((Graphics2D) graphics.create());
        int w = getWidth(), h = getHeight();
        g.setColor(Palette.TRACK);
        g.fill(new RoundRectangle2D.Double(0, 0, w, h, h, h));
        double f = fraction();
        g.setColor(db > -3 ? Palette.STRESSED : db > -12 ? Palette.TENSE : Palette.CALM);
        if (f > 0) g.fill(new RoundRectangle2D.Double(0, 0, Math.max(h, w * f), h, h, h));
        g.dispose();
    }
}
