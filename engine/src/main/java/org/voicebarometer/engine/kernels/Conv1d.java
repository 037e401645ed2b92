package org.voicebarometer.engine.kernels;

import org.voicebarometer.engine.kernels.reference.ScalarConv1d;

/**
 * A 1-D convolution (cross-correlation, as PyTorch's Conv1d) prepared once at load.
 * Activations are time-major: input [tIn, in], output [tOut, out].
 *
 * <p>Computed as a GEMM without an im2col copy: in time-major layout the receptive field of output frame
 * t is the contiguous run x[t·stride .. t·stride + kernel) × channels, so the weight is packed as
 * [out, kernel·in] (tap-major, reordered while it is packed) and the GEMM reads A rows of length
 * kernel·in with a row stride of stride·in. Padded or grouped convolutions go to {@link GroupedConv1d}, those with a single input
 * channel (a GEMM with a reduction only kernel long) to {@link SingleChannelConv1d}.
 */
public final class Conv1d {
    private final float[] weight; // (out, in/groups, k), kept only for the scalar path
    private final float[] bias;   // (out) or null, kept only for the scalar path
    private final PackedGemm gemm;                // groups == 1, no padding, in > 1; else null
    private final GroupedConv1d grouped;          // padding or groups > 1; else null
    private final SingleChannelConv1d single;     // in == 1, no padding; else null (all null: scalar path)
    private final int in, out, kernel, stride, padding, groups;

    private Conv1d(RowSource weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        checkGroups(in, out, groups);
        if (kernel < 1 || stride < 1 || padding < 0) throw new IllegalArgumentException("conv kernel " + kernel + ", stride " + stride + ", padding " + padding);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("conv bias length " + bias.length + " != " + out);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        int rowLength = Math.multiplyExact(in / groups, kernel);
        boolean plain = groups == 1 && padding == 0;
        this.single = Simd.ENABLED && plain && in == 1 ? new SingleChannelConv1d(read(weight, out, kernel), bias, out, kernel, stride) : null;
        // The rows are stored [in, kernel]; the GEMM reduces over a time-major window, tap-major.
        this.gemm = Simd.ENABLED && plain && in > 1 ? new PackedGemm(weight, bias, out, rowLength, PanelPacking.tapMajor(in, kernel)) : null;
        this.grouped = Simd.ENABLED && !plain ? new GroupedConv1d(weight, bias, in, out, kernel, stride, padding, groups) : null;
        this.weight = Simd.ENABLED ? null : read(weight, out, rowLength);
        this.bias = Simd.ENABLED ? null : bias;
    }

    private static void checkGroups(int in, int out, int groups) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) throw new IllegalArgumentException("channels " + in + "/" + out + " not divisible by groups " + groups);
    }

    /** The rows of {@code weight} as one row-major array [rows, cols]. */
    private static float[] read(RowSource weight, int rows, int cols) {
        float[] w = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) weight.read(r, 0, cols, w, r * cols);
        return w;
    }

    /** @param weight [out, in/groups, kernel] as stored by PyTorch; @param bias [out] or null */
    public static Conv1d of(float[] weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        checkGroups(in, out, groups);
        if (weight.length != (long) out * (in / groups) * kernel) throw new IllegalArgumentException("conv weight length " + weight.length);
        return of(RowSource.of(weight, in / groups * kernel), bias, in, out, kernel, stride, padding, groups);
    }

    /**
     * A Conv1d packed straight from {@code weight}'s rows (e.g. decoded from the mapped checkpoint), each read
     * once, without a float[] copy of the whole weight.
     * @param weight the rows [out, in/groups·kernel] of the weight [out, in/groups, kernel]; @param bias [out] or null
     */
    public static Conv1d of(RowSource weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        return new Conv1d(weight, bias, in, out, kernel, stride, padding, groups);
    }

    public int in() { return in; }

    public int out() { return out; }

    /** floor((tIn + 2·padding − kernel) / stride) + 1, or 0 when the input is shorter than the kernel. */
    public int outputLength(int tIn) {
        int span = tIn + 2 * padding - kernel;
        return span < 0 ? 0 : span / stride + 1;
    }

    /** x is [tIn, in], y is [outputLength(tIn), out]. */
    public void forward(float[] x, int tIn, float[] y) {
        int tOut = outputLength(tIn);
        if (tOut == 0) return;
        if (gemm != null) gemm.multiply(x, 0, stride * in, tOut, y, 0, out);
        else if (grouped != null) grouped.forward(x, tIn, y, tOut);
        else if (single != null) single.forward(x, y, tOut);
        else ScalarConv1d.forward(weight, bias, in, out, kernel, stride, padding, groups, x, tIn, tOut, y);
    }

    /**
     * {@link #forward}, then {@link Norms#groupNormPerChannel(float[], int, int, float[], float[], float, Norms.Epilogue)}
     * on y with w and b [out]; the same result, fused for a single input channel (the conv is recomputed
     * for the statistics instead of its output being read back twice).
     */
    public void forwardGroupNorm(float[] x, int tIn, float[] y, float[] w, float[] b, float eps, Norms.Epilogue then) {
        int tOut = outputLength(tIn);
        if (tOut == 0) return;
        if (single != null) {
            single.forwardGroupNorm(x, y, tOut, w, b, eps, then);
        } else {
            forward(x, tIn, y);
            Norms.groupNormPerChannel(y, tOut, out, w, b, eps, then);
        }
    }
}
