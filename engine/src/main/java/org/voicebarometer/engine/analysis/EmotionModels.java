package org.voicebarometer.engine.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Chooses the model behind a user's {@code --model} argument. */
public final class EmotionModels {
    private EmotionModels() {}

    /**
     * @param model    null for the built-in model; a directory for a Wav2Vec2/HuBERT checkpoint; a JSON
     *                 file written by {@code ./barometer train} for a functionals model
     * @param labelMap optional label mapping file (checkpoints only)
     */
    public static EmotionModel load(Path model, Path labelMap) throws IOException {
        if (model == null) {
            if (labelMap != null) throw new IllegalArgumentException("a label mapping applies to a checkpoint given with --model");
            return FunctionalsEmotionModel.builtIn();
        }
        if (Files.isDirectory(model)) return CheckpointEmotionModel.load(model, labelMap);
        if (Files.isRegularFile(model)) {
            if (labelMap != null) throw new IllegalArgumentException("a label mapping applies to a checkpoint directory, not to " + model);
            return FunctionalsEmotionModel.load(model);
        }
        throw new IOException(model + ": no such model directory or file");
    }
}
