package org.voicebarometer.engine.biomarkers;

import java.util.Arrays;

/**
 * Glottal pulse times by waveform cross-correlation (Praat's "To PointProcess (periodic, cc)").
 * In every voiced stretch of the pitch contour, start at the largest absolute extremum near the
 * middle, then step one period at a time to the left and to the right, placing each next pulse
 * where a one-period window best correlates with the window around the current pulse.
 */
final class GlottalPulses {
    private GlottalPulses() {}

    static double[] find(Sound sound, PitchContour pitch) {
        double[] x = sound.samples();
        double globalPeak = 0;
        for (double v : x) globalPeak = Math.max(globalPeak, Math.abs(v));
        double xmax = sound.duration();
        double[] points = new double[64];
        int count = 0;
        double t = 0;
        double addedRight = -1e300;
        double[] peak = new double[1];
        double[] tOut = new double[1];
        while (true) {
            double[] interval = voicedIntervalAfter(pitch, t, xmax);
            if (interval == null) break;
            double tLeft = interval[0];
            double tRight = interval[1];
            double tMiddle = 0.5 * (tLeft + tRight);
            double f0Middle = pitch.valueAt(tMiddle);
            if (Double.isNaN(f0Middle)) {
                t = tRight;
                continue;
            }
            double tMax = findExtremum(sound, tMiddle - 0.5 / f0Middle, tMiddle + 0.5 / f0Middle);
            points = grow(points, count + 1);
            points[count++] = tMax;
            double tSave = tMax;
            while (true) {
                double f0 = pitch.valueAt(tMax);
                if (Double.isNaN(f0)) break;
                tOut[0] = tMax;
                double correlation = maximumCorrelation(sound, tMax, 1 / f0, tMax - 1.25 / f0, tMax - 0.8 / f0, tOut, peak);
                tMax = correlation == -1 ? tMax - 1 / f0 : tOut[0];
                if (tMax < tLeft) {
                    if (correlation > 0.7 && peak[0] > 0.023333 * globalPeak && tMax - addedRight > 0.8 / f0) {
                        points = grow(points, count + 1);
                        points[count++] = tMax;
                    }
                    break;
                }
                if (correlation > 0.3 && (peak[0] == 0 || peak[0] > 0.01 * globalPeak) && tMax - addedRight > 0.8 / f0) {
                    points = grow(points, count + 1);
                    points[count++] = tMax;
                }
            }
            tMax = tSave;
            while (true) {
                double f0 = pitch.valueAt(tMax);
                if (Double.isNaN(f0)) break;
                tOut[0] = tMax;
                double correlation = maximumCorrelation(sound, tMax, 1 / f0, tMax + 0.8 / f0, tMax + 1.25 / f0, tOut, peak);
                tMax = correlation == -1 ? tMax + 1 / f0 : tOut[0];
                if (tMax > tRight) {
                    if (correlation > 0.7 && peak[0] > 0.023333 * globalPeak) {
                        points = grow(points, count + 1);
                        points[count++] = tMax;
                        addedRight = tMax;
                    }
                    break;
                }
                if (correlation > 0.3 && (peak[0] == 0 || peak[0] > 0.01 * globalPeak)) {
                    points = grow(points, count + 1);
                    points[count++] = tMax;
                    addedRight = tMax;
                }
            }
            t = tRight;
        }
        double[] sorted = Arrays.copyOf(points, count);
        Arrays.sort(sorted);
        return dropDuplicates(sorted);
    }

    private static double[] grow(double[] a, int needed) {
        return needed <= a.length ? a : Arrays.copyOf(a, 2 * a.length);
    }

    /** A point process holds each time once (Praat's PointProcess_addPoint ignores repeats). */
    private static double[] dropDuplicates(double[] sorted) {
        int k = 0;
        for (int i = 0; i < sorted.length; i++) if (k == 0 || sorted[i] != sorted[k - 1]) sorted[k++] = sorted[i];
        return Arrays.copyOf(sorted, k);
    }

    /** {tLeft, tRight} of the first voiced stretch whose frames start after {@code after}, or null. */
    private static double[] voicedIntervalAfter(PitchContour pitch, double after, double xmax) {
        int n = pitch.frames();
        int left = Math.max(0, (int) Math.ceil((after - pitch.firstTime()) / pitch.timeStep()));
        while (left < n && !pitch.isVoiced(left)) left++;
        if (left >= n) return null;
        int right = left;
        while (right + 1 < n && pitch.isVoiced(right + 1)) right++;
        double tLeft = pitch.time(left) - 0.5 * pitch.timeStep();
        double tRight = pitch.time(right) + 0.5 * pitch.timeStep();
        if (tLeft >= xmax - 0.5 * pitch.timeStep()) return null;
        return new double[] {Math.max(0, tLeft), Math.min(xmax, tRight)};
    }

    /** Time of the sample with the largest |x| in [tmin, tmax], refined by a parabola. */
    private static double findExtremum(Sound sound, double tmin, double tmax) {
        double[] x = sound.samples();
        int imin = Math.max(0, sound.lowIndex(tmin));
        int imax = Math.min(x.length - 1, sound.highIndex(tmax));
        int n = imax - imin + 1;
        if (n <= 0) return 0.5 * (tmin + tmax);
        if (n == 1) return sound.indexToTime(imin);
        int iMinimum = imin;
        int iMaximum = imin;
        for (int i = imin + 1; i <= imax; i++) {
            if (x[i] < x[iMinimum]) iMinimum = i;
            if (x[i] > x[iMaximum]) iMaximum = i;
        }
        if (x[iMinimum] == x[iMaximum]) return sound.indexToTime(0.5 * (imin + imax));
        int extremum = Math.abs(x[iMinimum]) > Math.abs(x[iMaximum]) ? iMinimum : iMaximum;
        if (extremum == imin || extremum == imax) return sound.indexToTime(extremum);
        double mid = x[extremum];
        double left = x[extremum - 1];
        double right = x[extremum + 1];
        return sound.indexToTime(extremum + 0.5 * (right - left) / (2 * mid - left - right));
    }

    /**
     * Best correlation between the window of {@code windowLength} around t1 and equally long
     * windows whose centres lie in [tmin2, tmax2]; the best centre goes to {@code tOut[0]} and the
     * largest |x| of that window to {@code peak[0]}. Returns −1 if no local maximum exists.
     */
    private static double maximumCorrelation(Sound sound, double t1, double windowLength, double tmin2, double tmax2,
                                             double[] tOut, double[] peak) {
        double[] x = sound.samples();
        int n = x.length;
        double half = 0.5 * windowLength;
        int left1 = sound.nearestIndex(t1 - half);
        int right1 = sound.nearestIndex(t1 + half);
        int left2Min = sound.lowIndex(tmin2 - half);
        int left2Max = sound.highIndex(tmax2 - half);
        double best = -1;
        double r1 = 0;
        double r2 = 0;
        double r3 = 0;
        double r1Best = 0;
        double r3Best = 0;
        double ir = 0;
        peak[0] = 0;
        for (int left2 = left2Min; left2 <= left2Max; left2++) {
            double norm1 = 0;
            double norm2 = 0;
            double product = 0;
            double localPeak = 0;
            for (int i1 = left1, i2 = left2; i1 <= right1; i1++, i2++) {
                if (i1 < 0 || i1 >= n || i2 < 0 || i2 >= n) continue;
                double a1 = x[i1];
                double a2 = x[i2];
                norm1 += a1 * a1;
                norm2 += a2 * a2;
                product += a1 * a2;
                localPeak = Math.max(localPeak, Math.abs(a2));
            }
            r1 = r2;
            r2 = r3;
            r3 = product != 0 ? product / Math.sqrt(norm1 * norm2) : 0;
            if (r2 > best && r2 >= r1 && r2 >= r3) {
                r1Best = r1;
                best = r2;
                r3Best = r3;
                ir = left2 - 1;
                peak[0] = localPeak;
            }
        }
        if (best > -1) {
            double d2r = 2 * best - r1Best - r3Best;
            if (d2r != 0) {
                double dr = 0.5 * (r3Best - r1Best);
                best += 0.5 * dr * dr / d2r;
                ir += dr / d2r;
            }
            tOut[0] = t1 + (ir - left1) * sound.dx();
        }
        return best;
    }
}
