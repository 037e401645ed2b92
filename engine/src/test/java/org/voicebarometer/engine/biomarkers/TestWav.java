package org.voicebarometer.engine.biomarkers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the trusted 16 kHz mono PCM16 fixtures of these tests (not a general WAV decoder). */
final class TestWav {
    private TestWav() {}

    static float[] read16kMono(Path path) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        b.position(12);
        while (b.remaining() >= 8) {
            int id = b.getInt();
            int size = b.getInt();
            if (id == 0x20746d66) { // "fmt "
                int start = b.position();
                short format = b.getShort();
                short channels = b.getShort();
                int rate = b.getInt();
                b.position(start + 14);
                short bits = b.getShort();
                if (format != 1 || channels != 1 || rate != 16000 || bits != 16) {
                    throw new IOException(path + ": expected 16 kHz mono PCM16");
                }
                b.position(start + size + (size & 1));
            } else if (id == 0x61746164) { // "data"
                int n = Math.min(size, b.remaining()) / 2;
                float[] x = new float[n];
                for (int i = 0; i < n; i++) x[i] = b.getShort() / 32768f;
                return x;
            } else {
                b.position(b.position() + size + (size & 1));
            }
        }
        throw new IOException(path + ": no data chunk");
    }
}
