package io.handlespy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code handlespy record|leaks|info|ps|export}. */
@Command(name = "handlespy", mixinStandardHelpOptions = true, version = "HandleSpy 0.1.0",
         description = "Finds handle and file-descriptor leaks.")
public final class HandleSpyCli {
    public static int run(String[] args) {
        return new CommandLine(new HandleSpyCli()).execute(args);
    }
}
