package org.voicebarometer.engine.model;

import org.voicebarometer.engine.kernels.Conv1d;
import org.voicebarometer.engine.kernels.Linear;
import org.voicebarometer.engine.kernels.RowSource;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.FloatReader;
import org.voicebarometer.engine.tensor.SafetensorsException;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The checkpoint as the model components see it: tensors by their Hugging Face name (the encoder's
 * under the detected prefix {@code wav2vec2.}, {@code hubert.} or none), each checked for shape and
 * finiteness and converted once to float[], or, for the projection matrices, decoded straight from the
 * mapped file into the kernel's packed layout ({@link #linear}), or taken packed from the {@link PanelCache}. Remembers what was used, so that tensors
 * of a variant the engine does not implement are reported instead of silently ignored.
 * <p>Thread-safe: the encoder layers load in parallel.
 */
final class Weights {
    /** Tensors of pre-training and SpecAugment that inference never reads. */
    private static final List<String> UNUSED = List.of("masked_spec_embed", "quantizer.", "project_q.", "project_hid.");
    private static final List<String> PREFIXES = List.of("wav2vec2.", "hubert.", "");
    private static final String PROBE = "feature_extractor.conv_layers.0.conv.weight";

    private final Checkpoint checkpoint;
    private final PanelCache cache;
    private final String prefix;
    private final Set<String> used = ConcurrentHashMap.newKeySet(); // components load in parallel

    Weights(Checkpoint checkpoint, PanelCache cache) throws ModelFormatException {
        this.checkpoint = checkpoint;
        this.cache = cache;
        String found = null;
        for (String p : PREFIXES) {
            if (checkpoint.contains(p + PROBE)) {
                found = p;
                break;
            }
        }
        if (found == null) throw new ModelFormatException("checkpoint has no tensor '" + PROBE + "' (with prefix wav2vec2., hubert. or none): not a Wav2Vec2/HuBERT checkpoint");
        this.prefix = found;
    }

    /** The encoder tensor {@code name} (prefix added) with exactly {@code shape}. */
    float[] encoder(String name, long... shape) throws IOException {
        return exact(prefix + name, shape);
    }

    boolean hasEncoder(String name) {
        return checkpoint.contains(prefix + name);
    }

    /** A tensor by its full name (heads are not prefixed) with exactly {@code shape}. */
    float[] exact(String fullName, long... shape) throws IOException {
        requireShape(fullName, shape);
        return load(fullName);
    }

    /** A Linear from the encoder tensors {@code name.weight} [out, in] and {@code name.bias} [out] (prefix added). */
    Linear encoderLinear(String name, int out, int in) throws IOException {
        return linear(prefix + name + ".weight", prefix + name + ".bias", out, in);
    }

    /**
     * A Linear whose weight {@code weightName} [out, in] goes from the mapped file straight into the kernel's
     * packed layout, row by row, without a float[] copy of the whole tensor; refused for NaN/±Inf with the same
     * message as {@link #exact}; or, kept by the {@link PanelCache}, straight from its file. {@code biasName} [out]
     * may be null. Full names.
     */
    Linear linear(String weightName, String biasName, int out, int in) throws IOException {
        RowSource rows = kept(weightName, rows(reader(weightName, out, in), in));
        float[] bias = biasName == null ? null : exact(biasName, out);
        return packed(() -> Linear.of(rows, bias, out, in));
    }

    /**
     * A Conv1d whose weight, the encoder tensor {@code name} [out, in/groups, kernel] (prefix added), is packed
     * from the mapped file as {@link #linear}'s.
     */
    Conv1d encoderConv(String name, float[] bias, int in, int out, int kernel, int stride, int padding, int groups) throws IOException {
        int rowLength = in / groups * kernel;
        RowSource rows = kept(prefix + name, rows(encoderReader(name, out, in / groups, kernel), rowLength));
        return packed(() -> Conv1d.of(rows, bias, in, out, kernel, stride, padding, groups));
    }

    /** As {@link #reader} for the encoder tensor {@code name} (prefix added). */
    FloatReader encoderReader(String name, long... shape) throws IOException {
        return reader(prefix + name, shape);
    }

    /** The tensor {@code fullName} with exactly {@code shape}, to be read range by range from the mapped file, refusing NaN/±Inf. */
    FloatReader reader(String fullName, long... shape) throws IOException {
        requireShape(fullName, shape);
        FloatReader reader = checkpoint.reader(fullName, true);
        used.add(fullName);
        return reader;
    }

    /** The rows of a tensor read by {@code reader} as a matrix with {@code cols} columns; a bad value is thrown as an UncheckedIOException. */
    static RowSource rows(FloatReader reader, int cols) {
        return (row, col, len, dst, dstOff) -> {
            try {
                reader.read((long) row * cols + col, dst, dstOff, len);
            } catch (SafetensorsException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** {@code rows}, whose packed panels the {@link PanelCache} may hold (then they are not read) or keeps, under {@code name}. */
    RowSource kept(String name, RowSource rows) {
        return cache.source(name, rows);
    }

    /** Builds a kernel from {@link #rows}, rethrowing a bad tensor's error as it was. */
    static <T> T packed(Supplier<T> kernel) throws IOException {
        try {
            return kernel.get();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void requireShape(String fullName, long... shape) throws ModelFormatException {
        TensorInfo t = info(fullName);
        if (!Arrays.equals(t.shape(), shape))
            throw new ModelFormatException("tensor '" + fullName + "' has shape " + t.shapeString() + ", expected " + Arrays.toString(shape));
    }

    /** The header entry of a tensor that must exist (full name). */
    TensorInfo info(String fullName) throws ModelFormatException {
        TensorInfo t = checkpoint.info(fullName);
        if (t == null) throw new ModelFormatException("checkpoint has no tensor '" + fullName + "'");
        return t;
    }

    boolean has(String fullName) {
        return checkpoint.contains(fullName);
    }

    private float[] load(String fullName) throws IOException {
        float[] v = checkpoint.finiteFloats(fullName);
        used.add(fullName);
        return v;
    }

    /** Refuses a checkpoint that holds tensors no component read (other than pre-training leftovers). */
    void requireAllUsed() throws ModelFormatException {
        List<String> left = new ArrayList<>();
        for (String name : checkpoint.names()) {
            if (used.contains(name)) continue;
            String bare = name.startsWith(prefix) ? name.substring(prefix.length()) : name;
            if (UNUSED.stream().noneMatch(bare::startsWith)) left.add(name);
        }
        if (!left.isEmpty())
            throw new ModelFormatException("checkpoint holds " + left.size() + " tensor(s) this architecture does not use, e.g. '"
                    + String.join("', '", left.subList(0, Math.min(3, left.size())))
                    + "': an unsupported variant, or a head that config.json / head.json does not describe");
    }
}
