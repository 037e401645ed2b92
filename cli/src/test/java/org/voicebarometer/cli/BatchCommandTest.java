package org.voicebarometer.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The translation to the batch jar's Beam options; the pipeline itself is tested in the batch module. */
class BatchCommandTest {
    private static BatchCommand parse(String... args) {
        BatchCommand command = new BatchCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void translatesOptionsToBeamSyntaxAndPassesTheRestOn() {
        BatchCommand c = parse("--input", "/study/**.wav", "--input", "gs://b/x.wav", "--output", "out", "--runner", "flink",
                "--model", "/models/m", "--labels", "/models/labels.json", "--id-pattern", "(?<speaker>\\d\\d)\\w{5}\\.wav$",
                "--max-concurrent", "3", "--flinkMaster", "jm:8081", "--parallelism=8");
        assertEquals(List.of("--input=/study/**.wav", "--input=gs://b/x.wav", "--output=out", "--runner=FlinkRunner",
                "--model=/models/m", "--labelMap=/models/labels.json", "--idPattern=(?<speaker>\\d\\d)\\w{5}\\.wav$",
                "--maxConcurrentAnalyses=3", "--flinkMaster=jm:8081", "--parallelism=8"), c.beamArguments());
    }

    @Test
    void runsOnThisMachineByDefault() {
        assertEquals(List.of("--inputList=list.txt", "--output=out", "--runner=DirectRunner"),
                parse("--input-list", "list.txt", "--output", "out").beamArguments());
    }

    @Test
    void saysHowToBuildTheBatchJarWhenItIsMissing() {
        String previous = System.setProperty("barometer.batch.jar", "/no/such/barometer-batch.jar");
        try {
            StringWriter err = new StringWriter();
            CommandLine cl = Cli.commandLine(new Main());
            cl.setErr(new PrintWriter(err, true));
            assertEquals(Cli.EXIT_BAD_INPUT, cl.execute("batch", "--input", "x.wav", "--output", "out"));
            assertTrue(err.toString().startsWith("barometer: the batch pipeline is not built (/no/such/barometer-batch.jar)"), err.toString());
        } finally {
            if (previous == null) System.clearProperty("barometer.batch.jar");
            else System.setProperty("barometer.batch.jar", previous);
        }
    }
}
