package org.voicebarometer.engine.analysis.training;

/**
 * Multinomial logistic regression with an L2 penalty, fitted by Nesterov's accelerated gradient
 * method. The objective is strongly convex, so the solution is unique and the fit is deterministic:
 * {@code J(W, b) = −(1/N) Σ log softmax(W·x_i + b)[y_i] + (λ/2)‖W‖²} (the bias is not penalised).
 * Features are expected standardised (the caller's job).
 */
public final class SoftmaxRegression {
    private static final int MAX_ITERATIONS = 20_000;
    /** Stop when the gradient's largest component is below this. */
    private static final double TOLERANCE = 1e-7;

    private SoftmaxRegression() {}

    /** Weights [classes][features] and bias [classes]. */
    public record Fit(double[][] weights, double[] bias, int iterations) {}

    public static Fit fit(double[][] x, int[] y, int classes, double lambda) {
        int n = x.length;
        int d = x[0].length;
        int stride = d + 1; // per class: d weights then the bias
        double lipschitz = 0.5 * largestEigenvalueOfGram(x) + lambda;
        double step = 1.0 / lipschitz;
        double kappa = lipschitz / lambda;
        double momentum = (Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1);

        double[] theta = new double[classes * stride];
        double[] previous = theta.clone();
        double[] lookahead = new double[theta.length];
        double[] grad = new double[theta.length];
        int it = 0;
        for (; it < MAX_ITERATIONS; it++) {
            for (int i = 0; i < theta.length; i++) lookahead[i] = theta[i] + momentum * (theta[i] - previous[i]);
            gradient(x, y, classes, lambda, lookahead, grad);
            double maxAbs = 0;
            for (double g : grad) maxAbs = Math.max(maxAbs, Math.abs(g));
            System.arraycopy(theta, 0, previous, 0, theta.length);
            for (int i = 0; i < theta.length; i++) theta[i] = lookahead[i] - step * grad[i];
            if (maxAbs < TOLERANCE) break;
        }
        double[][] w = new double[classes][d];
        double[] b = new double[classes];
        for (int c = 0; c < classes; c++) {
            System.arraycopy(theta, c * stride, w[c], 0, d);
            b[c] = theta[c * stride + d];
        }
        return new Fit(w, b, it);
    }

    /** Class probabilities for one standardised feature vector. */
    public static double[] probabilities(double[][] weights, double[] bias, double[] features) {
        double[] z = new double[bias.length];
        for (int c = 0; c < z.length; c++) {
            double s = bias[c];
            for (int j = 0; j < features.length; j++) s += weights[c][j] * features[j];
            z[c] = s;
        }
        softmaxInPlace(z);
        return z;
    }

    static void softmaxInPlace(double[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) z[i] /= sum;
    }

    private static void gradient(double[][] x, int[] y, int classes, double lambda, double[] theta, double[] grad) {
        int n = x.length;
        int d = x[0].length;
        int stride = d + 1;
        java.util.Arrays.fill(grad, 0);
        double[] z = new double[classes];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int c = 0; c < classes; c++) {
                int o = c * stride;
                double s = theta[o + d];
                for (int j = 0; j < d; j++) s += theta[o + j] * xi[j];
                z[c] = s;
            }
            softmaxInPlace(z);
            z[y[i]] -= 1; // ∂(−log p_y)/∂z = p − onehot(y)
            for (int c = 0; c < classes; c++) {
                int o = c * stride;
                double r = z[c] / n;
                for (int j = 0; j < d; j++) grad[o + j] += r * xi[j];
                grad[o + d] += r;
            }
        }
        for (int c = 0; c < classes; c++) {
            int o = c * stride;
            for (int j = 0; j < d; j++) grad[o + j] += lambda * theta[o + j];
        }
    }

    /**
     * Largest eigenvalue of the Gram matrix of [x, 1] / N by power iteration: the softmax loss's Hessian
     * is at most half of it (per class block), which bounds the step size.
     */
    private static double largestEigenvalueOfGram(double[][] x) {
        int n = x.length;
        int d = x[0].length + 1;
        double[] v = new double[d];
        java.util.Arrays.fill(v, 1.0 / Math.sqrt(d));
        double lambda = 0;
        for (int it = 0; it < 200; it++) {
            double[] next = new double[d];
            for (double[] row : x) {
                double dot = v[d - 1];
                for (int j = 0; j < d - 1; j++) dot += row[j] * v[j];
                for (int j = 0; j < d - 1; j++) next[j] += dot * row[j];
                next[d - 1] += dot;
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= n;
                norm += next[j] * next[j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) v[j] = next[j] / norm;
            boolean converged = Math.abs(norm - lambda) < 1e-6 * norm;
            lambda = norm;
            if (converged) break;
        }
        // Power iteration approaches from below; a margin keeps the step safely inside 1/L.
        return lambda * 1.05;
    }
}
