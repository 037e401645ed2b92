package org.voicebarometer.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Random;
import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.kernels.Threads;

/**
 * GFLOP/s of the packed GEMM at wav2vec2-base's shapes (10 s of audio), measured so that it means
 * something on a shared machine: with one thread, by the thread's CPU time (nearly independent of the
 * load); with more, by wall time (quote the load average with it). Best of several batches after warm-up.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * org.voicebarometer.benchmarks.GemmThroughput [threads] [shape...]}
 */
public final class GemmThroughput {
    private GemmThroughput() {}

    /** The one-core FP32 peak of the machine (benchmarks/fma_peak.c), for the percentage column. */
    private static final double PEAK_GFLOPS = 146.7;

    private record Shape(String name, double flops, Runnable run) {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Threads.setCount(threads);
        Random rnd = new Random(1);
        int t = 499;
        Shape[] shapes = {
            linear(rnd, "linear768x768", t, 768, 768),
            linear(rnd, "linear768x3072", t, 768, 3072),
            linear(rnd, "linear3072x768", t, 3072, 768),
            conv(rnd, "conv1 k3s2", 15999, 3),   // feature-encoder layer 1: 31999 → 15999 frames
            conv(rnd, "conv4 k3s2", 3999, 3),    // layer 4: 3999 → 1999 frames
            conv(rnd, "conv5 k2s2", 1999, 2),    // layer 5: 1999 → 999 frames
        };
        System.out.printf("vector %s, threads %d, %s%n", Simd.describe(), threads,
                threads == 1 ? "thread CPU time" : "wall time");
        for (Shape s : shapes) {
            if (args.length > 1 && !java.util.Arrays.asList(args).subList(1, args.length).contains(s.name.split(" ")[0])) continue;
            double seconds = best(s.run, threads == 1);
            System.out.printf("%-16s %8.2f ms %7.1f GFLOP/s %5.1f %% of one-core peak%n", s.name,
                    seconds * 1e3, s.flops / seconds / 1e9, 100 * s.flops / seconds / 1e9 / PEAK_GFLOPS);
        }
    }

    private static Shape linear(Random rnd, String name, int rows, int in, int out) {
        Linear l = Linear.of(random(rnd, out * in), random(rnd, out), out, in);
        float[] x = random(rnd, rows * in), y = new float[rows * out];
        return new Shape(name, 2.0 * rows * in * out, () -> l.forward(x, rows, y));
    }

    /** A 512 → 512 channel feature-encoder conv with stride 2 and the given kernel, producing tOut frames. */
    private static Shape conv(Random rnd, String name, int tOut, int kernel) {
        int c = 512, tIn = (tOut - 1) * 2 + kernel;
        Conv1d conv = Conv1d.of(random(rnd, c * c * kernel), null, c, c, kernel, 2, 0, 1);
        float[] x = random(rnd, tIn * c), y = new float[tOut * c];
        return new Shape(name, 2.0 * tOut * c * c * kernel, () -> conv.forward(x, tIn, y));
    }

    /**
     * Seconds per call: the best of 30 batches of at least 50 ms each, after 3 s of warm-up. Many short
     * batches: on a loaded machine the best one is the least disturbed, and a kernel still running in a
     * lower compiler tier for a while cannot spoil the result.
     */
    private static double best(Runnable run, boolean cpuTime) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) run.run();
        double best = Double.MAX_VALUE;
        for (int batch = 0; batch < 30; batch++) {
            long t0 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            long t1;
            int calls = 0;
            do {
                run.run();
                calls++;
                t1 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
            } while (t1 - t0 < 50_000_000L);
            best = Math.min(best, (t1 - t0) * 1e-9 / calls);
        }
        return best;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }
}
