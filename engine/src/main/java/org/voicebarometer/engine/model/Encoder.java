package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Norms;
import org.voicebarometer.engine.kernels.Threads;

import java.io.IOException;
import java.util.Arrays;

/**
 * The transformer encoder: positional convolution, the encoder LayerNorm (first for post-LN models,
 * last for pre-LN ones) and the layers. Reports each of the L + 1 hidden states as it is computed.
 */
final class Encoder {
    /** Receives hidden_states.index [t, hidden]; the array is reused afterwards, so copy what you keep. */
    interface HiddenStateSink {
        void accept(int index, float[] state);
    }

    private final PositionalConvEmbedding positions;
    private final float[] normWeight, normBias; // (hidden): encoder.layer_norm
    private final EncoderLayer[] layers;
    private final boolean preLayerNorm;
    private final float eps;
    private final int hidden, intermediate;

    private Encoder(PositionalConvEmbedding positions, float[] normWeight, float[] normBias, EncoderLayer[] layers,
                    boolean preLayerNorm, float eps, int hidden, int intermediate) {
        this.positions = positions;
        this.normWeight = normWeight;
        this.normBias = normBias;
        this.layers = layers;
        this.preLayerNorm = preLayerNorm;
        this.eps = eps;
        this.hidden = hidden;
        this.intermediate = intermediate;
    }

    /** The encoder around its positional convolution and layers, which the caller loads (in parallel). */
    static Encoder load(Wav2Vec2Config c, Weights w, PositionalConvEmbedding positions, EncoderLayer[] layers) throws IOException {
        float[] nw = w.encoder("encoder.layer_norm.weight", c.hiddenSize());
        float[] nb = w.encoder("encoder.layer_norm.bias", c.hiddenSize());
        return new Encoder(positions, nw, nb, layers, c.doStableLayerNorm(), c.layerNormEps(), c.hiddenSize(), c.intermediateSize());
    }

    /**
     * Runs the encoder on the projected features h [t, hidden], in place; h ends as last_hidden_state.
     *
     * <p>Two pool passes per layer instead of one per operation (~11, each a hand-off and a wait for the
     * slowest chunk, at 10 s of audio a 768 × 768 projection is only 6 chunks of ~1 ms): everything in a
     * layer but attention's keys and values is row-local. So one pass packs the keys and values of all
     * rows, and one pass over blocks of rows runs, for its rows on one thread, attention, out_proj, the
     * residuals and LayerNorms, the FFN and the next layer's projections. Every value is computed by the
     * same operations in the same order as by one kernel call over all rows, whatever the thread count.
     */
    void forward(float[] h, int t, HiddenStateSink sink, RunScratch s) {
        positions.addTo(h, t, s);
        EncoderScratch scratch = s.encoder(t, hidden);
        rowPass(t, (r0, r1, rows) -> {
            if (!preLayerNorm) layerNorm(h, r0, r1);
            enter(0, h, r0, r1, scratch, rows);
        });
        for (int l = 0; l < layers.length; l++) {
            sink.accept(l, h); // the next layer's projections only read h, so h is whole here
            EncoderLayer layer = layers[l];
            int next = l + 1;
            layer.packKeysValues(t, scratch);
            rowPass(t, (r0, r1, rows) -> {
                layer.forwardRows(h, r0, r1, scratch, rows);
                enter(next, h, r0, r1, scratch, rows);
            });
        }
        sink.accept(layers.length, h);
    }

    /** Rows [r0, r1) of h are layer l's input: its projections, or after the last layer the final LayerNorm (pre-LN). */
    private void enter(int l, float[] h, int r0, int r1, EncoderScratch scratch, EncoderScratch.Rows rows) {
        if (l < layers.length) layers[l].project(h, r0, r1, scratch, rows);
        else if (preLayerNorm) layerNorm(h, r0, r1);
    }

    private void layerNorm(float[] h, int r0, int r1) {
        Norms.layerNormOnCaller(h, r0 * hidden, null, 0, h, r0 * hidden, r1 - r0, hidden, normWeight, normBias, eps);
    }

    @FunctionalInterface
    private interface RowBlock {
        void run(int r0, int r1, EncoderScratch.Rows rows);
    }

    /** Row blocks start at multiples of this: PackedGemm's tile height, so only the last block has a short tile. */
    private static final int ROW_ALIGN = 12;
    /** Blocks per thread at least: the pool hands them out as threads come free, which evens out the threads' speeds. */
    private static final int BLOCKS_PER_THREAD = 2;
    /**
     * Rows per block at most: PackedGemm's largest unit (more rows would be split into units that each
     * stream the weights again); it also bounds each thread's block buffers (rows × intermediate floats).
     */
    private static final int MAX_BLOCK_ROWS = 480;

    /**
     * body on every block of rows of [0, t), spread over the pool. Blocks are contiguous and nearly equal
     * (boundaries at multiples of ROW_ALIGN, so sizes differ by up to ROW_ALIGN rows either way), handed
     * out largest first: the threads' last blocks are the smallest, so their totals end up within about a
     * block's difference of each other (at 10 s, 2 threads: 132 + 120 and 127 + 120 rows, against 120 + 120
     * and 132 + 127 in order).
     */
    private void rowPass(int t, RowBlock body) {
        int threads = Threads.count();
        int maxAverage = MAX_BLOCK_ROWS - ROW_ALIGN; // rounding the boundaries may add ROW_ALIGN rows to a block
        int blocks = Math.max(BLOCKS_PER_THREAD * threads, (t + maxAverage - 1) / maxAverage);
        blocks = (blocks + threads - 1) / threads * threads;
        int count = Math.min(blocks, (t + ROW_ALIGN - 1) / ROW_ALIGN);
        int[] start = new int[count + 1];
        long[] bySize = new long[count]; // (−size, block): sorted, largest first, ties in row order
        for (int b = 0; b <= count; b++) start[b] = boundary(b, count, t);
        for (int b = 0; b < count; b++) bySize[b] = ((long) (start[b] - start[b + 1]) << 32) | b;
        Arrays.sort(bySize);
        Threads.parallelFor(count, c -> {
            int b = (int) bySize[c];
            int r0 = start[b], r1 = start[b + 1];
            if (r0 < r1) body.run(r0, r1, EncoderScratch.Rows.ofThread(r1 - r0, hidden, intermediate));
        });
    }

    /** The start of block b of blocks over t rows: b·t/blocks rounded to a multiple of ROW_ALIGN. */
    private static int boundary(int b, int blocks, int t) {
        if (b == blocks) return t;
        return (int) Math.min(t, Math.round((double) b * t / blocks / ROW_ALIGN) * ROW_ALIGN);
    }
}
