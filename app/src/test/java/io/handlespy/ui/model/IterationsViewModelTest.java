package io.handlespy.ui.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.ui.task.QueuedBackground;
import org.junit.jupiter.api.Test;

/**
 * The per-iteration analysis costs one leak query per iteration, and a live recording
 * changes twice a second: it runs only while its view is shown, and once when the
 * view is shown again after a change, never for changes made while hidden one by one.
 */
class IterationsViewModelTest {
    private final CannedQueries queries = new CannedQueries(TimeWindow.ofSeconds(0, 100));
    private final QueuedBackground background = new QueuedBackground();

    @Test
    void theAnalysisRunsOnlyWhileShownAndOnceOnShowingAfterChanges() throws Exception {
        RecordingViewModel recording = new RecordingViewModel(OpenedRecording.read(queries), background, m -> { });
        IterationsViewModel iterations = new IterationsViewModel(recording, background);
        background.runAll();
        assertThat(queries.iterationQueries).as("hidden from the start").isZero();

        iterations.shownProperty().set(true);
        background.runAll();
        assertThat(queries.iterationQueries).as("shown: the first analysis").isEqualTo(1);

        recording.horizonProperty().set(Horizon.WINDOW);
        background.runAll();
        assertThat(queries.iterationQueries).as("a change while shown").isEqualTo(2);

        iterations.shownProperty().set(false);
        recording.horizonProperty().set(Horizon.END);
        recording.horizonProperty().set(Horizon.WINDOW);
        background.runAll();
        assertThat(queries.iterationQueries).as("changes while hidden run nothing").isEqualTo(2);

        iterations.shownProperty().set(true);
        background.runAll();
        assertThat(queries.iterationQueries).as("shown again after changes: one analysis").isEqualTo(3);

        iterations.shownProperty().set(false);
        iterations.shownProperty().set(true);
        background.runAll();
        assertThat(queries.iterationQueries).as("shown again without a change: none").isEqualTo(3);
    }
}
