package org.voicebarometer.journal;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

/** An opt-in recording as the journal keeps it: mono 16 kHz 16-bit PCM WAV. */
final class WavClip {
    static final float SAMPLE_RATE = 16_000f;

    private WavClip() {}

    static void write(Path file, float[] samples16k) throws IOException {
        byte[] pcm = new byte[samples16k.length * 2];
        for (int i = 0; i < samples16k.length; i++) {
            int s = (int) Math.round(Math.max(-1.0, Math.min(1.0, samples16k[i])) * Short.MAX_VALUE);
            pcm[2 * i] = (byte) s;
            pcm[2 * i + 1] = (byte) (s >> 8);
        }
        AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(pcm), format, samples16k.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
