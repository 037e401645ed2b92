package org.voicebarometer.ui;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;

/** The app's few colours and fonts, in one place so every chart agrees. */
final class Palette {
    static final Color CALM = new Color(0x2E9E6A);
    static final Color TENSE = new Color(0xE0A526);
    static final Color STRESSED = new Color(0xD9534F);
    static final Color ACCENT = new Color(0x3574F0);
    static final Color GRID = new Color(0xE3E6EB);
    static final Color TEXT = new Color(0x1F2328);
    static final Color MUTED = new Color(0x6A737D);
    static final Color TRACK = new Color(0xEEF0F3);

    private Palette() {}

    /** Green below 1/3, amber to 2/3, red above: how a stress score in [0, 1] reads. */
    static Color forStress(double score) {
        return score < 1 / 3.0 ? CALM : score < 2 / 3.0 ? TENSE : STRESSED;
    }

    static Color alpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static Font font(Font base, int style, float size) {
        return base.deriveFont(style, size);
    }

    static Graphics2D smooth(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }
}
