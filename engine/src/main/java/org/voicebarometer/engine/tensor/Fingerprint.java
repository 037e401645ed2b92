package org.voicebarometer.engine.tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * A 128-bit hash of everything fed to it, for cache keys: MurmurHash3's x64 128-bit mixing over 8-byte
 * words, the total length mixed in at the end. Not a cryptographic digest (it only has to notice that
 * files changed, which it misses with a negligible chance; it does not resist someone crafting a
 * collision), and so cheap to start: a fresh JVM's first
 * {@code MessageDigest.getInstance("SHA-256")} alone took ~50 ms of a 0.2 s model load.
 */
public final class Fingerprint {
    private static final long C1 = 0x87c37b91114253d5L, C2 = 0x4cf5ad432745937fL;

    private long h1 = 0x9e3779b97f4a7c15L, h2 = 0xc2b2ae3d27d4eb4fL;
    private long length;
    private long tail;      // bytes not yet in a whole word, little-endian
    private int tailBytes;

    public Fingerprint update(byte[] bytes) {
        return update(ByteBuffer.wrap(bytes));
    }

    /** The string's UTF-8 bytes and a terminating 0, so that ("ab", "c") and ("a", "bc") differ. */
    public Fingerprint update(String s) {
        update(s.getBytes(StandardCharsets.UTF_8));
        return updateByte((byte) 0);
    }

    /** The remaining bytes of {@code bytes} (its position is left alone). */
    public Fingerprint update(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        while (tailBytes != 0 && b.hasRemaining()) updateByte(b.get());
        while (b.remaining() >= Long.BYTES) word(b.getLong());
        while (b.hasRemaining()) updateByte(b.get());
        return this;
    }

    private Fingerprint updateByte(byte v) {
        tail |= (v & 0xffL) << (8 * tailBytes);
        if (++tailBytes == Long.BYTES) {
            long w = tail;
            tail = 0;
            tailBytes = 0;
            word(w);
        }
        return this;
    }

    private void word(long k) {
        length += Long.BYTES;
        h1 ^= Long.rotateLeft(k * C1, 31) * C2;
        h1 = Long.rotateLeft(h1, 27) * 5 + 0x52dce729;
        h2 ^= Long.rotateLeft(k * C2, 33) * C1;
        h2 = Long.rotateLeft(h2, 31) * 5 + 0x38495ab5;
    }

    /** The hash of everything fed so far, as 32 hex digits; the fingerprint can be fed further afterwards. */
    public String hex() {
        long a = h1, b = h2;
        long total = length + tailBytes;
        if (tailBytes > 0) {
            a ^= Long.rotateLeft(tail * C1, 31) * C2;
            b ^= Long.rotateLeft(tail * C2, 33) * C1;
        }
        a ^= total;
        b ^= total;
        a += b;
        b += a;
        a = mix(a);
        b = mix(b);
        a += b;
        b += a;
        return HexFormat.of().toHexDigits(a) + HexFormat.of().toHexDigits(b);
    }

    private static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb93fe53a94cbL;
        return k ^ k >>> 33;
    }
}
