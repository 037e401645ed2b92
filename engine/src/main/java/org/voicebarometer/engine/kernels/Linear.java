package org.voicebarometer.engine.kernels;

import org.voicebarometer.engine.kernels.reference.ScalarLinear;

/**
 * A fully connected layer prepared once at load: {@code y = x·Wᵀ + b} for every row of x.
 * Activations are row-major [rows, in] → [rows, out]. The weight is packed at {@link #of} into the
 * panel layout of {@link PackedGemm}; with {@code barometer.vector.bits=0} the scalar reference runs.
 */
public final class Linear {
    private final float[] weight; // (out, in), kept only for the scalar path
    private final float[] bias;   // (out) or null, kept only for the scalar path
    private final PackedGemm gemm; // null on the scalar path
    private final int out;
    private final int in;

    private Linear(float[] weight, float[] bias, int out, int in) {
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.out = out;
        this.in = in;
        if (Simd.ENABLED) {
            this.gemm = new PackedGemm(weight, bias, out, in);
            this.weight = null;
            this.bias = null;
        } else {
            this.gemm = null;
            this.weight = weight;
            this.bias = bias;
        }
    }

    /** @param weight [out, in] as stored by PyTorch; @param bias [out] or null */
    public static Linear of(float[] weight, float[] bias, int out, int in) {
        return new Linear(weight, bias, out, in);
    }

    public int in() { return in; }

    public int out() { return out; }

    /** y[r, o] = Σ_i x[r, i]·W[o, i] + b[o]; x is [rows, in], y is [rows, out]. */
    public void forward(float[] x, int rows, float[] y) {
        if (gemm == null) {
            ScalarLinear.forward(weight, bias, out, in, x, rows, y);
        } else {
            gemm.multiply(x, 0, in, rows, y, 0, out);
        }
    }
}
