package org.voicebarometer.cli;

import org.voicebarometer.journal.JournalEntry;
import org.voicebarometer.journal.JournalLocation;
import org.voicebarometer.ui.BarometerApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.awt.GraphicsEnvironment;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ./barometer ui}: the desktop app. */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Open the desktop app: record or open a voice log, see the barometer and your journal.")
public final class UiCommand implements Callable<Integer> {
    @Option(names = "--db", paramLabel = "FILE",
            description = "Journal database (default: $BAROMETER_HOME/journal.db, else ~/.local/share/voice-barometer/journal.db).")
    Path db;

    @Option(names = "--user", paramLabel = "ID", defaultValue = JournalEntry.DEFAULT_USER,
            description = "Whose journal (default: ${DEFAULT-VALUE}).")
    String user;

    @Override
    public Integer call() throws InterruptedException {
        if (GraphicsEnvironment.isHeadless()) {
            throw new Cli.UserError("the desktop app needs a display (DISPLAY is not set); "
                    + "use the analyze and journal commands here, or run it under xvfb-run");
        }
        BarometerApp.run(db != null ? db : JournalLocation.defaultFile(), user);
        return 0;
    }
}
