package io.handlespy.analysis;

import io.handlespy.store.ProcessInfo;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What each process of a followed tree (record --follow-children) did: the handles
 * it created and how many of them were still open when the recording ended.
 */
public record ProcessActivity(ProcessInfo process, long creates, long openAtEnd) {

    /** One entry per process, by start time; empty when the recording followed no tree. */
    public static List<ProcessActivity> of(Recording recording) throws RecordingException {
        List<ProcessInfo> processes = recording.processes();
        if (processes.isEmpty()) return List.of();
        Map<Long, long[]> counts = new HashMap<>();
        recording.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, l -> {
            if (l.snapshot()) return;
            long[] c = counts.computeIfAbsent(l.thread() >>> 32, k -> new long[2]);
            c[0]++;
            if (l.closeNanos() < 0) c[1]++;
        });
        List<ProcessActivity> out = new ArrayList<>();
        for (ProcessInfo p : processes) {
            long[] c = counts.getOrDefault(p.pid(), new long[2]);
            out.add(new ProcessActivity(p, c[0], c[1]));
        }
        return out;
    }
}
