package org.voicebarometer.ui;

import org.voicebarometer.journal.CsvExport;
import org.voicebarometer.journal.Journal;
import org.voicebarometer.journal.JournalEntry;
import org.voicebarometer.journal.JournalSummary;

import javax.swing.BorderFactory;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JTable;
import javax.swing.JToggleButton;
import javax.swing.table.DefaultTableModel;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.FlowLayout;
import java.awt.Font;
import java.awt.GridLayout;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The journal view: the last 7 or 30 days as a chart with the baseline band and the weekly trend,
 * the break notification when the rule fires, the numbers behind it, the entries, export and delete-all.
 */
final class JournalPanel extends JPanel {
    private final Optional<Journal> journal;
    private final Clock clock;
    private final String user;
    private final Predicate<String> confirm;
    final TrendChart chart = new TrendChart();
    final JLabel banner = new JLabel();
    final JLabel baseline = new JLabel(" ");
    final JLabel today = new JLabel(" ");
    final JLabel trend = new JLabel(" ");
    final JToggleButton week = new JToggleButton("Last 7 days", true);
    final JToggleButton month = new JToggleButton("Last 30 days");
    final JButton export = new JButton("Export CSV…");
    final JButton deleteAll = new JButton("Delete all…");
    final JLabel status = new JLabel(" ");
    private final DefaultTableModel rows = new DefaultTableModel(new Object[] {"When", "Emotion", "Stress", "Note"}, 0) {
        @Override
        public boolean isCellEditable(int row, int column) {
            return false;
        }
    };
    private JournalSummary summary;

    /**
     * @param problem why there is no journal (shown instead of it), when {@code journal} is empty
     * @param confirm asks the user a yes/no question
     */
    JournalPanel(Optional<Journal> journal, String problem, Clock clock, String user, Predicate<String> confirm) {
        super(new BorderLayout(0, 10));
        this.journal = journal;
        this.clock = clock;
        this.user = user;
        this.confirm = confirm;
        setName("journalPanel");
        setBorder(BorderFactory.createEmptyBorder(14, 16, 14, 16));

        ButtonGroup range = new ButtonGroup();
        range.add(week);
        range.add(month);
        week.setName("week");
        month.setName("month");
        export.setName("export");
        deleteAll.setName("deleteAll");
        week.addActionListener(e -> refresh());
        month.addActionListener(e -> refresh());
        export.addActionListener(e -> chooseExportFile());
        deleteAll.addActionListener(e -> deleteAllAfterConfirmation());

        JPanel bar = new JPanel(new BorderLayout());
        JPanel left = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 0));
        left.add(week);
        left.add(month);
        JPanel right = new JPanel(new FlowLayout(FlowLayout.RIGHT, 6, 0));
        status.setForeground(Palette.MUTED);
        right.add(status);
        right.add(export);
        right.add(deleteAll);
        bar.add(left, BorderLayout.WEST);
        bar.add(right, BorderLayout.EAST);

        banner.setName("breakBanner");
        banner.setOpaque(true);
        banner.setBackground(new Color(0xFFF4E0));
        banner.setForeground(new Color(0x8A5300));
        banner.setBorder(BorderFactory.createCompoundBorder(BorderFactory.createMatteBorder(0, 4, 0, 0, Palette.TENSE),
                BorderFactory.createEmptyBorder(8, 12, 8, 12)));
        banner.setFont(banner.getFont().deriveFont(Font.PLAIN, 13f));
        banner.setVisible(false);

        JPanel north = new JPanel(new BorderLayout(0, 10));
        north.add(bar, BorderLayout.NORTH);
        north.add(banner, BorderLayout.SOUTH);

        JPanel numbers = new JPanel(new GridLayout(1, 3, 16, 0));
        for (JLabel l : List.of(baseline, today, trend)) {
            l.setVerticalAlignment(JLabel.TOP);
            numbers.add(l);
        }
        baseline.setName("baseline");
        today.setName("today");
        trend.setName("trend");

        JTable table = new JTable(rows);
        table.setName("entries");
        table.setRowHeight(24);
        table.setFillsViewportHeight(true);
        table.getColumnModel().getColumn(0).setPreferredWidth(130);
        table.getColumnModel().getColumn(1).setPreferredWidth(80);
        table.getColumnModel().getColumn(2).setPreferredWidth(60);
        table.getColumnModel().getColumn(3).setPreferredWidth(420);
        JScrollPane entries = new JScrollPane(table);
        entries.setPreferredSize(new java.awt.Dimension(700, 150));

        JPanel center = new JPanel(new BorderLayout(0, 12));
        center.add(chart, BorderLayout.CENTER);
        JPanel south = new JPanel(new BorderLayout(0, 10));
        south.add(numbers, BorderLayout.NORTH);
        south.add(entries, BorderLayout.CENTER);
        center.add(south, BorderLayout.SOUTH);

        add(north, BorderLayout.NORTH);
        add(center, BorderLayout.CENTER);
        if (journal.isEmpty()) {
            status.setText(problem);
            status.setForeground(Palette.STRESSED);
            for (var b : List.of(week, month, export, deleteAll)) b.setEnabled(false);
        }
    }

    JournalSummary summary() {
        return summary;
    }

    /** Reloads the entries and recomputes the summary (call on the EDT; a month of rows is quick). */
    void refresh() {
        if (journal.isEmpty()) return;
        ZoneId zone = clock.getZone();
        LocalDate day = LocalDate.now(clock);
        int days = week.isSelected() ? 7 : 30;
        List<JournalEntry> entries;
        try {
            Instant from = JournalSummary.firstDayNeeded(day).atStartOfDay(zone).toInstant();
            entries = journal.get().entries(user, from, day.plusDays(1).atStartOfDay(zone).toInstant());
        } catch (IOException e) {
            status.setText(e.getMessage());
            return;
        }
        summary = JournalSummary.of(entries, day, zone);
        chart.show(summary, days);
        banner.setVisible(summary.advice().takeABreak());
        banner.setText("<html><b>Time for a break?</b> " + ResultPanel.escape(String.join("; ", summary.advice().reasons()))
                + ". A short walk, a glass of water or a few slow breaths can help.</html>");
        baseline.setText(html("Your usual level", summary.stressBaseline()
                .map(b -> String.format(Locale.ROOT, "%d (range %d–%d)<br>from %d recordings in 28 days",
                        pct(b.median()), pct(b.lower()), pct(b.upper()), b.samples()))
                .orElse("not yet — it needs 5 recordings<br>in the 28 days before today")));
        today.setText(html("Today", summary.todayStress().isPresent()
                ? String.format(Locale.ROOT, "%d<br>%s", pct(summary.todayStress().getAsDouble()),
                summary.todayStressZ().isPresent()
                        ? String.format(Locale.ROOT, "%.1f SD %s your usual", Math.abs(summary.todayStressZ().getAsDouble()),
                        summary.todayStressZ().getAsDouble() >= 0 ? "above" : "below")
                        : "")
                : "no recording yet today"));
        trend.setText(html("This week", summary.trend()
                .map(t -> String.format(Locale.ROOT, "%s %.1f points a day<br>p = %.3f over %d days%s",
                        t.slopePerDay() > 0 ? "rising" : "falling", Math.abs(t.slopePerDay()) * 100, t.pValue(), t.days(),
                        t.significant(0.05) ? "" : " (not significant)"))
                .orElse("no trend yet — it needs<br>recordings on 3 of the last 7 days")));
        rows.setRowCount(0);
        LocalDate first = day.minusDays(days - 1);
        DateTimeFormatter when = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
        for (JournalEntry e : entries.reversed()) {
            if (e.time().atZone(zone).toLocalDate().isBefore(first)) continue;
            String text = (e.note() == null ? "" : e.note()) + (e.tags().isEmpty() ? "" : "  #" + String.join(" #", e.tags()));
            rows.addRow(new Object[] {when.format(e.time().atZone(zone)), e.emotion(), pct(e.stressScore()), text.strip()});
        }
    }

    private static String html(String title, String body) {
        return "<html><span style='color:#6A737D'>" + title + "</span><br><span style='font-size:13pt'>" + body + "</span></html>";
    }

    private static int pct(double score) {
        return (int) Math.round(score * 100);
    }

    private void chooseExportFile() {
        JFileChooser chooser = new JFileChooser();
        chooser.setSelectedFile(new java.io.File("voice-journal.csv"));
        if (chooser.showSaveDialog(this) == JFileChooser.APPROVE_OPTION) exportTo(chooser.getSelectedFile().toPath());
    }

    /** Writes every entry of the user as CSV to {@code file}. */
    void exportTo(Path file) {
        if (journal.isEmpty()) return;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<JournalEntry> all = journal.get().entries(user);
            CsvExport.write(all, w);
            status.setText("exported " + all.size() + " entries to " + file.getFileName());
        } catch (IOException e) {
            status.setText("export failed: " + e.getMessage());
        }
    }

    void deleteAllAfterConfirmation() {
        if (journal.isEmpty()) return;
        if (!confirm.test("Delete every journal entry and every kept recording? This cannot be undone.")) return;
        try {
            Journal.Deletion d = journal.get().deleteAll();
            status.setText("deleted " + d.entries() + " entries and " + d.audioFiles() + " recordings");
        } catch (IOException e) {
            status.setText("delete failed: " + e.getMessage());
        }
        refresh();
    }
}
