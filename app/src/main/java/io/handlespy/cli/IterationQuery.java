package io.handlespy.cli;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.iterations.IterationLeak;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.iterations.Iterations;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.session.Symbolizers;
import io.handlespy.store.Marker;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code leaks --per-iteration}: leaks per iteration between the recording's markers, as a table or JSON. */
final class IterationQuery {
    private IterationQuery() {}

    static int print(Path file, WindowOptions window, SuppressionSet rules, Integer minIterations, boolean json,
                     boolean failOnLeaks, PrintWriter out, PrintWriter err)
            throws RecordingException, FailureHandler.UsageException, com.fasterxml.jackson.core.JsonProcessingException {
        if (window.from != null || window.to != null) {
            throw new FailureHandler.UsageException("--per-iteration takes its windows from the markers; "
                + "leave out --from and --to");
        }
        IterationReport report;
        try (Recording recording = Recording.open(file)) {
            List<Marker> markers = recording.markers();
            if (markers.isEmpty()) {
                throw new FailureHandler.UsageException(recording.file() + " has no iteration markers; mark iterations "
                    + "with: handlespy mark " + recording.file() + "  (while recording), or record --mark-every SECONDS");
            }
            Analysis analysis = new Analysis(recording, Symbolizers.forRecording(recording));
            int n = Iterations.windows(markers, analysis.whole().toNanos()).size();
            int k = minIterations != null ? minIterations : Iterations.defaultMinIterations(n);
            report = Iterations.analyze(analysis, markers, window.horizon(), rules, k);
        }
        if (json) JsonOutput.print(out, json(report));
        else out.print(table(report));
        out.flush();
        SuppressionOptions.report(err, "summed over the iterations", report.hidden());
        return failOnLeaks && !report.leaks().isEmpty() ? ExitCodes.LEAKS_FOUND : ExitCodes.OK;
    }

    static String table(IterationReport r) {
        int n = r.iterations().size();
        StringBuilder s = new StringBuilder();
        s.append(String.format("%d %s between %d %s; %d %s leaking in at least %d of %d, most consistent first%n",
            n, n == 1 ? "iteration" : "iterations", r.markers().size(), r.markers().size() == 1 ? "marker" : "markers",
            r.leaks().size(), r.leaks().size() == 1 ? "stack" : "stacks", r.minIterations(), n));
        if (r.leaks().isEmpty()) return s.toString();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ITERATIONS", "TOTAL", "PER ITERATION", "TYPES", "CREATED AT"});
        for (IterationLeak l : r.leaks()) {
            rows.add(new String[] {l.iterationsLeaking() + "/" + n, Integer.toString(l.total()),
                l.perIteration().stream().map(String::valueOf).collect(Collectors.joining(" ")), types(l),
                DiffOutput.createdAt(l.stack())});
        }
        int[] w = new int[5];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) w[i] = Math.max(w[i], row[i].length());
        s.append('\n');
        for (String[] row : rows) {
            s.append(String.format("%" + w[0] + "s  %" + w[1] + "s  %-" + w[2] + "s  %-" + w[3] + "s  %s%n", (Object[]) row));
        }
        return s.toString();
    }

    static Map<String, Object> json(IterationReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> iterations = new ArrayList<>();
        for (int i = 0; i < r.iterations().size(); i++) {
            TimeWindow w = r.iterations().get(i);
            Map<String, Object> it = new LinkedHashMap<>();
            it.put("from", Seconds.of(w.fromNanos()));
            it.put("to", Seconds.of(w.toNanos()));
            iterations.add(it);
        }
        List<Map<String, Object>> markers = new ArrayList<>();
        for (Marker mk : r.markers()) markers.add(Map.of("time", Seconds.of(mk.timeNanos()), "label", mk.label()));
        m.put("markers", markers);
        m.put("iterations", iterations);
        m.put("horizon", r.horizon().name().toLowerCase(Locale.ROOT));
        m.put("minIterations", r.minIterations());
        List<Map<String, Object>> leaks = new ArrayList<>();
        for (IterationLeak l : r.leaks()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("iterationsLeaking", l.iterationsLeaking());
            row.put("total", l.total());
            row.put("perIteration", l.perIteration());
            row.put("types", l.types());
            row.put("createdAt", DiffOutput.createdAt(l.stack()));
            row.put("stack", DiffOutput.frames(l.stack()));
            leaks.add(row);
        }
        m.put("leaks", leaks);
        return m;
    }

    private static String types(IterationLeak l) {
        return l.types().entrySet().stream().sorted(Map.Entry.comparingByKey()).map(Map.Entry::getKey)
            .collect(Collectors.joining(","));
    }
}
