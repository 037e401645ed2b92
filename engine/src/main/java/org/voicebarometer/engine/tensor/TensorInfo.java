package org.voicebarometer.engine.tensor;

import java.util.Arrays;

/**
 * One entry of a safetensors header: a tensor's dtype, shape and byte range within the data buffer.
 *
 * @param begin offset of the first byte, relative to the start of the data buffer
 * @param end   offset one past the last byte
 */
public record TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Size of dimension i. */
    public long dim(int i) {
        return shape[i];
    }

    /** Number of elements (the product of the shape; 1 for rank 0). Validated not to overflow at parse. */
    public long numel() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && name.equals(t.name) && dtype == t.dtype
                && Arrays.equals(shape, t.shape) && begin == t.begin && end == t.end;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + shapeString();
    }
}
