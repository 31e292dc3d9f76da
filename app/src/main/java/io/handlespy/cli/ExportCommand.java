package io.handlespy.cli;

import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.export.ExportFiles;
import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import io.handlespy.export.PprofExporter;
import io.handlespy.export.PprofInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", description = "Write the leaks of a window to a file: CSV, JSON, folded stacks, a "
    + "self-contained HTML report, or a gzipped pprof profile (go tool pprof, Grafana Pyroscope, Parca).")
final class ExportCommand implements Callable<Integer> {
    enum Format { csv, json, folded, html, pprof }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Recording file.")
    Path file;

    @Option(names = "--format", required = true, description = "csv, json, folded, html or pprof.")
    Format format;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "File to write.")
    Path output;

    @Mixin WindowOptions window;

    @Mixin SuppressionOptions suppressions;

    @Mixin ProcessFilter process;

    @Override
    public Integer call() throws Exception {
        SuppressionSet rules = suppressions.load();
        LeakQuery.Answer answer = LeakQuery.run(file, window, rules);
        ExportInput input = process.apply(file, answer.input());
        Path target = output.toAbsolutePath();
        try {
            if (format == Format.pprof) {
                PprofInput pprof = process.apply(file, LeakQuery.pprof(file, window, rules, input.report()));
                ExportFiles.write(target, out -> PprofExporter.write(pprof, out));
            } else {
                ExportFiles.write(target, ExportFormat.fromCliName(format.name()), input, ExportProgress.NONE);
            }
        } catch (IOException e) {
            throw new FailureHandler.UsageException("cannot write " + target + ": " + e.getMessage());
        }
        spec.commandLine().getErr().printf("handlespy: wrote %d leak groups (%d handles) to %s%n",
            input.report().groups().size(), input.report().totalLeaked(), target);
        SuppressionOptions.report(spec.commandLine().getErr(), answer.suppressed());
        return ExitCodes.OK;
    }
}
