/*
 * Leaks every descriptor kind the Linux agent tracks a known number of times,
 * each from its own named function, next to balanced paths that open and close
 * the same kinds and must show nothing. The expected counts per function are
 * printed by --expect (one "function count" line each) so the tests and this
 * file cannot drift apart.
 *
 * Usage: fdleak [--wait]    --wait: print "ready PID", wait for a line on stdin,
 *                           leak, print "done", then print "alive N" every 50 ms
 *                           until stdin reaches end of file (attach/detach tests).
 *        fdleak --expect
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static char scratch[64];

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

NOINLINE static void leak_open(void) {
    for (int i = 0; i < 3; i++) must(open("/dev/null", O_RDONLY) >= 0, "open");
}

NOINLINE static void leak_openat(void) {
    for (int i = 0; i < 2; i++) must(openat(AT_FDCWD, "/dev/zero", O_RDONLY) >= 0, "openat");
}

NOINLINE static void leak_creat(void) {
    must(creat(scratch, 0600) >= 0, "creat");
}

NOINLINE static void leak_socket(void) {
    for (int i = 0; i < 4; i++) must(socket(AF_INET, SOCK_DGRAM, 0) >= 0, "socket");
}

NOINLINE static void leak_socketpair(void) {
    int sv[2];
    must(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
}

/* A listening socket and a client, both closed; the accepted ends leak. */
NOINLINE static void leak_accept(void) {
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof a.sun_path, "%s.sock", scratch);
    unlink(a.sun_path);
    must(bind(srv, (struct sockaddr *)&a, sizeof a) == 0 && listen(srv, 4) == 0, "listen");
    int c1 = socket(AF_UNIX, SOCK_STREAM, 0), c2 = socket(AF_UNIX, SOCK_STREAM, 0);
    must(connect(c1, (struct sockaddr *)&a, sizeof a) == 0 && connect(c2, (struct sockaddr *)&a, sizeof a) == 0, "connect");
    must(accept(srv, NULL, NULL) >= 0, "accept");
    must(accept4(srv, NULL, NULL, SOCK_CLOEXEC) >= 0, "accept4");
    close(c1);
    close(c2);
    close(srv);
    unlink(a.sun_path);
}

NOINLINE static void leak_pipe(void) {
    int p[2];
    must(pipe(p) == 0, "pipe");
    must(pipe2(p, O_CLOEXEC) == 0, "pipe2");
}

NOINLINE static void leak_eventfd(void) {
    for (int i = 0; i < 5; i++) must(eventfd(0, 0) >= 0, "eventfd");
}

NOINLINE static void leak_timerfd(void) {
    for (int i = 0; i < 2; i++) must(timerfd_create(CLOCK_MONOTONIC, 0) >= 0, "timerfd_create");
}

NOINLINE static void leak_signalfd(void) {
    sigset_t m;
    sigemptyset(&m);
    sigaddset(&m, SIGUSR2);
    must(signalfd(-1, &m, 0) >= 0, "signalfd");
}

NOINLINE static void leak_epoll(void) {
    must(epoll_create(1) >= 0, "epoll_create");
    must(epoll_create1(EPOLL_CLOEXEC) >= 0, "epoll_create1");
}

NOINLINE static void leak_inotify(void) {
    must(inotify_init() >= 0, "inotify_init");
    must(inotify_init1(0) >= 0, "inotify_init1");
}

NOINLINE static void leak_memfd(void) {
    must(memfd_create("handlespy-test", 0) >= 0, "memfd_create");
}

NOINLINE static void leak_pidfd(void) {
    must(pidfd_open(getpid(), 0) >= 0, "pidfd_open");
}

/* The source is closed; the three copies leak. */
NOINLINE static void leak_dup(void) {
    int fd = open("/dev/null", O_RDONLY);
    for (int i = 0; i < 3; i++) must(dup(fd) >= 0, "dup");
    close(fd);
}

/* dup2 onto an open descriptor closes its old lifetime; the new one leaks. */
NOINLINE static void leak_dup2(void) {
    int a = open("/dev/null", O_RDONLY), b = eventfd(0, 0);
    must(dup2(a, b) == b, "dup2");
    close(a);
}

NOINLINE static void leak_dup3(void) {
    int a = open("/dev/null", O_RDONLY), b = open("/dev/null", O_RDONLY);
    must(dup3(a, b, O_CLOEXEC) == b, "dup3");
    close(a);
}

NOINLINE static void leak_fcntl(void) {
    int fd = open("/dev/null", O_RDONLY);
    must(fcntl(fd, F_DUPFD, 0) >= 0, "F_DUPFD");
    must(fcntl(fd, F_DUPFD_CLOEXEC, 0) >= 0, "F_DUPFD_CLOEXEC");
    close(fd);
}

/* An eventfd travels over a socketpair; everything is closed except what arrived. */
NOINLINE static void leak_recvmsg(void) {
    int sv[2], sent = eventfd(0, 0);
    must(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
    char byte = 'x';
    union { struct cmsghdr align; char buf[CMSG_SPACE(sizeof(int))]; } u;
    struct iovec iov = {&byte, 1};
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = u.buf;
    m.msg_controllen = sizeof u.buf;
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &sent, sizeof sent);
    must(sendmsg(sv[0], &m, 0) == 1, "sendmsg");
    memset(u.buf, 0, sizeof u.buf);
    m.msg_controllen = sizeof u.buf;
    must(recvmsg(sv[1], &m, 0) == 1, "recvmsg");
    close(sent);
    close(sv[0]);
    close(sv[1]);
}

NOINLINE static void leak_fopen(void) {
    for (int i = 0; i < 2; i++) must(fopen("/dev/null", "r") != NULL, "fopen");
}

NOINLINE static void leak_opendir(void) {
    must(opendir("/") != NULL, "opendir");
}

/* Every kind again, each closed the way a correct program closes it. */
NOINLINE static void balanced(void) {
    int p[2], sv[2];
    close(open("/dev/null", O_RDONLY));
    close(openat(AT_FDCWD, "/dev/null", O_RDONLY));
    close(socket(AF_INET, SOCK_STREAM, 0));
    must(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0, "socketpair");
    close(sv[0]);
    close(sv[1]);
    must(pipe(p) == 0, "pipe");
    close(p[0]);
    close(p[1]);
    close(eventfd(0, 0));
    close(timerfd_create(CLOCK_MONOTONIC, 0));
    close(epoll_create1(0));
    close(inotify_init1(0));
    close(memfd_create("balanced", 0));
    close(pidfd_open(getpid(), 0));
    int fd = open("/dev/null", O_RDONLY);
    close(dup(fd));
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    close(copy);
    close(fd);
    fclose(fopen("/dev/null", "r"));
    FILE *f = fopen("/dev/null", "r");
    f = freopen("/dev/zero", "r", f);
    fclose(f);
    closedir(opendir("/"));
    DIR *d = fdopendir(open("/", O_RDONLY | O_DIRECTORY));
    closedir(d);
    /* close_range over three fresh descriptors */
    int first = eventfd(0, 0), second = eventfd(0, 0), third = eventfd(0, 0);
    must(second == first + 1 && third == first + 2, "consecutive descriptors");
    must(close_range((unsigned)first, (unsigned)third, 0) == 0, "close_range");
}

static const struct {
    const char *function;
    int leaked;
} EXPECTED[] = {
    {"leak_open", 3}, {"leak_openat", 2}, {"leak_creat", 1}, {"leak_socket", 4}, {"leak_socketpair", 2},
    {"leak_accept", 2}, {"leak_pipe", 4}, {"leak_eventfd", 5}, {"leak_timerfd", 2}, {"leak_signalfd", 1},
    {"leak_epoll", 2}, {"leak_inotify", 2}, {"leak_memfd", 1}, {"leak_pidfd", 1}, {"leak_dup", 3},
    {"leak_dup2", 1}, {"leak_dup3", 1}, {"leak_fcntl", 2}, {"leak_recvmsg", 1}, {"leak_fopen", 2},
    {"leak_opendir", 1},
};

static void leak_everything(void) {
    balanced();
    leak_open();
    leak_openat();
    leak_creat();
    leak_socket();
    leak_socketpair();
    leak_accept();
    leak_pipe();
    leak_eventfd();
    leak_timerfd();
    leak_signalfd();
    leak_epoll();
    leak_inotify();
    leak_memfd();
    leak_pidfd();
    leak_dup();
    leak_dup2();
    leak_dup3();
    leak_fcntl();
    leak_recvmsg();
    leak_fopen();
    leak_opendir();
    balanced();
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--expect") == 0) {
        for (size_t i = 0; i < sizeof EXPECTED / sizeof EXPECTED[0]; i++)
            printf("%s %d\n", EXPECTED[i].function, EXPECTED[i].leaked);
        return 0;
    }
    int wait = argc > 1 && strcmp(argv[1], "--wait") == 0;
    snprintf(scratch, sizeof scratch, "/tmp/fdleak-%d", (int)getpid());
    setvbuf(stdout, NULL, _IOLBF, 0);
    char line[64];
    if (wait) {
        printf("ready %d\n", (int)getpid());
        if (!fgets(line, sizeof line, stdin)) return 91;
    }
    leak_everything();
    unlink(scratch);
    printf("done\n");
    if (wait) {
        /* Keep working and printing until told to stop: the detach test watches this. */
        int flags = fcntl(0, F_GETFL);
        fcntl(0, F_SETFL, flags | O_NONBLOCK);
        for (int n = 0;; n++) {
            printf("alive %d\n", n);
            close(open("/dev/null", O_RDONLY));
            ssize_t r = read(0, line, sizeof line);
            if (r == 0) break;
            usleep(50000);
        }
    }
    return 0;
}
