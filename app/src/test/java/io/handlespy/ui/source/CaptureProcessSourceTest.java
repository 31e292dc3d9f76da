package io.handlespy.ui.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.capture.NativeLocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The picker's list of this machine's real processes: what cannot be recorded is not offered. */
class CaptureProcessSourceTest {
    @Test
    void kernelThreadsAndHandleSpysOwnProcessesAreNotListed() throws Exception {
        Process helper = new ProcessBuilder("sleep", "30").start();
        try {
            List<ProcessEntry> listed = new CaptureProcessSource(NativeLocator.fromEnvironment()).list(false);
            List<Long> pids = listed.stream().map(ProcessEntry::pid).toList();
            assertThat(pids).contains(1L).doesNotContain(2L, ProcessHandle.current().pid(), helper.pid());
            List<Long> kernelThreads = ProcessHandle.allProcesses()
                    .filter(h -> h.parent().map(p -> p.pid() == 2).orElse(false)).map(ProcessHandle::pid).toList();
            assertThat(pids).doesNotContainAnyElementsOf(kernelThreads);
            assertThat(listed).filteredOn(p -> p.pid() == 1).singleElement()
                    .satisfies(p -> assertThat(p.traceable()).isEqualTo("root".equals(System.getProperty("user.name"))));
        } finally {
            helper.destroy();
            helper.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
