package io.handlespy.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code handlespy record|leaks|info|ps|export|demo|diff|mark}. */
@Command(name = "handlespy", mixinStandardHelpOptions = true, version = "HandleSpy 0.1.0",
    description = "Finds handle and file-descriptor leaks: record a process, then list what it created and never closed.",
    subcommands = {RecordCommand.class, LeaksCommand.class, InfoCommand.class, PsCommand.class, ExportCommand.class,
        DemoCommand.class, DiffCommand.class, MarkCommand.class},
    footer = {"", "Exit codes: 0 success; 1 leaks found (--fail-on-leaks), or new leaks (--fail-on-new-leaks); 2 usage; "
        + "3 target not found, access denied or unsupported; 4 unreadable recording; "
        + "5 (record) the recording ended early because the helper or the hook failed."})
public final class HandleSpyCli {
    private HandleSpyCli() {}

    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs with explicit streams, so tests and embedders can capture the output. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new HandleSpyCli())
            .setOut(out).setErr(err)
            .setExecutionExceptionHandler(new FailureHandler());
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
