package org.voicebarometer.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The entry point of {@code ./barometer}: one subcommand per job, each a thin front end over the engine. */
@Command(name = "barometer",
        mixinStandardHelpOptions = true,
        version = "barometer 0.1.0",
        description = "Voice stress barometer: emotion, stress score and voice biomarkers, computed on this machine.",
        subcommands = {
                CommandLine.HelpCommand.class,
                AnalyzeCommand.class,
                TrainCommand.class,
                JournalCommand.class,
                UiCommand.class,
                ConvertCommand.class,
                InferCommand.class,
                BenchCommand.class,
                ServeCommand.class,
                BatchCommand.class,
        },
        footer = {"", "  test       Run the full test suite (handled by the launcher)."})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs a command with standard output reserved for its results. A library may print debug lines to
     * {@code System.out} (jFLAC does on some damaged FLAC frames), which would break the JSON lines or CSV
     * that scripts read from standard output, so while the command runs {@code System.out} is standard error.
     */
    static int execute(String[] args) {
        PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            CommandLine cl = Cli.commandLine(new Main());
            cl.setOut(new PrintWriter(new OutputStreamWriter(stdout, stdout.charset()), true));
            return cl.execute(args);
        } finally {
            System.setOut(stdout);
        }
    }
}
