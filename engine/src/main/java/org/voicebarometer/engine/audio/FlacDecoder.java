package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;

/**
 * FLAC through jFLAC (org.jflac:jflac-codec, LGPL-2.1). We read the metadata blocks ourselves and
 * hand jFLAC only the 34-byte STREAMINFO and the audio frames: its metadata parsers allocate from
 * 32-bit length fields (a forged PICTURE block could ask for gigabytes). The frames it decodes are
 * bounded by the 16-bit block size and 8 channels; every decoder failure becomes one
 * {@link AudioFormatException}.
 *
 * <p>jFLAC can loop forever at the end of a stream: its frame-sync search swallows the
 * EOFException, and a stale frame header that fails validation sends it back to the search. The
 * stream we hand it therefore throws {@link EndReached} when read again after its end, which
 * ends decoding normally (found by fuzzing; see the regression inputs).
 */
final class FlacDecoder {
    private static final int STREAMINFO = 0;
    private static final int STREAMINFO_LENGTH = 34;
    private static final int INVALID_BLOCK_TYPE = 127;

    private FlacDecoder() {
    }

    static DecodedPcm decode(InputStream in, AudioLimits limits) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] streamInfo = readMetadata(data);
        long bits = 0;
        for (int i = 10; i < 18; i++) bits = bits << 8 | (streamInfo[i] & 0xFF); // rate 20 | channels−1 3 | bps−1 5 | total 36
        int sampleRate = (int) (bits >>> 44);
        int channels = (int) (bits >>> 41 & 7) + 1;
        long totalFrames = bits & 0xF_FFFF_FFFFL;
        if (sampleRate == 0) throw malformed("FLAC: STREAMINFO sample rate is 0 Hz");
        if (totalFrames > 0) limits.checkFrames("FLAC", totalFrames, channels, sampleRate);

        byte[] head = new byte[8 + STREAMINFO_LENGTH];
        System.arraycopy(new byte[]{'f', 'L', 'a', 'C', (byte) 0x80, 0, 0, STREAMINFO_LENGTH}, 0, head, 0, 8);
        System.arraycopy(streamInfo, 0, head, 8, STREAMINFO_LENGTH);
        FLACDecoder decoder = new FLACDecoder(new EndGuard(new SequenceInputStream(new ByteArrayInputStream(head), in)));
        MonoBuffer out = new MonoBuffer("FLAC", limits, channels, sampleRate, totalFrames);
        try {
            decoder.readMetadata();
            while (totalFrames == 0 || decoder.getSamplesDecoded() < totalFrames) {
                Frame frame = decoder.readNextFrame();
                if (frame == null) break;
                addFrame(frame, decoder.getChannelData(), out);
            }
        } catch (EndReached e) {
            // the stream is exhausted: what was decoded is the audio
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(AudioFormatException.Reason.MALFORMED,
                    "FLAC: undecodable frame after " + out.size() + " samples (" + e.getClass().getSimpleName() + ")", e);
        }
        if (out.size() == 0) throw malformed("FLAC: no decodable audio frame");
        return new DecodedPcm(out.toArray(totalFrames > 0 ? totalFrames : Long.MAX_VALUE), sampleRate, channels);
    }

    /** Checks the magic and walks the metadata blocks, keeping STREAMINFO and skipping the rest. */
    private static byte[] readMetadata(DataInputStream in) throws IOException {
        byte[] streamInfo = null;
        try {
            if (in.readInt() != 0x664C6143) throw malformed("FLAC: missing 'fLaC' marker");
            boolean last = false;
            while (!last) {
                int header = in.readInt();
                last = header < 0;
                int type = header >>> 24 & 0x7F;
                int length = header & 0xFF_FFFF;
                if (type == INVALID_BLOCK_TYPE) throw malformed("FLAC: invalid metadata block type 127");
                if (type == STREAMINFO) {
                    if (length != STREAMINFO_LENGTH) throw malformed("FLAC: STREAMINFO is " + length + " bytes, must be 34");
                    streamInfo = new byte[STREAMINFO_LENGTH];
                    in.readFully(streamInfo);
                } else {
                    in.skipNBytes(length);
                }
            }
        } catch (EOFException e) {
            throw malformed("FLAC: file ends inside the metadata blocks (truncated)");
        }
        if (streamInfo == null) throw malformed("FLAC: no STREAMINFO metadata block");
        return streamInfo;
    }

    /** Thrown by {@link EndGuard} on a read after the end has been reported once. */
    private static final class EndReached extends IOException {
        EndReached() {
            super("read past the end of the FLAC stream");
        }
    }

    /** Reports the end of the stream once, then refuses to be read further. */
    private static final class EndGuard extends FilterInputStream {
        private boolean ended;

        EndGuard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) throw new EndReached();
            int n = super.read(b, off, len);
            ended = n < 0;
            return n;
        }
    }

    private static void addFrame(Frame frame, ChannelData[] channelData, MonoBuffer out) throws AudioFormatException {
        int channels = frame.header.channels;
        int bits = frame.header.bitsPerSample;
        if (bits < 1 || bits > 32) throw malformed("FLAC: frame with " + bits + " bits per sample");
        double scale = 1.0 / (1L << (bits - 1)) / channels;
        for (int i = 0; i < frame.header.blockSize; i++) {
            long sum = 0;
            for (int c = 0; c < channels; c++) sum += channelData[c].getOutput()[i];
            out.add(sum * scale);
        }
    }
}
