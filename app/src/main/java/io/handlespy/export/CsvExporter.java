package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * One row per leaked handle (RFC 4180: CRLF line ends, fields quoted when they
 * hold a comma, quote or line break). Each row repeats its group's columns so the
 * file sorts and filters on its own in a spreadsheet; {@code stack} lists the
 * frames innermost first, separated by " <- " (called from).
 */
final class CsvExporter implements Exporter {
    static final String HEADER = "group,stack_id,group_count,handle,type,name,created_at,thread,innermost_frame,stack,category";

    @Override
    public void write(ExportInput input, OutputStream out, ExportProgress progress) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        w.write(HEADER);
        w.write("\r\n");
        Groups.forEach(input.report().groups(), progress, (n, g) -> writeGroup(w, n, g));
        w.flush();
    }

    private static void writeGroup(Writer w, int index, LeakGroup g) throws IOException {
        String groupColumns = index + "," + Integer.toUnsignedString(g.stackId()) + "," + g.count();
        String innermost = field(Render.innermost(g));
        String stack = field(g.stack().stream().map(StackFrame::display).collect(Collectors.joining(" <- ")));
        for (LeakedHandle h : g.handles()) {
            w.write(groupColumns);
            w.write(',');
            w.write(Render.hex(h.value()));
            w.write(',');
            w.write(field(h.type()));
            w.write(',');
            w.write(field(h.name()));
            w.write(',');
            w.write(Render.seconds(h.createdAtNanos()).toPlainString());
            w.write(',');
            w.write(Long.toString(h.tid()));
            w.write(',');
            w.write(innermost);
            w.write(',');
            w.write(stack);
            w.write(',');
            w.write(h.category().cliName());
            w.write("\r\n");
        }
    }

    /** RFC 4180 quoting; a missing value is an empty field. */
    static String field(String s) {
        if (s == null) return "";
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
