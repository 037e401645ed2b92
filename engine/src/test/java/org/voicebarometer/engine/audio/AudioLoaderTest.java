package org.voicebarometer.engine.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.voicebarometer.engine.audio.AudioFormatException.Reason;

class AudioLoaderTest {
    @Test
    void sniffsByMagicBytesNotByName() {
        assertEquals(Optional.of(AudioFileType.WAV), sniff("RIFF\0\0\0\0WAVE"));
        assertEquals(Optional.of(AudioFileType.RF64), sniff("RF64\377\377\377\377WAVE"));
        assertEquals(Optional.of(AudioFileType.RF64), sniff("BW64\377\377\377\377WAVE"));
        assertEquals(Optional.of(AudioFileType.FLAC), sniff("fLaC\0\0\0\042"));
        assertEquals(Optional.of(AudioFileType.OGG_VORBIS), sniff("OggS\0\2"));
        assertEquals(Optional.of(AudioFileType.MP3), sniff("ID3\4\0"));
        assertEquals(Optional.of(AudioFileType.MP3), sniff(new byte[]{(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x44})); // MPEG-1 layer III 128 kb/s 44.1 kHz
        assertEquals(Optional.empty(), sniff(new byte[]{(byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80}));                // AAC ADTS (layer 00)
        assertEquals(Optional.empty(), sniff(new byte[]{(byte) 0xFF, (byte) 0xFB, (byte) 0xF0, 0x44}));                // bit-rate index 15
        assertEquals(Optional.empty(), sniff("RIFF\0\0\0\0AVI "));
        assertEquals(Optional.empty(), sniff("RIFF"));
        assertEquals(Optional.empty(), sniff("<html>"));
    }

    @Test
    void pathBytesAndStreamGiveTheSameAudio(@TempDir Path dir) throws IOException {
        byte[] wav = WavBytes.pcm(2, 16000, 16).dataPcm16((short) 100, (short) 300, (short) -50, (short) -150).bytes();
        Path file = dir.resolve("recording.mp3"); // the name is irrelevant
        Files.write(file, wav);
        Audio fromPath = AudioLoader.load(file);
        Audio fromBytes = AudioLoader.load(wav);
        Audio fromStream = AudioLoader.load(new ByteArrayInputStream(wav), wav.length);
        assertArrayEquals(new float[]{200 / 32768f, -100 / 32768f}, fromPath.samples());
        assertArrayEquals(fromPath.samples(), fromBytes.samples());
        assertArrayEquals(fromPath.samples(), fromStream.samples());
        assertEquals(2, fromPath.originalChannels());
        assertEquals("wav", fromPath.format());
    }

    @Test
    void resamplesToSixteenKilohertz() throws IOException {
        byte[] wav = WavBytes.pcm(1, 22050, 16).data(new byte[2 * 22050]).bytes();
        Audio audio = AudioLoader.load(wav);
        assertEquals(16000, audio.samples().length);
        assertEquals(22050, audio.originalSampleRate());
        assertEquals(1.0, audio.durationSeconds(), 1e-12);
    }

    @Test
    void streamLongerThanItsCapIsTooLarge() {
        byte[] wav = WavBytes.pcm(1, 16000, 16).data(new byte[2000]).bytes();
        AudioFormatException e = assertThrows(AudioFormatException.class,
                () -> AudioLoader.load(new ByteArrayInputStream(wav), 1000, AudioLimits.DEFAULT));
        assertEquals(Reason.TOO_LARGE, e.reason());
        assertEquals("audio input is larger than the limit of 1000 bytes", e.getMessage());
    }

    @Test
    void emptyAndUnknownInputs() {
        AudioFormatException empty = assertThrows(AudioFormatException.class, () -> AudioLoader.load(new byte[0]));
        assertEquals("audio input is empty (0 bytes)", empty.getMessage());
        AudioFormatException text = assertThrows(AudioFormatException.class, () -> AudioLoader.load("hello, world".getBytes()));
        assertEquals(Reason.UNSUPPORTED, text.reason());
        assertEquals("not a WAV, FLAC, MP3 or Ogg Vorbis file (first bytes 68 65 6c 6c)", text.getMessage());
    }

    @Test
    void outputStaysWithinFullScale() throws IOException {
        // a full-scale square wave overshoots when band-limited (Gibbs); the loader clamps it
        short[] square = new short[4410];
        for (int i = 0; i < square.length; i++) square[i] = (short) ((i / 20) % 2 == 0 ? 32767 : -32768);
        float[] y = AudioLoader.load(WavBytes.pcm(1, 44100, 16).dataPcm16(square).bytes()).samples();
        for (float v : y) assertTrue(v >= -1f && v <= 1f, "sample " + v);
    }

    private static Optional<AudioFileType> sniff(String s) {
        return sniff(s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static Optional<AudioFileType> sniff(byte[] b) {
        byte[] head = java.util.Arrays.copyOf(b, AudioFileType.SNIFF_BYTES);
        return AudioFileType.sniff(head, b.length);
    }
}
