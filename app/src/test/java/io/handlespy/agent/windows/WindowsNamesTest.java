package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.handlespy.cli.CliRun;
import io.handlespy.store.Lifetime;
import io.handlespy.store.Recording;
import io.handlespy.store.TokenFacts;

/**
 * win-names.exe under {@code record --wine}: every leaked handle carries the full
 * name a Windows developer reads (registry keys as HKLM\/HKCU\ paths, named
 * objects with their directory, files as DOS paths resolved against the
 * RootDirectory handle, duplicates with their source's name), every token its
 * logon session, account, type and level, and each leaking function's file:line
 * is the line of the call. Wine 8 gives every token logon session 0 and no
 * token at all from LogonUser (it returns the made-up value 0xdeadbeef).
 */
@ExtendWith(Wine.class)
class WindowsNamesTest {
    private static final String EXE = "win-names.exe";
    private static final String SESSION = "\\Sessions\\1\\BaseNamedObjects\\";

    @Test
    void fullNamesTokensAndCallLinesThroughTheCli(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("names.mv.db"), files = Files.createDirectory(dir.resolve("files"));
        CliRun record = CliRun.of("record", "--wine", "--out", recording.toString(), "--",
            Binaries.X64.testProgram("win-names").toString(), Wine.windowsPath(files));
        assertThat(record.exitCode()).as(record.err()).isZero();
        assertThat(record.err()).contains("exit code 5");
        JsonNode leaks = NamesProgram.leaks(recording);
        String filesDir = Wine.windowsPath(files);

        Map<String, List<String>> names = NamesProgram.namesByFunction(leaks, EXE);
        assertThat(names).containsEntry("leak_hklm_keys", Collections.nCopies(2, "Key HKLM\\Software\\Microsoft"))
            .containsEntry("leak_hkcu_keys", Collections.nCopies(3, "Key HKCU\\Software\\HandleSpy Names"))
            .containsEntry("leak_named_events", Collections.nCopies(2, "Event " + SESSION + "HandleSpyNames.Event"))
            .containsEntry("leak_global_mutex", List.of("Mutant \\BaseNamedObjects\\HandleSpyNames.Mutex"))
            .containsEntry("leak_files_under_root",
                List.of("File " + filesDir + "\\rooted-0.tmp", "File " + filesDir + "\\rooted-1.tmp"))
            .containsEntry("leak_named_duplicates", Collections.nCopies(2, "Event " + SESSION + "HandleSpyNames.Copied"))
            .doesNotContainKey("leak_logon_user");
        assertThat(names.get("wmain")).contains("Key HKLM\\Software", "Event " + SESSION + "HandleSpyNames.Before");

        String who = "00000000:00000000 " + NamesProgram.wineAccount() + " ";
        assertThat(NamesProgram.tokensByFunction(leaks, EXE)).isEqualTo(Map.of(
            "wmain", List.of(who + "Primary"),
            "leak_process_tokens", List.of(who + "Primary", who + "Primary"),
            "leak_unqueryable_token", List.of(who + "Primary"),
            "leak_token_duplicates", List.of(who + "Impersonation/Delegation", who + "Impersonation/Identification",
                who + "Impersonation/Impersonation", who + "Impersonation/Impersonation", who + "Primary"),
            "leak_token_handle_copies", List.of(who + "Impersonation/Delegation", who + "Impersonation/Delegation")));

        Map<String, Integer> lines = new TreeMap<>();
        for (JsonNode g : leaks.get("groups")) {
            NamesProgram.CallSite site = NamesProgram.callSite(g, EXE);
            if (site != null && NamesProgram.callLines().containsKey(site.function())) {
                assertThat(site.file()).endsWith("win_names.c");
                lines.put(site.function(), site.line());
            }
        }
        assertThat(lines).isEqualTo(NamesProgram.callLines());

        JsonNode sessions = NamesProgram.leaks(recording, "--group-by", "logon-session").get("sessions");
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("logonSession").asText()).isEqualTo("00000000:00000000");
        assertThat(sessions.get(0).get("accounts").get(0).asText()).isEqualTo(NamesProgram.wineAccount());
        assertThat(sessions.get(0).get("count").asInt()).isEqualTo(11);
    }

    @Test
    void handlesOpenAtAttachCarryTheirNamesAndTokens(Wine.Prefix wine, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("attached.mv.db"), files = Files.createDirectory(dir.resolve("files"));
        try (Target target = Target.start(wine, Binaries.X64.testProgram("win-names"),
                List.of(Wine.windowsPath(files), "--wait-hooked", "--hold"))) {
            long pid = target.windowsPid();
            CompletableFuture<CliRun> record = CompletableFuture.supplyAsync(() -> CliRun.of("record", "--wine",
                "--pid", Long.toString(pid), "--duration", "12", "--out", recording.toString()));
            target.awaitLine("leaked", 120);
            CliRun done = record.get(180, TimeUnit.SECONDS);
            assertThat(done.exitCode()).as(done.err()).isZero();
            Target.touch(files.resolve("release"));
            assertThat(target.awaitExit(60)).isEqualTo(5);
        }
        List<String> snapshot = new ArrayList<>();
        List<String> snapshotTokens = new ArrayList<>();
        try (Recording r = Recording.open(recording)) {
            Map<TokenFacts.Key, TokenFacts> tokens = r.tokens(Long.MIN_VALUE, Long.MAX_VALUE);
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, (Lifetime l) -> {
                if (!l.snapshot()) return;
                snapshot.add(l.name());
                TokenFacts t = tokens.get(new TokenFacts.Key(l.handle(), l.createNanos()));
                if (t != null) snapshotTokens.add(t.logonSessionText() + " " + t.account() + " " + t.typeName());
            });
        }
        // the target's current directory, a File handle, named through the helper's bounded name query
        assertThat(snapshot).contains("HKLM\\Software", SESSION + "HandleSpyNames.Before",
            Wine.windowsPath(Path.of("").toAbsolutePath()));
        assertThat(snapshotTokens).containsExactly("00000000:00000000 " + NamesProgram.wineAccount() + " Primary");
        JsonNode leaks = NamesProgram.leaks(recording);
        assertThat(NamesProgram.namesByFunction(leaks, EXE))
            .containsEntry("leak_hkcu_keys", Collections.nCopies(3, "Key HKCU\\Software\\HandleSpy Names"))
            .containsEntry("leak_named_duplicates", Collections.nCopies(2, "Event " + SESSION + "HandleSpyNames.Copied"));
    }
}
