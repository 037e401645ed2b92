package org.voicebarometer.engine.tensor;

import java.io.IOException;

/** A safetensors file (or index) that breaks a rule: the message says what, where and which limit. */
public final class SafetensorsException extends IOException {
    private static final long serialVersionUID = 1L;

    public SafetensorsException(String message) {
        super(message);
    }
}
