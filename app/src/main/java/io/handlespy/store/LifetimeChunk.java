package io.handlespy.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Column-oriented, varint-encoded block of closed lifetimes: one BLOB per chunk
 * instead of one SQL row per lifetime (rows cost ~100 bytes and ~5 µs each in H2;
 * this costs ~12 bytes and well under a microsecond). Each column is a run of
 * LEB128 varints; times and values are zigzag deltas from the previous entry,
 * names are indexes into a per-chunk dictionary.
 *
 * <pre>
 * version u8 = 1, count varint, dictionary (count varint, then len varint + UTF-8 each),
 * then 9 columns, each: byte length varint + bytes:
 *   create Δ, duration, handle Δ, type, api, stack, thread Δ, name index (0 = ""), snapshot flag
 * </pre>
 */
final class LifetimeChunk {
    private static final int VERSION = 1, COLUMNS = 9;

    /** Accumulates lifetimes; reusable after {@link #encode()} + {@link #clear()}. */
    static final class Builder {
        private final Column[] cols = new Column[COLUMNS];
        private final Map<String, Integer> names = new HashMap<>();
        private final java.util.ArrayList<String> nameList = new java.util.ArrayList<>();
        private int count;
        private long prevCreate, prevHandle, prevThread;
        long minCreate = Long.MAX_VALUE, maxCreate = Long.MIN_VALUE, maxClose = Long.MIN_VALUE;

        Builder() {
            for (int i = 0; i < COLUMNS; i++) cols[i] = new Column();
        }

        int count() { return count; }

        void add(long handle, int type, int api, int stack, long thread, long create, long close, boolean snapshot,
                 String name) {
            cols[0].zigzag(create - prevCreate);
            cols[1].zigzag(close - create);
            cols[2].zigzag(handle - prevHandle);
            cols[3].varint(type);
            cols[4].varint(api);
            cols[5].varint(Integer.toUnsignedLong(stack));
            cols[6].zigzag(thread - prevThread);
            cols[7].varint(nameIndex(name));
            cols[8].varint(snapshot ? 1 : 0);
            prevCreate = create;
            prevHandle = handle;
            prevThread = thread;
            minCreate = Math.min(minCreate, create);
            maxCreate = Math.max(maxCreate, create);
            maxClose = Math.max(maxClose, close);
            count++;
        }

        private int nameIndex(String name) {
            if (name == null || name.isEmpty()) return 0;
            Integer i = names.get(name);
            if (i != null) return i;
            nameList.add(name);
            names.put(name, nameList.size());
            return nameList.size();
        }

        byte[] encode() {
            Column out = new Column();
            out.bytes[out.len++] = VERSION;
            out.varint(count);
            out.varint(nameList.size());
            for (String n : nameList) {
                byte[] b = n.getBytes(StandardCharsets.UTF_8);
                out.varint(b.length);
                out.append(b, b.length);
            }
            for (Column c : cols) {
                out.varint(c.len);
                out.append(c.bytes, c.len);
            }
            return Arrays.copyOf(out.bytes, out.len);
        }

        void clear() {
            for (Column c : cols) c.len = 0;
            names.clear();
            nameList.clear();
            count = 0;
            prevCreate = prevHandle = prevThread = 0;
            minCreate = Long.MAX_VALUE;
            maxCreate = maxClose = Long.MIN_VALUE;
        }
    }

    private LifetimeChunk() {}

    /** Decodes every lifetime of a chunk, in the order they were added. */
    static void decode(byte[] data, Consumer<Lifetime> sink) {
        Reader r = new Reader(data, 0, data.length);
        if (r.u8() != VERSION) throw new IllegalStateException("unknown lifetime chunk version");
        int count = (int) r.varint();
        String[] names = new String[(int) r.varint() + 1];
        names[0] = "";
        for (int i = 1; i < names.length; i++) {
            int len = (int) r.varint();
            names[i] = new String(data, r.pos, len, StandardCharsets.UTF_8);
            r.pos += len;
        }
        Reader[] cols = new Reader[COLUMNS];
        for (int i = 0; i < COLUMNS; i++) {
            int len = (int) r.varint();
            cols[i] = new Reader(data, r.pos, r.pos + len);
            r.pos += len;
        }
        long create = 0, handle = 0, thread = 0;
        for (int i = 0; i < count; i++) {
            create += cols[0].zigzag();
            long close = create + cols[1].zigzag();
            handle += cols[2].zigzag();
            int type = (int) cols[3].varint(), api = (int) cols[4].varint(), stack = (int) cols[5].varint();
            thread += cols[6].zigzag();
            String name = names[(int) cols[7].varint()];
            boolean snapshot = cols[8].varint() != 0;
            sink.accept(new Lifetime(handle, type, api, stack, thread, create, close, snapshot, name));
        }
    }

    private static final class Column {
        byte[] bytes = new byte[1 << 12];
        int len;

        void zigzag(long v) { varint((v << 1) ^ (v >> 63)); }

        void varint(long v) {
            if (len + 10 > bytes.length) bytes = Arrays.copyOf(bytes, bytes.length * 2);
            while ((v & ~0x7FL) != 0) {
                bytes[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[len++] = (byte) v;
        }

        void append(byte[] b, int n) {
            if (len + n > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, len + n));
            System.arraycopy(b, 0, bytes, len, n);
            len += n;
        }
    }

    private static final class Reader {
        final byte[] data;
        int pos;
        final int end;

        Reader(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        int u8() { return data[pos++] & 0xFF; }

        long varint() {
            long v = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = data[pos++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) return v;
            }
        }

        long zigzag() {
            long v = varint();
            return (v >>> 1) ^ -(v & 1);
        }
    }
}
