package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.malformed;
import static org.voicebarometer.engine.audio.AudioFormatException.unsupported;

import com.jcraft.jogg.Packet;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Ogg Vorbis through JOrbis (org.jcraft:jorbis, LGPL-2.0). We read the Ogg pages ourselves
 * ({@link OggPacketReader}) and check the three header packets ({@link VorbisHeaders}) before
 * JOrbis sees them, since JOrbis allocates straight from their fields; it gets an empty comment
 * header in place of the real one. Audio packets are bounded by the checked blocksizes; the decoded
 * length is checked against the limits as it grows and trimmed to the last page's granule position
 * (the end of the stream's real samples). Every decoder failure becomes one {@link AudioFormatException}.
 */
final class OggVorbisDecoder {
    /** Packet type 3, "vorbis", vendor length 0, comment count 0, framing bit. */
    private static final byte[] EMPTY_COMMENT = {3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};

    private OggVorbisDecoder() {
    }

    static DecodedPcm decode(InputStream in, AudioLimits limits) throws IOException {
        OggPacketReader ogg = new OggPacketReader(in);
        byte[] first = ogg.next();
        if (first == null) throw malformed("Ogg: no complete packet in the first logical stream (truncated?)");
        if (first.length < 7 || first[0] != 1 || !new String(first, 1, 6, StandardCharsets.ISO_8859_1).equals("vorbis")) {
            throw unsupported("Ogg: the first stream is not Vorbis (Opus, FLAC and Speex in Ogg are not supported)");
        }
        VorbisHeaders.Identification id = VorbisHeaders.identification(first);
        byte[] comment = ogg.next();
        if (comment == null) throw malformed("Ogg Vorbis: the stream ends before its comment header (truncated?)");
        VorbisHeaders.comment(comment);
        byte[] setup = ogg.next();
        if (setup == null) throw malformed("Ogg Vorbis: the stream ends before its setup header (truncated?)");
        VorbisHeaders.setup(setup, id);

        MonoBuffer out = new MonoBuffer("Ogg Vorbis", limits, id.channels(), id.sampleRate(), 0);
        try {
            Info info = new Info();
            Comment tags = new Comment();
            info.init();
            tags.init();
            long packetNumber = 0;
            for (byte[] header : new byte[][]{first, EMPTY_COMMENT, setup}) {
                if (info.synthesis_headerin(tags, packet(header, packetNumber++)) != 0) {
                    throw malformed("Ogg Vorbis: JOrbis refused header packet " + (packetNumber - 1));
                }
            }
            DspState dsp = new DspState();
            if (dsp.synthesis_init(info) != 0) throw malformed("Ogg Vorbis: JOrbis could not set up the decoder");
            Block block = new Block(dsp);
            float[][][] pcm = new float[1][][];
            int[] index = new int[id.channels()];
            for (byte[] audio; (audio = ogg.next()) != null; ) {
                if (block.synthesis(packet(audio, packetNumber++)) != 0) continue; // not an audio packet: skipped, as libvorbis does
                dsp.synthesis_blockin(block);
                for (int samples; (samples = dsp.synthesis_pcmout(pcm, index)) > 0; ) {
                    for (int i = 0; i < samples; i++) {
                        double sum = 0;
                        for (int c = 0; c < id.channels(); c++) sum += pcm[0][c][index[c] + i];
                        if (!Double.isFinite(sum)) { // forged codebook values can overflow a float
                            throw malformed("Ogg Vorbis: non-finite sample after " + out.size() + " samples");
                        }
                        out.add(sum / id.channels());
                    }
                    // each round consumes what it was given, so this loop ends
                    if (dsp.synthesis_read(samples) != 0) throw malformed("Ogg Vorbis: JOrbis made no progress");
                }
            }
        } catch (AudioFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AudioFormatException(AudioFormatException.Reason.MALFORMED,
                    "Ogg Vorbis: undecodable packet after " + out.size() + " samples (" + e.getClass().getSimpleName() + ")", e);
        }
        if (out.size() == 0) throw malformed("Ogg Vorbis: no decodable audio packet");
        long granule = ogg.granule(); // the position of the stream's last sample: the final block is padded past it
        return new DecodedPcm(out.toArray(granule > 0 ? granule : Long.MAX_VALUE), id.sampleRate(), id.channels());
    }

    private static Packet packet(byte[] data, long number) {
        Packet p = new Packet();
        p.packet_base = data;
        p.packet = 0;
        p.bytes = data.length;
        p.b_o_s = number == 0 ? 1 : 0;
        p.packetno = number;
        p.granulepos = -1;
        return p;
    }
}
