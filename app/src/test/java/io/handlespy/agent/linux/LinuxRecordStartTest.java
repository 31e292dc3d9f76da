package io.handlespy.agent.linux;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code record} starts the target while its recording file is being made: when the
 * file then cannot be made, the launched target is not left running unrecorded.
 */
class LinuxRecordStartTest {
    /** An argument no other process on the machine has. */
    private static final String SLEEP = "293.75";

    @TempDir Path dir;

    @AfterEach
    void endLeftovers() {
        sleepers().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void aLaunchedTargetIsEndedWhenItsRecordingCannotBeMade() throws Exception {
        Path recording = dir.resolve("r.mv.db");
        // the marker inbox's folder is taken by a file: the recording fails after the target started
        Files.writeString(dir.resolve("r.mv.db.marks"), "in the way");

        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", "/bin/sleep", SLEEP);

        assertThat(record.code()).as(record.err()).isEqualTo(4);
        assertThat(record.err()).contains("Cannot create the marker folder " + dir.resolve("r.mv.db.marks"));
        assertThat(sleepers()).as("the launched target still runs").isEmpty();
        assertThat(recording).doesNotExist();
    }

    @Test
    void anExistingFileIsRefusedBeforeTheTargetStarts() throws Exception {
        Path recording = dir.resolve("r.mv.db");
        Files.writeString(recording, "an older recording");

        CliRun record = CliRun.of("record", "--out", recording.toString(), "--", "/bin/sleep", SLEEP);

        assertThat(record.code()).as(record.err()).isEqualTo(4);
        assertThat(record.err()).contains(recording + " already exists");
        assertThat(sleepers()).isEmpty();
        assertThat(Files.readString(recording)).isEqualTo("an older recording");
    }

    private static List<ProcessHandle> sleepers() {
        return ProcessHandle.allProcesses()
            .filter(p -> p.info().arguments().map(a -> List.of(a).equals(List.of(SLEEP))).orElse(false)).toList();
    }
}
