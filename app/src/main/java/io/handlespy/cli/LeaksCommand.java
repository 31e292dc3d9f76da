package io.handlespy.cli;

import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import io.handlespy.export.LogonSessionFormat;
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

    /** What the leaked handles are grouped by. */
    enum GroupBy {
        stack, logon_session;

        /** picocli spells the value "logon-session". */
        static GroupBy parse(String s) {
            return valueOf(s.replace('-', '_'));
        }
    }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Recording file.")
    Path file;

    @Mixin WindowOptions window;

    @Option(names = "--format", defaultValue = "table", description = "table, json, csv or folded (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--fail-on-leaks", description = "Exit with code 1 when any leak is found (for CI).")
    boolean failOnLeaks;

    @Option(names = "--group-by", defaultValue = "stack", converter = GroupByConverter.class,
        description = "stack (default), or logon-session: leaked Token handles by the logon session they keep alive "
            + "(table or json).")
    GroupBy groupBy;

    static final class GroupByConverter implements picocli.CommandLine.ITypeConverter<GroupBy> {
        @Override
        public GroupBy convert(String value) {
            try {
                return GroupBy.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("expected stack or logon-session, got '" + value + "'");
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        if (groupBy == GroupBy.logon_session && (format == Format.csv || format == Format.folded)) {
            throw new FailureHandler.UsageException("--group-by logon-session prints a table or json, not " + format);
        }
        ExportInput input = LeakQuery.run(file, window);
        PrintWriter out = spec.commandLine().getOut();
        if (groupBy == GroupBy.logon_session) {
            if (format == Format.table) {
                out.print(LogonSessionFormat.table(input));
            } else {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                LogonSessionFormat.json(input, bytes);
                out.print(bytes.toString(StandardCharsets.UTF_8));
            }
        } else if (format == Format.table) {
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
