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

    private Linear(PackedGemm gemm, float[] weight, float[] bias, int out, int in) {
        if (bias != null && bias.length != out) throw new IllegalArgumentException("bias length " + bias.length + " != " + out);
        this.gemm = gemm;
        this.weight = weight;
        this.bias = gemm == null ? bias : null;
        this.out = out;
        this.in = in;
    }

    /** @param weight [out, in] as stored by PyTorch; @param bias [out] or null */
    public static Linear of(float[] weight, float[] bias, int out, int in) {
        if (weight.length != (long) out * in) throw new IllegalArgumentException("weight length " + weight.length + " != " + out + "x" + in);
        return Simd.ENABLED ? of(RowSource.of(weight, in), bias, out, in) : new Linear(null, weight, bias, out, in);
    }

    /**
     * A Linear packed straight from {@code weight}'s rows [out, in] (e.g. decoded from the mapped checkpoint),
     * each read once; on the scalar path they are read into the plain [out, in] array.
     * @param bias [out] or null
     */
    public static Linear of(RowSource weight, float[] bias, int out, int in) {
        if (Simd.ENABLED) return new Linear(new PackedGemm(weight, bias, out, in), null, bias, out, in);
        float[] w = new float[Math.multiplyExact(out, in)];
        for (int o = 0; o < out; o++) weight.read(o, 0, in, w, o * in);
        return new Linear(null, w, bias, out, in);
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

    /**
     * The same for the rows of x from xOff into y from yOff, on the calling thread only: for callers that
     * already run one block of rows per pool thread.
     */
    public void forwardOnCaller(float[] x, int xOff, int rows, float[] y, int yOff) {
        if (gemm == null) {
            ScalarLinear.forward(weight, bias, out, in, x, xOff, rows, y, yOff);
        } else {
            gemm.multiplyOnCaller(x, xOff, in, rows, y, yOff, out);
        }
    }
}
