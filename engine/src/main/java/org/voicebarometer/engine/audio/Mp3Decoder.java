package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.Header;
import javazoom.jl.decoder.JavaLayerException;
import javazoom.jl.decoder.SampleBuffer;

/**
 * MPEG-1/2/2.5 audio layers I–III through JLayer (com.googlecode.soundlibs:jlayer, LGPL-2.1). We skip
 * ID3v2 tags ourselves (JLayer would allocate the tag's declared size up front); JLayer then finds
 * frames, each at most a few kilobytes. Frames whose sample rate differs from the first one are
 * false syncs in junk and are dropped. Gapless metadata is not parsed: a LAME file starts with its
 * Info frame decoded as one frame of silence plus the encoder and decoder delay (1152 + 576 + 529
 * samples, 52 ms at 44.1 kHz).
 */
final class Mp3Decoder {
    private static final int ID3V2_HEADER = 10;

    private Mp3Decoder() {
    }

    static DecodedPcm decode(InputStream raw, AudioLimits limits) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        skipId3v2Tags(in);
        Bitstream bitstream = new Bitstream(in);
        Decoder decoder = new Decoder();
        MonoBuffer out = null;
        int sampleRate = 0, channels = 0;
        try {
            for (Header header; (header = bitstream.readFrame()) != null; bitstream.closeFrame()) {
                SampleBuffer frame = (SampleBuffer) decoder.decodeFrame(header, bitstream);
                if (out == null) {
                    sampleRate = header.frequency();
                    channels = frame.getChannelCount();
                    out = new MonoBuffer("MP3", limits, channels, sampleRate, 0);
                } else if (header.frequency() != sampleRate || frame.getChannelCount() != channels) {
                    continue;
                }
                short[] samples = frame.getBuffer();
                for (int i = 0; i + channels <= frame.getBufferLength(); i += channels) {
                    int sum = 0;
                    for (int c = 0; c < channels; c++) sum += samples[i + c];
                    out.add(sum / (32768.0 * channels));
                }
            }
        } catch (AudioFormatException e) {
            throw e;
        } catch (JavaLayerException | RuntimeException e) {
            throw new AudioFormatException(AudioFormatException.Reason.MALFORMED, "MP3: undecodable frame after "
                    + (out == null ? 0 : out.size()) + " samples (" + e.getClass().getSimpleName() + ")", e);
        }
        if (out == null || out.size() == 0) throw malformed("MP3: no decodable audio frame");
        return new DecodedPcm(out.toArray(Long.MAX_VALUE), sampleRate, channels);
    }

    /** ID3v2: "ID3", version (2), flags (1), 28-bit syncsafe size (4), optional 10-byte footer. */
    private static void skipId3v2Tags(BufferedInputStream in) throws IOException {
        while (true) {
            in.mark(ID3V2_HEADER);
            byte[] h = in.readNBytes(ID3V2_HEADER);
            if (h.length < ID3V2_HEADER || h[0] != 'I' || h[1] != 'D' || h[2] != '3') {
                in.reset();
                return;
            }
            long size = 0;
            for (int i = 6; i < 10; i++) {
                if ((h[i] & 0x80) != 0) throw malformed("MP3: ID3v2 tag size is not syncsafe");
                size = size << 7 | h[i];
            }
            if ((h[5] & 0x10) != 0) size += ID3V2_HEADER; // footer present
            try {
                in.skipNBytes(size);
            } catch (EOFException e) {
                throw malformed("MP3: ID3v2 tag of " + size + " bytes runs past the end of the file");
            }
        }
    }
}
