package org.voicebarometer.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.voicebarometer.cli.BenchCommand;
import org.voicebarometer.cli.ModelFlops;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.kernels.Threads;
import org.voicebarometer.engine.model.Wav2Vec2Model;

/**
 * The engine and ONNX Runtime on the same weights, the same audio and the same thread count, in one
 * JVM, alternating run by run so that both see the same machine load. Prints JSON.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     org.voicebarometer.benchmarks.EngineVsOnnx --model DIR [--onnx DIR/model.onnx] \
 *     [--seconds 10] [--threads 2] [--runs 5] [--warmup 2] [--only engine|onnx]
 * </pre>
 * {@code --only} runs one side alone, for its own peak RSS (reported as VmHWM of the process).
 * {@code --threads 1,2} measures thread scaling the same way: every round runs each side at each thread
 * count in turn (the engine's pool is resized, ONNX Runtime has one session per count), because this
 * machine's speed drifts by up to ~1.5× over minutes, so counts measured one after the other can disagree
 * by more than the scaling itself. Keys then carry the count ({@code engine_1t_median_s}, ...) and
 * {@code engine_scaling_median} = median at the first count ÷ median at the last.
 * The {@code _per_round_median} keys are the median of the same ratio taken within each round (the two
 * runs of a round are seconds apart, so a drift of the machine over minutes cancels out of each ratio).
 */
public final class EngineVsOnnx {
    private EngineVsOnnx() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        Path model = Path.of(require(opt, "model"));
        Path onnx = Path.of(opt.getOrDefault("onnx", model.resolve("model.onnx").toString()));
        double seconds = Double.parseDouble(opt.getOrDefault("seconds", "10"));
        int[] threadCounts = Arrays.stream(opt.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())).split(","))
                .mapToInt(Integer::parseInt).toArray();
        boolean scaling = threadCounts.length > 1;
        int runs = Integer.parseInt(opt.getOrDefault("runs", "5"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "2"));
        String only = opt.get("only");
        boolean engineSide = only == null || only.equals("engine");
        boolean onnxSide = only == null || only.equals("onnx");

        float[] audio = BenchCommand.syntheticSpeechBand(Math.round(seconds * 16000), 1);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("audio_s", seconds);
        result.put("threads", scaling ? Arrays.toString(threadCounts) : threadCounts[0]);

        Wav2Vec2Model engine = null;
        if (engineSide) {
            Threads.setCount(threadCounts[threadCounts.length - 1]);
            long start = System.nanoTime();
            engine = Wav2Vec2Model.load(model);
            result.put("engine_load_s", round((System.nanoTime() - start) / 1e9));
            result.put("engine_load_from_cache", engine.packedWeightsFromCache());
            result.put("engine_vector", Simd.describe());
            result.put("gflop", round(ModelFlops.of(engine.config(), audio.length).total() / 1e9));
        }
        OrtEnvironment env = null;
        OrtSession[] sessions = new OrtSession[threadCounts.length];
        if (onnxSide) {
            env = OrtEnvironment.getEnvironment();
            for (int c = 0; c < threadCounts.length; c++) {
                OrtSession.SessionOptions so = new OrtSession.SessionOptions();
                so.setIntraOpNumThreads(threadCounts[c]);
                so.setInterOpNumThreads(1);
                so.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                long start = System.nanoTime();
                sessions[c] = env.createSession(onnx.toString(), so);
                if (c == 0) result.put("onnx_load_s", round((System.nanoTime() - start) / 1e9));
            }
            result.put("onnxruntime", ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion());
        }

        List<List<Double>> engineTimes = new ArrayList<>(), onnxTimes = new ArrayList<>();
        for (int c = 0; c < threadCounts.length; c++) {
            engineTimes.add(new ArrayList<>());
            onnxTimes.add(new ArrayList<>());
        }
        float[] engineOut = null, onnxOut = null;
        for (int i = 0; i < warmup + runs; i++) {
            for (int c = 0; c < threadCounts.length; c++) {
                if (engine != null) {
                    Threads.setCount(threadCounts[c]);
                    long start = System.nanoTime();
                    engineOut = engine.predict(audio).lastHiddenState().data();
                    if (i >= warmup) engineTimes.get(c).add((System.nanoTime() - start) / 1e9);
                }
                if (onnxSide) {
                    long start = System.nanoTime();
                    onnxOut = runOnnx(env, sessions[c], audio);
                    if (i >= warmup) onnxTimes.get(c).add((System.nanoTime() - start) / 1e9);
                }
            }
        }
        for (int c = 0; c < threadCounts.length; c++) {
            String at = scaling ? "_" + threadCounts[c] + "t" : "";
            if (engine != null) put(result, "engine" + at, engineTimes.get(c), seconds, (double) result.get("gflop"));
            if (onnxSide) put(result, "onnx" + at, onnxTimes.get(c), seconds, result.containsKey("gflop") ? (double) result.get("gflop") : Double.NaN);
            if (engine != null && onnxSide) {
                result.put("ratio_median_engine_over_onnx" + at, round((double) result.get("engine" + at + "_median_s") / (double) result.get("onnx" + at + "_median_s")));
                result.put("ratio_min_engine_over_onnx" + at, round((double) result.get("engine" + at + "_min_s") / (double) result.get("onnx" + at + "_min_s")));
                result.put("ratio_per_round_median_engine_over_onnx" + at, round(medianOfRatios(engineTimes.get(c), onnxTimes.get(c))));
            }
        }
        if (scaling && engine != null) putScaling(result, "engine", threadCounts, engineTimes);
        if (scaling && onnxSide) putScaling(result, "onnx", threadCounts, onnxTimes);
        if (engine != null && onnxSide) result.put("max_abs_diff_last_hidden_state", maxAbsDiff(engineOut, onnxOut));
        result.put("peak_rss_mib", BenchCommand.peakRssMib());
        System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        for (OrtSession s : sessions) if (s != null) s.close();
    }

    private static float[] runOnnx(OrtEnvironment env, OrtSession session, float[] audio) throws OrtException {
        try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(audio), new long[] {1, audio.length});
             OrtSession.Result out = session.run(Map.of("waveform", input))) {
            FloatBuffer fb = ((OnnxTensor) out.get(0)).getFloatBuffer();
            float[] data = new float[fb.remaining()];
            fb.get(data);
            return data;
        }
    }

    private static void put(Map<String, Object> result, String side, List<Double> times, double seconds, double gflop) {
        double median = BenchCommand.median(times.stream().mapToDouble(Double::doubleValue).toArray());
        result.put(side + "_median_s", round(median));
        result.put(side + "_min_s", round(times.stream().mapToDouble(Double::doubleValue).min().orElseThrow()));
        result.put(side + "_runs_s", times.stream().map(EngineVsOnnx::round).toList());
        result.put(side + "_rtf", round(median / seconds));
        if (!Double.isNaN(gflop)) result.put(side + "_gflops", round(gflop / median));
    }

    /**
     * side_scaling_median: the median at the first thread count over the median at the last;
     * side_scaling_per_round_median: the median over rounds of first ÷ last within the round.
     */
    private static void putScaling(Map<String, Object> result, String side, int[] threadCounts, List<List<Double>> times) {
        double first = (double) result.get(side + "_" + threadCounts[0] + "t_median_s");
        double last = (double) result.get(side + "_" + threadCounts[threadCounts.length - 1] + "t_median_s");
        result.put(side + "_scaling_median", round(first / last));
        result.put(side + "_scaling_per_round_median", round(medianOfRatios(times.get(0), times.get(times.size() - 1))));
    }

    /** The median over i of a[i] / b[i]. */
    private static double medianOfRatios(List<Double> a, List<Double> b) {
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) ratios[i] = a.get(i) / b.get(i);
        return BenchCommand.median(ratios);
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) throw new IllegalStateException("engine and ONNX outputs differ in size: " + a.length + " vs " + b.length);
        double max = 0;
        for (int i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
        return max;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) throw new IllegalArgumentException("usage: --name value ...; bad: " + Arrays.toString(args));
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }

    private static String require(Map<String, String> opt, String name) {
        String v = opt.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }
}
