package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Conv1d}: PyTorch's Conv1d, time-major. */
public final class ScalarConv1d {
    private ScalarConv1d() {}

    /** x [tIn, in], weight [out, in/groups, kernel], bias [out] or null, y [tOut, out]. */
    public static void forward(float[] weight, float[] bias, int in, int out, int kernel, int stride, int padding,
                               int groups, float[] x, int tIn, int tOut, float[] y) {
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
