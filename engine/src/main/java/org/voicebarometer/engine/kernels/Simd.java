package org.voicebarometer.engine.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vector width every kernel uses, fixed for the life of the JVM so that C2 sees a constant species.
 * System property {@code barometer.vector.bits}: 0 runs the scalar reference kernels, 256 or 512 forces
 * that width, absent means the platform's preferred width.
 */
public final class Simd {
    private Simd() {}

    public static final int BITS = requestedBits();
    /** False when {@code barometer.vector.bits=0}: every kernel delegates to its scalar reference. */
    public static final boolean ENABLED = BITS != 0;
    public static final VectorSpecies<Float> SPECIES = BITS == 256 ? FloatVector.SPECIES_256
            : BITS == 512 ? FloatVector.SPECIES_512 : FloatVector.SPECIES_PREFERRED;
    public static final int LANES = SPECIES.length();

    private static int requestedBits() {
        String value = System.getProperty("barometer.vector.bits");
        if (value == null || value.isBlank()) return FloatVector.SPECIES_PREFERRED.vectorBitSize();
        int bits;
        try {
            bits = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("barometer.vector.bits must be 0, 256 or 512, not '" + value + "'");
        }
        if (bits != 0 && bits != 256 && bits != 512) {
            throw new IllegalArgumentException("barometer.vector.bits must be 0, 256 or 512, not " + bits);
        }
        return bits;
    }

    /** A description for logs and benchmark reports, e.g. "512-bit (16 floats)" or "scalar". */
    public static String describe() {
        return ENABLED ? SPECIES.vectorBitSize() + "-bit (" + LANES + " floats)" : "scalar";
    }
}
