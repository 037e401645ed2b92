package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;
import static org.voicebarometer.engine.audio.AudioFormatException.unsupported;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;

/**
 * RIFF/WAVE and RF64/BW64 reader for PCM (8-bit unsigned, 16/24/32-bit signed) and IEEE float
 * (32/64-bit), plain or WAVE_FORMAT_EXTENSIBLE, 1..256 channels, averaged into mono as it reads.
 *
 * <p>The file is hostile until proven otherwise (docs/untrusted-input.md): the RIFF size is ignored,
 * unknown chunks are skipped with their pad byte, every chunk header moves forward by at least
 * 8 bytes so forged sizes cannot loop, a data size of 0xFFFFFFFF or past the end is clamped to the
 * bytes present, a trailing partial frame is dropped, and the frame count is checked against
 * {@link AudioLimits} before the sample array is allocated.
 */
final class WavDecoder {
    private static final int WAVE_FORMAT_PCM = 0x0001;
    private static final int WAVE_FORMAT_IEEE_FLOAT = 0x0003;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;
    private static final Map<Integer, String> KNOWN_UNSUPPORTED_TAGS = Map.of(
            0x0002, "Microsoft ADPCM", 0x0006, "A-law", 0x0007, "µ-law", 0x0011, "IMA ADPCM",
            0x0031, "GSM 6.10", 0x0050, "MPEG", 0x0055, "MPEG layer 3");
    /** KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT share these 14 bytes after the 2-byte format tag. */
    private static final byte[] SUBFORMAT_GUID_TAIL = {
            0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};
    private static final int MAX_CHANNELS = 256;
    private static final int MAX_SAMPLE_RATE = 384_000;
    private static final long UNKNOWN_SIZE = 0xFFFF_FFFFL;
    private static final int READ_BLOCK_BYTES = 1 << 16;

    private WavDecoder() {
    }

    /** The sample layout the fmt chunk declares, already validated. */
    private record Format(boolean isFloat, int channels, int sampleRate, int bitsPerSample) {
        int bytesPerSample() {
            return bitsPerSample / 8;
        }

        int blockAlign() {
            return channels * bytesPerSample();
        }
    }

    /**
     * @param in     positioned at the first byte of the file
     * @param length the number of bytes {@code in} holds
     */
    static DecodedPcm decode(InputStream in, long length, AudioLimits limits) throws IOException {
        RiffInput riff = new RiffInput(in, length);
        if (length < 12) throw malformed("WAV: file is " + length + " bytes, shorter than the 12-byte RIFF header");
        String container = riff.readFourCc();
        riff.readU32(); // RIFF size: never trusted, the file length is what counts
        String wave = riff.readFourCc();
        boolean rf64 = container.equals("RF64") || container.equals("BW64");
        if (!(container.equals("RIFF") || rf64) || !wave.equals("WAVE")) {
            throw unsupported("WAV: not a RIFF/WAVE file (starts with '" + container + "', form '" + wave + "')");
        }
        long ds64DataSize = -1;
        Format format = null;
        while (riff.remaining() >= 8) {
            long chunkStart = riff.position();
            String id = riff.readFourCc();
            long size = riff.readU32();
            switch (id) {
                case "ds64" -> ds64DataSize = readDs64(riff, size, chunkStart);
                case "fmt " -> format = readFmt(riff, size, chunkStart);
                case "data" -> {
                    if (format == null) throw malformed("WAV: data chunk at byte " + chunkStart + " comes before the fmt chunk");
                    long declared = rf64 && size == UNKNOWN_SIZE && ds64DataSize >= 0 ? ds64DataSize : size;
                    return readData(riff, declared, format, limits);
                }
                default -> riff.skip(size + (size & 1));
            }
        }
        throw malformed(format == null ? "WAV: no fmt chunk before the end of the file at byte " + length
                : "WAV: no data chunk before the end of the file at byte " + length);
    }

    /** RF64's ds64 chunk: 64-bit RIFF size, data size and sample count (then an optional table). */
    private static long readDs64(RiffInput riff, long size, long chunkStart) throws IOException {
        if (size < 24) throw malformed("WAV: ds64 chunk at byte " + chunkStart + " is " + size + " bytes, needs at least 24");
        byte[] b = riff.readBody(size, 24, "ds64", chunkStart);
        long dataSize = u64(b, 8);
        riff.skip(size - 24 + (size & 1));
        return dataSize; // may be "negative" (≥ 2⁶³): readData clamps it to the bytes present
    }

    private static Format readFmt(RiffInput riff, long size, long chunkStart) throws IOException {
        if (size < 16) throw malformed("WAV: fmt chunk at byte " + chunkStart + " is " + size + " bytes, needs at least 16");
        int kept = (int) Math.min(size, 40);
        byte[] b = riff.readBody(size, kept, "fmt", chunkStart);
        riff.skip(size - kept + (size & 1));

        int tag = u16(b, 0);
        int channels = u16(b, 2);
        long sampleRate = u32(b, 4);
        long byteRate = u32(b, 8);
        int blockAlign = u16(b, 12);
        int bits = u16(b, 14);
        if (tag == WAVE_FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw malformed("WAV: WAVE_FORMAT_EXTENSIBLE fmt chunk at byte " + chunkStart + " is " + size + " bytes, needs 40");
            }
            if (!Arrays.equals(b, 26, 40, SUBFORMAT_GUID_TAIL, 0, SUBFORMAT_GUID_TAIL.length)) {
                throw unsupported("WAV: WAVE_FORMAT_EXTENSIBLE sub-format is not a standard PCM or float GUID");
            }
            tag = u16(b, 24);
        }
        if (tag != WAVE_FORMAT_PCM && tag != WAVE_FORMAT_IEEE_FLOAT) {
            String name = KNOWN_UNSUPPORTED_TAGS.getOrDefault(tag, "unknown");
            throw unsupported(String.format("WAV: format tag 0x%04X (%s) is not supported, only PCM and IEEE float", tag, name));
        }
        boolean isFloat = tag == WAVE_FORMAT_IEEE_FLOAT;
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw malformed("WAV: " + channels + " channels, must be 1.." + MAX_CHANNELS);
        }
        if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
            throw malformed("WAV: sample rate " + sampleRate + " Hz, must be 1.." + MAX_SAMPLE_RATE);
        }
        boolean bitsOk = isFloat ? bits == 32 || bits == 64 : bits == 8 || bits == 16 || bits == 24 || bits == 32;
        if (!bitsOk) {
            throw unsupported("WAV: " + bits + "-bit " + (isFloat ? "float" : "PCM") + " is not supported"
                    + (isFloat ? " (32 or 64)" : " (8, 16, 24 or 32)"));
        }
        Format format = new Format(isFloat, channels, (int) sampleRate, bits);
        if (blockAlign != format.blockAlign()) {
            throw malformed("WAV: block align " + blockAlign + " != " + channels + " channels × "
                    + format.bytesPerSample() + " bytes = " + format.blockAlign());
        }
        long expectedByteRate = Math.multiplyExact((long) format.blockAlign(), sampleRate);
        if (byteRate != expectedByteRate) {
            throw malformed("WAV: byte rate " + byteRate + " != block align " + blockAlign + " × " + sampleRate
                    + " Hz = " + expectedByteRate);
        }
        return format;
    }

    private static DecodedPcm readData(RiffInput riff, long declared, Format f, AudioLimits limits) throws IOException {
        long available = riff.remaining();
        long present = declared < 0 || declared > available ? available : declared;
        int blockAlign = f.blockAlign();
        long frames = present / blockAlign;
        limits.checkFrames("WAV", frames, f.channels(), f.sampleRate());
        if (frames == 0) throw malformed("WAV: the data chunk holds no complete frame (" + present + " bytes)");

        float[] mono = new float[(int) frames];
        int framesPerBlock = Math.max(1, READ_BLOCK_BYTES / blockAlign);
        byte[] block = new byte[framesPerBlock * blockAlign];
        for (int done = 0; done < frames; ) {
            int n = (int) Math.min(framesPerBlock, frames - done);
            riff.readFully(block, n * blockAlign);
            downmix(block, n, f, mono, done);
            done += n;
        }
        return new DecodedPcm(mono, f.sampleRate(), f.channels());
    }

    /** Averages each frame's channels into one sample in [−1, 1]. */
    private static void downmix(byte[] b, int frames, Format f, float[] out, int outOffset) throws AudioFormatException {
        int channels = f.channels();
        int width = f.bytesPerSample();
        int p = 0;
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++, p += width) sum += sample(b, p, f);
            double mean = sum / channels;
            if (!Double.isFinite(mean)) {
                throw malformed("WAV: float sample in frame " + (outOffset + i) + " is not a finite number");
            }
            out[outOffset + i] = (float) Math.max(-1.0, Math.min(1.0, mean));
        }
    }

    private static double sample(byte[] b, int p, Format f) {
        if (f.isFloat()) {
            return f.bitsPerSample() == 32 ? Float.intBitsToFloat((int) u32(b, p)) : Double.longBitsToDouble(u64(b, p));
        }
        return switch (f.bitsPerSample()) {
            case 8 -> ((b[p] & 0xFF) - 128) / 128.0;
            case 16 -> (short) u16(b, p) / 32768.0;
            case 24 -> ((b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | b[p + 2] << 16) / 8388608.0;
            default -> (int) u32(b, p) / 2147483648.0;
        };
    }

    private static int u16(byte[] b, int p) {
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8;
    }

    private static long u32(byte[] b, int p) {
        return (u16(b, p) | (long) u16(b, p + 2) << 16);
    }

    private static long u64(byte[] b, int p) {
        return u32(b, p) | u32(b, p + 4) << 32;
    }

    /** A forward-only view of the file that knows how many bytes are left, so no size is trusted. */
    private static final class RiffInput {
        private final InputStream in;
        private final long length;
        private long position;

        RiffInput(InputStream in, long length) {
            this.in = in;
            this.length = length;
        }

        long position() {
            return position;
        }

        long remaining() {
            return length - position;
        }

        String readFourCc() throws IOException {
            byte[] b = new byte[4];
            readFully(b, 4);
            char[] c = new char[4];
            for (int i = 0; i < 4; i++) c[i] = b[i] >= 0x20 && b[i] < 0x7F ? (char) b[i] : '?';
            return new String(c);
        }

        long readU32() throws IOException {
            byte[] b = new byte[4];
            readFully(b, 4);
            return u32(b, 0);
        }

        /** Reads the first {@code kept} bytes of a chunk body of {@code size} bytes. */
        byte[] readBody(long size, int kept, String name, long chunkStart) throws IOException {
            if (size > remaining()) {
                throw malformed("WAV: " + name + " chunk at byte " + chunkStart + " declares " + size
                        + " bytes but only " + remaining() + " remain");
            }
            byte[] b = new byte[kept];
            readFully(b, kept);
            return b;
        }

        void readFully(byte[] b, int n) throws IOException {
            if (n > remaining() || in.readNBytes(b, 0, n) != n) {
                throw malformed("WAV: file ends inside a " + n + "-byte read at byte " + position + " (truncated)");
            }
            position += n;
        }

        /** Skips {@code n} bytes, or to the end if fewer remain: the caller then finds nothing left. */
        void skip(long n) throws IOException {
            long k = Math.min(n, remaining());
            try {
                in.skipNBytes(k);
            } catch (EOFException e) {
                throw malformed("WAV: file is shorter than its stated length " + length);
            }
            position += k;
        }
    }
}
