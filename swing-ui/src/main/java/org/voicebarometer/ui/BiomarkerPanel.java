package org.voicebarometer.ui;

import javax.swing.BorderFactory;
import javax.swing.JLabel;
import javax.swing.JPanel;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The key voice biomarkers, each with its value and what it means in plain words. */
final class BiomarkerPanel extends JPanel {

    /** How one biomarker is shown: the report's key, a name, how to print the value, and its meaning. */
    record Shown(String key, String name, String format, double scale, String meaning) {
        String value(double v) {
            return String.format(Locale.ROOT, format, v * scale);
        }
    }

    static final List<Shown> SHOWN = List.of(
            new Shown("f0_mean_hz", "Pitch", "%.0f Hz", 1, "how high your voice sits on average"),
            new Shown("f0_sd_hz", "Pitch movement", "%.0f Hz", 1, "melody; flat when tired, wide when excited"),
            new Shown("jitter_local", "Jitter", "%.2f %%", 100, "pitch wobble between cycles; rises with tension"),
            new Shown("shimmer_local", "Shimmer", "%.1f %%", 100, "loudness wobble between cycles"),
            new Shown("hnr_db", "Clarity (HNR)", "%.1f dB", 1, "clear tone vs breath and noise; lower is hoarser"),
            new Shown("speech_rate_syllables_per_s", "Speech rate", "%.1f syll/s", 1, "hurried speech is faster"),
            new Shown("pause_ratio", "Pauses", "%.0f %%", 100, "share of the speech spent silent"),
            new Shown("intensity_mean_db", "Loudness", "%.0f dB", 1, "how loud the recording is"));

    BiomarkerPanel() {
        super(new GridLayout(0, 2, 18, 8));
        setName("biomarkers");
        setOpaque(false);
        setBiomarkers(Map.of());
    }

    void setBiomarkers(Map<String, Double> biomarkers) {
        removeAll();
        for (Shown s : SHOWN) {
            if (!biomarkers.containsKey(s.key())) continue;
            Double v = biomarkers.get(s.key());
            boolean measured = v != null && Double.isFinite(v);
            JLabel label = new JLabel("<html><b>" + s.name() + "</b>&nbsp;&nbsp;"
                    + (measured ? s.value(v) : "<span style='color:#6A737D'>not measurable</span>")
                    + "<br><span style='color:#6A737D'>" + s.meaning() + "</span></html>");
            label.setName("biomarker." + s.key());
            label.setFont(label.getFont().deriveFont(Font.PLAIN, 13f));
            label.setBorder(BorderFactory.createEmptyBorder(2, 0, 2, 0));
            add(label);
        }
        revalidate();
        repaint();
    }
}
