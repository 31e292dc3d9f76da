package io.handlespy.store;

import static io.handlespy.store.TestRecordings.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.analysis.Analysis;
import io.handlespy.analysis.Horizon;
import io.handlespy.analysis.LeakReport;
import io.handlespy.analysis.TimeWindow;
import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.protocol.Frame.Close;
import io.handlespy.protocol.Frame.Create;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Created in [from, to], still open after to" over row lifetimes of very different
 * durations, each created just before, at and just after {@code to - duration}: a class
 * scan that started one nanosecond too late or too early would gain or lose a lifetime.
 */
class DurationClassTest {
    private static final long S = 1_000_000_000L;
    private static final long[] DURATIONS = {0, 1, 2, 3, 4, 7, 8, 9, 1023, 1024, 1025, 1_000_000L, 1L << 20, S, 100 * S};
    private static final long[] WINDOW_ENDS = {150 * S, 150 * S + 5, 400 * S + 123_456};
    private static final long OPEN = -1;

    @TempDir Path dir;

    private record Planned(long handle, long create, long close) {
        boolean openAfter(long h) {
            return close == OPEN || close > h;
        }
    }

    private static List<Planned> plan() {
        List<Planned> out = new ArrayList<>();
        long handle = 100;
        for (long to : WINDOW_ENDS) {
            for (long d : DURATIONS) {
                for (long delta = -2; delta <= 2; delta++) {
                    long create = to - d + delta;
                    out.add(new Planned(handle++, create, create + d));
                }
            }
            for (long delta = -2; delta <= 2; delta++) out.add(new Planned(handle++, to + delta, OPEN));
        }
        return out;
    }

    /** Creates everything, lets two commits pass so every lifetime is a row, then closes them (the UPDATE path). */
    private Path record(List<Planned> planned) throws Exception {
        CountDownLatch committed = new CountDownLatch(2);
        try (Recording r = Recording.create(dir.resolve("classes"))) {
            RecordingWriter w = r.startWriting(p -> { if (p.events() == planned.size()) committed.countDown(); });
            w.accept(hello());
            List<Planned> byCreate = new ArrayList<>(planned);
            byCreate.sort(Comparator.comparingLong(Planned::create));
            for (Planned p : byCreate) w.accept(new Create(1000 + p.create(), p.handle(), 7, 1, 64, 1, "/f"));
            assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
            List<Planned> byClose = new ArrayList<>(planned.stream().filter(p -> p.close() != OPEN).toList());
            byClose.sort(Comparator.comparingLong(Planned::close));
            for (Planned p : byClose) w.accept(new Close(1000 + p.close(), p.handle(), 7, 0, 2));
            w.finish("test");
            return r.file();
        }
    }

    @Test
    void stillOpenAfterTheWindowEndMatchesABruteForceCount() throws Exception {
        List<Planned> planned = plan();
        Path file = record(planned);
        try (Recording r = Recording.open(file)) {
            Analysis analysis = new Analysis(r, SyntheticAgent.symbolizer());
            int checked = 0;
            for (long to : WINDOW_ENDS) {
                for (long from : new long[] {0, to - 2 * S, to - 1025, to - 1}) {
                    Set<Long> expected = new TreeSet<>();
                    for (Planned p : planned) {
                        if (p.create() >= from && p.create() <= to && p.openAfter(to)) expected.add(p.handle());
                    }
                    Set<Long> actual = new TreeSet<>();
                    r.lifetimes(from, to, to, l -> actual.add(l.handle()));
                    assertThat(actual).as("created in [%d, %d], open after %d", from, to, to).isEqualTo(expected);
                    LeakReport report = analysis.leaks(new TimeWindow(from, to), Horizon.WINDOW);
                    assertThat(report.totalLeaked()).isEqualTo(expected.size());
                    checked += expected.size();
                }
            }
            assertThat(checked).isGreaterThan(100);
            long end = r.durationNanos();
            long neverClosed = planned.stream().filter(p -> p.close() == OPEN).count();
            assertThat(analysis.leaks(new TimeWindow(0, end), Horizon.END).totalLeaked()).isEqualTo((int) neverClosed);
        }
    }

    @Test
    void theDurationClassIsTheBitLengthOfTheDuration() {
        assertThat(Schema.durationClass(10, 10)).isZero();
        assertThat(Schema.durationClass(10, 5)).isZero();
        assertThat(Schema.durationClass(10, 11)).isEqualTo(1);
        assertThat(Schema.durationClass(10, 13)).isEqualTo(2);
        assertThat(Schema.durationClass(0, 1024)).isEqualTo(11);
        assertThat(Schema.durationClass(0, 1023)).isEqualTo(10);
        assertThat(Schema.durationClass(Long.MIN_VALUE, 5)).isEqualTo(63);
        assertThat(Schema.durationClass(0, Schema.OPEN)).isEqualTo(Schema.OPEN_CLASS);
    }
}
