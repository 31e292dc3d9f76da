package io.handlespy.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decodes the frame stream. Trusts nothing: every size is checked against the
 * payload before it is used, payloads are bounded by {@link Wire#MAX_PAYLOAD}
 * before anything is allocated for them, unknown kinds are skipped, and every
 * fault is a {@link ProtocolException} naming what was wrong. Not thread-safe.
 */
public final class FrameDecoder {
    /** Read-ahead: frames are decoded where they lie in it, so most frames cost no read call and no copy. */
    private static final int BUFFER_SIZE = 1 << 16;

    private final InputStream in;
    private byte[] buffer = new byte[BUFFER_SIZE];
    private int pos, limit;
    private final RepeatedStrings strings = new RepeatedStrings();
    private long framesDecoded;
    private long skippedFrames;
    private boolean sawHello;

    public FrameDecoder(InputStream in) {
        this.in = in;
    }

    /** Frames returned so far. */
    public long framesDecoded() { return framesDecoded; }

    /** Frames of unknown kinds that were skipped. */
    public long skippedFrames() { return skippedFrames; }

    /**
     * The next frame, or null at a clean end of stream (between frames).
     *
     * @throws ProtocolException malformed input or a stream cut inside a frame
     * @throws IOException the underlying stream failed
     */
    public Frame next() throws IOException {
        while (true) {
            if (!fill(Wire.HEADER_SIZE)) {
                if (limit == pos) return null;
                throw truncated();
            }
            long size = Integer.toUnsignedLong(intAt(pos));
            int kind = Short.toUnsignedInt((short) ((buffer[pos + 4] & 0xff) | (buffer[pos + 5] & 0xff) << 8));
            if (size > Wire.MAX_PAYLOAD) {
                throw fault(kind, "declares " + size + " bytes, more than the " + Wire.MAX_PAYLOAD + "-byte limit");
            }
            if (!sawHello && kind != Frame.HELLO) {
                throw fault("not a HandleSpy event stream: the first frame is " + Wire.kindName(kind) + ", not HELLO");
            }
            int n = (int) size;
            if (n < Wire.fixedSize(kind)) {
                throw fault(kind, "has " + n + " bytes, less than its " + Wire.fixedSize(kind) + "-byte fixed part");
            }
            if (!fill(Wire.HEADER_SIZE + n)) throw truncated();
            int start = pos + Wire.HEADER_SIZE;
            pos = start + n;
            Frame f = decode(kind, ByteBuffer.wrap(buffer, start, n).slice().order(ByteOrder.LITTLE_ENDIAN));
            if (f == null) {
                skippedFrames++;
                continue;
            }
            framesDecoded++;
            return f;
        }
    }

    /**
     * Whether the next frame already lies complete in the read-ahead, so {@link #next}
     * returns it without reading: when not, the next call may wait for the stream.
     */
    public boolean hasBufferedFrame() {
        if (limit - pos < Wire.HEADER_SIZE) return false;
        return limit - pos - Wire.HEADER_SIZE >= Integer.toUnsignedLong(intAt(pos));
    }

    private Frame decode(int kind, ByteBuffer b) throws ProtocolException {
        try {
            return switch (kind) {
                case Frame.HELLO -> hello(b);
                case Frame.MODULE_LOAD -> moduleLoad(b);
                case Frame.MODULE_UNLOAD -> new Frame.ModuleUnload(b.getLong(), b.getLong());
                case Frame.STACK -> stack(b);
                case Frame.CREATE -> {
                    long time = b.getLong(), handle = b.getLong();
                    long thread = Integer.toUnsignedLong(b.getInt());
                    int stack = b.getInt(), type = u16(b), api = u16(b);
                    yield new Frame.Create(time, handle, thread, stack, type, api, string(Frame.CREATE, b));
                }
                case Frame.CLOSE -> {
                    long time = b.getLong(), handle = b.getLong();
                    long thread = Integer.toUnsignedLong(b.getInt());
                    int stack = b.getInt(), api = u16(b);
                    u16(b);
                    yield new Frame.Close(time, handle, thread, stack, api);
                }
                case Frame.DUPLICATE -> {
                    long time = b.getLong(), src = b.getLong(), dst = b.getLong();
                    long thread = Integer.toUnsignedLong(b.getInt());
                    int stack = b.getInt(), type = u16(b), api = u16(b), flags = b.getInt();
                    yield new Frame.Duplicate(time, src, dst, thread, stack, type, api, flags);
                }
                case Frame.SNAPSHOT -> {
                    long time = b.getLong(), handle = b.getLong();
                    int type = u16(b);
                    u16(b);
                    yield new Frame.Snapshot(time, handle, type, string(Frame.SNAPSHOT, b));
                }
                case Frame.SAMPLE -> new Frame.Sample(b.getLong(), u32(b), u32(b), u32(b));
                case Frame.DROPPED -> new Frame.Dropped(b.getLong(), b.getLong());
                case Frame.GOODBYE -> {
                    long time = b.getLong();
                    yield new Frame.Goodbye(time, u16(b), string(Frame.GOODBYE, b));
                }
                case Frame.DEFINE -> {
                    int ns = u16(b), id = u16(b);
                    yield new Frame.Define(ns, id, string(Frame.DEFINE, b));
                }
                case Frame.NOTE -> {
                    long time = b.getLong();
                    yield new Frame.Note(time, u16(b), string(Frame.NOTE, b));
                }
                case Frame.OUTPUT -> {
                    long time = b.getLong();
                    int stream = u16(b);
                    u16(b);
                    byte[] data = new byte[b.remaining()];
                    b.get(data);
                    yield new Frame.Output(time, stream, data);
                }
                case Frame.TOKEN -> {
                    long time = b.getLong(), handle = b.getLong(), session = b.getLong();
                    int type = u16(b), level = u16(b);
                    yield new Frame.Token(time, handle, session, type, level, string(Frame.TOKEN, b));
                }
                case Frame.PROCESS -> {
                    long time = b.getLong(), pid = u32(b), parent = u32(b);
                    int event = u16(b);
                    u16(b);
                    int exitCode = b.getInt();
                    String path = b.hasRemaining() ? string(Frame.PROCESS, b) : "";
                    String args = b.hasRemaining() ? string(Frame.PROCESS, b) : "";
                    yield new Frame.Process(time, pid, parent, event, exitCode, path,
                        args.isEmpty() ? java.util.List.of() : java.util.List.of(args.split("\u0000", -1)));
                }
                case Frame.CODE_SYMBOL -> {
                    long time = b.getLong(), start = b.getLong(), size = b.getLong();
                    yield new Frame.CodeSymbol(time, start, size, string(Frame.CODE_SYMBOL, b));
                }
                default -> null;
            };
        } catch (java.nio.BufferUnderflowException e) {
            throw fault(kind, "is shorter than its fields (" + b.limit() + " bytes)");
        }
    }

    private Frame.Hello hello(ByteBuffer b) throws ProtocolException {
        int magic = b.getInt();
        if (magic != Wire.MAGIC) throw fault("not a HandleSpy event stream: bad magic 0x" + Integer.toHexString(magic));
        int version = u16(b);
        if (version != Wire.VERSION) {
            throw fault("recording protocol version " + version + ", this HandleSpy reads version "
                + Wire.VERSION + ": use matching builds of the app and its native parts");
        }
        int os = Byte.toUnsignedInt(b.get()), arch = Byte.toUnsignedInt(b.get());
        long pid = u32(b);
        b.getInt();
        long freq = b.getLong(), anchorTicks = b.getLong(), anchorNanos = b.getLong();
        if (freq <= 0) throw fault(Frame.HELLO, "gives a clock frequency of " + Long.toUnsignedString(freq) + " ticks/s");
        sawHello = true;
        return new Frame.Hello(version, os, arch, pid, freq, anchorTicks, anchorNanos, string(Frame.HELLO, b));
    }

    private Frame.ModuleLoad moduleLoad(ByteBuffer b) throws ProtocolException {
        long time = b.getLong(), base = b.getLong(), size = b.getLong();
        int idKind = Byte.toUnsignedInt(b.get()), idSize = Byte.toUnsignedInt(b.get());
        if (idSize > b.remaining()) throw fault(Frame.MODULE_LOAD, "has a debug id running past the frame");
        byte[] id = new byte[idSize];
        b.get(id);
        return new Frame.ModuleLoad(time, base, size, idKind, id, string(Frame.MODULE_LOAD, b));
    }

    private Frame.Stack stack(ByteBuffer b) throws ProtocolException {
        int id = b.getInt(), count = u16(b);
        u16(b);
        if (id == 0) throw fault(Frame.STACK, "uses stack id 0, which means \"no stack\"");
        if (count > Wire.MAX_STACK_FRAMES) {
            throw fault(Frame.STACK, "has " + count + " frames, more than " + Wire.MAX_STACK_FRAMES);
        }
        if (count * 8 > b.remaining()) throw fault(Frame.STACK, "has return addresses running past the frame");
        long[] frames = new long[count];
        for (int i = 0; i < count; i++) frames[i] = b.getLong();
        return new Frame.Stack(id, frames);
    }

    private String string(int kind, ByteBuffer b) throws ProtocolException {
        int len = u16(b);
        if (len > b.remaining()) {
            throw fault(kind, "has a " + len + "-byte string with only " + b.remaining() + " bytes left in the frame");
        }
        if (len == 0) return "";
        int start = b.position();
        b.position(start + len);
        return strings.decode(b.array(), b.arrayOffset() + start, len);
    }

    private static int u16(ByteBuffer b) { return Short.toUnsignedInt(b.getShort()); }

    private static long u32(ByteBuffer b) { return Integer.toUnsignedLong(b.getInt()); }

    /**
     * Makes at least {@code n} bytes available from {@code pos}; false at the end of the
     * stream before that. {@code n} is at most a header and a checked payload, so the
     * buffer grows only as far as {@link Wire#MAX_PAYLOAD} allows.
     */
    private boolean fill(int n) throws IOException {
        if (limit - pos >= n) return true;
        if (buffer.length < n) {
            byte[] bigger = new byte[Math.max(n, Math.min(Wire.HEADER_SIZE + Wire.MAX_PAYLOAD, buffer.length * 2))];
            System.arraycopy(buffer, pos, bigger, 0, limit - pos);
            buffer = bigger;
        } else if (buffer.length - pos < n) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
        } else {
            return read(n);
        }
        limit -= pos;
        pos = 0;
        return read(n);
    }

    private boolean read(int n) throws IOException {
        while (limit - pos < n) {
            int r = in.read(buffer, limit, buffer.length - limit);
            if (r < 0) return false;
            limit += r;
        }
        return true;
    }

    private int intAt(int i) {
        return (buffer[i] & 0xff) | (buffer[i + 1] & 0xff) << 8 | (buffer[i + 2] & 0xff) << 16 | (buffer[i + 3] & 0xff) << 24;
    }

    private ProtocolException truncated() {
        return new ProtocolException("stream truncated after " + framesDecoded + " frames", framesDecoded);
    }

    private ProtocolException fault(String message) {
        return new ProtocolException(message, framesDecoded);
    }

    /** A malformed frame, named by its index in the stream (skipped frames included) and its kind. */
    private ProtocolException fault(int kind, String what) {
        return fault("frame " + (framesDecoded + skippedFrames) + " (" + Wire.kindName(kind) + ") " + what);
    }
}
