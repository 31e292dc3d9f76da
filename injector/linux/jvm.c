/*
 * Names the code a HotSpot JVM generates (compiled methods, native-method
 * wrappers, stubs, the interpreter), which no ELF file describes: asks the JVM
 * for its perf map through its attach mechanism, as `jcmd PID
 * Compiler.perfmap` does, and relays the map's entries as CODE_SYMBOL frames.
 * Speaking the attach protocol here needs no JDK tools next to the target and
 * works across mount namespaces (the JVM's /tmp is reached as
 * /proc/PID/root/tmp).
 */
#define _GNU_SOURCE
#include "injector.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* How long the JVM may take to start its attach listener, and to write the map:
 * together well within the 10 s the app grants a detach. */
#define LISTENER_WAIT_MS 3000
#define REPLY_WAIT_MS 3000

void jvm_init(struct hs_jvm *j) {
    j->tmp_fd = -1;
    j->pid = 0;
    j->nspid = 0;
    j->since = 0;
}

/* The pid the target knows itself by (the last NSpid), which names its attach and map files. */
static pid_t namespace_pid(pid_t pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    pid_t ns = pid;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "NSpid:", 6) != 0) continue;
        char *p = line + 6, *end;
        for (;;) {
            long v = strtol(p, &end, 10);
            if (end == p) break;
            ns = (pid_t)v;
            p = end;
        }
        break;
    }
    if (f) fclose(f);
    return ns;
}

void jvm_open(struct hs_jvm *j, pid_t pid) {
    if (j->tmp_fd >= 0) return;
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/root/tmp", (int)pid);
    /* kept open: the map a JVM writes as it exits is still reachable after the process is gone */
    j->tmp_fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
    j->pid = pid;
    j->nspid = namespace_pid(pid);
    j->since = time(NULL);
}

/* 1 if the process catches SIGQUIT: HotSpot's signal to start its attach
 * listener. A JVM that does not (-Xrs, or one still starting) would die of it. */
static int catches_sigquit(pid_t pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "re");
    int yes = 0;
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "SigCgt:", 7) == 0) {
            unsigned long long mask = strtoull(line + 7, NULL, 16);
            yes = (mask >> (SIGQUIT - 1)) & 1u;
            break;
        }
    }
    if (f) fclose(f);
    return yes;
}

/* 1 if `needle` is among the bytes of /proc/PID/<file> (NUL-separated arguments or environment). */
static int proc_file_mentions(pid_t pid, const char *file, const char *needle) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap + 1);
    if (!buf) abort();
    ssize_t n;
    while ((n = read(fd, buf + len, cap - len)) > 0) {
        len += (size_t)n;
        if (len == cap) {
            cap *= 2;
            buf = realloc(buf, cap + 1);
            if (!buf) abort();
        }
    }
    close(fd);
    for (size_t i = 0; i < len; i++)
        if (buf[i] == '\0') buf[i] = ' ';
    buf[len] = '\0';
    int found = strstr(buf, needle) != NULL;
    free(buf);
    return found;
}

static int exists_at(int dir, const char *name, struct stat *st) {
    return fstatat(dir, name, st, 0) == 0;
}

/* Starts the JVM's attach listener as the JDK's own tools do: a trigger file
 * .attach_pidN in its /tmp, then SIGQUIT. Without the file (or with the
 * mechanism disabled) HotSpot answers SIGQUIT with a thread dump on the
 * program's stdout, so nothing is sent unless the file is in place. */
static int start_listener(struct hs_jvm *j, const char *socket_name, char *why, size_t why_size) {
    if (proc_file_mentions(j->pid, "cmdline", "+DisableAttachMechanism")
        || proc_file_mentions(j->pid, "environ", "+DisableAttachMechanism")) {
        snprintf(why, why_size, "the JVM runs with -XX:+DisableAttachMechanism");
        return -1;
    }
    if (!catches_sigquit(j->pid)) {
        snprintf(why, why_size, "the JVM does not handle SIGQUIT (-Xrs?), so its attach listener cannot be started");
        return -1;
    }
    char trigger[64];
    snprintf(trigger, sizeof trigger, ".attach_pid%d", (int)j->nspid);
    int fd = openat(j->tmp_fd, trigger, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        snprintf(why, why_size, "cannot create the JVM's attach trigger /tmp/%s (%s)", trigger, strerror(errno));
        return -1;
    }
    close(fd);
    int started = -1;
    if (kill(j->pid, SIGQUIT) == 0) {
        struct stat st;
        uint64_t deadline = hs_monotonic_ns() + LISTENER_WAIT_MS * 1000000ull;
        while (hs_monotonic_ns() < deadline) {
            if (exists_at(j->tmp_fd, socket_name, &st)) {
                started = 0;
                break;
            }
            poll(NULL, 0, 20);
        }
    }
    unlinkat(j->tmp_fd, trigger, 0);
    if (started != 0) snprintf(why, why_size, "the JVM did not start its attach listener within %d s", LISTENER_WAIT_MS / 1000);
    return started;
}

/* Runs `jcmd Compiler.perfmap` over the attach socket (protocol 1: version,
 * command, three arguments, each NUL-terminated; the reply is a result code
 * line, then the command's output). */
static int ask_perf_map(struct hs_jvm *j, char *why, size_t why_size) {
    char socket_name[64];
    snprintf(socket_name, sizeof socket_name, ".java_pid%d", (int)j->nspid);
    struct stat st;
    if (!exists_at(j->tmp_fd, socket_name, &st) && start_listener(j, socket_name, why, why_size) != 0) return -1;
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    snprintf(addr.sun_path, sizeof addr.sun_path, "/proc/%d/root/tmp/%s", (int)j->pid, socket_name);
    int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
        snprintf(why, why_size, "cannot connect to the JVM's attach socket /tmp/%s (%s)", socket_name, strerror(errno));
        if (s >= 0) close(s);
        return -1;
    }
    static const char request[] = "1\0jcmd\0Compiler.perfmap\0\0";
    if (write(s, request, sizeof request) != (ssize_t)sizeof request) {
        snprintf(why, why_size, "the JVM's attach socket refused the request (%s)", strerror(errno));
        close(s);
        return -1;
    }
    char reply[512];
    size_t len = 0;
    uint64_t deadline = hs_monotonic_ns() + REPLY_WAIT_MS * 1000000ull;
    for (;;) {
        uint64_t now = hs_monotonic_ns();
        struct pollfd p = {s, POLLIN, 0};
        if (now >= deadline || poll(&p, 1, (int)((deadline - now) / 1000000ull) + 1) <= 0) {
            snprintf(why, why_size, "the JVM did not answer Compiler.perfmap within %d s", REPLY_WAIT_MS / 1000);
            close(s);
            return -1;
        }
        char discard[512];
        char *into = len < sizeof reply - 1 ? reply + len : discard;
        size_t room = len < sizeof reply - 1 ? sizeof reply - 1 - len : sizeof discard;
        ssize_t n = read(s, into, room);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        if (into == reply + len) len += (size_t)n;
    }
    close(s);
    reply[len] = '\0';
    /* "0" and the output on success; a JDK without the command (before 17) says so in the output */
    if (strncmp(reply, "0\n", 2) != 0 || strstr(reply, "Unknown diagnostic command")) {
        for (char *c = reply; *c; c++)
            if (*c == '\n') *c = ' ';
        snprintf(why, why_size, "the JVM refused Compiler.perfmap (JDK 17 or later needed): %.300s", reply);
        return -1;
    }
    return 0;
}

/* Relays each "0xSTART 0xSIZE name" line of the map. */
static long relay_map(FILE *f, struct hs_out *o) {
    char *line = NULL;
    size_t cap = 0;
    long n = 0;
    uint64_t now = hs_monotonic_ns();
    while (getline(&line, &cap, f) > 0) {
        uint64_t start, size;
        int name_at = 0;
        if (sscanf(line, "%" SCNx64 " %" SCNx64 " %n", &start, &size, &name_at) != 2 || name_at == 0) continue;
        line[strcspn(line, "\n")] = '\0';
        if (size == 0 || line[name_at] == '\0') continue;
        hs_code_symbol c = {now, start, size};
        out_frame_string(o, HS_FRAME_CODE_SYMBOL, &c, sizeof c, line + name_at);
        n++;
    }
    free(line);
    return n;
}

long jvm_relay_perf_map(struct hs_jvm *j, struct hs_out *o, int ask, char *why, size_t why_size) {
    if (j->tmp_fd < 0) {
        snprintf(why, why_size, "the JVM's /tmp cannot be reached");
        return -1;
    }
    char map[64];
    snprintf(map, sizeof map, "perf-%d.map", (int)j->nspid);
    struct stat before;
    int existed = exists_at(j->tmp_fd, map, &before);
    if (ask && ask_perf_map(j, why, why_size) != 0) return -1;
    if (!ask && (!existed || before.st_mtime < j->since)) {
        snprintf(why, why_size,
                 "the JVM exited before the recording stopped, so it could not be asked for its perf map (stop "
                 "the recording while it runs, or run it with -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit)");
        return -1;
    }
    int fd = openat(j->tmp_fd, map, O_RDONLY | O_CLOEXEC);
    FILE *f = fd < 0 ? NULL : fdopen(fd, "re");
    if (!f) {
        snprintf(why, why_size, "cannot read the JVM's perf map /tmp/%s (%s)", map, strerror(errno));
        if (fd >= 0) close(fd);
        return -1;
    }
    long n = relay_map(f, o);
    fclose(f);
    /* the map is the JVM's file, left in place if someone else had it written */
    if (ask && !existed) unlinkat(j->tmp_fd, map, 0);
    return n;
}

void jvm_close(struct hs_jvm *j) {
    if (j->tmp_fd >= 0) close(j->tmp_fd);
    j->tmp_fd = -1;
}
