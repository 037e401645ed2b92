package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/** Element-wise sums of activations (residual connections, weighted layer sums), split over the kernel threads. */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Values per parallel chunk: a few microseconds of work. */
    private static final int CHUNK = 1 << 16;

    /** acc[i] += scale·x[i] for i &lt; n, rounded as written (product, then sum; scale 1 is a plain sum). */
    public static void addScaled(float[] acc, float scale, float[] x, int n) {
        Threads.parallelFor((n + CHUNK - 1) / CHUNK, c -> {
            int from = c * CHUNK, to = Math.min(n, from + CHUNK);
            if (!Simd.ENABLED) {
                for (int i = from; i < to; i++) acc[i] += scale * x[i];
                return;
            }
            for (int i = from; i < to; i += L) {
                VectorMask<Float> m = S.indexInRange(i, to);
                FloatVector.fromArray(S, x, i, m).mul(scale).add(FloatVector.fromArray(S, acc, i, m)).intoArray(acc, i, m);
            }
        });
    }

    /** acc[i] += x[i] for i &lt; n. */
    public static void add(float[] acc, float[] x, int n) {
        addScaled(acc, 1f, x, n);
    }

    /**
     * acc[accOff + i] += x[xOff + i] for i &lt; n, on the calling thread only: for callers that already run
     * one block of rows per pool thread. The same sums as {@link #add}.
     */
    public static void addOnCaller(float[] acc, int accOff, float[] x, int xOff, int n) {
        if (!Simd.ENABLED) {
            for (int i = 0; i < n; i++) acc[accOff + i] += x[xOff + i];
            return;
        }
        for (int i = 0; i < n; i += L) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).add(FloatVector.fromArray(S, acc, accOff + i, m)).intoArray(acc, accOff + i, m);
        }
    }
}
