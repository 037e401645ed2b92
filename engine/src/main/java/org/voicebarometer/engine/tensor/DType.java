package org.voicebarometer.engine.tensor;

/** The element types a safetensors header may name, with their size in bytes. */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1),
    I16(2), U16(2), F16(2), BF16(2),
    I32(4), U32(4), F32(4),
    I64(8), U64(8), F64(8);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Whether the engine reads this type as float weights (computed in F32). */
    public boolean isFloatWeight() {
        return this == F32 || this == F16 || this == BF16;
    }

    /** The dtype named exactly {@code name} (as in a safetensors header), or null. */
    static DType byName(String name) {
        for (DType d : values()) if (d.name().equals(name)) return d;
        return null;
    }
}
