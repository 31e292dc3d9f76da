/*
 * launch --follow-children: the descendants of the launched program. Each one
 * whose hook library starts (a fork of a recorded process, or an exec that
 * kept the preload) connects to the launch socket as a process of its own.
 * Its frames are relayed between PROCESS SELECT frames naming it, so stack
 * ids, descriptor numbers and modules stay its own; the injector adds when it
 * started (parent, program, arguments), exec'ed and exited (exit code).
 */
#define _GNU_SOURCE
#include "injector.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MEMBER_IN (HS_MAX_PAYLOAD + sizeof(hs_frame_header))
/* How long a member whose connection ended may take to show as exited (a
 * zombie, or gone) and, once reaped, for its parent's wait to say how, before
 * it is reported with an unknown exit code. */
#define EXIT_GRACE_NS 300000000ull

struct member {
    pid_t pid;
    int conn;                  /* -1 once the hook's connection ended */
    int agent_fds[HS_AGENT_FDS];
    unsigned char *in;
    size_t in_len;
    struct hs_image image;
    int awaiting_exec;         /* the old image is gone, the new one has not connected (yet) */
    int32_t exit_code;         /* from the hook (exit, _exit), HS_EXIT_CODE_UNKNOWN until then */
    uint64_t ended_at;         /* the connection ended, the exit is not reported yet (0: not so) */
};

struct hs_family {
    pid_t root;
    uint32_t config_flags;
    struct member **members;
    size_t count, cap;
    unsigned followed;         /* processes ever followed, the root excluded */
};

struct hs_family *family_new(pid_t root, uint32_t config_flags) {
    struct hs_family *f = calloc(1, sizeof *f);
    if (!f) abort();
    f->root = root;
    f->config_flags = config_flags;
    return f;
}

static uint64_t now_ns(void) { return hs_monotonic_ns(); }

static void emit_process(struct hs_out *o, uint16_t event, pid_t pid, pid_t parent, int32_t exit_code) {
    hs_process p = {now_ns(), (uint32_t)pid, (uint32_t)parent, event, 0, exit_code};
    if (event != HS_PROCESS_STARTED && event != HS_PROCESS_EXEC) {
        out_frame(o, HS_FRAME_PROCESS, &p, sizeof p, NULL, 0);
        return;
    }
    char path[PATH_MAX], link[64];
    snprintf(link, sizeof link, "/proc/%d/exe", (int)pid);
    ssize_t n = readlink(link, path, sizeof path - 1);
    path[n > 0 ? n : 0] = '\0';
    static unsigned char tail[2 + HS_MAX_STRING + 2 + HS_MAX_STRING];
    size_t path_len = strlen(path) > HS_MAX_STRING ? HS_MAX_STRING : strlen(path);
    uint16_t n16 = (uint16_t)path_len;
    memcpy(tail, &n16, 2);
    memcpy(tail + 2, path, path_len);
    size_t off = 2 + path_len;
    char *cmd = (char *)tail + off + 2;
    size_t cmd_len = 0;
    snprintf(link, sizeof link, "/proc/%d/cmdline", (int)pid);
    FILE *c = fopen(link, "re");
    if (c) {
        cmd_len = fread(cmd, 1, HS_MAX_STRING, c);
        fclose(c);
    }
    while (cmd_len && cmd[cmd_len - 1] == '\0') cmd_len--; /* the last argument's terminator */
    n16 = (uint16_t)cmd_len;
    memcpy(tail + off, &n16, 2);
    off += 2 + cmd_len;
    out_frame(o, HS_FRAME_PROCESS, &p, sizeof p, tail, off);
}

void emit_process_select(struct hs_out *o, pid_t pid) {
    emit_process(o, HS_PROCESS_SELECT, pid, 0, -1);
}

pid_t parent_of(pid_t pid) {
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *paren = strrchr(buf, ')');
    int ppid = 0;
    char state;
    if (!paren || sscanf(paren + 1, " %c %d", &state, &ppid) != 2) return 0;
    return (pid_t)ppid;
}

void emit_process_started(struct hs_out *o, pid_t pid, pid_t parent) {
    emit_process(o, HS_PROCESS_STARTED, pid, parent, -1);
}

void emit_process_exec(struct hs_out *o, pid_t pid) {
    emit_process(o, HS_PROCESS_EXEC, pid, parent_of(pid), -1);
}

void emit_process_exited(struct hs_out *o, pid_t pid, int32_t exit_code) {
    emit_process(o, HS_PROCESS_EXITED, pid, 0, exit_code);
}

/* A zombie's wait status (field 52 of /proc/PID/stat) as an exit code; -1 if
 * the process is not a zombie (running, or already reaped). */
static int32_t zombie_exit_code(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "re");
    if (!f) return HS_EXIT_CODE_UNKNOWN;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    if (!p || p[1] != ' ' || p[2] != 'Z') return HS_EXIT_CODE_UNKNOWN;
    /* fields from 3 (state) on; exit_code is field 52 */
    int field = 3;
    for (p += 2; *p && field < 52; p++)
        if (*p == ' ') field++;
    int status;
    if (field != 52 || sscanf(p, "%d", &status) != 1) return HS_EXIT_CODE_UNKNOWN;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return HS_EXIT_CODE_UNKNOWN;
}

static struct member *find(struct hs_family *f, pid_t pid) {
    for (size_t i = 0; i < f->count; i++)
        if (f->members[i]->pid == pid) return f->members[i];
    return NULL;
}

static void forget(struct hs_family *f, struct member *m) {
    for (size_t i = 0; i < f->count; i++) {
        if (f->members[i] != m) continue;
        f->members[i] = f->members[--f->count];
        break;
    }
    free(m->in);
    image_free(&m->image);
    free(m);
}

static void ended(struct hs_family *f, struct hs_out *o, struct member *m);
static void read_member(struct hs_family *f, struct hs_out *o, struct member *m);

int family_add(struct hs_family *f, struct hs_out *o, int conn, const hs_agent_hello *hello) {
    pid_t pid = (pid_t)hello->pid;
    struct ucred cred;
    socklen_t len = sizeof cred;
    if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &cred, &len) != 0 || cred.pid != pid) return -1;
    struct member *m = find(f, pid);
    int exec = m != NULL;
    if (!m) {
        m = calloc(1, sizeof *m);
        if (!m) abort();
        m->pid = pid;
        if (f->count == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 16;
            f->members = realloc(f->members, f->cap * sizeof *f->members);
            if (!f->members) abort();
        }
        f->members[f->count++] = m;
        f->followed++;
    } else {
        /* The old program's connection closed at the exec: what it still
         * holds (its last events, the closes the exec made) comes first. */
        while (m->conn >= 0) {
            struct pollfd p = {m->conn, POLLIN, 0};
            if (poll(&p, 1, 1000) <= 0) {
                ended(f, o, m);
                break;
            }
            read_member(f, o, m);
        }
    }
    if (!m->in && !(m->in = malloc(MEMBER_IN))) abort();
    m->conn = conn;
    m->in_len = 0;
    m->awaiting_exec = 0;
    m->ended_at = 0;
    m->exit_code = HS_EXIT_CODE_UNKNOWN;
    memcpy(m->agent_fds, hello->agent_fds, sizeof m->agent_fds);
    emit_process_select(o, pid);
    if (exec) emit_process_exec(o, pid);
    else emit_process_started(o, pid, hello->parent_pid ? (pid_t)hello->parent_pid : parent_of(pid));
    image_connected(&m->image, o, pid);
    /* A forked child holds its parent's descriptors: open before its recording. */
    emit_snapshot(o, pid, m->agent_fds, NULL);
    emit_process_select(o, f->root);
    hs_config cfg = {HS_CONFIG_MAGIC, f->config_flags};
    if (write(conn, &cfg, sizeof cfg) != (ssize_t)sizeof cfg) {
        close(conn);
        m->conn = -1;
        m->ended_at = now_ns();
    }
    return 0;
}

void family_child_exited(struct hs_family *f, pid_t pid, int32_t exit_code) {
    struct member *child = find(f, pid);
    if (child && child->exit_code == HS_EXIT_CODE_UNKNOWN) child->exit_code = exit_code;
}

void family_child_report(struct hs_family *f, const unsigned char *payload, uint32_t size) {
    if (size < sizeof(hs_child_exit)) return;
    hs_child_exit c;
    memcpy(&c, payload, sizeof c);
    family_child_exited(f, (pid_t)c.pid, c.exit_code);
}

/* Relays the member's complete frames (its own, after a SELECT of it); private
 * frames stay here. */
static void consume(struct hs_family *f, struct hs_out *o, struct member *m) {
    size_t off = 0, run = 0;
    int selected = 0;
    while (m->in_len - off >= sizeof(hs_frame_header)) {
        hs_frame_header h;
        memcpy(&h, m->in + off, sizeof h);
        if (h.payload_size > HS_MAX_PAYLOAD) {
            close(m->conn);
            m->conn = -1;
            m->ended_at = now_ns();
            break;
        }
        size_t total = sizeof h + h.payload_size;
        if (m->in_len - off < total) break;
        if (!selected) {
            emit_process_select(o, m->pid);
            selected = 1;
        }
        if (h.kind < HS_PRIV_AGENT_HELLO) {
            off += total;
            continue;
        }
        out_raw(o, m->in + run, off - run);
        const unsigned char *payload = m->in + off + sizeof h;
        if (image_private_frame(&m->image, h.kind, payload, h.payload_size)) {
            /* taken: exec or goodbye */
        } else if (h.kind == HS_PRIV_EXIT_CODE && h.payload_size >= sizeof m->exit_code) {
            memcpy(&m->exit_code, payload, sizeof m->exit_code);
        } else if (h.kind == HS_PRIV_CHILD_EXIT) {
            family_child_report(f, payload, h.payload_size);
        }
        off += total;
        run = off;
    }
    out_raw(o, m->in + run, off - run);
    memmove(m->in, m->in + off, m->in_len - off);
    m->in_len -= off;
    if (selected) emit_process_select(o, f->root);
}

/* The member's hook connection ended: its program was replaced (exec: the
 * closes it held happen now, its modules go) or the process is exiting. */
static void ended(struct hs_family *f, struct hs_out *o, struct member *m) {
    if (m->conn >= 0) close(m->conn);
    m->conn = -1;
    if (m->image.exec_pending && process_alive(m->pid)) {
        emit_process_select(o, m->pid);
        image_replaced(&m->image, o);
        emit_process_select(o, f->root);
        m->awaiting_exec = 1;
    }
    image_connection_ended(&m->image);
    m->ended_at = now_ns();
}

static void read_member(struct hs_family *f, struct hs_out *o, struct member *m) {
    ssize_t n = read(m->conn, m->in + m->in_len, MEMBER_IN - m->in_len);
    if (n > 0) {
        m->in_len += (size_t)n;
        consume(f, o, m);
        return;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    ended(f, o, m);
}

size_t family_poll_fds(struct hs_family *f, struct pollfd *p, size_t max) {
    size_t n = 0;
    for (size_t i = 0; i < f->count && n < max; i++)
        if (f->members[i]->conn >= 0) p[n++] = (struct pollfd){f->members[i]->conn, POLLIN, 0};
    return n;
}

void family_service(struct hs_family *f, struct hs_out *o, const struct pollfd *p, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (!p[i].revents) continue;
        for (size_t j = 0; j < f->count; j++) {
            struct member *m = f->members[j];
            if (m->conn == p[i].fd) {
                read_member(f, o, m);
                break;
            }
        }
    }
}

/* Members whose connection ended: an exited one is reported (with the exit
 * code its hook sent, else its zombie's, else unknown) and forgotten; one
 * whose new program never connected (it does not load the hook: a static
 * binary, a cleared LD_PRELOAD) is reported when it is gone. */
void family_reap(struct hs_family *f, struct hs_out *o) {
    for (size_t i = 0; i < f->count;) {
        struct member *m = f->members[i];
        if (m->conn >= 0 || !m->ended_at) {
            i++;
            continue;
        }
        int32_t code = m->exit_code;
        int alive = process_alive(m->pid);
        if (code == HS_EXIT_CODE_UNKNOWN) code = zombie_exit_code(m->pid);
        /* a reaped child's code may still come from its parent's wait */
        int late = now_ns() - m->ended_at > EXIT_GRACE_NS;
        int settled = code != HS_EXIT_CODE_UNKNOWN || (late && (!alive || !m->awaiting_exec));
        if (!settled) {
            i++;
            continue;
        }
        emit_process_exited(o, m->pid, code);
        forget(f, m);
    }
}

int family_count_fds(const struct hs_family *f) {
    int total = 0;
    for (size_t i = 0; i < f->count; i++) {
        const struct member *m = f->members[i];
        int n = m->conn >= 0 ? count_fds(m->pid, m->agent_fds) : -1;
        if (n > 0) total += n;
    }
    return total;
}

size_t family_size(const struct hs_family *f) {
    return f->count;
}

int family_busy(const struct hs_family *f) {
    return f->count != 0;
}

void family_stop(struct hs_family *f, struct hs_out *o) {
    char c = HS_COMMAND_STOP;
    for (size_t i = 0; i < f->count; i++) {
        struct member *m = f->members[i];
        if (m->conn >= 0 && write(m->conn, &c, 1) != 1) ended(f, o, m);
    }
}

/* Every member asked to stop has said goodbye or is gone. */
int family_stopped(const struct hs_family *f) {
    for (size_t i = 0; i < f->count; i++)
        if (f->members[i]->conn >= 0 && !f->members[i]->image.bye) return 0;
    return 1;
}

/* The end of the recording: what members still send is relayed, and those
 * still running are named in one NOTE. */
void family_finish(struct hs_family *f, struct hs_out *o, int detached) {
    for (size_t i = 0; i < f->count; i++) {
        struct member *m = f->members[i];
        while (m->conn >= 0) {
            struct pollfd p = {m->conn, POLLIN, 0};
            if (poll(&p, 1, 0) <= 0) break;
            read_member(f, o, m);
        }
    }
    family_reap(f, o);
    if (!f->count) return;
    char text[1024];
    int len = snprintf(text, sizeof text,
                       detached ? "%zu followed processes still running at the detach (recorded until then):"
                                : "%zu followed processes still running when the launched program's tree was left "
                                  "(recorded until then; their descriptors open at that time show as open):",
                       f->count);
    for (size_t i = 0; i < f->count && len > 0 && (size_t)len < sizeof text - 16; i++)
        len += snprintf(text + len, sizeof text - (size_t)len, " %d", (int)f->members[i]->pid);
    hs_note n = {now_ns(), HS_NOTE_INFO};
    out_frame_string(o, HS_FRAME_NOTE, &n, sizeof n, text);
}

unsigned family_followed(const struct hs_family *f) {
    return f->followed;
}
