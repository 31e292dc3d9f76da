package io.handlespy.cli;

import io.handlespy.export.ExportInput;
import io.handlespy.export.PprofInput;
import io.handlespy.store.ProcessInfo;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/** {@code --pid}: the leaks of one process of a tree recorded with {@code record --follow-children}. */
final class ProcessFilter {
    @Option(names = "--pid", paramLabel = "PID",
        description = "Only the leaks of this process (a recording made with record --follow-children; info lists them).")
    Long pid;

    ExportInput apply(Path file, ExportInput input) throws RecordingException, FailureHandler.UsageException {
        if (pid == null) return input;
        List<ProcessInfo> processes;
        try (Recording recording = Recording.openReadOnly(file)) {
            processes = recording.processes();
        }
        if (processes.isEmpty()) {
            throw new FailureHandler.UsageException("--pid picks a process of a tree recorded with record "
                + "--follow-children; " + file + " holds one process only");
        }
        if (processes.stream().noneMatch(p -> p.pid() == pid)) {
            throw new FailureHandler.UsageException("process " + pid + " is not in " + file + "; its processes are "
                + processes.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ")));
        }
        return new ExportInput(input.info(), input.report().ofProcess(pid), input.series());
    }

    /** A pprof profile's creates of the chosen process only (each stack of a followed tree is one process's). */
    PprofInput apply(Path file, PprofInput input) throws RecordingException {
        if (pid == null) return input;
        Map<Integer, Long> owners;
        try (Recording recording = Recording.openReadOnly(file)) {
            owners = recording.stackProcesses();
        }
        return new PprofInput(input.info(), input.leaks(), input.creates().stream()
            .filter(c -> pid.equals(owners.get(c.stackId()))).toList());
    }
}
