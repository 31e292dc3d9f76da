package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.store.RecordingInfo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;

/**
 * One self-contained page to attach to a bug report: the recording's summary, a
 * chart of the handle counts with the window shaded, the leak table and every
 * stack with its handles. Inline CSS and SVG only — no script and no reference to
 * anything outside the file. Everything from the recording is HTML-escaped. The
 * markup is also well-formed XML, so tools (and tests) can parse it strictly.
 */
final class HtmlExporter implements Exporter {
    /** A group lists at most this many handles; CSV and JSON carry them all. */
    static final int HANDLES_SHOWN = 1000;

    private static final String CSS = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#1d2127;padding:0 16px}
        h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d6dae0;padding-bottom:4px}
        h3{font-size:15px;margin:18px 0 6px}
        table{border-collapse:collapse}th,td{text-align:left;padding:3px 10px 3px 0;vertical-align:top}
        table.leaks th,table.handles th{border-bottom:1px solid #d6dae0}
        td.num{text-align:right;font-variant-numeric:tabular-nums}
        code,.frame{font-family:ui-monospace,"Cascadia Mono",Consolas,monospace;font-size:13px}
        ol.stack{margin:4px 0;padding-left:28px}ol.stack .addr{color:#6b7380;margin-left:8px}
        .chart .window{fill:#ffd56b;fill-opacity:.35}.chart .axis{stroke:#8a929d;stroke-width:1}
        .chart .band{fill:#2f6fde;fill-opacity:.18}.chart .tracked{fill:none;stroke:#2f6fde;stroke-width:1.5}
        .chart .os{fill:none;stroke:#d4442e;stroke-width:1.5;stroke-dasharray:4 3}
        .chart .label{font-size:11px;fill:#4a525d}.chart .legend{font-size:12px}
        .chart .tracked-label{fill:#2f6fde}.chart .os-label{fill:#d4442e}
        .muted{color:#6b7380}
        """;

    @Override
    public void write(ExportInput input, OutputStream out, ExportProgress progress) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        RecordingInfo info = input.info();
        LeakReport report = input.report();
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>HandleSpy: handle leaks in ");
        w.write(Html.escape(Render.fileName(info.image())));
        w.write("</title>\n<style>\n");
        w.write(CSS);
        w.write("</style>\n</head>\n<body>\n<h1>Handle leaks in ");
        w.write(Html.escape(Render.fileName(info.image())));
        w.write("</h1>\n");
        summary(w, info);
        w.write("<h2>Handle count</h2>\n");
        w.write(new CountChart(input.series(), report.window()).svg());
        w.write("<p class=\"muted\">The shaded band is the window of this report.</p>\n");
        leakTable(w, report);
        w.write("<h2>Stacks</h2>\n");
        Groups.forEach(report.groups(), progress, (n, g) -> group(w, n, g));
        w.write("</body>\n</html>\n");
        w.flush();
    }

    private static void summary(Writer w, RecordingInfo i) throws IOException {
        w.write("<table class=\"facts\">\n");
        fact(w, "Recording", i.file());
        fact(w, "Process", i.image() + " (pid " + i.pid() + ")");
        fact(w, "Platform", i.platform() + " " + i.arch());
        fact(w, "Started", Instant.ofEpochSecond(0, i.startedAtUnixNanos()).toString());
        fact(w, "Duration", seconds(i.durationNanos()) + " s");
        fact(w, "Status", i.endReason() == null || i.endReason().isEmpty() ? i.status() : i.status() + " (" + i.endReason() + ")");
        fact(w, "Events", Long.toString(i.events()));
        fact(w, "Creates / closes", i.creates() + " / " + i.closes());
        fact(w, "Dropped events", Long.toString(i.drops()));
        fact(w, "Open at end (tracked)", Long.toString(i.openAtEnd()));
        fact(w, "OS handle count at end", i.osCountAtEnd() < 0 ? "not available" : Long.toString(i.osCountAtEnd()));
        fact(w, "Open before recording", Long.toString(i.openBeforeRecording()));
        fact(w, "Unmatched / implicit closes", i.unmatchedCloses() + " / " + i.implicitCloses());
        for (String note : i.notes()) fact(w, "Note", note);
        w.write("</table>\n");
    }

    private static void fact(Writer w, String name, String value) throws IOException {
        w.write("<tr><th>");
        w.write(Html.escape(name));
        w.write("</th><td>");
        w.write(Html.escape(value));
        w.write("</td></tr>\n");
    }

    private static void leakTable(Writer w, LeakReport r) throws IOException {
        w.write("<h2>Leaks</h2>\n<p>");
        w.write(Html.escape(TableFormat.summary(r)) + ".");
        if (r.openBeforeRecording() > 0) w.write(" " + Html.escape(TableFormat.openBefore(r)) + ".");
        w.write("</p>\n");
        if (r.groups().isEmpty()) return;
        w.write("<table class=\"leaks\">\n<thead><tr><th>#</th><th>Count</th><th>Types</th><th>First (s)</th>"
            + "<th>Last (s)</th><th>Created at</th></tr></thead>\n<tbody>\n");
        int index = 0;
        for (LeakGroup g : r.groups()) {
            index++;
            w.write("<tr><td><a href=\"#g" + index + "\">" + index + "</a></td><td class=\"num\">" + g.count()
                + "</td><td>" + Html.escape(Render.typeSummary(g)) + "</td><td class=\"num\">"
                + seconds(g.firstCreatedNanos()) + "</td><td class=\"num\">" + seconds(g.lastCreatedNanos())
                + "</td><td class=\"frame\">" + Html.escape(Render.createdAt(g)) + "</td></tr>\n");
        }
        w.write("</tbody>\n</table>\n");
    }

    private static void group(Writer w, int index, LeakGroup g) throws IOException {
        w.write("<section class=\"group\" id=\"g" + index + "\">\n<h3>#" + index + ": " + g.count()
            + (g.count() == 1 ? " handle" : " handles") + " (" + Html.escape(Render.typeSummary(g)) + ")</h3>\n");
        if (g.stack().isEmpty()) {
            w.write("<p class=\"muted\">Created without a stack.</p>\n");
        } else {
            w.write("<ol class=\"stack\">\n");
            for (StackFrame f : g.stack()) {
                w.write("<li><span class=\"frame\">" + Html.escape(f.display()) + "</span><span class=\"addr\">"
                    + Render.hex(f.address()) + "</span></li>\n");
            }
            w.write("</ol>\n");
        }
        w.write("<details>\n<summary>Handles</summary>\n<table class=\"handles\">\n<thead><tr><th>Value</th><th>Type</th>"
            + "<th>Name</th><th>Created (s)</th><th>Thread</th></tr></thead>\n<tbody>\n");
        int shown = Math.min(HANDLES_SHOWN, g.handles().size());
        for (LeakedHandle h : g.handles().subList(0, shown)) {
            w.write("<tr><td><code>" + Render.hex(h.value()) + "</code></td><td>" + Html.escape(h.type()) + "</td><td>"
                + Html.escape(h.name()) + "</td><td class=\"num\">" + seconds(h.createdAtNanos()) + "</td><td class=\"num\">"
                + h.tid() + "</td></tr>\n");
        }
        w.write("</tbody>\n</table>\n");
        if (shown < g.handles().size()) {
            w.write("<p class=\"muted\">… and " + (g.handles().size() - shown) + " more (the CSV and JSON exports list them all).</p>\n");
        }
        w.write("</details>\n</section>\n");
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }
}
