package io.handlespy.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import io.handlespy.store.TokenFacts;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Map;

/**
 * The document of {@code handlespy leaks --format json} (issue 2), streamed so a
 * large report never sits in memory twice. Times are seconds since the recording
 * started; stacks are innermost frame first; unknown symbol fields are null.
 */
final class JsonExporter implements Exporter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
        .build();

    @Override
    public void write(ExportInput input, OutputStream out, ExportProgress progress) throws IOException {
        LeakReport r = input.report();
        JsonGenerator j = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        j.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        j.writeStartObject();
        j.writeStringField("recording", input.info().file());
        j.writeObjectFieldStart("window");
        j.writeNumberField("from", Render.seconds(r.window().fromNanos()));
        j.writeNumberField("to", Render.seconds(r.window().toNanos()));
        j.writeStringField("horizon", r.horizon().name().toLowerCase(Locale.ROOT));
        j.writeEndObject();
        j.writeNumberField("openBeforeRecording", r.openBeforeRecording());
        j.writeArrayFieldStart("modulesWithoutSymbols");
        for (String m : r.modulesWithoutSymbols()) j.writeString(m);
        j.writeEndArray();
        j.writeArrayFieldStart("groups");
        Groups.forEach(r.groups(), progress, (n, g) -> group(j, g));
        j.writeEndArray();
        j.writeEndObject();
        j.writeRaw('\n');
        j.flush();
    }

    private static void token(JsonGenerator j, TokenFacts t) throws IOException {
        j.writeObjectFieldStart("token");
        j.writeStringField("logonSession", t.logonSessionText());
        j.writeStringField("account", t.account());
        j.writeStringField("tokenType", t.typeName());
        j.writeStringField("impersonationLevel", t.levelName());
        j.writeEndObject();
    }

    /** A frame's module, function, file and line (null where unknown), as every JSON document writes them. */
    static void frameSymbols(JsonGenerator j, StackFrame f) throws IOException {
        j.writeStringField("module", f.module());
        j.writeStringField("function", f.function());
        j.writeStringField("file", f.file());
        if (f.line() > 0) j.writeNumberField("line", f.line());
        else j.writeNullField("line");
    }

    private static void group(JsonGenerator j, LeakGroup g) throws IOException {
        j.writeStartObject();
        j.writeNumberField("count", g.count());
        if (g.pid() != 0) j.writeNumberField("pid", g.pid());
        j.writeStringField("category", g.category().cliName());
        j.writeObjectFieldStart("types");
        for (Map.Entry<String, Integer> t : Render.types(g)) j.writeNumberField(t.getKey(), t.getValue());
        j.writeEndObject();
        j.writeNumberField("firstCreated", Render.seconds(g.firstCreatedNanos()));
        j.writeNumberField("lastCreated", Render.seconds(g.lastCreatedNanos()));
        j.writeArrayFieldStart("stack");
        for (StackFrame f : g.stack()) {
            j.writeStartObject();
            j.writeStringField("address", Render.hex(f.address()));
            frameSymbols(j, f);
            j.writeEndObject();
        }
        j.writeEndArray();
        j.writeArrayFieldStart("handles");
        for (LeakedHandle h : g.handles()) {
            j.writeStartObject();
            j.writeStringField("value", Render.hex(h.value()));
            j.writeStringField("type", h.type());
            j.writeStringField("category", h.category().cliName());
            j.writeStringField("name", h.name());
            j.writeNumberField("createdAt", Render.seconds(h.createdAtNanos()));
            j.writeNumberField("thread", h.tid());
            if (h.pid() != 0) j.writeNumberField("pid", h.pid());
            if (h.token() != null) token(j, h.token());
            j.writeEndObject();
        }
        j.writeEndArray();
        j.writeEndObject();
    }
}
