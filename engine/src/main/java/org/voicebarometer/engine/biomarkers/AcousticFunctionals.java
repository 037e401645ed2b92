package org.voicebarometer.engine.biomarkers;

import java.util.ArrayList;
import java.util.List;

/**
 * A fixed-length, eGeMAPS-style description of one recording (after Eyben et al. 2016) for the
 * built-in emotion model: functionals of F0 (semitones re 27.5 Hz, voiced frames), intensity
 * (sounding frames), spectral shape (voiced frames), MFCC 1–4 (sounding frames), voicing
 * segments, perturbation, HNR, pauses and speech rate. Every value is finite: a functional that
 * is not measurable for this input (e.g. F0 of an unvoiced clip) is 0, and {@code voiced_fraction}
 * tells the model how much voice there was. The order of {@link #names()} is stable.
 */
public final class AcousticFunctionals {
    private static final String[] NAMES = {
        "f0_semitone_mean", "f0_semitone_sd", "f0_semitone_p20", "f0_semitone_p50", "f0_semitone_p80",
        "f0_semitone_range_p20_p80",
        "intensity_db_mean", "intensity_db_sd", "intensity_db_p20", "intensity_db_p50", "intensity_db_p80",
        "intensity_db_range_p20_p80",
        "spectral_slope_0_500_mean", "spectral_slope_500_1500_mean", "alpha_ratio_db_mean", "hammarberg_index_db_mean",
        "mfcc1_mean", "mfcc1_sd", "mfcc2_mean", "mfcc2_sd", "mfcc3_mean", "mfcc3_sd", "mfcc4_mean", "mfcc4_sd",
        "voiced_segment_mean_s", "unvoiced_segment_mean_s", "voiced_segments_per_s", "voiced_fraction",
        "jitter_local", "shimmer_local", "hnr_db",
        "pause_ratio", "pause_mean_s", "pauses_per_s", "speech_rate_syllables_per_s",
    };

    private AcousticFunctionals() {}

    /** The feature names, in the order of {@link #compute}'s values. */
    public static List<String> names() { return List.of(NAMES); }

    public static double[] compute(float[] samples16k) {
        return from(VoiceAnalysis.of(samples16k));
    }

    static double[] from(VoiceAnalysis a) {
        double[] out = new double[NAMES.length];
        int k = 0;
        double[] semitones = a.pitch.voicedHz();
        for (int i = 0; i < semitones.length; i++) semitones[i] = 12 * Math.log(semitones[i] / 27.5) / Math.log(2);
        k = putContour(out, k, semitones);

        double[] intensityDb = a.intensity.db();
        List<Double> sounding = new ArrayList<>();
        for (int f = 0; f < intensityDb.length; f++) if (a.silences.isSounding(a.intensity.time(f))) sounding.add(intensityDb[f]);
        k = putContour(out, k, sounding.stream().mapToDouble(Double::doubleValue).toArray());

        SpectralFrames spectra = new SpectralFrames(a.sound);
        List<Integer> voiced = new ArrayList<>();
        List<Integer> soundingFrames = new ArrayList<>();
        for (int f = 0; f < spectra.frames; f++) {
            double t = spectra.time(f);
            if (!Double.isNaN(a.pitch.valueAt(t))) voiced.add(f);
            if (a.silences.isSounding(t)) soundingFrames.add(f);
        }
        out[k++] = meanOver(spectra.slope0to500, voiced);
        out[k++] = meanOver(spectra.slope500to1500, voiced);
        out[k++] = meanOver(spectra.alphaRatio, voiced);
        out[k++] = meanOver(spectra.hammarberg, voiced);
        for (int c = 0; c < SpectralFrames.CEPSTRA; c++) {
            double[] values = new double[soundingFrames.size()];
            for (int i = 0; i < values.length; i++) values[i] = spectra.mfcc[soundingFrames.get(i)][c];
            out[k++] = Statistics.mean(values);
            out[k++] = Statistics.sd(values);
        }

        double[] segments = segmentLengths(a.pitch);
        out[k++] = segments[0];
        out[k++] = segments[1];
        out[k++] = a.sound.duration() > 0 ? segments[2] / a.sound.duration() : Double.NaN;
        out[k++] = a.voicedFraction();
        out[k++] = a.jitterLocal();
        out[k++] = a.shimmerLocal();
        out[k++] = a.hnrDb();
        out[k++] = a.pauseRatio();
        out[k++] = a.pauseMeanSeconds();
        out[k++] = a.sound.duration() > 0 ? a.pauseCount() / a.sound.duration() : Double.NaN;
        out[k++] = a.speechRate();
        for (int i = 0; i < out.length; i++) out[i] = Statistics.finiteOrZero(out[i]);
        return out;
    }

    /** mean, sd, 20th, 50th, 80th percentile, and the 20–80 range. */
    private static int putContour(double[] out, int k, double[] v) {
        double p20 = Statistics.quantile(v, 0.2);
        double p80 = Statistics.quantile(v, 0.8);
        out[k++] = Statistics.mean(v);
        out[k++] = Statistics.sd(v);
        out[k++] = p20;
        out[k++] = Statistics.quantile(v, 0.5);
        out[k++] = p80;
        out[k++] = p80 - p20;
        return k;
    }

    private static double meanOver(double[] values, List<Integer> frames) {
        double sum = 0;
        int n = 0;
        for (int f : frames) {
            if (Double.isFinite(values[f])) {
                sum += values[f];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {mean voiced run length s, mean unvoiced run length s, number of voiced runs} of the pitch contour. */
    private static double[] segmentLengths(PitchContour pitch) {
        double voicedSum = 0, unvoicedSum = 0;
        int voicedRuns = 0, unvoicedRuns = 0;
        int f = 0;
        while (f < pitch.frames()) {
            boolean v = pitch.isVoiced(f);
            int start = f;
            while (f < pitch.frames() && pitch.isVoiced(f) == v) f++;
            double length = (f - start) * pitch.timeStep();
            if (v) {
                voicedSum += length;
                voicedRuns++;
            } else {
                unvoicedSum += length;
                unvoicedRuns++;
            }
        }
        return new double[] {
            voicedRuns == 0 ? Double.NaN : voicedSum / voicedRuns,
            unvoicedRuns == 0 ? Double.NaN : unvoicedSum / unvoicedRuns,
            voicedRuns,
        };
    }
}
