package org.voicebarometer.convert.pickle;

/**
 * Bounds on the work one pickle may cause. The defaults are far above what a state dict needs
 * (a 1B-parameter wav2vec2 pickle runs about 50,000 opcodes with a memo of a few thousand entries).
 */
public record PickleLimits(long maxOpcodes, int maxStackDepth, int maxMemoEntries, int maxStringBytes) {
    public static final PickleLimits DEFAULT = new PickleLimits(20_000_000, 100_000, 2_000_000, 16 << 20);
}
