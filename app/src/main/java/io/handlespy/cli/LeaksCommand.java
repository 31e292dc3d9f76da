package io.handlespy.cli;

import io.handlespy.protocol.HandleCategory;
import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import io.handlespy.export.TableFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "leaks", description = "List the handles created in a window and never closed, grouped by create stack.")
final class LeaksCommand implements Callable<Integer> {
    enum Format { table, json, csv, folded }

    enum Category {
        kernel(HandleCategory.KERNEL), gdi(HandleCategory.GDI), user(HandleCategory.USER);

        final HandleCategory value;

        Category(HandleCategory value) { this.value = value; }
    }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Recording file.")
    Path file;

    @Mixin WindowOptions window;

    @Option(names = "--format", defaultValue = "table", description = "table, json, csv or folded (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--category", paramLabel = "CATEGORY",
        description = "Only kernel handles, GDI objects or USER objects: kernel, gdi or user (default: all).")
    Category category;

    @Option(names = "--fail-on-leaks", description = "Exit with code 1 when any leak is found (for CI).")
    boolean failOnLeaks;

    @Override
    public Integer call() throws Exception {
        ExportInput all = LeakQuery.run(file, window);
        ExportInput input = category == null ? all
            : new ExportInput(all.info(), all.report().only(category.value), all.series());
        PrintWriter out = spec.commandLine().getOut();
        if (format == Format.table) {
            out.print(TableFormat.render(input.report()));
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ExportFormat.fromCliName(format.name()).exporter().write(input, bytes, ExportProgress.NONE);
            out.print(bytes.toString(StandardCharsets.UTF_8));
        }
        out.flush();
        return failOnLeaks && input.report().totalLeaked() > 0 ? ExitCodes.LEAKS_FOUND : ExitCodes.OK;
    }
}
