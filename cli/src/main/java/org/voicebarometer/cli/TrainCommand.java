package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.training.EmoDb;
import org.voicebarometer.engine.analysis.training.FeatureExtraction;
import org.voicebarometer.engine.analysis.training.LeaveOneSpeakerOut;
import org.voicebarometer.engine.analysis.training.Trainer;
import org.voicebarometer.engine.biomarkers.AcousticFunctionals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ./barometer train}: fits the built-in emotion model on EmoDB, optionally with LOSO evaluation. */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train the built-in emotion model on EmoDB (acoustic functionals + logistic regression).",
                "The same corpus and options reproduce the same model (to ~1e-7, see docs/analysis.md); the shipped one is",
                "engine/src/main/resources/org/voicebarometer/engine/analysis/builtin-emotion-model.json."})
public final class TrainCommand implements Callable<Integer> {
    /** The shipped model's name; a model trained with other options should be told apart by --name. */
    static final String DEFAULT_NAME = "emodb-functionals-logreg-v1";

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--emodb", required = true, paramLabel = "DIR", description = "EmoDB's wav folder (535 files named SSTTTEV.wav).")
    Path emodb;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "emotion-model.json", description = "Where to write the model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--eval", paramLabel = "loso", description = "loso: also run leave-one-speaker-out evaluation and print confusion matrices and UAR7/UAR5.")
    String eval;

    @Option(names = "--lambda", paramLabel = "L2", defaultValue = "" + Trainer.DEFAULT_LAMBDA, description = "L2 penalty (default: ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--name", defaultValue = DEFAULT_NAME, description = "The model's name in reports (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (eval != null && !eval.equals("loso")) throw new Cli.UserError("--eval: only 'loso' is supported, not '" + eval + "'");
        if (!(lambda > 0)) throw new Cli.UserError("--lambda must be > 0");
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        List<EmoDb.Utterance> utterances = EmoDb.list(emodb);
        stderr.println("Extracting " + AcousticFunctionals.names().size() + " acoustic functionals from " + utterances.size() + " files...");
        double[][] features = FeatureExtraction.extract(emodb, utterances, new ProgressBar(stderr, "files"));
        List<String> names = AcousticFunctionals.names();

        if (eval != null) {
            LeaveOneSpeakerOut.Result r = LeaveOneSpeakerOut.evaluate(features, utterances, names, lambda);
            stdout.println("Leave-one-speaker-out; each test speaker z-scored with their own baseline (the standard EmoDB protocol,");
            stdout.println("what a user with a personal baseline gets):");
            stdout.print(r.own7().format());
            stdout.println();
            stdout.print(r.own5().format());
            stdout.printf(Locale.ROOT, "UAR7: %.4f%n", r.own7().uar());
            stdout.printf(Locale.ROOT, "UAR5: %.4f%n", r.own5().uar());
            stdout.println();
            stdout.println("Leave-one-speaker-out; each test speaker z-scored with the training speakers' population baseline");
            stdout.println("(what analyze does for a new user without a baseline):");
            stdout.print(r.population7().format());
            stdout.println();
            stdout.print(r.population5().format());
            stdout.printf(Locale.ROOT, "UAR7 (population baseline): %.4f%n", r.population7().uar());
            stdout.printf(Locale.ROOT, "UAR5 (population baseline): %.4f%n", r.population5().uar());
            stdout.println();
        }

        FunctionalsClassifier model = Trainer.fit(features, utterances, names, lambda, name);
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (OutputStream o = Files.newOutputStream(out)) {
            model.write(o);
        }
        stdout.println("Wrote " + out + " (" + names.size() + " features, " + model.labels().size() + " classes, "
                + utterances.size() + " utterances)");
        stdout.flush();
        return 0;
    }
}
