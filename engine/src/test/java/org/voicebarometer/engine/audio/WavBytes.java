package org.voicebarometer.engine.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds WAV files byte by byte for tests, including the broken ones: every header field can be
 * set to any value, chunks come in the order they are added.
 */
final class WavBytes {
    static final int PCM = 1, FLOAT = 3, EXTENSIBLE = 0xFFFE;

    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String container = "RIFF";
    private long riffSize = -1;

    /** A plain, valid header for the given layout. */
    static WavBytes pcm(int channels, int rate, int bits) {
        return new WavBytes().fmt(PCM, channels, rate, bits);
    }

    WavBytes container(String fourCc) {
        container = fourCc;
        return this;
    }

    WavBytes riffSize(long size) {
        riffSize = size;
        return this;
    }

    WavBytes fmt(int tag, int channels, int rate, int bits) {
        int blockAlign = channels * bits / 8;
        return fmt(tag, channels, rate, (long) blockAlign * rate, blockAlign, bits);
    }

    WavBytes fmt(int tag, int channels, long rate, long byteRate, int blockAlign, int bits) {
        ByteBuffer b = le(16).putShort((short) tag).putShort((short) channels).putInt((int) rate)
                .putInt((int) byteRate).putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", b.array());
    }

    /** WAVE_FORMAT_EXTENSIBLE with the standard GUID for {@code subTag}, fmt body of {@code size} ≥ 40 bytes. */
    WavBytes fmtExtensible(int subTag, int channels, int rate, int bits, int size) {
        int blockAlign = channels * bits / 8;
        ByteBuffer b = le(size).putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rate)
                .putInt(blockAlign * rate).putShort((short) blockAlign).putShort((short) bits)
                .putShort((short) 22).putShort((short) bits).putInt(0)
                .putShort((short) subTag)
                .put(new byte[]{0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", b.array());
    }

    /** A chunk with its true size and a pad byte when odd. */
    WavBytes chunk(String id, byte[] body) {
        return chunk(id, body.length, body, true);
    }

    /** A chunk whose header says {@code declaredSize}, whatever {@code body} holds. */
    WavBytes chunk(String id, long declaredSize, byte[] body, boolean pad) {
        chunks.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        chunks.writeBytes(le(4).putInt((int) declaredSize).array());
        chunks.writeBytes(body);
        if (pad && body.length % 2 == 1) chunks.write(0);
        return this;
    }

    WavBytes data(byte[] body) {
        return chunk("data", body);
    }

    WavBytes dataPcm16(short... samples) {
        ByteBuffer b = le(2 * samples.length);
        for (short s : samples) b.putShort(s);
        return data(b.array());
    }

    WavBytes raw(byte[] bytes) {
        chunks.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        byte[] body = chunks.toByteArray();
        ByteBuffer b = le(12 + body.length);
        b.put(container.getBytes(StandardCharsets.US_ASCII));
        b.putInt((int) (riffSize >= 0 ? riffSize : 4 + body.length));
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put(body);
        return b.array();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
