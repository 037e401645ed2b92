package org.voicebarometer.engine.audio;

import static org.voicebarometer.engine.audio.AudioFormatException.Reason.TOO_LARGE;
import static org.voicebarometer.engine.audio.AudioFormatException.unsupported;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Any supported audio file in, {@link Audio} out: detect the format by its magic bytes, decode,
 * average the channels, resample to 16 kHz. Every failure is an {@link AudioFormatException} with
 * one line of text; nothing is logged and nothing is written anywhere.
 */
public final class AudioLoader {
    private AudioLoader() {
    }

    public static Audio load(Path file) throws IOException {
        return load(file, AudioLimits.DEFAULT);
    }

    public static Audio load(Path file, AudioLimits limits) throws IOException {
        long size = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return decode(in, size, limits);
        }
    }

    public static Audio load(byte[] bytes) throws IOException {
        return load(bytes, AudioLimits.DEFAULT);
    }

    public static Audio load(byte[] bytes, AudioLimits limits) throws IOException {
        return decode(new ByteArrayInputStream(bytes), bytes.length, limits);
    }

    public static Audio load(InputStream in, long maxBytes) throws IOException {
        return load(in, maxBytes, AudioLimits.DEFAULT);
    }

    /**
     * Reads at most {@code maxBytes} from {@code in} (e.g. an HTTP body; counted, whatever a
     * Content-Length said) and decodes them. More bytes than that → {@link AudioFormatException.Reason#TOO_LARGE}.
     */
    public static Audio load(InputStream in, long maxBytes, AudioLimits limits) throws IOException {
        int cap = (int) Math.min(maxBytes, AudioLimits.MAX_ARRAY_LENGTH - 1);
        byte[] bytes = in.readNBytes(cap + 1);
        if (bytes.length > cap) {
            throw new AudioFormatException(TOO_LARGE, "audio input is larger than the limit of " + cap + " bytes");
        }
        return load(bytes, limits);
    }

    private static Audio decode(InputStream in, long length, AudioLimits limits) throws IOException {
        in.mark(AudioFileType.SNIFF_BYTES);
        byte[] head = in.readNBytes(AudioFileType.SNIFF_BYTES);
        in.reset();
        if (head.length == 0) throw AudioFormatException.malformed("audio input is empty (0 bytes)");
        AudioFileType type = AudioFileType.sniff(head, head.length).orElseThrow(() -> unsupported(
                "not a WAV, FLAC, MP3 or Ogg Vorbis file (first bytes "
                        + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(4, head.length)) + ")"));
        DecodedPcm pcm = switch (type) {
            case WAV, RF64 -> WavDecoder.decode(in, length, limits);
            case FLAC -> FlacDecoder.decode(in, limits);
            case MP3 -> Mp3Decoder.decode(in, limits);
            case OGG_VORBIS -> OggVorbisDecoder.decode(in, limits);
        };
        float[] samples = Resampler.resample(pcm.mono(), pcm.sampleRate(), Audio.SAMPLE_RATE);
        clamp(samples);
        return new Audio(samples, pcm.sampleRate(), pcm.channels(), type.label());
    }

    /** The band-limited resampler can overshoot full scale by a little (Gibbs); [−1, 1] is promised. */
    private static void clamp(float[] x) {
        for (int i = 0; i < x.length; i++) x[i] = Math.max(-1f, Math.min(1f, x[i]));
    }
}
