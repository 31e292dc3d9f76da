package io.handlespy.export;

import io.handlespy.analysis.CreateCount;
import io.handlespy.analysis.HandleCategory;
import io.handlespy.analysis.LeakGroup;
import io.handlespy.analysis.LeakedHandle;
import io.handlespy.analysis.StackFrame;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A gzipped pprof profile (github.com/google/pprof, proto/profile.proto), the format
 * Grafana Pyroscope, Parca and {@code go tool pprof} read. Two sample types:
 * {@code inuse_handles/count}, the handles created in the window and still open at
 * the horizon (the counts of {@code handlespy leaks}), and {@code created_handles/count},
 * every handle created in the window. One sample per create stack, handle type and
 * name, labelled {@code type}, {@code category} and {@code name}; one location per
 * frame, with its function, file and line where known. Encoded by hand: the handful
 * of messages needs no generated code.
 */
public final class PprofExporter {
    // profile.proto field numbers
    private static final int P_SAMPLE_TYPE = 1, P_SAMPLE = 2, P_MAPPING = 3, P_LOCATION = 4, P_FUNCTION = 5,
        P_STRING_TABLE = 6, P_TIME_NANOS = 9, P_DURATION_NANOS = 10, P_PERIOD_TYPE = 11, P_PERIOD = 12,
        P_COMMENT = 13, P_DEFAULT_SAMPLE_TYPE = 14;

    private final Map<String, Long> strings = new LinkedHashMap<>();
    private final Map<String, Mapping> mappings = new LinkedHashMap<>();
    private final Map<String, Long> functionIds = new LinkedHashMap<>();
    private final List<ProtoWriter> functions = new ArrayList<>();
    private final Map<String, Long> locationIds = new LinkedHashMap<>();
    private final List<ProtoWriter> locations = new ArrayList<>();

    private PprofExporter() {
        id("");
    }

    /** Writes the gzipped profile; the caller owns {@code out}. */
    public static void write(PprofInput input, OutputStream out) throws IOException {
        GZIPOutputStream gz = new GZIPOutputStream(out);
        gz.write(new PprofExporter().encode(input));
        gz.finish();
        gz.flush();
    }

    private record Key(int stackId, String type, String name) {}

    private byte[] encode(PprofInput in) {
        Map<Key, long[]> values = new LinkedHashMap<>();
        Map<Integer, List<StackFrame>> stacks = new HashMap<>();
        for (LeakGroup g : in.leaks().groups()) {
            stacks.putIfAbsent(g.stackId(), g.stack());
            for (LeakedHandle h : g.handles()) values.computeIfAbsent(new Key(g.stackId(), h.type(), h.name()), k -> new long[2])[0]++;
        }
        for (CreateCount c : in.creates()) {
            stacks.putIfAbsent(c.stackId(), c.stack());
            values.computeIfAbsent(new Key(c.stackId(), c.type(), c.name()), k -> new long[2])[1] += c.count();
        }
        ProtoWriter p = new ProtoWriter();
        p.message(P_SAMPLE_TYPE, valueType("inuse_handles", "count"));
        p.message(P_SAMPLE_TYPE, valueType("created_handles", "count"));
        for (Map.Entry<Key, long[]> e : values.entrySet()) {
            Key k = e.getKey();
            List<StackFrame> stack = stacks.getOrDefault(k.stackId(), List.of());
            long[] locs = new long[stack.size()];
            for (int i = 0; i < locs.length; i++) locs[i] = location(stack.get(i));
            ProtoWriter s = new ProtoWriter().packed(1, locs).packed(2, e.getValue());
            s.message(3, label("type", k.type()));
            s.message(3, label("category", HandleCategory.of(k.type())));
            if (k.name() != null && !k.name().isEmpty()) s.message(3, label("name", k.name()));
            p.message(P_SAMPLE, s);
        }
        for (Mapping m : mappings.values()) p.message(P_MAPPING, m.encode(id(m.file)));
        for (ProtoWriter l : locations) p.message(P_LOCATION, l);
        for (ProtoWriter f : functions) p.message(P_FUNCTION, f);
        long start = in.info().startedAtUnixNanos() + in.leaks().window().fromNanos();
        p.varintIfSet(P_TIME_NANOS, start);
        p.varintIfSet(P_DURATION_NANOS, in.leaks().window().lengthNanos());
        p.message(P_PERIOD_TYPE, valueType("created_handles", "count"));
        p.varint(P_PERIOD, 1);
        p.varint(P_COMMENT, id("HandleSpy recording " + in.info().file()));
        p.varint(P_COMMENT, id(String.format("window %.3f s to %.3f s, leaked if still open at %.3f s",
            in.leaks().window().fromNanos() / 1e9, in.leaks().window().toNanos() / 1e9, in.leaks().horizonNanos() / 1e9)));
        p.varint(P_DEFAULT_SAMPLE_TYPE, id("inuse_handles"));
        for (String s : strings.keySet()) p.string(P_STRING_TABLE, s);
        return p.toByteArray();
    }

    private ProtoWriter valueType(String type, String unit) {
        return new ProtoWriter().varint(1, id(type)).varint(2, id(unit));
    }

    private ProtoWriter label(String key, String value) {
        return new ProtoWriter().varint(1, id(key)).varint(2, id(value == null ? "" : value));
    }

    private long location(StackFrame f) {
        String key = f.address() + "|" + f.module();
        Long known = locationIds.get(key);
        if (known != null) return known;
        long id = locationIds.size() + 1L;
        locationIds.put(key, id);
        ProtoWriter l = new ProtoWriter().varint(1, id);
        if (f.module() != null) l.varint(2, mapping(f));
        l.varint(3, f.address());
        l.message(4, new ProtoWriter().varint(1, function(f)).varintIfSet(2, f.line()));
        locations.add(l);
        return id;
    }

    /** A module as loaded at one base; its limit grows to cover every frame seen in it. */
    private static final class Mapping {
        final long id, start;
        final String file;
        long limit;

        Mapping(long id, long start, String file) {
            this.id = id;
            this.start = start;
            this.file = file;
            this.limit = start;
        }

        ProtoWriter encode(long fileName) {
            // has_functions, has_filenames, has_line_numbers: the locations carry symbols already
            return new ProtoWriter().varint(1, id).varint(2, start).varint(3, limit).varint(5, fileName)
                .varint(7, 1).varint(8, 1).varint(9, 1);
        }
    }

    private long mapping(StackFrame f) {
        long base = f.address() - f.moduleOffset();
        Mapping m = mappings.computeIfAbsent(f.module() + "@" + Long.toHexString(base),
            k -> new Mapping(mappings.size() + 1L, base, f.module()));
        m.limit = Math.max(m.limit, f.address() + 1);
        return m.id;
    }

    private long function(StackFrame f) {
        String name = f.function() != null ? f.function() : Render.shortFrame(f);
        String file = f.file() == null ? "" : f.file();
        String key = name + "\u0000" + file;
        Long known = functionIds.get(key);
        if (known != null) return known;
        long id = functionIds.size() + 1L;
        functionIds.put(key, id);
        functions.add(new ProtoWriter().varint(1, id).varint(2, id(name)).varint(3, id(name)).varint(4, id(file)));
        return id;
    }

    private long id(String s) {
        Long known = strings.get(s);
        if (known != null) return known;
        long id = strings.size();
        strings.put(s, id);
        return id;
    }
}
