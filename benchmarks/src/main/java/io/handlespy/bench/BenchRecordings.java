package io.handlespy.bench;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.protocol.Frame;
import io.handlespy.store.IngestProgress;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingWriter;
import io.handlespy.store.Retention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** Builds the synthetic recordings the store benchmarks read, once, under target/. */
final class BenchRecordings {
    private static final int BATCH = 1024;
    private static final long REPORT_NANOS = 60_000_000_000L;

    private BenchRecordings() {}

    /** 50,000 creates/s of simulated time for {@code seconds}: about 50,000 lifetimes per simulated second. */
    static SyntheticConfig config(long seconds) {
        return SyntheticConfig.demo(2026).withDuration(seconds * 1_000_000_000L).withRate(50_000);
    }

    /** The recording of {@code config} at {@code name} under target/, made if missing. */
    static Path ensure(String name, SyntheticConfig config) throws Exception {
        return ensure(name, config, Retention.FULL);
    }

    /** Like {@link #ensure(String, SyntheticConfig)}, recorded with {@code retention}. */
    static Path ensure(String name, SyntheticConfig config, Retention retention) throws Exception {
        Path file = Recording.normalize(Path.of("target", name));
        if (Files.exists(file)) return file;
        Path partial = Recording.normalize(Path.of("target", name + "-partial"));
        Files.deleteIfExists(partial);
        try (Recording r = Recording.create(partial, retention)) {
            RecordingWriter w = r.startWriting();
            // handed over in batches, as a capture's reader hands over what it decoded from one read
            List<Frame> batch = new ArrayList<>(BATCH);
            long started = System.nanoTime(), nextReport = started + REPORT_NANOS;
            for (Iterator<Frame> it = new SyntheticAgent(config).frames(); it.hasNext(); ) {
                batch.add(it.next());
                if (batch.size() == BATCH) {
                    w.acceptAll(batch);
                    batch.clear();
                    if (System.nanoTime() >= nextReport) {
                        report(name, w.progress(), config.durationNanos(), System.nanoTime() - started);
                        nextReport += REPORT_NANOS;
                    }
                }
            }
            w.acceptAll(batch);
            w.finish("benchmark");
        }
        Files.move(partial, file);
        return file;
    }

    /** A long build (a simulated week takes most of an hour) says how far it got, so its end can be estimated. */
    private static void report(String name, IngestProgress p, long spanNanos, long wallNanos) {
        System.out.printf(Locale.ROOT, "building %s: %.2f of %.2f simulated hours, %,d events ingested in %.0f s (%,.0f events/s)%n",
            name, p.elapsedNanos() / 3600e9, spanNanos / 3600e9, p.events(), wallNanos / 1e9, p.events() / (wallNanos / 1e9));
    }
}
