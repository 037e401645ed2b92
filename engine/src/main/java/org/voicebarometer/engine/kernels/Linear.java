package org.voicebarometer.engine.kernels;

/**
 * A fully connected layer prepared once at load: {@code y = x·Wᵀ + b} for every row of x.
 * Activations are row-major [rows, in] → [rows, out].
 */
public final class Linear {
    private final float[] weight; // (out, in)
    private final float[] bias;   // (out) or null
    private final int out;
    private final int in;

    private Linear(float[] weight, float[] bias, int out, int in) {
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.weight = weight;
        this.bias = bias;
        this.out = out;
        this.in = in;
    }

    /** @param weight [out, in] as stored by PyTorch; @param bias [out] or null */
    public static Linear of(float[] weight, float[] bias, int out, int in) {
        return new Linear(weight, bias, out, in);
    }

    public int in() { return in; }

    public int out() { return out; }

    /** y[r, o] = Σ_i x[r, i]·W[o, i] + b[o]; x is [rows, in], y is [rows, out]. */
    public void forward(float[] x, int rows, float[] y) {
        for (int r = 0; r < rows; r++) {
            int xo = r * in;
            for (int o = 0; o < out; o++) {
                int wo = o * in;
                float s = 0f;
                for (int i = 0; i < in; i++) s += x[xo + i] * weight[wo + i];
                y[r * out + o] = bias == null ? s : s + bias[o];
            }
        }
    }
}
