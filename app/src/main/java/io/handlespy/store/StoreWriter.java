package io.handlespy.store;

import io.handlespy.protocol.Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Map;

/** Writes what {@link Ingest} collected, in one transaction per flush. Writer thread only. */
final class StoreWriter implements AutoCloseable {
    private final Connection c;
    private final ChunkReuse reuse;
    private final PreparedStatement chunk, chunkIndex, openRow, closeRow, bucket, sample, stackLive, stack, define, note, module,
        meta, totals, token, kindBucket, seriesKind;
    private final PreparedStatement dropRow, addClosed, newClosed, dropFine, dropToken;
    private int nextChunk = 1;
    private long nextSample = 1;

    StoreWriter(Connection c, Retention retention) throws SQLException {
        this.c = c;
        this.reuse = ChunkReuse.begin(c, retention);
        c.setAutoCommit(false);
        chunk = c.prepareStatement("INSERT INTO chunks VALUES (?, ?)");
        chunkIndex = c.prepareStatement("INSERT INTO chunk_index VALUES (?, ?, ?, ?, ?)");
        openRow = c.prepareStatement("INSERT INTO open_lifetimes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        closeRow = c.prepareStatement("UPDATE open_lifetimes SET close_ns = ?, dur_class = ? WHERE id = ?");
        bucket = c.prepareStatement("MERGE INTO buckets KEY(level, idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        sample = c.prepareStatement("INSERT INTO samples VALUES (?, ?, ?, ?, ?)");
        stackLive = c.prepareStatement("MERGE INTO stack_live KEY(stack, t) VALUES (?, ?, ?)");
        kindBucket = c.prepareStatement("MERGE INTO kind_buckets KEY(family, kind, level, idx) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        seriesKind = c.prepareStatement("MERGE INTO series_kinds KEY(family, kind) VALUES (?, ?)");
        stack = c.prepareStatement("MERGE INTO stacks KEY(id) VALUES (?, ?)");
        define = c.prepareStatement("MERGE INTO defines KEY(ns, id) VALUES (?, ?, ?)");
        note = c.prepareStatement("INSERT INTO notes VALUES (?, ?, ?, ?)");
        module = c.prepareStatement("MERGE INTO modules KEY(seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        meta = c.prepareStatement("MERGE INTO meta KEY(k) VALUES (?, ?)");
        token = c.prepareStatement("MERGE INTO tokens KEY(handle, create_ns) VALUES (?, ?, ?, ?, ?, ?)");
        dropRow = c.prepareStatement("DELETE FROM open_lifetimes WHERE id = ?");
        addClosed = c.prepareStatement("UPDATE closed_counts SET n = n + ?, dur_sum = dur_sum + ?, "
            + "dur_max = GREATEST(dur_max, ?) WHERE size_ns = ? AND start_ns = ? AND stack = ? AND type = ?");
        newClosed = c.prepareStatement("INSERT INTO closed_counts VALUES (?, ?, ?, ?, ?, ?, ?)");
        dropFine = c.prepareStatement("DELETE FROM closed_counts WHERE size_ns = ? AND start_ns < ?");
        dropToken = c.prepareStatement("DELETE FROM tokens WHERE handle = ? AND create_ns = ?");
        totals = c.prepareStatement("UPDATE totals SET events = ?, creates = ?, closes = ?, drops = ?, "
            + "unmatched_closes = ?, implicit_closes = ?, open_now = ?, open_snapshots = ?, last_ns = ?, os_last = ?, "
            + "status = ?, end_reason = ? WHERE id = 1");
    }

    /** Writes the lifetimes collected in {@code b} as one chunk and empties it (not committed yet). */
    void writeChunk(LifetimeChunk.Builder b) throws SQLException {
        if (b.count() == 0) return;
        int id = nextChunk++;
        chunkIndex.setInt(1, id);
        chunkIndex.setLong(2, b.minCreate);
        chunkIndex.setLong(3, b.maxCreate);
        chunkIndex.setLong(4, b.maxClose);
        chunkIndex.setInt(5, b.count());
        chunkIndex.executeUpdate();
        chunk.setInt(1, id);
        chunk.setBytes(2, b.encode());
        chunk.executeUpdate();
        b.clear();
    }

    /**
     * Writes what is pending and the totals, commits, and forces the commit into the
     * file. Lifetimes created since the previous flush and still open wait for the
     * next one unless {@code last} (see {@link Ingest#takeNewOpen}).
     */
    void flush(Ingest in, String status, String endReason, boolean last) throws SQLException {
        writeChunk(in.chunk);
        for (Map.Entry<String, String> e : in.newMeta.entrySet()) {
            meta.setString(1, e.getKey());
            meta.setString(2, e.getValue());
            meta.addBatch();
        }
        in.newMeta.clear();
        if (in.goodbye != null) {
            meta.setString(1, "goodbye");
            meta.setString(2, in.goodbye);
            meta.addBatch();
        }
        meta.executeBatch();
        for (Frame.Define d : in.newDefines) {
            define.setInt(1, d.namespace());
            define.setInt(2, d.id());
            define.setString(3, d.name());
            define.addBatch();
        }
        in.newDefines.clear();
        define.executeBatch();
        for (Ingest.Note n : in.newNotes) {
            note.setInt(1, ++in.notes);
            note.setLong(2, n.t());
            note.setInt(3, n.level());
            note.setString(4, n.text());
            note.addBatch();
        }
        in.newNotes.clear();
        note.executeBatch();
        for (Ingest.Module m : in.changedModules) {
            module.setInt(1, m.seq());
            module.setLong(2, m.loadNanos());
            module.setLong(3, m.unloadNanos());
            module.setLong(4, m.base());
            module.setLong(5, m.size());
            module.setInt(6, m.debugKind());
            module.setBytes(7, m.debugId());
            module.setString(8, m.path());
            module.addBatch();
        }
        in.changedModules.clear();
        module.executeBatch();
        for (Frame.Stack s : in.newStacks) {
            ByteBuffer b = ByteBuffer.allocate(8 * s.depth()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < s.depth(); i++) b.putLong(s.frame(i));
            stack.setInt(1, s.stackId());
            stack.setBytes(2, b.array());
            stack.addBatch();
        }
        in.newStacks.clear();
        stack.executeBatch();
        writeLifetimeRows(in, last);
        if (in.retention == Retention.OPEN) writeClosedCounts(in);
        writeTokens(in);
        writeProcesses(in.tree);
        writeCodeSymbols(in);
        writeCounts(in);
        totals.setLong(1, in.events);
        totals.setLong(2, in.creates);
        totals.setLong(3, in.closes);
        totals.setLong(4, in.drops);
        totals.setLong(5, in.unmatchedCloses);
        totals.setLong(6, in.implicitCloses);
        totals.setLong(7, in.openAtEnd());
        totals.setLong(8, in.openSnapshots);
        totals.setLong(9, Math.max(in.lastNanos(), in.endNanos));
        totals.setLong(10, in.lastOs);
        totals.setString(11, status);
        if (endReason == null) totals.setNull(12, Types.VARCHAR); else totals.setString(12, endReason);
        totals.executeUpdate();
        c.commit();
        reuse.afterCommit();
        if (last) reuse.end();
    }

    private void writeLifetimeRows(Ingest in, boolean last) throws SQLException {
        List<Ingest.Open> rows = in.takeNewOpen(last);
        for (Ingest.Open o : rows) {
            openRow.setLong(1, o.id);
            openRow.setLong(2, o.handle);
            openRow.setInt(3, o.type);
            openRow.setInt(4, o.api);
            openRow.setInt(5, o.stack);
            openRow.setLong(6, o.thread);
            openRow.setLong(7, o.create);
            openRow.setLong(8, Schema.OPEN);
            openRow.setInt(9, Schema.OPEN_CLASS);
            openRow.setBoolean(10, o.snapshot);
            openRow.setString(11, o.name);
            openRow.addBatch();
        }
        if (!rows.isEmpty()) openRow.executeBatch();
        if (in.retention == Retention.OPEN) {
            // its close is counted in closed_counts; only lifetimes still open keep a row
            for (Ingest.Closed cl : in.closedOpen) {
                dropRow.setLong(1, cl.id());
                dropRow.addBatch();
            }
            if (!in.closedOpen.isEmpty()) dropRow.executeBatch();
            in.closedOpen.clear();
            return;
        }
        for (Ingest.Closed cl : in.closedOpen) {
            closeRow.setLong(1, cl.closeNanos());
            closeRow.setInt(2, Schema.durationClass(cl.createNanos(), cl.closeNanos()));
            closeRow.setLong(3, cl.id());
            closeRow.addBatch();
        }
        if (!in.closedOpen.isEmpty()) closeRow.executeBatch();
        in.closedOpen.clear();
    }

    /** Adds the closed lifetimes counted since the last flush onto their rows (one per bucket, stack and type). */
    private void writeClosedCounts(Ingest in) throws SQLException {
        List<ClosedCounts.Row> rows = in.closedCounts.drain();
        for (ClosedCounts.Row r : rows) {
            addClosed.setLong(1, r.count());
            addClosed.setDouble(2, r.durationSumSeconds());
            addClosed.setLong(3, r.durationMaxNanos());
            setKey(addClosed, 4, r.key());
            addClosed.addBatch();
        }
        int[] updated = rows.isEmpty() ? new int[0] : addClosed.executeBatch();
        for (int i = 0; i < updated.length; i++) {
            if (updated[i] > 0) continue;
            ClosedCounts.Row r = rows.get(i);
            setKey(newClosed, 1, r.key());
            newClosed.setLong(5, r.count());
            newClosed.setDouble(6, r.durationSumSeconds());
            newClosed.setLong(7, r.durationMaxNanos());
            newClosed.addBatch();
        }
        newClosed.executeBatch();
        dropFine.setLong(1, ClosedCounts.FINE);
        dropFine.setLong(2, ClosedCounts.fineCutoff(in.lastNanos()));
        dropFine.executeUpdate();
    }

    private static void setKey(PreparedStatement p, int first, ClosedCounts.Key k) throws SQLException {
        p.setLong(first, k.sizeNanos());
        p.setLong(first + 1, k.startNanos());
        p.setInt(first + 2, k.stack());
        p.setInt(first + 3, k.type());
    }

    private void writeTokens(Ingest in) throws SQLException {
        for (Ingest.TokenRow r : in.newTokens) {
            token.setLong(1, r.handle());
            token.setLong(2, r.createNanos());
            token.setLong(3, r.token().logonSession());
            token.setInt(4, r.token().tokenType());
            token.setInt(5, r.token().impersonationLevel());
            token.setString(6, r.token().user());
            token.addBatch();
        }
        if (!in.newTokens.isEmpty()) token.executeBatch();
        in.newTokens.clear();
        for (Ingest.TokenRow r : in.closedTokens) {
            dropToken.setLong(1, r.handle());
            dropToken.setLong(2, r.createNanos());
            dropToken.addBatch();
        }
        if (!in.closedTokens.isEmpty()) dropToken.executeBatch();
        in.closedTokens.clear();
    }

    private void writeProcesses(ProcessTree tree) throws SQLException {
        if (tree.changedRows.isEmpty() && tree.newStackOwners.isEmpty() && tree.newModuleOwners.isEmpty()) return;
        try (var row = c.prepareStatement("MERGE INTO processes KEY(pid) VALUES (?, ?, ?, ?, ?, ?, ?)");
             var stackOwner = c.prepareStatement("MERGE INTO process_stacks KEY(stack) VALUES (?, ?)");
             var moduleOwner = c.prepareStatement("MERGE INTO process_modules KEY(seq) VALUES (?, ?)")) {
            for (ProcessTree.Row r : tree.changedRows) {
                row.setLong(1, r.pid());
                row.setLong(2, r.parentPid());
                row.setString(3, r.path());
                row.setString(4, String.join("\u0000", r.arguments()));
                row.setLong(5, r.startNanos());
                row.setLong(6, r.endNanos());
                row.setInt(7, r.exitCode());
                row.addBatch();
            }
            row.executeBatch();
            for (ProcessTree.Owner o : tree.newStackOwners) {
                stackOwner.setInt(1, o.id());
                stackOwner.setLong(2, o.pid());
                stackOwner.addBatch();
            }
            stackOwner.executeBatch();
            for (ProcessTree.Owner o : tree.newModuleOwners) {
                moduleOwner.setInt(1, o.id());
                moduleOwner.setLong(2, o.pid());
                moduleOwner.addBatch();
            }
            moduleOwner.executeBatch();
        }
        tree.changedRows.clear();
        tree.newStackOwners.clear();
        tree.newModuleOwners.clear();
    }

    private void writeCodeSymbols(Ingest in) throws SQLException {
        if (in.newCodeSymbols.isEmpty()) return;
        try (var row = c.prepareStatement("INSERT INTO code_symbols VALUES (?, ?, ?, ?, ?, ?)")) {
            for (CodeSymbol s : in.newCodeSymbols) {
                row.setInt(1, ++in.codeSymbols);
                row.setLong(2, s.pid());
                row.setLong(3, in.lastNanos());
                row.setLong(4, s.start());
                row.setLong(5, s.size());
                row.setString(6, s.name());
                row.addBatch();
            }
            row.executeBatch();
        }
        in.newCodeSymbols.clear();
    }

    private void writeCounts(Ingest in) throws SQLException {
        for (CountBuckets.Row r : in.takeBuckets()) {
            bucket.setInt(1, r.level());
            bucket.setLong(2, r.idx());
            bucket.setLong(3, r.min());
            bucket.setLong(4, r.max());
            bucket.setLong(5, r.last());
            bucket.setLong(6, r.creates());
            bucket.setLong(7, r.closes());
            bucket.setLong(8, r.osMin());
            bucket.setLong(9, r.osMax());
            bucket.addBatch();
        }
        bucket.executeBatch();
        for (Ingest.Sample s : in.newSamples) {
            sample.setLong(1, nextSample++);
            sample.setLong(2, s.t());
            sample.setLong(3, s.os());
            sample.setLong(4, s.gdi());
            sample.setLong(5, s.user());
            sample.addBatch();
        }
        in.newSamples.clear();
        sample.executeBatch();
        for (Ingest.StackLive s : in.newStackLive) {
            stackLive.setInt(1, s.stack());
            stackLive.setLong(2, s.t());
            stackLive.setLong(3, s.live());
            stackLive.addBatch();
        }
        in.newStackLive.clear();
        stackLive.executeBatch();
        writeKindCounts(in);
    }

    private void writeKindCounts(Ingest in) throws SQLException {
        for (int[] k : in.kinds.drainNewKinds()) {
            seriesKind.setInt(1, k[0]);
            seriesKind.setInt(2, k[1]);
            seriesKind.addBatch();
        }
        seriesKind.executeBatch();
        for (KindBuckets.Row k : in.kinds.drain()) {
            CountBuckets.Row r = k.bucket();
            kindBucket.setInt(1, k.family());
            kindBucket.setInt(2, k.kind());
            kindBucket.setInt(3, r.level());
            kindBucket.setLong(4, r.idx());
            kindBucket.setLong(5, r.min());
            kindBucket.setLong(6, r.max());
            kindBucket.setLong(7, r.last());
            kindBucket.setLong(8, r.osMin());
            kindBucket.setLong(9, r.osMax());
            kindBucket.addBatch();
        }
        kindBucket.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
