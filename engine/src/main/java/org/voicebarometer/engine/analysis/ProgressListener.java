package org.voicebarometer.engine.analysis;

/** Told how far a long job has come; called from the working thread, so keep it quick. */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (done, total) -> {};

    /** {@code done} of {@code total} units (windows, files) finished. */
    void progress(int done, int total);
}
