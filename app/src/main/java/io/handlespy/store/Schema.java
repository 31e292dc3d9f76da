package io.handlespy.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The tables of a recording. Lifetimes closed before the writer's next flush
 * (most of them) live in compact {@code chunks} ({@link LifetimeChunk}); lifetimes
 * still open at a flush get a row in {@code open_lifetimes} (close_ns =
 * {@link #OPEN} until their close is UPDATEd). {@code chunk_index} holds each
 * chunk's time bounds apart from its bytes, so pruning never reads chunk data. {@code buckets} hold the
 * pre-aggregated counts the chart reads.
 */
final class Schema {
    /** Bumped on every incompatible change; a recording with a larger version is refused. */
    static final int VERSION = 1;
    /** close_ns of a lifetime that is still open. */
    static final long OPEN = Long.MAX_VALUE;

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
            + "create_ns BIGINT, close_ns BIGINT, snapshot BOOLEAN, name VARCHAR(65535))",
        "CREATE INDEX open_lifetimes_close ON open_lifetimes(close_ns, create_ns)",
        "CREATE INDEX open_lifetimes_create ON open_lifetimes(create_ns)",
        "CREATE TABLE chunk_index(id INT PRIMARY KEY, min_create BIGINT, max_create BIGINT, max_close BIGINT, n INT)",
        "CREATE TABLE chunks(id INT PRIMARY KEY, data VARBINARY(100000000))",
        "CREATE TABLE buckets(level INT, idx BIGINT, min_live BIGINT, max_live BIGINT, last_live BIGINT, creates BIGINT, "
            + "closes BIGINT, os_min BIGINT, os_max BIGINT, PRIMARY KEY(level, idx))",
        "CREATE TABLE samples(seq BIGINT PRIMARY KEY, t BIGINT, os BIGINT, gdi BIGINT, usr BIGINT)",
        "CREATE TABLE stack_live(stack INT, t BIGINT, live BIGINT, PRIMARY KEY(stack, t))",
        "CREATE TABLE symbols(module VARCHAR(65535), debug_id VARCHAR(255), module_offset BIGINT, function VARCHAR(65535), "
            + "file VARCHAR(65535), line INT, PRIMARY KEY(module, debug_id, module_offset))",
    };

    private Schema() {}

    static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) s.execute(ddl);
            s.execute("INSERT INTO totals VALUES (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, 'recording', NULL)");
        }
    }
}
