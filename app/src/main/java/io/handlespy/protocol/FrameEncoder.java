package io.handlespy.protocol;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Encodes frames exactly as the native agents write them. Used by the synthetic
 * agent, by tests, and by anything that replays a stream. Not thread-safe.
 */
public final class FrameEncoder {
    private ByteBuffer buf = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);

    /** Appends one encoded frame to {@code out}. */
    public void write(OutputStream out, Frame frame) throws IOException {
        ByteBuffer b = encode(frame);
        out.write(b.array(), 0, b.limit());
    }

    /** One frame as a fresh byte array. */
    public byte[] toBytes(Frame frame) {
        ByteBuffer b = encode(frame);
        byte[] bytes = new byte[b.limit()];
        System.arraycopy(b.array(), 0, bytes, 0, bytes.length);
        return bytes;
    }

    private ByteBuffer encode(Frame frame) {
        buf.clear();
        buf.position(Wire.HEADER_SIZE);
        switch (frame) {
            case Frame.Hello h -> {
                need(Wire.HELLO_SIZE);
                buf.putInt(Wire.MAGIC).putShort((short) h.version()).put((byte) h.os()).put((byte) h.arch())
                    .putInt((int) h.pid()).putInt(0).putLong(h.clockFrequency()).putLong(h.anchorTicks())
                    .putLong(h.anchorUnixNanos());
                string(h.imagePath());
            }
            case Frame.ModuleLoad m -> {
                byte[] id = m.debugId();
                if (id.length > Wire.MAX_DEBUG_ID) {
                    throw new IllegalArgumentException("debug id of " + id.length + " bytes, at most " + Wire.MAX_DEBUG_ID);
                }
                need(Wire.MODULE_LOAD_SIZE + id.length);
                buf.putLong(m.time()).putLong(m.base()).putLong(m.size()).put((byte) m.debugIdKind())
                    .put((byte) id.length).put(id);
                string(m.path());
            }
            case Frame.ModuleUnload u -> {
                need(Wire.MODULE_UNLOAD_SIZE);
                buf.putLong(u.time()).putLong(u.base());
            }
            case Frame.Stack s -> {
                if (s.depth() > Wire.MAX_STACK_FRAMES) {
                    throw new IllegalArgumentException("stack of " + s.depth() + " frames, at most " + Wire.MAX_STACK_FRAMES);
                }
                need(Wire.STACK_SIZE + 8 * s.depth());
                buf.putInt(s.stackId()).putShort((short) s.depth()).putShort((short) 0);
                for (int i = 0; i < s.depth(); i++) buf.putLong(s.frame(i));
            }
            case Frame.Create c -> {
                need(Wire.CREATE_SIZE);
                buf.putLong(c.time()).putLong(c.handle()).putInt((int) c.thread()).putInt(c.stackId())
                    .putShort((short) c.type()).putShort((short) c.api());
                string(c.name());
            }
            case Frame.Close c -> {
                need(Wire.CLOSE_SIZE);
                buf.putLong(c.time()).putLong(c.handle()).putInt((int) c.thread()).putInt(c.stackId())
                    .putShort((short) c.api()).putShort((short) 0);
            }
            case Frame.Duplicate d -> {
                need(Wire.DUPLICATE_SIZE);
                buf.putLong(d.time()).putLong(d.sourceHandle()).putLong(d.newHandle()).putInt((int) d.thread())
                    .putInt(d.stackId()).putShort((short) d.type()).putShort((short) d.api()).putInt(d.flags());
            }
            case Frame.Snapshot s -> {
                need(Wire.SNAPSHOT_SIZE);
                buf.putLong(s.time()).putLong(s.handle()).putShort((short) s.type()).putShort((short) 0);
                string(s.name());
            }
            case Frame.Sample s -> {
                need(Wire.SAMPLE_SIZE);
                buf.putLong(s.time()).putInt((int) s.osHandleCount()).putInt((int) s.gdiCount())
                    .putInt((int) s.userCount()).putInt(0);
            }
            case Frame.Dropped d -> {
                need(Wire.DROPPED_SIZE);
                buf.putLong(d.time()).putLong(d.count());
            }
            case Frame.Goodbye g -> {
                need(Wire.GOODBYE_SIZE);
                buf.putLong(g.time()).putShort((short) g.reason());
                string(g.message());
            }
            case Frame.Define d -> {
                need(Wire.DEFINE_SIZE);
                buf.putShort((short) d.namespace()).putShort((short) d.id());
                string(d.name());
            }
            case Frame.Note n -> {
                need(Wire.NOTE_SIZE);
                buf.putLong(n.time()).putShort((short) n.level());
                string(n.text());
            }
            case Frame.Output o -> {
                byte[] data = o.data();
                need(Wire.OUTPUT_SIZE + data.length);
                buf.putLong(o.time()).putShort((short) o.stream()).putShort((short) 0).put(data);
            }
            case Frame.Process p -> {
                need(Wire.PROCESS_SIZE);
                buf.putLong(p.time()).putInt((int) p.pid()).putInt((int) p.parentPid()).putShort((short) p.event())
                    .putShort((short) 0).putInt(p.exitCode());
                if (p.event() == Frame.Process.STARTED || p.event() == Frame.Process.EXEC) {
                    string(p.path());
                    string(String.join("\u0000", p.arguments()));
                }
            }
            case Frame.CodeSymbol c -> {
                need(Wire.CODE_SYMBOL_SIZE);
                buf.putLong(c.time()).putLong(c.start()).putLong(c.size());
                string(c.name());
            }
            case Frame.Token t -> {
                need(Wire.TOKEN_SIZE);
                buf.putLong(t.time()).putLong(t.handle()).putLong(t.logonSession())
                    .putShort((short) t.tokenType()).putShort((short) t.impersonationLevel());
                string(t.user());
            }
        }
        int payload = buf.position() - Wire.HEADER_SIZE;
        buf.putInt(0, payload).putShort(4, (short) frame.kind()).putShort(6, (short) 0);
        buf.flip();
        return buf;
    }

    /** Truncates to {@link Wire#MAX_STRING} bytes as agents do, but never inside a UTF-8 sequence. */
    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        int len = bytes.length;
        if (len > Wire.MAX_STRING) {
            len = Wire.MAX_STRING;
            while ((bytes[len] & 0xC0) == 0x80) len--;
        }
        need(2 + len);
        buf.putShort((short) len).put(bytes, 0, len);
    }

    private void need(int more) {
        if (buf.remaining() >= more) return;
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
            .order(ByteOrder.LITTLE_ENDIAN);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
    }
}
