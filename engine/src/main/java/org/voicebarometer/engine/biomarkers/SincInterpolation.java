package org.voicebarometer.engine.biomarkers;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Band-limited interpolation of a sampled function as Praat does it: a sin(x)/x kernel tapered
 * by a raised cosine that reaches zero just beyond {@code depth} samples on either side
 * (Boersma 1993, section 4). Peaks are refined by Brent's method on the interpolant.
 */
final class SincInterpolation {
    /** Depth 2 means Praat's cubic interpolation rather than a two-tap sinc. */
    static final int CUBIC = 2;
    static final int DEPTH_70 = 70;
    static final int DEPTH_700 = 700;

    private SincInterpolation() {}

    /** Value of y at the real-valued 0-based position x. */
    static double valueAt(double[] y, double x, int depth) {
        return valueAt(y, y.length, x, depth);
    }

    /** Value at x of the function sampled in y[0, n). */
    static double valueAt(double[] y, int n, double x, int depth) {
        if (n < 1) return Double.NaN;
        if (x >= n - 1) return y[n - 1];
        if (x <= 0) return y[0];
        int midLeft = (int) Math.floor(x);
        if (x == midLeft) return y[midLeft];
        int midRight = midLeft + 1;
        depth = Math.min(depth, Math.min(midRight, n - 1 - midLeft));
        if (depth <= 0) return y[(int) Math.round(x)];
        if (depth == 1) return y[midLeft] + (x - midLeft) * (y[midRight] - y[midLeft]);
        if (depth == CUBIC) {
            // Near the edges Praat falls back to cubic interpolation with central-difference slopes.
            double yl = y[midLeft];
            double yr = y[midRight];
            double dyl = 0.5 * (yr - y[midLeft - 1]);
            double dyr = 0.5 * (y[midRight + 1] - yl);
            double fil = x - midLeft;
            double fir = midRight - x;
            return yl * fir + yr * fil - fil * fir * (0.5 * (dyr - dyl) + (fil - 0.5) * (dyl + dyr - 2 * (yr - yl)));
        }
        int left = midRight - depth;
        int right = midLeft + depth;
        double phase = x - midLeft;
        // sin(π(x − i)) only alternates in sign; the taper's cosine advances by a fixed angle per
        // sample, so both run as recurrences instead of calling sin/cos for every tap.
        return side(y, midLeft, -1, left, Math.PI * phase, x - left + 1)
                + side(y, midRight, 1, right, Math.PI * (1 - phase), right - x + 1);
    }

    /** Taps from {@code from} to {@code to} (inclusive) in direction {@code dir}; a = π·distance of the first tap. */
    private static double side(double[] y, int from, int dir, int to, double a, double taperLength) {
        double halfSinA = 0.5 * Math.sin(a);
        double aa = a / taperLength;
        double daa = Math.PI / taperLength;
        double cosAa = Math.cos(aa);
        double sinAa = Math.sin(aa);
        double cosStep = Math.cos(daa);
        double sinStep = Math.sin(daa);
        double result = 0;
        for (int i = from; dir < 0 ? i >= to : i <= to; i += dir) {
            result += y[i] * halfSinA / a * (1 + cosAa);
            a += Math.PI;
            halfSinA = -halfSinA;
            double c = cosAa * cosStep - sinAa * sinStep;
            sinAa = sinAa * cosStep + cosAa * sinStep;
            cosAa = c;
        }
        return result;
    }

    /** A refined maximum near sample {@code peak}: {position, value}, searched within ±1 sample. */
    static double[] refineMaximum(double[] y, int peak, int depth) {
        return refineMaximum(y, y.length, peak, depth);
    }

    /** As {@link #refineMaximum(double[], int, int)} for the function sampled in y[0, n). */
    static double[] refineMaximum(double[] y, int n, int peak, int depth) {
        if (peak <= 0) return new double[] {0, y[0]};
        if (peak >= n - 1) return new double[] {n - 1, y[n - 1]};
        BrentOptimizer brent = new BrentOptimizer(1e-12, 1e-10);
        var best = brent.optimize(new MaxEval(200), GoalType.MAXIMIZE,
                new UnivariateObjectiveFunction(x -> valueAt(y, n, x, depth)),
                new SearchInterval(peak - 1, peak + 1, peak));
        return new double[] {best.getPoint(), best.getValue()};
    }
}
