package org.voicebarometer.engine.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The waveform front end of {@code preprocessor_config.json}: whether to normalise each utterance to
 * zero mean and unit variance, at which sampling rate the model was trained.
 */
public record PreprocessorConfig(boolean doNormalize, int samplingRate) {
    public static final int SAMPLING_RATE = 16_000;
    public static final PreprocessorConfig DEFAULT = new PreprocessorConfig(true, SAMPLING_RATE);

    /** Reads {@code file}, or the defaults when it does not exist. */
    public static PreprocessorConfig readOrDefault(Path file) throws IOException {
        if (!Files.exists(file)) return DEFAULT;
        ConfigJson c = ConfigJson.read(file);
        int rate = c.positiveInt("sampling_rate", SAMPLING_RATE);
        if (rate != SAMPLING_RATE) throw c.error("sampling_rate", rate + " is not supported; the engine runs at " + SAMPLING_RATE + " Hz");
        if (c.integer("feature_size", 1) != 1) throw c.error("feature_size", "must be 1 (a raw waveform)");
        return new PreprocessorConfig(c.bool("do_normalize", true), rate);
    }
}
