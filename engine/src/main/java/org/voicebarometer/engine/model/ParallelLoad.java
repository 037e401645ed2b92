package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Threads;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Loads independent parts of a model (the encoder layers share no tensor) on the kernel pool, so that
 * converting and packing one layer overlaps with the next instead of only the packing being parallel.
 * Each part runs whole on one thread; the packing it starts then runs on that thread too.
 */
final class ParallelLoad {
    private ParallelLoad() {}

    interface Part {
        void load(int index) throws IOException;
    }

    /** Runs part(0 .. count-1) on the pool; the first failure (a bad tensor) is rethrown as it was. */
    static void forEach(int count, Part part) throws IOException {
        try {
            Threads.parallelFor(count, i -> {
                try {
                    part.load(i);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
