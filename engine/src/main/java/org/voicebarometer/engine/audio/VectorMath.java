package org.voicebarometer.engine.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The one SIMD loop the audio front end needs: a dot product of two float runs. */
final class VectorMath {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {
    }

    /** Σ_{i<n} a[aFrom + i]·b[bFrom + i], accumulated in float lanes then summed in double. */
    static double dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int end = SPECIES.loopBound(n); i < end; i += SPECIES.length()) {
            acc = FloatVector.fromArray(SPECIES, a, aFrom + i).fma(FloatVector.fromArray(SPECIES, b, bFrom + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += a[aFrom + i] * b[bFrom + i];
        return s;
    }
}
