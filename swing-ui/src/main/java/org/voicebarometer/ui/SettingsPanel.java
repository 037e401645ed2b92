package org.voicebarometer.ui;

import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.JButton;
import javax.swing.JCheckBox;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFileChooser;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JRadioButton;
import java.awt.Component;
import java.awt.FlowLayout;
import java.awt.Font;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Which model, whether to keep recordings, which microphone. Every change applies at once. */
final class SettingsPanel extends JPanel {
    private static final String SYSTEM_DEFAULT = "System default";
    private AppSettings settings;
    private final Consumer<AppSettings> onChange;
    final JRadioButton builtIn = new JRadioButton("Built-in model (small, fast, ships with the app)");
    final JRadioButton checkpoint = new JRadioButton("A converted checkpoint folder:");
    final JLabel checkpointPath = new JLabel();
    final JCheckBox keepAudio = new JCheckBox("Keep my recordings");
    final JComboBox<String> microphone = new JComboBox<>();
    final JLabel microphoneNote = new JLabel(" ");

    SettingsPanel(AppSettings initial, List<String> devices, Path audioFolder, Consumer<AppSettings> onChange) {
        this.settings = initial;
        this.onChange = onChange;
        setName("settingsPanel");
        setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
        setBorder(BorderFactory.createEmptyBorder(16, 20, 16, 20));

        ButtonGroup models = new ButtonGroup();
        models.add(builtIn);
        models.add(checkpoint);
        builtIn.setName("builtInModel");
        checkpoint.setName("checkpointModel");
        builtIn.setSelected(initial.checkpoint().isEmpty());
        checkpoint.setSelected(initial.checkpoint().isPresent());
        checkpointPath.setText(initial.checkpoint().map(Path::toString).orElse("(none chosen)"));
        checkpointPath.setForeground(Palette.MUTED);
        JButton choose = new JButton("Choose…");
        choose.addActionListener(e -> chooseCheckpoint());
        builtIn.addActionListener(e -> change(settings.withCheckpoint(Optional.empty())));
        checkpoint.addActionListener(e -> {
            if (settings.checkpoint().isEmpty()) chooseCheckpoint();
        });
        JPanel checkpointRow = row(checkpoint, checkpointPath, choose);

        keepAudio.setName("keepAudio");
        keepAudio.setSelected(initial.keepAudio());
        keepAudio.addActionListener(e -> change(settings.withKeepAudio(keepAudio.isSelected())));

        microphone.setName("microphone");
        microphone.addItem(SYSTEM_DEFAULT);
        devices.forEach(microphone::addItem);
        initial.microphone().ifPresent(microphone::setSelectedItem);
        microphone.addActionListener(e -> {
            Object item = microphone.getSelectedItem();
            change(settings.withMicrophone(item == null || SYSTEM_DEFAULT.equals(item) ? Optional.empty() : Optional.of(item.toString())));
        });
        microphoneNote.setName("microphoneNote");
        if (devices.isEmpty()) {
            microphoneNote.setText("No microphone found on this computer. You can still open or drop an audio file.");
            microphoneNote.setForeground(Palette.STRESSED);
        }

        add(heading("Model"));
        add(row(builtIn));
        add(checkpointRow);
        add(hint("A Wav2Vec2 or HuBERT emotion checkpoint converted with ./barometer convert."));
        add(Box.createVerticalStrut(18));
        add(heading("Privacy"));
        add(row(keepAudio));
        JComponent privacy = hint("<html>Off: only the scores are saved, never your voice. On: microphone recordings are kept<br>"
                + "as WAV files in the journal-audio folder beside your journal, and Journal › Delete all removes them.</html>");
        privacy.setToolTipText(audioFolder.toString());
        add(privacy);
        add(Box.createVerticalStrut(18));
        add(heading("Microphone"));
        add(row(microphone));
        add(row(microphoneNote));
        add(Box.createVerticalGlue());
    }

    AppSettings settings() {
        return settings;
    }

    private void chooseCheckpoint() {
        JFileChooser chooser = new JFileChooser();
        chooser.setFileSelectionMode(JFileChooser.DIRECTORIES_ONLY);
        chooser.setDialogTitle("Choose a converted checkpoint folder");
        if (chooser.showOpenDialog(this) == JFileChooser.APPROVE_OPTION) {
            selectCheckpoint(chooser.getSelectedFile().toPath());
        } else if (settings.checkpoint().isEmpty()) {
            builtIn.setSelected(true);
        }
    }

    void selectCheckpoint(Path dir) {
        checkpoint.setSelected(true);
        checkpointPath.setText(dir.toString());
        change(settings.withCheckpoint(Optional.of(dir)));
    }

    private void change(AppSettings next) {
        settings = next;
        onChange.accept(next);
    }

    private static JLabel heading(String text) {
        JLabel l = new JLabel(text);
        l.setFont(l.getFont().deriveFont(Font.BOLD, 15f));
        l.setAlignmentX(Component.LEFT_ALIGNMENT);
        l.setBorder(BorderFactory.createEmptyBorder(0, 0, 6, 0));
        return l;
    }

    private static JComponent hint(String text) {
        JLabel l = new JLabel(text);
        l.setForeground(Palette.MUTED);
        l.setBorder(BorderFactory.createEmptyBorder(2, 26, 0, 0));
        l.setAlignmentX(Component.LEFT_ALIGNMENT);
        return l;
    }

    private static JPanel row(JComponent... parts) {
        JPanel p = new JPanel(new FlowLayout(FlowLayout.LEFT, 6, 2));
        p.setAlignmentX(Component.LEFT_ALIGNMENT);
        for (JComponent c : parts) p.add(c);
        p.setMaximumSize(new java.awt.Dimension(Integer.MAX_VALUE, p.getPreferredSize().height));
        return p;
    }
}
