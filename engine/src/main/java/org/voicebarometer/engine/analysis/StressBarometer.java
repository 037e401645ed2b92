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
