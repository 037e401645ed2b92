package org.voicebarometer.engine.biomarkers;

/**
 * A mono sampled sound with Praat's time axis: sample i (0-based) sits at
 * {@code x1 + i·dx} with {@code x1 = dx/2}, and the sound spans [0, n·dx]. Every analysis
 * in this package uses these conventions so that frame times agree with Praat's to the sample.
 */
record Sound(double[] samples, double sampleRate) {

    int size() { return samples.length; }

    double dx() { return 1.0 / sampleRate; }

    double x1() { return 0.5 / sampleRate; }

    double duration() { return samples.length / sampleRate; }

    double indexToTime(double index) { return x1() + index * dx(); }

    /** Real-valued sample index of time t (0-based). */
    double timeToIndex(double t) { return (t - x1()) * sampleRate; }

    int lowIndex(double t) { return (int) Math.floor(timeToIndex(t)); }

    int highIndex(double t) { return (int) Math.ceil(timeToIndex(t)); }

    int nearestIndex(double t) { return (int) Math.round(timeToIndex(t)); }

    /** Largest |x − mean| over the whole sound: the reference for Praat's relative silence thresholds. */
    double globalPeakAroundMean() {
        double mean = 0;
        for (double v : samples) mean += v;
        mean /= Math.max(1, samples.length);
        double peak = 0;
        for (double v : samples) peak = Math.max(peak, Math.abs(v - mean));
        return peak;
    }

    /**
     * Praat's Sampled_shortTermAnalysis: as many frames of {@code windowDuration} as fit, centred
     * symmetrically in the sound; returns {frameCount, firstFrameTime} (frameCount 0 if none fits).
     */
    double[] shortTermFrames(double windowDuration, double timeStep) {
        double duration = duration();
        if (windowDuration > duration) return new double[] {0, 0};
        int frames = (int) Math.floor((duration - windowDuration) / timeStep) + 1;
        double midTime = x1() - 0.5 * dx() + 0.5 * duration;
        double firstTime = midTime - 0.5 * frames * timeStep + 0.5 * timeStep;
        return new double[] {frames, firstTime};
    }
}
