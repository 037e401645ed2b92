package org.voicebarometer.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.Simd;
import org.voicebarometer.engine.kernels.Threads;

/**
 * GFLOP/s of the packed GEMM at wav2vec2-base's shapes (10 s of audio), measured so that it means
 * something on a shared machine: with one thread, by the thread's CPU time (nearly independent of the
 * load); with more, by wall time (quote the load average with it).
 *
 * <p>CPU time does not make the figure independent of the machine's state: on this (virtualised) machine
 * the same code on the same arrays runs at ~100 or ~65 GFLOP/s for stretches of seconds to tens of
 * seconds, and a register-only FMA loop, L1 and L2 read bandwidth drop at the same moments (by ~15, ~25
 * and ~25 %). So the shapes are measured interleaved: every round runs one batch of each shape and one of
 * {@link #fmaProbe}, and a shape's figure is its best round. Every shape then sees the same good and bad
 * stretches; measured one after the other, each shape got whatever stretch its own few seconds fell in.
 * The probe's best and median show how disturbed the run was.
 *
 * <p>{@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * org.voicebarometer.benchmarks.GemmThroughput [threads] [shape...]}
 */
public final class GemmThroughput {
    private GemmThroughput() {}

    /** The one-core FP32 peak of the machine (benchmarks/fma_peak.c), for the percentage column. */
    private static final double PEAK_GFLOPS = 146.7;

    private record Shape(String name, double flops, Runnable run) {}

    /** Rounds of one batch per shape; ~25 s of CPU time at one thread for the six shapes and the probe. */
    private static final int ROUNDS = 60;
    /** Minimum length of a batch, in CPU or wall nanoseconds. */
    private static final long BATCH_NANOS = 50_000_000L;

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
        Threads.setCount(threads);
        Random rnd = new Random(1);
        int t = 499;
        List<String> only = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : List.of();
        List<Shape> shapes = new ArrayList<>();
        for (Shape s : new Shape[] {
            linear(rnd, "linear768x768", t, 768, 768),
            linear(rnd, "linear768x3072", t, 768, 3072),
            linear(rnd, "linear3072x768", t, 3072, 768),
            conv(rnd, "conv1 k3s2", 15999, 3),   // feature-encoder layer 1: 31999 → 15999 frames
            conv(rnd, "conv4 k3s2", 3999, 3),    // layer 4: 3999 → 1999 frames
            conv(rnd, "conv5 k2s2", 1999, 2),    // layer 5: 1999 → 999 frames
        }) {
            if (only.isEmpty() || only.contains(s.name.split(" ")[0])) shapes.add(s);
        }
        boolean cpuTime = threads == 1;
        System.out.printf("vector %s, threads %d, %s, best and median of %d interleaved rounds%n", Simd.describe(),
                threads, cpuTime ? "thread CPU time" : "wall time", ROUNDS);
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmEnd) {
            for (Shape s : shapes) s.run.run();
            fmaProbe(1000);
        }
        double[][] gflops = new double[shapes.size()][ROUNDS];
        double[] probe = new double[ROUNDS];
        Shape fma = new Shape("fma probe", FMA_PROBE_FLOPS, () -> fmaProbe(FMA_PROBE_ITERATIONS));
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < shapes.size(); i++) gflops[i][round] = shapes.get(i).flops / batch(shapes.get(i).run, cpuTime) / 1e9;
            probe[round] = fma.flops / batch(fma.run, true) / 1e9;
        }
        for (int i = 0; i < shapes.size(); i++) {
            double best = max(gflops[i]);
            System.out.printf("%-16s %8.2f ms %7.1f GFLOP/s %5.1f %% of one-core peak (median %5.1f)%n", shapes.get(i).name,
                    shapes.get(i).flops / best / 1e6, best, 100 * best / PEAK_GFLOPS, median(gflops[i]));
        }
        System.out.printf("fma probe: registers only, one thread: best %.1f, median %.1f GFLOP/s%n", max(probe), median(probe));
    }

    private static final int FMA_PROBE_ITERATIONS = 1_000_000;
    private static final double FMA_PROBE_FLOPS = 2.0 * 12 * Simd.LANES * FMA_PROBE_ITERATIONS;
    private static volatile float probeSink;

    /**
     * What the core delivers right now with no memory traffic at all: 12 independent FMA chains on
     * registers (the loop of benchmarks/fma_peak.c), 24·LANES flops per iteration.
     */
    private static void fmaProbe(int iterations) {
        VectorSpecies<Float> sp = Simd.SPECIES;
        FloatVector b0 = FloatVector.broadcast(sp, 1e-9f), b1 = FloatVector.broadcast(sp, 2e-9f);
        FloatVector x = FloatVector.broadcast(sp, 1f + probeSink);
        FloatVector c0 = FloatVector.zero(sp), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = 0; i < iterations; i++) {
            c0 = b0.fma(x, c0); c1 = b1.fma(x, c1); c2 = b0.fma(x, c2); c3 = b1.fma(x, c3);
            c4 = b0.fma(x, c4); c5 = b1.fma(x, c5); c6 = b0.fma(x, c6); c7 = b1.fma(x, c7);
            c8 = b0.fma(x, c8); c9 = b1.fma(x, c9); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
        }
        probeSink = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
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

    /** Seconds per call over one batch of calls lasting at least {@link #BATCH_NANOS}. */
    private static double batch(Runnable run, boolean cpuTime) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        long t1;
        int calls = 0;
        do {
            run.run();
            calls++;
            t1 = cpuTime ? mx.getCurrentThreadCpuTime() : System.nanoTime();
        } while (t1 - t0 < BATCH_NANOS);
        return (t1 - t0) * 1e-9 / calls;
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElseThrow();
    }

    private static double median(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }
}
