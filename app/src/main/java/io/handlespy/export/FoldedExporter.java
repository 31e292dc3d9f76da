package io.handlespy.export;

import io.handlespy.analysis.LeakGroup;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Folded stacks, one line per group: frames outermost first joined by ';', a space
 * and the leaked count — the input of flamegraph.pl and speedscope. Frames are
 * {@code module!function}; ';' inside a frame would split it and a line break
 * would end the line, so both become '_'.
 */
final class FoldedExporter implements Exporter {
    static final String NO_STACK = "[no stack]";

    @Override
    public void write(ExportInput input, OutputStream out, ExportProgress progress) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        Groups.forEach(input.report().groups(), progress, (n, g) -> line(w, g));
        w.flush();
    }

    private static void line(Writer w, LeakGroup g) throws IOException {
        if (g.stack().isEmpty()) {
            w.write(NO_STACK);
        } else {
            for (int i = g.stack().size() - 1; i >= 0; i--) {
                w.write(clean(Render.shortFrame(g.stack().get(i))));
                if (i > 0) w.write(';');
            }
        }
        w.write(' ');
        w.write(Integer.toString(g.count()));
        w.write('\n');
    }

    static String clean(String frame) {
        return frame.replace(';', '_').replace('\n', '_').replace('\r', '_');
    }
}
