package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.voicebarometer.engine.kernels.KernelCheck.abs;
import static org.voicebarometer.engine.kernels.KernelCheck.assertClose;
import static org.voicebarometer.engine.kernels.KernelCheck.random;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.kernels.reference.ScalarConv1d;
import org.voicebarometer.engine.kernels.reference.ScalarNorms;

/** The GEMM and grouped convolutions against the scalar reference: feature-encoder and positional-conv shapes, odd sizes. */
class Conv1dTest {
    private static final int[][] SHAPES = { // tIn, in, out, kernel, stride, padding, groups
            {400, 1, 8, 10, 5, 0, 1},     // feature encoder layer 0
            {50, 12, 12, 3, 2, 0, 1},     // layers 1-4
            {37, 16, 16, 8, 1, 4, 4},     // positional conv, even kernel
            {29, 6, 9, 5, 1, 2, 3},
            {10, 3, 5, 3, 1, 1, 1},
            {11, 4, 4, 11, 1, 0, 1},      // one output frame
            {97, 48, 48, 16, 1, 8, 2},
            {1, 5, 7, 1, 1, 0, 1},
            {203, 64, 40, 2, 2, 0, 1},
            {300, 96, 96, 40, 1, 20, 2},  // several row blocks and tap slices, leftover rows
            {70, 96, 96, 128, 1, 64, 2},  // wav2vec2's positional kernel, fewer channels and frames
            {70, 20, 100, 5, 2, 3, 1},    // padding without groups: several panels, the last partial
            {3203, 1, 70, 10, 5, 0, 1},   // one input channel: frames and channels past whole tiles
            {40, 1, 512, 10, 5, 0, 1}};

    @OnOneAndTwoThreads
    void matchesReference(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(5);
        for (int[] s : SHAPES) {
            int tIn = s[0], in = s[1], out = s[2], k = s[3], stride = s[4], pad = s[5], groups = s[6];
            float[] w = random(rnd, out * (in / groups) * k, 0.5f);
            float[] b = random(rnd, out, 1f);
            float[] x = random(rnd, tIn * in, 2f);
            Conv1d conv = Conv1d.of(w, b, in, out, k, stride, pad, groups);
            int tOut = conv.outputLength(tIn);
            float[] expected = new float[tOut * out];
            ScalarConv1d.forward(w, b, in, out, k, stride, pad, groups, x, tIn, tOut, expected);
            float[] bound = new float[tOut * out];
            ScalarConv1d.forward(abs(w), abs(b), in, out, k, stride, pad, groups, abs(x), tIn, tOut, bound);
            float[] actual = new float[tOut * out];
            conv.forward(x, tIn, actual);
            assertClose("conv " + java.util.Arrays.toString(s), expected, actual, bound,
                    LinearTest.RELATIVE * Math.sqrt(in / groups * k + 1), 0);
        }
    }

    /**
     * The fused conv + GroupNorm + epilogue against the same conv output normalised with double-precision
     * statistics (ScalarNorms), then the epilogue. The fused statistics are one pass of float sums about a
     * pilot mean (the first 64 frames'); the inputs include a DC offset and a quiet start (the pilot mean
     * then far from the mean), where a one-pass variance about zero would cancel. Outputs are a few units;
     * measured worst errors: fused 2.9e-6, the two-pass {@link Norms#groupNormPerChannel} 6.2e-6.
     */
    @OnOneAndTwoThreads
    void fusedGroupNormMatchesConvThenGroupNorm(int threads) {
        Threads.setCount(threads);
        Random rnd = new Random(6);
        for (int[] s : new int[][] {{12_505, 1, 70, 10, 5, 0}, {401, 1, 512, 10, 5, 0}, {60, 6, 10, 3, 2, 0},
                {20_005, 1, 40, 10, 5, 1}, {20_005, 1, 40, 10, 5, 2}}) {
            int tIn = s[0], in = s[1], out = s[2], k = s[3], stride = s[4], input = s[5];
            Conv1d conv = Conv1d.of(random(rnd, out * in * k, 0.5f), random(rnd, out, 1f), in, out, k, stride, 0, 1);
            float[] x = random(rnd, tIn * in, 2f), w = random(rnd, out, 2f), b = random(rnd, out, 1f);
            for (int i = 0; i < x.length; i++) {
                if (input == 1) x[i] += 5f;                  // a DC offset
                if (input == 2 && i < 2_000) x[i] *= 1e-3f; // a quiet start
            }
            int tOut = conv.outputLength(tIn);
            float[] expected = new float[tOut * out];
            conv.forward(x, tIn, expected);
            ScalarNorms.groupNormPerChannel(expected, tOut, out, w, b, 1e-5f);
            Activations.relu(expected, expected.length);
            float[] fused = new float[tOut * out + 3];
            conv.forwardGroupNorm(x, tIn, fused, w, b, 1e-5f, Activations::reluOnCaller);
            assertClose("fused " + java.util.Arrays.toString(s), expected, java.util.Arrays.copyOf(fused, tOut * out), null, 1e-6, 1e-5);
        }
    }

    @Test
    void inputShorterThanTheKernelHasNoFrames() {
        Conv1d conv = Conv1d.of(new float[4 * 10], null, 1, 4, 10, 5, 0, 1);
        assertEquals(0, conv.outputLength(9));
        assertEquals(1, conv.outputLength(10));
        conv.forward(new float[9], 9, new float[0]);
    }
}
