package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.voicebarometer.engine.audio.WavBytes.EXTENSIBLE;
import static org.voicebarometer.engine.audio.WavBytes.FLOAT;
import static org.voicebarometer.engine.audio.WavBytes.PCM;
import static org.voicebarometer.engine.audio.WavBytes.le;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.voicebarometer.engine.audio.AudioFormatException.Reason;

class WavDecoderTest {
    static DecodedPcm decode(byte[] wav) throws IOException {
        return decode(wav, AudioLimits.DEFAULT);
    }

    static DecodedPcm decode(byte[] wav, AudioLimits limits) throws IOException {
        return WavDecoder.decode(new ByteArrayInputStream(wav), wav.length, limits);
    }

    static AudioFormatException refused(byte[] wav, Reason reason, String messagePart) {
        AudioFormatException e = assertThrows(AudioFormatException.class, () -> decode(wav));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    // ---- valid files -----------------------------------------------------------------------

    @Test
    void pcm16MonoIsScaledBy32768() throws IOException {
        DecodedPcm pcm = decode(WavBytes.pcm(1, 16000, 16).dataPcm16((short) 0, (short) 16384, (short) -32768, (short) 32767).bytes());
        assertArrayEquals(new float[]{0f, 0.5f, -1f, 32767 / 32768f}, pcm.mono());
        assertEquals(16000, pcm.sampleRate());
        assertEquals(1, pcm.channels());
    }

    @Test
    void pcm8IsUnsignedAroundMidpoint128() throws IOException {
        DecodedPcm pcm = decode(WavBytes.pcm(1, 8000, 8).data(new byte[]{(byte) 128, 0, (byte) 255, (byte) 192}).bytes());
        assertArrayEquals(new float[]{0f, -1f, 127 / 128f, 0.5f}, pcm.mono());
    }

    @Test
    void pcm24And32AreSignedLittleEndian() throws IOException {
        byte[] s24 = {0x00, 0x00, 0x40, /* 0.5 */ 0x00, 0x00, (byte) 0x80, /* −1 */ (byte) 0xFF, (byte) 0xFF, (byte) 0xFF /* −1/2²³ */};
        assertArrayEquals(new float[]{0.5f, -1f, (float) (-1 / 8388608.0)}, decode(WavBytes.pcm(1, 44100, 24).data(s24).bytes()).mono());
        byte[] s32 = le(8).putInt(0x4000_0000).putInt(Integer.MIN_VALUE).array();
        assertArrayEquals(new float[]{0.5f, -1f}, decode(WavBytes.pcm(1, 48000, 32).data(s32).bytes()).mono());
    }

    @Test
    void floatSamplesAreTakenAsIsAndClampedToFullScale() throws IOException {
        byte[] f32 = le(12).putFloat(0.25f).putFloat(-0.75f).putFloat(1.5f).array();
        assertArrayEquals(new float[]{0.25f, -0.75f, 1f}, decode(new WavBytes().fmt(FLOAT, 1, 16000, 32).data(f32).bytes()).mono());
        byte[] f64 = le(16).putDouble(0.125).putDouble(-2).array();
        assertArrayEquals(new float[]{0.125f, -1f}, decode(new WavBytes().fmt(FLOAT, 1, 16000, 64).data(f64).bytes()).mono());
    }

    @Test
    void channelsAreAveragedIntoMono() throws IOException {
        DecodedPcm pcm = decode(WavBytes.pcm(2, 22050, 16).dataPcm16((short) 16384, (short) 0, (short) -32768, (short) 16384).bytes());
        assertArrayEquals(new float[]{0.25f, -0.25f}, pcm.mono());
        assertEquals(2, pcm.channels());
    }

    @Test
    void extensiblePcmAndFloatWithManyChannels() throws IOException {
        ByteBuffer pcm24 = le(6 * 3 * 2);
        for (int frame = 0; frame < 2; frame++) {
            for (int c = 0; c < 6; c++) pcm24.put((byte) 0).put((byte) 0).put((byte) (c == 0 ? 0x60 : 0)); // channel 0 = 0.75
        }
        DecodedPcm a = decode(new WavBytes().fmtExtensible(PCM, 6, 48000, 24, 40).data(pcm24.array()).bytes());
        assertArrayEquals(new float[]{0.125f, 0.125f}, a.mono());
        assertEquals(6, a.channels());

        byte[] f32 = le(8).putFloat(0.5f).putFloat(-0.25f).array();
        DecodedPcm b = decode(new WavBytes().fmtExtensible(FLOAT, 2, 16000, 32, 40).data(f32).bytes());
        assertArrayEquals(new float[]{0.125f}, b.mono());
    }

    @Test
    void twoHundredFiftySixChannelsAreTheMaximum() throws IOException {
        byte[] frame = new byte[256 * 2];
        frame[1] = 0x40; // channel 0 = 0.5, the rest silent
        assertArrayEquals(new float[]{0.5f / 256}, decode(WavBytes.pcm(256, 16000, 16).data(frame).bytes()).mono());
        refused(WavBytes.pcm(257, 16000, 16).data(new byte[257 * 2]).bytes(), Reason.MALFORMED, "257 channels");
    }

    @Test
    void unknownChunksAreSkippedHonouringThePadByte() throws IOException {
        byte[] wav = new WavBytes()
                .chunk("LIST", "odd".getBytes())          // 3 bytes + pad byte
                .fmt(PCM, 1, 16000, 16)
                .chunk("fact", new byte[]{4, 0, 0, 0})
                .chunk("bext", new byte[7])               // odd again
                .dataPcm16((short) 1000, (short) -1000)
                .chunk("LIST", "trailing".getBytes())
                .bytes();
        assertArrayEquals(new float[]{1000 / 32768f, -1000 / 32768f}, decode(wav).mono());
    }

    @Test
    void oversizedFmtChunkKeepsItsFirst16BytesAndSkipsTheRest() throws IOException {
        byte[] fmt = le(18).putShort((short) PCM).putShort((short) 1).putInt(16000).putInt(32000)
                .putShort((short) 2).putShort((short) 16).putShort((short) 0).array(); // cbSize = 0
        byte[] wav = new WavBytes().chunk("fmt ", fmt).dataPcm16((short) 8192).bytes();
        assertArrayEquals(new float[]{0.25f}, decode(wav).mono());
    }

    @Test
    void dataSizeFFFFFFFFIsClampedToTheBytesPresent() throws IOException {
        byte[] samples = le(6).putShort((short) 1).putShort((short) 2).putShort((short) 3).array();
        byte[] wav = WavBytes.pcm(1, 16000, 16).chunk("data", 0xFFFF_FFFFL, samples, false).bytes();
        assertEquals(3, decode(wav).mono().length);
    }

    @Test
    void dataSizePastTheEndIsClampedAndThePartialFrameDropped() throws IOException {
        byte[] samples = le(9).putShort((short) 1).putShort((short) 2).putShort((short) 3).putShort((short) 4).put((byte) 5).array();
        // stereo 16-bit: 9 bytes = 2 whole frames + 1 byte
        byte[] wav = WavBytes.pcm(2, 16000, 16).chunk("data", 1000, samples, false).bytes();
        DecodedPcm pcm = decode(wav);
        assertArrayEquals(new float[]{1.5f / 32768, 3.5f / 32768}, pcm.mono());
    }

    @Test
    void dataSizeNotAMultipleOfBlockAlignDropsThePartialFrame() throws IOException {
        byte[] wav = WavBytes.pcm(1, 16000, 24).data(new byte[3 * 5 + 2]).bytes();
        assertEquals(5, decode(wav).mono().length);
    }

    @Test
    void riffSizeIsIgnored() throws IOException {
        assertEquals(1, decode(WavBytes.pcm(1, 16000, 16).dataPcm16((short) 7).riffSize(0).bytes()).mono().length);
        assertEquals(1, decode(WavBytes.pcm(1, 16000, 16).dataPcm16((short) 7).riffSize(0xFFFF_FFFFL).bytes()).mono().length);
    }

    @Test
    void rf64TakesTheDataSizeFromDs64() throws IOException {
        byte[] ds64 = le(28).putLong(0).putLong(4).putLong(2).putInt(0).array(); // riff, data = 4 bytes, 2 samples, no table
        byte[] samples = le(6).putShort((short) 100).putShort((short) 200).putShort((short) 300).array();
        byte[] wav = new WavBytes().container("RF64").riffSize(0xFFFF_FFFFL).chunk("ds64", ds64)
                .fmt(PCM, 1, 16000, 16).chunk("data", 0xFFFF_FFFFL, samples, false).bytes();
        assertArrayEquals(new float[]{100 / 32768f, 200 / 32768f}, decode(wav).mono());
    }

    @Test
    void rf64DataSizeBeyond2To63IsClampedToTheFile() throws IOException {
        byte[] ds64 = le(28).putLong(-1).putLong(-1).putLong(-1).putInt(0).array();
        byte[] wav = new WavBytes().container("RF64").chunk("ds64", ds64)
                .fmt(PCM, 1, 16000, 16).chunk("data", 0xFFFF_FFFFL, new byte[8], false).bytes();
        assertEquals(4, decode(wav).mono().length);
    }

    @Test
    void realSpeechFileDecodes() throws IOException {
        Path jfk = Path.of(System.getProperty("barometer.root")).resolve("../shared/data/speech/jfk.wav");
        Audio audio = AudioLoader.load(jfk);
        assertEquals(16000, audio.originalSampleRate());
        assertEquals(1, audio.originalChannels());
        assertEquals("wav", audio.format());
        assertEquals(176000, audio.samples().length); // 11.0 s: (file size 352078 − 78-byte header) / 2
        assertEquals(11.0, audio.durationSeconds(), 1e-9);
    }

    // ---- malformed and hostile files (docs/untrusted-input.md, WAV) ---------------------------

    @Test
    void emptyAndHeaderOnlyFiles() {
        refused(new byte[0], Reason.MALFORMED, "shorter than the 12-byte RIFF header");
        refused(new WavBytes().bytes(), Reason.MALFORMED, "no fmt chunk");
        refused(WavBytes.pcm(1, 16000, 16).bytes(), Reason.MALFORMED, "no data chunk");
    }

    @Test
    void truncatedInsideFmtOrChunkHeader() {
        byte[] whole = WavBytes.pcm(1, 16000, 16).dataPcm16((short) 1).bytes();
        for (int cut = 12; cut < 12 + 8 + 16; cut++) {
            byte[] prefix = java.util.Arrays.copyOf(whole, cut);
            assertThrows(AudioFormatException.class, () -> decode(prefix), "cut at " + cut);
        }
        refused(java.util.Arrays.copyOf(whole, 12 + 8 + 10), Reason.MALFORMED, "declares 16 bytes but only 10 remain");
    }

    @Test
    void emptyDataChunk() {
        refused(WavBytes.pcm(1, 16000, 16).data(new byte[0]).bytes(), Reason.MALFORMED, "no complete frame");
        refused(WavBytes.pcm(2, 16000, 16).data(new byte[3]).bytes(), Reason.MALFORMED, "no complete frame");
    }

    @Test
    void forgedChunkSizesEndTheWalkInsteadOfLooping() {
        byte[] huge = new WavBytes().chunk("LIST", 0xFFFF_FFF0L, new byte[4], false).fmt(PCM, 1, 16000, 16).dataPcm16((short) 1).bytes();
        refused(huge, Reason.MALFORMED, "no fmt chunk");
        byte[] zeroSized = new WavBytes().chunk("JUNK", 0, new byte[0], false).chunk("JUNK", 0, new byte[0], false).bytes();
        refused(zeroSized, Reason.MALFORMED, "no fmt chunk");
        byte[] hugeFmt = new WavBytes().chunk("fmt ", 0xFFFF_FFFFL, new byte[16], false).bytes();
        refused(hugeFmt, Reason.MALFORMED, "declares 4294967295 bytes");
    }

    @Test
    void dataBeforeFmt() {
        refused(new WavBytes().dataPcm16((short) 1).fmt(PCM, 1, 16000, 16).bytes(), Reason.MALFORMED, "before the fmt chunk");
    }

    @Test
    void zeroChannelsAndZeroOrExcessiveRate() {
        refused(new WavBytes().fmt(PCM, 0, 16000, 0, 0, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED, "0 channels");
        refused(new WavBytes().fmt(PCM, 1, 0, 0, 2, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED, "sample rate 0 Hz");
        refused(WavBytes.pcm(1, 384_001, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED, "sample rate 384001 Hz");
        refused(new WavBytes().fmt(PCM, 1, 0xFFFF_FFFFL, 2, 2, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED, "sample rate 4294967295 Hz");
    }

    @Test
    void badBlockAlign() {
        refused(new WavBytes().fmt(PCM, 2, 16000, 64000, 2, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED,
                "block align 2 != 2 channels × 2 bytes = 4");
        refused(new WavBytes().fmt(PCM, 1, 16000, 0, 0, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED, "block align 0");
    }

    @Test
    void byteRateMustBeBlockAlignTimesRate() {
        refused(new WavBytes().fmt(PCM, 1, 16000, 0xFFFF_FFFFL, 2, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED,
                "byte rate 4294967295 != block align 2 × 16000 Hz = 32000");
        // 256 channels × 8 bytes × 384 kHz is the largest product a valid header can state: no overflow
        refused(new WavBytes().fmt(FLOAT, 256, 384_000, 0, 2048, 64).dataPcm16((short) 1).bytes(), Reason.MALFORMED,
                "= 786432000");
    }

    @Test
    void unsupportedEncodings() {
        refused(new WavBytes().fmt(7, 1, 8000, 8).data(new byte[4]).bytes(), Reason.UNSUPPORTED, "0x0007 (µ-law)");
        refused(new WavBytes().fmt(0x1234, 1, 8000, 8).data(new byte[4]).bytes(), Reason.UNSUPPORTED, "0x1234 (unknown)");
        refused(WavBytes.pcm(1, 16000, 12).data(new byte[4]).bytes(), Reason.UNSUPPORTED, "12-bit PCM");
        refused(new WavBytes().fmt(FLOAT, 1, 16000, 16).data(new byte[4]).bytes(), Reason.UNSUPPORTED, "16-bit float");
    }

    @Test
    void extensibleFmtTooShortOrWithAForeignGuid() {
        refused(new WavBytes().fmt(EXTENSIBLE, 1, 16000, 16).dataPcm16((short) 1).bytes(), Reason.MALFORMED,
                "WAVE_FORMAT_EXTENSIBLE fmt chunk at byte 12 is 16 bytes, needs 40");
        byte[] wav = new WavBytes().fmtExtensible(PCM, 1, 16000, 16, 40).dataPcm16((short) 1).bytes();
        wav[12 + 8 + 39] ^= 1; // last GUID byte
        refused(wav, Reason.UNSUPPORTED, "sub-format");
    }

    @Test
    void shortFmtAndShortDs64() {
        refused(new WavBytes().chunk("fmt ", new byte[14]).bytes(), Reason.MALFORMED, "fmt chunk at byte 12 is 14 bytes, needs at least 16");
        refused(new WavBytes().container("RF64").chunk("ds64", new byte[8]).bytes(), Reason.MALFORMED, "ds64 chunk at byte 12 is 8 bytes");
    }

    @Test
    void notAFiniteFloat() {
        byte[] f32 = le(8).putFloat(0.5f).putFloat(Float.NaN).array();
        refused(new WavBytes().fmt(FLOAT, 1, 16000, 32).data(f32).bytes(), Reason.MALFORMED, "frame 1 is not a finite number");
    }

    @Test
    void notRiffWave() {
        refused(new WavBytes().container("RIFX").fmt(PCM, 1, 16000, 16).dataPcm16((short) 1).bytes(), Reason.UNSUPPORTED, "not a RIFF/WAVE");
    }

    @Test
    void memoryAndDurationLimitsAreCheckedBeforeAllocating() {
        // A 12-byte file declaring 2⁶³−1 data bytes is clamped to the bytes present; a real but long file
        // is refused by its frame count against the limits, before the sample array exists.
        byte[] wav = WavBytes.pcm(2, 16000, 16).data(new byte[4 * 1000]).bytes();
        AudioFormatException memory = assertThrows(AudioFormatException.class,
                () -> decode(wav, new AudioLimits(2 * 4 * 999, 3600)));
        assertEquals(Reason.TOO_LARGE, memory.reason());
        assertTrue(memory.getMessage().contains("1000 frames × 2 channels"), memory.getMessage());
        AudioFormatException duration = assertThrows(AudioFormatException.class,
                () -> decode(wav, new AudioLimits(1L << 30, 0.05)));
        assertEquals(Reason.TOO_LARGE, duration.reason());
        assertTrue(duration.getMessage().contains("0.1 s"), duration.getMessage());
    }
}
