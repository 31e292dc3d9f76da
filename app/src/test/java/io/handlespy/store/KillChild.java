package io.handlespy.store;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.capture.synthetic.SyntheticConfig;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * The process {@link KillTest} kills: ingests an endless-looking synthetic stream
 * into the recording named by args[0], in the {@link Retention} mode named by args[1], and prints
 * "COMMIT events creates epochMillis" after every commit, so the parent knows what the file must hold.
 */
public final class KillChild {
    private KillChild() {}

    public static void main(String[] args) throws Exception {
        Recording r = Recording.create(Path.of(args[0]), Retention.named(args[1]));
        // The first commit comes 150 ms after startWriting returns, long after the writer is published.
        java.util.concurrent.atomic.AtomicReference<RecordingWriter> writer = new java.util.concurrent.atomic.AtomicReference<>();
        RecordingWriter w = r.startWriting(p -> {
            System.out.println("COMMIT " + p.events() + " " + writer.get().committedCreates() + " " + System.currentTimeMillis());
            System.out.flush();
        });
        writer.set(w);
        SyntheticConfig cfg = SyntheticConfig.demo(11).withDuration(3_600_000_000_000L).withRate(200_000);
        for (Iterator<io.handlespy.protocol.Frame> it = new SyntheticAgent(cfg).frames(); it.hasNext(); ) w.accept(it.next());
        w.finish("child ran to the end");
    }
}
