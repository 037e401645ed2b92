package org.voicebarometer.batch;

import org.voicebarometer.engine.analysis.EmotionModels;
import org.voicebarometer.engine.analysis.StressBarometer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * What the DoFn instances of one worker JVM share. A runner makes one DoFn instance per thread (and
 * more after failures); each would otherwise load its own model. Here a model is loaded once per JVM
 * and model path — its weights memory-mapped once, its {@link StressBarometer} thread-safe — and one
 * semaphore bounds how many recordings the JVM analyses at once, whatever the runner's thread count:
 * memory grows with each recording in flight.
 */
final class WorkerResources {
    private static final Map<ModelKey, StressBarometer> BAROMETERS = new ConcurrentHashMap<>();
    private static final Map<Integer, Semaphore> LIMITS = new ConcurrentHashMap<>();

    private WorkerResources() {}

    /**
     * @param model    a checkpoint directory or model file, or null for the built-in model
     * @param labelMap a label mapping for a checkpoint, or null
     */
    record ModelKey(String model, String labelMap) implements java.io.Serializable {
    }

    static StressBarometer barometer(ModelKey key) {
        return BAROMETERS.computeIfAbsent(key, k -> {
            if (k.model() == null && k.labelMap() == null) return StressBarometer.builtIn();
            try {
                return new StressBarometer(EmotionModels.load(pathOrNull(k.model()), pathOrNull(k.labelMap())));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        });
    }

    /** The JVM's bound on recordings in flight; {@code maxConcurrent} 0 means one per core. */
    static Semaphore analysisSlots(int maxConcurrent) {
        int permits = maxConcurrent > 0 ? maxConcurrent : Runtime.getRuntime().availableProcessors();
        return LIMITS.computeIfAbsent(permits, n -> new Semaphore(n, true));
    }

    private static Path pathOrNull(String s) {
        return s == null ? null : Path.of(s);
    }
}
