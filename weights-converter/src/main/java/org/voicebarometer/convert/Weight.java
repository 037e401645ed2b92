package org.voicebarometer.convert;

import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.DType;
import org.voicebarometer.engine.tensor.TensorInfo;
import org.voicebarometer.convert.torch.TorchTensor;

import java.io.IOException;

/** One float tensor of a source checkpoint, read only when written (F32, F16 or BF16). */
public interface Weight {
    DType dtype();

    long[] shape();

    /** The values widened exactly to float. */
    float[] floats() throws IOException;

    static Weight of(TorchTensor t) {
        DType dtype = switch (t.type()) {
            case FLOAT -> DType.F32;
            case HALF -> DType.F16;
            case BFLOAT16 -> DType.BF16;
            case LONG -> DType.I64;
            case INT -> DType.I32;
        };
        return new Weight() {
            public DType dtype() { return dtype; }
            public long[] shape() { return t.shape().clone(); }
            public float[] floats() throws IOException { return t.toFloats(); }
        };
    }

    static Weight of(Checkpoint checkpoint, String name) {
        TensorInfo info = checkpoint.info(name);
        return new Weight() {
            public DType dtype() { return info.dtype(); }
            public long[] shape() { return info.shape(); }
            public float[] floats() throws IOException { return checkpoint.floats(name); }
        };
    }
}
