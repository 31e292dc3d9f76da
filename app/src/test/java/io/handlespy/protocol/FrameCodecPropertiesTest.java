package io.handlespy.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/** The codec's contract (docs/protocol.md) over arbitrary frames and arbitrary, hostile bytes. */
class FrameCodecPropertiesTest {
    /** Decoding may allocate one maximal payload buffer plus a bounded multiple of the input's size. */
    private static long allocationBound(long inputBytes) {
        return Wire.MAX_PAYLOAD + 512 * 1024 + 64 * inputBytes;
    }

    @Provide Arbitrary<Frame> anyFrame() { return FrameArbitraries.anyFrame(); }

    @Provide Arbitrary<List<Frame>> stream() { return FrameArbitraries.stream(); }

    @Provide Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4096);
    }

    @Property(tries = 1000)
    void everyKindRoundTrips(@ForAll("anyFrame") Frame frame) {
        Statistics.collect(Wire.kindName(frame.kind()));
        Frame hello = new Frame.Hello(1, 2, 2, 42, 1_000_000_000L, 0, 0, "/bin/x");
        Streams.Decoded d = Streams.decode(Streams.encode(List.of(hello, frame)));
        assertThat(d.fault()).isNull();
        assertThat(d.frames()).containsExactly(hello, frame);
        Statistics.coverage(c -> {
            // every known kind is generated; with fourteen and more kinds, a uniform share is about 5 %
            for (int kind = Frame.HELLO; kind <= Frame.OUTPUT; kind++) {
                if (Wire.fixedSize(kind) >= 0) c.check(Wire.kindName(kind)).percentage(p -> p > 1.5);
            }
        });
    }

    @Property
    void streamsRoundTrip(@ForAll("stream") List<Frame> frames) {
        Streams.Decoded d = Streams.decode(Streams.encode(frames));
        assertThat(d.fault()).isNull();
        assertThat(d.frames()).isEqualTo(frames);
        assertThat(d.skipped()).isZero();
    }

    /** The encoding is canonical: re-encoding what was decoded gives back the very same bytes. */
    @Property
    void reEncodingDecodedFramesGivesTheSameBytes(@ForAll("stream") List<Frame> frames) {
        byte[] bytes = Streams.encode(frames);
        assertThat(Streams.encode(Streams.decode(bytes).frames())).isEqualTo(bytes);
    }

    /** Pipes and sockets return fewer bytes than asked; the decoder must keep reading until a frame is whole. */
    @Property(tries = 300)
    void shortReadsDecodeTheSameFrames(@ForAll("stream") List<Frame> frames, @ForAll @IntRange(min = 1, max = 7) int chunk) {
        byte[] bytes = Streams.encode(frames);
        InputStream trickle = new java.io.ByteArrayInputStream(bytes) {
            @Override public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
        Streams.Decoded d = Streams.decode(trickle);
        assertThat(d.fault()).isNull();
        assertThat(d.frames()).isEqualTo(frames);
    }

    @Property
    void encodedSizeIsHeaderPlusFixedPartPlusVariableParts(@ForAll("anyFrame") Frame frame) {
        byte[] bytes = new FrameEncoder().toBytes(frame);
        ByteBuffer h = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(h.getInt()).isEqualTo(bytes.length - Wire.HEADER_SIZE);
        assertThat(Short.toUnsignedInt(h.getShort())).isEqualTo(frame.kind());
        assertThat(h.getShort()).isZero();
        assertThat(bytes.length).isEqualTo(Wire.HEADER_SIZE + Wire.fixedSize(frame.kind()) + variablePart(frame));
    }

    private static int variablePart(Frame frame) {
        return switch (frame) {
            case Frame.Hello h -> utf8(h.imagePath());
            case Frame.ModuleLoad m -> m.debugId().length + utf8(m.path());
            case Frame.Stack s -> 8 * s.depth();
            case Frame.Create c -> utf8(c.name());
            case Frame.Snapshot s -> utf8(s.name());
            case Frame.Goodbye g -> utf8(g.message());
            case Frame.Define d -> utf8(d.name());
            case Frame.Note n -> utf8(n.text());
            case Frame.Output o -> o.data().length;
            case Frame.Token t -> utf8(t.user());
            case Frame.CodeSymbol c -> utf8(c.name());
            case Frame.Process p -> p.event() == Frame.Process.STARTED || p.event() == Frame.Process.EXEC
                ? utf8(p.path()) + utf8(String.join("\u0000", p.arguments())) : 0;
            case Frame.ModuleUnload u -> 0;
            case Frame.Close c -> 0;
            case Frame.Duplicate dup -> 0;
            case Frame.Sample s -> 0;
            case Frame.Dropped dr -> 0;
        };
    }

    private static int utf8(String s) {
        return 2 + s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    @Property(tries = 1000)
    void randomBytesRaiseOnlyProtocolExceptionsWithinBounds(@ForAll("randomBytes") byte[] bytes) {
        Streams.Decoded d = Streams.decode(bytes);
        assertThat(d.allocatedBytes()).isLessThanOrEqualTo(allocationBound(bytes.length));
        if (d.fault() == null) assertThat(d.bytesRead()).isEqualTo(bytes.length);
    }

    /** Random bytes behind a valid HELLO, so the decoder gets past the first frame and meets garbage frames. */
    @Property(tries = 1000)
    void garbageAfterHelloRaisesOnlyProtocolExceptions(@ForAll("stream") List<Frame> frames, @ForAll("randomBytes") byte[] garbage) {
        byte[] hello = Streams.encode(frames.subList(0, 1));
        byte[] bytes = concat(hello, garbage);
        Streams.Decoded d = Streams.decode(bytes);
        assertThat(d.frames()).isNotEmpty();
        assertThat(d.frames().get(0)).isEqualTo(frames.get(0));
        assertThat(d.allocatedBytes()).isLessThanOrEqualTo(allocationBound(bytes.length));
    }

    enum Mutation { FLIP, INSERT, DELETE, TRUNCATE, OVERWRITE_SIZE }

    @Provide Arbitrary<List<Tuple.Tuple3<Mutation, Integer, Integer>>> mutations() {
        return Combinators.combine(Arbitraries.of(Mutation.class), Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.integers()).as(Tuple::of).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 1000)
    void mutatedStreamsRaiseOnlyProtocolExceptionsWithinBounds(
            @ForAll("stream") List<Frame> frames, @ForAll("mutations") List<Tuple.Tuple3<Mutation, Integer, Integer>> mutations) {
        byte[] bytes = Streams.encode(frames);
        for (var m : mutations) bytes = mutate(bytes, m.get1(), m.get2(), m.get3());
        Statistics.collect(mutations.get(0).get1());
        Streams.Decoded d = Streams.decode(bytes);
        assertThat(d.allocatedBytes()).isLessThanOrEqualTo(allocationBound(bytes.length));
        assertThat(d.bytesRead()).isLessThanOrEqualTo(bytes.length);
    }

    private static byte[] mutate(byte[] b, Mutation m, int where, int value) {
        if (b.length == 0) return b;
        int at = where % b.length;
        return switch (m) {
            case FLIP -> {
                byte[] c = b.clone();
                c[at] ^= (byte) (1 << (value & 7));
                yield c;
            }
            case INSERT -> {
                byte[] ins = new byte[1 + (value & 15)];
                new java.util.Random(value).nextBytes(ins);
                yield concat(concat(Arrays.copyOf(b, at), ins), Arrays.copyOfRange(b, at, b.length));
            }
            case DELETE -> concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, Math.min(b.length, at + 1 + (value & 15)), b.length));
            case TRUNCATE -> Arrays.copyOf(b, at);
            case OVERWRITE_SIZE -> {
                byte[] c = b.clone();
                for (int i = 0; i < 4 && at + i < c.length; i++) c[at + i] = (byte) (value >>> (8 * i));
                yield c;
            }
        };
    }

    /** Everything decoded before a fault is kept: frames that end before a corrupted byte come out intact. */
    @Property(tries = 1000)
    void framesBeforeACorruptedByteAreKept(@ForAll("stream") List<Frame> frames, @ForAll @IntRange(min = 0, max = 1_000_000) int posSeed,
            @ForAll @IntRange(min = 1, max = 255) int xor) {
        byte[] bytes = Streams.encode(frames);
        int pos = posSeed % bytes.length;
        bytes[pos] ^= (byte) xor;
        int intact = 0;
        for (int end = 0; intact < frames.size(); intact++) {
            end += new FrameEncoder().toBytes(frames.get(intact)).length;
            if (end > pos) break;
        }
        Streams.Decoded d = Streams.decode(bytes);
        assertThat(d.frames().size()).isGreaterThanOrEqualTo(intact);
        assertThat(d.frames().subList(0, intact)).isEqualTo(frames.subList(0, intact));
    }

    @Property(tries = 500)
    void truncationEndsCleanlyWithTheExactFrameCount(@ForAll("stream") List<Frame> frames, @ForAll @IntRange(min = 0, max = 1_000_000) int cutSeed) {
        List<Integer> ends = new ArrayList<>();
        int total = 0;
        for (Frame f : frames) {
            total += new FrameEncoder().toBytes(f).length;
            ends.add(total);
        }
        byte[] bytes = Streams.encode(frames);
        int cut = cutSeed % (bytes.length + 1);
        int complete = (int) ends.stream().filter(e -> e <= cut).count();
        Streams.Decoded d = Streams.decode(Arrays.copyOf(bytes, cut));
        assertThat(d.frames()).isEqualTo(frames.subList(0, complete));
        if (cut == 0 || ends.contains(cut)) {
            assertThat(d.fault()).isNull();
        } else {
            assertThat(d.fault()).hasMessage("stream truncated after " + complete + " frames");
            assertThat(d.fault().framesDecoded()).isEqualTo(complete);
        }
    }

    @Property
    void unknownKindsAreSkippedAndDecodingContinues(@ForAll("stream") List<Frame> frames,
            @ForAll @IntRange(min = Frame.CODE_SYMBOL + 1, max = 0xFFFF) int unknownKind, @ForAll("randomBytes") byte[] payload,
            @ForAll @IntRange(min = 1, max = 40) int every) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FrameEncoder encoder = new FrameEncoder();
        int inserted = 0;
        for (int i = 0; i < frames.size(); i++) {
            out.writeBytes(encoder.toBytes(frames.get(i)));
            if (i % every == 0) {
                out.writeBytes(rawFrame(i % 2 == 0 ? unknownKind : 0, payload));
                inserted++;
            }
        }
        Streams.Decoded d = Streams.decode(out.toByteArray());
        assertThat(d.fault()).isNull();
        assertThat(d.frames()).isEqualTo(frames);
        assertThat(d.skipped()).isEqualTo(inserted);
    }

    @Property
    void versionMismatchIsRefusedNamingBothVersions(@ForAll("stream") List<Frame> frames,
            @ForAll @IntRange(min = 0, max = 0xFFFF) int version) {
        if (version == Wire.VERSION) return;
        byte[] bytes = Streams.encode(frames);
        bytes[Wire.HEADER_SIZE + 4] = (byte) version;
        bytes[Wire.HEADER_SIZE + 5] = (byte) (version >>> 8);
        Streams.Decoded d = Streams.decode(bytes);
        assertThat(d.frames()).isEmpty();
        assertThat(d.fault().getMessage()).startsWith(
            "recording protocol version " + version + ", this HandleSpy reads version " + Wire.VERSION + ":");
    }

    /** A frame declaring up to 4 GiB is refused from its header alone: nothing of it is read or allocated. */
    @Property(tries = 200)
    void oversizedFramesFailFastWithoutReadingThePayload(@ForAll("stream") List<Frame> frames,
            @ForAll("oversize") long declared, @ForAll @IntRange(min = 0, max = 0xFFFF) int kind) {
        byte[] valid = Streams.encode(frames);
        ByteBuffer header = ByteBuffer.allocate(Wire.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN)
            .putInt((int) declared).putShort((short) kind).putShort((short) 0);
        InputStream endless = new java.io.SequenceInputStream(
            new java.io.ByteArrayInputStream(concat(valid, header.array())), new EndlessZeros());
        Streams.Decoded d = Streams.decode(endless);
        assertThat(d.frames()).isEqualTo(frames);
        assertThat(d.fault().getMessage()).isEqualTo("frame " + frames.size() + " (" + Wire.kindName(kind) + ") declares "
            + declared + " bytes, more than the 1048576-byte limit");
        assertThat(d.bytesRead()).isEqualTo(valid.length + Wire.HEADER_SIZE);
        assertThat(d.allocatedBytes()).isLessThan(Wire.MAX_PAYLOAD);
    }

    @Provide Arbitrary<Long> oversize() {
        return Arbitraries.oneOf(Arbitraries.of(Wire.MAX_PAYLOAD + 1L, 0xFFFF_FFFFL),
            Arbitraries.longs().between(Wire.MAX_PAYLOAD + 1L, 0xFFFF_FFFFL));
    }

    static byte[] rawFrame(int kind, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(Wire.HEADER_SIZE + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(payload.length).putShort((short) kind).putShort((short) 0).put(payload);
        return b.array();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A source that never ends: a decoder that tried to read a huge payload would spin on it until the timeout. */
    private static final class EndlessZeros extends InputStream {
        @Override public int read() { return 0; }

        @Override public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0);
            return len;
        }
    }
}
