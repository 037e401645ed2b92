package org.voicebarometer.engine.model;

/** Buffers a run reuses across all encoder layers, for up to {@link #frames} frames (part of a {@link RunScratch}). */
final class EncoderScratch {
    final int frames;
    final float[] q, k, v, context; // (t, hidden)
    final float[] sublayer;         // (t, hidden): the attention or FFN output before the residual add
    final float[] normed;           // (t, hidden): pre-LN input of a sub-layer
    final float[] intermediate;     // (t, intermediate)

    EncoderScratch(int t, int hidden, int intermediateSize) {
        frames = t;
        int n = Math.multiplyExact(t, hidden);
        q = new float[n];
        k = new float[n];
        v = new float[n];
        context = new float[n];
        sublayer = new float[n];
        normed = new float[n];
        intermediate = new float[Math.multiplyExact(t, intermediateSize)];
    }
}
