package org.voicebarometer.convert;

import org.voicebarometer.engine.model.ModelOutput;
import org.voicebarometer.engine.model.Wav2Vec2Model;
import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.FloatTensor;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --verify}: reads the source again and the converted directory, and shows they hold the same
 * weights — every source tensor present under its canonical name with the same shape, and the
 * largest absolute difference of its values (0 unless the dtype was changed). When the engine can
 * load the source itself (a Hugging Face safetensors directory), both are also run on a 1 s test
 * signal and every named output is compared.
 */
public record Verification(List<String> lines) {
    public String render() {
        return String.join("\n", lines) + "\n";
    }

    public static Verification verify(Path source, Path output) throws IOException {
        List<String> lines = new ArrayList<>();
        try (SourceModel model = Converter.open(source); Checkpoint out = Checkpoint.open(output)) {
            CanonicalNames.apply(model);
            TreeSet<String> written = new TreeSet<>();
            out.names().forEach(written::add);
            if (!written.equals(new TreeSet<>(model.tensors.keySet())))
                throw new CheckpointFormatException("verify: the converted tensor names differ from the source's");
            double worst = 0;
            String worstName = "";
            for (Map.Entry<String, Weight> e : model.tensors.entrySet()) {
                TensorInfo info = out.info(e.getKey());
                if (!java.util.Arrays.equals(info.shape(), e.getValue().shape()))
                    throw new CheckpointFormatException("verify: " + e.getKey() + " has shape " + info.shapeString() + ", the source " + java.util.Arrays.toString(e.getValue().shape()));
                double d = maxAbsDiff(e.getValue().floats(), out.floats(e.getKey()));
                if (!(d <= worst)) {
                    worst = d;
                    worstName = e.getKey();
                }
            }
            if (Double.isNaN(worst)) throw new CheckpointFormatException("verify: " + worstName + " differs (NaN)");
            lines.add("verify: " + written.size() + " tensors match the source; max abs diff " + worst + (worst > 0 ? " (" + worstName + ", dtype rounding)" : ""));
        }
        if (Files.isDirectory(source) && (Files.isRegularFile(source.resolve(Checkpoint.SINGLE_FILE)) || Files.isRegularFile(source.resolve(Checkpoint.INDEX_FILE))))
            lines.add(compareOutputs(source, output));
        return new Verification(lines);
    }

    /** Runs the engine on the source and the converted directory; the largest difference over every named output. */
    static String compareOutputs(Path source, Path output) throws IOException {
        float[] signal = testSignal();
        ModelOutput a = Wav2Vec2Model.load(source).run(signal);
        ModelOutput b = Wav2Vec2Model.load(output).run(signal);
        double worst = 0;
        String worstName = "";
        for (Map.Entry<String, FloatTensor> e : a.tensors().entrySet()) {
            FloatTensor other = b.tensors().get(e.getKey());
            if (other == null) throw new CheckpointFormatException("verify: the converted model does not produce " + e.getKey());
            double d = maxAbsDiff(e.getValue().data(), other.data());
            if (!(d <= worst)) {
                worst = d;
                worstName = e.getKey();
            }
        }
        if (Double.isNaN(worst)) throw new CheckpointFormatException("verify: " + worstName + " differs in shape or NaNs");
        return "verify: engine on a 1 s test signal, source vs converted: " + a.tensors().size() + " named outputs, max abs diff " + worst
                + (worst > 0 ? " (" + worstName + ")" : "");
    }

    /** 1 s at 16 kHz: two tones and a little deterministic noise, so every layer sees varied input. */
    static float[] testSignal() {
        float[] x = new float[16000];
        long seed = 12345;
        for (int i = 0; i < x.length; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            double noise = ((seed >>> 40) / (double) (1L << 24) - 0.5) * 0.05;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / 16000.0) + 0.1 * Math.sin(2 * Math.PI * 1375 * i / 16000.0) + noise);
        }
        return x;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) return Double.NaN;
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            if (Float.isNaN(a[i]) != Float.isNaN(b[i])) return Double.NaN;
            if (d > max) max = d;
        }
        return max;
    }
}
