package io.handlespy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The decoder reads its stream ahead in large reads and decodes frames where they lie. */
class FrameDecoderReadAheadTest {
    private static final Frame HELLO = new Frame.Hello(Wire.VERSION, Frame.Hello.OS_LINUX, Frame.Hello.ARCH_X64, 42,
        1_000_000_000L, 0, 0, "/bin/churn");

    /** Counts the read calls the decoder makes; each returns at most what one pipe read would. */
    private static final class ReadCounter extends InputStream {
        private final InputStream in;
        int reads;

        ReadCounter(byte[] bytes) { in = new ByteArrayInputStream(bytes); }

        @Override public int read() throws IOException {
            reads++;
            return in.read();
        }

        @Override public int read(byte[] b, int off, int len) throws IOException {
            reads++;
            return in.read(b, off, Math.min(len, 65536));
        }
    }

    @Test
    void tenThousandFramesTakeAFewReadsNotTwoPerFrame() throws IOException {
        List<Frame> frames = new ArrayList<>(List.of(HELLO));
        for (int i = 0; i < 10_000; i++) frames.add(new Frame.Close(1000 + i, 3 + i % 50, 7, 0, 2));
        byte[] bytes = Streams.encode(frames);
        ReadCounter in = new ReadCounter(bytes);
        FrameDecoder decoder = new FrameDecoder(in);
        List<Frame> decoded = new ArrayList<>();
        for (Frame f = decoder.next(); f != null; f = decoder.next()) decoded.add(f);
        assertThat(decoded).isEqualTo(frames);
        // one read per 64 KiB of stream and the one that meets its end, where one per header and payload made 20,002
        int fullReads = (bytes.length + 65535) / 65536;
        assertThat(fullReads).isBetween(5, 7);
        assertThat(in.reads).isLessThanOrEqualTo(fullReads + 2);
    }

    @Test
    void saysWhetherTheNextFrameIsAlreadyReadOrTheNextCallMayWait() throws IOException {
        Frame close1 = new Frame.Close(1000, 3, 7, 0, 2), close2 = new Frame.Close(1001, 4, 7, 0, 2);
        byte[] bytes = Streams.encode(List.of(HELLO, close1, close2));
        int cut = bytes.length - 5; // the second close arrives in two parts
        byte[][] parts = {Arrays.copyOf(bytes, cut), Arrays.copyOfRange(bytes, cut, bytes.length)};
        InputStream twoReads = new InputStream() {
            int next;

            @Override public int read() { throw new UnsupportedOperationException(); }

            @Override public int read(byte[] b, int off, int len) {
                if (next == parts.length) return -1;
                byte[] p = parts[next++];
                System.arraycopy(p, 0, b, off, p.length);
                return p.length;
            }
        };
        FrameDecoder decoder = new FrameDecoder(twoReads);
        assertThat(decoder.hasBufferedFrame()).isFalse();
        assertThat(decoder.next()).isEqualTo(HELLO);
        assertThat(decoder.hasBufferedFrame()).isTrue();
        assertThat(decoder.next()).isEqualTo(close1);
        assertThat(decoder.hasBufferedFrame()).isFalse();
        assertThat(decoder.next()).isEqualTo(close2);
        assertThat(decoder.hasBufferedFrame()).isFalse();
        assertThat(decoder.next()).isNull();
    }

    @Test
    void aRepeatedNameIsOneStringAndOtherNamesStayTheirOwn() throws IOException {
        List<Frame> frames = new ArrayList<>(List.of(HELLO));
        for (int i = 0; i < 100; i++) frames.add(new Frame.Create(1000 + i, 3, 7, 1, 1, 1, "/dev/null"));
        // many names sharing the cache's slots: each still decodes to itself
        for (int i = 0; i < 600; i++) {
            frames.add(new Frame.Create(2000 + i, 3, 7, 1, 1, 1, "/dev/null"));
            frames.add(new Frame.Create(2000 + i, 4, 7, 1, 1, 1, "/tmp/f" + i));
        }
        frames.add(new Frame.Create(5000, 5, 7, 1, 1, 1, "/dev/nul\u00e9"));
        FrameDecoder decoder = new FrameDecoder(new ByteArrayInputStream(Streams.encode(frames)));
        List<Frame> decoded = new ArrayList<>();
        for (Frame f = decoder.next(); f != null; f = decoder.next()) decoded.add(f);
        assertThat(decoded).isEqualTo(frames);
        String first = ((Frame.Create) decoded.get(1)).name();
        for (int i = 2; i <= 100; i++) assertThat(((Frame.Create) decoded.get(i)).name()).isSameAs(first);
    }
}
