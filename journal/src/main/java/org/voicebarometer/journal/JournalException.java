package org.voicebarometer.journal;

import java.io.IOException;

/** The journal cannot be opened, read or written; the message is one line a user can act on. */
public final class JournalException extends IOException {
    public JournalException(String message) {
        super(message);
    }

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
