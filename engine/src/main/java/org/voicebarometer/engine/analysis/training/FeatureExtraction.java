package org.voicebarometer.engine.analysis.training;

import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Acoustic functionals of a corpus, read exactly as inference reads audio ({@link AudioLoader}: mono,
 * resampled to 16 kHz). Files are processed on all cores; row i always belongs to utterance i, so the
 * result does not depend on scheduling.
 */
public final class FeatureExtraction {
    private FeatureExtraction() {}

    public static double[][] extract(Path dir, List<EmoDb.Utterance> utterances, ProgressListener progress) throws IOException {
        double[][] rows = new double[utterances.size()][];
        AtomicInteger done = new AtomicInteger();
        int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), utterances.size()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> jobs = new java.util.ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                int row = i;
                jobs.add(pool.submit(() -> {
                    Path file = dir.resolve(utterances.get(row).file());
                    try {
                        rows[row] = AcousticFunctionals.compute(AudioLoader.load(file).samples());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    synchronized (progress) {
                        progress.progress(done.incrementAndGet(), rows.length);
                    }
                }));
            }
            for (Future<?> job : jobs) job.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException io) throw io.getCause();
            throw new IllegalStateException("feature extraction failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("feature extraction interrupted", e);
        }
        for (int i = 0; i < rows.length; i++) {
            for (double v : rows[i]) {
                if (!Double.isFinite(v)) throw new IllegalStateException(utterances.get(i).file() + ": a feature is " + v);
            }
        }
        return rows;
    }
}
