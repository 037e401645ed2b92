package org.voicebarometer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.voicebarometer.engine.audio.Audio;
import org.voicebarometer.engine.audio.AudioLoader;
import org.voicebarometer.engine.model.ModelOutput;
import org.voicebarometer.engine.model.Prediction;
import org.voicebarometer.engine.model.Wav2Vec2Model;
import org.voicebarometer.engine.tensor.SafetensorsWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code ./barometer infer --model DIR --audio FILE}: run a Wav2Vec2/HuBERT model directory on one recording. */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = {"Run a Wav2Vec2/HuBERT checkpoint on one recording.",
                "Prints its prediction: class probabilities, regression values or a CTC transcript;",
                "--dump writes every named intermediate (model directory: docs/model-format.md)."})
public final class InferCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory: config.json, model.safetensors, ...")
    Path model;

    @Option(names = "--audio", required = true, paramLabel = "FILE", description = "Recording (WAV, FLAC or MP3); converted to 16 kHz mono.")
    Path audio;

    @Option(names = "--dump", paramLabel = "OUT.safetensors",
            description = "Also write every named tensor (input_values, extract_features, hidden_states.N, last_hidden_state, logits).")
    Path dump;

    @Option(names = "--json", description = "Print the prediction as JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (!Files.isRegularFile(audio)) throw new Cli.UserError("no such audio file: " + audio);
        if (dump != null && dump.toAbsolutePath().getParent() != null && !Files.isDirectory(dump.toAbsolutePath().getParent()))
            throw new Cli.UserError("cannot write the dump: no directory " + dump.toAbsolutePath().getParent());
        Wav2Vec2Model m = Wav2Vec2Model.load(model);
        Audio a = AudioLoader.load(audio);
        ModelOutput out = dump != null ? m.run(a.samples()) : m.predict(a.samples());
        if (dump != null) writeDump(out);

        PrintWriter w = spec.commandLine().getOut();
        if (json) w.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(m, a, out)));
        else printSummary(w, m, a, out);
        w.flush();
        return 0;
    }

    private void writeDump(ModelOutput out) throws java.io.IOException {
        SafetensorsWriter writer = new SafetensorsWriter();
        out.tensors().forEach(writer::add);
        switch (out.prediction()) {
            case Prediction.Transcript t -> writer.metadata("transcript", t.text());
            case Prediction.Classification c -> writer.metadata("labels", c.label());
            default -> { }
        }
        writer.write(dump);
    }

    private static Map<String, Object> toJson(Wav2Vec2Model m, Audio a, ModelOutput out) {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("model", m.describe());
        j.put("duration_s", round(a.durationSeconds()));
        j.put("frames", out.frames());
        switch (out.prediction()) {
            case Prediction.Classification c -> {
                j.put("kind", "classification");
                j.put("label", c.label());
                j.put("probabilities", named(c.labels(), c.probabilities()));
            }
            case Prediction.Regression r -> {
                j.put("kind", "regression");
                j.put("values", named(r.names(), r.values()));
            }
            case Prediction.Transcript t -> {
                j.put("kind", "transcript");
                j.put("transcript", t.text());
            }
            case Prediction.None n -> j.put("kind", "none");
        }
        return j;
    }

    private static Map<String, Double> named(List<String> names, float[] values) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(names.get(i), (double) values[i]);
        return m;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }

    private static void printSummary(PrintWriter w, Wav2Vec2Model m, Audio a, ModelOutput out) {
        w.printf(Locale.ROOT, "model:  %s%n", m.describe());
        w.printf(Locale.ROOT, "audio:  %.2f s (%s, %d Hz, %d ch), %d frames%n", a.durationSeconds(), a.format(),
                a.originalSampleRate(), a.originalChannels(), out.frames());
        switch (out.prediction()) {
            case Prediction.Classification c -> {
                w.printf(Locale.ROOT, "label:  %s (%.3f)%n", c.label(), c.probabilities()[c.argmax()]);
                for (int i = 0; i < c.labels().size(); i++) w.printf(Locale.ROOT, "  %-12s %.3f%n", c.labels().get(i), c.probabilities()[i]);
            }
            case Prediction.Regression r -> {
                for (int i = 0; i < r.names().size(); i++) w.printf(Locale.ROOT, "  %-12s %.4f%n", r.names().get(i), r.values()[i]);
            }
            case Prediction.Transcript t -> w.printf("text:   %s%n", t.text());
            case Prediction.None n -> w.printf("no head: last_hidden_state is %d × %d (use --dump to keep it)%n",
                    out.frames(), out.lastHiddenState().dim(1));
        }
    }
}
