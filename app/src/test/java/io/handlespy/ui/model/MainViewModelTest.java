package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.TimeWindow;
import io.handlespy.store.RecordingException;
import io.handlespy.ui.task.QueuedBackground;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MainViewModelTest {
    private final Preferences prefs = Preferences.userRoot().node("io/handlespy/test/" + System.nanoTime());
    private final QueuedBackground background = new QueuedBackground();

    @AfterEach
    void removePrefs() throws Exception {
        prefs.removeNode();
    }

    @Test
    void openingShowsTheRecordingTheStatusAndRemembersTheFile() {
        CannedQueries q = new CannedQueries(TimeWindow.ofSeconds(0, 65));
        MainViewModel vm = new MainViewModel(background, f -> q, Optional.empty(), new RecentFiles(prefs));
        vm.open(Path.of("/tmp/leaky.mv.db"));
        assertThat(vm.busyProperty().get()).isTrue();
        background.runAll();

        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.recordingProperty().get().wholeProperty().get()).isEqualTo(TimeWindow.ofSeconds(0, 65));
        assertThat(vm.status().stateProperty().get()).isEqualTo("Stopped (target exited)");
        assertThat(vm.status().elapsedProperty().get()).isEqualTo("1:05");
        assertThat(vm.status().liveProperty().get()).isEqualTo("200 live");
        assertThat(vm.status().dropsProperty().get()).isEqualTo("0 dropped");
        assertThat(vm.recent().files()).containsExactly(Path.of("/tmp/leaky.mv.db"));
        assertThat(new RecentFiles(prefs).files()).containsExactly(Path.of("/tmp/leaky.mv.db"));
        assertThat(vm.openNanosProperty().get()).isPositive();
    }

    @Test
    void aFailedOpenSaysWhyAndKeepsTheCurrentRecording() {
        CannedQueries q = new CannedQueries(TimeWindow.ofSeconds(0, 10));
        MainViewModel vm = new MainViewModel(background, f -> {
            if (f.toString().endsWith("bad.mv.db")) throw new RecordingException("bad.mv.db is not a HandleSpy recording");
            return q;
        }, Optional.empty(), new RecentFiles(prefs));
        vm.open(Path.of("/tmp/good.mv.db"));
        background.runAll();
        RecordingViewModel shown = vm.recordingProperty().get();

        vm.open(Path.of("/tmp/bad.mv.db"));
        background.runAll();
        assertThat(vm.messageProperty().get())
                .isEqualTo(new UserMessage("Cannot open bad.mv.db", "bad.mv.db is not a HandleSpy recording"));
        assertThat(vm.recordingProperty().get()).isSameAs(shown);
        assertThat(vm.recent().files()).containsExactly(Path.of("/tmp/good.mv.db"));
        assertThat(q.closed).isFalse();
    }

    @Test
    void openingAnotherRecordingClosesThePreviousOne() {
        CannedQueries first = new CannedQueries(TimeWindow.ofSeconds(0, 10));
        CannedQueries second = new CannedQueries(TimeWindow.ofSeconds(0, 20));
        MainViewModel vm = new MainViewModel(background, f -> f.toString().contains("1") ? first : second,
                Optional.empty(), new RecentFiles(prefs));
        vm.open(Path.of("/tmp/r1.mv.db"));
        background.runAll();
        vm.open(Path.of("/tmp/r2.mv.db"));
        background.runAll();

        assertThat(first.closed).isTrue();
        assertThat(second.closed).isFalse();
        assertThat(vm.recent().files()).containsExactly(Path.of("/tmp/r2.mv.db"), Path.of("/tmp/r1.mv.db"));
        vm.shutdown();
        assertThat(second.closed).isTrue();
    }

    @Test
    void recentFilesAreCappedAndMovedToTheFront() {
        RecentFiles recent = new RecentFiles(prefs);
        for (int i = 0; i < 12; i++) recent.add(Path.of("/tmp/r" + i + ".mv.db"));
        recent.add(Path.of("/tmp/r5.mv.db"));

        assertThat(recent.files()).hasSize(RecentFiles.LIMIT);
        assertThat(recent.files().get(0)).isEqualTo(Path.of("/tmp/r5.mv.db"));
        assertThat(recent.files().get(1)).isEqualTo(Path.of("/tmp/r11.mv.db"));
        assertThat(recent.files()).doesNotContain(Path.of("/tmp/r0.mv.db"), Path.of("/tmp/r1.mv.db"));
        assertThat(new RecentFiles(prefs).files()).containsExactlyElementsOf(recent.files());
    }

    @Test
    void withoutACaptureAgentRecordingExplainsItself() {
        MainViewModel vm = new MainViewModel(background, f -> null, Optional.empty(), new RecentFiles(prefs));
        vm.attach(new io.handlespy.ui.source.ProcessEntry(1, "init", "x64", "root", 10, "/sbin/init", false),
                Path.of("/tmp/x.mv.db"));
        assertThat(vm.messageProperty().get().title()).isEqualTo("Capture unavailable");
        assertThat(background.submitted()).isZero();
    }
}
