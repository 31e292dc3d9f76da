package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.model.CannedQueries.LeakQuery;
import io.handlespy.ui.task.QueuedBackground;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordingViewModelTest {
    private final CannedQueries queries = new CannedQueries(TimeWindow.ofSeconds(0, 100));
    private final QueuedBackground background = new QueuedBackground();
    private final List<UserMessage> messages = new ArrayList<>();

    private RecordingViewModel open() throws Exception {
        RecordingViewModel vm = new RecordingViewModel(OpenedRecording.read(queries), background, messages::add);
        background.runAll();
        return vm;
    }

    @Test
    void withoutASelectionTheTableShowsTheWholeRecording() throws Exception {
        RecordingViewModel vm = open();

        assertThat(queries.leakQueries).containsExactly(new LeakQuery(TimeWindow.ofSeconds(0, 100), Horizon.END));
        assertThat(vm.leakTable().rows()).hasSize(2);
        assertThat(vm.fromTextProperty().get()).isEqualTo("0.000");
        assertThat(vm.toTextProperty().get()).isEqualTo("100.000");
        assertThat(vm.selectionTextProperty().get()).isEqualTo("Whole recording: 0.000 s – 100.000 s (100.000 s)");
        assertThat(vm.growth()).extracting(GrowthRow::where).containsExactly("leaky!load_config config.c:42");
        assertThat(queries.seriesQueries).containsExactly(TimeWindow.ofSeconds(0, 100));
    }

    @Test
    void aSelectionQueriesExactlyThatWindowAndTheHorizonToggleRequeries() throws Exception {
        RecordingViewModel vm = open();
        queries.leakQueries.clear();

        vm.select(TimeWindow.ofSeconds(12, 30));
        background.runAll();
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(12, 30));
        assertThat(queries.leakQueries).containsExactly(new LeakQuery(TimeWindow.ofSeconds(12, 30), Horizon.END));
        assertThat(vm.leakTable().reportProperty().get().window()).isEqualTo(TimeWindow.ofSeconds(12, 30));
        assertThat(vm.fromTextProperty().get()).isEqualTo("12.000");

        vm.toggleHorizon();
        background.runAll();
        assertThat(queries.leakQueries).last().isEqualTo(new LeakQuery(TimeWindow.ofSeconds(12, 30), Horizon.WINDOW));
        assertThat(vm.leakTable().rows()).hasSize(1);
    }

    @Test
    void changesWhileAQueryRunsCollapseIntoOneFollowUpForTheLatestWindow() throws Exception {
        RecordingViewModel vm = open();
        queries.leakQueries.clear();

        for (int s = 1; s <= 20; s++) vm.select(TimeWindow.ofSeconds(10, 10 + s));
        assertThat(background.pending()).isEqualTo(1);
        assertThat(vm.queryingProperty().get()).isTrue();
        background.runAll();

        assertThat(queries.leakQueries).containsExactly(new LeakQuery(TimeWindow.ofSeconds(10, 11), Horizon.END),
                new LeakQuery(TimeWindow.ofSeconds(10, 30), Horizon.END));
        assertThat(vm.leakTable().reportProperty().get().window()).isEqualTo(TimeWindow.ofSeconds(10, 30));
        assertThat(vm.queryingProperty().get()).isFalse();
    }

    @Test
    void typedFromAndToAreAppliedOrRefused() throws Exception {
        RecordingViewModel vm = open();

        vm.fromTextProperty().set("20.5");
        vm.toTextProperty().set("40 s");
        assertThat(vm.applyFromTo()).isTrue();
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(20.5, 40));

        vm.toTextProperty().set("oops");
        assertThat(vm.applyFromTo()).isFalse();
        vm.fromTextProperty().set("50");
        vm.toTextProperty().set("45");
        assertThat(vm.applyFromTo()).isFalse();
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(20.5, 40));

        vm.fromTextProperty().set("90");
        vm.toTextProperty().set("500");
        assertThat(vm.applyFromTo()).isTrue();
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(90, 100));
    }

    @Test
    void keyboardNudgingMovesOrResizesTheWindowInsideTheRecording() throws Exception {
        RecordingViewModel vm = open();
        vm.select(TimeWindow.ofSeconds(10, 20));

        vm.nudge(1, false, false);
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(11, 21));
        vm.nudge(-1, true, false);
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(1, 11));
        vm.nudge(-1, true, false);
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(0, 10));
        vm.nudge(1, true, true);
        assertThat(vm.selectionProperty().get()).isEqualTo(TimeWindow.ofSeconds(0, 20));
        vm.nudge(-1, true, true);
        vm.nudge(-1, true, true);
        assertThat(vm.selectionProperty().get().toNanos()).isEqualTo(1);
    }

    @Test
    void zoomingInFetchesOnePointPerPixelForTheVisibleWindow() throws Exception {
        RecordingViewModel vm = open();
        vm.chartWidthProperty().set(800);
        background.runAll();
        assertThat(vm.detailProperty().get()).isNull();

        vm.select(TimeWindow.ofSeconds(40, 60));
        vm.zoomToSelection();
        background.runAll();
        assertThat(vm.viewportProperty().get().window()).isEqualTo(TimeWindow.ofSeconds(39, 61));
        assertThat(vm.detailProperty().get().window()).isEqualTo(TimeWindow.ofSeconds(39, 61));
        assertThat(vm.detailProperty().get().tracked()).hasSize(800);

        vm.resetZoom();
        assertThat(vm.detailProperty().get()).isNull();
    }

    @Test
    void aZeroLengthSelectionMeansNoSelection() throws Exception {
        RecordingViewModel vm = open();
        vm.select(TimeWindow.ofSeconds(10, 20));
        vm.select(TimeWindow.ofSeconds(15, 15));
        assertThat(vm.selectionProperty().get()).isNull();
        assertThat(vm.effectiveWindow()).isEqualTo(TimeWindow.ofSeconds(0, 100));
    }

    @Test
    void growthIsRankedAgainAsALiveRecordingGrows() throws Exception {
        RecordingViewModel vm = open();
        assertThat(queries.growthQueries).isEqualTo(1);
        vm.liveProperty().set(true);
        vm.grew(OpenedRecording.read(queries));
        vm.grew(OpenedRecording.read(queries));
        background.runAll();
        assertThat(queries.growthQueries).as("one at a time").isEqualTo(2);
        vm.grew(OpenedRecording.read(queries));
        background.runAll();
        assertThat(queries.growthQueries).isEqualTo(3);
        vm.finished();
        background.runAll();
        vm.grew(OpenedRecording.read(queries));
        background.runAll();
        assertThat(queries.growthQueries).as("once more when finished, then no longer").isEqualTo(4);
        assertThat(vm.liveProperty().get()).isFalse();
    }

    @Test
    void whileTheUserDragsALiveRecordingsGrowthDoesNotRescaleTheChart() throws Exception {
        CannedQueries growing = new CannedQueries(TimeWindow.ofSeconds(0, 10));
        RecordingViewModel vm = new RecordingViewModel(OpenedRecording.read(growing), background, messages::add);
        background.runAll();
        vm.holdViewProperty().set(true);
        CannedQueries grown = new CannedQueries(TimeWindow.ofSeconds(0, 20));
        vm.grew(OpenedRecording.read(grown));
        assertThat(vm.viewportProperty().get().toNanos()).isEqualTo(10_000_000_000L);
        assertThat(vm.wholeProperty().get()).isEqualTo(TimeWindow.ofSeconds(0, 20));
        vm.holdViewProperty().set(false);
        assertThat(vm.viewportProperty().get().toNanos()).isEqualTo(20_000_000_000L);
    }

    @Test
    void theChartCanShowOnlyTheSelectedStacksLiveCount() throws Exception {
        RecordingViewModel vm = open();
        assertThat(vm.stackOnlySeries()).isEmpty();
        LeakRow file = vm.leakTable().rows().stream().filter(r -> r.group().stackId() == 3).findFirst().orElseThrow();
        vm.leakTable().selectedProperty().set(file);
        background.runAll();
        assertThat(queries.stackLiveQueries).containsExactly(3);
        assertThat(vm.stackOnlySeries()).as("off until asked for").isEmpty();
        vm.stackOnlyProperty().set(true);
        assertThat(vm.stackOnlySeries().orElseThrow().tracked()).containsExactly(new io.handlespy.analysis.SeriesPoint(0, 0, 0),
                new io.handlespy.analysis.SeriesPoint(1_000_000_000L, 1, 1),
                new io.handlespy.analysis.SeriesPoint(2_500_000_000L, 2, 2));
        vm.zoom(2_000_000_000L, 0.01);
        long from = vm.viewportProperty().get().fromNanos();
        assertThat(vm.stackOnlySeries().orElseThrow().tracked()).first()
                .isEqualTo(new io.handlespy.analysis.SeriesPoint(from, 1, 1));
        assertThat(vm.stackOnlySeries().orElseThrow().os()).isEmpty();
        vm.leakTable().selectedProperty().set(null);
        assertThat(vm.stackOnlySeries()).isEmpty();
    }

}
