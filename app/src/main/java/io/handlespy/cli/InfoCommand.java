package io.handlespy.cli;

import io.handlespy.analysis.ProcessActivity;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "Show what a recording holds: target, platform, duration and totals.")
final class InfoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "Recording file.")
    Path file;

    @Mixin TextOrJson output;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> fields;
        List<ProcessActivity> processes;
        try (Recording recording = Recording.openReadOnly(file)) {
            fields = fields(recording.info());
            // only recordings of a Windows program in a chosen Wine prefix carry one
            recording.winePrefix().ifPresent(p -> fields.put("winePrefix", p.toString()));
            processes = ProcessActivity.of(recording);
        }
        // only a recording made with record --follow-children has processes
        if (!processes.isEmpty()) fields.put("processes", processes.stream().map(InfoCommand::process).toList());
        PrintWriter out = spec.commandLine().getOut();
        if (output.json()) {
            JsonOutput.print(out, fields);
        } else {
            fields.forEach((k, v) -> {
                if (!k.equals("processes")) out.printf("%-20s %s%n", k + ":", v);
            });
            if (!processes.isEmpty()) out.printf("processes:%n");
            for (ProcessActivity a : processes) {
                out.printf("  %8d  parent %-8d exit %-4s %,6d creates %,6d open at end  %s%n", a.process().pid(),
                    a.process().parentPid(), a.process().exitCode() < 0 ? "?" : Integer.toString(a.process().exitCode()),
                    a.creates(), a.openAtEnd(), String.join(" ", a.process().arguments()));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The documented keys of {@code info --format json}, in a stable order. */
    static Map<String, Object> fields(RecordingInfo i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", i.file());
        m.put("pid", i.pid());
        m.put("image", i.image());
        m.put("platform", i.platform());
        m.put("arch", i.arch());
        m.put("started", Instant.ofEpochSecond(0, i.startedAtUnixNanos()).toString());
        m.put("duration", Seconds.of(i.durationNanos()));
        m.put("status", i.status());
        m.put("endReason", i.endReason());
        m.put("events", i.events());
        m.put("creates", i.creates());
        m.put("closes", i.closes());
        m.put("drops", i.drops());
        m.put("openAtEnd", i.openAtEnd());
        m.put("osCountAtEnd", i.osCountAtEnd() < 0 ? null : i.osCountAtEnd());
        m.put("openBeforeRecording", i.openBeforeRecording());
        m.put("unmatchedCloses", i.unmatchedCloses());
        m.put("implicitCloses", i.implicitCloses());
        // the agent's one note per function it could not hook is listed once, as notHooked
        m.put("notes", i.notes().stream().filter(n -> !n.startsWith(NOT_HOOKED)).toList());
        m.put("notHooked", notHooked(i.notes()));
        m.put("retention", i.retention().cliName());
        m.put("approximate", i.retention().approximations());
        m.put("schemaVersion", i.schemaVersion());
        m.put("h2Version", i.h2Version());
        return m;
    }

    private static Map<String, Object> process(ProcessActivity a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", a.process().pid());
        m.put("parentPid", a.process().parentPid());
        m.put("path", a.process().path());
        m.put("arguments", a.process().arguments());
        m.put("started", Seconds.of(a.process().startNanos()));
        m.put("ended", a.process().endNanos() < 0 ? null : Seconds.of(a.process().endNanos()));
        m.put("exitCode", a.process().exitCode() < 0 ? null : a.process().exitCode());
        m.put("creates", a.creates());
        m.put("openAtEnd", a.openAtEnd());
        return m;
    }

    private static final String NOT_HOOKED = "not hooked: ";

    /**
     * The functions the Windows agent could not hook, each with its reason
     * ("NtCreateCpuPartition (not exported by ntdll)"), from its NOTE frames:
     * what the recording cannot have seen.
     */
    static List<String> notHooked(List<String> notes) {
        return notes.stream().filter(n -> n.startsWith(NOT_HOOKED)).map(n -> n.substring(NOT_HOOKED.length())).toList();
    }
}
