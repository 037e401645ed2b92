package org.voicebarometer.cli;

import org.voicebarometer.engine.analysis.FunctionalsClassifier;
import org.voicebarometer.engine.analysis.training.Calibration;
import org.voicebarometer.engine.analysis.training.ConfusionMatrix;
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

/**
 * {@code ./barometer train}: fits the built-in emotion model on EmoDB and calibrates its confidences by
 * temperature scaling on leave-one-speaker-out predictions; optionally prints the LOSO evaluation.
 */
@Command(name = "train",
        mixinStandardHelpOptions = true,
        description = {"Train the built-in emotion model on EmoDB (acoustic functionals + logistic regression).",
                "Its confidences are calibrated by one temperature fitted on leave-one-speaker-out predictions (population baseline).",
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

    @Option(names = "--no-calibrate", description = "Skip the leave-one-speaker-out pass and temperature scaling: faster, but the confidences are the raw, overconfident ones.")
    boolean noCalibrate;

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

        boolean needsLoso = eval != null || !noCalibrate;
        if (needsLoso && utterances.stream().map(EmoDb.Utterance::speaker).distinct().count() < 2) {
            throw new Cli.UserError(emodb + ": leave-one-speaker-out (for calibration and --eval) needs at least two speakers; use --no-calibrate");
        }
        LeaveOneSpeakerOut.Result loso = needsLoso ? LeaveOneSpeakerOut.evaluate(features, utterances, names, lambda) : null;
        FunctionalsClassifier model = Trainer.fit(features, utterances, names, lambda, name);
        double temperature = 1;
        if (!noCalibrate) {
            Calibration calibration = Calibration.fit(loso);
            model = calibration.applyTo(model);
            temperature = calibration.temperature();
            printCalibration(stdout, calibration, loso);
        }
        if (eval != null) printEvaluation(stdout, loso, temperature);

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

    private static void printCalibration(PrintWriter out, Calibration c, LeaveOneSpeakerOut.Result loso) {
        out.printf(Locale.ROOT, "Temperature scaling, fitted on the leave-one-speaker-out logits with the population baseline: T = %.4f%n", c.temperature());
        out.println("LOSO predictions          NLL before  NLL after  ECE7 before  ECE7 after  ECE5 before  ECE5 after  (best T for these alone)");
        calibrationRow(out, "population baseline", c.population());
        calibrationRow(out, "own baseline", c.own());
        out.println("(NLL in nats over the seven labels; ECE top-label, 10 bins, over the seven labels and over the five emotions a report shows.)");
        // The seven-class winner cannot change; the five-class one can, where two labels are added up (e.g. sadness + boredom).
        out.printf(Locale.ROOT, "UAR5 before -> after: population baseline %.4f -> %.4f, own baseline %.4f -> %.4f%n",
                loso.population().fiveClasses(1).uar(), loso.population().fiveClasses(c.temperature()).uar(),
                loso.own().fiveClasses(1).uar(), loso.own().fiveClasses(c.temperature()).uar());
        out.println();
    }

    private static void calibrationRow(PrintWriter out, String what, Calibration.Figures f) {
        out.printf(Locale.ROOT, "%-24s %11.4f %10.4f %12.4f %11.4f %12.4f %11.4f  (%.4f)%n", what, f.nllBefore(), f.nllAfter(),
                f.eceBefore(), f.eceAfter(), f.eceFiveBefore(), f.eceFiveAfter(), f.bestTemperature());
    }

    /** The confusion matrices and UARs of the shipped model (at {@code temperature}) on held-out speakers. */
    private static void printEvaluation(PrintWriter out, LeaveOneSpeakerOut.Result r, double temperature) {
        out.println("Leave-one-speaker-out; each test speaker z-scored with their own baseline (the standard EmoDB protocol,");
        out.println("what a user with a personal baseline gets):");
        printMatrices(out, r.own(), temperature, "");
        out.println("Leave-one-speaker-out; each test speaker z-scored with the training speakers' population baseline");
        out.println("(what analyze does for a new user without a baseline):");
        printMatrices(out, r.population(), temperature, " (population baseline)");
    }

    private static void printMatrices(PrintWriter out, LeaveOneSpeakerOut.Predictions p, double temperature, String suffix) {
        ConfusionMatrix seven = p.sevenClasses();
        ConfusionMatrix five = p.fiveClasses(temperature);
        out.print(seven.format());
        out.println();
        out.print(five.format());
        out.printf(Locale.ROOT, "UAR7%s: %.4f%n", suffix, seven.uar());
        out.printf(Locale.ROOT, "UAR5%s: %.4f%n", suffix, five.uar());
        out.println();
    }
}
