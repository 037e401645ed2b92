package org.voicebarometer.engine.audio;

/** A decoder's output before resampling: the channels already averaged into one. */
record DecodedPcm(float[] mono, int sampleRate, int channels) {
}
