package io.handlespy.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of a recording. Lifetimes closed before the writer's next flush
 * (most of them) live in compact {@code chunks} ({@link LifetimeChunk}); lifetimes
 * still open at a flush get a row in {@code open_lifetimes} (close_ns =
 * {@link #OPEN} until their close is UPDATEd), indexed by ({@link #durationClass duration
 * class}, create) so "created in a range, still open after h" is a few bounded index
 * scans (see {@link Recording#lifetimes}). {@code chunk_index} holds each
 * chunk's time bounds apart from its bytes, so pruning never reads chunk data. {@code buckets} hold the
 * pre-aggregated counts the chart reads.
 */
final class Schema {
    /** Bumped on every incompatible change; a recording with a larger version is refused. */
    static final int VERSION = 2;
    /** close_ns of a lifetime that is still open. */
    static final long OPEN = Long.MAX_VALUE;
    /** dur_class of a lifetime that is still open; closed ones have 0..63. */
    static final int OPEN_CLASS = 64;

    private static final String[] DDL = {
        "CREATE TABLE meta(k VARCHAR(64) PRIMARY KEY, v VARCHAR(65535))",
        "CREATE TABLE totals(id INT PRIMARY KEY, events BIGINT, creates BIGINT, closes BIGINT, drops BIGINT, "
            + "unmatched_closes BIGINT, implicit_closes BIGINT, open_now BIGINT, open_snapshots BIGINT, last_ns BIGINT, "
            + "os_last BIGINT, status VARCHAR(16), end_reason VARCHAR(65535))",
        "CREATE TABLE notes(seq INT PRIMARY KEY, t BIGINT, level INT, text VARCHAR(65535))",
        "CREATE TABLE defines(ns INT, id INT, name VARCHAR(65535), PRIMARY KEY(ns, id))",
        "CREATE TABLE modules(seq INT PRIMARY KEY, load_ns BIGINT, unload_ns BIGINT, base BIGINT, size BIGINT, "
            + "debug_kind INT, debug_id VARBINARY(255), path VARCHAR(65535))",
        "CREATE TABLE stacks(id INT PRIMARY KEY, frames VARBINARY(1024))",
        "CREATE TABLE open_lifetimes(id BIGINT PRIMARY KEY, handle BIGINT, type INT, api INT, stack INT, thread BIGINT, "
            + "create_ns BIGINT, close_ns BIGINT, dur_class TINYINT, snapshot BOOLEAN, name VARCHAR(65535))",
        "CREATE INDEX open_lifetimes_class ON open_lifetimes(dur_class, create_ns)",
        "CREATE TABLE chunk_index(id INT PRIMARY KEY, min_create BIGINT, max_create BIGINT, max_close BIGINT, n INT)",
        "CREATE TABLE chunks(id INT PRIMARY KEY, data VARBINARY(100000000))",
        "CREATE TABLE buckets(level INT, idx BIGINT, min_live BIGINT, max_live BIGINT, last_live BIGINT, creates BIGINT, "
            + "closes BIGINT, os_min BIGINT, os_max BIGINT, PRIMARY KEY(level, idx))",
        "CREATE TABLE samples(seq BIGINT PRIMARY KEY, t BIGINT, os BIGINT, gdi BIGINT, usr BIGINT)",
        "CREATE TABLE stack_live(stack INT, t BIGINT, live BIGINT, PRIMARY KEY(stack, t))",
        "CREATE TABLE symbols(module VARCHAR(65535), debug_id VARCHAR(255), module_offset BIGINT, function VARCHAR(65535), "
            + "file VARCHAR(65535), line INT, PRIMARY KEY(module, debug_id, module_offset))",
    };

    /**
     * Added after format 2 without a version bump: a recording without these tables
     * simply has no token facts (see {@link Recording#tokens}). One row per Token
     * lifetime, keyed like the lifetime itself by (handle value, create time).
     */
    private static final String[] TOKEN_DDL = {
        "CREATE TABLE tokens(handle BIGINT, create_ns BIGINT, logon_session BIGINT, token_type INT, "
            + "impersonation_level INT, account VARCHAR(65535), PRIMARY KEY(handle, create_ns))",
    };

    /**
     * Iteration markers (issue 15). Created with the recording, and on first use in a
     * recording made before markers existed, so such files stay readable without a
     * format change.
     */
    static final String MARKERS_DDL =
        "CREATE TABLE IF NOT EXISTS markers(seq INT AUTO_INCREMENT PRIMARY KEY, t BIGINT, label VARCHAR(4096))";

    /**
     * Retention mode "open" ({@link Retention#OPEN}), added after format 2 without a
     * version bump: closed lifetimes counted per bucket size, create-bucket start,
     * stack and type, with the sum of their durations in seconds and the longest in ns
     * (see {@link ClosedCounts}). Created with every new recording (empty unless
     * retaining); a recording without it was made in full mode.
     */
    private static final String[] RETAIN_DDL = {
        "CREATE TABLE closed_counts(size_ns BIGINT, start_ns BIGINT, stack INT, type INT, n BIGINT, dur_sum DOUBLE, "
            + "dur_max BIGINT, PRIMARY KEY(size_ns, start_ns, stack, type))",
    };

    /**
     * Added after format 2 without a version bump (issues 12 and 13): the count buckets
     * per handle type (family 1, kind = type id) and per category (family 2, kind =
     * {@link io.handlespy.protocol.HandleCategory} ordinal; GDI and USER carry the
     * OS-reported counts as os_min/os_max), and the kinds that have any. A recording
     * without these tables has no split series (see {@link Recording#kindBuckets}).
     */
    private static final String[] KIND_DDL = {
        "CREATE TABLE kind_buckets(family TINYINT, kind INT, level INT, idx BIGINT, min_live BIGINT, max_live BIGINT, "
            + "last_live BIGINT, os_min BIGINT, os_max BIGINT, PRIMARY KEY(family, kind, level, idx))",
        "CREATE TABLE series_kinds(family TINYINT, kind INT, PRIMARY KEY(family, kind))",
    };

    /**
     * Process trees (record --follow-children), added without a version bump: a
     * recording without these tables followed no tree. A lifetime's process is the
     * high 32 bits of its thread value (see ProcessTree); each stack and module
     * belongs to one process.
     */
    static final String[] PROCESS_DDL = {
        "CREATE TABLE IF NOT EXISTS processes(pid BIGINT PRIMARY KEY, parent BIGINT, path VARCHAR(65535), "
            + "arguments VARCHAR(65535), start_ns BIGINT, end_ns BIGINT, exit_code INT)",
        "CREATE TABLE IF NOT EXISTS process_stacks(stack INT PRIMARY KEY, pid BIGINT)",
        "CREATE TABLE IF NOT EXISTS process_modules(seq INT PRIMARY KEY, pid BIGINT)",
    };

    /**
     * Code no module describes, named by its runtime (CODE_SYMBOL frames: a JVM's perf
     * map), added without a version bump: a recording without this table names no such
     * code. {@code pid} is the process in a followed tree, else 0.
     */
    static final String CODE_SYMBOL_DDL = "CREATE TABLE IF NOT EXISTS code_symbols(seq INT PRIMARY KEY, pid BIGINT, "
        + "t BIGINT, start_address BIGINT, size BIGINT, name VARCHAR(65535))";

    private Schema() {}

    /**
     * The bit length of the duration {@code close - create}: a lifetime of class c
     * lasted at most 2^c - 1 ns, so if it is open after h it was created after h - (2^c - 1).
     * A zero or negative duration (clock steps) is class 0.
     */
    static int durationClass(long create, long close) {
        if (close == OPEN) return OPEN_CLASS;
        if (close <= create) return 0;
        long d = close - create;
        return d < 0 ? 63 : 64 - Long.numberOfLeadingZeros(d); // d < 0: the difference overflowed
    }

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) s.execute(ddl);
            for (String ddl : TOKEN_DDL) s.execute(ddl);
            for (String ddl : KIND_DDL) s.execute(ddl);
            s.execute(MARKERS_DDL);
            for (String ddl : RETAIN_DDL) s.execute(ddl);
            for (String ddl : PROCESS_DDL) s.execute(ddl);
            s.execute(CODE_SYMBOL_DDL);
            s.execute("INSERT INTO totals VALUES (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 'recording', NULL)");
        }
    }
}
