package org.voicebarometer.engine.biomarkers;

/**
 * The path chosen through the pitch candidates (Praat's Pitch object after the path finder):
 * one frequency per frame, 0 for an unvoiced or silent frame, and the correlation strength of
 * the chosen candidate (for a voiced frame the normalised autocorrelation peak r, in (0, 1]).
 */
record PitchContour(double firstTime, double timeStep, double[] frequencyHz, double[] strength) {

    int frames() { return frequencyHz.length; }

    double time(int frame) { return firstTime + frame * timeStep; }

    boolean isVoiced(int frame) { return frequencyHz[frame] > 0; }

    int voicedFrames() {
        int n = 0;
        for (double f : frequencyHz) if (f > 0) n++;
        return n;
    }

    /** Frequencies of the voiced frames, in frame order. */
    double[] voicedHz() {
        double[] out = new double[voicedFrames()];
        int k = 0;
        for (double f : frequencyHz) if (f > 0) out[k++] = f;
        return out;
    }

    /**
     * Linear interpolation between the two nearest frames as Praat's Pitch_getValueAtTime: NaN if
     * the nearest frame is unvoiced or t lies outside the frames; the nearest value if the other
     * neighbour is unvoiced.
     */
    double valueAt(double t) {
        double index = (t - firstTime) / timeStep;
        int n = frames();
        if (index < -0.5 || index > n - 0.5) return Double.NaN;
        int left = (int) Math.floor(index);
        double phase = index - left;
        int near;
        int far;
        if (phase < 0.5) {
            near = left;
            far = left + 1;
        } else {
            far = left;
            near = left + 1;
            phase = 1 - phase;
        }
        if (near < 0 || near >= n || !isVoiced(near)) return Double.NaN;
        double fNear = frequencyHz[near];
        if (far < 0 || far >= n || !isVoiced(far)) return fNear;
        return fNear + phase * (frequencyHz[far] - fNear);
    }
}
