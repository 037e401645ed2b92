package org.voicebarometer.engine.audio;

import java.io.IOException;

/**
 * Audio that cannot be read: one line saying what is wrong, where, and which limit was hit.
 * The {@link Reason} lets a front end choose its answer (e.g. HTTP 415, 413 or 400).
 */
public final class AudioFormatException extends IOException {
    public enum Reason {
        /** Not a format we read (unknown magic bytes, an unsupported codec or sample encoding). */
        UNSUPPORTED,
        /** Over a configured limit (input bytes, decoded memory, duration). */
        TOO_LARGE,
        /** Recognised but broken: truncated, inconsistent header, decoder failure. */
        MALFORMED
    }

    private final Reason reason;

    public AudioFormatException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AudioFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    static AudioFormatException malformed(String message) {
        return new AudioFormatException(Reason.MALFORMED, message);
    }

    static AudioFormatException unsupported(String message) {
        return new AudioFormatException(Reason.UNSUPPORTED, message);
    }

    public Reason reason() {
        return reason;
    }
}
