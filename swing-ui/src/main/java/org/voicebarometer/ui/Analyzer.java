package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.StressReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** What the window needs from the analysis. The app wires the real {@code StressBarometer}; tests may fake it. */
public interface Analyzer {

    /** Loads and analyses an audio file; IOException with one clear line for an unreadable file. */
    StressReport analyze(Path file, ProgressListener progress) throws IOException;

    /** Analyses a microphone recording, mono 16 kHz in [−1, 1]. */
    StressReport analyze(float[] samples16k, ProgressListener progress) throws IOException;

    /** Prepares for the first analysis (see {@code EmotionModel.warmUp}); called off the event thread. */
    default void warmUp() {}

    /** Makes the analyzer for the chosen model: the built-in one (empty) or a converted checkpoint folder. */
    @FunctionalInterface
    interface Loader {
        Analyzer load(Optional<Path> checkpoint) throws IOException;
    }
}
