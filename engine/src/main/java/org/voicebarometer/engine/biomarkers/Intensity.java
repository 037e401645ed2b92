package org.voicebarometer.engine.biomarkers;

/**
 * Praat's "To Intensity": the mean-subtracted signal squared under a Kaiser-Bessel window
 * 6.4 / minimum pitch long, every 0.8 / minimum pitch seconds, in dB re (2·10⁻⁵)² with samples
 * taken as pascals. The window's effective length (3.2 periods of the minimum pitch) keeps
 * pitch ripple out of the contour.
 */
record Intensity(double firstTime, double timeStep, double[] db) {
    private static final double HEARING_THRESHOLD_PA2 = 4e-10;

    static Intensity analyse(Sound sound, double minimumPitch) {
        double timeStep = 0.8 / minimumPitch;
        double windowDuration = 6.4 / minimumPitch;
        double halfWindow = 0.5 * windowDuration;
        int halfSamples = (int) Math.floor(halfWindow / sound.dx());
        int windowSize = 2 * halfSamples + 1;
        double[] window = new double[windowSize];
        for (int i = 0; i < windowSize; i++) {
            double x = (i - halfSamples) * sound.dx() / halfWindow;
            window[i] = besselI0((2 * Math.PI * Math.PI + 0.5) * Math.sqrt(Math.max(0, 1 - x * x)));
        }
        double[] layout = sound.shortTermFrames(windowDuration, timeStep);
        int frames = (int) layout[0];
        double[] db = new double[frames];
        double[] x = sound.samples();
        for (int f = 0; f < frames; f++) {
            int centre = sound.nearestIndex(layout[1] + f * timeStep);
            int left = Math.max(0, centre - halfSamples);
            int right = Math.min(x.length - 1, centre + halfSamples);
            double mean = 0;
            for (int i = left; i <= right; i++) mean += x[i];
            mean /= right - left + 1;
            double sumxw = 0;
            double sumw = 0;
            for (int i = left; i <= right; i++) {
                double w = window[i - centre + halfSamples];
                double v = x[i] - mean;
                sumxw += v * v * w;
                sumw += w;
            }
            double relative = sumxw / sumw / HEARING_THRESHOLD_PA2;
            db[f] = relative < 1e-30 ? -300 : 10 * Math.log10(relative);
        }
        return new Intensity(layout[1], timeStep, db);
    }

    int frames() { return db.length; }

    double time(int frame) { return firstTime + frame * timeStep; }

    /** Praat's "Get mean (energy)": the dB value of the mean energy; NaN without frames. */
    double energyMeanDb() {
        if (db.length == 0) return Double.NaN;
        double sum = 0;
        for (double v : db) sum += Math.pow(10, v / 10);
        return 10 * Math.log10(sum / db.length);
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    static double besselI0(double x) {
        double term = 1;
        double sum = 1;
        double q = x * x / 4;
        for (int k = 1; k < 500 && term > 1e-17 * sum; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }
}
