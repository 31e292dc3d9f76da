package io.handlespy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.protocol.Frame;
import io.handlespy.store.TestRecordings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token facts from TOKEN frames through ingest, the recording and the CLI: the
 * leak JSON carries them per handle, a duplicate inherits its source's facts, and
 * {@code --group-by logon-session} counts the leaked tokens that keep each
 * session alive, by the stack that made them. Wine reports one logon session
 * (0) for every token, so distinct sessions are written here as frames.
 */
class LogonSessionLeaksTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SYSTEM = 0x3e7, ALICE = 0x45a21;
    private static final int TOKEN = 9, EVENT = 2;

    @Test
    void leakedTokensAreCountedByTheLogonSessionTheyKeepAlive(@TempDir Path dir) throws Exception {
        Path file = TestRecordings.record(dir.resolve("tokens"), frames());

        CliRun grouped = CliRun.of("leaks", file.toString(), "--group-by", "logon-session", "--format", "json");
        assertThat(grouped.exitCode()).as(grouped.err()).isZero();
        JsonNode sessions = JSON.readTree(grouped.out()).get("sessions");
        assertThat(sessions).hasSize(2);
        assertThat(session(sessions.get(0))).isEqualTo(
            "00000000:000003e7 [NT AUTHORITY\\SYSTEM] 3: 2 {Impersonation/Impersonation=1, Primary=1}, "
                + "1 {Impersonation/Delegation=1}");
        assertThat(session(sessions.get(1))).isEqualTo("00000000:00045a21 [CORP\\alice] 2: 2 {Primary=2}");
        assertThat(sessions.get(0).get("stacks").get(0).get("stack").get(0).get("function").isNull()).isTrue();

        CliRun table = CliRun.of("leaks", file.toString(), "--group-by", "logon-session");
        assertThat(table.out()).startsWith("5 leaked tokens keep 2 logon sessions alive\n")
            .contains("logon session 00000000:000003e7 (NT AUTHORITY\\SYSTEM): 3 tokens\n")
            .contains("logon session 00000000:00045a21 (CORP\\alice): 2 tokens\n");

        CliRun plain = CliRun.of("leaks", file.toString(), "--format", "json");
        Map<String, String> tokenByHandle = new TreeMap<>();
        for (JsonNode g : JSON.readTree(plain.out()).get("groups")) {
            for (JsonNode h : g.get("handles")) {
                JsonNode t = h.get("token");
                tokenByHandle.put(h.get("value").asText(), t == null ? "-" : t.get("logonSession").asText() + " "
                    + t.get("account").asText() + " " + t.get("tokenType").asText() + " " + t.get("impersonationLevel").asText());
            }
        }
        assertThat(tokenByHandle).containsExactlyInAnyOrderEntriesOf(Map.of(
            "0x10", "00000000:000003e7 NT AUTHORITY\\SYSTEM Primary null",
            "0x14", "00000000:000003e7 NT AUTHORITY\\SYSTEM Impersonation Impersonation",
            "0x18", "00000000:00045a21 CORP\\alice Primary null",
            "0x1c", "00000000:00045a21 CORP\\alice Primary null",
            "0x20", "00000000:000003e7 NT AUTHORITY\\SYSTEM Impersonation Delegation",
            "0x28", "-"));

        CliRun leakTable = CliRun.of("leaks", file.toString());
        assertThat(leakTable.out()).contains("tokens from 0x1000:\n"
                + "  1  logon session 00000000:000003e7 (NT AUTHORITY\\SYSTEM) Impersonation/Impersonation\n"
                + "  1  logon session 00000000:000003e7 (NT AUTHORITY\\SYSTEM) Primary\n")
            .contains("tokens from 0x2000:\n"
                + "  1  logon session 00000000:000003e7 (NT AUTHORITY\\SYSTEM) Impersonation/Delegation\n"
                + "  2  logon session 00000000:00045a21 (CORP\\alice) Primary\n");

        CliRun csv = CliRun.of("leaks", file.toString(), "--group-by", "logon-session", "--format", "csv");
        assertThat(csv.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    private static String session(JsonNode s) {
        List<String> stacks = new ArrayList<>();
        for (JsonNode st : s.get("stacks")) {
            Map<String, Integer> kinds = new TreeMap<>();
            st.get("kinds").fields().forEachRemaining(k -> kinds.put(k.getKey(), k.getValue().asInt()));
            stacks.add(st.get("count").asInt() + " " + kinds);
        }
        List<String> accounts = new ArrayList<>();
        s.get("accounts").forEach(a -> accounts.add(a.asText()));
        return s.get("logonSession").asText() + " " + accounts + " " + s.get("count").asInt() + ": " + String.join(", ", stacks);
    }

    private static List<Frame> frames() {
        List<Frame> f = new ArrayList<>();
        f.add(TestRecordings.hello());
        f.add(new Frame.Define(Frame.Define.TYPE, TOKEN, "Token"));
        f.add(new Frame.Define(Frame.Define.TYPE, EVENT, "Event"));
        f.add(new Frame.Stack(1, new long[] {0x1000}));
        f.add(new Frame.Stack(2, new long[] {0x2000}));
        f.add(new Frame.Snapshot(1001, 0x4, TOKEN, ""));
        f.add(token(1001, 0x4, SYSTEM, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "NT AUTHORITY\\SYSTEM"));
        f.add(create(1010, 0x10, 1, TOKEN));
        f.add(token(1010, 0x10, SYSTEM, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "NT AUTHORITY\\SYSTEM"));
        f.add(create(1020, 0x14, 1, TOKEN));
        f.add(token(1020, 0x14, SYSTEM, Frame.Token.IMPERSONATION, 2, "NT AUTHORITY\\SYSTEM"));
        f.add(create(1030, 0x18, 2, TOKEN));
        f.add(token(1030, 0x18, ALICE, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "CORP\\alice"));
        f.add(new Frame.Duplicate(1040, 0x18, 0x1c, 5, 2, 0, 1, Frame.Duplicate.NEW_IN_SELF));
        f.add(create(1050, 0x20, 2, TOKEN));
        f.add(token(1050, 0x20, SYSTEM, Frame.Token.IMPERSONATION, 3, "NT AUTHORITY\\SYSTEM"));
        f.add(create(1060, 0x24, 1, TOKEN));
        f.add(token(1060, 0x24, ALICE, Frame.Token.PRIMARY, Frame.Token.LEVEL_NONE, "CORP\\alice"));
        f.add(new Frame.Close(1070, 0x24, 5, 0, 2));
        f.add(create(1080, 0x28, 1, EVENT));
        f.add(new Frame.Goodbye(2000, Frame.Goodbye.TARGET_EXIT, ""));
        return f;
    }

    private static Frame.Create create(long t, long handle, int stack, int type) {
        return new Frame.Create(t, handle, 5, stack, type, 1, "");
    }

    private static Frame.Token token(long t, long handle, long session, int type, int level, String account) {
        return new Frame.Token(t, handle, session, type, level, account);
    }
}
