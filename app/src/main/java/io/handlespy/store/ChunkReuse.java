package io.handlespy.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * How soon H2 may write over file space its writer no longer needs. Each commit
 * writes the B-tree pages it changed as a new chunk at a free place of the file; a
 * chunk whose pages were all rewritten later is free space again once it has been
 * unused for half of H2's {@code RETENTION_TIME} (45 s by default). The delay is
 * there so that a power failure cannot leave the file with a chunk overwritten
 * while the commit that replaced it was still in the OS's write-back cache.
 *
 * <p>A {@link Retention#OPEN} recording rewrites the same few pages (its count rows)
 * at every commit, so with the default the file holds every chunk of the last
 * 45 s (and far more when a recording is ingested faster than real time). Its writer
 * therefore forces every commit to the disk ({@code CHECKPOINT SYNC}, 150 ms apart)
 * and lets H2 reuse a chunk after {@value #SYNCED_RETENTION_MS} ms, so a chunk unused for
 * half that time was replaced by a commit already on the disk.
 * The file's own setting is restored when the writer ends; a killed writer leaves
 * the shorter one, which is then still safe against a kill but not against a power
 * failure during later writes (only the symbol cache writes then).
 *
 * <p>A {@link Retention#FULL} recording writes mostly new pages, so it keeps H2's
 * default and commits without forcing.
 */
final class ChunkReuse {
    /** A chunk may be reused once unused for 500 ms: more than three of the writer's forced commits. */
    static final int SYNCED_RETENTION_MS = 1000;

    private final Connection c;
    private final boolean synced;
    /** The file's RETENTION_TIME before a synced writer shortened it. */
    private final int fileRetention;

    private ChunkReuse(Connection c, boolean synced, int fileRetention) {
        this.c = c;
        this.synced = synced;
        this.fileRetention = fileRetention;
    }

    /** Shortens the reuse delay on {@code c}'s database for a {@link Retention#OPEN} writer. */
    static ChunkReuse begin(Connection c, Retention retention) throws SQLException {
        if (retention != Retention.OPEN) return new ChunkReuse(c, false, 0);
        int kept;
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                 "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'RETENTION_TIME'")) {
            rs.next();
            kept = Integer.parseInt(rs.getString(1));
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME " + SYNCED_RETENTION_MS);
        }
        return new ChunkReuse(c, true, kept);
    }

    /** Puts the committed transaction into the file, and onto the disk when reuse is shortened. */
    void afterCommit() throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(synced ? "CHECKPOINT SYNC" : "CHECKPOINT");
        }
    }

    /** Gives the file its own reuse delay back (the writer has committed for the last time). */
    void end() throws SQLException {
        if (!synced) return;
        try (Statement s = c.createStatement()) {
            s.execute("SET RETENTION_TIME " + fileRetention);
            // the setting is stored in the file by the writer's transaction, which does not commit by itself
            c.commit();
            s.execute("CHECKPOINT SYNC");
        }
    }
}
