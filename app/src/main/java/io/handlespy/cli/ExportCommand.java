package io.handlespy.cli;

import io.handlespy.export.ExportFiles;
import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "export", description = "Write the leaks of a window to a file: CSV, JSON, folded stacks or a self-contained HTML report.")
final class ExportCommand implements Callable<Integer> {
    enum Format { csv, json, folded, html }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Recording file.")
    Path file;

    @Option(names = "--format", required = true, description = "csv, json, folded or html.")
    Format format;

    @Option(names = "--output", required = true, paramLabel = "PATH", description = "File to write.")
    Path output;

    @Mixin WindowOptions window;

    @Override
    public Integer call() throws Exception {
        ExportInput input = LeakQuery.run(file, window);
        Path target = output.toAbsolutePath();
        try {
            ExportFiles.write(target, ExportFormat.fromCliName(format.name()), input, ExportProgress.NONE);
        } catch (IOException e) {
            throw new FailureHandler.UsageException("cannot write " + target + ": " + e.getMessage());
        }
        spec.commandLine().getErr().printf("handlespy: wrote %d leak groups (%d handles) to %s%n",
            input.report().groups().size(), input.report().totalLeaked(), target);
        return ExitCodes.OK;
    }
}
