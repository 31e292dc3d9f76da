package io.handlespy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;

/** Encoding and bounded decoding of whole streams for the codec tests. */
final class Streams {
    /** What decoding a whole stream gave: the frames delivered, then either a clean end or the fault. */
    record Decoded(List<Frame> frames, ProtocolException fault, long skipped, long allocatedBytes, long bytesRead) {}

    private Streams() {}

    static byte[] encode(List<? extends Frame> frames) {
        FrameEncoder encoder = new FrameEncoder();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (Frame f : frames) encoder.write(out, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes to the end, failing the test on any exception other than
     * {@link ProtocolException} or if it takes over ten seconds (generous for a
     * loaded CI machine; a hang never ends), and reports the bytes this thread allocated.
     */
    static Decoded decode(byte[] bytes) {
        return decode(new ByteArrayInputStream(bytes));
    }

    static Decoded decode(InputStream stream) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            CountingInputStream in = new CountingInputStream(stream);
            long before = mx.getCurrentThreadAllocatedBytes();
            FrameDecoder decoder = new FrameDecoder(in);
            List<Frame> frames = new ArrayList<>();
            ProtocolException fault = null;
            try {
                for (Frame f = decoder.next(); f != null; f = decoder.next()) frames.add(f);
            } catch (ProtocolException e) {
                fault = e;
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertThat(decoder.framesDecoded()).isEqualTo(frames.size());
            if (fault != null) assertThat(fault.framesDecoded()).isEqualTo(frames.size());
            return new Decoded(List.copyOf(frames), fault, decoder.skippedFrames(), allocated, in.count());
        });
    }

    /** Counts the bytes the decoder pulled. */
    static final class CountingInputStream extends InputStream {
        private final InputStream in;
        private long count;

        CountingInputStream(InputStream in) { this.in = in; }

        long count() { return count; }

        @Override public int read() throws IOException {
            int b = in.read();
            if (b >= 0) count++;
            return b;
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
