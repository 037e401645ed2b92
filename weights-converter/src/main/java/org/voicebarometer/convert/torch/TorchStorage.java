package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;

import java.lang.foreign.MemorySegment;

/**
 * A storage named by a persistent id {@code ('storage', torch.XStorage, key, location, numel)}. Its
 * bytes are attached once and must be exactly numel × element size: from the zip entry
 * {@code data/<key>}, or in the legacy format from the records that follow the pickles.
 */
public final class TorchStorage {
    private final String key;
    private final StorageType type;
    private final long numel;
    private MemorySegment data;

    TorchStorage(String key, StorageType type, long numel) {
        this.key = key;
        this.type = type;
        this.numel = numel;
    }

    String key() {
        return key;
    }

    StorageType type() {
        return type;
    }

    long numel() {
        return numel;
    }

    boolean attached() {
        return data != null;
    }

    void attach(String file, MemorySegment bytes) throws CheckpointFormatException {
        long expected;
        try {
            expected = Math.multiplyExact(numel, (long) type.elementSize());
        } catch (ArithmeticException e) {
            throw new CheckpointFormatException(file + ": storage " + key + " has an element count that overflows");
        }
        if (bytes.byteSize() != expected)
            throw new CheckpointFormatException(file + ": storage " + key + " holds " + bytes.byteSize() + " bytes, but " + numel + " "
                    + type.qualifiedName() + " elements need " + expected);
        data = bytes;
    }

    /** {@code count} elements from element {@code offset}; the caller checked they lie inside. */
    MemorySegment slice(long offset, long count) {
        if (data == null) throw new IllegalStateException("storage " + key + " read before its bytes were attached");
        return data.asSlice(offset * type.elementSize(), count * type.elementSize());
    }
}
