package io.handlespy.store;

import io.handlespy.capture.synthetic.SyntheticAgent;
import io.handlespy.protocol.Frame;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/** Writes recordings for tests: from the synthetic agent or from hand-written frames. */
public final class TestRecordings {
    private TestRecordings() {}

    public static Path record(Path file, Iterator<Frame> frames) throws Exception {
        try (Recording r = Recording.create(file)) {
            RecordingWriter w = r.startWriting();
            while (frames.hasNext()) w.accept(frames.next());
            w.finish("test");
            return r.file();
        }
    }

    public static Path record(Path file, SyntheticAgent agent) throws Exception {
        return record(file, agent.frames());
    }

    public static Path record(Path file, List<Frame> frames) throws Exception {
        return record(file, frames.iterator());
    }

    /** A HELLO with a 1 GHz clock anchored at tick 1000, so tick 1000 + n is n ns into the recording. */
    public static Frame.Hello hello() {
        return new Frame.Hello(1, Frame.Hello.OS_LINUX, Frame.Hello.ARCH_X64, 77, 1_000_000_000L, 1000,
            1_700_000_000_000_000_000L, "/usr/bin/test");
    }
}
