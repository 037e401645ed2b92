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
}
