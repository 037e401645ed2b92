package org.voicebarometer.engine.analysis.training;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

class TemperatureScalingTest {

    /** Logits z ~ N(0, 3²) per class, and labels drawn from softmax(z / trueTemperature). */
    private static int[] drawLabels(double[][] logits, double trueTemperature, Random r) {
        int[] y = new int[logits.length];
        for (int i = 0; i < logits.length; i++) {
            double[] p = TemperatureScaling.probabilities(logits[i], trueTemperature);
            double u = r.nextDouble();
            int c = 0;
            for (double acc = p[0]; acc < u && c < p.length - 1; acc += p[++c]) { }
            y[i] = c;
        }
        return y;
    }

    private static double[][] randomLogits(int n, int classes, Random r) {
        double[][] z = new double[n][classes];
        for (double[] row : z) for (int c = 0; c < classes; c++) row[c] = 3 * r.nextGaussian();
        return z;
    }

    @Test
    void recoversTheTemperatureTheLabelsWereDrawnWith() {
        Random r = new Random(42);
        for (double truth : new double[]{2.0, 0.5}) {
            double[][] z = randomLogits(20_000, 5, r);
            int[] y = drawLabels(z, truth, r);
            double t = TemperatureScaling.fit(z, y);
            assertEquals(truth, t, 0.05 * truth, "labels drawn from softmax(z / " + truth + ")");
            // It is the minimum: a step either way costs likelihood.
            double best = TemperatureScaling.nll(z, y, t);
            assertTrue(TemperatureScaling.nll(z, y, t * 1.01) > best);
            assertTrue(TemperatureScaling.nll(z, y, t / 1.01) > best);
        }
    }

    @Test
    void calibratedLabelsNeedNoTemperature() {
        Random r = new Random(7);
        double[][] z = randomLogits(20_000, 7, r);
        assertEquals(1.0, TemperatureScaling.fit(z, drawLabels(z, 1.0, r)), 0.05);
    }

    @Test
    void nllIsTheMeanNegativeLogProbabilityOfTheTruth() {
        double[][] z = {{Math.log(3), 0}, {0, 0, 0}};
        int[] y = {0, 2};
        // softmax(ln 3, 0) = (3/4, 1/4); the second is uniform over three.
        assertEquals((-Math.log(0.75) + Math.log(3)) / 2, TemperatureScaling.nll(z, y, 1), 1e-12);
        // At T = 2 the first becomes softmax(ln √3, 0) = (√3 / (√3 + 1), …).
        assertEquals((-Math.log(Math.sqrt(3) / (Math.sqrt(3) + 1)) + Math.log(3)) / 2, TemperatureScaling.nll(z, y, 2), 1e-12);
        // Huge logits stay finite (log-sum-exp).
        assertEquals(0.0, TemperatureScaling.nll(new double[][]{{1000, -1000}}, new int[]{0}, 1), 1e-12);
    }

    @Test
    void eceOfAHandExample() {
        double[][] p = {{0.95, 0.05}, {0.85, 0.15}, {0.25, 0.75}, {0.72, 0.28}};
        int[] y = {0, 1, 1, 1};
        // Bins by top confidence: (0.9,1] holds 0.95 (right); (0.8,0.9] holds 0.85 (wrong); (0.7,0.8] holds
        // 0.75 (right) and 0.72 (wrong): accuracy 0.5 against mean confidence 0.735.
        double expected = 0.25 * Math.abs(1 - 0.95) + 0.25 * Math.abs(0 - 0.85) + 0.5 * Math.abs(0.5 - 0.735);
        assertEquals(expected, ExpectedCalibrationError.of(p, y, 10), 1e-12);
        assertEquals(0.3425, expected, 1e-12);
        // One bin: |accuracy − mean confidence| = |0.5 − 0.8175|.
        assertEquals(0.3175, ExpectedCalibrationError.of(p, y, 1), 1e-12);
    }

    @Test
    void eceIsZeroWhenConfidenceMatchesAccuracy() {
        // Ten predictions at 70 % confidence, seven of them right.
        double[][] p = new double[10][];
        int[] y = new int[10];
        for (int i = 0; i < 10; i++) {
            p[i] = new double[]{0.7, 0.2, 0.1};
            y[i] = i < 7 ? 0 : 1 + i % 2;
        }
        assertEquals(0, ExpectedCalibrationError.of(p, y, 10), 1e-12);
    }

    @Test
    void scalingKeepsEveryPredictedClass() {
        Random r = new Random(3);
        double[][] z = randomLogits(1000, 7, r);
        for (double t : new double[]{0.3, 1.7, 25}) {
            for (double[] row : z) assertEquals(argmax(row), argmax(TemperatureScaling.probabilities(row, t)));
        }
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int c = 1; c < v.length; c++) if (v[c] > v[best]) best = c;
        return best;
    }
}
