package org.voicebarometer.convert;

import java.io.IOException;

/**
 * A checkpoint the converter refuses: broken, unsupported or hostile. The message is the one line a
 * user sees (what was wrong, where, which limit).
 */
public final class CheckpointFormatException extends IOException {
    public CheckpointFormatException(String message) {
        super(message);
    }
}
