package io.handlespy.ui.model;

import io.handlespy.analysis.CountSeries;
import io.handlespy.analysis.GrowthEntry;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.SeriesPoint;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.analysis.iterations.IterationReport;
import io.handlespy.analysis.suppress.SuppressionSet;
import io.handlespy.store.RecordingInfo;
import io.handlespy.ui.source.RecordingQueries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Hand-built answers for view-model tests, recording every question asked: the
 * view models' job is to ask the right question at the right time.
 */
final class CannedQueries implements RecordingQueries {
    record LeakQuery(TimeWindow window, Horizon horizon) {}

    final List<LeakQuery> leakQueries = new ArrayList<>();
    final List<TimeWindow> seriesQueries = new ArrayList<>();
    int growthQueries;
    final TimeWindow whole;
    boolean closed;

    CannedQueries(TimeWindow whole) {
        this.whole = whole;
    }

    @Override public Path file() { return Path.of("/tmp/leaky.mv.db"); }

    @Override public RecordingInfo info() {
        return new RecordingInfo("/tmp/leaky.mv.db", 4242, "/srv/app/leaky", "linux", "x64", 0, whole.toNanos(), 1000,
                600, 400, 0, 200, 230, 4, 0, 0, "complete", "target exited", List.of(), 1, "2.4.240");
    }

    @Override public TimeWindow whole() { return whole; }

    @Override public LeakReport leaks(TimeWindow window, Horizon horizon) {
        leakQueries.add(new LeakQuery(window, horizon));
        return horizon == Horizon.END ? Samples.report(window, horizon, Samples.eventGroup(), Samples.fileGroup())
                                      : Samples.report(window, horizon, Samples.fileGroup());
    }

    @Override public CountSeries series(TimeWindow window, int points) {
        seriesQueries.add(window);
        List<SeriesPoint> tracked = new ArrayList<>();
        long step = Math.max(1, window.lengthNanos() / points);
        for (int i = 0; i < points; i++) tracked.add(new SeriesPoint(window.fromNanos() + i * step, i, i + 1));
        return new CountSeries(window, tracked, List.of());
    }

    @Override public List<GrowthEntry> growth(int limit) {
        growthQueries++;
        return List.of(new GrowthEntry(3, 1.5, 0.98, 200, Samples.fileGroup().stack()));
    }

    final List<Integer> stackLiveQueries = new ArrayList<>();

    /** Stack 3 (the file leak) goes 0 → 1 at 1 s → 2 at 2.5 s; every other stack stays at 0. */
    @Override public List<SeriesPoint> stackLive(int stackId) {
        stackLiveQueries.add(stackId);
        if (stackId != 3) return List.of();
        return List.of(new SeriesPoint(1_000_000_000L, 1, 1), new SeriesPoint(2_500_000_000L, 2, 2));
    }

    int iterationQueries;

    @Override public IterationReport iterations(Horizon horizon, SuppressionSet rules, int minIterations) {
        iterationQueries++;
        return new IterationReport(List.of(), List.of(), horizon, Math.max(1, minIterations), List.of(), List.of());
    }

    @Override public void close() { closed = true; }
}
