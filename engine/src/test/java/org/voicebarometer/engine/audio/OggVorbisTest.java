package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voicebarometer.engine.audio.ResamplerSoxTest.resource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioFormatException.Reason;

/** Ogg Vorbis: libvorbis-encoded fixtures against their WAV source (make-fixtures.sh), and forged headers. */
class OggVorbisTest {
    @Test
    void monoDecodesToTheSourceLengthAndAgreesWithIt() throws IOException {
        DecodedPcm ogg = OggVorbisDecoder.decode(new ByteArrayInputStream(resource("speech-22050.ogg")), AudioLimits.DEFAULT);
        float[] wav = WavDecoderTest.decode(resource("speech-22050.wav")).mono();
        assertEquals(22050, ogg.sampleRate());
        assertEquals(1, ogg.channels());
        assertEquals(wav.length, ogg.mono().length, "trimmed to the last granule position");
        double snr = snr(wav, ogg.mono());
        System.out.printf(Locale.ROOT, "Ogg Vorbis mono (q4) vs WAV source: SNR %.1f dB%n", snr);
        assertTrue(snr > 15, "SNR " + snr);

        Audio audio = AudioLoader.load(resource("speech-22050.ogg"));
        assertEquals("ogg-vorbis", audio.format());
        assertEquals(32000, audio.samples().length);
    }

    @Test
    void stereoIsAveraged() throws IOException {
        DecodedPcm ogg = OggVorbisDecoder.decode(new ByteArrayInputStream(resource("speech-stereo.ogg")), AudioLimits.DEFAULT);
        float[] wav = WavDecoderTest.decode(resource("speech-22050.wav")).mono();
        float[] half = new float[22050];
        for (int i = 0; i < half.length; i++) half[i] = wav[i] / 2; // L = speech, R = silence
        assertEquals(2, ogg.channels());
        assertEquals(half.length, ogg.mono().length);
        double snr = snr(half, ogg.mono());
        System.out.printf(Locale.ROOT, "Ogg Vorbis stereo (q4) mix vs half the WAV source: SNR %.1f dB%n", snr);
        assertTrue(snr > 15, "SNR " + snr);
    }

    @Test
    void lengthIsCheckedWhileDecoding() {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> OggVorbisDecoder.decode(
                new ByteArrayInputStream(resource("speech-22050.ogg")), new AudioLimits(1 << 20, 0.5)));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().startsWith("Ogg Vorbis: 11026 frames × 1 channels at 22050 Hz"), e.getMessage());
    }

    @Test
    void truncatedFilesGiveOneError() throws IOException {
        byte[] ogg = resource("speech-22050.ogg");
        for (int cut : new int[]{4, 27, 40, 100, 3000, 4000}) {
            AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(Arrays.copyOf(ogg, cut)));
            assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        }
        // cut inside the audio: what was decoded before the cut is the audio
        assertTrue(AudioLoader.load(Arrays.copyOf(ogg, ogg.length - 2000)).samples().length > 16000);
    }

    @Test
    void badCapturePatternOnALaterPage() throws IOException {
        byte[] ogg = resource("speech-22050.ogg");
        int second = indexOf(ogg, "OggS".getBytes(), 1);
        ogg[second] = 'X';
        assertMalformed(ogg, "Ogg: page 1 does not start with the capture pattern 'OggS'");
    }

    @Test
    void zeroChannels() throws IOException {
        byte[][] headers = headers();
        headers[0][11] = 0; // type, "vorbis", version (4 bytes), then channels
        assertMalformed(ogg(headers), "Ogg Vorbis identification header: 0 audio channels");
    }

    @Test
    void commentLengthPastThePacket() throws IOException {
        byte[][] headers = headers();
        headers[1][7] = headers[1][8] = headers[1][9] = (byte) 0xFF; // vendor length 0x00FFFFFF
        assertMalformed(ogg(headers), "Ogg Vorbis comment header: vendor string length 16777215 runs past the end of the packet ("
                + (headers[1].length - 11) + " bytes left)");
    }

    @Test
    void hugeCodebookEntryCount() throws IOException {
        byte[][] headers = headers();
        // type, "vorbis", codebook count − 1, sync (3 bytes), dimensions (2), entries (3)
        headers[2][13] = headers[2][14] = headers[2][15] = (byte) 0xFF;
        AudioFormatException e = assertMalformed(ogg(headers), null);
        assertTrue(e.getMessage().startsWith("Ogg Vorbis setup header: codebook 0 has 16777215 entries × "), e.getMessage());
    }

    @Test
    void rebuiltFileStillDecodes() throws IOException {
        // the page writer below is sound: the untouched headers and audio packets decode
        List<byte[]> packets = packets(resource("speech-22050.ogg"));
        assertTrue(AudioLoader.load(ogg(packets.toArray(byte[][]::new))).samples().length > 30000);
    }

    @Test
    void opusIsNotVorbis() {
        byte[] opusHead = {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, 1, 0, 0, (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0};
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(ogg(opusHead)));
        assertEquals(Reason.UNSUPPORTED, e.reason(), e.getMessage());
    }

    @Test
    void lookup1ValuesIsTheLargestIntegerRoot() {
        assertEquals(3, VorbisHeaders.lookup1Values(81, 4));
        assertEquals(2, VorbisHeaders.lookup1Values(80, 4));
        assertEquals(1, VorbisHeaders.lookup1Values(1, 65535));
        assertEquals(1 << 20, VorbisHeaders.lookup1Values(1 << 20, 1));
    }

    private static AudioFormatException assertMalformed(byte[] file, String message) {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> AudioLoader.load(file));
        assertEquals(Reason.MALFORMED, e.reason(), e.getMessage());
        if (message != null) assertEquals(message, e.getMessage());
        return e;
    }

    /** The three header packets of the mono fixture. */
    private static byte[][] headers() throws IOException {
        return packets(resource("speech-22050.ogg")).subList(0, 3).toArray(byte[][]::new);
    }

    private static List<byte[]> packets(byte[] file) throws IOException {
        OggPacketReader reader = new OggPacketReader(new ByteArrayInputStream(file));
        List<byte[]> packets = new ArrayList<>();
        for (byte[] p; (p = reader.next()) != null; ) packets.add(p);
        return packets;
    }

    /** One page per packet (each under 255 × 255 bytes); granule positions 0 and CRCs 0, which we do not check. */
    static byte[] ogg(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < packets.length; i++) {
            byte[] p = packets[i];
            int segments = p.length / 255 + 1;
            out.writeBytes(new byte[]{'O', 'g', 'g', 'S', 0, (byte) ((i == 0 ? 2 : 0) | (i == packets.length - 1 ? 4 : 0))});
            out.writeBytes(new byte[8]); // granule position
            out.writeBytes(new byte[]{1, 0, 0, 0, (byte) i, (byte) (i >> 8), 0, 0, 0, 0, 0, 0, (byte) segments});
            for (int s = 0; s < segments - 1; s++) out.write(255);
            out.write(p.length % 255);
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= data.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) if (data[i + j] != pattern[j]) continue outer;
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static double snr(float[] reference, float[] test) {
        double s = 0, e = 0;
        for (int i = 0; i < reference.length; i++) {
            double d = test[i] - reference[i];
            s += reference[i] * reference[i];
            e += d * d;
        }
        return 10 * Math.log10(s / e);
    }
}
