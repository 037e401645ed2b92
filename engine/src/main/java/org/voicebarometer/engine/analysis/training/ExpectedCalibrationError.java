package org.voicebarometer.engine.analysis.training;

/**
 * Expected calibration error of the top label (M. P. Naeini, G. Cooper, M. Hauskrecht, AAAI 2015; in the
 * form of Guo et al. 2017): predictions are put in equal-width bins by their confidence (the largest
 * probability; bin m holds confidences in ((m−1)/M, m/M]), and the gaps between each bin's accuracy and
 * its mean confidence are averaged, weighted by the bin's share of predictions. 0 means "90 % confident"
 * is right 90 % of the time.
 */
public final class ExpectedCalibrationError {
    /** The usual number of bins. */
    public static final int BINS = 10;

    private ExpectedCalibrationError() {}

    /**
     * @param probabilities (predictions, classes), each row a distribution
     * @param truth         (predictions) the true class of each
     */
    public static double of(double[][] probabilities, int[] truth, int bins) {
        if (probabilities.length != truth.length) throw new IllegalArgumentException(probabilities.length + " predictions but " + truth.length + " labels");
        if (probabilities.length == 0) throw new IllegalArgumentException("no predictions");
        int[] count = new int[bins];
        int[] correct = new int[bins];
        double[] confidence = new double[bins];
        for (int i = 0; i < probabilities.length; i++) {
            double[] p = probabilities[i];
            int top = 0;
            for (int c = 1; c < p.length; c++) if (p[c] > p[top]) top = c;
            int bin = Math.clamp((long) Math.ceil(p[top] * bins) - 1, 0, bins - 1);
            count[bin]++;
            confidence[bin] += p[top];
            if (top == truth[i]) correct[bin]++;
        }
        double ece = 0;
        for (int m = 0; m < bins; m++) {
            if (count[m] > 0) ece += Math.abs(correct[m] - confidence[m]) / probabilities.length;
        }
        return ece;
    }
}
