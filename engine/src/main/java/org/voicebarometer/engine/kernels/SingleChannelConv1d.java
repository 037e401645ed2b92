package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector path of a {@link Conv1d} with one input channel (the first layer of wav2vec2's feature
 * encoder: waveform → 512 channels, kernel 10, stride 5): as a GEMM its reduction would be only kernel
 * long, so it is computed directly, a tile of {@link #MR} frames × {@link #NV} vectors of channels at a
 * time, the weight held tap-major [kernel][out] (20 KB: it stays in L1).
 *
 * <p>Its output is ~100 floats per input sample (512 channels every 5 samples: 65 MB for 10 s), so
 * with the GroupNorm that follows (statistics of each channel over all frames) it is cheaper to compute
 * twice than to store and read back: once for both statistics, once to normalise, activate and store.
 * The statistics are one pass because they are sums of v − K and (v − K)² with K each channel's mean
 * over the first {@link #PILOT} frames: near the true mean, so var = E[(v − K)²] − E[v − K]² does not
 * cancel. Measured (10 s, one thread, CPU time): conv, GroupNorm and GELU one after another 57 ms, fused
 * with a pass per statistic 49 ms (load ≈ 3); a pass per statistic 38 ms, one pass for both 33 ms
 * (medians over 8 alternating JVMs of the best of 20 calls, load ≈ 5). The conv alone is no faster than
 * the GEMM path (14 ms, bound by writing its output); its tile has room left (~24 GFLOP/s).
 */
final class SingleChannelConv1d {
    private static final VectorSpecies<Float> S = Simd.SPECIES;
    private static final int L = Simd.LANES;
    /** Frames per tile. */
    private static final int MR = 4;
    /** Vectors of output channels per tile: 16 accumulators. */
    private static final int NV = 4;
    /** Frames per parallel unit and per float block of the GroupNorm sums (as {@link Norms}). */
    static final int BLOCK = Norms.RUN_FRAMES;
    /** Frames whose mean is the shift K of the statistics. */
    static final int PILOT = 64;

    private final float[] taps; // (kernel, outPadded): taps[j·outPadded + o] = W[o, 0, j], zero past out
    private final float[] bias; // (outPadded), zero padded
    private final int out, outPadded, kernel, stride;

    /** @param weight [out, 1, kernel]; @param bias [out] or null */
    SingleChannelConv1d(float[] weight, float[] bias, int out, int kernel, int stride) {
        this.out = out;
        this.outPadded = (out + NV * L - 1) / (NV * L) * (NV * L);
        this.kernel = kernel;
        this.stride = stride;
        this.taps = new float[Math.multiplyExact(kernel, outPadded)];
        for (int o = 0; o < out; o++) {
            for (int j = 0; j < kernel; j++) taps[j * outPadded + o] = weight[o * kernel + j];
        }
        this.bias = new float[outPadded];
        if (bias != null) System.arraycopy(bias, 0, this.bias, 0, out);
    }

    /** x [tIn] → y [tOut, out]. */
    void forward(float[] x, float[] y, int tOut) {
        store(x, y, tOut, null, null, null);
    }

    /**
     * forward, then GroupNorm with one group per channel over the tOut frames, then {@code then} on each
     * block of frames stored (may be null). The sums are float within blocks of BLOCK frames and double
     * across blocks, as in {@link Norms#groupNormPerChannel}; they are taken about K (see the class
     * comment), so the result equals conv-then-GroupNorm to float rounding, not bit for bit.
     */
    void forwardGroupNorm(float[] x, float[] y, int tOut, float[] w, float[] b, float eps, Norms.Epilogue then) {
        float[] k = pilotMean(x, tOut);
        int blocks = (tOut + BLOCK - 1) / BLOCK;
        float[] sums = new float[Math.multiplyExact(blocks, outPadded)], squares = new float[sums.length];
        Threads.parallelFor(blocks, block -> statistics(x, tOut, block, k, sums, squares));
        double[] sum = Norms.blockTotals(sums, blocks, outPadded), square = Norms.blockTotals(squares, blocks, outPadded);
        float[] scale = new float[outPadded], shift = new float[outPadded];
        for (int o = 0; o < out; o++) {
            double offset = sum[o] / tOut; // mean − K
            double variance = Math.max(0.0, square[o] / tOut - offset * offset);
            float mean = (float) (k[o] + offset);
            scale[o] = (float) (1.0 / Math.sqrt(variance + eps)) * w[o];
            shift[o] = b[o] - mean * scale[o];
        }
        store(x, y, tOut, scale, shift, then);
    }

    /** Each channel's mean over the first min(PILOT, tOut) frames. */
    private float[] pilotMean(float[] x, int tOut) {
        int n = Math.min(PILOT, tOut);
        float[] rows = new float[MR * outPadded], mean = new float[outPadded];
        for (int f = 0; f < n; f += MR) {
            int valid = Math.min(MR, n - f);
            for (int v = 0; v < outPadded; v += NV * L) tile(x, f, valid, v, rows);
            for (int r = 0; r < valid; r++) {
                for (int o = 0; o < outPadded; o++) mean[o] += rows[r * outPadded + o];
            }
        }
        for (int o = 0; o < outPadded; o++) mean[o] /= n;
        return mean;
    }

    /**
     * The conv of every frame into y [tOut, out], each channel's value as value·scale + shift when scale is
     * given, then {@code then} on each block of frames stored (may be null).
     */
    private void store(float[] x, float[] y, int tOut, float[] scale, float[] shift, Norms.Epilogue then) {
        Threads.parallelFor((tOut + BLOCK - 1) / BLOCK, k -> {
            int f0 = k * BLOCK, f1 = Math.min(tOut, f0 + BLOCK);
            float[] rows = new float[MR * outPadded];
            for (int f = f0; f < f1; f += MR) {
                int n = Math.min(MR, f1 - f);
                for (int v = 0; v < outPadded; v += NV * L) tile(x, f, n, v, rows);
                for (int r = 0; r < n; r++) {
                    for (int o = 0; o < out; o += L) {
                        FloatVector value = FloatVector.fromArray(S, rows, r * outPadded + o);
                        if (scale != null) value = value.fma(FloatVector.fromArray(S, scale, o), FloatVector.fromArray(S, shift, o));
                        value.intoArray(y, (f + r) * out + o, S.indexInRange(o, out));
                    }
                }
            }
            if (then != null) then.apply(y, f0 * out, f1 * out);
        });
    }

    /**
     * Block {@code block} of BLOCK frames, recomputed: sums[block·outPadded + o] = Σ (conv − k[o]) and
     * squares[…] = Σ (conv − k[o])², in float, frame by frame.
     */
    private void statistics(float[] x, int tOut, int block, float[] k, float[] sums, float[] squares) {
        int f0 = block * BLOCK, f1 = Math.min(tOut, f0 + BLOCK), p = block * outPadded;
        java.util.Arrays.fill(sums, p, p + outPadded, 0f);
        java.util.Arrays.fill(squares, p, p + outPadded, 0f);
        float[] rows = new float[MR * outPadded];
        for (int f = f0; f < f1; f += MR) {
            int n = Math.min(MR, f1 - f);
            for (int v = 0; v < outPadded; v += NV * L) tile(x, f, n, v, rows);
            for (int o = 0; o < outPadded; o += L) {
                FloatVector kv = FloatVector.fromArray(S, k, o);
                FloatVector sum = FloatVector.fromArray(S, sums, p + o), square = FloatVector.fromArray(S, squares, p + o);
                for (int r = 0; r < n; r++) {
                    FloatVector d = FloatVector.fromArray(S, rows, r * outPadded + o).sub(kv);
                    sum = sum.add(d);
                    square = d.fma(d, square);
                }
                sum.intoArray(sums, p + o);
                square.intoArray(squares, p + o);
            }
        }
    }

    /**
     * Conv outputs of frames [f, f + MR) × channels [v, v + NV·L) into rows [MR, outPadded]. Frames from
     * {@code valid} on are computed from the last valid frame's samples (always in range) and are to be
     * ignored, so one code path serves every tile. (Kept this small and unmasked: C1 gives up on larger
     * forms, "out of virtual registers", and the method then never reaches C2.)
     */
    private void tile(float[] x, int f, int valid, int v, float[] rows) {
        FloatVector b0 = FloatVector.fromArray(S, bias, v), b1 = FloatVector.fromArray(S, bias, v + L);
        FloatVector b2 = FloatVector.fromArray(S, bias, v + 2 * L), b3 = FloatVector.fromArray(S, bias, v + 3 * L);
        FloatVector c00 = b0, c01 = b1, c02 = b2, c03 = b3, c10 = b0, c11 = b1, c12 = b2, c13 = b3;
        FloatVector c20 = b0, c21 = b1, c22 = b2, c23 = b3, c30 = b0, c31 = b1, c32 = b2, c33 = b3;
        int s0 = f * stride, s1 = (f + Math.min(1, valid - 1)) * stride, s2 = (f + Math.min(2, valid - 1)) * stride;
        int s3 = (f + Math.min(3, valid - 1)) * stride;
        for (int j = 0, wo = v; j < kernel; j++, wo += outPadded) {
            FloatVector w0 = FloatVector.fromArray(S, taps, wo), w1 = FloatVector.fromArray(S, taps, wo + L);
            FloatVector w2 = FloatVector.fromArray(S, taps, wo + 2 * L), w3 = FloatVector.fromArray(S, taps, wo + 3 * L);
            FloatVector a = FloatVector.broadcast(S, x[s0 + j]);
            c00 = w0.fma(a, c00); c01 = w1.fma(a, c01); c02 = w2.fma(a, c02); c03 = w3.fma(a, c03);
            a = FloatVector.broadcast(S, x[s1 + j]);
            c10 = w0.fma(a, c10); c11 = w1.fma(a, c11); c12 = w2.fma(a, c12); c13 = w3.fma(a, c13);
            a = FloatVector.broadcast(S, x[s2 + j]);
            c20 = w0.fma(a, c20); c21 = w1.fma(a, c21); c22 = w2.fma(a, c22); c23 = w3.fma(a, c23);
            a = FloatVector.broadcast(S, x[s3 + j]);
            c30 = w0.fma(a, c30); c31 = w1.fma(a, c31); c32 = w2.fma(a, c32); c33 = w3.fma(a, c33);
        }
        int d = v, ld = outPadded;
        c00.intoArray(rows, d); c01.intoArray(rows, d + L); c02.intoArray(rows, d + 2 * L); c03.intoArray(rows, d + 3 * L);
        d += ld;
        c10.intoArray(rows, d); c11.intoArray(rows, d + L); c12.intoArray(rows, d + 2 * L); c13.intoArray(rows, d + 3 * L);
        d += ld;
        c20.intoArray(rows, d); c21.intoArray(rows, d + L); c22.intoArray(rows, d + 2 * L); c23.intoArray(rows, d + 3 * L);
        d += ld;
        c30.intoArray(rows, d); c31.intoArray(rows, d + L); c32.intoArray(rows, d + 2 * L); c33.intoArray(rows, d + 3 * L);
    }
}
