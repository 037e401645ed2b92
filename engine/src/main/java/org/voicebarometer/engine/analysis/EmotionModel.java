package org.voicebarometer.engine.analysis;

/**
 * Anything that turns a piece of speech into an emotion estimate: the built-in functionals classifier
 * or a Wav2Vec2/HuBERT checkpoint. Implementations are immutable after loading and thread-safe.
 */
public interface EmotionModel {

    /** What the report says about this model. */
    ModelDescription description();

    /** One estimate for mono 16 kHz samples in [−1, 1]. */
    EmotionEstimate estimate(float[] samples16k);

    /**
     * Makes the first estimate as fast as the later ones (a checkpoint: runs it on synthetic audio so that the
     * JIT compiles its kernels); nothing for a model that needs no such thing. Safe alongside {@link #estimate}.
     */
    default void warmUp() {}
}
