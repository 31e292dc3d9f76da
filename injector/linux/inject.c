/*
 * Attach: make a running process dlopen the hook library, with ptrace only.
 *
 * One thread is chosen: preferably one blocked in a system call that holds no
 * libc lock while it waits (nanosleep, poll, epoll_wait, read, accept, …), so
 * that dlopen cannot deadlock on a malloc or loader lock the thread itself was
 * holding when it was stopped; otherwise the main thread. PTRACE_SEIZE +
 * PTRACE_INTERRUPT stop only that thread (no SIGSTOP is queued, so the
 * target's job control is untouched). Its registers are saved; the
 * library path is written below the red zone of its stack; the thread is sent
 * into libc's dlopen(path, RTLD_NOW) with a return address of 0, so it faults
 * with SIGSEGV at address 0 when dlopen returns and stops again. Then the saved
 * registers are put back and the thread is detached. When the library is
 * already in the process (an earlier recording was detached), its exported
 * handlespy_restart() is called the same way instead of dlopen. If the thread was blocked
 * in a system call, the saved rax holds -ERESTART* and orig_rax the call
 * number; our call runs with orig_rax = -1 (no restart), and restoring the saved
 * pair at the final stop lets the kernel restart the interrupted call as if a
 * signal had been handled. Other threads keep running throughout.
 */
#define _GNU_SOURCE
#include "injector.h"

#include <dirent.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

static int write_remote(pid_t pid, uint64_t addr, const void *buf, size_t len) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = pwrite(fd, buf, len, (off_t)addr);
    close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

static ssize_t read_remote(pid_t pid, uint64_t addr, void *buf, size_t len) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/mem", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n = pread(fd, buf, len, (off_t)addr);
    close(fd);
    return n;
}

static void explain_denied(pid_t pid, struct hs_error *err) {
    uid_t target_uid = 0;
    int scope = -1;
    FILE *f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
    if (f) {
        if (fscanf(f, "%d", &scope) != 1) scope = -1;
        fclose(f);
    }
    if (process_uid(pid, &target_uid) == 0 && target_uid != geteuid() && geteuid() != 0) {
        hs_fail(err, HS_EXIT_NO_PROCESS,
                "not permitted to attach to process %d: it runs as another user (uid %u); run HandleSpy as that "
                "user or as root", (int)pid, (unsigned)target_uid);
    } else if (scope >= 1) {
        hs_fail(err, HS_EXIT_NO_PROCESS,
                "not permitted to attach to process %d: ptrace is restricted by Yama (kernel.yama.ptrace_scope=%d); "
                "run 'sudo sysctl kernel.yama.ptrace_scope=0', run as root, or grant the helper CAP_SYS_PTRACE "
                "('sudo setcap cap_sys_ptrace+ep handlespy-injector')", (int)pid, scope);
    } else {
        hs_fail(err, HS_EXIT_NO_PROCESS,
                "not permitted to attach to process %d (%s): it may already be traced by a debugger, or the "
                "helper lacks CAP_SYS_PTRACE", (int)pid, strerror(EPERM));
    }
}

/* Waits for the injected call to return into address 0; 0 ok, -1 target gone. */
static int wait_return(pid_t pid, struct user_regs_struct *out, struct hs_error *err) {
    for (;;) {
        int status;
        if (waitpid(pid, &status, __WALL) < 0) {
            if (errno == EINTR) continue;
            hs_fail(err, HS_EXIT_FAILURE, "lost track of process %d during attach (%s)", (int)pid, strerror(errno));
            return -1;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            hs_fail(err, HS_EXIT_NO_PROCESS, "process %d exited during attach", (int)pid);
            return -1;
        }
        if (!WIFSTOPPED(status)) continue;
        int sig = WSTOPSIG(status);
        if (sig == SIGSEGV) {
            if (ptrace(PTRACE_GETREGS, pid, NULL, out) == 0 && out->rip == 0) return 0;
            hs_fail(err, HS_EXIT_FAILURE, "process %d crashed while loading the hook library", (int)pid);
            ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
            return -1;
        }
        /* Group-stops and our own interrupt: keep going. Other signals are the
         * target's: deliver them (a handler then runs on top of the call). */
        int deliver = (status >> 16) == PTRACE_EVENT_STOP || sig == SIGTRAP ? 0 : sig;
        ptrace(PTRACE_CONT, pid, NULL, (void *)(long)deliver);
    }
}

/* Calls fn(a0, a1) in the stopped thread, starting from `base` registers. */
static int remote_call(pid_t pid, const struct user_regs_struct *base, uint64_t fn, uint64_t a0, uint64_t a1,
                       uint64_t sp, uint64_t *result, struct hs_error *err) {
    struct user_regs_struct r = *base;
    sp &= ~(uint64_t)15;
    sp -= 8; /* at entry rsp+8 is 16-byte aligned, as after a call */
    uint64_t zero = 0;
    if (write_remote(pid, sp, &zero, sizeof zero) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot write into process %d's stack (%s)", (int)pid, strerror(errno));
        return -1;
    }
    r.rip = fn;
    r.rdi = a0;
    r.rsi = a1;
    r.rsp = sp;
    r.rax = 0;
    r.orig_rax = (uint64_t)-1; /* not in a system call: no restart on resume */
    if (ptrace(PTRACE_SETREGS, pid, NULL, &r) != 0 || ptrace(PTRACE_CONT, pid, NULL, NULL) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot run code in process %d (%s)", (int)pid, strerror(errno));
        return -1;
    }
    struct user_regs_struct after;
    if (wait_return(pid, &after, err) != 0) return -1;
    *result = after.rax;
    return 0;
}

/* System calls during which a thread holds no libc lock (x86-64 numbers). */
static int safe_wait(long nr) {
    static const long safe[] = {0 /* read */, 7 /* poll */, 23 /* select */, 34 /* pause */, 35 /* nanosleep */,
                                43 /* accept */, 45 /* recvfrom */, 47 /* recvmsg */, 61 /* wait4 */,
                                128 /* rt_sigtimedwait */, 130 /* rt_sigsuspend */, 230 /* clock_nanosleep */,
                                232 /* epoll_wait */, 270 /* pselect6 */, 271 /* ppoll */, 281 /* epoll_pwait */,
                                288 /* accept4 */, 441 /* epoll_pwait2 */};
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        if (safe[i] == nr) return 1;
    return 0;
}

/* A thread of pid waiting in a lock-free system call, or pid itself. */
static pid_t choose_thread(pid_t pid) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", (int)pid);
    DIR *d = opendir(path);
    if (!d) return pid;
    pid_t chosen = 0;
    struct dirent *e;
    while (!chosen && (e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
        pid_t tid = (pid_t)atoi(e->d_name);
        char sys_path[96], line[256];
        snprintf(sys_path, sizeof sys_path, "/proc/%d/task/%d/syscall", (int)pid, (int)tid);
        int fd = open(sys_path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, line, sizeof line - 1);
        close(fd);
        if (n <= 0) continue;
        line[n] = '\0';
        char *end;
        long nr = strtol(line, &end, 10);
        if (end != line && safe_wait(nr)) chosen = tid;
    }
    closedir(d);
    return chosen ? chosen : pid;
}

/* The thread's whole register state beyond the general registers: x87, SSE,
 * AVX (and AVX-512) through the XSAVE area, or the FXSAVE area where the
 * kernel offers no XSAVE regset. dlopen and constructors use these freely. */
struct extended_regs {
    unsigned char xstate[16384] __attribute__((aligned(64)));
    size_t xstate_len; /* 0: not saved */
    struct user_fpregs_struct fp;
    int fp_saved;
};

static void save_extended(pid_t tid, struct extended_regs *x) {
    struct iovec iov = {x->xstate, sizeof x->xstate};
    x->xstate_len = ptrace(PTRACE_GETREGSET, tid, (void *)NT_X86_XSTATE, &iov) == 0 ? iov.iov_len : 0;
    x->fp_saved = x->xstate_len == 0 && ptrace(PTRACE_GETFPREGS, tid, NULL, &x->fp) == 0;
}

static void restore_extended(pid_t tid, struct extended_regs *x) {
    if (x->xstate_len) {
        struct iovec iov = {x->xstate, x->xstate_len};
        ptrace(PTRACE_SETREGSET, tid, (void *)NT_X86_XSTATE, &iov);
    } else if (x->fp_saved) {
        ptrace(PTRACE_SETFPREGS, tid, NULL, &x->fp);
    }
}

int inject_library(pid_t pid, const char *library, struct hs_error *err) {
    uint64_t dlopen_addr = remote_symbol(pid, "libc.so", "dlopen");
    if (!dlopen_addr) dlopen_addr = remote_symbol(pid, "libdl.so", "dlopen");
    uint64_t dlerror_addr = remote_symbol(pid, "libc.so", "dlerror");
    if (!dlerror_addr) dlerror_addr = remote_symbol(pid, "libdl.so", "dlerror");
    if (!dlopen_addr) {
        hs_fail(err, HS_EXIT_UNSUPPORTED,
                "process %d cannot load libraries: no dlopen in it (a static binary, or not linked with glibc); "
                "launch it under HandleSpy instead", (int)pid);
        return -1;
    }
    uint64_t restart_addr = remote_symbol(pid, "libhandlespy-hook", "handlespy_restart");
    pid_t tid = choose_thread(pid);
    if (ptrace(PTRACE_SEIZE, tid, NULL, NULL) != 0) {
        if (errno == ESRCH) hs_fail(err, HS_EXIT_NO_PROCESS, "no process with PID %d", (int)pid);
        else explain_denied(pid, err);
        return -1;
    }
    int status;
    if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) != 0 || waitpid(tid, &status, __WALL) < 0 || !WIFSTOPPED(status)) {
        hs_fail(err, HS_EXIT_NO_PROCESS, "process %d exited during attach", (int)pid);
        return -1;
    }
    struct user_regs_struct saved;
    static struct extended_regs saved_ext;
    save_extended(tid, &saved_ext);
    if (ptrace(PTRACE_GETREGS, tid, NULL, &saved) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot read the registers of process %d (%s)", (int)pid, strerror(errno));
        ptrace(PTRACE_DETACH, tid, NULL, NULL);
        return -1;
    }
    /* Below the 128-byte red zone, with room to spare. */
    size_t len = strlen(library) + 1;
    uint64_t str = (saved.rsp - 512 - len) & ~(uint64_t)15;
    uint64_t handle = 0;
    int rc = -1;
    if (write_remote(tid, str, library, len) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot write into process %d (%s)", (int)pid, strerror(errno));
    } else if (restart_addr) {
        uint64_t result = 0;
        if (remote_call(tid, &saved, restart_addr, 0, 0, str - 64, &result, err) == 0) {
            int r = (int)(uint32_t)result;
            if (r == 0) rc = 0;
            else if (r == 1) hs_fail(err, HS_EXIT_FAILURE, "process %d is already being recorded by another HandleSpy", (int)pid);
            else hs_fail(err, HS_EXIT_FAILURE, "the hook library in process %d could not restart", (int)pid);
        } else if (!process_alive(pid)) {
            return -1;
        }
    } else if (remote_call(tid, &saved, dlopen_addr, str, RTLD_NOW, str - 64, &handle, err) == 0) {
        rc = 0;
        if (!handle) {
            char why[256] = "unknown reason";
            uint64_t msg = 0;
            if (dlerror_addr && remote_call(tid, &saved, dlerror_addr, 0, 0, str - 64, &msg, err) == 0 && msg) {
                ssize_t n = read_remote(tid, msg, why, sizeof why - 1);
                why[n > 0 ? n : 0] = '\0';
            }
            hs_fail(err, HS_EXIT_FAILURE, "process %d could not load the hook library: %s", (int)pid, why);
            rc = -1;
        }
    } else if (!process_alive(pid)) {
        return -1;
    }
    restore_extended(tid, &saved_ext);
    ptrace(PTRACE_SETREGS, tid, NULL, &saved);
    ptrace(PTRACE_DETACH, tid, NULL, NULL);
    return rc;
}
