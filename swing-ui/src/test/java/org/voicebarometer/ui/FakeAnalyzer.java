package org.voicebarometer.ui;

import org.voicebarometer.engine.analysis.ModelDescription;
import org.voicebarometer.engine.analysis.ProgressListener;
import org.voicebarometer.engine.analysis.StressReport;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Answers every analysis with {@link #report}, after {@link #release} opens (so tests can look at the busy window). */
final class FakeAnalyzer implements Analyzer {
    final StressReport report;
    final CountDownLatch release = new CountDownLatch(1);
    volatile float[] lastSamples;
    volatile Path lastFile;
    final AtomicInteger warmUps = new AtomicInteger();

    FakeAnalyzer(double stress) {
        Map<String, Double> p = new LinkedHashMap<>();
        p.put("Neutral", 0.5 * (1 - stress));
        p.put("Happy", 0.3 * (1 - stress));
        p.put("Sad", 0.2 * (1 - stress));
        p.put("Anxious", 0.4 * stress);
        p.put("Stressed", 0.6 * stress);
        String top = p.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        report = new StressReport(null, top, p.get(top), stress, p,
                new ModelDescription("fake", ModelDescription.BUILTIN, ModelDescription.PROBABILITIES, List.copyOf(p.keySet())),
                p, Map.of("f0_mean_hz", 182.0, "jitter_local", 0.012, "hnr_db", 14.2), List.of(), 3.0, 2.5, List.of());
    }

    FakeAnalyzer released() {
        release.countDown();
        return this;
    }

    private StressReport answer(ProgressListener progress) {
        try {
            if (!release.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("test never released the analysis");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.progress(1, 1);
        return report;
    }

    @Override
    public void warmUp() {
        warmUps.incrementAndGet();
    }

    @Override
    public StressReport analyze(Path file, ProgressListener progress) {
        lastFile = file;
        return answer(progress).withFile(file.getFileName().toString());
    }

    @Override
    public StressReport analyze(float[] samples16k, ProgressListener progress) {
        lastSamples = samples16k;
        return answer(progress);
    }
}
