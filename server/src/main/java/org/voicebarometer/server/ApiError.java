package org.voicebarometer.server;

/** A request the service refuses: the HTTP status and the one line that goes into {@code {"error": …}}. */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
