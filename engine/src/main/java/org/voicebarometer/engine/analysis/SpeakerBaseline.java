package org.voicebarometer.engine.analysis;

/**
 * Where a speaker's voice sits on each acoustic feature: per-feature mean and spread. The built-in
 * model was trained on features z-scored per speaker, {@code (x − mean) / scale}, so it reads "how
 * this recording differs from the speaker's usual voice". Without the user's own baseline, inference
 * uses the population baseline shipped with the model (the mean of the training speakers' means and
 * their pooled within-speaker spread), which makes the question "how this voice differs from an
 * average training speaker" — a weaker one (see docs/analysis.md).
 *
 * @param mean  (features)
 * @param scale (features), all &gt; 0
 */
public record SpeakerBaseline(double[] mean, double[] scale) {
    public SpeakerBaseline {
        if (mean.length != scale.length) throw new IllegalArgumentException("mean and scale lengths differ: " + mean.length + " vs " + scale.length);
        for (int i = 0; i < scale.length; i++) {
            if (!(scale[i] > 0) || Double.isInfinite(scale[i]) || !Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("baseline feature " + i + ": mean " + mean[i] + ", scale " + scale[i] + " (scale must be finite and > 0)");
            }
        }
        mean = mean.clone();
        scale = scale.clone();
    }

    /** The baseline of a set of feature vectors (one speaker's recordings): mean and population standard deviation. */
    public static SpeakerBaseline of(double[][] features) {
        int d = features[0].length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (double[] row : features) for (int j = 0; j < d; j++) mean[j] += row[j];
        for (int j = 0; j < d; j++) mean[j] /= features.length;
        for (double[] row : features) for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        for (int j = 0; j < d; j++) scale[j] = safeScale(Math.sqrt(scale[j] / features.length));
        return new SpeakerBaseline(mean, scale);
    }

    /** The population baseline: mean of the speakers' means, root of the mean of their variances. */
    public static SpeakerBaseline pooled(java.util.List<SpeakerBaseline> speakers) {
        int d = speakers.getFirst().mean.length;
        double[] mean = new double[d];
        double[] scale = new double[d];
        for (SpeakerBaseline s : speakers) {
            for (int j = 0; j < d; j++) {
                mean[j] += s.mean[j] / speakers.size();
                scale[j] += s.scale[j] * s.scale[j] / speakers.size();
            }
        }
        for (int j = 0; j < d; j++) scale[j] = safeScale(Math.sqrt(scale[j]));
        return new SpeakerBaseline(mean, scale);
    }

    public double[] normalise(double[] features) {
        if (features.length != mean.length) throw new IllegalArgumentException("expected " + mean.length + " features, got " + features.length);
        double[] z = new double[features.length];
        for (int j = 0; j < z.length; j++) z[j] = (features[j] - mean[j]) / scale[j];
        return z;
    }

    /** A feature constant for a speaker (e.g. always 0) would divide by zero; it then carries no information. */
    private static double safeScale(double s) {
        return s > 1e-12 ? s : 1.0;
    }
}
