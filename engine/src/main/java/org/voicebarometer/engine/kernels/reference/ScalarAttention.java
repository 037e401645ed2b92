package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Attention}: full score rows, in double. */
public final class ScalarAttention {
    private ScalarAttention() {}

    public static void forward(float[] q, float[] k, float[] v, int t, int heads, int headDim, float[] out) {
        forward(q, k, v, t, heads, headDim, 0, t, out, 0);
    }

    /** Query rows [r0, r1) only; row i goes to out at outOff + (i − r0)·heads·headDim. */
    public static void forward(float[] q, float[] k, float[] v, int t, int heads, int headDim, int r0, int r1, float[] out, int outOff) {
        int h = heads * headDim;
        double scale = 1.0 / Math.sqrt(headDim);
        double[] scores = new double[t];
        for (int head = 0; head < heads; head++) {
            int off = head * headDim;
            for (int i = r0; i < r1; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < t; j++) {
                    double s = 0;
                    for (int d = 0; d < headDim; d++) s += q[i * h + off + d] * k[j * h + off + d];
                    s *= scale;
                    scores[j] = s;
                    if (s > max) max = s;
                }
                double sum = 0;
                for (int j = 0; j < t; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int d = 0; d < headDim; d++) {
                    double acc = 0;
                    for (int j = 0; j < t; j++) acc += scores[j] * v[j * h + off + d];
                    out[outOff + (i - r0) * h + off + d] = (float) (acc / sum);
                }
            }
        }
    }
}
