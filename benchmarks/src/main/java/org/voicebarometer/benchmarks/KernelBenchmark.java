package org.voicebarometer.benchmarks;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.voicebarometer.engine.kernels.Activations;
import org.voicebarometer.engine.kernels.Attention;
import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.Threads;

/**
 * The kernels at wav2vec2-base's shapes for 10 s of audio (T = 499 frames). GFLOP/s = flops / time;
 * the flop count of each benchmark is in its comment. Run (see docs/benchmarks.md):
 * {@code java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar KernelBenchmark -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class KernelBenchmark {
    private static final int T = 499, H = 768, FFN = 3072, HEADS = 12, T60 = 2999;

    @Param({"1", "2"})
    public int threads;

    private Linear qProj, intermediate, output;
    private Conv1d featureConv, posConv;
    private float[] x, xWide, y, yWide, convIn, convOut, posOut, k, v, geluInput, geluData;
    private float[] q60, k60, v60, out60;

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2f - 1f;
        return a;
    }

    @Setup
    public void setup() {
        Threads.setCount(threads);
        Random rnd = new Random(1);
        qProj = Linear.of(random(rnd, H * H), random(rnd, H), H, H);
        intermediate = Linear.of(random(rnd, FFN * H), random(rnd, FFN), FFN, H);
        output = Linear.of(random(rnd, H * FFN), random(rnd, H), H, FFN);
        featureConv = Conv1d.of(random(rnd, 512 * 512 * 3), null, 512, 512, 3, 2, 0, 1);
        posConv = Conv1d.of(random(rnd, H * 48 * 128), random(rnd, H), H, H, 128, 1, 64, 16);
        x = random(rnd, T * H);
        xWide = random(rnd, T * FFN);
        y = new float[T * H];
        yWide = new float[T * FFN];
        convIn = random(rnd, 3999 * 512);   // input of conv layer 4 (10 s)
        convOut = new float[1999 * 512];
        posOut = new float[(T + 1) * H];
        k = random(rnd, T * H);
        v = random(rnd, T * H);
        geluInput = random(rnd, 31999 * 512); // conv layer 0 output (10 s)
        geluData = new float[geluInput.length];
        q60 = random(rnd, T60 * H);
        k60 = random(rnd, T60 * H);
        v60 = random(rnd, T60 * H);
        out60 = new float[T60 * H];
    }

    /** 2·499·768·768 = 0.589 GFLOP. */
    @Benchmark
    public float[] linear768x768() {
        qProj.forward(x, T, y);
        return y;
    }

    /** 2·499·768·3072 = 2.355 GFLOP. */
    @Benchmark
    public float[] linear768x3072() {
        intermediate.forward(x, T, yWide);
        return yWide;
    }

    /** 2·499·3072·768 = 2.355 GFLOP. */
    @Benchmark
    public float[] linear3072x768() {
        output.forward(xWide, T, y);
        return y;
    }

    /** Feature-encoder layer 4: 2·1999·512·1536 = 3.144 GFLOP. */
    @Benchmark
    public float[] featureConvLayer() {
        featureConv.forward(convIn, 3999, convOut);
        return convOut;
    }

    /** Positional conv: 2·500·768·48·128 = 4.719 GFLOP. */
    @Benchmark
    public float[] positionalConv() {
        posConv.forward(x, T, posOut);
        return posOut;
    }

    /** Attention, 12 heads of 64: 4·499²·768 = 0.765 GFLOP. */
    @Benchmark
    public float[] attention() {
        Attention.forward(x, k, v, T, HEADS, H / HEADS, y);
        return y;
    }

    /** Attention at 60 s (T = 2999), where it dominates the model: 4·2999²·768 = 27.63 GFLOP. */
    @Benchmark
    public float[] attention60s() {
        Attention.forward(q60, k60, v60, T60, HEADS, H / HEADS, out60);
        return out60;
    }

    /**
     * 16.4 M values (the conv layer-0 output of 10 s), copied in first: GELU applied in place again and
     * again would drive the values into subnormals and time those.
     */
    @Benchmark
    public float[] gelu() {
        System.arraycopy(geluInput, 0, geluData, 0, geluData.length);
        Activations.gelu(geluData, geluData.length);
        return geluData;
    }
}
