package org.voicebarometer.engine.analysis.training;

/**
 * Temperature scaling (C. Guo, G. Pleiss, Y. Sun, K. Weinberger: <i>On Calibration of Modern Neural
 * Networks</i>, ICML 2017): every logit is divided by one scalar T &gt; 0 chosen to minimise the negative
 * log-likelihood of held-out predictions. Dividing all logits by the same positive number keeps their
 * order, so the predicted class (and every accuracy figure) is unchanged; only the confidence moves.
 */
public final class TemperatureScaling {
    /** The search interval for T; a fit at either end means the logits carry (almost) no or perfect information. */
    static final double MIN_TEMPERATURE = 0.01;
    static final double MAX_TEMPERATURE = 100;
    /** Stop when the bracket on log T is this narrow (T known to a relative 1e-9). */
    private static final double TOLERANCE = 1e-9;
    private static final double INVERSE_GOLDEN_RATIO = (Math.sqrt(5) - 1) / 2;

    private TemperatureScaling() {}

    /**
     * The T minimising {@link #nll} by golden-section search on log T. The NLL is convex in 1/T (a
     * log-sum-exp of linear functions minus a linear one) and 1/T is monotone in log T, so the NLL has
     * one minimum along log T and the search finds it.
     *
     * @param logits (predictions, classes)
     * @param truth  (predictions) the true class of each
     */
    public static double fit(double[][] logits, int[] truth) {
        double lo = Math.log(MIN_TEMPERATURE);
        double hi = Math.log(MAX_TEMPERATURE);
        double a = hi - INVERSE_GOLDEN_RATIO * (hi - lo);
        double b = lo + INVERSE_GOLDEN_RATIO * (hi - lo);
        double fa = nll(logits, truth, Math.exp(a));
        double fb = nll(logits, truth, Math.exp(b));
        while (hi - lo > TOLERANCE) {
            if (fa <= fb) {
                hi = b;
                b = a;
                fb = fa;
                a = hi - INVERSE_GOLDEN_RATIO * (hi - lo);
                fa = nll(logits, truth, Math.exp(a));
            } else {
                lo = a;
                a = b;
                fa = fb;
                b = lo + INVERSE_GOLDEN_RATIO * (hi - lo);
                fb = nll(logits, truth, Math.exp(b));
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    /** Mean negative log-likelihood of the true classes under softmax(logits / T), in nats. */
    public static double nll(double[][] logits, int[] truth, double temperature) {
        if (logits.length != truth.length) throw new IllegalArgumentException(logits.length + " predictions but " + truth.length + " labels");
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : logits[i]) max = Math.max(max, v);
            double norm = 0;
            for (double v : logits[i]) norm += Math.exp((v - max) / temperature);
            sum += Math.log(norm) - (logits[i][truth[i]] - max) / temperature;
        }
        return sum / logits.length;
    }

    /** softmax(logits / T) of one prediction. */
    public static double[] probabilities(double[] logits, double temperature) {
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) p[c] = logits[c] / temperature;
        SoftmaxRegression.softmaxInPlace(p);
        return p;
    }
}
