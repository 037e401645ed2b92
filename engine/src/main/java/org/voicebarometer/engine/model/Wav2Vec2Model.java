package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Elementwise;
import org.voicebarometer.engine.kernels.Norms;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.FloatTensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * A Wav2Vec2 / HuBERT checkpoint loaded from a model directory (docs/model-format.md) and ready to
 * run: input normalisation → feature encoder → feature projection → transformer encoder → head.
 * <p>Immutable after {@link #load} but for the working buffers runs reuse; {@link #run} and
 * {@link #predict} are thread-safe (a run takes a buffer set no other run holds), so one instance serves
 * many threads. The buffers grow to the longest input run so far (about 0.3 GB per minute of audio for
 * a base model) and are kept, one set per run that was ever concurrent.
 */
public final class Wav2Vec2Model {
    /** transformers' Wav2Vec2FeatureExtractor adds this to the variance. */
    static final double HF_NORMALIZATION_EPS = 1e-7;

    private final Wav2Vec2Config config;
    private final PreprocessorConfig preprocessor;
    private final double normalizationEps;
    private final FeatureEncoder featureEncoder;
    private final FeatureProjection featureProjection;
    private final Encoder encoder;
    private final Head head; // null for a bare encoder
    private final boolean cachedPanels;
    /** Buffers of finished runs, for the next ones (one set per concurrent run). */
    private final Queue<RunScratch> scratch = new ConcurrentLinkedQueue<>();

    private Wav2Vec2Model(Wav2Vec2Config config, PreprocessorConfig preprocessor, double normalizationEps, FeatureEncoder featureEncoder,
                          FeatureProjection featureProjection, Encoder encoder, Head head, boolean cachedPanels) {
        this.config = config;
        this.preprocessor = preprocessor;
        this.normalizationEps = normalizationEps;
        this.featureEncoder = featureEncoder;
        this.featureProjection = featureProjection;
        this.encoder = encoder;
        this.head = head;
        this.cachedPanels = cachedPanels;
    }

    /**
     * Loads the model directory {@code dir}: weights are converted to float once and the checkpoint's files
     * unmapped; the kernels' packed weights are kept in the {@linkplain PanelCache#directory() cache} for the
     * next load, which maps that file (it stays mapped while the model is in use) instead of packing them.
     */
    public static Wav2Vec2Model load(Path dir) throws IOException {
        return load(dir, PanelCache.directory());
    }

    /** {@link #load(Path)} with the packed weights cached in {@code cacheDir}, or not cached if null. */
    static Wav2Vec2Model load(Path dir, Path cacheDir) throws IOException {
        if (!Files.isDirectory(dir)) throw new ModelFormatException(dir + ": not a model directory");
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) throw new ModelFormatException(dir + ": no config.json");
        Wav2Vec2Config config = Wav2Vec2Config.read(configFile);
        PreprocessorConfig pre = PreprocessorConfig.readOrDefault(dir.resolve("preprocessor_config.json"));
        try (Checkpoint checkpoint = Checkpoint.open(dir)) {
            PanelCache cache = PanelCache.open(cacheDir, dir, checkpoint);
            Weights w = new Weights(checkpoint, cache);
            // All the big parts at once, on every pool thread: the positional convolution first (the
            // longest single part), the feature encoder and projection alongside the encoder layers.
            ParallelLoad parts = new ParallelLoad();
            Supplier<PositionalConvEmbedding> positions = parts.add(() -> PositionalConvEmbedding.load(config, w));
            Supplier<FeatureEncoder> features = parts.add(() -> FeatureEncoder.load(config, w));
            Supplier<FeatureProjection> projection = parts.add(() -> FeatureProjection.load(config, w));
            List<Supplier<EncoderLayer>> layers = new ArrayList<>();
            for (int i = 0; i < config.numLayers(); i++) {
                int index = i;
                layers.add(parts.add(() -> EncoderLayer.load(config, w, index)));
            }
            parts.run();
            FeatureEncoder fe = features.get();
            FeatureProjection fp = projection.get();
            Encoder enc = Encoder.load(config, w, positions.get(), layers.stream().map(Supplier::get).toArray(EncoderLayer[]::new));
            Head head = loadHead(dir, config, w);
            w.requireAllUsed();
            cache.save();
            double eps = head instanceof PipelineHead p && p.inputNormalizationEps() != null ? p.inputNormalizationEps() : HF_NORMALIZATION_EPS;
            return new Wav2Vec2Model(config, pre, eps, fe, fp, enc, head, cache.complete());
        }
    }

    /** head.json wins; then the architecture named by config.json; else no head (docs/model-format.md). */
    private static Head loadHead(Path dir, Wav2Vec2Config c, Weights w) throws IOException {
        Path headJson = dir.resolve("head.json");
        if (Files.exists(headJson)) return PipelineHead.load(c, w, headJson);
        String arch = c.architecture();
        if (RegressionHead.matches(w)) return RegressionHead.load(c, w);
        if (arch.endsWith("ForSequenceClassification")) return SequenceClassificationHead.load(c, w);
        if (arch.endsWith("ForCTC")) return CtcHead.load(c, w, dir.resolve("vocab.json"));
        return null;
    }

    /** Synthetic audio {@link #warmUp} runs: 4 s, enough rows for every kernel's full-size code path. */
    private static final int WARM_UP_SAMPLES = 4 * 16000;

    /**
     * Runs the model twice on 4 s of synthetic noise and drops the results, so that the JIT has compiled the
     * kernels for real input sizes before real audio comes: in a fresh JVM the first run of wav2vec2-base on
     * 11 s takes ~4× as long as the next (docs/benchmarks.md). For processes that stay up (the HTTP service,
     * the desktop app), in the background after loading. Thread-safe like {@link #run}; later results do not
     * depend on it.
     */
    public void warmUp() {
        float[] noise = new float[Math.max(WARM_UP_SAMPLES, minSamples())];
        Random r = new Random(0);
        for (int i = 0; i < noise.length; i++) noise[i] = (float) (0.05 * r.nextGaussian());
        predict(noise);
        predict(noise);
    }

    /**
     * What {@link #predict} returns for this model's head, with zero values and an empty transcript: its kind
     * and its labels, known without running the model (a first run in a fresh JVM costs seconds of JIT).
     */
    public Prediction predictionTemplate() {
        return head == null ? new Prediction.None() : head.template();
    }

    /** True when the load took every packed weight from the {@linkplain #load(Path) cache} (none was packed). */
    public boolean packedWeightsFromCache() {
        return cachedPanels;
    }

    public Wav2Vec2Config config() {
        return config;
    }

    public PreprocessorConfig preprocessor() {
        return preprocessor;
    }

    /** The shortest input (in 16 kHz samples) that yields one frame: 400 for the standard feature encoder. */
    public int minSamples() {
        return featureEncoder.minSamples();
    }

    /** Frames the encoder produces from {@code samples} samples (20 ms each for the standard stack). */
    public int frames(int samples) {
        return featureEncoder.frames(samples);
    }

    /** "wav2vec2 768×12, post-LN, CTC (32 tokens, greedy decoding)" — for summaries and logs. */
    public String describe() {
        return config.modelType() + " " + config.hiddenSize() + "×" + config.numLayers() + ", "
                + (config.doStableLayerNorm() ? "pre-LN" : "post-LN") + ", " + (head == null ? "no head" : head.describe());
    }

    /** Runs the model on 16 kHz mono audio and keeps every named intermediate (for dumps and golden tests). */
    public ModelOutput run(float[] audio16k) {
        return forward(audio16k, true);
    }

    /** Runs the model keeping only last_hidden_state, logits and the prediction (far less memory on long audio). */
    public ModelOutput predict(float[] audio16k) {
        return forward(audio16k, false);
    }

    private ModelOutput forward(float[] audio, boolean keepIntermediates) {
        int t = featureEncoder.frames(audio.length);
        if (t <= 0)
            throw new IllegalArgumentException("audio of " + audio.length + " samples (" + audio.length / 16 + " ms) is too short: this model needs at least "
                    + minSamples() + " samples (" + minSamples() / 16.0 + " ms at 16 kHz) for one frame");
        RunScratch s = scratch.poll();
        if (s == null) s = new RunScratch();
        try {
            return forward(audio, t, keepIntermediates, s);
        } finally {
            scratch.offer(s);
        }
    }

    private ModelOutput forward(float[] audio, int t, boolean keepIntermediates, RunScratch s) {
        Map<String, FloatTensor> out = new LinkedHashMap<>();

        float[] input = audio.clone();
        if (preprocessor.doNormalize()) Norms.layerNormAll(input, input.length, (float) normalizationEps);
        if (keepIntermediates) out.put(ModelOutput.INPUT_VALUES, FloatTensor.of(input.clone(), input.length));

        float[] features = featureEncoder.forward(input, s); // a scratch buffer: copied if kept
        int h = config.hiddenSize(), c = featureEncoder.channels();
        float[] hidden = new float[Math.multiplyExact(t, h)];
        featureProjection.forward(features, t, hidden);
        if (keepIntermediates) out.put(ModelOutput.EXTRACT_FEATURES, FloatTensor.of(Arrays.copyOf(features, t * c), t, c));

        float[] layerWeights = head == null ? null : head.layerWeights();
        float[] weightedSum = layerWeights == null ? null : new float[hidden.length];
        encoder.forward(hidden, t, (index, state) -> {
            if (keepIntermediates) out.put(ModelOutput.HIDDEN_STATES + index, FloatTensor.of(state.clone(), t, h));
            if (weightedSum != null) Elementwise.addScaled(weightedSum, layerWeights[index], state, weightedSum.length);
        }, s);
        out.put(ModelOutput.LAST_HIDDEN_STATE, FloatTensor.of(hidden, t, h));

        if (head == null) return new ModelOutput(out, new Prediction.None());
        FloatTensor logits = head.logits(weightedSum != null ? weightedSum : hidden, t);
        out.put(ModelOutput.LOGITS, logits);
        return new ModelOutput(out, head.predict(logits));
    }
}
