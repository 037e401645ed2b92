package org.voicebarometer.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ./barometer batch}: a whole study on Apache Beam. Beam (some 60 MB) is kept out of this jar: the
 * pipeline lives in the batch module's own jar, {@code batch/target/barometer-batch.jar}, which this command
 * starts in a child JVM with Beam's option syntax and this JVM's flags. The same jar is what a Flink or
 * Spark cluster runs (docs/batch.md).
 */
@Command(name = "batch", mixinStandardHelpOptions = true,
        description = {"Analyse a whole study with Apache Beam, here or on a Flink/Spark cluster.",
                "Writes to DIR: reports-*.jsonl (one report per recording), aggregates-*.jsonl",
                "(per speaker and day, read from the path), failures-*.jsonl (file and reason).",
                "Details and cluster set-up: docs/batch.md."},
        footer = {"", "Other --name=value options go to Beam as they are (--flinkMaster=host:8081, --parallelism=8).",
                "Exit codes: 0 the job ran to the end (failed files are in failures-*.jsonl);",
                "2 bad options; 1 the job failed."})
public final class BatchCommand implements Callable<Integer> {
    /** Where the launcher's build puts the batch jar, relative to the repository root. */
    static final String BATCH_JAR = "batch/target/barometer-batch.jar";

    enum Runner {
        direct("DirectRunner"), flink("FlinkRunner"), spark("SparkRunner"), dataflow("DataflowRunner");

        final String beamName;

        Runner(String beamName) {
            this.beamName = beamName;
        }
    }

    @Option(names = "--input", paramLabel = "GLOB", description = {"Recordings: a quoted file pattern ('/study/**.wav'),",
            "a path or a URI. Repeatable."})
    List<String> inputs = new ArrayList<>();

    @Option(names = "--input-list", paramLabel = "FILE", description = "A text file with one pattern, path or URI per line.")
    String inputList;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (or URI).")
    String output;

    @Option(names = "--runner", paramLabel = "direct|flink|spark|dataflow", defaultValue = "direct",
            description = "Where the pipeline runs (default: ${DEFAULT-VALUE}: here).")
    Runner runner;

    @Option(names = "--model", paramLabel = "PATH", description = {"A checkpoint directory or a model file from",
            "'./barometer train' (default: the built-in model)."})
    String model;

    @Option(names = "--labels", paramLabel = "FILE", description = "Mapping of a checkpoint's labels onto the five emotions.")
    String labelMap;

    @Option(names = "--id-pattern", paramLabel = "REGEX", description = {"Speaker and day in a path: named groups speaker and",
            "(optional) day. Default: .../<speaker>/<yyyy-mm-dd>/<file>."})
    String idPattern;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Recordings analysed at once per worker (default: cores).")
    Integer maxConcurrent;

    @Unmatched
    List<String> beamOptions = new ArrayList<>();

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path jar = batchJar();
        if (!Files.isRegularFile(jar)) {
            throw new Cli.UserError("the batch pipeline is not built (" + jar + "): run it through ./barometer batch, "
                    + "or build it with ./mvnw -pl batch -am -DskipTests package");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(childJvmFlags());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(beamArguments());
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** The pipeline's options in Beam's syntax ({@code --name=value}), unknown ones passed on as given. */
    List<String> beamArguments() {
        List<String> args = new ArrayList<>();
        for (String input : inputs) args.add("--input=" + input);
        if (inputList != null) args.add("--inputList=" + inputList);
        args.add("--output=" + output);
        args.add("--runner=" + runner.beamName);
        if (model != null) args.add("--model=" + model);
        if (labelMap != null) args.add("--labelMap=" + labelMap);
        if (idPattern != null) args.add("--idPattern=" + idPattern);
        if (maxConcurrent != null) args.add("--maxConcurrentAnalyses=" + maxConcurrent);
        for (int i = 0; i < beamOptions.size(); i++) {
            String option = beamOptions.get(i);
            if (!option.startsWith("--")) throw new Cli.UserError("unexpected argument '" + option + "' (Beam options are --name=value)");
            boolean separateValue = !option.contains("=") && i + 1 < beamOptions.size() && !beamOptions.get(i + 1).startsWith("--");
            args.add(separateValue ? option + "=" + beamOptions.get(++i) : option);
        }
        return args;
    }

    /**
     * This JVM's flags (the Vector API module, native access, BAROMETER_JAVA_OPTS), and quiet about Beam's
     * vendored protobuf using sun.misc.Unsafe, which JDK 24+ warns of on every start.
     */
    private static List<String> childJvmFlags() {
        List<String> flags = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (flags.stream().noneMatch(f -> f.startsWith("--sun-misc-unsafe-memory-access"))) {
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }

    /** {@code -Dbarometer.batch.jar}, else beside this jar in the same checkout. */
    static Path batchJar() {
        String configured = System.getProperty("barometer.batch.jar");
        if (configured != null) return Path.of(configured);
        try {
            Path cliJar = Path.of(BatchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return cliJar.getParent().getParent().getParent().resolve(BATCH_JAR); // cli/target/barometer.jar → root
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the CLI jar", e);
        }
    }
}
