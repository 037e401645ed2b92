package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Attention.KeysValues;

/** Buffers a run reuses across all encoder layers, for up to {@link #frames} frames (part of a {@link RunScratch}). */
final class EncoderScratch {
    final int frames;
    final float[] q, k, v; // (t, hidden): a layer's projections, written row block by row block during the layer before
    final KeysValues keysValues = new KeysValues(); // k and v packed for attention; the next projections may overwrite k, v

    EncoderScratch(int t, int hidden) {
        frames = t;
        int n = Math.multiplyExact(t, hidden);
        q = new float[n];
        k = new float[n];
        v = new float[n];
    }

    /**
     * The buffers of one block of rows, owned by the pool thread that computes the block: every step of
     * a layer after attention reads and writes only its own rows, so these need not span all frames.
     */
    static final class Rows {
        private static final ThreadLocal<Rows> OF_THREAD = ThreadLocal.withInitial(Rows::new);

        float[] context = new float[0];      // (rows, hidden): attention before out_proj
        float[] sublayer = new float[0];     // (rows, hidden): the attention or FFN output before the residual add
        float[] normed = new float[0];       // (rows, hidden): pre-LN input of a sub-layer
        float[] intermediate = new float[0]; // (rows, intermediate)

        /** The calling thread's buffers, grown to at least {@code rows} rows. */
        static Rows ofThread(int rows, int hidden, int intermediateSize) {
            Rows r = OF_THREAD.get();
            int n = Math.multiplyExact(rows, hidden);
            if (r.context.length < n) {
                r.context = new float[n];
                r.sublayer = new float[n];
                r.normed = new float[n];
            }
            int m = Math.multiplyExact(rows, intermediateSize);
            if (r.intermediate.length < m) r.intermediate = new float[m];
            return r;
        }
    }
}
