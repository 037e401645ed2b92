package org.voicebarometer.engine.tensor;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FingerprintTest {
    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void theSameBytesInAnyPiecesGiveTheSameHash() {
        byte[] data = bytes(1000, 1);
        String whole = new Fingerprint().update(data).hex();
        assertEquals(32, whole.length());
        Random r = new Random(2);
        for (int round = 0; round < 50; round++) {
            Fingerprint f = new Fingerprint();
            for (int at = 0; at < data.length; ) {
                int len = Math.min(data.length - at, r.nextInt(20));
                f.update(ByteBuffer.wrap(data, at, len));
                at += len;
            }
            assertEquals(whole, f.hex());
        }
    }

    @Test
    void everyChangedBitLengthAndStringBoundaryChangesTheHash() {
        byte[] data = bytes(64, 3);
        Set<String> seen = new HashSet<>();
        seen.add(new Fingerprint().update(data).hex());
        for (int bit = 0; bit < data.length * 8; bit++) {
            byte[] d = data.clone();
            d[bit / 8] ^= (byte) (1 << (bit % 8));
            assertTrue(seen.add(new Fingerprint().update(d).hex()), "bit " + bit);
        }
        for (int n = 0; n < 64; n++) assertTrue(seen.add(new Fingerprint().update(new byte[n]).hex()), "zeros " + n);
        assertNotEquals(new Fingerprint().update("ab").update("c").hex(), new Fingerprint().update("a").update("bc").hex());
    }

    @Test
    void theHashIsFixed() {
        // A change to the function makes every user's cache miss once (one repack each): only on purpose.
        assertEquals("0101e7007eff7197308321a3ae5c2228", new Fingerprint().update("voice barometer").hex());
    }
}
