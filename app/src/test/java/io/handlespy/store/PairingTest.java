package io.handlespy.store;

import static io.handlespy.store.TestRecordings.hello;
import static org.assertj.core.api.Assertions.assertThat;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.Frame.Close;
import io.handlespy.protocol.Frame.Create;
import io.handlespy.protocol.Frame.Duplicate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hard cases of pairing creates with closes, each on a small hand-written stream. Times: tick 1000 + n = n ns. */
class PairingTest {
    private static final int FILE = 64, EVENT = 2;
    @TempDir Path dir;

    private static Create create(long ns, long handle, int stack, int type, String name) {
        return new Create(1000 + ns, handle, 7, stack, type, 1, name);
    }

    private static Close close(long ns, long handle) {
        return new Close(1000 + ns, handle, 7, 0, 2);
    }

    private List<Lifetime> lifetimes(Path file) throws Exception {
        try (Recording r = Recording.open(file)) {
            List<Lifetime> all = new ArrayList<>();
            r.lifetimes(Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, all::add);
            all.sort(Comparator.comparingLong(Lifetime::createNanos).thenComparingLong(Lifetime::handle));
            return all;
        }
    }

    private RecordingInfo info(Path file) throws Exception {
        try (Recording r = Recording.open(file)) {
            return r.info();
        }
    }

    @Test
    void aReusedHandleValueIsANewLifetime() throws Exception {
        Path f = TestRecordings.record(dir.resolve("reuse"), List.of(hello(),
            create(10, 5, 1, FILE, "/a"), close(20, 5), create(30, 5, 2, FILE, "/b"), close(40, 5), create(50, 5, 3, EVENT, "")));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(5, FILE, 1, 1, 7, 10, 20, false, "/a"),
            new Lifetime(5, FILE, 1, 2, 7, 30, 40, false, "/b"),
            new Lifetime(5, EVENT, 1, 3, 7, 50, -1, false, ""));
        RecordingInfo i = info(f);
        assertThat(List.of(i.creates(), i.closes(), i.openAtEnd(), i.implicitCloses(), i.unmatchedCloses()))
            .containsExactly(3L, 2L, 1L, 0L, 0L);
    }

    @Test
    void duplicateNewInSelfInheritsTypeAndName() throws Exception {
        Path f = TestRecordings.record(dir.resolve("dup"), List.of(hello(), create(10, 3, 1, FILE, "/etc/x"),
            new Duplicate(1000 + 20, 3, 4, 8, 9, 0, 5, Duplicate.NEW_IN_SELF)));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(3, FILE, 1, 1, 7, 10, -1, false, "/etc/x"),
            new Lifetime(4, FILE, 5, 9, 8, 20, -1, false, "/etc/x"));
    }

    @Test
    void duplicateClosesSourceEndsTheSourceLifetime() throws Exception {
        Path f = TestRecordings.record(dir.resolve("dupclose"), List.of(hello(), create(10, 0x40, 1, EVENT, ""),
            new Duplicate(1000 + 20, 0x40, 0x44, 7, 2, 0, 5, Duplicate.NEW_IN_SELF | Duplicate.CLOSES_SOURCE),
            create(25, 0x48, 1, EVENT, ""),
            new Duplicate(1000 + 30, 0x48, 0x1234, 7, 3, 0, 5, Duplicate.CLOSES_SOURCE)));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(0x40, EVENT, 1, 1, 7, 10, 20, false, ""),
            new Lifetime(0x44, EVENT, 5, 2, 7, 20, -1, false, ""),
            new Lifetime(0x48, EVENT, 1, 1, 7, 25, 30, false, ""));
        RecordingInfo i = info(f);
        assertThat(List.of(i.creates(), i.closes(), i.openAtEnd())).containsExactly(3L, 2L, 1L);
    }

    @Test
    void dup2OntoAnOpenDescriptorClosesItWithoutCountingAMissedClose() throws Exception {
        Path f = TestRecordings.record(dir.resolve("dup2"), List.of(hello(), create(10, 3, 1, FILE, "/log"),
            create(11, 1, 2, FILE, "/dev/pts/0"),
            new Duplicate(1000 + 20, 3, 1, 7, 3, 0, 6, Duplicate.NEW_IN_SELF | Duplicate.REPLACED_TARGET),
            close(30, 3)));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(3, FILE, 1, 1, 7, 10, 30, false, "/log"),
            new Lifetime(1, FILE, 1, 2, 7, 11, 20, false, "/dev/pts/0"),
            new Lifetime(1, FILE, 6, 3, 7, 20, -1, false, "/log"));
        RecordingInfo i = info(f);
        assertThat(List.of(i.closes(), i.implicitCloses(), i.unmatchedCloses())).containsExactly(2L, 0L, 0L);
    }

    @Test
    void aCreateOnAStillOpenValueClosesTheOldLifetimeAndIsCounted() throws Exception {
        Path f = TestRecordings.record(dir.resolve("implicit"), List.of(hello(), create(10, 9, 1, FILE, "/a"),
            create(20, 9, 2, FILE, "/b")));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(9, FILE, 1, 1, 7, 10, 20, false, "/a"),
            new Lifetime(9, FILE, 1, 2, 7, 20, -1, false, "/b"));
        assertThat(info(f).implicitCloses()).isEqualTo(1);
    }

    @Test
    void closingASnapshotHandleEndsIt() throws Exception {
        Path f = TestRecordings.record(dir.resolve("snap"), List.of(hello(),
            new Frame.Snapshot(1000, 0, FILE, "/dev/null"), new Frame.Snapshot(1000, 1, FILE, "/dev/pts/1"),
            close(50, 0)));
        assertThat(lifetimes(f)).containsExactly(
            new Lifetime(0, FILE, 0, 0, 0, 0, 50, true, "/dev/null"),
            new Lifetime(1, FILE, 0, 0, 0, 0, -1, true, "/dev/pts/1"));
        RecordingInfo i = info(f);
        assertThat(List.of(i.openBeforeRecording(), i.creates(), i.closes(), i.unmatchedCloses(), i.openAtEnd()))
            .containsExactly(1L, 0L, 1L, 0L, 1L);
    }

    @Test
    void aCloseOfANeverSeenHandleIsCountedNotAnError() throws Exception {
        Path f = TestRecordings.record(dir.resolve("unmatched"), List.of(hello(), close(5, 77), close(6, 78),
            create(10, 77, 1, FILE, ""), new Frame.Dropped(1000 + 11, 5), new Frame.Dropped(1000 + 12, 6)));
        RecordingInfo i = info(f);
        assertThat(List.of(i.unmatchedCloses(), i.creates(), i.closes(), i.drops(), i.events()))
            .containsExactly(2L, 1L, 0L, 11L, 3L);
        assertThat(i.status()).isEqualTo("complete");
    }

    /** Two commits pass while the handles are open, so they are stored as rows and the close is an UPDATE. */
    @Test
    void aLifetimeOpenAcrossACommitIsClosedLater() throws Exception {
        CountDownLatch committed = new CountDownLatch(2);
        Path file;
        try (Recording r = Recording.create(dir.resolve("across"))) {
            RecordingWriter w = r.startWriting(p -> { if (p.events() >= 2) committed.countDown(); });
            w.accept(hello());
            w.accept(create(10, 3, 1, FILE, "/slow"));
            w.accept(create(11, 4, 1, FILE, "/fast"));
            assertThat(committed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(w.progress()).isEqualTo(new IngestProgress(11, 2, 2, 0, -1));
            w.accept(close(2_000_000_000L, 3));
            w.finish("done");
            file = r.file();
        }
        assertThat(lifetimes(file)).containsExactly(
            new Lifetime(3, FILE, 1, 1, 7, 10, 2_000_000_000L, false, "/slow"),
            new Lifetime(4, FILE, 1, 1, 7, 11, -1, false, "/fast"));
        try (Recording r = Recording.open(file)) {
            List<Lifetime> openAtOneSecond = new ArrayList<>();
            r.lifetimes(0, 1_000_000_000L, 1_000_000_000L, openAtOneSecond::add);
            assertThat(openAtOneSecond).extracting(Lifetime::handle).containsExactlyInAnyOrder(3L, 4L);
            List<Lifetime> openAtEnd = new ArrayList<>();
            r.lifetimes(0, 1_000_000_000L, r.durationNanos(), openAtEnd::add);
            assertThat(openAtEnd).extracting(Lifetime::handle).containsExactly(4L);
        }
    }

    @Test
    void ticksOfAnyClockFrequencyBecomeNanosecondsSinceTheAnchor() throws Exception {
        Path f = TestRecordings.record(dir.resolve("qpc"), List.of(
            new Frame.Hello(1, Frame.Hello.OS_WINDOWS, Frame.Hello.ARCH_X86, 9, 10_000_000L, 500_000, 0, "C:\\a.exe"),
            new Create(500_000 + 25, 0x44, 1, 1, EVENT, 1, ""),
            new Create(500_000 + 30_000_000L * 10, 0x48, 1, 1, EVENT, 1, "")));
        assertThat(lifetimes(f)).extracting(Lifetime::createNanos).containsExactly(2_500L, 30_000_000_000L);
        RecordingInfo i = info(f);
        assertThat(List.of(i.platform(), i.arch())).containsExactly("windows", "x86");
        assertThat(i.durationNanos()).isEqualTo(30_000_000_000L);
    }

    @Test
    void fooAndFooMvDbNameTheSameRecording() throws Exception {
        Path f = TestRecordings.record(dir.resolve("named"), List.of(hello()));
        assertThat(f).isEqualTo(dir.resolve("named.mv.db").toAbsolutePath());
        try (Recording a = Recording.open(dir.resolve("named")); Recording b = Recording.open(dir.resolve("named.mv.db"))) {
            assertThat(a.file()).isEqualTo(b.file()).isEqualTo(f);
        }
    }
}
