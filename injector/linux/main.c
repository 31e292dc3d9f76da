/*
 * handlespy-injector for Linux: launches a program with the hook library
 * preloaded or attaches to a running one (ptrace + dlopen), owns the unix
 * socket the hook writes to, and relays the hook's frames to the app together
 * with what it learns from /proc itself (HELLO, MODULE_LOADs, SNAPSHOT, SAMPLE
 * every 100 ms, GOODBYE). Command line: docs/protocol.md.
 */
#define _GNU_SOURCE
#include "injector.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SAMPLE_NS 100000000ull
/* How long a process whose hook vanished may take to turn out to have exited or exec'ed. */
#define LOST_GRACE_NS 500000000ull
#define IN_BUF (HS_MAX_PAYLOAD + sizeof(hs_frame_header))
/* How long followed descendants may outlive the launched program before the
 * recording ends without them (a daemon it started, a server's workers). */
#define TREE_GRACE_NS 5000000000ull

static const char USAGE[] =
    "usage: handlespy-injector attach PID [--output PATH] [--control PATH] [--drop] [--close-stacks]\n"
    "       handlespy-injector launch [--output PATH] [--control PATH] [--drop] [--close-stacks] [--follow-children] -- COMMAND [ARG...]\n";

void hs_fail(struct hs_error *e, int code, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    e->code = code;
}

uint64_t hs_monotonic_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void write_all(struct hs_out *o, const void *buf, size_t len) {
    const char *p = buf;
    while (len && !o->broken) {
        ssize_t n = write(o->fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            o->broken = 1;
            return;
        }
        p += n;
        len -= (size_t)n;
    }
}

void out_raw(struct hs_out *o, const void *buf, size_t len) {
    if (len) write_all(o, buf, len);
}

void out_frame(struct hs_out *o, uint16_t kind, const void *fixed, size_t fixed_len, const void *tail,
               size_t tail_len) {
    hs_frame_header h = {(uint32_t)(fixed_len + tail_len), kind, 0};
    unsigned char buf[sizeof h + 512];
    if (sizeof h + fixed_len + tail_len <= sizeof buf) {
        memcpy(buf, &h, sizeof h);
        memcpy(buf + sizeof h, fixed, fixed_len);
        if (tail_len) memcpy(buf + sizeof h + fixed_len, tail, tail_len);
        write_all(o, buf, sizeof h + fixed_len + tail_len);
        return;
    }
    write_all(o, &h, sizeof h);
    write_all(o, fixed, fixed_len);
    if (tail_len) write_all(o, tail, tail_len);
}

void out_frame_string(struct hs_out *o, uint16_t kind, const void *fixed, size_t fixed_len, const char *s) {
    size_t n = strlen(s);
    if (n > HS_MAX_STRING) n = HS_MAX_STRING;
    unsigned char tail[2 + HS_MAX_STRING];
    uint16_t n16 = (uint16_t)n;
    memcpy(tail, &n16, 2);
    memcpy(tail + 2, s, n);
    out_frame(o, kind, fixed, fixed_len, tail, n + 2);
}

struct options {
    int attach;
    pid_t pid;
    const char *output;
    const char *control;
    int drop;
    int close_stacks;
    int follow;
    char **command;
};

static int parse(int argc, char **argv, struct options *opt) {
    memset(opt, 0, sizeof *opt);
    if (argc < 2) return -1;
    if (strcmp(argv[1], "attach") == 0) opt->attach = 1;
    else if (strcmp(argv[1], "launch") != 0) return -1;
    int i = 2;
    if (opt->attach) {
        if (i >= argc) return -1;
        char *end;
        long pid = strtol(argv[i], &end, 10);
        if (*end || pid <= 0 || pid > INT_MAX) return -1;
        opt->pid = (pid_t)pid;
        i++;
    }
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) opt->output = argv[++i];
        else if (strcmp(argv[i], "--control") == 0 && i + 1 < argc) opt->control = argv[++i];
        else if (strcmp(argv[i], "--drop") == 0) opt->drop = 1;
        else if (strcmp(argv[i], "--close-stacks") == 0) opt->close_stacks = 1;
        else if (strcmp(argv[i], "--follow-children") == 0 && !opt->attach) opt->follow = 1;
        else if (strcmp(argv[i], "--") == 0 && !opt->attach) {
            opt->command = argv + i + 1;
            break;
        } else return -1;
    }
    if (!opt->attach && (!opt->command || !opt->command[0])) return -1;
    return 0;
}

/* The hook library sits next to this executable. HANDLESPY_HOOK_PRELOAD, when
 * set, replaces it in launch mode (the sanitizer tests preload libasan first). */
static int hook_library(char *out, size_t size) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return -1;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash) return -1;
    *slash = '\0';
    if ((size_t)snprintf(out, size, "%.*s/libhandlespy-hook.so", (int)(size - 32), self) >= size) return -1;
    return access(out, R_OK);
}

/* /tmp/handlespy-UID, 0700 and owned by the target's user: the only place the
 * hook will connect to, and nobody else can reach the socket inside. */
static int socket_dir(uid_t uid, char *dir, size_t size, struct hs_error *err) {
    snprintf(dir, size, HS_SOCKET_DIR_FMT, (unsigned)uid);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot create %s (%s)", dir, strerror(errno));
        return -1;
    }
    if (geteuid() == 0 && uid != 0 && lchown(dir, uid, (gid_t)-1) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot hand %s to uid %u (%s)", dir, (unsigned)uid, strerror(errno));
        return -1;
    }
    struct stat st;
    if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != uid || (st.st_mode & 077) != 0) {
        hs_fail(err, HS_EXIT_FAILURE,
                "%s is not a private directory of uid %u (someone else made it, or it is not mode 0700); remove it",
                dir, (unsigned)uid);
        return -1;
    }
    return 0;
}

static int listen_at(const char *path, uid_t uid, struct hs_error *err) {
    unlink(path);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof a.sun_path) {
        hs_fail(err, HS_EXIT_FAILURE, "socket path too long: %s", path);
        return -1;
    }
    memcpy(a.sun_path, path, strlen(path) + 1);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 64) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot listen on %s (%s)", path, strerror(errno));
        if (s >= 0) close(s);
        return -1;
    }
    chmod(path, 0600);
    if (geteuid() == 0 && uid != 0 && lchown(path, uid, (gid_t)-1) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot hand %s to uid %u (%s)", path, (unsigned)uid, strerror(errno));
        close(s);
        return -1;
    }
    return s;
}

/* ------------------------------------------------------------------ session */

/* The hook records from the moment it starts, a little before the snapshot is
 * read, which cannot be atomic: events near that moment may already be in it.
 * Around it the helper keeps which descriptors are open (snapshot, then
 * events) and drops what the snapshot already shows: a create of a number the
 * snapshot holds open, a close of a number nobody had open. That bookkeeping
 * needs every event, so in drop mode it covers only events timed before the
 * read ended: there a dropped create would make its close look like one nobody
 * had open, and that close would vanish uncounted. */
#define BOUNDARY_NS 1000000000ull
struct boundary {
    uint64_t until;                      /* events timed after this are relayed as they are */
    uint8_t open[HS_SNAPSHOT_FDS / 8];
};

/* 1 if the frame only repeats what the snapshot shows (it is dropped). */
static int already_in_snapshot(struct boundary *b, uint16_t kind, const unsigned char *payload, uint32_t size) {
    uint64_t time, fd;
    if (size < 16) return 0;
    memcpy(&time, payload, 8);
    if (time > b->until) return 0;
    if (kind == HS_FRAME_DUPLICATE && size >= sizeof(hs_duplicate)) {
        hs_duplicate d;
        memcpy(&d, payload, sizeof d);
        fd = d.new_handle;
        if (!(d.flags & HS_DUP_NEW_IN_SELF)) return 0;
        if (d.flags & HS_DUP_CLOSES_SOURCE && d.source_handle < HS_SNAPSHOT_FDS)
            b->open[d.source_handle / 8] &= (uint8_t)~(1u << (d.source_handle % 8));
        if (d.flags & HS_DUP_REPLACED_TARGET) return 0;
    } else if (kind == HS_FRAME_CREATE || kind == HS_FRAME_CLOSE) {
        memcpy(&fd, payload + 8, 8);
    } else {
        return 0;
    }
    if (fd >= HS_SNAPSHOT_FDS) return 0;
    uint8_t bit = (uint8_t)(1u << (fd % 8));
    int was_open = (b->open[fd / 8] & bit) != 0;
    if (kind == HS_FRAME_CLOSE) {
        b->open[fd / 8] &= (uint8_t)~bit;
        return !was_open;
    }
    b->open[fd / 8] |= bit;
    return was_open;
}

struct session {
    struct options opt;
    struct hs_out out;
    pid_t pid;
    int listen_fd;
    int conn;
    int agent_fds[HS_AGENT_FDS];  /* the hook's own descriptors in the target: not counted */
    int sig_fd;
    int stop_requested;
    pid_t parent;                 /* the app: when it dies, we detach and exit */
    int stop_sent;
    int child_status;
    int child_reaped;
    unsigned char *in;
    size_t in_len;
    uint64_t lost_at;             /* the hook's connection ended unannounced (0: it did not) */
    struct hs_image image;
    uint64_t next_sample;
    unsigned samples;
    struct boundary boundary;
    int io_uring_noted;
    int jvm_noted;
    int python_noted;
    struct hs_jvm jvm;
    struct hs_family *family;     /* --follow-children: the descendants, else NULL */
    uint64_t root_done_at;        /* followed tree: when the launched program was seen gone */
    struct pollfd *polls;
    size_t poll_cap;
};

struct exe_path {
    char path[PATH_MAX];
};

/* The program a process runs now ("" if it cannot be read). */
static struct exe_path exe_path(pid_t pid) {
    struct exe_path e;
    char link[64];
    snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(link, e.path, sizeof e.path - 1);
    e.path[n > 0 ? n : 0] = '\0';
    return e;
}

static void emit_hello(struct session *s) {
    struct timespec wall;
    clock_gettime(CLOCK_REALTIME, &wall);
    uint64_t mono = hs_monotonic_ns();
    hs_hello h = {HS_PROTOCOL_MAGIC, HS_PROTOCOL_VERSION, HS_OS_LINUX, HS_ARCH_X64, (uint32_t)s->pid, 0,
                  1000000000ull, mono, (int64_t)wall.tv_sec * 1000000000ll + wall.tv_nsec};
    out_frame_string(&s->out, HS_FRAME_HELLO, &h, sizeof h, exe_path(s->pid).path);
#define DEFINE(ns_, id_, name_)                                   \
    do {                                                          \
        hs_define d = {ns_, id_};                                 \
        out_frame_string(&s->out, HS_FRAME_DEFINE, &d, sizeof d, name_); \
    } while (0);
#define DEFINE_TYPE(id, name) DEFINE(HS_DEFINE_TYPE, id, name)
#define DEFINE_API(id, name) DEFINE(HS_DEFINE_API, id, name)
    HS_LINUX_TYPES(DEFINE_TYPE)
    HS_LINUX_APIS(DEFINE_API)
}

/* With a followed tree the OS count is the whole tree's, as the tracked one is. */
static void emit_sample(struct session *s) {
    int n = count_fds(s->pid, s->agent_fds);
    if (s->family && (n >= 0 || family_busy(s->family))) n = (n < 0 ? 0 : n) + family_count_fds(s->family);
    hs_sample smp = {hs_monotonic_ns(), n < 0 ? HS_COUNT_UNAVAILABLE : (uint32_t)n, HS_COUNT_UNAVAILABLE,
                     HS_COUNT_UNAVAILABLE, 0};
    out_frame(&s->out, HS_FRAME_SAMPLE, &smp, sizeof smp, NULL, 0);
}

static void emit_note(struct session *s, uint16_t level, const char *text);

/* io_uring requests open and close descriptors inside the kernel, past libc:
 * looked for every second, said once. */
static void note_io_uring(struct session *s) {
    if (s->io_uring_noted || !has_fd_link(s->pid, "anon_inode:[io_uring]")) return;
    s->io_uring_noted = 1;
    emit_note(s, HS_NOTE_WARNING,
              "the target uses io_uring: descriptors its io_uring requests open, accept or close (IORING_OP_OPENAT, "
              "IORING_OP_ACCEPT, IORING_OP_CLOSE, ...) are not seen; the OS count includes them");
}

/* A JVM's descriptors are opened by its native libraries (libjava, libnio) on
 * behalf of Java code in memory the JVM generated, which no ELF file
 * describes: those frames are named only from the JVM's perf map, asked for
 * when the recording stops, and compiled ones keep no frame pointer unless
 * the JVM is told to. Said once, when libjvm.so is seen loaded. */
static void note_jvm(struct session *s, const char *module_path) {
    static const char lib[] = "/libjvm.so";
    size_t n = strlen(module_path);
    if (s->jvm_noted || n < sizeof lib - 1 || strcmp(module_path + n - (sizeof lib - 1), lib) != 0) return;
    s->jvm_noted = 1;
    jvm_open(&s->jvm, s->pid);
    emit_note(s, HS_NOTE_INFO,
              "the target is a Java virtual machine: its Java frames (code the JVM generates, between its native "
              "code such as libjava.so!handleOpen and libjvm.so!JavaCalls::call_helper) are named from the JVM's "
              "perf map (Compiler.perfmap, JDK 17 or later), asked for when the recording stops while the JVM runs "
              "(or written by it at exit with -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit): compiled methods and native-method wrappers "
              "as Class.method, interpreted methods only as [interpreted Java]; a compiled method's frame ends the "
              "stack unless the JVM runs with -XX:+PreserveFramePointer");
}

/* Names the JVM's generated code while the recording can still carry it:
 * asked of the JVM at detach (`alive`), else read from the map it may have
 * left as it exited. Either way the recording says what came of it. */
static void name_java_code(struct session *s, int alive) {
    if (!s->jvm_noted) return;
    char why[512], note[640];
    long n = jvm_relay_perf_map(&s->jvm, &s->out, alive && process_alive(s->pid), why, sizeof why);
    if (n >= 0)
        snprintf(note, sizeof note,
                 "Java frames named from the JVM's perf map: %ld pieces of generated code (compiled methods, "
                 "native-method wrappers, stubs, the interpreter)", n);
    else
        snprintf(note, sizeof note, "Java frames stay unnamed: %s", why);
    emit_note(s, n >= 0 ? HS_NOTE_INFO : HS_NOTE_WARNING, note);
}

static void emit_goodbye(struct session *s, uint16_t reason, const char *message) {
    hs_goodbye g = {hs_monotonic_ns(), reason};
    out_frame_string(&s->out, HS_FRAME_GOODBYE, &g, sizeof g, message);
}

static void emit_note(struct session *s, uint16_t level, const char *text) {
    hs_note n = {hs_monotonic_ns(), level};
    out_frame_string(&s->out, HS_FRAME_NOTE, &n, sizeof n, text);
}

static int read_exact_timeout(int fd, void *buf, size_t len, int timeout_ms) {
    size_t got = 0;
    while (got < len) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, timeout_ms) <= 0) return -1;
        ssize_t n = read(fd, (char *)buf + got, len - got);
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    return 0;
}

static int read_agent_hello(int c, hs_agent_hello *hello) {
    hs_frame_header h;
    if (read_exact_timeout(c, &h, sizeof h, 5000) == 0 && h.kind == HS_PRIV_AGENT_HELLO
        && h.payload_size == sizeof *hello && read_exact_timeout(c, hello, sizeof *hello, 5000) == 0)
        return 0;
    return -1;
}

/* Waits for the hook to connect; -1 on timeout or when the launched child is gone. */
static int accept_hook(struct session *s, int timeout_ms) {
    uint64_t deadline = hs_monotonic_ns() + (uint64_t)timeout_ms * 1000000ull;
    while (hs_monotonic_ns() < deadline) {
        struct pollfd p = {s->listen_fd, POLLIN, 0};
        int r = poll(&p, 1, 50);
        if (r > 0) {
            int c = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
            if (c < 0) continue;
            hs_agent_hello hello;
            if (read_agent_hello(c, &hello) == 0 && (pid_t)hello.pid == s->pid) {
                s->conn = c;
                memcpy(s->agent_fds, hello.agent_fds, sizeof s->agent_fds);
                return 0;
            }
            close(c);
        }
        if (!s->opt.attach && !s->child_reaped) {
            int st;
            if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
                s->child_status = st;
                s->child_reaped = 1;
            }
        }
        if (s->child_reaped || !process_alive(s->pid)) return -1;
    }
    return -1;
}

static uint32_t config_flags(const struct options *opt) {
    return (opt->drop ? HS_CONFIG_DROP : 0u) | (opt->close_stacks ? HS_CONFIG_CLOSE_STACKS : 0u);
}

static void send_config(struct session *s) {
    hs_config cfg = {HS_CONFIG_MAGIC, config_flags(&s->opt)};
    if (write(s->conn, &cfg, sizeof cfg) != (ssize_t)sizeof cfg) {
        close(s->conn);
        s->conn = -1;
    }
}

static void drop_connection(struct session *s) {
    if (s->conn >= 0) close(s->conn);
    for (int i = 0; i < HS_AGENT_FDS; i++) s->agent_fds[i] = -1;
    s->conn = -1;
    s->in_len = 0;
}

/* Relays complete frames from the hook, in one write per run of frames;
 * private frames stay here. */
static void consume_frames(struct session *s) {
    size_t off = 0, run = 0; /* [run, off) is relayed as is */
    while (s->in_len - off >= sizeof(hs_frame_header)) {
        hs_frame_header h;
        memcpy(&h, s->in + off, sizeof h);
        if (h.payload_size > HS_MAX_PAYLOAD) {
            write_all(&s->out, s->in + run, off - run);
            emit_note(s, HS_NOTE_ERROR, "the hook library sent a malformed frame; recording stopped");
            drop_connection(s);
            return;
        }
        size_t total = sizeof h + h.payload_size;
        if (s->in_len - off < total) break;
        if (h.kind == HS_FRAME_MODULE_LOAD && !s->jvm_noted && h.payload_size >= sizeof(hs_module_load) + 2) {
            const unsigned char *m = s->in + off + sizeof h;
            size_t path_at = sizeof(hs_module_load) + ((const hs_module_load *)(const void *)m)->debug_id_size;
            uint16_t len;
            if (path_at + 2 <= h.payload_size) {
                memcpy(&len, m + path_at, 2);
                char path[HS_MAX_STRING + 1];
                if (path_at + 2 + len <= h.payload_size && len <= HS_MAX_STRING) {
                    memcpy(path, m + path_at + 2, len);
                    path[len] = '\0';
                    write_all(&s->out, s->in + run, off + total - run);
                    run = off + total;
                    note_jvm(s, path);
                }
            }
        }
        if (h.kind < HS_PRIV_AGENT_HELLO
            && already_in_snapshot(&s->boundary, h.kind, s->in + off + sizeof h, h.payload_size)) {
            write_all(&s->out, s->in + run, off - run);
            off += total;
            run = off;
            continue;
        }
        if (h.kind < HS_PRIV_AGENT_HELLO) {
            off += total;
            continue;
        }
        write_all(&s->out, s->in + run, off - run);
        const unsigned char *payload = s->in + off + sizeof h;
        /* Private frames stay here: the image's (exec, goodbye), a child's exit for the tree. */
        if (!image_private_frame(&s->image, h.kind, payload, h.payload_size) && h.kind == HS_PRIV_CHILD_EXIT
            && s->family)
            family_child_report(s->family, payload, h.payload_size);
        off += total;
        run = off;
    }
    write_all(&s->out, s->in + run, off - run);
    memmove(s->in, s->in + off, s->in_len - off);
    s->in_len -= off;
}

static void read_hook(struct session *s) {
    ssize_t n = read(s->conn, s->in + s->in_len, IN_BUF - s->in_len);
    if (n > 0) {
        s->in_len += (size_t)n;
        consume_frames(s);
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    drop_connection(s);
    /* The hook went away without a detach: the target exited or replaced its
     * image. Closes held for a pending exec happened if the process lives on. */
    int replaced = s->image.exec_pending && process_alive(s->pid);
    if (replaced && s->opt.attach) {
        char note[PATH_MAX + 160];
        snprintf(note, sizeof note,
                 "the target replaced its program (exec) with %s; a recording attached by PID cannot follow an "
                 "exec: from here only the OS descriptor count is recorded", exe_path(s->pid).path);
        emit_note(s, HS_NOTE_WARNING, note);
    }
    s->boundary.until = 0; /* the snapshot's moment is past: what follows is relayed as it is */
    if (!s->image.exec_pending && !s->image.bye && !s->stop_sent) s->lost_at = hs_monotonic_ns();
    if (replaced) image_replaced(&s->image, &s->out);
    image_connection_ended(&s->image);
}

static void handle_signals(struct session *s) {
    struct signalfd_siginfo si;
    while (read(s->sig_fd, &si, sizeof si) == (ssize_t)sizeof si) {
        if (si.ssi_signo == SIGINT || si.ssi_signo == SIGTERM || si.ssi_signo == SIGHUP) s->stop_requested = 1;
    }
}

static int target_finished(struct session *s) {
    if (s->opt.attach) return !process_alive(s->pid);
    if (!s->child_reaped) {
        int st;
        if (waitpid(s->pid, &st, WNOHANG) == s->pid) {
            s->child_status = st;
            s->child_reaped = 1;
        }
    }
    return s->child_reaped;
}

static int exit_code_of(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    return 128 + WTERMSIG(status);
}

static int root_exit_code(const struct session *s) {
    return exit_code_of(s->child_status);
}

/* With --follow-children the helper is a child subreaper: a descendant whose
 * parent exited (the launched shell that started a job in the background and
 * returned) becomes the helper's child, not init's. 1 while such an orphan
 * runs; the ended ones are reaped here, their exit codes kept. */
static int orphans_running(struct session *s) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/children", (int)getpid());
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    int pid, running = 0, status;
    while (fscanf(f, "%d", &pid) == 1) {
        if (pid == s->pid) continue;
        if (waitpid(pid, &status, WNOHANG) == pid) family_child_exited(s->family, pid, exit_code_of(status));
        else running = 1;
    }
    fclose(f);
    return running;
}

/* The launched program is gone. A followed tree ends when no descendant is
 * recorded any more, or TREE_GRACE_NS after its root (a NOTE names those
 * still running). 1: the recording ends now. */
static int tree_finished(struct session *s) {
    if (!s->family) return 1;
    uint64_t now = hs_monotonic_ns();
    if (!s->root_done_at) {
        s->root_done_at = now;
        emit_process_exited(&s->out, s->pid, root_exit_code(s));
    }
    int orphans = orphans_running(s);
    family_reap(s->family, &s->out);
    if ((family_busy(s->family) || orphans) && now - s->root_done_at < TREE_GRACE_NS) return 0;
    family_finish(s->family, &s->out, 0);
    return 1;
}

static int finish_target_exit(struct session *s) {
    char msg[64];
    int code = 0;
    if (s->opt.attach) {
        snprintf(msg, sizeof msg, "target exited");
    } else if (WIFEXITED(s->child_status)) {
        code = WEXITSTATUS(s->child_status);
        snprintf(msg, sizeof msg, "exit code %d", code);
    } else {
        code = 128 + WTERMSIG(s->child_status);
        snprintf(msg, sizeof msg, "killed by signal %d, exit code %d", WTERMSIG(s->child_status), code);
    }
    name_java_code(s, 0);
    emit_goodbye(s, HS_GOODBYE_TARGET_EXIT, msg);
    return code;
}

static void note_runtimes(struct session *s);

/* A hook connects on the launch socket: the target's new program after an
 * exec, or (followed tree) a descendant. */
static void accept_connection(struct session *s) {
    int c = accept4(s->listen_fd, NULL, NULL, SOCK_CLOEXEC);
    if (c < 0) return;
    hs_agent_hello hello;
    if (read_agent_hello(c, &hello) != 0) {
        close(c);
        return;
    }
    if ((pid_t)hello.pid != s->pid) {
        if (!s->family || family_add(s->family, &s->out, c, &hello) != 0) close(c);
        return;
    }
    if (s->conn >= 0) {
        close(c);
        return;
    }
    s->conn = c;
    memcpy(s->agent_fds, hello.agent_fds, sizeof s->agent_fds);
    s->lost_at = 0;
    char note[PATH_MAX + 64];
    snprintf(note, sizeof note, "the target replaced its program (exec): now %s", exe_path(s->pid).path);
    emit_note(s, HS_NOTE_INFO, note);
    if (s->family) emit_process_exec(&s->out, s->pid);
    image_connected(&s->image, &s->out, s->pid);
    note_runtimes(s);
    send_config(s);
}

/* Relays until detach or target exit; returns the exit code. */
static int run_session(struct session *s) {
    s->next_sample = hs_monotonic_ns() + SAMPLE_NS;
    uint64_t detach_deadline = 0;
    for (;;) {
        if (!s->stop_requested && s->opt.control && access(s->opt.control, F_OK) == 0) s->stop_requested = 1;
        if (s->out.broken) s->stop_requested = 1;
        /* Not PR_SET_PDEATHSIG: it fires when the app's *thread* that started
         * us ends, which a GUI's worker thread does while recording goes on. */
        if (getppid() != s->parent) s->stop_requested = 1;
        if (s->stop_requested && !s->stop_sent) {
            s->stop_sent = 1;
            detach_deadline = hs_monotonic_ns() + 5000000000ull;
            if (s->conn >= 0) {
                char c = HS_COMMAND_STOP;
                if (write(s->conn, &c, 1) != 1) drop_connection(s);
            }
            if (s->family) family_stop(s->family, &s->out);
        }
        if (s->stop_sent
            && (((s->image.bye || s->conn < 0) && (!s->family || family_stopped(s->family)))
                || hs_monotonic_ns() > detach_deadline)) {
            if (s->conn >= 0) {
                for (;;) {
                    struct pollfd p = {s->conn, POLLIN, 0};
                    if (poll(&p, 1, 0) <= 0) break;
                    read_hook(s);
                    if (s->conn < 0) break;
                }
            }
            if (s->family) family_finish(s->family, &s->out, 1);
            name_java_code(s, 1);
            emit_goodbye(s, HS_GOODBYE_DETACHED, "detached");
            return HS_EXIT_OK;
        }
        if (s->conn < 0 && target_finished(s) && tree_finished(s)) return finish_target_exit(s);
        /* The hook went away without a goodbye, an exec or an exit (something
         * closed its socket, or it gave up waiting for its configuration):
         * the recording is incomplete from here, and says so. */
        if (s->conn < 0 && s->lost_at && !s->root_done_at && hs_monotonic_ns() - s->lost_at > LOST_GRACE_NS) {
            static const char why[] = "the hook library in the target stopped recording: its connection ended while "
                                      "the process runs on (the program closed the hook's socket, e.g. with a "
                                      "system call made without libc); events after this point are missing";
            emit_note(s, HS_NOTE_ERROR, why);
            emit_goodbye(s, HS_GOODBYE_ERROR, why);
            return HS_EXIT_FAILURE;
        }
        if (s->conn < 0 && s->image.bye && !s->stop_sent) {
            /* The hook said the process is exiting: wait for it to be gone. */
            if (target_finished(s) && tree_finished(s)) return finish_target_exit(s);
        }
        if (s->family) family_reap(s->family, &s->out);

        uint64_t now = hs_monotonic_ns();
        if (now >= s->next_sample) {
            emit_sample(s);
            s->next_sample = now + SAMPLE_NS;
            if (++s->samples % 10 == 1) note_io_uring(s);
        }
        size_t want = 4 + (s->family ? family_size(s->family) : 0);
        if (want > s->poll_cap) {
            s->poll_cap = want;
            s->polls = realloc(s->polls, want * sizeof *s->polls);
            if (!s->polls) abort();
        }
        struct pollfd *p = s->polls;
        int n = 0;
        p[n++] = (struct pollfd){s->sig_fd, POLLIN, 0};
        int conn_at = -1, listen_at_ = -1;
        if (s->conn >= 0) {
            conn_at = n;
            p[n++] = (struct pollfd){s->conn, POLLIN, 0};
        }
        if (!s->opt.attach && !s->stop_sent && (s->conn < 0 || s->family)) {
            /* the target exec'ed (the new image's hook reconnects), or a followed descendant starts */
            listen_at_ = n;
            p[n++] = (struct pollfd){s->listen_fd, POLLIN, 0};
        }
        int out_at = n;
        p[n++] = (struct pollfd){s->out.fd, 0, 0};
        int family_at = n;
        if (s->family) n += (int)family_poll_fds(s->family, p + n, s->poll_cap - (size_t)n);
        int wait_ms = (int)((s->next_sample - now) / 1000000ull) + 1;
        if (wait_ms > 20) wait_ms = 20; /* the control file is polled too */
        if (poll(p, (nfds_t)n, wait_ms) < 0 && errno != EINTR) return HS_EXIT_FAILURE;
        if (p[0].revents) handle_signals(s);
        if (p[out_at].revents & (POLLERR | POLLHUP)) s->out.broken = 1;
        if (conn_at >= 0 && p[conn_at].revents) read_hook(s);
        if (s->family) family_service(s->family, &s->out, p + family_at, (size_t)(n - family_at));
        if (listen_at_ >= 0 && p[listen_at_].revents) accept_connection(s);
    }
}

/* Programs whose descriptors mostly never pass through libc: say so up front. */
/* CPython, as its own executable (python3.11) or a libpython3.11.so: its
 * frames are C functions of the interpreter, whatever Python code runs. */
static int is_python(const char *path) {
    const char *name = strrchr(path, '/');
    name = name ? name + 1 : path;
    if (strncmp(name, "libpython", 9) == 0) name += 3;
    return strncmp(name, "python", 6) == 0 && name[6] >= '2' && name[6] <= '3';
}

static void note_python(struct session *s, const char *module_path) {
    if (s->python_noted || !is_python(module_path)) return;
    s->python_noted = 1;
    char note[PATH_MAX + 320];
    snprintf(note, sizeof note,
             "the target runs Python (%s): its stacks name the interpreter's C functions (such as "
             "_io_FileIO___init___impl and _PyEval_EvalFrameDefault), not the Python functions that called them, "
             "which HandleSpy does not read", module_path);
    emit_note(s, HS_NOTE_INFO, note);
}

/* Runtimes whose own frames the stacks cannot name, as mapped now (at the
 * start, and again after an exec). */
static void note_runtimes(struct session *s) {
    char maps[64], line[PATH_MAX + 256];
    snprintf(maps, sizeof maps, "/proc/%d/maps", (int)s->pid);
    FILE *f = fopen(maps, "re");
    while (f && !(s->jvm_noted && s->python_noted) && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        const char *path = strchr(line, '/');
        if (!path) continue;
        note_jvm(s, path);
        note_python(s, path);
    }
    if (f) fclose(f);
}

static void note_what_is_not_seen(struct session *s) {
    note_runtimes(s);
    char in_target[PATH_MAX + 64];
    snprintf(in_target, sizeof in_target, "/proc/%d/exe", (int)s->pid);
    if (!elf_is_go(in_target)) return;
    char note[PATH_MAX + 320];
    snprintf(note, sizeof note,
             "%s is a Go program: the Go runtime makes its own system calls, so descriptors Go code opens and closes "
             "(os, net) are not seen; only those of C code it calls through cgo are. The OS count is recorded",
             exe_path(s->pid).path);
    emit_note(s, HS_NOTE_WARNING, note);
}

static int fail(struct hs_error *e) {
    fprintf(stderr, "handlespy-injector: %s\n", e->message);
    return e->code;
}

static char *resolve_command(const char *cmd, char *buf, size_t size) {
    if (strchr(cmd, '/')) return realpath(cmd, buf);
    const char *path = getenv("PATH");
    if (!path) path = "/usr/local/bin:/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        snprintf(buf, size, "%.*s/%s", (int)len, path, cmd);
        if (access(buf, X_OK) == 0) return buf;
        path += len + (path[len] == ':');
    }
    return NULL;
}

static pid_t start_child(struct session *s, const char *socket_path, const char *library, sigset_t *old_mask,
                         struct hs_error *err) {
    int errpipe[2];
    if (pipe2(errpipe, O_CLOEXEC) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot create a pipe (%s)", strerror(errno));
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot fork (%s)", strerror(errno));
        return -1;
    }
    if (child == 0) {
        sigprocmask(SIG_SETMASK, old_mask, NULL);
        signal(SIGPIPE, SIG_DFL);
        const char *existing = getenv("LD_PRELOAD");
        const char *hook = getenv("HANDLESPY_HOOK_PRELOAD");
        if (!hook) hook = library;
        char preload[8192], pid_text[16];
        if (existing && *existing) snprintf(preload, sizeof preload, "%s:%s", existing, hook);
        else snprintf(preload, sizeof preload, "%s", hook);
        snprintf(pid_text, sizeof pid_text, "%d", (int)getpid());
        setenv("LD_PRELOAD", preload, 1);
        setenv(HS_ENV_SOCKET, socket_path, 1);
        setenv(HS_ENV_PID, pid_text, 1);
        if (s->opt.follow) setenv(HS_ENV_FOLLOW, "1", 1);
        else unsetenv(HS_ENV_FOLLOW);
        execvp(s->opt.command[0], s->opt.command);
        int e = errno;
        ssize_t ignored = write(errpipe[1], &e, sizeof e);
        (void)ignored;
        _exit(127);
    }
    close(errpipe[1]);
    int e = 0;
    ssize_t n = read(errpipe[0], &e, sizeof e);
    close(errpipe[0]);
    if (n == (ssize_t)sizeof e) {
        waitpid(child, NULL, 0);
        hs_fail(err, HS_EXIT_FAILURE, "cannot run %s (%s)", s->opt.command[0], strerror(e));
        return -1;
    }
    return child;
}

int main(int argc, char **argv) {
    static struct session s;
    struct hs_error err = {0, ""};
    if (parse(argc, argv, &s.opt) != 0) {
        fputs(USAGE, stderr);
        return HS_EXIT_USAGE;
    }
    s.conn = -1;
    jvm_init(&s.jvm);
    for (int i = 0; i < HS_AGENT_FDS; i++) s.agent_fds[i] = -1;
    s.in = malloc(IN_BUF);
    if (!s.in) return HS_EXIT_FAILURE;
    signal(SIGPIPE, SIG_IGN);

    uid_t uid = geteuid();
    if (s.opt.attach) {
        s.pid = s.opt.pid;
        char exe[64], image[PATH_MAX];
        snprintf(exe, sizeof exe, "/proc/%d/exe", (int)s.pid);
        if (!process_alive(s.pid)) {
            hs_fail(&err, HS_EXIT_NO_PROCESS, "no process with PID %d", (int)s.pid);
            return fail(&err);
        }
        if (process_uid(s.pid, &uid) != 0) uid = geteuid();
        ssize_t n = readlink(exe, image, sizeof image - 1);
        if (n < 0 && errno == EACCES) {
            struct hs_error denied;
            hs_fail(&denied, HS_EXIT_NO_PROCESS,
                    "not permitted to attach to process %d: it runs as another user (uid %u); run HandleSpy as "
                    "that user or as root", (int)s.pid, (unsigned)uid);
            return fail(&denied);
        }
        if (n > 0) {
            image[n] = '\0';
            char in_target[PATH_MAX + 64];
            snprintf(in_target, sizeof in_target, "/proc/%d/root%s", (int)s.pid, image);
            int kind = elf_is_dynamic(in_target);
            if (kind == 2) {
                hs_fail(&err, HS_EXIT_UNSUPPORTED,
                        "process %d is a 32-bit program (%s); the Linux agent records 64-bit programs only",
                        (int)s.pid, image);
                return fail(&err);
            }
            if (kind == 0) {
                hs_fail(&err, HS_EXIT_UNSUPPORTED,
                        "process %d runs a static binary (%s) that cannot load the hook library; HandleSpy needs "
                        "a dynamically linked program", (int)s.pid, image);
                return fail(&err);
            }
        }
    } else {
        char resolved[PATH_MAX];
        if (!resolve_command(s.opt.command[0], resolved, sizeof resolved)) {
            hs_fail(&err, HS_EXIT_FAILURE, "cannot find the program %s", s.opt.command[0]);
            return fail(&err);
        }
        int kind = elf_is_dynamic(resolved);
        if (kind == 2) {
            hs_fail(&err, HS_EXIT_UNSUPPORTED,
                    "%s is a 32-bit program; the Linux agent records 64-bit programs only", resolved);
            return fail(&err);
        }
        if (kind == 0) {
            hs_fail(&err, HS_EXIT_UNSUPPORTED,
                    "%s is a static binary%s: it cannot load the hook library; HandleSpy needs a dynamically linked "
                    "program", resolved, elf_is_go(resolved) ? " (a Go program, whose runtime makes its own system calls)" : "");
            return fail(&err);
        }
    }

    /* After the target's checks: a process HandleSpy may not touch is the answer
     * that matters, even where the helper's own folder is closed to this user. */
    char library[PATH_MAX];
    if (hook_library(library, sizeof library) != 0) {
        hs_fail(&err, HS_EXIT_FAILURE, "the hook library is missing next to the helper (%s); rebuild HandleSpy", library);
        return fail(&err);
    }

    if (s.opt.output) {
        s.out.fd = open(s.opt.output, O_WRONLY | O_CLOEXEC | O_CREAT | O_TRUNC, 0600);
        if (s.out.fd < 0) {
            hs_fail(&err, HS_EXIT_FAILURE, "cannot open the output %s (%s)", s.opt.output, strerror(errno));
            return fail(&err);
        }
    } else {
        s.out.fd = STDOUT_FILENO;
    }

    sigset_t mask, old_mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGHUP);
    sigaddset(&mask, SIGCHLD);
    sigprocmask(SIG_BLOCK, &mask, &old_mask);
    s.sig_fd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    s.parent = getppid();

    char dir[128], socket_path[256];
    if (socket_dir(uid, dir, sizeof dir, &err) != 0) return fail(&err);
    if (s.opt.attach) snprintf(socket_path, sizeof socket_path, "%s/%d.sock", dir, (int)s.pid);
    else snprintf(socket_path, sizeof socket_path, "%s/launch-%d.sock", dir, (int)getpid());
    s.listen_fd = listen_at(socket_path, uid, &err);
    if (s.listen_fd < 0) return fail(&err);

    int connected;
    if (s.opt.attach) {
        uint64_t t0 = hs_monotonic_ns();
        int injected = inject_library(s.pid, library, &err);
        connected = 0;
        /* An agent already there may be the one of an attach whose helper was
         * killed a moment ago, still starting: it connects to this socket (the
         * same path) and is taken as ours, or gives up, and a second try finds
         * the library free. A recording by another HandleSpy is still refused. */
        if (injected == HS_INJECT_BUSY) {
            connected = accept_hook(&s, 2000) == 0;
            injected = connected ? 0 : inject_library(s.pid, library, &err);
        }
        if (injected != 0) {
            unlink(socket_path);
            return fail(&err);
        }
        if (!connected) connected = accept_hook(&s, 10000) == 0;
        unlink(socket_path);
        if (!connected) {
            hs_fail(&err, process_alive(s.pid) ? HS_EXIT_FAILURE : HS_EXIT_NO_PROCESS,
                    process_alive(s.pid) ? "the hook library loaded into process %d but never connected"
                                         : "process %d exited during attach", (int)s.pid);
            return fail(&err);
        }
        emit_hello(&s);
        char note[96];
        snprintf(note, sizeof note, "attached in %.1f ms", (double)(hs_monotonic_ns() - t0) / 1e6);
        emit_note(&s, HS_NOTE_INFO, note);
    } else {
        if (s.opt.follow) prctl(PR_SET_CHILD_SUBREAPER, 1);
        s.pid = start_child(&s, socket_path, library, &old_mask, &err);
        if (s.pid < 0) {
            unlink(socket_path);
            return fail(&err);
        }
        connected = accept_hook(&s, 10000) == 0;
        emit_hello(&s);
        if (s.opt.follow) {
            s.family = family_new(s.pid, config_flags(&s.opt));
            emit_process_started(&s.out, s.pid, getpid());
        }
        if (!connected) {
            /* Exited before its hook started, or never loaded it: still a recording. */
            emit_note(&s, HS_NOTE_WARNING, "the hook library did not start in the target; only OS counts recorded");
        }
    }
    note_what_is_not_seen(&s);
    image_connected(&s.image, &s.out, s.pid);
    emit_snapshot(&s.out, s.pid, s.agent_fds, s.boundary.open);
    s.boundary.until = hs_monotonic_ns() + (s.opt.drop ? 0 : BOUNDARY_NS);
    /* The first count goes with the snapshot: a launched target is still
     * waiting for its configuration, so both describe the same moment. */
    emit_sample(&s);
    if (s.conn >= 0) send_config(&s);
    int code = run_session(&s);
    if (!s.opt.attach) unlink(socket_path);
    return code;
}
