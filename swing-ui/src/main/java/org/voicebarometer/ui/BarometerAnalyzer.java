package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.EmotionModels;
import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.StressBarometer;
import org.voicebarometer.engine.analysis.StressReport;
import org.voicebarometer.engine.audio.Audio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The real analysis behind the window: the engine's {@link StressBarometer}. */
final class BarometerAnalyzer implements Analyzer {
    private final StressBarometer barometer;

    BarometerAnalyzer(StressBarometer barometer) {
        this.barometer = barometer;
    }

    /** The built-in model, or the model in a converted checkpoint folder. */
    static Analyzer load(Optional<Path> checkpoint) throws IOException {
        return new BarometerAnalyzer(new StressBarometer(EmotionModels.load(checkpoint.orElse(null), null)));
    }

    @Override
    public void warmUp() {
        barometer.warmUp();
    }

    @Override
    public StressReport analyze(Path file, ProgressListener progress) throws IOException {
        return barometer.analyze(file, progress);
    }

    @Override
    public StressReport analyze(float[] samples16k, ProgressListener progress) {
        return barometer.analyze(new Audio(samples16k, Audio.SAMPLE_RATE, 1, "microphone"), progress);
    }
}
