package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --suppressions} on a real recording of baseline-a (leaks: leak_config 2,
 * leak_cache 4, leak_same 1, leak_gone 1): {@code leaks} and exports leave out what
 * the rules match and say how many handles each rule hid.
 */
class LinuxSuppressionCliTest {
    private static final String RULES = """
        [[suppress]]
        name = "startup-files"
        reason = "config and cache stay open for the life of the server"
        function = "leak_c*"
        type = "fil?"

        [[suppress]]
        reason = "kept on purpose"
        stack = ["server!leak_same", "main"]

        [[suppress]]
        name = "never-matches"
        reason = "no socket here"
        type = "socket"
        """;

    @TempDir Path dir;

    private Path recordBaselineA() throws Exception {
        Path program = Files.copy(Path.of(LinuxAgent.program("baseline-a")), dir.resolve("server"));
        Path recording = dir.resolve("server.mv.db");
        CliRun r = CliRun.of("record", "--out", recording.toString(), "--", program.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        return recording;
    }

    @Test
    void leaksAndExportsHideWhatTheRulesMatchAndCountItPerRule() throws Exception {
        Path recording = recordBaselineA();
        Path rules = Files.writeString(dir.resolve("rules.toml"), RULES);
        Path json = dir.resolve("out.json");

        CliRun table = CliRun.of("leaks", recording.toString(), "--suppressions", rules.toString());
        CliRun failing = CliRun.of("leaks", recording.toString(), "--suppressions", rules.toString(), "--fail-on-leaks");
        CliRun export = CliRun.of("export", recording.toString(), "--format", "json", "--output", json.toString(),
            "--suppressions", rules.toString(), "--no-default-suppressions");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("1 handle leaked from 1 stack").contains("server!leak_gone");
        assertThat(table.err())
            .contains("suppressions: 5 rules applied (2 built-in, off with --no-default-suppressions), 7 handles hidden")
            .contains("handlespy:   6 handles from 2 stacks hidden by 'startup-files' (" + rules
                + "): config and cache stay open for the life of the server")
            .contains("handlespy:   1 handle from 1 stack hidden by 'rule 2' (" + rules + "): kept on purpose")
            .doesNotContain("never-matches");
        assertThat(failing.exitCode()).isEqualTo(1);

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).contains("wrote 1 leak groups (1 handles)")
            .contains("suppressions: 3 rules applied (0 built-in), 7 handles hidden");
        assertThat(new ObjectMapper().readTree(Files.readString(json)).get("groups")).hasSize(1);
    }

    @Test
    void rulesThatHideEveryLeakLetFailOnLeaksPass() throws Exception {
        Path recording = recordBaselineA();
        Path rules = Files.writeString(dir.resolve("all.toml"), """
            [[suppress]]
            reason = "everything this test program leaks is deliberate"
            module = "server"
            function = "leak_*"
            """);

        CliRun r = CliRun.of("leaks", recording.toString(), "--suppressions", rules.toString(), "--fail-on-leaks");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("No leaks");
        assertThat(r.err()).contains("8 handles from 4 stacks hidden by 'rule 1'");
    }

    @Test
    void aBrokenRuleFileIsAUsageErrorNamingTheProblem() throws Exception {
        Path recording = recordBaselineA();
        Path rules = Files.writeString(dir.resolve("bad.toml"), "[[suppress]]\nfunction = \"leak_*\"\n");

        CliRun r = CliRun.of("leaks", recording.toString(), "--suppressions", rules.toString());
        CliRun missing = CliRun.of("leaks", recording.toString(), "--suppressions", dir.resolve("none.toml").toString());

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(rules + ", rule 1").contains("no reason");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot read the suppression file");
    }

    @Test
    void theBuiltInListIsShownAndCanBeSwitchedOff() throws Exception {
        Path recording = recordBaselineA();

        CliRun show = CliRun.of("leaks", "--show-default-suppressions");
        CliRun on = CliRun.of("leaks", recording.toString());
        CliRun off = CliRun.of("leaks", recording.toString(), "--no-default-suppressions");

        assertThat(show.exitCode()).isZero();
        assertThat(show.out()).contains("[[suppress]]").contains("name = \"windows-named-object-directory\"");
        assertThat(on.err()).contains("suppressions: 2 rules applied (2 built-in, off with --no-default-suppressions), "
            + "0 handles hidden");
        assertThat(off.err()).doesNotContain("suppressions");
        assertThat(off.out()).isEqualTo(on.out());
    }
}
