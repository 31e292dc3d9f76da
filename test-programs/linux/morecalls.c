/*
 * The descriptor calls beyond fdleak's: popen, the mkstemp family, shm_open,
 * posix_openpt, openat2, pidfd_getfd, fanotify_init, userfaultfd and
 * perf_event_open (the last three and openat2 through syscall()), recvmmsg
 * with SCM_RIGHTS. Each leaks a known number from its own function next to a
 * balanced path; closefrom and close_range over more than 1024 descriptors
 * above fd 1023 close everything else they open (no leak). raw_dup() dups
 * twice through syscall(SYS_dup), which the agent does not follow: it notes
 * that once. Needs root for fanotify. --expect prints "function count" lines.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/openat2.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/mman.h>
#include <sys/pidfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline))

static void must(int ok, const char *what) {
    if (!ok) {
        perror(what);
        exit(90);
    }
}

NOINLINE static void leak_popen(void) {
    for (int i = 0; i < 2; i++) must(popen("true", "r") != NULL, "popen");
    for (int i = 0; i < 3; i++) {
        FILE *f = popen("true", "r");
        must(f != NULL, "popen");
        pclose(f);
    }
}

NOINLINE static void leak_mkstemp(void) {
    char a[] = "/tmp/hs-mkstemp-XXXXXX", b[] = "/tmp/hs-mkostemp-XXXXXX", c[] = "/tmp/hs-mkstemps-XXXXXX.txt";
    int fa = mkstemp(a), fb = mkostemp(b, O_CLOEXEC), fc = mkstemps(c, 4);
    must(fa >= 0 && fb >= 0 && fc >= 0, "mkstemp");
    close(fc);
    unlink(a);
    unlink(b);
    unlink(c);
}

NOINLINE static void leak_shm_open(void) {
    for (int i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "/hs-shm-%d-%d", (int)getpid(), i);
        int fd = shm_open(name, O_RDWR | O_CREAT, 0600);
        must(fd >= 0, "shm_open");
        if (i == 2) close(fd);
        shm_unlink(name);
    }
}

NOINLINE static void leak_posix_openpt(void) {
    must(posix_openpt(O_RDWR | O_NOCTTY) >= 0, "posix_openpt");
}

NOINLINE static void leak_openat2(void) {
    struct open_how how;
    memset(&how, 0, sizeof how);
    how.flags = O_RDONLY;
    for (int i = 0; i < 2; i++) must(syscall(SYS_openat2, AT_FDCWD, "/dev/null", &how, sizeof how) >= 0, "openat2");
}

NOINLINE static void leak_pidfd_getfd(void) {
    int pidfd = pidfd_open(getpid(), 0), ev = eventfd(0, 0);
    must(pidfd >= 0 && ev >= 0, "pidfd_open");
    for (int i = 0; i < 2; i++) must(pidfd_getfd(pidfd, ev, 0) >= 0, "pidfd_getfd");
    close(ev);
    close(pidfd);
}

NOINLINE static void leak_fanotify(void) {
    must(fanotify_init(FAN_CLASS_NOTIF, O_RDONLY) >= 0, "fanotify_init");
}

NOINLINE static void leak_userfaultfd(void) {
    must(syscall(SYS_userfaultfd, O_CLOEXEC) >= 0, "userfaultfd");
}

NOINLINE static void leak_perf_event(void) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.type = PERF_TYPE_SOFTWARE;
    attr.size = sizeof attr;
    attr.config = PERF_COUNT_SW_TASK_CLOCK;
    attr.disabled = 1;
    must(syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0) >= 0, "perf_event_open");
}

/* Two messages of one eventfd each, received in one recvmmsg call. */
NOINLINE static void leak_recvmmsg(void) {
    int sv[2];
    must(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) == 0, "socketpair");
    for (int i = 0; i < 2; i++) {
        int ev = eventfd(0, 0);
        char byte = 'x', ctl[CMSG_SPACE(sizeof(int))];
        struct iovec io = {&byte, 1};
        struct msghdr m = {.msg_iov = &io, .msg_iovlen = 1, .msg_control = ctl, .msg_controllen = sizeof ctl};
        struct cmsghdr *c = CMSG_FIRSTHDR(&m);
        c->cmsg_level = SOL_SOCKET;
        c->cmsg_type = SCM_RIGHTS;
        c->cmsg_len = CMSG_LEN(sizeof(int));
        memcpy(CMSG_DATA(c), &ev, sizeof ev);
        must(sendmsg(sv[0], &m, 0) == 1, "sendmsg");
        close(ev);
    }
    char bytes[2], ctls[2][CMSG_SPACE(sizeof(int))];
    struct iovec io[2] = {{&bytes[0], 1}, {&bytes[1], 1}};
    struct mmsghdr mm[2];
    memset(mm, 0, sizeof mm);
    for (int i = 0; i < 2; i++) {
        mm[i].msg_hdr.msg_iov = &io[i];
        mm[i].msg_hdr.msg_iovlen = 1;
        mm[i].msg_hdr.msg_control = ctls[i];
        mm[i].msg_hdr.msg_controllen = sizeof ctls[i];
    }
    must(recvmmsg(sv[1], mm, 2, 0, NULL) == 2, "recvmmsg");
    close(sv[0]);
    close(sv[1]);
}

NOINLINE static void raw_dup(void) {
    for (int i = 0; i < 2; i++) must(syscall(SYS_dup, 1) >= 0, "dup");
}

/* Nothing leaks: closefrom and a close_range over 1500 descriptors above 1023. */
NOINLINE static void close_many(void) {
    struct rlimit lim;
    must(getrlimit(RLIMIT_NOFILE, &lim) == 0, "getrlimit");
    if (lim.rlim_cur < 4096) {
        lim.rlim_cur = lim.rlim_max < 4096 ? lim.rlim_max : 4096;
        must(setrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur >= 4096, "setrlimit");
    }
    int fd = open("/dev/null", O_RDONLY);
    for (int i = 0; i < 1500; i++) must(dup2(fd, 1024 + i) == 1024 + i, "dup2");
    must(close_range(1024, ~0u, 0) == 0, "close_range");
    for (int i = 0; i < 3; i++) must(dup2(fd, 600 + i) == 600 + i, "dup2");
    close(fd);
    closefrom(600);
}

int main(int argc, char **argv) {
    if (argc > 1 && strcmp(argv[1], "--expect") == 0) {
        printf("leak_popen 2\nleak_mkstemp 2\nleak_shm_open 2\nleak_posix_openpt 1\nleak_openat2 2\n"
               "leak_pidfd_getfd 2\nleak_fanotify 1\nleak_userfaultfd 1\nleak_perf_event 1\nleak_recvmmsg 2\n");
        return 0;
    }
    leak_popen();
    leak_mkstemp();
    leak_shm_open();
    leak_posix_openpt();
    leak_openat2();
    leak_pidfd_getfd();
    leak_fanotify();
    leak_userfaultfd();
    leak_perf_event();
    leak_recvmmsg();
    close_many();
    raw_dup();
    printf("morecalls done\n");
    return 0;
}
