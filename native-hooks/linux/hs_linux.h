/*
 * What the Linux hook library and the Linux injector share beyond the wire
 * protocol: the api ids they DEFINE, the private frames the hook sends only to
 * the injector (never relayed to the app), and where the event socket lives.
 */
#ifndef HS_LINUX_H
#define HS_LINUX_H

#include <stdint.h>

/* Api ids (DEFINE namespace 2). The injector announces the names. */
#define HS_LINUX_APIS(X) \
    X(1, "open") X(2, "openat") X(3, "creat") X(4, "socket") X(5, "socketpair") \
    X(6, "accept") X(7, "accept4") X(8, "pipe") X(9, "pipe2") X(10, "eventfd") \
    X(11, "timerfd_create") X(12, "signalfd") X(13, "epoll_create") X(14, "epoll_create1") \
    X(15, "inotify_init") X(16, "inotify_init1") X(17, "memfd_create") X(18, "pidfd_open") \
    X(19, "dup") X(20, "dup2") X(21, "dup3") X(22, "fcntl") X(23, "recvmsg") \
    X(24, "fopen") X(25, "freopen") X(26, "fclose") X(27, "opendir") X(28, "closedir") \
    X(29, "close") X(30, "close_range") X(31, "exec") X(32, "tmpfile") \
    X(33, "clone") X(34, "popen") X(35, "pclose") X(36, "mkstemp") X(37, "shm_open") \
    X(38, "posix_openpt") X(39, "openat2") X(40, "pidfd_getfd") X(41, "fanotify_init") \
    X(42, "userfaultfd") X(43, "perf_event_open") X(44, "recvmmsg") X(45, "closefrom")

enum hs_linux_api {
    HS_API_OPEN = 1, HS_API_OPENAT, HS_API_CREAT, HS_API_SOCKET, HS_API_SOCKETPAIR,
    HS_API_ACCEPT, HS_API_ACCEPT4, HS_API_PIPE, HS_API_PIPE2, HS_API_EVENTFD,
    HS_API_TIMERFD_CREATE, HS_API_SIGNALFD, HS_API_EPOLL_CREATE, HS_API_EPOLL_CREATE1,
    HS_API_INOTIFY_INIT, HS_API_INOTIFY_INIT1, HS_API_MEMFD_CREATE, HS_API_PIDFD_OPEN,
    HS_API_DUP, HS_API_DUP2, HS_API_DUP3, HS_API_FCNTL, HS_API_RECVMSG,
    HS_API_FOPEN, HS_API_FREOPEN, HS_API_FCLOSE, HS_API_OPENDIR, HS_API_CLOSEDIR,
    HS_API_CLOSE, HS_API_CLOSE_RANGE, HS_API_EXEC, HS_API_TMPFILE, HS_API_CLONE, HS_API_POPEN,
    HS_API_PCLOSE, HS_API_MKSTEMP, HS_API_SHM_OPEN, HS_API_POSIX_OPENPT, HS_API_OPENAT2, HS_API_PIDFD_GETFD,
    HS_API_FANOTIFY_INIT, HS_API_USERFAULTFD, HS_API_PERF_EVENT_OPEN, HS_API_RECVMMSG, HS_API_CLOSEFROM
};

/* Linux descriptor kind names (DEFINE namespace 1) for the well-known ids. */
#define HS_LINUX_TYPES(X) \
    X(64, "file") X(65, "dir") X(66, "socket") X(67, "pipe") X(68, "eventfd") \
    X(69, "timerfd") X(70, "signalfd") X(71, "epoll") X(72, "inotify") X(73, "memfd") \
    X(74, "pidfd") X(75, "other")

/* Private frames, hook -> injector only. Same framing as the protocol. */
enum hs_private_kind {
    HS_PRIV_AGENT_HELLO = 0x7F01, /* hs_agent_hello */
    HS_PRIV_EXEC_CLOSE = 0x7F02,  /* hs_close payload: closes if the exec succeeds */
    HS_PRIV_EXEC_FAILED = 0x7F03, /* no payload: forget pending exec closes */
    HS_PRIV_AGENT_BYE = 0x7F04,   /* no payload: everything flushed, the hook is dormant */
    HS_PRIV_EXEC_BEGIN = 0x7F05,  /* no payload: an exec is about to run (closes follow) */
    HS_PRIV_EXIT_CODE = 0x7F06,   /* int32 exit status passed to exit()/_exit() (followed processes) */
    HS_PRIV_CHILD_EXIT = 0x7F07   /* hs_child_exit: a child this followed process waited for */
};

/* What a wait returned for a child that ended: its parent's word on how, for
 * a child that could not say so itself (killed by a signal). */
typedef struct __attribute__((packed)) hs_child_exit {
    uint32_t pid;
    int32_t exit_code; /* 0..255, or 128+N for signal N */
} hs_child_exit;

#define HS_AGENT_FDS 3
typedef struct __attribute__((packed)) hs_agent_hello {
    uint32_t pid;
    int32_t agent_fds[HS_AGENT_FDS]; /* the hook's own descriptors (the channel), -1 if unused */
    uint32_t parent_pid;             /* the parent when the process started: it may be gone by the time
                                        the injector reads /proc (an orphan's parent is then its reaper) */
} hs_agent_hello;

/* Injector -> hook. The config arrives once, right after the connection. */
#define HS_CONFIG_MAGIC 0x47464348u /* "HCFG" */
#define HS_CONFIG_DROP 0x1u
#define HS_CONFIG_CLOSE_STACKS 0x2u
typedef struct __attribute__((packed)) hs_config {
    uint32_t magic;
    uint32_t flags;
} hs_config;
#define HS_COMMAND_STOP 'S'

/* Launch mode: the injector names the socket and the pid it is meant for in the
 * environment, so descendants of the target stay dormant. Attach mode: the
 * socket is HS_SOCKET_DIR_FMT "/<pid>.sock", in a 0700 directory of the
 * target's user. */
#define HS_ENV_SOCKET "HANDLESPY_SOCKET"
#define HS_ENV_PID "HANDLESPY_PID"
#define HS_SOCKET_DIR_FMT "/tmp/handlespy-%u"
/* Launch with --follow-children: set to "1", every descendant that loads the
 * hook (fork, or exec with the preload inherited) connects to HS_ENV_SOCKET as
 * a process of its own. */
#define HS_ENV_FOLLOW "HANDLESPY_FOLLOW"

/* The kind of a descriptor from its /proc/PID/fd link; 0 when only stat() can
 * tell (a path: file or directory). */
static inline uint16_t hs_kind_from_link(const char *link) {
#define HS_PREFIX(p) (__builtin_strncmp(link, p, sizeof p - 1) == 0)
    if (HS_PREFIX("socket:")) return 66;
    if (HS_PREFIX("pipe:")) return 67;
    if (HS_PREFIX("anon_inode:[eventfd]")) return 68;
    if (HS_PREFIX("anon_inode:[timerfd]")) return 69;
    if (HS_PREFIX("anon_inode:[signalfd]")) return 70;
    if (HS_PREFIX("anon_inode:[eventpoll]")) return 71;
    if (HS_PREFIX("anon_inode:inotify")) return 72;
    if (HS_PREFIX("anon_inode:[pidfd]")) return 74;
    if (HS_PREFIX("/memfd:")) return 73;
    if (HS_PREFIX("anon_inode:")) return 75;
#undef HS_PREFIX
    return 0;
}

#endif
