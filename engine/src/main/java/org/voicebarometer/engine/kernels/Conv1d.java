package org.voicebarometer.engine.kernels;

/**
 * A 1-D convolution (cross-correlation, as PyTorch's Conv1d) prepared once at load.
 * Activations are time-major: input [tIn, in], output [tOut, out].
 */
public final class Conv1d {
    private final float[] weight; // (out, in/groups, k)
    private final float[] bias;   // (out) or null
    private final int in, out, kernel, stride, padding, groups;

    private Conv1d(float[] weight, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) {
        if (in % groups != 0 || out % groups != 0) throw new IllegalArgumentException("channels " + in + "/" + out + " not divisible by groups " + groups);
        if (weight.length != (long) out * (in / groups) * kernel) throw new IllegalArgumentException("conv weight length " + weight.length);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("conv bias length " + bias.length + " != " + out);
        this.weight = weight;
        this.bias = bias;
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
        this.groups = groups;
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
        int inG = in / groups, outG = out / groups;
        for (int t = 0; t < tOut; t++) {
            int start = t * stride - padding;
            for (int o = 0; o < out; o++) {
                int g = o / outG;
                float s = bias == null ? 0f : bias[o];
                for (int c = 0; c < inG; c++) {
                    int ci = g * inG + c;
                    int wo = (o * inG + c) * kernel;
                    for (int j = 0; j < kernel; j++) {
                        int ti = start + j;
                        if (ti >= 0 && ti < tIn) s += x[ti * in + ci] * weight[wo + j];
                    }
                }
                y[t * out + o] = s;
            }
        }
    }
}
