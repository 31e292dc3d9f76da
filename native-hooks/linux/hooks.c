/*
 * The interposed libc entry points. Each calls the real function (resolved with
 * dlsym(RTLD_NEXT) at init), then records what happened. Creates take their
 * time after the call and hold the re-entrancy guard only while recording, so a
 * signal handler that runs while the call blocks is still recorded; closes take
 * their time before the call (the value is free for reuse the moment the
 * kernel closes it) and keep the guard across it.
 */
#define _GNU_SOURCE
#include "agent.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sched.h>
#include <sys/pidfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <unistd.h>

#define REAL_FUNCTIONS(X) \
    X(close, int, (int)) \
    X(open, int, (const char *, int, ...)) X(open64, int, (const char *, int, ...)) \
    X(openat, int, (int, const char *, int, ...)) X(openat64, int, (int, const char *, int, ...)) \
    X(__open_2, int, (const char *, int)) X(__open64_2, int, (const char *, int)) \
    X(__openat_2, int, (int, const char *, int)) X(__openat64_2, int, (int, const char *, int)) \
    X(creat, int, (const char *, mode_t)) X(creat64, int, (const char *, mode_t)) \
    X(socket, int, (int, int, int)) X(socketpair, int, (int, int, int, int *)) \
    X(accept, int, (int, struct sockaddr *, socklen_t *)) \
    X(accept4, int, (int, struct sockaddr *, socklen_t *, int)) \
    X(pipe, int, (int *)) X(pipe2, int, (int *, int)) \
    X(eventfd, int, (unsigned int, int)) X(timerfd_create, int, (int, int)) \
    X(signalfd, int, (int, const sigset_t *, int)) \
    X(epoll_create, int, (int)) X(epoll_create1, int, (int)) \
    X(inotify_init, int, (void)) X(inotify_init1, int, (int)) \
    X(memfd_create, int, (const char *, unsigned int)) X(pidfd_open, int, (pid_t, unsigned int)) \
    X(dup, int, (int)) X(dup2, int, (int, int)) X(dup3, int, (int, int, int)) \
    X(fcntl, int, (int, int, ...)) X(fcntl64, int, (int, int, ...)) \
    X(recvmsg, ssize_t, (int, struct msghdr *, int)) \
    X(fopen, FILE *, (const char *, const char *)) X(fopen64, FILE *, (const char *, const char *)) \
    X(freopen, FILE *, (const char *, const char *, FILE *)) \
    X(freopen64, FILE *, (const char *, const char *, FILE *)) \
    X(fclose, int, (FILE *)) X(tmpfile, FILE *, (void)) X(tmpfile64, FILE *, (void)) \
    X(opendir, DIR *, (const char *)) X(closedir, int, (DIR *)) \
    X(close_range, int, (unsigned int, unsigned int, int)) \
    X(execve, int, (const char *, char *const[], char *const[])) \
    X(execv, int, (const char *, char *const[])) \
    X(execvp, int, (const char *, char *const[])) \
    X(execvpe, int, (const char *, char *const[], char *const[])) \
    X(fexecve, int, (int, char *const[], char *const[])) \
    X(clone, int, (int (*)(void *), void *, int, void *, ...)) \
    X(popen, FILE *, (const char *, const char *)) X(pclose, int, (FILE *)) \
    X(mkstemp, int, (char *)) X(mkstemp64, int, (char *)) X(mkostemp, int, (char *, int)) \
    X(mkostemp64, int, (char *, int)) X(mkstemps, int, (char *, int)) X(mkstemps64, int, (char *, int)) \
    X(mkostemps, int, (char *, int, int)) X(mkostemps64, int, (char *, int, int)) \
    X(shm_open, int, (const char *, int, mode_t)) X(posix_openpt, int, (int)) X(getpt, int, (void)) \
    X(pidfd_getfd, int, (int, int, unsigned int)) X(fanotify_init, int, (unsigned int, unsigned int)) \
    X(recvmmsg, int, (int, struct mmsghdr *, unsigned int, int, struct timespec *)) \
    X(closefrom, void, (int)) X(syscall, long, (long, ...)) X(_exit, void, (int)) X(exit, void, (int)) \
    X(wait, pid_t, (int *)) X(waitpid, pid_t, (pid_t, int *, int)) X(wait3, pid_t, (int *, int, struct rusage *)) \
    X(wait4, pid_t, (pid_t, int *, int, struct rusage *)) X(waitid, int, (idtype_t, id_t, siginfo_t *, int)) \
    X(__libc_start_main, int, (int (*)(int, char **, char **), int, char **, void (*)(void), void (*)(void), \
                               void (*)(void), void *))

#define DECLARE_REAL(name, ret, params) static ret(*real_##name) params;
REAL_FUNCTIONS(DECLARE_REAL)

void hs_resolve_real_functions(void) {
#define RESOLVE(name, ret, params) \
    if (!real_##name) real_##name = (ret(*) params)dlsym(RTLD_NEXT, #name);
    REAL_FUNCTIONS(RESOLVE)
#undef RESOLVE
}

/* A call that arrives before our constructor ran (another library's constructor). */
#define REAL(name) (real_##name ? real_##name : (hs_resolve_real_functions(), real_##name))

/* ---------------------------------------------------------------- recording helpers */

static void record_create(struct hs_site at, int fd, uint16_t type, uint16_t api, const char *name) {
    int saved = errno;
    uint32_t stack = hs_capture_stack(at);
    struct hs_event ev;
    hs_begin(&ev);
    hs_emit_create(&ev, fd, type, api, stack, name);
    hs_end(&ev);
    errno = saved;
}

static void created(struct hs_site at, int fd, uint16_t type, uint16_t api, const char *name) {
    if (fd < 0 || !hs_enter()) return;
    record_create(at, fd, type, api, name);
    hs_leave();
}

static void duplicated(struct hs_site at, int src, int dst, uint16_t api, int replaced) {
    if (dst < 0 || !hs_enter()) return;
    int saved = errno;
    uint32_t stack = hs_capture_stack(at);
    struct hs_event ev;
    hs_begin(&ev);
    hs_emit_dup(&ev, src, dst, api, stack, HS_DUP_NEW_IN_SELF | (replaced ? HS_DUP_REPLACED_TARGET : 0));
    hs_end(&ev);
    errno = saved;
    hs_leave();
}

/* Close-side bracket: the close is timed and written (pending) before the
 * real call, which may block (a lingering socket, a FILE flushing into a full
 * pipe, pclose waiting for its child) without holding back anyone's events or
 * a detach (hs_pause); after the call it is confirmed or cancelled, if that
 * recording's memory is still there (hs_resume). */
struct closing {
    struct hs_event ev;
    int fd;
    uint16_t api;
    int recording;
    uint32_t token;
};

/* A thread cancelled inside the call (close, and fclose's flush, are
 * cancellation points) unwinds through this cleanup (the library is built
 * with -fexceptions): the close counts if the descriptor is gone. If the
 * agent already sent it as a close, a descriptor still open is created anew
 * here, where the thread was cancelled. */
static void closing_unwound(struct closing *c) {
    if (!c->recording) return;
    if (!hs_resume(c->token)) {
        hs_leave();
        return;
    }
    int open = hs_fd_is_open(c->fd);
    if (!hs_resolve_close(&c->ev, !open) && open) {
        char name[HS_MAX_STRING];
        uint16_t type = hs_kind_of_fd(c->fd, name, sizeof name);
        record_create(HS_NO_SITE, c->fd, type, c->api, name);
    }
    hs_leave();
}
#define CLOSING struct closing __attribute__((cleanup(closing_unwound)))

static void close_begin(struct closing *c, struct hs_site at, int fd, uint16_t api) {
    c->fd = fd;
    c->api = api;
    c->recording = fd >= 0 && hs_enter();
    if (!c->recording) return;
    uint32_t stack = hs_close_stacks() ? hs_capture_stack(at) : HS_NO_STACK;
    hs_begin(&c->ev);
    hs_emit_close_pending(&c->ev, fd, api, stack);
    hs_end(&c->ev);
    c->token = hs_pause();
}

static void close_end(struct closing *c, int success) {
    if (!c->recording) return;
    c->recording = 0;
    if (hs_resume(c->token)) hs_resolve_close(&c->ev, success);
    hs_leave();
}

static const char *family_name(int family) {
    switch (family) {
    case AF_UNIX: return "AF_UNIX";
    case AF_INET: return "AF_INET";
    case AF_INET6: return "AF_INET6";
    case AF_NETLINK: return "AF_NETLINK";
    case AF_PACKET: return "AF_PACKET";
    default: return "AF_OTHER";
    }
}

static const char *socktype_name(int type) {
    switch (type & ~(SOCK_NONBLOCK | SOCK_CLOEXEC)) {
    case SOCK_STREAM: return "SOCK_STREAM";
    case SOCK_DGRAM: return "SOCK_DGRAM";
    case SOCK_SEQPACKET: return "SOCK_SEQPACKET";
    case SOCK_RAW: return "SOCK_RAW";
    default: return "SOCK_OTHER";
    }
}

static void socket_name(char *buf, size_t size, int family, int type) {
    snprintf(buf, size, "%s/%s", family_name(family), socktype_name(type));
}

static void accepted(struct hs_site at, int fd, uint16_t api) {
    if (fd < 0 || !hs_enter()) return;
    int family = 0, type = 0;
    socklen_t len = sizeof family;
    syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_DOMAIN, &family, &len);
    len = sizeof type;
    syscall(SYS_getsockopt, fd, SOL_SOCKET, SO_TYPE, &type, &len);
    char name[64];
    socket_name(name, sizeof name, family, type);
    record_create(at, fd, HS_TYPE_FD_SOCKET, api, name);
    hs_leave();
}

static void created_pair(struct hs_site at, const int *fds, uint16_t type, uint16_t api, const char *n0, const char *n1) {
    if (!hs_enter()) return;
    record_create(at, fds[0], type, api, n0);
    record_create(at, fds[1], type, api, n1);
    hs_leave();
}

/* ---------------------------------------------------------------- open family */

static mode_t open_mode(int flags, va_list ap) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

static uint16_t open_type(int flags) {
    return (flags & O_DIRECTORY) ? HS_TYPE_FD_DIR : HS_TYPE_FD_FILE;
}

HS_EXPORT int open(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    int fd = REAL(open)(path, flags, mode);
    created(HS_SITE, fd, open_type(flags), HS_API_OPEN, path);
    return fd;
}

HS_EXPORT int open64(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    int fd = REAL(open64)(path, flags, mode);
    created(HS_SITE, fd, open_type(flags), HS_API_OPEN, path);
    return fd;
}

HS_EXPORT int openat(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    int fd = REAL(openat)(dirfd, path, flags, mode);
    created(HS_SITE, fd, open_type(flags), HS_API_OPENAT, path);
    return fd;
}

HS_EXPORT int openat64(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = open_mode(flags, ap);
    va_end(ap);
    int fd = REAL(openat64)(dirfd, path, flags, mode);
    created(HS_SITE, fd, open_type(flags), HS_API_OPENAT, path);
    return fd;
}

HS_EXPORT int __open_2(const char *path, int flags) {
    int fd = REAL(__open_2)(path, flags);
    created(HS_SITE, fd, open_type(flags), HS_API_OPEN, path);
    return fd;
}

HS_EXPORT int __open64_2(const char *path, int flags) {
    int fd = REAL(__open64_2)(path, flags);
    created(HS_SITE, fd, open_type(flags), HS_API_OPEN, path);
    return fd;
}

HS_EXPORT int __openat_2(int dirfd, const char *path, int flags) {
    int fd = REAL(__openat_2)(dirfd, path, flags);
    created(HS_SITE, fd, open_type(flags), HS_API_OPENAT, path);
    return fd;
}

HS_EXPORT int __openat64_2(int dirfd, const char *path, int flags) {
    int fd = REAL(__openat64_2)(dirfd, path, flags);
    created(HS_SITE, fd, open_type(flags), HS_API_OPENAT, path);
    return fd;
}

HS_EXPORT int creat(const char *path, mode_t mode) {
    int fd = REAL(creat)(path, mode);
    created(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_CREAT, path);
    return fd;
}

HS_EXPORT int creat64(const char *path, mode_t mode) {
    int fd = REAL(creat64)(path, mode);
    created(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_CREAT, path);
    return fd;
}

/* ---------------------------------------------------------------- sockets, pipes, anon inodes */

HS_EXPORT int socket(int family, int type, int protocol) {
    int fd = REAL(socket)(family, type, protocol);
    if (fd >= 0 && hs_enter()) {
        char name[64];
        socket_name(name, sizeof name, family, type);
        record_create(HS_SITE, fd, HS_TYPE_FD_SOCKET, HS_API_SOCKET, name);
        hs_leave();
    }
    return fd;
}

HS_EXPORT int socketpair(int family, int type, int protocol, int sv[2]) {
    int r = REAL(socketpair)(family, type, protocol, sv);
    if (r == 0) {
        char name[64];
        socket_name(name, sizeof name, family, type);
        created_pair(HS_SITE, sv, HS_TYPE_FD_SOCKET, HS_API_SOCKETPAIR, name, name);
    }
    return r;
}

HS_EXPORT int accept(int fd, struct sockaddr *addr, socklen_t *len) {
    int r = REAL(accept)(fd, addr, len);
    accepted(HS_SITE, r, HS_API_ACCEPT);
    return r;
}

HS_EXPORT int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags) {
    int r = REAL(accept4)(fd, addr, len, flags);
    accepted(HS_SITE, r, HS_API_ACCEPT4);
    return r;
}

/* libunwind's validation pipe is refused: see hs_validate_for_unwinder. */
static int unwinder_pipe(void) {
    errno = EMFILE;
    return -1;
}

HS_EXPORT int pipe(int fds[2]) {
    if (hs_self.in_unwinder && !hs_foreign()) return unwinder_pipe();
    int r = REAL(pipe)(fds);
    if (r == 0) created_pair(HS_SITE, fds, HS_TYPE_FD_PIPE, HS_API_PIPE, "pipe (read end)", "pipe (write end)");
    return r;
}

HS_EXPORT int pipe2(int fds[2], int flags) {
    if (hs_self.in_unwinder && !hs_foreign()) return unwinder_pipe();
    int r = REAL(pipe2)(fds, flags);
    if (r == 0) created_pair(HS_SITE, fds, HS_TYPE_FD_PIPE, HS_API_PIPE2, "pipe (read end)", "pipe (write end)");
    return r;
}

HS_EXPORT int eventfd(unsigned int initval, int flags) {
    int fd = REAL(eventfd)(initval, flags);
    created(HS_SITE, fd, HS_TYPE_FD_EVENTFD, HS_API_EVENTFD, "eventfd");
    return fd;
}

HS_EXPORT int timerfd_create(int clock, int flags) {
    int fd = REAL(timerfd_create)(clock, flags);
    created(HS_SITE, fd, HS_TYPE_FD_TIMERFD, HS_API_TIMERFD_CREATE, "timerfd");
    return fd;
}

HS_EXPORT int signalfd(int fd, const sigset_t *mask, int flags) {
    int r = REAL(signalfd)(fd, mask, flags);
    if (fd == -1) created(HS_SITE, r, HS_TYPE_FD_SIGNALFD, HS_API_SIGNALFD, "signalfd");
    return r;
}

HS_EXPORT int epoll_create(int size) {
    int fd = REAL(epoll_create)(size);
    created(HS_SITE, fd, HS_TYPE_FD_EPOLL, HS_API_EPOLL_CREATE, "epoll");
    return fd;
}

HS_EXPORT int epoll_create1(int flags) {
    int fd = REAL(epoll_create1)(flags);
    created(HS_SITE, fd, HS_TYPE_FD_EPOLL, HS_API_EPOLL_CREATE1, "epoll");
    return fd;
}

HS_EXPORT int inotify_init(void) {
    int fd = REAL(inotify_init)();
    created(HS_SITE, fd, HS_TYPE_FD_INOTIFY, HS_API_INOTIFY_INIT, "inotify");
    return fd;
}

HS_EXPORT int inotify_init1(int flags) {
    int fd = REAL(inotify_init1)(flags);
    created(HS_SITE, fd, HS_TYPE_FD_INOTIFY, HS_API_INOTIFY_INIT1, "inotify");
    return fd;
}

HS_EXPORT int memfd_create(const char *name, unsigned int flags) {
    int fd = REAL(memfd_create)(name, flags);
    if (fd >= 0 && hs_enter()) {
        char label[256];
        snprintf(label, sizeof label, "memfd:%s", name ? name : "");
        record_create(HS_SITE, fd, HS_TYPE_FD_MEMFD, HS_API_MEMFD_CREATE, label);
        hs_leave();
    }
    return fd;
}

HS_EXPORT int pidfd_open(pid_t pid, unsigned int flags) {
    int fd = REAL(pidfd_open)(pid, flags);
    if (fd >= 0 && hs_enter()) {
        char label[32];
        snprintf(label, sizeof label, "pidfd:%d", (int)pid);
        record_create(HS_SITE, fd, HS_TYPE_FD_PIDFD, HS_API_PIDFD_OPEN, label);
        hs_leave();
    }
    return fd;
}

/* ---------------------------------------------------------------- duplication */

HS_EXPORT int dup(int fd) {
    int r = REAL(dup)(fd);
    duplicated(HS_SITE, fd, r, HS_API_DUP, 0);
    return r;
}

/* One of the hook's own descriptors, as seen by this caller: a child sharing
 * our memory has its own descriptor table, where the numbers are its own. */
static int ours(int fd) {
    return hs_is_agent_fd(fd) && !hs_foreign();
}

/* Was newfd open as far as the target knows (our own descriptors never were)? */
static int target_had_open(int newfd) {
    if (ours(newfd)) {
        hs_vacate_fd(newfd);
        return 0;
    }
    return hs_active && hs_fd_is_open(newfd);
}

HS_EXPORT int dup2(int oldfd, int newfd) {
    int was_open = oldfd != newfd && target_had_open(newfd);
    int r = REAL(dup2)(oldfd, newfd);
    if (oldfd != newfd) duplicated(HS_SITE, oldfd, r, HS_API_DUP2, was_open);
    return r;
}

HS_EXPORT int dup3(int oldfd, int newfd, int flags) {
    int was_open = oldfd != newfd && target_had_open(newfd);
    int r = REAL(dup3)(oldfd, newfd, flags);
    duplicated(HS_SITE, oldfd, r, HS_API_DUP3, was_open);
    return r;
}

static int fcntl_common(struct hs_site at, int (*real)(int, int, ...), int fd, int cmd, void *arg) {
    int r = real(fd, cmd, arg);
    if (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) duplicated(at, fd, r, HS_API_FCNTL, 0);
    return r;
}

HS_EXPORT int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(HS_SITE, REAL(fcntl), fd, cmd, arg);
}

HS_EXPORT int fcntl64(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return fcntl_common(HS_SITE, REAL(fcntl64), fd, cmd, arg);
}

/* Descriptors received with SCM_RIGHTS in one message. */
static void received_rights(struct hs_site at, struct msghdr *msg, uint16_t api) {
    if (!msg || !msg->msg_control) return;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            int received;
            memcpy(&received, CMSG_DATA(c) + i * sizeof(int), sizeof received);
            char name[HS_MAX_STRING];
            uint16_t type = hs_kind_of_fd(received, name, sizeof name);
            record_create(at, received, type, api, name);
        }
    }
}

HS_EXPORT ssize_t recvmsg(int fd, struct msghdr *msg, int flags) {
    ssize_t r = REAL(recvmsg)(fd, msg, flags);
    if (r < 0 || !hs_enter()) return r;
    received_rights(HS_SITE, msg, HS_API_RECVMSG);
    hs_leave();
    return r;
}

HS_EXPORT int recvmmsg(int fd, struct mmsghdr *msgs, unsigned int n, int flags, struct timespec *timeout) {
    int r = REAL(recvmmsg)(fd, msgs, n, flags, timeout);
    if (r <= 0 || !hs_enter()) return r;
    for (int i = 0; i < r; i++) received_rights(HS_SITE, &msgs[i].msg_hdr, HS_API_RECVMMSG);
    hs_leave();
    return r;
}

/* ---------------------------------------------------------------- stdio and dirent */

HS_EXPORT FILE *fopen(const char *path, const char *mode) {
    FILE *f = REAL(fopen)(path, mode);
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_FILE, HS_API_FOPEN, path);
    return f;
}

HS_EXPORT FILE *fopen64(const char *path, const char *mode) {
    FILE *f = REAL(fopen64)(path, mode);
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_FILE, HS_API_FOPEN, path);
    return f;
}

static FILE *freopen_common(FILE *(*real)(const char *, const char *, FILE *), const char *path,
                            const char *mode, FILE *stream) {
    if (!path) return real(path, mode, stream); /* mode change on the same descriptor */
    int old = stream ? fileno(stream) : -1;
    CLOSING c;
    close_begin(&c, HS_SITE, old, HS_API_FREOPEN);
    FILE *f = real(path, mode, stream);
    close_end(&c, 1);
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_FILE, HS_API_FREOPEN, path);
    return f;
}

HS_EXPORT FILE *freopen(const char *path, const char *mode, FILE *stream) {
    return freopen_common(REAL(freopen), path, mode, stream);
}

HS_EXPORT FILE *freopen64(const char *path, const char *mode, FILE *stream) {
    return freopen_common(REAL(freopen64), path, mode, stream);
}

HS_EXPORT FILE *tmpfile(void) {
    FILE *f = REAL(tmpfile)();
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_FILE, HS_API_TMPFILE, "tmpfile");
    return f;
}

HS_EXPORT FILE *tmpfile64(void) {
    FILE *f = REAL(tmpfile64)();
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_FILE, HS_API_TMPFILE, "tmpfile");
    return f;
}

HS_EXPORT int fclose(FILE *stream) {
    int fd = stream ? fileno(stream) : -1;
    CLOSING c;
    close_begin(&c, HS_SITE, fd, HS_API_FCLOSE);
    int r = REAL(fclose)(stream);
    /* fclose releases the descriptor even when flushing failed. */
    close_end(&c, 1);
    return r;
}

HS_EXPORT DIR *opendir(const char *path) {
    DIR *d = REAL(opendir)(path);
    if (d) created(HS_SITE, dirfd(d), HS_TYPE_FD_DIR, HS_API_OPENDIR, path);
    return d;
}

HS_EXPORT int closedir(DIR *d) {
    int fd = dirfd(d);
    CLOSING c;
    close_begin(&c, HS_SITE, fd, HS_API_CLOSEDIR);
    int r = REAL(closedir)(d);
    close_end(&c, r == 0);
    return r;
}

/* ---------------------------------------------------------------- close */

HS_EXPORT int close(int fd) {
    if (ours(fd)) return 0; /* the recording channel is not the program's */
    CLOSING c;
    close_begin(&c, HS_SITE, fd, HS_API_CLOSE);
    int r = REAL(close)(fd);
    /* Linux frees the descriptor even when close reports EINTR or EIO. */
    close_end(&c, r == 0 || errno != EBADF);
    return r;
}

struct range_close {
    unsigned int first, last;
    struct hs_event *ev;
    uint32_t stack;
    uint16_t api;
};

static void close_in_range(int fd, void *arg) {
    const struct range_close *rc = arg;
    if ((unsigned)fd >= rc->first && (unsigned)fd <= rc->last) hs_emit_close(rc->ev, fd, rc->api, rc->stack, HS_FRAME_CLOSE);
}

/* Records the close of every open descriptor in [first, last] (however many),
 * before the call that closes them: with valid arguments it cannot fail. */
static void closing_range(struct hs_site at, unsigned first, unsigned last, uint16_t api) {
    struct hs_event ev;
    struct range_close rc = {first, last, &ev, hs_close_stacks() ? hs_capture_stack(at) : HS_NO_STACK, api};
    int saved = errno;
    hs_begin(&ev);
    hs_for_each_fd(close_in_range, &rc);
    hs_end(&ev);
    errno = saved;
}

HS_EXPORT int close_range(unsigned int first, unsigned int last, int flags) {
    if (flags & CLOSE_RANGE_CLOEXEC) return REAL(close_range)(first, last, flags);
    int own = hs_foreign() ? -1 : hs_first_agent_fd_in(first, last);
    if (own >= 0) {
        /* Close around the hook's own descriptors. */
        unsigned fd = (unsigned)own;
        int r = fd > first ? close_range(first, fd - 1, flags) : 0;
        return r == 0 && fd < last ? close_range(fd + 1, last, flags) : r;
    }
    if (first > last || (flags & ~CLOSE_RANGE_UNSHARE) || !hs_enter()) return REAL(close_range)(first, last, flags);
    closing_range(HS_SITE, first, last, HS_API_CLOSE_RANGE);
    hs_pause();
    int r = REAL(close_range)(first, last, flags);
    hs_leave();
    return r;
}

/* closefrom's fallback: each descriptor from `first` up through the close hook. */
struct range_close_each {
    unsigned first;
};

static void close_each_from(int fd, void *arg) {
    const struct range_close_each *each = arg;
    if ((unsigned)fd >= each->first) close(fd);
}

/* ---------------------------------------------------------------- exec */

struct exec_closes {
    struct hs_event *ev;
    uint32_t stack;
};

static void note_cloexec(int fd, void *arg) {
    struct exec_closes *x = arg;
    if (hs_fd_cloexec(fd)) hs_emit_close(x->ev, fd, HS_API_EXEC, x->stack, HS_PRIV_EXEC_CLOSE);
}

/* The injector holds these closes until it knows the exec happened. Returns
 * the token for exec_failed, 0 when not recording. */
static uint32_t exec_prepare(void) {
    if (!hs_enter()) return 0;
    struct hs_event ev;
    struct exec_closes x = {&ev, hs_close_stacks() ? hs_capture_stack(HS_NO_SITE) : HS_NO_STACK};
    hs_begin(&ev);
    hs_emit_private(&ev, HS_PRIV_EXEC_BEGIN);
    hs_for_each_fd(note_cloexec, &x);
    hs_end(&ev);
    hs_flush_self();
    return hs_pause();
}

static void exec_failed(uint32_t prepared) {
    if (!prepared) return;
    int saved = errno;
    if (hs_resume(prepared)) {
        struct hs_event ev;
        hs_begin(&ev);
        hs_emit_private(&ev, HS_PRIV_EXEC_FAILED);
        hs_end(&ev);
    }
    errno = saved;
    hs_leave();
}

HS_EXPORT int execve(const char *path, char *const argv[], char *const envp[]) {
    uint32_t prepared = exec_prepare();
    int r = REAL(execve)(path, argv, envp);
    exec_failed(prepared);
    return r;
}

HS_EXPORT int execv(const char *path, char *const argv[]) {
    uint32_t prepared = exec_prepare();
    int r = REAL(execv)(path, argv);
    exec_failed(prepared);
    return r;
}

HS_EXPORT int execvp(const char *file, char *const argv[]) {
    uint32_t prepared = exec_prepare();
    int r = REAL(execvp)(file, argv);
    exec_failed(prepared);
    return r;
}

HS_EXPORT int execvpe(const char *file, char *const argv[], char *const envp[]) {
    uint32_t prepared = exec_prepare();
    int r = REAL(execvpe)(file, argv, envp);
    exec_failed(prepared);
    return r;
}

HS_EXPORT int fexecve(int fd, char *const argv[], char *const envp[]) {
    uint32_t prepared = exec_prepare();
    int r = REAL(fexecve)(fd, argv, envp);
    exec_failed(prepared);
    return r;
}

extern char **environ;

/* execl* are variadic: gather the arguments and go through the hooked exec*. */
#define GATHER_ARGS(first, argv)                                         \
    va_list ap;                                                          \
    size_t argc = 1;                                                     \
    va_start(ap, first);                                                 \
    while (va_arg(ap, char *)) argc++;                                   \
    va_end(ap);                                                          \
    char *argv[argc + 1];                                                \
    argv[0] = (char *)(first);                                           \
    va_start(ap, first);                                                 \
    for (size_t i = 1; i <= argc; i++) argv[i] = va_arg(ap, char *);

HS_EXPORT int execl(const char *path, const char *arg, ...) {
    GATHER_ARGS(arg, argv)
    va_end(ap);
    return execve(path, argv, environ);
}

HS_EXPORT int execlp(const char *file, const char *arg, ...) {
    GATHER_ARGS(arg, argv)
    va_end(ap);
    return execvp(file, argv);
}

HS_EXPORT int execle(const char *path, const char *arg, ...) {
    GATHER_ARGS(arg, argv)
    char **envp = va_arg(ap, char **);
    va_end(ap);
    return execve(path, argv, envp);
}

/* ---------------------------------------------------------------- more creators */

HS_EXPORT FILE *popen(const char *command, const char *mode) {
    FILE *f = REAL(popen)(command, mode);
    if (f) created(HS_SITE, fileno(f), HS_TYPE_FD_PIPE, HS_API_POPEN, command);
    return f;
}

/* pclose waits for the command to exit: the close is pending meanwhile. */
HS_EXPORT int pclose(FILE *stream) {
    CLOSING c;
    close_begin(&c, HS_SITE, stream ? fileno(stream) : -1, HS_API_PCLOSE);
    int r = REAL(pclose)(stream);
    close_end(&c, 1);
    return r;
}

/* The mkstemp family writes the file's name into the template. */
#define MKSTEMP_HOOK(name, params, args)                                      \
    HS_EXPORT int name params {                                               \
        int fd = REAL(name) args;                                             \
        created(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_MKSTEMP, tmpl);          \
        return fd;                                                            \
    }
MKSTEMP_HOOK(mkstemp, (char *tmpl), (tmpl))
MKSTEMP_HOOK(mkstemp64, (char *tmpl), (tmpl))
MKSTEMP_HOOK(mkostemp, (char *tmpl, int flags), (tmpl, flags))
MKSTEMP_HOOK(mkostemp64, (char *tmpl, int flags), (tmpl, flags))
MKSTEMP_HOOK(mkstemps, (char *tmpl, int suffix), (tmpl, suffix))
MKSTEMP_HOOK(mkstemps64, (char *tmpl, int suffix), (tmpl, suffix))
MKSTEMP_HOOK(mkostemps, (char *tmpl, int suffix, int flags), (tmpl, suffix, flags))
MKSTEMP_HOOK(mkostemps64, (char *tmpl, int suffix, int flags), (tmpl, suffix, flags))

HS_EXPORT int shm_open(const char *name, int flags, mode_t mode) {
    int fd = REAL(shm_open)(name, flags, mode);
    if (fd >= 0 && hs_enter()) {
        char label[256];
        snprintf(label, sizeof label, "/dev/shm/%s", name && name[0] == '/' ? name + 1 : name ? name : "");
        record_create(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_SHM_OPEN, label);
        hs_leave();
    }
    return fd;
}

HS_EXPORT int posix_openpt(int flags) {
    int fd = REAL(posix_openpt)(flags);
    created(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_POSIX_OPENPT, "/dev/ptmx");
    return fd;
}

HS_EXPORT int getpt(void) {
    int fd = REAL(getpt)();
    created(HS_SITE, fd, HS_TYPE_FD_FILE, HS_API_POSIX_OPENPT, "/dev/ptmx");
    return fd;
}

/* A copy of another process's descriptor: its kind is whatever that one is. */
static void got_fd(struct hs_site at, int fd, uint16_t api) {
    if (fd < 0 || !hs_enter()) return;
    char name[HS_MAX_STRING];
    uint16_t type = hs_kind_of_fd(fd, name, sizeof name);
    record_create(at, fd, type, api, name);
    hs_leave();
}

HS_EXPORT int pidfd_getfd(int pidfd, int target, unsigned int flags) {
    int fd = REAL(pidfd_getfd)(pidfd, target, flags);
    got_fd(HS_SITE, fd, HS_API_PIDFD_GETFD);
    return fd;
}

HS_EXPORT int fanotify_init(unsigned int flags, unsigned int event_flags) {
    int fd = REAL(fanotify_init)(flags, event_flags);
    created(HS_SITE, fd, HS_TYPE_FD_OTHER, HS_API_FANOTIFY_INIT, "fanotify");
    return fd;
}

/* glibc's closefrom closes with its internal close_range, past our hooks and
 * over the hook's own descriptors: ours closes around them and records. */
HS_EXPORT void closefrom(int lowfd) {
    if (hs_foreign()) {
        REAL(closefrom)(lowfd);
        return;
    }
    unsigned first = lowfd < 0 ? 0u : (unsigned)lowfd;
    if (close_range(first, ~0u, 0) == 0) return;
    struct range_close_each each = {first};
    hs_for_each_fd(close_each_from, &each);
}

/* syscall(): the stub hands its registers unchanged to hs_syscall, which
 * takes the six arguments glibc's syscall() always passes on. Calls that
 * create or close descriptors without a libc wrapper (or around one) are
 * recorded; the first direct use of any other number is noted, since what it
 * does to descriptors is not seen. */
__asm__(".text\n"
        ".globl syscall\n"
        ".type syscall, @function\n"
        "syscall:\n"
        "hs_syscall_entry:\n"
        "    jmp hs_syscall\n"
        ".size syscall, .-syscall\n");
HS_HIDDEN long hs_syscall_entry(long nr, ...);

static uint8_t g_syscall_noted[512 / 8];

/* nr is in [0, 512). */
static void note_raw_syscall(long nr) {
    uint8_t bit = (uint8_t)(1u << (nr % 8));
    if (__atomic_fetch_or(&g_syscall_noted[nr / 8], bit, __ATOMIC_RELAXED) & bit) return;
    char text[160];
    snprintf(text, sizeof text,
             "the program makes system call %ld through syscall(); descriptors it creates or closes that way are "
             "not seen", nr);
    hs_emit_note(HS_NOTE_INFO, text);
}

HS_HIDDEN __attribute__((used)) long hs_syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
    switch (nr) {
    case SYS_close:
        return close((int)a1);
    case SYS_close_range:
        return close_range((unsigned)a1, (unsigned)a2, (int)a3);
    case SYS_write:
        /* libunwind passes its descriptor as an int: only the low half is defined. */
        if ((int)a1 == -1 && hs_self.in_unwinder && !hs_foreign()) return hs_validate_for_unwinder((const void *)a2);
        break;
    default:
        break;
    }
    long r = REAL(syscall)(nr, a1, a2, a3, a4, a5, a6);
    if (r < 0 || hs_foreign()) return r;
    int fd = (int)r;
    switch (nr) {
    case SYS_openat2: {
        uint64_t how_flags = 0;
        if (a3) memcpy(&how_flags, (const void *)a3, sizeof how_flags);
        created(HS_SITE, fd, open_type((int)how_flags), HS_API_OPENAT2, (const char *)a2);
        break;
    }
    case SYS_pidfd_getfd: got_fd(HS_SITE, fd, HS_API_PIDFD_GETFD); break;
    case SYS_fanotify_init: created(HS_SITE, fd, HS_TYPE_FD_OTHER, HS_API_FANOTIFY_INIT, "fanotify"); break;
    case SYS_userfaultfd: created(HS_SITE, fd, HS_TYPE_FD_OTHER, HS_API_USERFAULTFD, "userfaultfd"); break;
    case SYS_perf_event_open: created(HS_SITE, fd, HS_TYPE_FD_OTHER, HS_API_PERF_EVENT_OPEN, "perf_event"); break;
    case SYS_memfd_create: created(HS_SITE, fd, HS_TYPE_FD_MEMFD, HS_API_MEMFD_CREATE, "memfd"); break;
    case SYS_pidfd_open: created(HS_SITE, fd, HS_TYPE_FD_PIDFD, HS_API_PIDFD_OPEN, "pidfd"); break;
    case SYS_gettid: case SYS_getpid: case SYS_futex: case SYS_getrandom: case SYS_sched_getaffinity:
        break; /* common, and nothing to do with descriptors */
    default:
        /* A plain look first: a number called often costs no atomic write after its first time. */
        if (nr >= 0 && nr < 512 && !(__atomic_load_n(&g_syscall_noted[nr / 8], __ATOMIC_RELAXED) & (1u << (nr % 8)))
            && hs_enter()) {
            note_raw_syscall(nr);
            hs_leave();
        }
        break;
    }
    return r;
}

/* ---------------------------------------------------------------- children sharing our memory */

/* vfork: the child runs on this thread's stack and TLS until it execs or
 * exits, while the thread waits in the kernel. Like glibc's vfork the stub
 * keeps no frame (the child's calls would overwrite it): the return address
 * waits in rdi across the system call, the previous vm_child in esi and the
 * TLS offset in rdx, which the kernel preserves. The child returns with
 * vm_child set, so whatever it calls before exec passes straight through and
 * nothing it does is recorded as ours; the parent puts the old value back. */
#define HS_STR2(x) #x
#define HS_STR(x) HS_STR2(x)
__asm__(".text\n"
        ".globl vfork\n"
        ".type vfork, @function\n"
        "vfork:\n"
        ".cfi_startproc\n"
        "    movq hs_self@gottpoff(%rip), %rdx\n"
        "    movl %fs:" HS_STR(HS_THREAD_VM_CHILD_OFFSET) "(%rdx), %esi\n"
        "    movl $1, %fs:" HS_STR(HS_THREAD_VM_CHILD_OFFSET) "(%rdx)\n"
        "    popq %rdi\n"
        ".cfi_adjust_cfa_offset -8\n"
        ".cfi_register %rip, %rdi\n"
        "    movl $" HS_STR(SYS_vfork) ", %eax\n"
        "    syscall\n"
        "    pushq %rdi\n"
        ".cfi_adjust_cfa_offset 8\n"
        ".cfi_rel_offset %rip, 0\n"
        "    testq %rax, %rax\n"
        "    jz 1f\n"
        "    movl %esi, %fs:" HS_STR(HS_THREAD_VM_CHILD_OFFSET) "(%rdx)\n"
        "    cmpq $-4095, %rax\n"
        "    jae 2f\n"
        "1:  ret\n"
        "2:  movq %rax, %rdi\n"
        "    jmp hs_raw_syscall_failed\n"
        ".cfi_endproc\n"
        ".size vfork, .-vfork\n"
        ".globl __vfork\n"
        ".set __vfork, vfork\n");

/* clone: a child with CLONE_VM and without its own TLS (CLONE_SETTLS) runs on
 * the caller's TLS. With CLONE_VFORK the caller waits, as for vfork; without,
 * both run at once, and from then on every hook asks the kernel who is
 * calling (hs_foreign). A pidfd the kernel hands back (CLONE_PIDFD) is a new
 * descriptor of ours. The optional arguments are read as far as the flags say
 * they were passed. */
HS_EXPORT int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...) {
    pid_t *ptid = NULL, *ctid = NULL;
    void *tls = NULL;
    va_list ap;
    va_start(ap, arg);
    if (flags & (CLONE_PARENT_SETTID | CLONE_PIDFD | CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID))
        ptid = va_arg(ap, pid_t *);
    if (flags & (CLONE_SETTLS | CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) tls = va_arg(ap, void *);
    if (flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) ctid = va_arg(ap, pid_t *);
    va_end(ap);
    int shares_tls = (flags & CLONE_VM) && !(flags & CLONE_SETTLS);
    int saved = hs_self.vm_child;
    if (shares_tls && (flags & CLONE_VFORK)) {
        hs_self.vm_child = 1;
    } else if (shares_tls && !hs_foreign()) {
        if (!hs_self.tid) hs_self.tid = (uint32_t)syscall(SYS_gettid);
        hs_tls_shared = 1;
    }
    int r = REAL(clone)(fn, stack, flags, arg, ptid, tls, ctid);
    if (shares_tls && (flags & CLONE_VFORK)) {
        int e = errno;
        hs_self.vm_child = saved;
        errno = e;
    }
    if (r > 0 && (flags & CLONE_PIDFD) && ptid) {
        char label[32];
        snprintf(label, sizeof label, "pidfd:%d", r);
        if (hs_enter()) {
            record_create(HS_SITE, *ptid, HS_TYPE_FD_PIDFD, HS_API_CLONE, label);
            hs_leave();
        }
    }
    return r;
}

/* ---------------------------------------------------------------- exit of a followed process */

/* _exit skips the destructor that flushes the agent: a followed process (a
 * forked server worker ending with os._exit) sends its events and its exit
 * status before it goes. A vfork child passes through (hs_enter refuses it). */
static __attribute__((noreturn)) void exit_now(int status) {
    if (hs_following()) {
        hs_emit_exit_code(status & 0xff);
        if (hs_enter()) {
            hs_flush_self();
            hs_leave();
        }
    }
    REAL(_exit)(status);
    for (;;) syscall(SYS_exit_group, status);
}

HS_EXPORT void _exit(int status) { exit_now(status); }
HS_EXPORT void _Exit(int status) { exit_now(status); }

/* exit() runs the destructors, which flush; the status goes first. */
HS_EXPORT void exit(int status) {
    if (hs_following()) hs_emit_exit_code(status & 0xff);
    REAL(exit)(status);
    for (;;) syscall(SYS_exit_group, status);
}

/* A child killed by a signal cannot say how it ended, and its parent usually
 * reaps it before the injector reads its zombie: the parent's wait tells. */
static void reaped(pid_t pid, int status) {
    if (pid <= 0 || !(WIFEXITED(status) || WIFSIGNALED(status))) return;
    int saved = errno;
    hs_emit_child_exit(pid, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    errno = saved;
}

/* The status is collected even when the caller passes none; it is written
 * back only where the call itself would have written it. */
#define WAIT_HOOK(name, params, args)                                         \
    HS_EXPORT pid_t name params {                                             \
        if (!hs_following()) return REAL(name) args;                          \
        int status = 0, *caller_status = wstatus;                             \
        wstatus = &status;                                                    \
        pid_t r = REAL(name) args;                                            \
        if (r > 0 && caller_status) *caller_status = status;                  \
        reaped(r, status);                                                    \
        return r;                                                             \
    }
WAIT_HOOK(wait, (int *wstatus), (wstatus))
WAIT_HOOK(waitpid, (pid_t pid, int *wstatus, int options), (pid, wstatus, options))
WAIT_HOOK(wait3, (int *wstatus, int options, struct rusage *usage), (wstatus, options, usage))
WAIT_HOOK(wait4, (pid_t pid, int *wstatus, int options, struct rusage *usage), (pid, wstatus, options, usage))

HS_EXPORT int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options) {
    if (!hs_following()) return REAL(waitid)(idtype, id, info, options);
    siginfo_t mine;
    memset(&mine, 0, sizeof mine);
    int r = REAL(waitid)(idtype, id, info ? info : &mine, options);
    const siginfo_t *got = info ? info : &mine;
    if (r == 0 && got->si_pid > 0) {
        if (got->si_code == CLD_EXITED) reaped(got->si_pid, W_EXITCODE(got->si_status, 0));
        else if (got->si_code == CLD_KILLED || got->si_code == CLD_DUMPED) reaped(got->si_pid, got->si_status);
    }
    return r;
}

/* A return from main reaches libc's own exit() (not through the PLT): the
 * program's main is wrapped to see its status. */
static int (*program_main)(int, char **, char **);

static int main_returning(int argc, char **argv, char **envp) {
    int status = program_main(argc, argv, envp);
    if (hs_following()) hs_emit_exit_code(status & 0xff);
    return status;
}

HS_EXPORT int __libc_start_main(int (*main)(int, char **, char **), int argc, char **argv, void (*init)(void),
                                void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
    if (hs_following()) {
        program_main = main;
        main = main_returning;
    }
    return REAL(__libc_start_main)(main, argc, argv, init, fini, rtld_fini, stack_end);
}

/* ---------------------------------------------------------------- the table got.c patches */

const struct hs_hook_entry hs_hook_table[] = {
    {"close", (void *)close}, /* first: hs_init compares it with the default binding */
    {"open", (void *)open}, {"open64", (void *)open64}, {"openat", (void *)openat},
    {"openat64", (void *)openat64}, {"__open_2", (void *)__open_2}, {"__open64_2", (void *)__open64_2},
    {"__openat_2", (void *)__openat_2}, {"__openat64_2", (void *)__openat64_2},
    {"creat", (void *)creat}, {"creat64", (void *)creat64}, {"socket", (void *)socket},
    {"socketpair", (void *)socketpair}, {"accept", (void *)accept}, {"accept4", (void *)accept4},
    {"pipe", (void *)pipe}, {"pipe2", (void *)pipe2}, {"eventfd", (void *)eventfd},
    {"timerfd_create", (void *)timerfd_create}, {"signalfd", (void *)signalfd},
    {"epoll_create", (void *)epoll_create}, {"epoll_create1", (void *)epoll_create1},
    {"inotify_init", (void *)inotify_init}, {"inotify_init1", (void *)inotify_init1},
    {"memfd_create", (void *)memfd_create}, {"pidfd_open", (void *)pidfd_open},
    {"dup", (void *)dup}, {"dup2", (void *)dup2}, {"dup3", (void *)dup3},
    {"fcntl", (void *)fcntl}, {"fcntl64", (void *)fcntl64}, {"recvmsg", (void *)recvmsg},
    {"fopen", (void *)fopen}, {"fopen64", (void *)fopen64}, {"freopen", (void *)freopen},
    {"freopen64", (void *)freopen64}, {"fclose", (void *)fclose}, {"tmpfile", (void *)tmpfile},
    {"tmpfile64", (void *)tmpfile64}, {"opendir", (void *)opendir}, {"closedir", (void *)closedir},
    {"close_range", (void *)close_range}, {"execve", (void *)execve}, {"execv", (void *)execv},
    {"execvp", (void *)execvp}, {"execvpe", (void *)execvpe}, {"fexecve", (void *)fexecve},
    {"execl", (void *)execl}, {"execlp", (void *)execlp}, {"execle", (void *)execle},
    {"vfork", (void *)vfork}, {"__vfork", (void *)vfork}, {"clone", (void *)clone},
    {"popen", (void *)popen}, {"pclose", (void *)pclose}, {"mkstemp", (void *)mkstemp},
    {"mkstemp64", (void *)mkstemp64}, {"mkostemp", (void *)mkostemp}, {"mkostemp64", (void *)mkostemp64},
    {"mkstemps", (void *)mkstemps}, {"mkstemps64", (void *)mkstemps64}, {"mkostemps", (void *)mkostemps},
    {"mkostemps64", (void *)mkostemps64}, {"shm_open", (void *)shm_open}, {"posix_openpt", (void *)posix_openpt},
    {"getpt", (void *)getpt}, {"pidfd_getfd", (void *)pidfd_getfd}, {"fanotify_init", (void *)fanotify_init},
    {"recvmmsg", (void *)recvmmsg}, {"closefrom", (void *)closefrom}, {"syscall", (void *)hs_syscall_entry},
};
const size_t hs_hook_count = sizeof hs_hook_table / sizeof hs_hook_table[0];
