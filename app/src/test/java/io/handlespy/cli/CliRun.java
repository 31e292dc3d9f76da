package io.handlespy.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One CLI invocation in-process, with its exit code and both output streams. */
public record CliRun(int exitCode, String out, String err) {
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = HandleSpyCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
