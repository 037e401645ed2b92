package org.voicebarometer.convert.torch;

import org.voicebarometer.convert.CheckpointFormatException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor of a torch checkpoint: its element type, shape and where its elements start in its
 * storage (contiguous, row-major, little-endian); {@link #data()} is a slice of the mapped file valid
 * while the checkpoint is open.
 */
public record TorchTensor(StorageType type, long[] shape, TorchStorage storage, long offset) {
    /** Exactly this tensor's bytes. */
    public MemorySegment data() {
        return storage.slice(offset, numel());
    }

    public long numel() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public boolean isFloat() {
        return type == StorageType.FLOAT || type == StorageType.HALF || type == StorageType.BFLOAT16;
    }

    /** The values widened exactly to float (F16 and BF16 are subsets of F32). */
    public float[] toFloats() throws CheckpointFormatException {
        if (!isFloat()) throw new CheckpointFormatException("tensor " + this + " is not a float tensor");
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) throw new CheckpointFormatException("tensor " + this + " has more elements than one array holds");
        float[] out = new float[(int) n];
        MemorySegment data = data();
        switch (type) {
            case FLOAT -> MemorySegment.copy(data, F32_LE, 0, out, 0, out.length);
            case HALF -> {
                for (int i = 0; i < out.length; i++) out[i] = Float.float16ToFloat(data.getAtIndex(I16_LE, i));
            }
            default -> { // BFLOAT16: the high half of a float32
                for (int i = 0; i < out.length; i++) out[i] = Float.intBitsToFloat(data.getAtIndex(I16_LE, i) << 16);
            }
        }
        return out;
    }

    /** The values of an integer tensor (LONG or INT). */
    public long[] toLongs() throws CheckpointFormatException {
        if (type != StorageType.LONG && type != StorageType.INT) throw new CheckpointFormatException("tensor " + this + " is not an integer tensor");
        long[] out = new long[Math.toIntExact(numel())];
        MemorySegment data = data();
        for (int i = 0; i < out.length; i++) out[i] = type == StorageType.LONG ? data.getAtIndex(I64_LE, i) : data.getAtIndex(I32_LE, i);
        return out;
    }

    private static final ValueLayout.OfFloat F32_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt I32_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Override
    public String toString() {
        return type + Arrays.toString(shape);
    }
}
