package org.voicebarometer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.kernels.Threads;
import org.voicebarometer.engine.model.Wav2Vec2Model;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./barometer bench --model DIR --seconds S --threads N [--json]}: how fast the engine runs a model. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the engine on S seconds of synthetic audio with a model directory: load time, then",
                "several runs after a warm-up (median, min, GFLOP/s counted from the config, real-time factor, peak RSS).",
                "docs/benchmarks.md has the measured figures and the ONNX Runtime comparison."})
public final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (config.json, model.safetensors, ...).")
    Path model;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "S", description = "Audio length in seconds (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: barometer.threads or all cores).")
    Integer threads;

    @Option(names = "--runs", defaultValue = "5", paramLabel = "R", description = "Timed runs (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "W", description = "Untimed runs first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--window", paramLabel = "S",
            description = "Run the audio in consecutive windows of S seconds, as the analysis does for long recordings (default: one piece).")
    Double window;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--load-only", description = {"Only time Wav2Vec2Model.load, R times in this JVM: the first load (class loading",
            "and JIT warm-up included, JVM start excluded) and the later ones (a warm JVM), wall and process CPU seconds,",
            "and whether the packed weights came from the cache (BAROMETER_CACHE=off: never)."})
    boolean loadOnly;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(model)) throw new Cli.UserError("no such model directory: " + model);
        if (!(seconds > 0) || seconds > 24 * 3600) throw new Cli.UserError("--seconds must be in (0, 86400], not " + seconds);
        if (runs < 1 || warmup < 0) throw new Cli.UserError("--runs must be >= 1 and --warmup >= 0");
        if (window != null && !(window > 0)) throw new Cli.UserError("--window must be positive");
        if (threads != null) {
            if (threads < 1) throw new Cli.UserError("--threads must be >= 1, not " + threads);
            Threads.setCount(threads);
        }
        if (loadOnly) return loadOnly();
        long start = System.nanoTime();
        Wav2Vec2Model m = Wav2Vec2Model.load(model);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        float[] audio = syntheticSpeechBand(Math.round(seconds * 16000), 1);
        int windowSamples = window == null ? audio.length : (int) Math.min(audio.length, Math.round(window * 16000));
        if (windowSamples < m.minSamples()) throw new Cli.UserError("the audio (or window) is shorter than one frame (" + m.minSamples() + " samples)");

        for (int i = 0; i < warmup; i++) runOnce(m, audio, windowSamples);
        double[] times = new double[runs];
        for (int i = 0; i < runs; i++) times[i] = runOnce(m, audio, windowSamples);

        double flops = 0;
        for (int from = 0; from < audio.length; from += windowSamples) {
            int n = Math.min(windowSamples, audio.length - from);
            if (n >= m.minSamples()) flops += ModelFlops.of(m.config(), n).total();
        }
        Map<String, Object> result = result(m, loadSeconds, times, flops);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
        } else {
            w.printf(Locale.ROOT, "%s, %.1f s of audio, %d threads, %s vectors%n", m.describe(), seconds, Threads.count(), Simd.describe());
            w.printf(Locale.ROOT, "load %.3f s%s; run median %.3f s, min %.3f s (RTF %.4f); %.1f GFLOP → %.1f GFLOP/s; peak RSS %d MiB%n",
                    loadSeconds, m.packedWeightsFromCache() ? " (packed weights from the cache)" : "", result.get("median_s"), result.get("min_s"), result.get("rtf"), flops / 1e9, result.get("gflops"),
                    result.get("peak_rss_mib"));
        }
        w.flush();
        return 0;
    }

    /**
     * Times {@code runs} loads of the model in this JVM. The previous model is dropped before the next
     * load, as a reload would; nothing forces a GC between loads.
     */
    private int loadOnly() throws IOException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        double[] wall = new double[runs], cpu = new double[runs];
        boolean[] cached = new boolean[runs];
        String describe = null;
        for (int i = 0; i < runs; i++) {
            long cpu0 = os.getProcessCpuTime(), start = System.nanoTime();
            Wav2Vec2Model m = Wav2Vec2Model.load(model);
            wall[i] = (System.nanoTime() - start) / 1e9;
            cpu[i] = (os.getProcessCpuTime() - cpu0) / 1e9;
            cached[i] = m.packedWeightsFromCache();
            describe = m.describe();
        }
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", describe);
        j.put("threads", Threads.count());
        j.put("load_s", round(wall[0]));
        j.put("load_cpu_s", round(cpu[0]));
        j.put("load_from_cache", cached[0]);
        double[] warm = Arrays.copyOfRange(wall, 1, runs), warmCpu = Arrays.copyOfRange(cpu, 1, runs);
        j.put("warm_loads_s", Arrays.stream(warm).map(BenchCommand::round).toArray());
        j.put("warm_load_cpu_s", Arrays.stream(warmCpu).map(BenchCommand::round).toArray());
        j.put("warm_loads_from_cache", IntStream.range(1, runs).filter(i -> cached[i]).count());
        if (warm.length > 0) {
            j.put("warm_load_min_s", round(Arrays.stream(warm).min().orElseThrow()));
            j.put("warm_load_median_s", round(median(warm)));
        }
        j.put("peak_rss_mib", peakRssMib());
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(j));
        } else {
            w.printf(Locale.ROOT, "%s, %d threads: first load %.3f s (%.3f s CPU, %s)", describe, Threads.count(), wall[0], cpu[0],
                    cached[0] ? "packed weights from the cache" : "weights packed");
            if (warm.length > 0) w.printf(Locale.ROOT, "; warm loads min %.3f s, median %.3f s (%d of %d from the cache)", j.get("warm_load_min_s"),
                    j.get("warm_load_median_s"), j.get("warm_loads_from_cache"), warm.length);
            w.println();
        }
        w.flush();
        return 0;
    }

    /** The median of {@code values} (the mean of the middle two for an even count). */
    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Seconds for one pass over the audio, window by window (a last window shorter than one frame is skipped). */
    private static double runOnce(Wav2Vec2Model m, float[] audio, int windowSamples) {
        long start = System.nanoTime();
        for (int from = 0; from < audio.length; from += windowSamples) {
            int n = Math.min(windowSamples, audio.length - from);
            if (n < m.minSamples()) break;
            m.predict(from == 0 && n == audio.length ? audio : Arrays.copyOfRange(audio, from, from + n));
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private Map<String, Object> result(Wav2Vec2Model m, double loadSeconds, double[] times, double flops) {
        double median = median(times);
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", m.describe());
        j.put("audio_s", seconds);
        j.put("window_s", window);
        j.put("threads", Threads.count());
        j.put("vector", Simd.describe());
        j.put("load_s", round(loadSeconds));
        j.put("load_from_cache", m.packedWeightsFromCache());
        j.put("median_s", round(median));
        j.put("min_s", round(Arrays.stream(times).min().orElseThrow()));
        j.put("runs_s", Arrays.stream(times).map(BenchCommand::round).toArray());
        j.put("rtf", round(median / seconds));
        j.put("gflop", round(flops / 1e9));
        j.put("gflops", round(flops / 1e9 / median));
        j.put("peak_rss_mib", peakRssMib());
        return j;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    /** The process's peak resident set (VmHWM), or -1 where /proc is not available. */
    public static long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Seeded band-limited noise at speech level: a benchmark input with no file to ship (the engine's
     * speed does not depend on what is said).
     */
    public static float[] syntheticSpeechBand(long samples, long seed) {
        if (samples > Integer.MAX_VALUE - 8) throw new Cli.UserError("audio too long for one array: " + samples + " samples");
        Random rnd = new Random(seed);
        float[] x = new float[(int) samples];
        double low = 0;
        for (int i = 0; i < x.length; i++) {
            low += 0.2 * (rnd.nextGaussian() - low);
            x[i] = (float) (0.1 * low);
        }
        return x;
    }
}
