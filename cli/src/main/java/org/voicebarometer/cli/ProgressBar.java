package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.ProgressListener;

import java.io.PrintWriter;

/** A one-line progress bar on stderr, redrawn in place: {@code [#########-----------]  45/535 files}. */
final class ProgressBar implements ProgressListener {
    private static final int WIDTH = 30;
    private final PrintWriter err;
    private final String unit;
    private int lastDrawn = -1;

    ProgressBar(PrintWriter err, String unit) {
        this.err = err;
        this.unit = unit;
    }

    @Override
    public void progress(int done, int total) {
        int filled = total == 0 ? WIDTH : (int) ((long) done * WIDTH / total);
        if (filled == lastDrawn && done != total) return; // redraw only when the bar moves
        lastDrawn = filled;
        err.print("\r[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " " + unit);
        if (done == total) err.println();
        err.flush();
    }

    /** Prints a message on its own line without breaking the bar (the bar is redrawn next time). */
    void message(String line) {
        err.print("\r");
        err.println(line + " ".repeat(Math.max(0, WIDTH + 20 - line.length())));
        lastDrawn = -1;
        err.flush();
    }
}
