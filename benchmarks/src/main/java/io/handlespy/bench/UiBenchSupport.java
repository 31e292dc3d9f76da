package io.handlespy.bench;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import io.handlespy.store.Recording;
import io.handlespy.store.RecordingException;
import io.handlespy.store.RecordingWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;

/**
 * What the desktop-app benchmarks share: a recording with ten million handle
 * lifetimes (made once by the synthetic agent and kept under target/bench), and
 * a headless JavaFX toolkit (Monocle, software rendering) to draw on.
 */
final class UiBenchSupport {
    /** 200 s at 50,000 creates/s: 10 million lifetimes, 20 million events. */
    static final SyntheticConfig TEN_MILLION = SyntheticConfig.demo(1).withDuration(200_000_000_000L).withRate(50_000);
    static final long MIN_LIFETIMES = 10_000_000L;

    private UiBenchSupport() {}

    /** The ten-million-lifetime recording, made on first use. */
    static Path tenMillionLifetimes() throws Exception {
        Path dir = Path.of(System.getProperty("handlespy.bench.dir", "target/bench"));
        Files.createDirectories(dir);
        Path file = dir.resolve("ui-10m-lifetimes.mv.db");
        if (Files.exists(file) && hasEnoughLifetimes(file)) return file;
        Files.deleteIfExists(file);
        long t0 = System.nanoTime();
        try (Recording recording = Recording.create(file); RecordingWriter writer = recording.startWriting()) {
            for (var it = new SyntheticAgent(TEN_MILLION).frames(); it.hasNext(); ) writer.accept(it.next());
            writer.finish("benchmark recording");
            System.err.printf("made %s: %,d events, %,d creates in %.1f s%n", recording.file(), recording.info().events(),
                    recording.info().creates(), (System.nanoTime() - t0) / 1e9);
            return recording.file();
        }
    }

    private static boolean hasEnoughLifetimes(Path file) {
        try (Recording r = Recording.open(file)) {
            return r.info().creates() + r.info().openBeforeRecording() >= MIN_LIFETIMES && "complete".equals(r.info().status());
        } catch (RecordingException e) {
            return false;
        }
    }

    /** Starts JavaFX headless once per JVM. */
    static void startFx() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
            started.await();
        } catch (IllegalStateException alreadyRunning) {
            // Another benchmark in this JVM started it.
        }
    }

    /** Runs {@code work} on the JavaFX thread and waits for its result. */
    static <T> T onFx(Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }
}
