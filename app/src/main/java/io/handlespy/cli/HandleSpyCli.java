package io.handlespy.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code handlespy record|leaks|info|ps|export|demo|diff|mark}. */
@Command(name = "handlespy", mixinStandardHelpOptions = true, version = "HandleSpy 0.1.0",
    description = "Finds handle and file-descriptor leaks: record a process, then list what it created and never closed.",
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
        CommandLine cli = new CommandLine(new HandleSpyCli());
        subcommandsFor(args).forEach((name, command) -> cli.addSubcommand(name, command.get()));
        cli.setOut(out).setErr(err).setExecutionExceptionHandler(new FailureHandler());
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The subcommand the arguments name, or all of them (for the top-level help,
     * --version and a name that is none of them). Picocli reads every registered
     * command's annotations and loads its classes at start-up, which is most of a
     * short command's fixed cost; one command is all a run needs.
     */
    static Map<String, Supplier<Object>> subcommandsFor(String... args) {
        Map<String, Supplier<Object>> all = new LinkedHashMap<>();
        all.put("record", RecordCommand::new);
        all.put("leaks", LeaksCommand::new);
        all.put("info", InfoCommand::new);
        all.put("ps", PsCommand::new);
        all.put("export", ExportCommand::new);
        all.put("demo", DemoCommand::new);
        all.put("diff", DiffCommand::new);
        all.put("mark", MarkCommand::new);
        if (args.length > 0 && all.containsKey(args[0])) return Map.of(args[0], all.get(args[0]));
        return all;
    }
}
