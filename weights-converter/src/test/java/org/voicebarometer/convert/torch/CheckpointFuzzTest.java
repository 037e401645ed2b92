package org.voicebarometer.convert.torch;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.voicebarometer.convert.CheckpointFormatException;
import org.voicebarometer.convert.pickle.PickleLimits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Fuzzes the checkpoint reader: any input must end in a {@link CheckpointFormatException} or a
 * result — never another exception, a hang or an out-of-memory. Without JAZZER_FUZZ the committed
 * inputs under CheckpointFuzzTestInputs/ replay as regression tests; with JAZZER_FUZZ=1 Jazzer fuzzes.
 */
class CheckpointFuzzTest {
    /** Small enough that a fuzzed pickle cannot spend seconds on one input; far above what the seeds use. */
    static final PickleLimits LIMITS = new PickleLimits(200_000, 10_000, 10_000, 1 << 20);

    /** The whole input is the checkpoint file: the zip reader first. */
    @FuzzTest(maxDuration = "4m")
    void zip(byte[] file) {
        readExpectingOnlyFormatErrors(file);
    }

    /** The input is data.pkl inside a valid torch zip with two storages: the pickle machine and tensor rebuilding. */
    @FuzzTest(maxDuration = "4m")
    void pickle(byte[] pickle) {
        readExpectingOnlyFormatErrors(torchZip(pickle));
    }

    private static void readExpectingOnlyFormatErrors(byte[] file) {
        try (TorchCheckpoint ckpt = TorchCheckpoint.of("fuzz.bin", file, LIMITS)) {
            try {
                for (TorchTensor t : TorchCheckpoint.stateDict(ckpt.root(), "root").values()) {
                    if (t.isFloat()) t.toFloats();
                    else t.toLongs();
                }
            } catch (CheckpointFormatException notAStateDict) {
                // a valid pickle of something else
            }
        } catch (CheckpointFormatException expected) {
            // refused with a message: the only allowed failure
        }
    }

    /** {@code archive/data.pkl} = the pickle; storages {@code archive/data/0} … {@code /15} of 64 bytes each (16 floats, 32 halves, 8 longs). */
    static byte[] torchZip(byte[] pickle) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                stored(zip, "archive/data.pkl", pickle);
                for (int key = 0; key < 16; key++) stored(zip, "archive/data/" + key, new byte[64]);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
