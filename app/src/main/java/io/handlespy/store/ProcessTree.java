package io.handlespy.store;

import io.handlespy.protocol.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Process trees in the event stream (PROCESS frames, Linux launch --follow-children):
 * whose frames are being read, and what each followed process was. Once a stream
 * says it follows a tree, every process's values are kept apart: a handle is keyed
 * by pid and descriptor, a lifetime's thread is {@code pid << 32 | tid} (so the
 * process of a lifetime needs no column of its own), and each process's stack ids
 * are renumbered into one space, each stack owned by one process. Without PROCESS
 * frames everything passes unchanged. Owned by the ingest thread only.
 */
final class ProcessTree {
    record Row(long pid, long parentPid, String path, List<String> arguments, long startNanos, long endNanos,
               int exitCode) {}

    record Owner(int id, long pid) {}

    private boolean following;
    private long current;
    private final Map<Long, Integer> stackIds = new HashMap<>();
    private int nextStack = 1;
    private final Map<Long, Row> rows = new HashMap<>();

    final List<Row> changedRows = new ArrayList<>();
    final List<Owner> newStackOwners = new ArrayList<>();
    final List<Owner> newModuleOwners = new ArrayList<>();

    boolean following() { return following; }

    /** The process whose frames are being read (0 when the stream follows no tree). */
    long current() { return current; }

    void apply(Frame.Process p, long t) {
        // the first PROCESS frame is the launched program's: the frames before any SELECT are its
        if (!following) current = p.pid();
        following = true;
        switch (p.event()) {
            case Frame.Process.SELECT -> current = p.pid();
            case Frame.Process.STARTED -> put(new Row(p.pid(), p.parentPid(), p.path(), p.arguments(), t, -1,
                Frame.Process.EXIT_UNKNOWN));
            case Frame.Process.EXEC -> {
                Row old = rows.get(p.pid());
                put(new Row(p.pid(), old != null ? old.parentPid() : p.parentPid(), p.path(), p.arguments(),
                    old != null ? old.startNanos() : t, -1, Frame.Process.EXIT_UNKNOWN));
                // the new program's stack ids name new stacks
                stackIds.keySet().removeIf(k -> k >>> 32 == p.pid());
            }
            case Frame.Process.EXITED -> {
                Row old = rows.get(p.pid());
                if (old != null) put(new Row(old.pid(), old.parentPid(), old.path(), old.arguments(), old.startNanos(), t,
                    p.exitCode()));
                stackIds.keySet().removeIf(k -> k >>> 32 == p.pid());
            }
            default -> { }
        }
    }

    private void put(Row r) {
        rows.put(r.pid(), r);
        changedRows.add(r);
    }

    /** The key of descriptor {@code handle} of the current process among all open handles. */
    long key(long handle) {
        return following ? current << 32 | (handle & 0xFFFF_FFFFL) : handle;
    }

    /** The thread value stored with a lifetime of the current process. */
    long thread(long tid) {
        return following ? current << 32 | (tid & 0xFFFF_FFFFL) : tid;
    }

    /** The recording's id of the current process's stack {@code local} (0 stays "no stack"). */
    int stack(int local) {
        if (!following || local == 0) return local;
        long k = current << 32 | Integer.toUnsignedLong(local);
        Integer id = stackIds.get(k);
        if (id == null) {
            id = nextStack++;
            stackIds.put(k, id);
            newStackOwners.add(new Owner(id, current));
        }
        return id;
    }

    Frame.Stack stack(Frame.Stack s) {
        return following ? new Frame.Stack(stack(s.stackId()), s.frames()) : s;
    }

    void moduleLoaded(int seq) {
        if (following) newModuleOwners.add(new Owner(seq, current));
    }
}
