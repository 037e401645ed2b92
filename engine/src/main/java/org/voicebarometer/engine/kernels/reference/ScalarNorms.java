package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Norms}: statistics in double. */
public final class ScalarNorms {
    private ScalarNorms() {}

    /** For rows of cols from xOff, residualOff, outOff: x += residual (if not null), then out = LayerNorm(x). */
    public static void layerNorm(float[] x, int xOff, float[] residual, int residualOff, float[] out, int outOff,
                                 int rows, int cols, float[] w, float[] b, float eps) {
        int n = rows * cols;
        if (residual != null) for (int i = 0; i < n; i++) x[xOff + i] += residual[residualOff + i];
        if (out != x || outOff != xOff) System.arraycopy(x, xOff, out, outOff, n);
        for (int r = 0; r < rows; r++) layerNormRow(out, outOff + r * cols, cols, w, b, eps);
    }

    public static void layerNorm(float[] x, int rows, int cols, float[] w, float[] b, float eps) {
        for (int r = 0; r < rows; r++) layerNormRow(x, r * cols, cols, w, b, eps);
    }

    private static void layerNormRow(float[] x, int o, int cols, float[] w, float[] b, float eps) {
        double mean = 0;
        for (int c = 0; c < cols; c++) mean += x[o + c];
        mean /= cols;
        double var = 0;
        for (int c = 0; c < cols; c++) {
            double d = x[o + c] - mean;
            var += d * d;
        }
        var /= cols;
        float inv = (float) (1.0 / Math.sqrt(var + eps));
        float m = (float) mean;
        for (int c = 0; c < cols; c++) x[o + c] = (x[o + c] - m) * inv * w[c] + b[c];
    }

    public static void groupNormPerChannel(float[] x, int t, int c, float[] w, float[] b, float eps) {
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int i = 0; i < t; i++) mean += x[i * c + ch];
            mean /= t;
            double var = 0;
            for (int i = 0; i < t; i++) {
                double d = x[i * c + ch] - mean;
                var += d * d;
            }
            var /= t;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            float m = (float) mean;
            for (int i = 0; i < t; i++) x[i * c + ch] = (x[i * c + ch] - m) * inv * w[ch] + b[ch];
        }
    }

    public static void layerNormAll(float[] x, int n, float eps) {
        double mean = 0;
        for (int i = 0; i < n; i++) mean += x[i];
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double d = x[i] - mean;
            var += d * d;
        }
        var /= n;
        double inv = 1.0 / Math.sqrt(var + eps);
        for (int i = 0; i < n; i++) x[i] = (float) ((x[i] - mean) * inv);
    }
}
