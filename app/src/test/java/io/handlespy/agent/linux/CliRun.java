package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.cli.HandleSpyCli;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One run of the CLI in this JVM: its exit code and what it wrote. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = HandleSpyCli.run(new PrintWriter(out), new PrintWriter(err), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Like {@link #of}, failing the test on a non-zero exit. */
    static CliRun ok(String... args) {
        CliRun run = of(args);
        assertThat(run.code()).as(run.err()).isZero();
        return run;
    }
}
