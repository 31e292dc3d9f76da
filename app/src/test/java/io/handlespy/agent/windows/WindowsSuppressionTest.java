package io.handlespy.agent.windows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.handlespy.cli.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in suppression for kernelbase's \BaseNamedObjects directory, on the real
 * thing: win-named.exe under Wine creates named objects (so kernelbase opens and keeps
 * the directory) and leaks one event of its own.
 */
@ExtendWith(Wine.class)
class WindowsSuppressionTest {
    @Test
    void theNamedObjectDirectoryIsHiddenByDefaultSaidSoAndShownOnRequest(Wine.Prefix wine, @TempDir Path dir)
            throws Exception {
        Path recording = dir.resolve("named.mv.db");
        CliRun record = CliRun.of("record", "--wine", "--out", recording.toString(), "--",
            Binaries.X64.testProgram("win-named").toString());
        assertThat(record.exitCode()).as(record.err()).isZero();

        CliRun byDefault = CliRun.of("leaks", recording.toString(), "--format", "json");
        CliRun all = CliRun.of("leaks", recording.toString(), "--format", "json", "--no-default-suppressions");

        assertThat(byDefault.exitCode()).as(byDefault.err()).isZero();
        JsonNode shown = new ObjectMapper().readTree(byDefault.out()).get("groups");
        assertThat(shown).hasSize(1);
        assertThat(shown.get(0).get("types").toString()).isEqualTo("{\"Event\":1}");
        assertThat(byDefault.err())
            .contains("suppressions: 2 rules applied (2 built-in, off with --no-default-suppressions), 1 handle hidden")
            .contains("1 handle from 1 stack hidden by 'windows-named-object-directory' (default)");

        JsonNode every = new ObjectMapper().readTree(all.out()).get("groups");
        assertThat(every).hasSize(2);
        JsonNode directory = every.get(0).get("types").has("Directory") ? every.get(0) : every.get(1);
        assertThat(directory.get("count").asInt()).isEqualTo(1);
        assertThat(directory.get("handles").get(0).get("name").asText()).endsWith("\\BaseNamedObjects");
        assertThat(directory.get("stack").get(0).get("function").asText()).isEqualTo("BaseGetNamedObjectDirectory");
        assertThat(all.err()).doesNotContain("suppressions");
    }
}
