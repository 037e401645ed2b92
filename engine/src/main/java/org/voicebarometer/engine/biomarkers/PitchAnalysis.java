package org.voicebarometer.engine.biomarkers;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Fundamental-frequency analysis after Boersma (1993), "Accurate short-term analysis of the
 * fundamental frequency and the harmonics-to-noise ratio of a sampled sound", as implemented in
 * Praat's "To Pitch (ac)" and "To Pitch (cc)".
 *
 * <p>Per frame: subtract the local mean, then either (ac) apply a Hanning window, take the
 * autocorrelation by FFT and divide it by the window's own autocorrelation, or (cc) take the
 * normalised forward cross-correlation of the unwindowed signal. Every local maximum above half
 * the voicing threshold is a candidate; its lag and height are refined by sinc interpolation.
 * A Viterbi path through the candidates of all frames then trades candidate strength against an
 * octave cost, an octave-jump cost and a voiced/unvoiced transition cost.
 */
final class PitchAnalysis {

    enum Method { AUTOCORRELATION_HANNING, CROSS_CORRELATION_ACCURATE }

    /** The parameters of Praat's pitch commands (names as in Praat's forms). */
    record Settings(Method method, double timeStep, double floorHz, double ceilingHz, double periodsPerWindow,
                    int maxCandidates, double silenceThreshold, double voicingThreshold, double octaveCost,
                    double octaveJumpCost, double voicedUnvoicedCost) {

        /** Praat's "To Pitch (ac)..." defaults: time step 0.75/floor, 3 periods per window. */
        static Settings praatDefaults(double floorHz, double ceilingHz) {
            return new Settings(Method.AUTOCORRELATION_HANNING, 0.75 / floorHz, floorHz, ceilingHz, 3.0, 15,
                    0.03, 0.45, 0.01, 0.35, 0.14);
        }
    }

    /**
     * Refinement moves a candidate's strength by far less than this (its first estimate already
     * uses 30-sample sinc interpolation), so a weaker candidate cannot overtake the strongest.
     */
    private static final double FRAME_MAXIMUM_MARGIN = 0.02;

    private final Settings s;

    private PitchAnalysis(Settings settings) { this.s = settings; }

    static PitchContour analyse(Sound sound, Settings settings) {
        return new PitchAnalysis(settings).run(sound);
    }

    /** Candidates of one frame; index 0 is always the unvoiced candidate (frequency 0). */
    private static final class Frame {
        double intensity;      // local peak relative to the global peak, in [0, 1]
        int count = 1;
        final double[] frequency;
        final double[] strength;
        final int[] lag;       // correlation lag of each candidate before refinement

        Frame(int capacity) {
            frequency = new double[capacity];
            strength = new double[capacity];
            lag = new int[capacity];
        }

        /** A copy holding just the candidates found, so a long recording keeps a few numbers per frame. */
        Frame compact() {
            Frame c = new Frame(count);
            c.intensity = intensity;
            c.count = count;
            System.arraycopy(frequency, 0, c.frequency, 0, count);
            System.arraycopy(strength, 0, c.strength, 0, count);
            return c;
        }
    }

    private PitchContour run(Sound sound) {
        boolean cc = s.method == Method.CROSS_CORRELATION_ACCURATE;
        double dx = sound.dx();
        double ceiling = Math.min(s.ceilingHz, 0.5 * sound.sampleRate());
        int maxCandidates = Math.max(s.maxCandidates, (int) Math.floor(ceiling / s.floorHz));
        double interpolationDepth = cc ? 1.0 : 0.5;
        int nsampPeriod = (int) Math.floor(sound.sampleRate() / s.floorHz);
        int halfNsampPeriod = nsampPeriod / 2 + 1;
        double windowDuration = s.periodsPerWindow / s.floorHz;
        int halfNsampWindow = (int) Math.floor(windowDuration / dx) / 2 - 1;
        if (halfNsampWindow < 2) return noFrames();
        int nsampWindow = 2 * halfNsampWindow;
        int maximumLag = Math.min((int) Math.floor(nsampWindow / s.periodsPerWindow) + 2, nsampWindow);
        int brentMaxLag = (int) Math.floor(nsampWindow * interpolationDepth);

        double[] frameLayout = sound.shortTermFrames(cc ? 1.0 / s.floorHz + windowDuration : windowDuration, s.timeStep);
        int frameCount = (int) frameLayout[0];
        double firstTime = frameLayout[1];
        if (frameCount < 1) return noFrames();

        // Without octave and transition costs the path simply takes each frame's strongest
        // candidate, so only candidates that can still become the strongest need refining.
        boolean pathIsFrameMaximum = s.octaveCost == 0 && s.octaveJumpCost == 0 && s.voicedUnvoicedCost == 0;
        double globalPeak = sound.globalPeakAroundMean();
        Frame[] frames = new Frame[frameCount];
        for (int f = 0; f < frameCount; f++) frames[f] = new Frame(1);
        if (globalPeak == 0) return choosePath(frames, firstTime, ceiling);
        Frame pf = new Frame(maxCandidates); // scratch for the frame being analysed

        int nsampFft = 1;
        while (nsampFft < nsampWindow * (1 + interpolationDepth)) nsampFft *= 2;
        double[] window = new double[nsampWindow];
        double[] windowR = null;
        DoubleFFT_1D fft = null;
        if (!cc) {
            for (int i = 0; i < nsampWindow; i++) window[i] = 0.5 - 0.5 * Math.cos((i + 1) * 2 * Math.PI / (nsampWindow + 1));
            fft = new DoubleFFT_1D(nsampFft);
            windowR = new double[nsampFft];
            System.arraycopy(window, 0, windowR, 0, nsampWindow);
            autocorrelateInPlace(fft, windowR);
            double zeroLag = windowR[0];
            for (int i = 0; i < nsampFft; i++) windowR[i] /= zeroLag;
        }

        double[] x = sound.samples();
        int n = x.length;
        double[] frame = new double[cc ? nsampWindow : nsampFft];
        // r[centre + lag] for lag in [−brentMaxLag − 1, brentMaxLag]. Praat interpolates over the
        // first 2·brentMaxLag + 1 of these (lags up to brentMaxLag − 1, the slot before −brentMaxLag
        // being empty); that edge decides the strength of candidates near the longest lag.
        int centre = brentMaxLag + 1;
        double[] r = new double[2 * brentMaxLag + 2];
        int interpolated = r.length - 1;
        for (int f = 0; f < frameCount; f++) {
            double t = firstTime + f * s.timeStep;
            int leftSample = sound.lowIndex(t);
            int rightSample = leftSample + 1;
            double localMean = 0;
            for (int i = Math.max(0, rightSample - nsampPeriod); i <= Math.min(n - 1, leftSample + nsampPeriod); i++) localMean += x[i];
            localMean /= 2 * nsampPeriod;

            int start = rightSample - halfNsampWindow;
            Arrays.fill(frame, 0);
            for (int j = 0; j < nsampWindow; j++) {
                int i = start + j;
                double v = i >= 0 && i < n ? x[i] - localMean : 0;
                frame[j] = cc ? v : v * window[j];
            }
            double localPeak = 0;
            for (int j = Math.max(0, halfNsampWindow - halfNsampPeriod); j <= Math.min(nsampWindow - 1, halfNsampWindow + halfNsampPeriod - 1); j++) {
                localPeak = Math.max(localPeak, Math.abs(frame[j]));
            }
            pf.count = 1;
            pf.intensity = localPeak > globalPeak ? 1.0 : localPeak / globalPeak;
            if (localPeak == 0) { // absolute silence is always unvoiced
                frames[f] = pf.compact();
                continue;
            }

            Arrays.fill(r, 0);
            r[centre] = 1;
            if (cc) {
                crossCorrelate(sound, t, localMean, nsampWindow, maximumLag, windowDuration, r, centre);
            } else {
                autocorrelateInPlace(fft, frame);
                for (int lag = 1; lag <= brentMaxLag; lag++) {
                    double v = frame[lag] / (frame[0] * windowR[lag]);
                    r[centre + lag] = v;
                    r[centre - lag] = v;
                }
            }
            collectCandidates(pf, r, centre, interpolated, Math.min(maximumLag, brentMaxLag), maxCandidates, dx);
            int refineDepth = cc ? SincInterpolation.DEPTH_700 : SincInterpolation.DEPTH_70;
            double coarseBest = 0;
            for (int c = 1; c < pf.count; c++) coarseBest = Math.max(coarseBest, pf.strength[c]);
            for (int c = 1; c < pf.count; c++) {
                if (pathIsFrameMaximum && pf.strength[c] < coarseBest - FRAME_MAXIMUM_MARGIN) continue;
                int depth = pf.frequency[c] > 0.3 / dx ? SincInterpolation.DEPTH_700 : refineDepth;
                double[] best = SincInterpolation.refineMaximum(r, interpolated, centre + pf.lag[c], depth);
                double lag = best[0] - centre;
                pf.frequency[c] = 1.0 / dx / lag;
                pf.strength[c] = best[1] > 1 ? 1 / best[1] : best[1];
            }
            frames[f] = pf.compact();
        }
        return choosePath(frames, firstTime, ceiling);
    }

    private PitchContour noFrames() {
        return new PitchContour(0, s.timeStep, new double[0], new double[0]);
    }

    /** In place: x (zero-padded to the FFT size) becomes its (unnormalised) autocorrelation. */
    private static void autocorrelateInPlace(DoubleFFT_1D fft, double[] a) {
        fft.realForward(a);
        a[0] = a[0] * a[0];
        a[1] = a[1] * a[1];
        for (int k = 2; k < a.length; k += 2) {
            a[k] = a[k] * a[k] + a[k + 1] * a[k + 1];
            a[k + 1] = 0;
        }
        fft.realInverse(a, false);
    }

    /**
     * Method cc: normalised cross-correlation between the window starting half a longest period
     * before the frame and the same-length stretch {@code lag} samples later; r[centre ± lag].
     */
    private void crossCorrelate(Sound sound, double t, double localMean, int nsampWindow, int maximumLag,
                                double windowDuration, double[] r, int centre) {
        double[] x = sound.samples();
        int start = Math.max(0, sound.lowIndex(t - 0.5 * (1.0 / s.floorHz + windowDuration)));
        int localMaximumLag = Math.min(maximumLag + nsampWindow, x.length - start) - nsampWindow;
        double sumX2 = 0;
        for (int j = 0; j < nsampWindow; j++) {
            double v = x[start + j] - localMean;
            sumX2 += v * v;
        }
        double sumY2 = sumX2;
        for (int lag = 1; lag <= localMaximumLag; lag++) {
            double y0 = x[start + lag - 1] - localMean;
            double yEnd = x[start + lag - 1 + nsampWindow] - localMean;
            sumY2 += yEnd * yEnd - y0 * y0;
            double product = 0;
            for (int j = 0; j < nsampWindow; j++) product += (x[start + j] - localMean) * (x[start + lag + j] - localMean);
            double norm = Math.sqrt(sumX2 * sumY2);
            double v = norm > 0 ? product / norm : 0;
            r[centre + lag] = v;
            r[centre - lag] = v;
        }
    }

    private void collectCandidates(Frame pf, double[] r, int centre, int interpolated, int maximumLag, int maxCandidates,
                                   double dx) {
        for (int i = 2; i < maximumLag; i++) {
            double ri = r[centre + i];
            if (!(ri > 0.5 * s.voicingThreshold && ri > r[centre + i - 1] && ri >= r[centre + i + 1])) continue;
            double dr = 0.5 * (r[centre + i + 1] - r[centre + i - 1]);
            double d2r = 2 * ri - r[centre + i - 1] - r[centre + i + 1];
            double frequency = 1.0 / dx / (i + dr / d2r);
            double strength = SincInterpolation.valueAt(r, interpolated, centre + 1.0 / dx / frequency, 30);
            if (strength > 1) strength = 1 / strength;
            int place = -1;
            if (pf.count < maxCandidates) {
                place = pf.count++;
            } else {
                double weakest = 2;
                for (int c = 1; c < maxCandidates; c++) {
                    double local = pf.strength[c] - s.octaveCost * log2(s.floorHz / pf.frequency[c]);
                    if (local < weakest) {
                        weakest = local;
                        place = c;
                    }
                }
                if (strength - s.octaveCost * log2(s.floorHz / frequency) <= weakest) place = -1;
            }
            if (place >= 0) {
                pf.frequency[place] = frequency;
                pf.strength[place] = strength;
                pf.lag[place] = i;
            }
        }
    }

    /** Viterbi search for the best path (Praat's Pitch_pathFinder). */
    private PitchContour choosePath(Frame[] frames, double firstTime, double ceiling) {
        int nf = frames.length;
        double stepCorrection = 0.01 / s.timeStep;
        double octaveJumpCost = s.octaveJumpCost * stepCorrection;
        double voicedUnvoicedCost = s.voicedUnvoicedCost * stepCorrection;
        double[][] delta = new double[nf][];
        int[][] psi = new int[nf][];
        for (int f = 0; f < nf; f++) {
            Frame fr = frames[f];
            double unvoicedStrength = s.silenceThreshold <= 0 ? 0
                    : 2 - fr.intensity / (s.silenceThreshold / (1 + s.voicingThreshold));
            unvoicedStrength = s.voicingThreshold + Math.max(0, unvoicedStrength);
            delta[f] = new double[fr.count];
            psi[f] = new int[fr.count];
            for (int c = 0; c < fr.count; c++) {
                delta[f][c] = voiceless(fr.frequency[c], ceiling) ? unvoicedStrength
                        : fr.strength[c] - s.octaveCost * log2(ceiling / fr.frequency[c]);
            }
        }
        for (int f = 1; f < nf; f++) {
            Frame prev = frames[f - 1];
            Frame cur = frames[f];
            for (int c2 = 0; c2 < cur.count; c2++) {
                double f2 = cur.frequency[c2];
                boolean currentVoiceless = voiceless(f2, ceiling);
                double maximum = -1e30;
                int place = 0;
                for (int c1 = 0; c1 < prev.count; c1++) {
                    double f1 = prev.frequency[c1];
                    boolean previousVoiceless = voiceless(f1, ceiling);
                    double transitionCost = previousVoiceless != currentVoiceless ? voicedUnvoicedCost
                            : currentVoiceless ? 0 : octaveJumpCost * Math.abs(log2(f1 / f2));
                    double value = delta[f - 1][c1] - transitionCost + delta[f][c2];
                    if (value > maximum) {
                        maximum = value;
                        place = c1;
                    }
                }
                delta[f][c2] = maximum;
                psi[f][c2] = place;
            }
        }
        double[] frequency = new double[nf];
        double[] strength = new double[nf];
        if (nf == 0) return new PitchContour(firstTime, s.timeStep, frequency, strength);
        int place = 0;
        for (int c = 1; c < frames[nf - 1].count; c++) if (delta[nf - 1][c] > delta[nf - 1][place]) place = c;
        for (int f = nf - 1; f >= 0; f--) {
            double fr = frames[f].frequency[place];
            frequency[f] = voiceless(fr, ceiling) ? 0 : fr;
            strength[f] = frames[f].strength[place];
            place = psi[f][place];
        }
        return new PitchContour(firstTime, s.timeStep, frequency, strength);
    }

    private static boolean voiceless(double frequency, double ceiling) {
        return !(frequency > 0 && frequency < ceiling);
    }

    private static double log2(double v) { return Math.log(v) / Math.log(2); }
}
