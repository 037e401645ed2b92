package org.voicebarometer.convert;

import java.io.IOException;

/**
 * A checkpoint the converter refuses: broken, unsupported or hostile. The message is the one line a
 * user sees (what was wrong, where, which limit).
 */
public final class CheckpointFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public CheckpointFormatException(String message) {
        super(message);
    }
}
