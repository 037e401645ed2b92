package org.voicebarometer.cli;

import org.voicebarometer.convert.ConversionSummary;
import org.voicebarometer.convert.Converter;
import org.voicebarometer.convert.Verification;
import org.voicebarometer.engine.tensor.DType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./barometer convert SRC OUT}: a Hugging Face / fairseq / SpeechBrain checkpoint → a model directory the engine loads. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a checkpoint into a model directory the engine loads (config.json, model.safetensors, head.json).",
                "SRC: a Hugging Face directory (model.safetensors or pytorch_model.bin, sharded or not), a fairseq wav2vec2/HuBERT .pt,",
                "or a SpeechBrain wav2vec2 emotion recipe directory. Pickles are read as data: nothing in them is ever run."})
public final class ConvertCommand implements Callable<Integer> {
    enum StoredType { f32, f16, bf16 }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "Checkpoint directory or file.")
    Path source;

    @Parameters(index = "1", paramLabel = "OUT", description = "New (or empty) output directory.")
    Path output;

    @Option(names = "--dtype", paramLabel = "f32|f16|bf16", description = "Store every weight in this type (default: as in the source).")
    StoredType dtype;

    @Option(names = "--verify", description = "After converting, show that the result computes what the source does.")
    boolean verify;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DType d = dtype == null ? null : DType.valueOf(dtype.name().toUpperCase(java.util.Locale.ROOT));
        ConversionSummary summary = Converter.convert(source, output, d);
        out.print(summary.render());
        if (verify) out.print(Verification.verify(source, output).render());
        out.flush();
        return 0;
    }
}
