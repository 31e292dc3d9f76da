package io.handlespy.store;

import io.handlespy.symbols.ModuleRef;
import io.handlespy.symbols.SymbolInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One recording: an embedded H2 database file (H2 {@value #H2_VERSION}).
 *
 * <p>File naming: H2 stores a database "foo" in the file {@code foo.mv.db}. A
 * recording's path is that full file name. Every method accepts either form,
 * {@code foo} or {@code foo.mv.db}, and {@link #file()} always answers the full
 * name ending in {@code .mv.db}.
 *
 * <p>{@link #open} never creates or changes a file it cannot read as a recording:
 * it checks the H2 header itself, then opens read-only with IFEXISTS; a valid,
 * writable recording is reopened for writing only when something is first written
 * to it (symbols to cache, a marker): H2 writes and compacts a file on closing a
 * writable connection even when nothing changed, which cost a query most of its time.
 * Reads are safe while this process's writer is recording into the file.
 */
public final class Recording implements AutoCloseable {
    public static final String H2_VERSION = "2.4.240";
    public static final String SUFFIX = ".mv.db";
    private static final String OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE";
    /**
     * For the file {@link #create} makes, until its writer closes it: no compaction on that
     * close. H2 compacts a file for up to 200 ms when its last connection closes, but a
     * recording is written once, in order: compacting took 125-185 ms of the end of a
     * 1.5 s churn recording and left the file larger (15-16.5 bytes per event, against
     * 11-13 without; docs/performance.md).
     */
    private static final String WRITTEN_ONCE = ";MAX_COMPACT_TIME=0";

    private final Path file;
    private Connection conn;
    private final boolean writable;
    private boolean connWritable;
    private final boolean fresh;
    private RecordingWriter writer;

    private Recording(Path file, Connection conn, boolean writable, boolean connWritable, boolean fresh) {
        this.file = file;
        this.conn = conn;
        this.writable = writable;
        this.connWritable = connWritable;
        this.fresh = fresh;
    }

    /** {@code foo} and {@code foo.mv.db} both name the file {@code foo.mv.db}. */
    public static Path normalize(Path file) {
        Path abs = file.toAbsolutePath().normalize();
        String name = abs.getFileName().toString();
        return name.endsWith(SUFFIX) ? abs : abs.resolveSibling(name + SUFFIX);
    }

    private static String url(Path normalized) {
        String s = normalized.toString();
        return "jdbc:h2:file:" + s.substring(0, s.length() - SUFFIX.length()) + OPTIONS;
    }

    /** Creates a new, empty recording at {@code file} (refuses to overwrite an existing one). */
    public static Recording create(Path file) throws RecordingException {
        return create(file, Retention.FULL);
    }

    /** Like {@link #create(Path)}, keeping lifetimes as {@code retention} says. */
    public static Recording create(Path file, Retention retention) throws RecordingException {
        Path f = checkNew(file);
        try {
            Connection c = DriverManager.getConnection(url(f) + WRITTEN_ONCE, "sa", "");
            try (Statement s = c.createStatement()) {
                Schema.create(c);
                s.execute("INSERT INTO meta VALUES ('schema_version', '" + Schema.VERSION + "')");
                s.execute("INSERT INTO meta VALUES ('h2_version', '" + h2Version(c) + "')");
                s.execute("INSERT INTO meta VALUES ('created_by', 'HandleSpy')");
                s.execute("INSERT INTO meta VALUES ('" + Retention.META_KEY + "', '" + retention.cliName() + "')");
            }
            return new Recording(f, c, true, true, true);
        } catch (SQLException e) {
            throw new RecordingException("Cannot create the recording " + f + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file {@link #create} makes, checked the way it checks it (no file there yet; its
     * folder is created), so a caller can refuse early what the creation would refuse.
     */
    public static Path checkNew(Path file) throws RecordingException {
        Path f = normalize(file);
        if (Files.exists(f)) {
            throw new RecordingException(f + " already exists; choose another file name or delete the old recording.");
        }
        try {
            Files.createDirectories(f.getParent());
        } catch (IOException e) {
            throw new RecordingException("Cannot create the folder " + f.getParent() + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** Opens an existing recording; clear RecordingException for missing, corrupt, foreign or newer files. */
    public static Recording open(Path file) throws RecordingException {
        Path f = normalize(file);
        return open(f, Files.isWritable(f));
    }

    /** Opens an existing recording without ever writing to it (symbols are then cached only in memory). */
    public static Recording openReadOnly(Path file) throws RecordingException {
        return open(normalize(file), false);
    }

    private static Recording open(Path f, boolean writable) throws RecordingException {
        if (!Files.isRegularFile(f)) {
            throw new RecordingException("No recording at " + f + (Files.exists(f) ? " (it is a folder)." : "."));
        }
        checkHeader(f);
        try {
            Connection checked = validated(f,
                DriverManager.getConnection(url(f) + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r", "sa", ""));
            // the connection that validated is the one to read with (a second open costs as much again)
            return new Recording(f, checked, writable, false, false);
        } catch (SQLException e) {
            throw H2Errors.describe(f, e);
        }
    }

    /** {@code c} once {@link #validate} accepts its file; closed when it does not. */
    private static Connection validated(Path f, Connection c) throws SQLException, RecordingException {
        try {
            validate(f, c);
            return c;
        } catch (SQLException | RecordingException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** H2 MVStore files begin with a text header "H:2,…"; anything else is refused before H2 sees it. */
    private static void checkHeader(Path f) throws RecordingException {
        byte[] head = new byte[4];
        int n;
        try (InputStream in = Files.newInputStream(f)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new RecordingException("Cannot read " + f + ": " + e.getMessage(), e);
        }
        if (n < 4 || !new String(head, StandardCharsets.ISO_8859_1).startsWith("H:")) {
            throw new RecordingException(f + " is not a HandleSpy recording (it is not an H2 database file).");
        }
    }

    private static void validate(Path f, Connection c) throws SQLException, RecordingException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                 + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME IN ('META', 'TOTALS')")) {
            rs.next();
            if (rs.getInt(1) < 2) {
                throw new RecordingException(f + " is an H2 database but not a HandleSpy recording.");
            }
        }
        Map<String, String> meta = meta(c);
        String v = meta.get("schema_version");
        int version;
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new RecordingException(f + " is an H2 database but not a HandleSpy recording (no schema version).");
        }
        if (version > Schema.VERSION) {
            throw new RecordingException(f + " was made by a newer HandleSpy (recording format " + version
                + "); this HandleSpy reads format " + Schema.VERSION + ". Update HandleSpy to open it.");
        }
        try {
            Retention.named(meta.get(Retention.META_KEY));
        } catch (IllegalArgumentException e) {
            throw new RecordingException(f + " was made by a newer HandleSpy (" + e.getMessage()
                + "). Update HandleSpy to open it.");
        }
        if (version < Schema.VERSION) {
            // Formats before the current one only ever came from development builds: none shipped, none to migrate.
            throw new RecordingException(f + " was made by an earlier development build of HandleSpy (recording format "
                + version + "); this HandleSpy reads format " + Schema.VERSION + ". Record the target again.");
        }
    }

    public Path file() { return file; }

    /** Whether this process may write to the file (symbol cache); false for read-only files. */
    public boolean writable() { return writable; }

    /** The single writer of a recording made by {@link #create}. */
    public RecordingWriter startWriting() throws RecordingException {
        return startWriting(p -> { });
    }

    /** Like {@link #startWriting()}, calling {@code onCommit} on the writer thread after every commit. */
    public synchronized RecordingWriter startWriting(Consumer<IngestProgress> onCommit) throws RecordingException {
        if (!fresh) throw new RecordingException(file + " is a finished recording; it cannot be recorded into again.");
        if (writer != null) throw new RecordingException("A writer is already recording into " + file + ".");
        try {
            Retention retention = retention();
            Connection c = DriverManager.getConnection(url(file) + ";IFEXISTS=TRUE", "sa", "");
            writer = new RecordingWriter(new StoreWriter(c, retention),
                file.getFileName().toString(), retention, onCommit);
            return writer;
        } catch (SQLException e) {
            throw new RecordingException("Cannot start writing " + file + ": " + e.getMessage(), e);
        }
    }

    public synchronized RecordingInfo info() throws RecordingException {
        try {
            Map<String, String> meta = meta(conn);
            List<String> notes = new ArrayList<>();
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT text FROM notes ORDER BY seq")) {
                while (rs.next()) notes.add(rs.getString(1));
            }
            try (Statement s = conn.createStatement();
                 ResultSet t = s.executeQuery("SELECT events, creates, closes, drops, unmatched_closes, implicit_closes, "
                     + "open_now, open_snapshots, last_ns, os_last, status, end_reason FROM totals WHERE id = 1")) {
                t.next();
                String status = t.getString(11);
                if (status.equals("recording") && (writer == null || !writer.isRunning())) status = "interrupted";
                String endReason = t.getString(12);
                if (endReason == null && meta.containsKey("goodbye")) endReason = meta.get("goodbye");
                return new RecordingInfo(file.toString(), Long.parseLong(meta.getOrDefault("pid", "0")),
                    meta.getOrDefault("image", ""), meta.getOrDefault("platform", ""), meta.getOrDefault("arch", ""),
                    Long.parseLong(meta.getOrDefault("started_unix_nanos", "0")), t.getLong(9), t.getLong(1),
                    t.getLong(2), t.getLong(3), t.getLong(4), t.getLong(7), t.getLong(10), t.getLong(8), t.getLong(5),
                    t.getLong(6), status, endReason, notes, Integer.parseInt(meta.get("schema_version")),
                    meta.getOrDefault("h2_version", ""), Retention.named(meta.get(Retention.META_KEY)));
            }
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** What the recording keeps of each lifetime; {@link Retention#FULL} for a recording made before retention modes. */
    public synchronized Retention retention() throws RecordingException {
        try {
            return Retention.named(meta(conn).get(Retention.META_KEY));
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /**
     * The closed lifetimes of a {@link Retention#OPEN} recording created in
     * [{@code createFrom}, {@code createTo}], counted per stack and type: the buckets that
     * start in that range, 1 s buckets where the recording still has them (its last
     * hour), 1 min buckets otherwise. Empty for a {@link Retention#FULL} recording, whose
     * closed lifetimes {@link #lifetimes} visits one by one.
     */
    public synchronized List<ClosedCount> closedCounts(long createFrom, long createTo) throws RecordingException {
        List<ClosedCount> out = new ArrayList<>();
        if (retention() != Retention.OPEN) return out;
        try (PreparedStatement oldestFine = conn.prepareStatement(
                 "SELECT MIN(start_ns) FROM closed_counts WHERE size_ns = " + ClosedCounts.FINE);
             PreparedStatement p = conn.prepareStatement("SELECT stack, type, SUM(n), SUM(dur_sum), MAX(dur_max) "
                 + "FROM closed_counts WHERE size_ns = ? AND start_ns BETWEEN ? AND ? GROUP BY stack, type "
                 + "ORDER BY stack, type")) {
            long size = ClosedCounts.COARSE;
            try (ResultSet rs = oldestFine.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null && rs.getLong(1) <= Math.floorDiv(createFrom, ClosedCounts.FINE)
                    * ClosedCounts.FINE) {
                    size = ClosedCounts.FINE;
                }
            }
            p.setLong(1, size);
            p.setLong(2, Math.floorDiv(createFrom, size) * size);
            p.setLong(3, createTo);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ClosedCount(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getDouble(4), rs.getLong(5), size));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Length of the recording: the time of its last event or of GOODBYE. */
    public synchronized long durationNanos() throws RecordingException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT last_ns FROM totals")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /**
     * Visits every lifetime created in [{@code createFrom}, {@code createTo}] that is
     * still open after {@code openAfter} (closed later, or never), snapshots included.
     * Reads the row table through its indexes and only the chunks that can hold such
     * a lifetime (created by then, closed after).
     */
    public synchronized void lifetimes(long createFrom, long createTo, long openAfter, Consumer<Lifetime> visitor)
            throws RecordingException {
        // A row of duration class c closed at most 2^c - 1 ns after its create, so it can only
        // be open after openAfter if created after openAfter - (2^c - 1): one bounded scan of the
        // (dur_class, create) index per class reads about twice the rows that qualify,
        // instead of every row created in the range. After the last event only the
        // never-closed class can qualify.
        int firstClass = openAfter >= durationNanos() ? Schema.OPEN_CLASS : 0;
        try (PreparedStatement rows = conn.prepareStatement("SELECT handle, type, api, stack, thread, create_ns, close_ns, "
                 + "snapshot, name FROM open_lifetimes USE INDEX (open_lifetimes_class) "
                 + "WHERE dur_class = ? AND create_ns BETWEEN ? AND ? AND close_ns > ?");
             PreparedStatement chunks = conn.prepareStatement("SELECT id FROM chunk_index "
                 + "WHERE max_close > ? AND min_create <= ? AND max_create >= ? ORDER BY id");
             PreparedStatement data = conn.prepareStatement("SELECT data FROM chunks WHERE id = ?")) {
            rows.setLong(3, createTo);
            rows.setLong(4, openAfter);
            for (int c = firstClass; c <= Schema.OPEN_CLASS; c++) {
                long from = c == Schema.OPEN_CLASS ? createFrom : Math.max(createFrom, earliestCreate(openAfter, c));
                if (from > createTo) continue;
                rows.setInt(1, c);
                rows.setLong(2, from);
                try (ResultSet rs = rows.executeQuery()) {
                    while (rs.next()) {
                        long close = rs.getLong(7);
                        visitor.accept(new Lifetime(rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getLong(5),
                            rs.getLong(6), close == Schema.OPEN ? -1 : close, rs.getBoolean(8), rs.getString(9)));
                    }
                }
            }
            chunks.setLong(1, openAfter);
            chunks.setLong(2, createTo);
            chunks.setLong(3, createFrom);
            List<Integer> ids = new ArrayList<>();
            try (ResultSet rs = chunks.executeQuery()) {
                while (rs.next()) ids.add(rs.getInt(1));
            }
            for (int id : ids) {
                data.setInt(1, id);
                try (ResultSet rs = data.executeQuery()) {
                    rs.next();
                    LifetimeChunk.decode(rs.getBytes(1), l -> {
                        if (l.createNanos() >= createFrom && l.createNanos() <= createTo && l.closeNanos() > openAfter) {
                            visitor.accept(l);
                        }
                    });
                }
            }
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** The earliest create of a lifetime of duration class {@code c} (lasting at most 2^c - 1 ns) still open after {@code h}. */
    private static long earliestCreate(long h, int c) {
        if (c >= 63) return Long.MIN_VALUE;
        long longest = (1L << c) - 1;
        return h < Long.MIN_VALUE + longest ? Long.MIN_VALUE : h - longest + 1;
    }

    /**
     * Token facts of the lifetimes created in [{@code createFrom}, {@code createTo}];
     * empty for a recording made before the tokens table existed.
     */
    public synchronized Map<TokenFacts.Key, TokenFacts> tokens(long createFrom, long createTo) throws RecordingException {
        Map<TokenFacts.Key, TokenFacts> out = new HashMap<>();
        try {
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                     + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'TOKENS'")) {
                rs.next();
                if (rs.getInt(1) == 0) return out;
            }
            try (PreparedStatement p = conn.prepareStatement("SELECT handle, create_ns, logon_session, token_type, "
                     + "impersonation_level, account FROM tokens WHERE create_ns BETWEEN ? AND ?")) {
                p.setLong(1, createFrom);
                p.setLong(2, createTo);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.put(new TokenFacts.Key(rs.getLong(1), rs.getLong(2)),
                            new TokenFacts(rs.getLong(3), rs.getInt(4), rs.getInt(5), rs.getString(6)));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Handles that were open before the recording started (SNAPSHOT) and are still open after {@code t}. */
    public int openBeforeRecording(long t) throws RecordingException {
        String last;
        synchronized (this) {
            try {
                last = meta(conn).get("last_snapshot_ns");
            } catch (SQLException e) {
                throw readFailed(e);
            }
        }
        if (last == null) return 0;
        int[] count = new int[1];
        lifetimes(Long.MIN_VALUE, Long.parseLong(last), t, l -> { if (l.snapshot()) count[0]++; });
        return count[0];
    }

    /** Bucket sizes this recording holds for {@link #buckets}, finest first (they depend on its {@link #retention}). */
    public long[] bucketSizes() throws RecordingException {
        int[] levels = CountBuckets.levelsOf(retention());
        long[] sizes = new long[levels.length];
        for (int i = 0; i < levels.length; i++) sizes[i] = CountBuckets.LEVELS[levels[i]];
        return sizes;
    }

    /**
     * The stored buckets of size {@code sizeNanos} overlapping [from, to], in time order,
     * preceded by the last bucket before {@code from} (if any) so a caller can carry its count forward.
     */
    public synchronized List<CountBucket> buckets(long sizeNanos, long from, long to) throws RecordingException {
        int level = -1;
        for (int i = 0; i < CountBuckets.LEVELS.length; i++) if (CountBuckets.LEVELS[i] == sizeNanos) level = i;
        if (level < 0) throw new IllegalArgumentException("no bucket level of " + sizeNanos + " ns");
        List<CountBucket> out = new ArrayList<>();
        try (PreparedStatement before = conn.prepareStatement("SELECT idx, min_live, max_live, last_live, creates, closes, "
                 + "os_min, os_max FROM buckets WHERE level = ? AND idx < ? ORDER BY idx DESC LIMIT 1");
             PreparedStatement in = conn.prepareStatement("SELECT idx, min_live, max_live, last_live, creates, closes, "
                 + "os_min, os_max FROM buckets WHERE level = ? AND idx BETWEEN ? AND ? ORDER BY idx")) {
            before.setInt(1, level);
            before.setLong(2, from / sizeNanos);
            try (ResultSet rs = before.executeQuery()) {
                while (rs.next()) out.add(bucket(rs, sizeNanos));
            }
            in.setInt(1, level);
            in.setLong(2, from / sizeNanos);
            in.setLong(3, to / sizeNanos);
            try (ResultSet rs = in.executeQuery()) {
                while (rs.next()) out.add(bucket(rs, sizeNanos));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /**
     * The type ids or category ordinals that have count buckets of their own, ascending;
     * empty for a recording made before kinds were counted.
     */
    public synchronized List<Integer> kinds(BucketKind split) throws RecordingException {
        List<Integer> out = new ArrayList<>();
        try {
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                     + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'SERIES_KINDS'")) {
                rs.next();
                if (rs.getInt(1) == 0) return out;
            }
            try (PreparedStatement p = conn.prepareStatement("SELECT kind FROM series_kinds WHERE family = ? ORDER BY kind")) {
                p.setInt(1, split.family);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) out.add(rs.getInt(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /**
     * Like {@link #buckets}, once per handle type or per category (by type id or
     * {@link io.handlespy.protocol.HandleCategory} ordinal): each kind's stored buckets
     * overlapping [from, to], preceded by its last bucket before {@code from}. Creates
     * and closes are not kept per kind (0). Empty for a recording made before kinds were counted.
     */
    public synchronized Map<Integer, List<CountBucket>> kindBuckets(BucketKind split, long sizeNanos, long from, long to)
            throws RecordingException {
        int level = -1;
        for (int i = 0; i < CountBuckets.LEVELS.length; i++) if (CountBuckets.LEVELS[i] == sizeNanos) level = i;
        if (level < 0) throw new IllegalArgumentException("no bucket level of " + sizeNanos + " ns");
        Map<Integer, List<CountBucket>> out = new java.util.TreeMap<>();
        try {
            for (int kind : kinds(split)) out.put(kind, new ArrayList<>());
            String columns = "SELECT idx, min_live, max_live, last_live, 0, 0, os_min, os_max FROM kind_buckets "
                + "WHERE family = ? AND kind = ? AND level = ? AND ";
            try (PreparedStatement before = conn.prepareStatement(columns + "idx < ? ORDER BY idx DESC LIMIT 1");
                 PreparedStatement in = conn.prepareStatement(columns + "idx BETWEEN ? AND ? ORDER BY idx")) {
                for (Map.Entry<Integer, List<CountBucket>> e : out.entrySet()) {
                    for (PreparedStatement p : List.of(before, in)) {
                        p.setInt(1, split.family);
                        p.setInt(2, e.getKey());
                        p.setInt(3, level);
                        p.setLong(4, from / sizeNanos);
                    }
                    in.setLong(5, to / sizeNanos);
                    try (ResultSet rs = before.executeQuery()) {
                        while (rs.next()) e.getValue().add(bucket(rs, sizeNanos));
                    }
                    try (ResultSet rs = in.executeQuery()) {
                        while (rs.next()) e.getValue().add(bucket(rs, sizeNanos));
                    }
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    private static CountBucket bucket(ResultSet rs, long size) throws SQLException {
        return new CountBucket(rs.getLong(1) * size, size, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6), rs.getLong(7), rs.getLong(8));
    }

    /** OS samples in [from, to], in time order. */
    public synchronized List<OsSample> samples(long from, long to) throws RecordingException {
        List<OsSample> out = new ArrayList<>();
        try (PreparedStatement p = conn.prepareStatement("SELECT t, os, gdi, usr FROM samples WHERE t BETWEEN ? AND ? ORDER BY seq")) {
            p.setLong(1, from);
            p.setLong(2, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(new OsSample(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** The return addresses of a stack, innermost first; empty for stack 0 or an unknown id. */
    public synchronized long[] stack(int stackId) throws RecordingException {
        try (PreparedStatement p = conn.prepareStatement("SELECT frames FROM stacks WHERE id = ?")) {
            p.setInt(1, stackId);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) return new long[0];
                ByteBuffer b = ByteBuffer.wrap(rs.getBytes(1)).order(ByteOrder.LITTLE_ENDIAN);
                long[] frames = new long[b.remaining() / 8];
                for (int i = 0; i < frames.length; i++) frames[i] = b.getLong();
                return frames;
            }
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    public synchronized List<LoadedModule> modules() throws RecordingException {
        List<LoadedModule> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT load_ns, unload_ns, base, size, debug_kind, debug_id, path FROM modules ORDER BY seq")) {
            while (rs.next()) {
                out.add(new LoadedModule(new ModuleRef(rs.getString(7), rs.getLong(3), rs.getLong(4), rs.getInt(5),
                    HexFormat.of().formatHex(rs.getBytes(6))), rs.getLong(1), rs.getLong(2)));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Names announced by DEFINE frames in {@code namespace} (1 types, 2 apis), by id. */
    public synchronized Map<Integer, String> defines(int namespace) throws RecordingException {
        Map<Integer, String> out = new HashMap<>();
        try (PreparedStatement p = conn.prepareStatement("SELECT id, name FROM defines WHERE ns = ?")) {
            p.setInt(1, namespace);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), rs.getString(2));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Per-stack live counts at 100 ms resolution, ordered by stack then time. */
    public synchronized List<StackLiveSample> stackLive() throws RecordingException {
        List<StackLiveSample> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT stack, t, live FROM stack_live ORDER BY stack, t")) {
            while (rs.next()) out.add(new StackLiveSample(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /**
     * Cached symbols of {@code module}, by offset from the module base. A value with a
     * null function means "asked before, the symbolizer knew nothing".
     */
    public synchronized Map<Long, SymbolInfo> cachedSymbols(ModuleRef module) throws RecordingException {
        Map<Long, SymbolInfo> out = new HashMap<>();
        try (PreparedStatement p = conn.prepareStatement(
                 "SELECT module_offset, function, file, line FROM symbols WHERE module = ? AND debug_id = ?")) {
            p.setString(1, module.path());
            p.setString(2, module.debugIdHex());
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.put(rs.getLong(1), new SymbolInfo(rs.getString(2), rs.getString(3), rs.getInt(4)));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Stores symbols by module offset (null function = unresolvable); a no-op for a read-only file. */
    public synchronized void cacheSymbols(ModuleRef module, Map<Long, SymbolInfo> byOffset) throws RecordingException {
        if (!writable || byOffset.isEmpty()) return;
        try (PreparedStatement p = writing().prepareStatement("MERGE INTO symbols KEY(module, debug_id, module_offset) "
                 + "VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Map.Entry<Long, SymbolInfo> e : byOffset.entrySet()) {
                p.setString(1, module.path());
                p.setString(2, module.debugIdHex());
                p.setLong(3, e.getKey());
                p.setString(4, e.getValue().function());
                p.setString(5, e.getValue().file());
                p.setInt(6, e.getValue().line());
                p.addBatch();
            }
            p.executeBatch();
        } catch (SQLException e) {
            throw new RecordingException("Cannot store symbols in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The iteration markers, oldest first (an empty list for a recording without any).
     * Safe while a recorder writes the file from this process.
     */
    public synchronized List<Marker> markers() throws RecordingException {
        List<Marker> out = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet has = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                 + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'MARKERS'")) {
            has.next();
            if (has.getInt(1) == 0) return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT t, label FROM markers ORDER BY t, seq")) {
            while (rs.next()) out.add(new Marker(rs.getLong(1), rs.getString(2)));
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Adds an iteration marker; the label is cut to 4096 characters. */
    public synchronized void addMarker(Marker marker) throws RecordingException {
        if (!writable) throw new RecordingException(file + " is read-only; a marker cannot be added to it.");
        String label = marker.label() == null ? "" : marker.label();
        Connection c;
        try {
            c = writing();
        } catch (SQLException e) {
            throw new RecordingException("Cannot add a marker to " + file + ": " + e.getMessage(), e);
        }
        try (Statement s = c.createStatement();
             PreparedStatement p = c.prepareStatement("INSERT INTO markers(t, label) VALUES (?, ?)")) {
            s.execute(Schema.MARKERS_DDL);
            p.setLong(1, marker.timeNanos());
            p.setString(2, label.length() > 4096 ? label.substring(0, 4096) : label);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new RecordingException("Cannot add a marker to " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Notes the Wine prefix a Windows target ran in: its drive map turns the module paths the
     * target reported into files of this machine when the recording is symbolized later.
     */
    public synchronized void setWinePrefix(Path prefix) throws RecordingException {
        if (!writable) throw new RecordingException(file + " is read-only; its Wine prefix cannot be set.");
        try (PreparedStatement p = writing().prepareStatement("MERGE INTO meta KEY(k) VALUES ('wine_prefix', ?)")) {
            p.setString(1, prefix.toAbsolutePath().toString());
            p.executeUpdate();
        } catch (SQLException e) {
            throw new RecordingException("Cannot note the Wine prefix in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The Wine prefix the target ran in, when it was a Windows program under Wine recorded with one noted. */
    public synchronized Optional<Path> winePrefix() throws RecordingException {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM meta WHERE k = 'wine_prefix'")) {
            return rs.next() ? Optional.of(Path.of(rs.getString(1))) : Optional.empty();
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** The connection, reopened for writing on the first write to a recording opened for reading. */
    private Connection writing() throws SQLException {
        if (!connWritable) {
            conn.close();
            conn = DriverManager.getConnection(url(file) + ";IFEXISTS=TRUE", "sa", "");
            connWritable = true;
        }
        return conn;
    }

    private RecordingException readFailed(SQLException e) {
        return new RecordingException("Reading " + file + " failed: " + e.getMessage(), e);
    }

    private static Map<String, String> meta(Connection c) throws SQLException {
        Map<String, String> meta = new HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT k, v FROM meta")) {
            while (rs.next()) meta.put(rs.getString(1), rs.getString(2));
        }
        return meta;
    }

    private static String h2Version(Connection c) throws SQLException {
        String v = c.getMetaData().getDatabaseProductVersion();
        int space = v.indexOf(' ');
        return space < 0 ? v : v.substring(0, space);
    }

    /** Finishes an unfinished writer (end reason "closed") and closes the file. */
    @Override
    public synchronized void close() {
        if (writer != null) writer.close();
        try {
            conn.close();
        } catch (SQLException e) {
            throw new IllegalStateException("Closing " + file + " failed: " + e.getMessage(), e);
        }
    }

    // Process trees (record --follow-children): the tables exist only in recordings made since.

    /** The processes of a followed tree, by start time; empty when the recording followed none. */
    public synchronized List<ProcessInfo> processes() throws RecordingException {
        List<ProcessInfo> out = new ArrayList<>();
        try {
            if (!hasTable("PROCESSES")) return out;
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pid, parent, path, arguments, start_ns, end_ns, exit_code "
                     + "FROM processes ORDER BY start_ns, pid")) {
                while (rs.next()) {
                    String args = rs.getString(4);
                    out.add(new ProcessInfo(rs.getLong(1), rs.getLong(2), rs.getString(3),
                        args == null || args.isEmpty() ? List.of() : List.of(args.split("\u0000", -1)),
                        rs.getLong(5), rs.getLong(6), rs.getInt(7)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** The process each stack id belongs to in a followed tree; empty when the recording followed none. */
    public synchronized Map<Integer, Long> stackProcesses() throws RecordingException {
        return owners("PROCESS_STACKS", "SELECT stack, pid FROM process_stacks");
    }

    /** The process of each module, by its index in {@link #modules()}; empty when the recording followed no tree. */
    public synchronized Map<Integer, Long> moduleProcesses() throws RecordingException {
        return owners("PROCESS_MODULES", "SELECT seq, pid FROM process_modules");
    }

    private Map<Integer, Long> owners(String table, String query) throws RecordingException {
        Map<Integer, Long> out = new HashMap<>();
        try {
            if (!hasTable(table)) return out;
            try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(query)) {
                while (rs.next()) out.put(rs.getInt(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    /** Code no module describes, named by its runtime (a JVM's perf map); empty when the recording has none. */
    public synchronized List<CodeSymbol> codeSymbols() throws RecordingException {
        List<CodeSymbol> out = new ArrayList<>();
        try {
            if (!hasTable("CODE_SYMBOLS")) return out;
            try (Statement s = conn.createStatement();
                 ResultSet rs = s.executeQuery("SELECT pid, start_address, size, name FROM code_symbols ORDER BY seq")) {
                while (rs.next()) out.add(new CodeSymbol(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
            }
            return out;
        } catch (SQLException e) {
            throw readFailed(e);
        }
    }

    private boolean hasTable(String name) throws SQLException {
        try (PreparedStatement p = conn.prepareStatement("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                 + "WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            p.setString(1, name);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }
}
