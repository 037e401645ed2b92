package org.voicebarometer.cli;

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
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(Cli.commandLine(new Main()).execute(args));
    }
}
