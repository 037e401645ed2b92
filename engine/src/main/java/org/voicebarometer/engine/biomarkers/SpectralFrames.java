package org.voicebarometer.engine.biomarkers;

import java.util.Arrays;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Short-term power spectra (25 ms Hamming window, 10 ms step, 512-point FFT at 16 kHz) and the
 * eGeMAPS spectral descriptors computed from them (Eyben et al. 2016, "The Geneva Minimalistic
 * Acoustic Parameter Set (GeMAPS) for Voice Research and Affective Computing", IEEE TAC 7(2)):
 * MFCC 1–4, spectral slope 0–500 Hz and 500–1500 Hz, alpha ratio and Hammarberg index.
 */
final class SpectralFrames {
    static final double WINDOW_S = 0.025;
    static final double STEP_S = 0.010;
    static final int MEL_BANDS = 26;
    static final int CEPSTRA = 4;

    final int frames;
    final double firstTime;
    final double[][] mfcc;          // [frames][CEPSTRA], c1..c4
    final double[] slope0to500;     // dB per kHz of the power spectrum regression line
    final double[] slope500to1500;  // dB per kHz
    final double[] alphaRatio;      // dB: energy 1–5 kHz over energy 50 Hz–1 kHz
    final double[] hammarberg;      // dB: strongest bin 0–2 kHz over strongest bin 2–5 kHz

    SpectralFrames(Sound sound) {
        double fs = sound.sampleRate();
        int window = (int) Math.round(WINDOW_S * fs);
        int step = (int) Math.round(STEP_S * fs);
        int nfft = 1;
        while (nfft < window) nfft *= 2;
        double[] x = sound.samples();
        frames = x.length < window ? 0 : (x.length - window) / step + 1;
        firstTime = 0.5 * window / fs;
        mfcc = new double[frames][CEPSTRA];
        slope0to500 = new double[frames];
        slope500to1500 = new double[frames];
        alphaRatio = new double[frames];
        hammarberg = new double[frames];

        double[] hamming = new double[window];
        for (int i = 0; i < window; i++) hamming[i] = 0.54 - 0.46 * Math.cos(2 * Math.PI * i / (window - 1));
        double binHz = fs / nfft;
        double[][] mel = melFilterbank(nfft, fs);
        DoubleFFT_1D fft = new DoubleFFT_1D(nfft);
        double[] buffer = new double[nfft];
        double[] power = new double[nfft / 2 + 1];
        double[] logMel = new double[MEL_BANDS];
        for (int f = 0; f < frames; f++) {
            Arrays.fill(buffer, 0);
            for (int i = 0; i < window; i++) buffer[i] = x[f * step + i] * hamming[i];
            fft.realForward(buffer);
            power[0] = buffer[0] * buffer[0];
            power[nfft / 2] = buffer[1] * buffer[1];
            for (int k = 1; k < nfft / 2; k++) power[k] = buffer[2 * k] * buffer[2 * k] + buffer[2 * k + 1] * buffer[2 * k + 1];

            for (int b = 0; b < MEL_BANDS; b++) {
                double e = 0;
                for (int k = 0; k < power.length; k++) e += mel[b][k] * power[k];
                logMel[b] = Math.log(Math.max(e, 1e-12));
            }
            for (int c = 1; c <= CEPSTRA; c++) {
                double sum = 0;
                for (int b = 0; b < MEL_BANDS; b++) sum += logMel[b] * Math.cos(Math.PI * c * (b + 0.5) / MEL_BANDS);
                mfcc[f][c - 1] = sum * Math.sqrt(2.0 / MEL_BANDS);
            }
            slope0to500[f] = regressionSlopeDbPerKhz(power, binHz, 0, 500);
            slope500to1500[f] = regressionSlopeDbPerKhz(power, binHz, 500, 1500);
            alphaRatio[f] = 10 * Math.log10(bandEnergy(power, binHz, 1000, 5000) / bandEnergy(power, binHz, 50, 1000));
            hammarberg[f] = 10 * Math.log10(bandMaximum(power, binHz, 0, 2000) / bandMaximum(power, binHz, 2000, 5000));
        }
    }

    double time(int frame) { return firstTime + frame * STEP_S; }

    /** Triangular filters equally spaced on the mel scale from 20 Hz to Nyquist (HTK style). */
    private static double[][] melFilterbank(int nfft, double fs) {
        double lowMel = mel(20);
        double highMel = mel(0.5 * fs);
        double[] edgesHz = new double[MEL_BANDS + 2];
        for (int i = 0; i < edgesHz.length; i++) edgesHz[i] = hz(lowMel + i * (highMel - lowMel) / (MEL_BANDS + 1));
        double[][] bank = new double[MEL_BANDS][nfft / 2 + 1];
        for (int b = 0; b < MEL_BANDS; b++) {
            for (int k = 0; k <= nfft / 2; k++) {
                double f = k * fs / nfft;
                double up = (f - edgesHz[b]) / (edgesHz[b + 1] - edgesHz[b]);
                double down = (edgesHz[b + 2] - f) / (edgesHz[b + 2] - edgesHz[b + 1]);
                bank[b][k] = Math.max(0, Math.min(up, down));
            }
        }
        return bank;
    }

    private static double mel(double hz) { return 2595 * Math.log10(1 + hz / 700); }

    private static double hz(double mel) { return 700 * (Math.pow(10, mel / 2595) - 1); }

    private static double regressionSlopeDbPerKhz(double[] power, double binHz, double fromHz, double toHz) {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = 0;
        for (int k = (int) Math.ceil(fromHz / binHz); k < power.length && k * binHz <= toHz; k++) {
            double xk = k * binHz / 1000;
            double yk = 10 * Math.log10(Math.max(power[k], 1e-20));
            sx += xk;
            sy += yk;
            sxx += xk * xk;
            sxy += xk * yk;
            n++;
        }
        double denominator = n * sxx - sx * sx;
        return n < 2 || denominator == 0 ? Double.NaN : (n * sxy - sx * sy) / denominator;
    }

    private static double bandEnergy(double[] power, double binHz, double fromHz, double toHz) {
        double e = 0;
        for (int k = (int) Math.ceil(fromHz / binHz); k < power.length && k * binHz < toHz; k++) e += power[k];
        return Math.max(e, 1e-20);
    }

    private static double bandMaximum(double[] power, double binHz, double fromHz, double toHz) {
        double m = 0;
        for (int k = (int) Math.ceil(fromHz / binHz); k < power.length && k * binHz < toHz; k++) m = Math.max(m, power[k]);
        return Math.max(m, 1e-20);
    }
}
