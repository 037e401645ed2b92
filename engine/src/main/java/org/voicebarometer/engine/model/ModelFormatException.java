package org.voicebarometer.engine.model;

import java.io.IOException;

/** A model directory the engine cannot load (bad config, missing or mis-shaped tensor, unsupported variant). */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }
}
