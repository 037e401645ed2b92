package org.voicebarometer.engine.kernels.reference;

/** The scalar reference of {@link org.voicebarometer.engine.kernels.Activations}, in double. */
public final class ScalarActivations {
    private ScalarActivations() {}

    private static final double SQRT1_2 = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    /** The exact GELU, 0.5·x·(1 + erf(x/√2)), as PyTorch's default. */
    public static double gelu(double x) {
        return 0.5 * x * (1.0 + erf(x * SQRT1_2));
    }

    public static void gelu(float[] x, int n) {
        gelu(x, 0, n);
    }

    public static void gelu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = (float) gelu((double) x[i]);
    }

    /** The tanh GELU ({@code gelu_new}, {@code gelu_pytorch_tanh}). */
    public static void geluTanh(float[] x, int n) {
        geluTanh(x, 0, n);
    }

    public static void geluTanh(float[] x, int from, int to) {
        for (int i = from; i < to; i++) {
            double v = x[i];
            x[i] = (float) (0.5 * v * (1.0 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v * v * v))));
        }
    }

    public static void relu(float[] x, int n) {
        relu(x, 0, n);
    }

    public static void relu(float[] x, int from, int to) {
        for (int i = from; i < to; i++) if (x[i] < 0f) x[i] = 0f;
    }

    public static void tanh(float[] x, int n) {
        tanh(x, 0, n);
    }

    public static void tanh(float[] x, int from, int to) {
        for (int i = from; i < to; i++) x[i] = (float) Math.tanh(x[i]);
    }

    /**
     * erf(x) to about 1e-16 relative (W. J. Cody's rational approximations, as in most libms), so the
     * GELU is exact at float precision.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        double r;
        if (ax < 0.5) {
            double t = x * x;
            double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
                    + 377.485237685302021) * t + 3209.37758913846947;
            double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
                    + 2844.23683343917062;
            return x * top / bot;
        } else if (ax < 4.0) {
            // Cody's c(9) = 2.15e-8 is the leading coefficient of the degree-8 numerator.
            double top = (((((((2.15311535474403846e-8 * ax + 5.64188496988670089e-1) * ax + 8.88314979438837594) * ax
                    + 66.1191906371416295) * ax + 298.635138197400131) * ax + 881.952221241769090) * ax
                    + 1712.04761263407058) * ax + 2051.07837782607147) * ax + 1230.33935479799725;
            double bot = (((((((ax + 15.7449261107098347) * ax + 117.693950891312499) * ax + 537.181101862009858) * ax
                    + 1621.38957456669019) * ax + 3290.79923573345963) * ax + 4362.61909014324716) * ax
                    + 3439.36767414372164) * ax + 1230.33935480374942;
            r = Math.exp(-ax * ax) * top / bot;
        } else {
            double z = 1.0 / (ax * ax);
            double top = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z
                    + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z + 6.58749161529837803e-4;
            double bot = ((((z + 2.56852019228982242) * z + 1.87295284992346725) * z + 5.27905102951428412e-1) * z
                    + 6.05183413124413191e-2) * z + 2.33520497626869185e-3;
            r = Math.exp(-ax * ax) / ax * (0.56418958354775628695 - z * top / bot);
        }
        double erf = 1.0 - r;
        return x < 0 ? -erf : erf;
    }
}
