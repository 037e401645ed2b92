package org.voicebarometer.engine.tensor;

import java.util.Arrays;

/** A named intermediate or output: row-major float values with their shape (e.g. [frames, channels]). */
public record FloatTensor(int[] shape, float[] data) {
    public FloatTensor {
        shape = shape.clone();
        long n = 1;
        for (int d : shape) n *= d;
        if (n != data.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + data.length);
    }

    public static FloatTensor of(float[] data, int... shape) {
        return new FloatTensor(shape, data);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    public int dim(int i) {
        return shape[i];
    }

    public int rank() {
        return shape.length;
    }

    public long[] longShape() {
        return Arrays.stream(shape).asLongStream().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
