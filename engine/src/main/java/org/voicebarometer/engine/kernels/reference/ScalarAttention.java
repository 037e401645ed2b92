package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Attention}: full score rows, in double. */
public final class ScalarAttention {
    private ScalarAttention() {}

    public static void forward(float[] q, float[] k, float[] v, int t, int heads, int headDim, float[] out) {
        int h = heads * headDim;
        double scale = 1.0 / Math.sqrt(headDim);
        double[] scores = new double[t];
        for (int head = 0; head < heads; head++) {
            int off = head * headDim;
            for (int i = 0; i < t; i++) {
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
                    out[i * h + off + d] = (float) (acc / sum);
                }
            }
        }
    }
}
