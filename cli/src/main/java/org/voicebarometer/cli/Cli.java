package org.voicebarometer.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * How every command meets the user: bad input is one line on stderr and exit code 2, never a stack trace.
 * Commands signal bad input by throwing {@link UserError} (or any {@link IllegalArgumentException}
 * or {@link java.io.IOException} from the engine); anything else is a bug and is reported as such (exit 1).
 */
public final class Cli {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    private Cli() {}

    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("barometer: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            if (isBadInput(ex)) {
                err.println("barometer: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            err.println("barometer: internal error: " + ex + " (please report this)");
            if (Boolean.getBoolean("barometer.debug")) ex.printStackTrace(err);
            return EXIT_INTERNAL;
        });
        return cl;
    }

    static boolean isBadInput(Throwable ex) {
        return ex instanceof UserError
                || ex instanceof IllegalArgumentException
                || ex instanceof java.io.IOException;
    }

    /** Bad input from the user: the message is the one line they see. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }
}
