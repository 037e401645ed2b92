package org.voicebarometer.convert.torch;

/** The {@code torch.*Storage} classes a state dict may reference, with their element size in bytes. */
public enum StorageType {
    FLOAT("FloatStorage", 4),
    HALF("HalfStorage", 2),
    BFLOAT16("BFloat16Storage", 2),
    LONG("LongStorage", 8),
    INT("IntStorage", 4);

    private final String className;
    private final int elementSize;

    StorageType(String className, int elementSize) {
        this.className = className;
        this.elementSize = elementSize;
    }

    /** {@code torch.FloatStorage} etc., as the pickle names it. */
    public String qualifiedName() {
        return "torch." + className;
    }

    public int elementSize() {
        return elementSize;
    }
}
