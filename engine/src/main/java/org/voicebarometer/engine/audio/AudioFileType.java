package org.voicebarometer.engine.audio;

import java.util.Optional;

/** The containers we read, told apart by their first bytes, never by a file name. */
public enum AudioFileType {
    /** {@code RIFF....WAVE} */
    WAV("wav"),
    /** {@code RF64....WAVE} or {@code BW64....WAVE}: WAV with 64-bit sizes */
    RF64("rf64"),
    /** {@code fLaC} */
    FLAC("flac"),
    /** {@code OggS}; only Vorbis streams are decoded */
    OGG_VORBIS("ogg-vorbis"),
    /** {@code ID3} tag or an MPEG audio frame sync (layers I–III) */
    MP3("mp3");

    /** Enough leading bytes for {@link #sniff}. */
    public static final int SNIFF_BYTES = 12;

    private final String label;

    AudioFileType(String label) {
        this.label = label;
    }

    /** The short name used in {@link Audio#format()} and in messages. */
    public String label() {
        return label;
    }

    /** Identifies a file from its first {@code length} bytes (up to {@link #SNIFF_BYTES} are looked at). */
    public static Optional<AudioFileType> sniff(byte[] head, int length) {
        if (length >= 12 && ascii(head, 8, "WAVE")) {
            if (ascii(head, 0, "RIFF")) return Optional.of(WAV);
            if (ascii(head, 0, "RF64") || ascii(head, 0, "BW64")) return Optional.of(RF64);
        }
        if (length >= 4 && ascii(head, 0, "fLaC")) return Optional.of(FLAC);
        if (length >= 4 && ascii(head, 0, "OggS")) return Optional.of(OGG_VORBIS);
        if (length >= 3 && ascii(head, 0, "ID3")) return Optional.of(MP3);
        if (length >= 4 && isMpegAudioFrameHeader(head)) return Optional.of(MP3);
        return Optional.empty();
    }

    /**
     * An MPEG-1/2/2.5 audio frame header: 11 sync bits, a defined version, layer I–III (layer bits
     * 00 are AAC's ADTS, which we do not decode), a bit-rate index other than 15 and a defined
     * sampling-rate index.
     */
    private static boolean isMpegAudioFrameHeader(byte[] h) {
        int b1 = h[1] & 0xFF, b2 = h[2] & 0xFF;
        return (h[0] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0
                && ((b1 >> 3) & 3) != 1 && ((b1 >> 1) & 3) != 0
                && (b2 >> 4) != 15 && ((b2 >> 2) & 3) != 3;
    }

    private static boolean ascii(byte[] b, int offset, String s) {
        for (int i = 0; i < s.length(); i++) if (b[offset + i] != s.charAt(i)) return false;
        return true;
    }
}
