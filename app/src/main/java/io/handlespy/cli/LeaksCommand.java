package io.handlespy.cli;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.compare.LeakDiff;
import io.handlespy.analysis.suppress.SuppressionFile;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.protocol.HandleCategory;
import io.handlespy.export.ExportFormat;
import io.handlespy.export.ExportInput;
import io.handlespy.export.ExportProgress;
import io.handlespy.export.LogonSessionFormat;
import io.handlespy.export.TableFormat;
import io.handlespy.store.Retention;
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

    enum Category {
        kernel(HandleCategory.KERNEL), gdi(HandleCategory.GDI), user(HandleCategory.USER);

        final HandleCategory value;

        Category(HandleCategory value) { this.value = value; }
    }

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Recording file.")
    Path file;

    @Mixin WindowOptions window;

    @Option(names = "--format", defaultValue = "table", description = "table, json, csv or folded (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--category", paramLabel = "CATEGORY",
        description = "Only kernel handles, GDI objects or USER objects: kernel, gdi or user (default: all).")
    Category category;

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

    @Mixin SuppressionOptions suppressions;

    @Mixin ProcessFilter process;

    @Option(names = "--show-default-suppressions", description = "Print the built-in suppression rules and exit.")
    boolean showDefaults;

    @Option(names = "--baseline", paramLabel = "OLD", description = "An earlier recording: say which leak stacks are "
        + "new or grew since it (stacks match by module, function and line, not by address).")
    Path baseline;

    @Option(names = "--fail-on-new-leaks", description = "With --baseline: exit with code 1 when a leak stack is absent "
        + "from the baseline or leaks more than in it (for CI).")
    boolean failOnNewLeaks;

    @Option(names = "--per-iteration", description = "Leaks per iteration between markers (handlespy mark, record "
        + "--mark-every): the stacks leaking in at least --min-iterations iterations, most consistent first.")
    boolean perIteration;

    @Option(names = "--min-iterations", paramLabel = "K", description = "With --per-iteration: report stacks leaking "
        + "in at least K iterations (default: half of them, rounded up).")
    Integer minIterations;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (showDefaults) {
            out.print(SuppressionFile.defaultsText());
            out.flush();
            return ExitCodes.OK;
        }
        checkOptions();
        SuppressionSet rules = suppressions.load();
        if (perIteration) {
            return IterationQuery.print(file, window, rules, minIterations, format == Format.json, failOnLeaks, out,
                spec.commandLine().getErr());
        }
        LeakQuery.Answer answer = LeakQuery.run(file, window, rules);
        ExportInput all = process.apply(file, answer.input());
        ExportInput input = category == null ? all
            : new ExportInput(all.info(), all.report().only(category.value), all.series());
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
        SuppressionOptions.report(spec.commandLine().getErr(), answer.suppressed());
        if (all.info().retention() == Retention.OPEN && window.horizon() == Horizon.WINDOW) {
            spec.commandLine().getErr().println("handlespy: note: " + file + " was recorded with --retain open, so a "
                + "handle created in the window and closed after it is not listed: these leaks are a lower bound.");
        }
        if (baseline != null) {
            LeakDiff diff = LeakDiff.between(LeakQuery.atEnd(baseline, rules).report(), input.report());
            DiffOutput.printBaselineVerdict(spec.commandLine().getErr(), baseline, diff);
            if (failOnNewLeaks && !diff.newOrGrown().isEmpty()) return ExitCodes.LEAKS_FOUND;
        }
        return failOnLeaks && input.report().totalLeaked() > 0 ? ExitCodes.LEAKS_FOUND : ExitCodes.OK;
    }

    private void checkOptions() throws FailureHandler.UsageException {
        if (file == null) throw new FailureHandler.UsageException("give the recording FILE to list the leaks of");
        if (failOnLeaks && failOnNewLeaks) {
            throw new FailureHandler.UsageException("--fail-on-leaks and --fail-on-new-leaks exclude each other; "
                + "choose one");
        }
        if (failOnNewLeaks && baseline == null) {
            throw new FailureHandler.UsageException("--fail-on-new-leaks needs --baseline OLD.mv.db to compare with");
        }
        if (groupBy == GroupBy.logon_session && (format == Format.csv || format == Format.folded)) {
            throw new FailureHandler.UsageException("--group-by logon-session prints a table or json, not " + format);
        }
        if (groupBy == GroupBy.logon_session && perIteration) {
            throw new FailureHandler.UsageException("--group-by logon-session and --per-iteration cannot be combined");
        }
        if (perIteration && (format == Format.csv || format == Format.folded)) {
            throw new FailureHandler.UsageException("--per-iteration prints --format table or json");
        }
        if (perIteration && process.pid != null) {
            throw new FailureHandler.UsageException("--per-iteration and --pid cannot be combined");
        }
        if (perIteration && category != null) {
            throw new FailureHandler.UsageException("--per-iteration and --category cannot be combined");
        }
        if (perIteration && baseline != null) {
            throw new FailureHandler.UsageException("--per-iteration and --baseline cannot be combined");
        }
        if (minIterations != null && !perIteration) {
            throw new FailureHandler.UsageException("--min-iterations goes with --per-iteration");
        }
        if (minIterations != null && minIterations < 1) {
            throw new FailureHandler.UsageException("--min-iterations must be 1 or more, not " + minIterations);
        }
    }
}
