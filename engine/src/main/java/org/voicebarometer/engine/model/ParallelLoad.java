package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Threads;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Loads independent parts of a model (they share no tensor) on the kernel pool, so that converting and
 * packing one part overlaps with the next instead of only the packing being parallel. Each part runs
 * whole on one thread (the packing it starts then runs on that thread too); parts are started in the
 * order they were added, so add the longest first and the threads finish together.
 */
final class ParallelLoad {
    interface Part<T> {
        T load() throws IOException;
    }

    private final List<Part<?>> parts = new ArrayList<>();
    private Object[] results; // by part, once run

    /** Adds a part; its result is available from the returned supplier once {@link #run()} has returned. */
    <T> Supplier<T> add(Part<T> part) {
        int index = parts.size();
        parts.add(part);
        @SuppressWarnings("unchecked")
        Supplier<T> result = () -> (T) results[index];
        return result;
    }

    /** Loads every part on the pool; the first failure (a bad tensor) is rethrown as it was. */
    void run() throws IOException {
        Object[] loaded = new Object[parts.size()];
        try {
            Threads.parallelFor(parts.size(), i -> {
                try {
                    loaded[i] = parts.get(i).load();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        results = loaded;
    }
}
