package io.handlespy.protocol;

import java.util.Arrays;

/**
 * One decoded frame of the agent → app stream (docs/protocol.md). Times are raw
 * agent clock ticks; {@link Hello} says how to turn them into wall-clock time.
 */
public sealed interface Frame {

    /** Frame kind numbers on the wire. */
    int HELLO = 1, MODULE_LOAD = 2, MODULE_UNLOAD = 3, STACK = 4, CREATE = 5, CLOSE = 6,
        DUPLICATE = 7, SNAPSHOT = 8, SAMPLE = 9, DROPPED = 10, GOODBYE = 11, DEFINE = 12, NOTE = 13,
        TOKEN = 14, OUTPUT = 15, PROCESS = 16, CODE_SYMBOL = 17;

    int kind();

    record Hello(int version, int os, int arch, long pid, long clockFrequency, long anchorTicks,
                 long anchorUnixNanos, String imagePath) implements Frame {
        public static final int OS_WINDOWS = 1, OS_LINUX = 2;
        public static final int ARCH_X86 = 1, ARCH_X64 = 2, ARCH_ARM64 = 3;
        public int kind() { return HELLO; }
    }

    record ModuleLoad(long time, long base, long size, int debugIdKind, byte[] debugId, String path) implements Frame {
        public static final int DEBUG_ID_NONE = 0, DEBUG_ID_PDB = 1, DEBUG_ID_ELF_BUILD_ID = 2;
        public ModuleLoad { debugId = debugId.clone(); }
        public byte[] debugId() { return debugId.clone(); }
        public int kind() { return MODULE_LOAD; }
        @Override public boolean equals(Object o) {
            return o instanceof ModuleLoad m && time == m.time && base == m.base && size == m.size
                && debugIdKind == m.debugIdKind && Arrays.equals(debugId, m.debugId) && path.equals(m.path);
        }
        @Override public int hashCode() { return Long.hashCode(base) * 31 + Arrays.hashCode(debugId); }
        @Override public String toString() {
            return "ModuleLoad[time=" + time + ", base=0x" + Long.toHexString(base) + ", size=" + size
                + ", debugIdKind=" + debugIdKind + ", debugId=" + java.util.HexFormat.of().formatHex(debugId)
                + ", path=" + path + "]";
        }
    }

    record ModuleUnload(long time, long base) implements Frame {
        public int kind() { return MODULE_UNLOAD; }
    }

    /** A call stack, innermost return address first. */
    record Stack(int stackId, long[] frames) implements Frame {
        public Stack { frames = frames.clone(); }
        public long[] frames() { return frames.clone(); }
        public int depth() { return frames.length; }
        public long frame(int i) { return frames[i]; }
        public int kind() { return STACK; }
        @Override public boolean equals(Object o) {
            return o instanceof Stack s && stackId == s.stackId && Arrays.equals(frames, s.frames);
        }
        @Override public int hashCode() { return stackId * 31 + Arrays.hashCode(frames); }
        @Override public String toString() { return "Stack[id=" + stackId + ", frames=" + frames.length + "]"; }
    }

    record Create(long time, long handle, long thread, int stackId, int type, int api, String name) implements Frame {
        public int kind() { return CREATE; }
    }

    record Close(long time, long handle, long thread, int stackId, int api) implements Frame {
        public int kind() { return CLOSE; }
    }

    record Duplicate(long time, long sourceHandle, long newHandle, long thread, int stackId, int type, int api,
                     int flags) implements Frame {
        public static final int NEW_IN_SELF = 0x1, CLOSES_SOURCE = 0x2, REPLACED_TARGET = 0x4;
        public boolean has(int flag) { return (flags & flag) != 0; }
        public int kind() { return DUPLICATE; }
    }

    record Snapshot(long time, long handle, int type, String name) implements Frame {
        public int kind() { return SNAPSHOT; }
    }

    /** OS-reported counts; {@link #UNAVAILABLE} where the OS gave none. */
    record Sample(long time, long osHandleCount, long gdiCount, long userCount) implements Frame {
        public static final long UNAVAILABLE = 0xFFFF_FFFFL;
        public int kind() { return SAMPLE; }
    }

    record Dropped(long time, long count) implements Frame {
        public int kind() { return DROPPED; }
    }

    record Goodbye(long time, int reason, String message) implements Frame {
        public static final int DETACHED = 1, TARGET_EXIT = 2, ERROR = 3;
        public int kind() { return GOODBYE; }
    }

    record Define(int namespace, int id, String name) implements Frame {
        public static final int TYPE = 1, API = 2;
        public int kind() { return DEFINE; }
    }

    record Note(long time, int level, String text) implements Frame {
        public static final int INFO = 1, WARNING = 2, ERROR = 3;
        public int kind() { return NOTE; }
    }

    /** Bytes a launched target wrote to its stdout or stderr, relayed in the stream by the Windows helper. */
    record Output(long time, int stream, byte[] data) implements Frame {
        public static final int STDOUT = 1, STDERR = 2;
        public Output { data = data.clone(); }
        public byte[] data() { return data.clone(); }
        public int kind() { return OUTPUT; }
        @Override public boolean equals(Object o) {
            return o instanceof Output x && time == x.time && stream == x.stream && Arrays.equals(data, x.data);
        }
        @Override public int hashCode() { return Long.hashCode(time) * 31 + Arrays.hashCode(data); }
        @Override public String toString() {
            return "Output[time=" + time + ", stream=" + stream + ", bytes=" + data.length + "]";
        }
    }

    /**
     * Process trees (launch --follow-children): {@link #SELECT} says whose frames follow, until the
     * next SELECT; the others say when a followed process started, replaced its program or exited.
     * {@code path} and {@code arguments} come with STARTED and EXEC; {@code exitCode} with EXITED
     * (0..255, 128+N for signal N, {@link #EXIT_UNKNOWN}).
     */
    record Process(long time, long pid, long parentPid, int event, int exitCode, String path, java.util.List<String> arguments)
        implements Frame {
        public static final int SELECT = 1, STARTED = 2, EXEC = 3, EXITED = 4;
        public static final int EXIT_UNKNOWN = -1;
        public Process { arguments = java.util.List.copyOf(arguments); }
        public int kind() { return PROCESS; }
    }

    /**
     * Code no module describes, named by its runtime: [{@code start}, {@code start + size}) is
     * {@code name} as the runtime gives it (a JVM's perf map: {@code "void Foo.bar(int)"},
     * {@code "Interpreter"}, stub names).
     */
    record CodeSymbol(long time, long start, long size, String name) implements Frame {
        public int kind() { return CODE_SYMBOL; }
    }

    /**
     * What the Token handle {@code handle} (made by the CREATE, DUPLICATE or SNAPSHOT
     * before it) holds: its logon session (AuthenticationId as HighPart << 32 | LowPart),
     * type and impersonation level, and the user (DOMAIN\name, or the SID).
     */
    record Token(long time, long handle, long logonSession, int tokenType, int impersonationLevel, String user)
        implements Frame {
        public static final int PRIMARY = 1, IMPERSONATION = 2;
        /** impersonationLevel of a primary token. */
        public static final int LEVEL_NONE = 0xFFFF;
        public int kind() { return TOKEN; }
    }
}
