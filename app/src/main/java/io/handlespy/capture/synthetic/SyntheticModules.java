package io.handlespy.capture.synthetic;

import io.handlespy.protocol.Frame;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The fake program the synthetic agent pretends to profile: three modules with
 * build-ids, functions at fixed offsets with file:line, and the call stacks that
 * create handles. Everything here is constant, so a symbolizer can answer for it.
 */
public final class SyntheticModules {
    /** Function names of the leaking stacks, as they appear in ground truth and symbolized frames. */
    public static final String BURST_LEAK = "leak_events_in_worker", POOL_LEAK = "pool_grow", LOG_LEAK = "log_rotate";

    /** Fake module. */
    public record Module(String path, long base, long size, byte[] buildId) {
        public Frame.ModuleLoad load() {
            return new Frame.ModuleLoad(0, base, size, Frame.ModuleLoad.DEBUG_ID_ELF_BUILD_ID, buildId, path);
        }
    }

    /** A function occupying [offset, offset+size) of its module; line = firstLine + (address offset in function)/16. */
    public record Function(int module, String name, String file, int firstLine, long offset, long size) {}

    /** A call stack that creates handles of one type through one API. {@code frames} innermost first. */
    public record StackDef(String name, int type, int api, String handleName, List<Function> frames) {}

    public static final int T_FILE = 64, T_DIR = 65, T_SOCKET = 66, T_PIPE = 67, T_EVENTFD = 68, T_TIMERFD = 69,
        T_EPOLL = 71;
    public static final int A_OPEN = 1, A_SOCKET = 2, A_PIPE2 = 3, A_EVENTFD = 4, A_TIMERFD = 5, A_EPOLL = 6,
        A_DUP = 7, A_DUP2 = 8, A_OPENAT = 9, A_CLOSE = 10, A_DUPLICATE_CLOSE = 11;

    static final List<Frame.Define> DEFINES = List.of(
        new Frame.Define(Frame.Define.TYPE, T_FILE, "File"), new Frame.Define(Frame.Define.TYPE, T_DIR, "Directory"),
        new Frame.Define(Frame.Define.TYPE, T_SOCKET, "Socket"), new Frame.Define(Frame.Define.TYPE, T_PIPE, "Pipe"),
        new Frame.Define(Frame.Define.TYPE, T_EVENTFD, "EventFd"), new Frame.Define(Frame.Define.TYPE, T_TIMERFD, "TimerFd"),
        new Frame.Define(Frame.Define.TYPE, T_EPOLL, "Epoll"),
        new Frame.Define(Frame.Define.API, A_OPEN, "open64"), new Frame.Define(Frame.Define.API, A_SOCKET, "socket"),
        new Frame.Define(Frame.Define.API, A_PIPE2, "pipe2"), new Frame.Define(Frame.Define.API, A_EVENTFD, "eventfd"),
        new Frame.Define(Frame.Define.API, A_TIMERFD, "timerfd_create"),
        new Frame.Define(Frame.Define.API, A_EPOLL, "epoll_create1"), new Frame.Define(Frame.Define.API, A_DUP, "dup"),
        new Frame.Define(Frame.Define.API, A_DUP2, "dup2"), new Frame.Define(Frame.Define.API, A_OPENAT, "openat"),
        new Frame.Define(Frame.Define.API, A_CLOSE, "close"),
        new Frame.Define(Frame.Define.API, A_DUPLICATE_CLOSE, "DuplicateHandle"));

    public static final List<Module> MODULES = List.of(
        module("/opt/demo/bin/demo_app", 0x5600_0000_0000L, 0x40000),
        module("/opt/demo/lib/libdemo_io.so", 0x7f10_0000_0000L, 0x20000),
        module("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f20_0000_0000L, 0x1e0000));

    private static final int APP = 0, IO = 1, LIBC = 2;
    private static final Function MAIN = fn(APP, 0, "main", "main.c", 20), WORKER = fn(APP, 1, "worker_loop", "worker.c", 88),
        LOAD_CONFIG = fn(APP, 2, "load_config", "config.c", 31), POLL = fn(APP, 3, "poll_server", "net.c", 57),
        SPAWN = fn(APP, 4, "spawn_helper", "spawn.c", 12), NOTIFY = fn(APP, 5, "queue_notify", "queue.c", 140),
        TICK = fn(APP, 6, "schedule_tick", "timer.c", 64), REACTOR = fn(APP, 7, "reactor_init", "reactor.c", 19),
        REDIRECT = fn(APP, 8, "redirect_log", "log.c", 210), REDIRECT2 = fn(APP, 9, "redirect_stdout", "log.c", 240),
        CACHE_REFRESH = fn(APP, 10, "cache_refresh", "cache.c", 75), BURST = fn(APP, 11, BURST_LEAK, "leak.c", 42),
        REQUEST = fn(APP, 12, "handle_request", "server.c", 300), ROTATE = fn(APP, 13, LOG_LEAK, "log.c", 118),
        IO_OPEN = fn(IO, 0, "io_open_file", "io.c", 44), NET_CONNECT = fn(IO, 1, "net_connect", "net_io.c", 90),
        CACHE_OPEN = fn(IO, 2, "cache_open", "cache_io.c", 22), POOL = fn(IO, 3, POOL_LEAK, "pool.c", 61),
        OPEN64 = fn(LIBC, 0, "open64", null, 0), SOCKET = fn(LIBC, 1, "socket", null, 0), PIPE2 = fn(LIBC, 2, "pipe2", null, 0),
        EVENTFD = fn(LIBC, 3, "eventfd", null, 0), TIMERFD = fn(LIBC, 4, "timerfd_create", null, 0),
        EPOLL = fn(LIBC, 5, "epoll_create1", null, 0), DUP = fn(LIBC, 6, "dup", null, 0), DUP2 = fn(LIBC, 7, "dup2", null, 0),
        OPENAT = fn(LIBC, 8, "openat", null, 0);

    static final List<Function> FUNCTIONS = List.of(MAIN, WORKER, LOAD_CONFIG, POLL, SPAWN, NOTIFY, TICK, REACTOR,
        REDIRECT, REDIRECT2, CACHE_REFRESH, BURST, REQUEST, ROTATE, IO_OPEN, NET_CONNECT, CACHE_OPEN, POOL, OPEN64,
        SOCKET, PIPE2, EVENTFD, TIMERFD, EPOLL, DUP, DUP2, OPENAT);

    /** Churn stacks: handles that get closed. The first one is chosen most often. */
    static final List<StackDef> CHURN = List.of(
        new StackDef("load_config", T_FILE, A_OPEN, "/etc/demo/demo.conf", List.of(OPEN64, IO_OPEN, LOAD_CONFIG, MAIN)),
        new StackDef("poll_server", T_SOCKET, A_SOCKET, "tcp:10.0.0.7:443", List.of(SOCKET, NET_CONNECT, POLL, WORKER)),
        new StackDef("spawn_helper", T_PIPE, A_PIPE2, "", List.of(PIPE2, SPAWN, WORKER)),
        new StackDef("queue_notify", T_EVENTFD, A_EVENTFD, "", List.of(EVENTFD, NOTIFY, WORKER)),
        new StackDef("schedule_tick", T_TIMERFD, A_TIMERFD, "", List.of(TIMERFD, TICK, MAIN)),
        new StackDef("reactor_init", T_EPOLL, A_EPOLL, "", List.of(EPOLL, REACTOR, WORKER)),
        new StackDef("cache_refresh", T_FILE, A_OPENAT, "/var/cache/demo/index", List.of(OPENAT, CACHE_OPEN, CACHE_REFRESH, WORKER)));

    static final StackDef DUP_STACK = new StackDef("redirect_log", 0, A_DUP, "", List.of(DUP, REDIRECT, MAIN));
    static final StackDef DUP2_STACK = new StackDef("redirect_stdout", 0, A_DUP2, "", List.of(DUP2, REDIRECT2, MAIN));

    /** Leak stacks by function name. */
    static final List<StackDef> LEAKS = List.of(
        new StackDef(BURST_LEAK, T_EVENTFD, A_EVENTFD, "", List.of(EVENTFD, BURST, WORKER)),
        new StackDef(POOL_LEAK, T_SOCKET, A_SOCKET, "tcp:10.0.0.9:5432", List.of(SOCKET, POOL, REQUEST, WORKER)),
        new StackDef(LOG_LEAK, T_FILE, A_OPENAT, "/var/log/demo/app.log", List.of(OPENAT, ROTATE, REQUEST, WORKER)));

    private SyntheticModules() {}

    private static Function fn(int module, int slot, String name, String file, int firstLine) {
        return new Function(module, name, file, firstLine, 0x1000L + 0x400L * slot, 0x400);
    }

    /**
     * Return addresses of a stack, innermost first. The caller of the API returns to its
     * function's first line (so demo stacks read e.g. {@code leak.c:42}); outer frames
     * return a few lines further in.
     */
    static long[] addresses(StackDef stack) {
        List<Function> frames = stack.frames();
        long[] out = new long[frames.size()];
        for (int i = 0; i < out.length; i++) {
            Function f = frames.get(i);
            out[i] = MODULES.get(f.module()).base() + f.offset() + 0x20 + 0x10L * (i == 1 ? 0 : i);
        }
        return out;
    }

    static StackDef leakStack(String function) {
        return LEAKS.stream().filter(s -> s.name().equals(function)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no synthetic leak stack named " + function
                + "; known: " + LEAKS.stream().map(StackDef::name).toList()));
    }

    private static Module module(String path, long base, long size) {
        try {
            byte[] id = Arrays.copyOf(MessageDigest.getInstance("SHA-1").digest(path.getBytes(StandardCharsets.UTF_8)), 20);
            return new Module(path, base, size, id);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
    }
}
