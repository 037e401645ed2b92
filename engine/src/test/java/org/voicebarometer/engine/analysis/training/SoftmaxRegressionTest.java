package org.voicebarometer.engine.analysis.training;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class SoftmaxRegressionTest {

    /** Three Gaussian blobs in 4-D, overlapping a little. */
    private static double[][] blobs(int[] y, long seed) {
        Random r = new Random(seed);
        double[][] centres = {{2, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}};
        double[][] x = new double[y.length][4];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 3;
            for (int j = 0; j < 4; j++) x[i][j] = centres[y[i]][j] + r.nextGaussian();
        }
        return x;
    }

    private static double objective(double[][] x, int[] y, double[][] w, double[] b, double lambda) {
        double loss = 0;
        for (int i = 0; i < x.length; i++) loss -= Math.log(SoftmaxRegression.probabilities(w, b, x[i])[y[i]]);
        loss /= x.length;
        for (double[] row : w) for (double v : row) loss += 0.5 * lambda * v * v;
        return loss;
    }

    @Test
    void fitIsTheMinimumOfThePenalisedLoss() {
        int[] y = new int[300];
        double[][] x = blobs(y, 1);
        double lambda = 0.05;
        SoftmaxRegression.Fit fit = SoftmaxRegression.fit(x, y, 3, lambda);
        double best = objective(x, y, fit.weights(), fit.bias(), lambda);
        // Any small move of any parameter must not lower the objective (first-order optimality).
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j <= 4; j++) {
                for (double h : new double[]{1e-3, -1e-3}) {
                    double[][] w = {fit.weights()[0].clone(), fit.weights()[1].clone(), fit.weights()[2].clone()};
                    double[] b = fit.bias().clone();
                    if (j < 4) w[c][j] += h; else b[c] += h;
                    assertTrue(objective(x, y, w, b, lambda) >= best - 1e-9, "moving (" + c + "," + j + ") by " + h + " lowered the loss");
                }
            }
        }
        // And it classifies the blobs well above chance.
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = SoftmaxRegression.probabilities(fit.weights(), fit.bias(), x[i]);
            int arg = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
            if (arg == y[i]) right++;
        }
        assertTrue(right > 0.8 * x.length, "accuracy " + right + "/" + x.length);
    }

    @Test
    void fitIsDeterministic() {
        int[] y = new int[90];
        double[][] x = blobs(y, 7);
        SoftmaxRegression.Fit a = SoftmaxRegression.fit(x, y, 3, 0.01);
        SoftmaxRegression.Fit b = SoftmaxRegression.fit(x, y, 3, 0.01);
        assertArrayEquals(a.bias(), b.bias());
        for (int c = 0; c < 3; c++) assertArrayEquals(a.weights()[c], b.weights()[c]);
    }

    @Test
    void strongerPenaltyShrinksWeights() {
        int[] y = new int[90];
        double[][] x = blobs(y, 3);
        double weak = norm(SoftmaxRegression.fit(x, y, 3, 0.001).weights());
        double strong = norm(SoftmaxRegression.fit(x, y, 3, 1.0).weights());
        assertTrue(strong < weak / 3, "strong " + strong + " weak " + weak);
    }

    private static double norm(double[][] w) {
        double s = 0;
        for (double[] row : w) for (double v : row) s += v * v;
        return Math.sqrt(s);
    }
}
