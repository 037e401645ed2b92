package org.voicebarometer.engine.kernels;

import org.voicebarometer.engine.kernels.reference.ScalarConv1d;

/**
 * A 1-D convolution (cross-correlation, as PyTorch's Conv1d) prepared once at load.
 * Activations are time-major: input [tIn, in], output [tOut, out].
 *
 * <p>Computed as one GEMM per group without an im2col copy: in time-major layout the receptive field of
 * output frame t is the contiguous run x[t·stride .. t·stride + kernel) × channels, so each group's weight
 * is packed as [outG, kernel·inG] (tap-major) and the GEMM reads A rows of length kernel·inG with a row
 * stride of stride·inG. Padding and groups > 1 first copy the input once into a zero-padded, group-
 * contiguous buffer.
 */
public final class Conv1d {
    private final float[] weight; // (out, in/groups, k), kept only for the scalar path
    private final float[] bias;   // (out) or null, kept only for the scalar path
    private final PackedGemm[] groupGemms; // one per group, null on the scalar path
    private final int in, out, kernel, stride, padding, groups;

    private Conv1d(float[] weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        if (groups < 1 || in % groups != 0 || out % groups != 0) throw new IllegalArgumentException("channels " + in + "/" + out + " not divisible by groups " + groups);
        if (kernel < 1 || stride < 1 || padding < 0) throw new IllegalArgumentException("conv kernel " + kernel + ", stride " + stride + ", padding " + padding);
        if (weight.length != (long) out * (in / groups) * kernel) throw new IllegalArgumentException("conv weight length " + weight.length);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("conv bias length " + bias.length + " != " + out);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
        if (Simd.ENABLED) {
            this.groupGemms = packGroups(weight, bias);
            this.weight = null;
            this.bias = null;
        } else {
            this.groupGemms = null;
            this.weight = weight;
            this.bias = bias;
        }
    }

    /** Per group: W[o, c, j] → [outG, kernel·inG] with element (o, j·inG + c), the order of a time-major window. */
    private PackedGemm[] packGroups(float[] weight, float[] bias) {
        int inG = in / groups, outG = out / groups, k = kernel * inG;
        PackedGemm[] gemms = new PackedGemm[groups];
        float[] tapMajor = new float[outG * k];
        float[] groupBias = bias == null ? null : new float[outG];
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < outG; o++) {
                int src = (g * outG + o) * inG * kernel;
                for (int c = 0; c < inG; c++) {
                    for (int j = 0; j < kernel; j++) tapMajor[o * k + j * inG + c] = weight[src + c * kernel + j];
                }
            }
            if (bias != null) System.arraycopy(bias, g * outG, groupBias, 0, outG);
            gemms[g] = new PackedGemm(tapMajor, groupBias, outG, k);
        }
        return gemms;
    }

    /** @param weight [out, in/groups, kernel] as stored by PyTorch; @param bias [out] or null */
    public static Conv1d of(float[] weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
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
        if (groupGemms == null) {
            ScalarConv1d.forward(weight, bias, in, out, kernel, stride, padding, groups, x, tIn, tOut, y);
            return;
        }
        int inG = in / groups, outG = out / groups;
        if (groups == 1 && padding == 0) {
            groupGemms[0].multiply(x, 0, stride * in, tOut, y, 0, out);
            return;
        }
        int tPadded = tIn + 2 * padding;
        float[] window = new float[Math.multiplyExact(tPadded, inG)];
        for (int g = 0; g < groups; g++) {
            for (int t = 0; t < tIn; t++) System.arraycopy(x, t * in + g * inG, window, (t + padding) * inG, inG);
            groupGemms[g].multiply(window, 0, stride * inG, tOut, y, g * outG, out);
        }
    }
}
