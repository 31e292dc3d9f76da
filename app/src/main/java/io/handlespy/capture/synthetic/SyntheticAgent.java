package io.handlespy.capture.synthetic;

import io.handlespy.protocol.Frame;
import io.handlespy.protocol.FrameEncoder;
import io.handlespy.symbols.Symbolizer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.function.Consumer;

/**
 * A deterministic stand-in for a real agent: generates the frame stream of a
 * made-up Linux program (see {@link SyntheticModules}) from a {@link SyntheticConfig}.
 * The same config always yields the same frames. {@link #truth()} says what the
 * stream contains (every lifetime, the exact leaks of any window), for tests.
 */
public final class SyntheticAgent {
    private final SyntheticConfig config;

    public SyntheticAgent(SyntheticConfig config) {
        this.config = config;
    }

    public SyntheticConfig config() { return config; }

    /** A fresh pass over the stream, generated lazily (constant memory apart from open handles). */
    public Iterator<Frame> frames() {
        return new SyntheticStream(config, new GroundTruth(false));
    }

    public void forEach(Consumer<Frame> action) {
        frames().forEachRemaining(action);
    }

    /** Writes the encoded stream, exactly as an agent would send it. */
    public void writeTo(OutputStream out) throws IOException {
        FrameEncoder encoder = new FrameEncoder();
        OutputStream buffered = new BufferedOutputStream(out, 1 << 16);
        for (Iterator<Frame> it = frames(); it.hasNext(); ) encoder.write(buffered, it.next());
        buffered.flush();
    }

    /** Generates the whole stream once and returns what it contains. */
    public GroundTruth truth() {
        GroundTruth truth = new GroundTruth();
        new SyntheticStream(config, truth).forEachRemaining(f -> { });
        return truth;
    }

    /** Symbols for the fake modules. */
    public static Symbolizer symbolizer() {
        return new SyntheticSymbolizer();
    }
}
