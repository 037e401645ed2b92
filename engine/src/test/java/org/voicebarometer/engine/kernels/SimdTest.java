package org.voicebarometer.engine.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The width switch takes effect: each surefire execution really runs the kernels at its width. */
class SimdTest {
    @Test
    void widthFollowsTheSystemProperty() {
        int expected = Integer.getInteger("barometer.vector.bits", FloatVector.SPECIES_PREFERRED.vectorBitSize());
        assertEquals(expected, Simd.BITS);
        assertEquals(expected != 0, Simd.ENABLED);
        if (Simd.ENABLED) assertEquals(expected, Simd.SPECIES.vectorBitSize());
    }
}
