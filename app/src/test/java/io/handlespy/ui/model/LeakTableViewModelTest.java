package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import org.junit.jupiter.api.Test;

class LeakTableViewModelTest {
    private final LeakTableViewModel vm = new LeakTableViewModel();
    private final TimeWindow w = TimeWindow.ofSeconds(0, 5);

    @Test
    void oneRowPerStackWithItsUserFrameAndTypes() {
        vm.show(Samples.report(w, Horizon.END, Samples.eventGroup(), Samples.fileGroup()));

        assertThat(vm.rows()).extracting(LeakRow::count).containsExactly(3, 2);
        assertThat(vm.rows().get(0).types()).isEqualTo("Event ×2, Mutant ×1");
        assertThat(vm.rows().get(0).where()).isEqualTo("service.exe!Worker::poll worker.cpp:118");
        assertThat(vm.rows().get(0).module()).isEqualTo("service.exe");
        assertThat(vm.rows().get(1).where()).isEqualTo("leaky!load_config config.c:42");
        assertThat(vm.summaryProperty().get()).isEqualTo("5 leaked in 2 stacks · 4 open before recording");
    }

    @Test
    void filterMatchesTypeModuleFunctionAndHandleName() {
        vm.show(Samples.report(w, Horizon.END, Samples.eventGroup(), Samples.fileGroup()));

        vm.filterProperty().set("mutant");
        assertThat(vm.rows()).extracting(r -> r.group().stackId()).containsExactly(9);
        vm.filterProperty().set("LEAKY");
        assertThat(vm.rows()).extracting(r -> r.group().stackId()).containsExactly(3);
        vm.filterProperty().set("worker::");
        assertThat(vm.rows()).extracting(r -> r.group().stackId()).containsExactly(9);
        vm.filterProperty().set("leaky.conf");
        assertThat(vm.rows()).extracting(r -> r.group().stackId()).containsExactly(3);
        vm.filterProperty().set("basenamedobjects event");
        assertThat(vm.rows()).extracting(r -> r.group().stackId()).containsExactly(9);
        assertThat(vm.summaryProperty().get()).contains("1 shown");
        vm.filterProperty().set("socket");
        assertThat(vm.rows()).isEmpty();
        vm.filterProperty().set("");
        assertThat(vm.rows()).hasSize(2);
    }

    @Test
    void selectingARowShowsItsStackAndHandlesAndSurvivesARefresh() {
        vm.show(Samples.report(w, Horizon.END, Samples.eventGroup(), Samples.fileGroup()));
        vm.selectedProperty().set(vm.rows().get(1));

        assertThat(vm.selectedStack()).containsExactlyElementsOf(Samples.fileGroup().stack());
        assertThat(vm.selectedHandles()).extracting(h -> h.value()).containsExactly(5L, 6L);

        vm.show(Samples.report(TimeWindow.ofSeconds(0, 4), Horizon.WINDOW, Samples.fileGroup()));
        assertThat(vm.selectedProperty().get().group().stackId()).isEqualTo(3);

        vm.show(Samples.report(w, Horizon.END, Samples.eventGroup()));
        assertThat(vm.selectedProperty().get()).isNull();
        assertThat(vm.selectedStack()).isEmpty();
    }

    @Test
    void copiesTheStackAndHandlesAsText() {
        vm.show(Samples.report(w, Horizon.END, Samples.fileGroup()));
        assertThat(vm.copyText()).isEmpty();
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.copyText()).isEqualTo("""
                2 leaked (file), created 1.000 s – 2.500 s
                    at libhandlespy-hook.so!handlespy_open
                    at libc.so.6!open64
                    at leaky!load_config config.c:42
                    at leaky!main main.c:7
                handles:
                    5 file /etc/leaky.conf at 1.000 s thread 101
                    6 file /etc/leaky.conf at 2.500 s thread 101
                """);
    }

    @Test
    void anEmptyTableSaysWhetherTheFilterHidesEveryRow() {
        assertThat(vm.placeholderProperty().get()).isEqualTo("Finding leaks…");
        vm.show(Samples.report(w, Horizon.END));
        assertThat(vm.placeholderProperty().get()).isEqualTo("No leaks in this window");
        vm.show(Samples.report(w, Horizon.END, Samples.eventGroup(), Samples.fileGroup()));
        vm.filterProperty().set("nothing-like-this ");
        assertThat(vm.rows()).isEmpty();
        assertThat(vm.placeholderProperty().get()).isEqualTo("All 2 rows are hidden by the filter \u201cnothing-like-this\u201d");
    }

    @Test
    void linuxDescriptorsReadInDecimalAndWindowsHandlesInHex() {
        vm.show(Samples.report(w, Horizon.END, Samples.fileGroup()));
        vm.selectedProperty().set(vm.rows().get(0));
        assertThat(vm.handleValuesText()).isEqualTo("5\n6\n");
        assertThat(vm.copyText()).contains("    5 file /etc/leaky.conf").doesNotContain("0x");

        LeakTableViewModel windows = new LeakTableViewModel(true);
        windows.show(Samples.report(w, Horizon.END, Samples.fileGroup()));
        windows.selectedProperty().set(windows.rows().get(0));
        assertThat(windows.handleValuesText()).isEqualTo("0x5\n0x6\n");
        assertThat(windows.handle(0x14a)).isEqualTo("0x14a");
        assertThat(vm.handle(0x14a)).isEqualTo("330");
    }
}
