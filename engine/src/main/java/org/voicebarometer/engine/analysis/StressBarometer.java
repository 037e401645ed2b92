package org.voicebarometer.engine.analysis;

import org.voicebarometer.engine.audio.Audio;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.audio.VoiceActivity;
import org.voicebarometer.engine.biomarkers.Biomarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one entry point of the analysis: audio in, {@link StressReport} out. Used alike by the CLI, the
 * HTTP service and the desktop app. The model is loaded once, when the barometer is made; the
 * barometer is immutable and {@link #analyze} may be called from many threads at once.
 *
 * <p>A recording is cut into windows by the {@link WindowPolicy}; the model and the biomarkers see one
 * window at a time (memory stays bounded by the window, not the recording), and the windows' results
 * are combined as a mean weighted by each window's seconds of speech.
 */
public final class StressBarometer {
    private final EmotionModel model;
    private final WindowPolicy policy;

    public StressBarometer(EmotionModel model, WindowPolicy policy) {
        this.model = model;
        this.policy = policy;
    }

    public StressBarometer(EmotionModel model) {
        this(model, WindowPolicy.DEFAULT);
    }

    /** With the built-in model shipped in the jar. */
    public static StressBarometer builtIn() {
        return new StressBarometer(FunctionalsEmotionModel.builtIn());
    }

    public EmotionModel model() {
        return model;
    }

    /**
     * Makes the first real analysis as fast as the later ones: warms the model up ({@link EmotionModel#warmUp})
     * and analyses 6 s of a synthetic voice, so that the JIT has compiled the audio front end, the biomarkers
     * and the model's kernels. Several seconds of work in a fresh JVM (docs/benchmarks.md); no file, no log.
     */
    public void warmUp() {
        model.warmUp();
        analyze(new Audio(syntheticVoice(6 * Audio.SAMPLE_RATE), Audio.SAMPLE_RATE, 1, "warm-up"));
    }

    /**
     * Starts {@link #warmUp} on a daemon thread and returns at once: for a process that stays up (the HTTP
     * service), so that its first request is not the one that waits for the JIT. A failure there is left for
     * the first real analysis to report.
     */
    public void warmUpInBackground() {
        Thread.ofPlatform().daemon().name("barometer-warm-up").start(() -> {
            try {
                warmUp();
            } catch (RuntimeException e) {
                // The first analysis meets the same problem and reports it.
            }
        });
    }

    /**
     * A voiced sound the analysis treats as speech: 20 harmonics (amplitude 1/h) of a pitch gliding around
     * 140 Hz, in syllables of 0.25 s with 0.1 s pauses.
     */
    static float[] syntheticVoice(int samples) {
        float[] x = new float[samples];
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double t = (double) i / Audio.SAMPLE_RATE;
            phase += (140 + 15 * Math.sin(2 * Math.PI * 0.5 * t)) / Audio.SAMPLE_RATE;
            double inSyllable = t % 0.35;
            if (inSyllable >= 0.25) continue;
            double envelope = Math.sin(Math.PI * inSyllable / 0.25);
            double v = 0;
            for (int h = 1; h <= 20; h++) v += Math.sin(2 * Math.PI * h * phase) / h;
            x[i] = (float) (0.15 * envelope * v);
        }
        return x;
    }

    /** Loads a file (any format the audio front end reads) and analyses it; the report names the file. */
    public StressReport analyze(Path file) throws IOException {
        return analyze(file, ProgressListener.NONE);
    }

    public StressReport analyze(Path file, ProgressListener progress) throws IOException {
        return analyze(AudioLoader.load(file), progress).withFile(file.getFileName().toString());
    }

    public StressReport analyze(Audio audio) {
        return analyze(audio, ProgressListener.NONE);
    }

    /** @param progress told after each window ({@code done} of {@code total} windows) */
    public StressReport analyze(Audio audio, ProgressListener progress) {
        float[] samples = audio.samples();
        if (samples.length == 0) throw new IllegalArgumentException("the recording is empty");
        List<WindowPolicy.Span> speech = VoiceActivity.detect(samples).speech().stream()
                .map(s -> new WindowPolicy.Span(sample(s.startSeconds(), samples.length), sample(s.endSeconds(), samples.length))).toList();
        List<WindowPolicy.Window> windows = policy.plan(samples.length, speech, Audio.SAMPLE_RATE);

        int n = windows.size();
        EmotionEstimate[] estimates = new EmotionEstimate[n];
        List<Map<String, Double>> biomarkers = new ArrayList<>(n);
        double[] weights = new double[n];
        for (int k = 0; k < n; k++) {
            WindowPolicy.Span span = windows.get(k).span();
            float[] part = span.length() == samples.length ? samples : Arrays.copyOfRange(samples, span.start(), span.end());
            estimates[k] = model.estimate(part);
            biomarkers.add(Biomarkers.measure(part).asMap());
            weights[k] = windows.get(k).speechS();
            progress.progress(k + 1, n);
        }
        // Without detected speech every window counts by its length.
        if (Arrays.stream(weights).sum() == 0) {
            for (int k = 0; k < n; k++) weights[k] = windows.get(k).span().length() / (double) Audio.SAMPLE_RATE;
        }

        EmotionProbabilities combined = EmotionProbabilities.weightedMean(
                Arrays.stream(estimates).map(EmotionEstimate::probabilities).toArray(EmotionProbabilities[]::new), weights);
        List<StressReport.Window> timeline = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            WindowPolicy.Span span = windows.get(k).span();
            EmotionProbabilities p = estimates[k].probabilities();
            timeline.add(new StressReport.Window(seconds(span.start()), seconds(span.end()), weights[k],
                    p.top().label(), p.get(p.top()), p.stressScore(), p.asMap()));
        }
        double speechS = speech.stream().mapToInt(WindowPolicy.Span::length).sum() / (double) Audio.SAMPLE_RATE;
        Emotion top = combined.top();
        return new StressReport(null, top.label(), combined.get(top), combined.stressScore(), combined.asMap(),
                model.description(),
                weightedMean(Arrays.stream(estimates).map(EmotionEstimate::modelOutputs).toList(), weights),
                n == 1 ? biomarkers.getFirst() : combineBiomarkers(biomarkers, weights, audio.durationSeconds()),
                timeline, audio.durationSeconds(), speechS,
                QualityChecks.check(samples, audio.durationSeconds(), speechS));
    }

    /**
     * The biomarkers of a recording measured window by window: counts ({@code *_count}) are added,
     * {@code duration_s} is the recording's, every other value is the speech-weighted mean.
     */
    static Map<String, Double> combineBiomarkers(List<Map<String, Double>> perWindow, double[] weights, double durationS) {
        Map<String, Double> combined = weightedMean(perWindow, weights);
        for (String key : combined.keySet()) {
            if (key.endsWith("_count")) {
                combined.put(key, perWindow.stream().map(m -> m.get(key)).filter(v -> v != null && Double.isFinite(v))
                        .mapToDouble(Double::doubleValue).sum());
            }
        }
        if (combined.containsKey("duration_s")) combined.put("duration_s", durationS);
        return combined;
    }

    /**
     * Per key, the weighted mean over the windows where the value is a number (a biomarker is NaN
     * where it cannot be measured, e.g. F0 of a window without voiced frames); NaN if none is.
     */
    static Map<String, Double> weightedMean(List<Map<String, Double>> maps, double[] weights) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String key : maps.getFirst().keySet()) {
            double sum = 0, total = 0;
            for (int k = 0; k < maps.size(); k++) {
                Double v = maps.get(k).get(key);
                if (v != null && Double.isFinite(v)) {
                    sum += weights[k] * v;
                    total += weights[k];
                }
            }
            out.put(key, total > 0 ? sum / total : Double.NaN);
        }
        return out;
    }

    private static int sample(double seconds, int length) {
        return (int) Math.min(length, Math.round(seconds * Audio.SAMPLE_RATE));
    }

    private static double seconds(int sample) {
        return sample / (double) Audio.SAMPLE_RATE;
    }
}
