package org.voicebarometer.convert;

import org.voicebarometer.engine.tensor.Checkpoint;
import org.voicebarometer.engine.tensor.TensorInfo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code --verify}: reads the source again and the converted directory, and shows they hold the same
 * weights — every source tensor present under its canonical name with the same shape, and the
 * largest absolute difference of its values (0 unless the dtype was changed).
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
        return new Verification(lines);
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
