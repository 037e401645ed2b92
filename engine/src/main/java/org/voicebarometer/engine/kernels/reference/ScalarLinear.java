package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Linear}: y = x·Wᵀ + b, row by row. */
public final class ScalarLinear {
    private ScalarLinear() {}

    /** x [rows, in], weight [out, in], bias [out] or null, y [rows, out]. */
    public static void forward(float[] weight, float[] bias, int out, int in, float[] x, int rows, float[] y) {
        forward(weight, bias, out, in, x, 0, rows, y, 0);
    }

    /** The rows of x from xOff into y from yOff. */
    public static void forward(float[] weight, float[] bias, int out, int in, float[] x, int xOff, int rows, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xo = xOff + r * in;
            for (int o = 0; o < out; o++) {
                int wo = o * in;
                float s = 0f;
                for (int i = 0; i < in; i++) s += x[xo + i] * weight[wo + i];
                y[yOff + r * out + o] = bias == null ? s : s + bias[o];
            }
        }
    }
}
