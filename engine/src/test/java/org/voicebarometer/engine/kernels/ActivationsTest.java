package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;

import org.junit.jupiter.api.Test;

/**
 * Vector activations against double-precision results (GELU against {@link Activations#erf}), over a
 * dense grid plus the edges, at a length that is no multiple of any vector and long enough to split.
 */
class ActivationsTest {
    /** The double erf every GELU is checked against, against CPython's math.erf (the C library's). */
    @Test
    void referenceErfMatchesLibm() {
        double[][] table = {
            {0.0, 0.0},
            {0.1, 0.1124629160182849},
            {0.49, 0.511668261188523},
            {0.5, 0.5204998778130465},
            {0.75, 0.7111556336535151},
            {1.0, 0.8427007929497149},
            {1.5, 0.9661051464753108},
            {2.0, 0.9953222650189527},
            {2.5, 0.999593047982555},
            {3.0, 0.9999779095030014},
            {3.5, 0.9999992569016276},
            {3.9, 0.9999999652077514},
            {4.0, 0.9999999845827421},
            {4.5, 0.9999999998033839},
            {6.0, 1.0},
            {-0.3, -0.3286267594591274},
            {-1.2, -0.9103139782296353},
            {-2.7, -0.9998656672600594},
            {-5.0, -0.9999999999984626}};
        for (double[] row : table) assertEquals(row[1], Activations.erf(row[0]), 2e-16, "erf(" + row[0] + ")");
    }

    /** -12 .. 12 in steps of 1/4096, then 0, -0, tiny, huge and NaN-free extremes: 98 308 values. */
    private static float[] grid() {
        int n = 24 * 4096 + 1;
        float[] x = new float[n + 7];
        for (int i = 0; i < n; i++) x[i] = -12f + i / 4096f;
        float[] edges = {0f, -0f, 1e-30f, -1e-30f, 50f, -50f, 3.4e38f};
        System.arraycopy(edges, 0, x, n, edges.length);
        return x;
    }

    /**
     * Within 2.5e-7·|x| of the double GELU rounded to float: erf's float error (3.1e-7 at most, times
     * ½|x|) and two roundings. That is PyTorch's own accuracy (its vectorised erf is good to 1.5e-7 absolute); in the
     * negative tail, where 1 + erf cancels, it is not relative to the tiny result.
     */
    @OnOneAndTwoThreads
    void geluIsErfGeluWithinPyTorchAccuracy(int threads) {
        Threads.setCount(threads);
        float[] x = grid();
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = (float) (0.5 * x[i] * (1.0 + Activations.erf(x[i] / Math.sqrt(2))));
        float[] actual = x.clone();
        Activations.gelu(actual, actual.length);
        assertClose("gelu", expected, actual, KernelCheck.abs(x), 2.5e-7, 1e-37);
    }

    @OnOneAndTwoThreads
    void tanhFormsMatchDouble(int threads) {
        Threads.setCount(threads);
        float[] x = grid();
        x[x.length - 1] = 1e4f; // the tanh GELU's cube overflows at 3.4e38, as PyTorch's does
        float[] tanh = new float[x.length], geluTanh = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            tanh[i] = (float) Math.tanh(v);
            geluTanh[i] = (float) (0.5 * v * (1 + Math.tanh(0.7978845608028654 * (v + 0.044715 * v * v * v))));
        }
        float[] actual = x.clone();
        Activations.tanh(actual, actual.length);
        assertClose("tanh", tanh, actual, null, 1e-6, 1e-7);
        actual = x.clone();
        Activations.geluTanh(actual, actual.length);
        assertClose("geluTanh", geluTanh, actual, null, 1e-6, 1e-7);
    }

    /** The on-caller forms change exactly x[from, to), as the whole-array forms would. */
    @Test
    void onCallerFormsTouchOnlyTheirRange() {
        float[] x = grid();
        int from = 1001, to = x.length - 37;
        float[] whole = x.clone();
        Activations.gelu(whole, whole.length);
        float[] part = x.clone();
        Activations.geluOnCaller(part, from, to);
        for (int i = 0; i < x.length; i++) assertEquals(i >= from && i < to ? whole[i] : x[i], part[i], "gelu at " + i);
        float[] tanh = x.clone(), tanhPart = x.clone();
        Activations.tanh(tanh, tanh.length);
        Activations.tanhOnCaller(tanhPart, from, to);
        float[] relu = x.clone(), reluPart = x.clone();
        Activations.relu(relu, relu.length);
        Activations.reluOnCaller(reluPart, from, to);
        float[] geluTanh = x.clone(), geluTanhPart = x.clone();
        geluTanh[geluTanh.length - 1] = geluTanhPart[geluTanhPart.length - 1] = 1e4f;
        Activations.geluTanh(geluTanh, geluTanh.length);
        Activations.geluTanhOnCaller(geluTanhPart, from, to);
        for (int i = from; i < to; i++) {
            assertEquals(tanh[i], tanhPart[i], "tanh at " + i);
            assertEquals(relu[i], reluPart[i], "relu at " + i);
            assertEquals(geluTanh[i], geluTanhPart[i], "geluTanh at " + i);
        }
    }

    @OnOneAndTwoThreads
    void reluClampsNegatives(int threads) {
        Threads.setCount(threads);
        float[] x = grid();
        float[] expected = new float[x.length];
        for (int i = 0; i < x.length; i++) expected[i] = Math.max(0f, x[i]);
        float[] actual = x.clone();
        Activations.relu(actual, actual.length);
        assertClose("relu", expected, actual, null, 0, 0);
    }
}
