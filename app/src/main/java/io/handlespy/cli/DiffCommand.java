package io.handlespy.cli;

import io.handlespy.analysis.compare.LeakDiff;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.analysis.suppress.Suppressed;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "diff", description = {"Compare the leaks of two recordings: the create stacks whose leak count "
    + "appeared, grew, shrank or disappeared, with counts.",
    "Each recording's leaks are the handles still open at its end; stacks match by module, function and line, "
        + "not by address, so two builds or runs compare."})
final class DiffCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The earlier recording.")
    Path old;

    @Parameters(index = "1", paramLabel = "NEW", description = "The later recording.")
    Path now;

    @Option(names = "--format", defaultValue = "table",
        description = "table or json (default: ${DEFAULT-VALUE}).")
    Format format;

    enum Format { table, json }

    @Mixin SuppressionOptions suppressions;

    @Override
    public Integer call() throws Exception {
        SuppressionSet rules = suppressions.load();
        Suppressed before = LeakQuery.atEnd(old, rules), after = LeakQuery.atEnd(now, rules);
        LeakDiff diff = LeakDiff.between(before.report(), after.report());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.json) JsonOutput.print(out, DiffOutput.json(old, now, diff));
        else out.print(DiffOutput.table(diff));
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        SuppressionOptions.report(err, "OLD " + old, before.hits());
        SuppressionOptions.report(err, "NEW " + now, after.hits());
        return ExitCodes.OK;
    }
}
