package io.handlespy.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.handlespy.analysis.LogonSessions;
import io.handlespy.analysis.StackFrame;
import io.handlespy.analysis.UserFrames;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code handlespy leaks --group-by logon-session}: leaked tokens by the logon session they keep alive. */
public final class LogonSessionFormat {
    private static final JsonFactory FACTORY = new JsonFactory();

    private LogonSessionFormat() {}

    /** One block per session: its accounts and count, then one line per create stack. */
    public static String table(ExportInput input) {
        var sessions = LogonSessions.of(input.report());
        StringBuilder s = new StringBuilder();
        int total = sessions.stream().mapToInt(LogonSessions.Session::count).sum();
        if (total == 0) return "No leaked tokens\n";
        s.append(total).append(total == 1 ? " leaked token keeps " : " leaked tokens keep ").append(sessions.size())
            .append(sessions.size() == 1 ? " logon session" : " logon sessions").append(" alive\n");
        for (LogonSessions.Session session : sessions) {
            s.append('\n').append("logon session ").append(session.logonSession()).append(" (")
                .append(String.join(", ", session.accounts())).append("): ").append(session.count())
                .append(session.count() == 1 ? " token\n" : " tokens\n");
            for (LogonSessions.SessionStack st : session.stacks()) {
                s.append("  ").append(st.count()).append("  ").append(kinds(st.kinds())).append("  ")
                    .append(st.stack().isEmpty() ? "(no stack)" : UserFrames.innermostUser(st.stack()).display()).append('\n');
            }
        }
        return s.toString();
    }

    public static void json(ExportInput input, OutputStream out) throws IOException {
        JsonGenerator j = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        j.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        j.writeStartObject();
        j.writeStringField("recording", input.info().file());
        j.writeStringField("groupBy", "logon-session");
        j.writeArrayFieldStart("sessions");
        for (LogonSessions.Session session : LogonSessions.of(input.report())) {
            j.writeStartObject();
            j.writeStringField("logonSession", session.logonSession());
            j.writeArrayFieldStart("accounts");
            for (String a : session.accounts()) j.writeString(a);
            j.writeEndArray();
            j.writeNumberField("count", session.count());
            j.writeArrayFieldStart("stacks");
            for (LogonSessions.SessionStack st : session.stacks()) {
                j.writeStartObject();
                j.writeNumberField("count", st.count());
                j.writeObjectFieldStart("kinds");
                for (Map.Entry<String, Integer> k : st.kinds().entrySet()) j.writeNumberField(k.getKey(), k.getValue());
                j.writeEndObject();
                j.writeArrayFieldStart("stack");
                for (StackFrame f : st.stack()) {
                    j.writeStartObject();
                    JsonExporter.frameSymbols(j, f);
                    j.writeEndObject();
                }
                j.writeEndArray();
                j.writeEndObject();
            }
            j.writeEndArray();
            j.writeEndObject();
        }
        j.writeEndArray();
        j.writeEndObject();
        j.writeRaw('\n');
        j.flush();
    }

    private static String kinds(Map<String, Integer> kinds) {
        return new java.util.TreeMap<>(kinds).entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
            .collect(Collectors.joining(", "));
    }
}
