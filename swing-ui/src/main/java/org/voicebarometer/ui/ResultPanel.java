package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.StressReport;

import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JTextField;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The barometer for one analysis: gauge, emotions, biomarkers, timeline, warnings, and the note. */
final class ResultPanel extends JPanel {
    /** Saves the note and tags of the analysis just shown. */
    interface NoteSaver {
        void save(String note, List<String> tags) throws Exception;
    }

    final StressGauge gauge = new StressGauge();
    final ProbabilityBars bars = new ProbabilityBars();
    final BiomarkerPanel biomarkers = new BiomarkerPanel();
    final TimelineChart timeline = new TimelineChart();
    private final JLabel headline = new JLabel(" ");
    private final JLabel details = new JLabel(" ");
    private final JLabel warnings = new JLabel();
    private final JPanel timelineSection;
    private final JPanel biomarkerSection;
    private final JPanel noteRow;
    final JTextField note = new JTextField(28);
    final JTextField tags = new JTextField(14);
    final JButton saveNote = new JButton("Save note");
    private final JLabel noteStatus = new JLabel(" ");
    private NoteSaver noteSaver;

    ResultPanel() {
        super();
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        setOpaque(false);
        headline.setName("headline");
        headline.setFont(headline.getFont().deriveFont(Font.BOLD, 20f));
        details.setForeground(Palette.MUTED);
        warnings.setName("warnings");
        warnings.setForeground(Palette.STRESSED.darker());

        JPanel emotions = new JPanel(new BorderLayout(0, 10));
        emotions.setOpaque(false);
        JPanel titles = new JPanel(new GridLayout(0, 1, 0, 2));
        titles.setOpaque(false);
        titles.add(headline);
        titles.add(details);
        emotions.add(titles, BorderLayout.NORTH);
        emotions.add(bars, BorderLayout.CENTER);
        emotions.add(warnings, BorderLayout.SOUTH);

        JPanel top = new JPanel(new GridLayout(1, 2, 24, 0));
        top.setOpaque(false);
        top.add(gauge);
        top.add(emotions);
        add(left(top));
        add(Box.createVerticalStrut(12));
        biomarkerSection = section("Voice biomarkers", biomarkers);
        add(left(biomarkerSection));
        timelineSection = section("Over time", timeline);
        timelineSection.setVisible(false);
        add(Box.createVerticalStrut(8));
        add(left(timelineSection));
        add(Box.createVerticalStrut(8));
        noteRow = noteRow();
        add(left(noteRow));
        // Nothing to show under the gauge until the first analysis.
        biomarkerSection.setVisible(false);
        noteRow.setVisible(false);
        setBorder(BorderFactory.createEmptyBorder(8, 4, 4, 4));
        setNoteSaver(null);
    }

    private JPanel noteRow() {
        note.setName("note");
        tags.setName("tags");
        saveNote.setName("saveNote");
        note.putClientProperty("JTextField.placeholderText", "a note for your journal (optional)");
        tags.putClientProperty("JTextField.placeholderText", "tags, comma separated");
        saveNote.addActionListener(e -> saveNote());
        JPanel row = new JPanel(new FlowLayout(FlowLayout.LEFT, 8, 0));
        row.setOpaque(false);
        row.add(new JLabel("Note"));
        row.add(note);
        row.add(tags);
        row.add(saveNote);
        noteStatus.setForeground(Palette.MUTED);
        row.add(noteStatus);
        return row;
    }

    static JPanel section(String title, JComponent body) {
        JPanel p = new JPanel(new BorderLayout(0, 6));
        p.setOpaque(false);
        JLabel label = new JLabel(title);
        label.setFont(label.getFont().deriveFont(Font.BOLD, 15f));
        p.add(label, BorderLayout.NORTH);
        p.add(body, BorderLayout.CENTER);
        return p;
    }

    /** A full-width row of the vertical stack, exactly as tall as its content wants (BoxLayout would stretch it). */
    private static JComponent left(JComponent c) {
        JPanel row = new JPanel(new BorderLayout()) {
            @Override
            public Dimension getMaximumSize() {
                return new Dimension(Integer.MAX_VALUE, getPreferredSize().height);
            }
        };
        row.setOpaque(false);
        row.add(c);
        row.setAlignmentX(Component.LEFT_ALIGNMENT);
        return row;
    }

    void show(StressReport report, String source) {
        gauge.setScore(report.stressScore());
        bars.setProbabilities(report.probabilities());
        headline.setText(String.format(Locale.ROOT, "%s · %d %% sure", report.emotion(), Math.round(report.confidence() * 100)));
        details.setText(String.format(Locale.ROOT, "%s · %.1f s (%.1f s of speech) · model %s", source, report.durationS(),
                report.speechS(), report.model().name()));
        warnings.setText(report.warnings().isEmpty() ? "" : "<html>" + report.warnings().stream()
                .map(w -> "⚠ " + escape(w.message())).collect(Collectors.joining("<br>")) + "</html>");
        biomarkers.setBiomarkers(report.biomarkers());
        timeline.setTimeline(report.timeline(), report.durationS());
        timelineSection.setVisible(report.timeline().size() > 1);
        biomarkerSection.setVisible(!report.biomarkers().isEmpty());
        noteRow.setVisible(true);
        note.setText("");
        tags.setText("");
        noteStatus.setText(" ");
        revalidate();
        repaint();
    }

    /** Where a note goes; null when the analysis is not in the journal (no note then). */
    void setNoteSaver(NoteSaver saver) {
        noteSaver = saver;
        note.setEnabled(saver != null);
        tags.setEnabled(saver != null);
        saveNote.setEnabled(saver != null);
    }

    private void saveNote() {
        if (noteSaver == null) return;
        List<String> tagList = Arrays.stream(tags.getText().split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        try {
            noteSaver.save(note.getText().strip(), tagList);
            noteStatus.setText("saved to your journal");
        } catch (Exception e) {
            noteStatus.setText("could not save: " + e.getMessage());
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
