/*
 * Attach: make a running process dlopen the hook library, with ptrace only.
 *
 * One thread is chosen: preferably one blocked in a system call that holds no
 * libc lock while it waits (nanosleep, poll, epoll_wait, read, accept, …), so
 * that dlopen cannot deadlock on a malloc or loader lock the thread itself was
 * holding when it was stopped; otherwise the main thread. PTRACE_SEIZE +
 * PTRACE_INTERRUPT stop only that thread (no SIGSTOP is queued, so the
 * target's job control is untouched); other threads keep running throughout.
 *
 * The call must not depend on the helper surviving it: a helper killed at any
 * moment (SIGKILL included) leaves a thread that finishes on its own. So the
 * thread is not sent into dlopen with a return address the helper catches;
 * it is sent into a trampoline (below) that calls dlopen (or, when the library
 * is already in the process, its handlespy_restart), then puts back every
 * register itself — general registers, flags, x87/SSE/AVX state through
 * XRSTOR — and returns to where the thread was with IRETQ, which sets rip,
 * rflags and rsp at once without writing below the thread's stack pointer
 * (its red zone may be live). The saved state and the library path are
 * written on the thread's stack below the red zone; the trampoline's bytes go
 * into the page padding after some mapped object's code (code_cave). The
 * helper follows the call with PTRACE_SYSCALL and reads the result at the
 * trampoline's marker system call (getpid), then detaches there: were it gone
 * by then, the thread would just go on. A thread stopped inside a system call
 * holds -ERESTART* in rax: the trampoline resumes it at the system call
 * instruction with the call number (restart_syscall for
 * -ERESTART_RESTARTBLOCK), as the kernel would have after a signal.
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

/* The trampoline, copied into the target (position-independent). On entry:
 * rbx = the saved block, r12 = the function, r13 = dlerror or 0, rdi/rsi its
 * arguments, rsp 16-byte aligned. At the marker system call r14 holds the
 * function's result and r15 dlerror's (or 0). The block: 15 general registers
 * in pop order, the IRETQ frame (rip, cs, rflags, rsp, ss), the kind of the
 * extended state (1 XSAVE, 2 FXSAVE, 0 none) and, at 192, that state. XRSTOR's
 * mask leaves out AMX tile state (bits 17-18), which a process may not be
 * permitted to touch. */
__asm__(".pushsection .rodata\n"
        ".globl hs_tramp_start, hs_tramp_marker, hs_tramp_end\n"
        ".hidden hs_tramp_start, hs_tramp_marker, hs_tramp_end\n"
        "hs_tramp_start:\n"
        "    call *%r12\n"
        "    movq %rax, %r14\n"
        "    xorl %r15d, %r15d\n"
        "    testq %r14, %r14\n"
        "    jnz 1f\n"
        "    testq %r13, %r13\n"
        "    jz 1f\n"
        "    call *%r13\n"
        "    movq %rax, %r15\n"
        "1:  movl $39, %eax\n"
        "    syscall\n"
        "hs_tramp_marker:\n"
        "    movq 160(%rbx), %rcx\n"
        "    cmpq $1, %rcx\n"
        "    jne 2f\n"
        "    movl $0xfff9ffff, %eax\n"
        "    movl $-1, %edx\n"
        "    xrstor64 192(%rbx)\n"
        "    jmp 3f\n"
        "2:  cmpq $2, %rcx\n"
        "    jne 3f\n"
        "    fxrstor64 192(%rbx)\n"
        "3:  movq %rbx, %rsp\n"
        "    popq %r15\n    popq %r14\n    popq %r13\n    popq %r12\n    popq %rbp\n"
        "    popq %rbx\n    popq %r11\n    popq %r10\n    popq %r9\n    popq %r8\n"
        "    popq %rax\n    popq %rcx\n    popq %rdx\n    popq %rsi\n    popq %rdi\n"
        "    iretq\n"
        "hs_tramp_end:\n"
        ".popsection\n");
extern const unsigned char hs_tramp_start[], hs_tramp_marker[], hs_tramp_end[];

#define BLOCK_GPRS 15
#define BLOCK_STATE 192

struct tramp_block {
    uint64_t gpr[BLOCK_GPRS]; /* r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi */
    uint64_t iret[5];         /* rip cs rflags rsp ss */
    uint64_t state_kind;
    uint64_t pad[3];
};
_Static_assert(sizeof(struct tramp_block) == BLOCK_STATE, "the trampoline reads the state at 192");

/* The block that resumes the thread as it was: a thread stopped inside a
 * system call that would be restarted goes back to its syscall instruction. */
static void fill_block(struct tramp_block *b, const struct user_regs_struct *r, const struct extended_regs *x) {
    uint64_t rax = r->rax, rip = r->rip;
    if ((int64_t)r->orig_rax >= 0) {
        int64_t ret = (int64_t)r->rax;
        if (ret == -512 || ret == -513 || ret == -514) { /* ERESTARTSYS, ERESTARTNOINTR, ERESTARTNOHAND */
            rax = r->orig_rax;
            rip -= 2;
        } else if (ret == -516) { /* ERESTART_RESTARTBLOCK */
            rax = 219; /* restart_syscall */
            rip -= 2;
        }
    }
    const uint64_t gpr[BLOCK_GPRS] = {r->r15, r->r14, r->r13, r->r12, r->rbp, r->rbx, r->r11, r->r10,
                                      r->r9,  r->r8,  rax,    r->rcx, r->rdx, r->rsi, r->rdi};
    memcpy(b->gpr, gpr, sizeof gpr);
    b->iret[0] = rip;
    b->iret[1] = r->cs;
    b->iret[2] = r->eflags;
    b->iret[3] = r->rsp;
    b->iret[4] = r->ss;
    b->state_kind = x->xstate_len ? 1 : x->fp_saved ? 2 : 0;
    memset(b->pad, 0, sizeof b->pad);
}

/* For tests: HANDLESPY_TEST_ATTACH_PAUSE=stage stops the helper there for good,
 * so that a test can kill it at that point of the attach. */
static void test_pause(const char *stage) {
    const char *wanted = getenv("HANDLESPY_TEST_ATTACH_PAUSE");
    if (!wanted || strcmp(wanted, stage) != 0) return;
    fprintf(stderr, "handlespy-injector: paused at %s\n", stage);
    fflush(stderr);
    for (;;) pause();
}

/* Follows the thread through the trampoline to its marker system call, where
 * r14/r15 hold the results; 0 ok, -1 the call did not get there. */
static int follow_call(pid_t pid, pid_t tid, uint64_t marker, uint64_t *result, uint64_t *error_text,
                       struct hs_error *err) {
    int stops = 0;
    if (ptrace(PTRACE_SYSCALL, tid, NULL, NULL) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot run code in process %d (%s)", (int)pid, strerror(errno));
        return -1;
    }
    for (;;) {
        int status;
        if (waitpid(tid, &status, __WALL) < 0) {
            if (errno == EINTR) continue;
            hs_fail(err, HS_EXIT_FAILURE, "lost track of process %d during attach (%s)", (int)pid, strerror(errno));
            return -1;
        }
        if (WIFEXITED(status) || WIFSIGNALED(status)) {
            hs_fail(err, HS_EXIT_NO_PROCESS, "process %d exited during attach", (int)pid);
            return -1;
        }
        if (!WIFSTOPPED(status)) continue;
        int sig = WSTOPSIG(status), deliver = 0;
        if (sig == (SIGTRAP | 0x80)) {
            struct user_regs_struct r;
            if (ptrace(PTRACE_GETREGS, tid, NULL, &r) == 0 && r.rip == marker && r.orig_rax == 39) {
                *result = r.r14;
                *error_text = r.r15;
                return 0;
            }
            if (++stops == 1) test_pause("in-call");
        } else if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL) {
            hs_fail(err, HS_EXIT_FAILURE, "process %d crashed while loading the hook library", (int)pid);
            ptrace(PTRACE_DETACH, tid, NULL, (void *)(long)sig);
            return -1;
        } else if ((status >> 16) != PTRACE_EVENT_STOP && sig != SIGTRAP) {
            /* The target's own signal: deliver it (a handler then runs on top of the call). */
            deliver = sig;
        }
        ptrace(PTRACE_SYSCALL, tid, NULL, (void *)(long)deliver);
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
    size_t code_len = (size_t)(hs_tramp_end - hs_tramp_start);
    uint64_t code = code_cave(pid, code_len);
    if (!code) {
        hs_fail(err, HS_EXIT_UNSUPPORTED,
                "process %d has no spare room after its code for the attach trampoline; launch it under HandleSpy "
                "instead", (int)pid);
        return -1;
    }
    if (ptrace(PTRACE_SEIZE, tid, NULL, (void *)(long)PTRACE_O_TRACESYSGOOD) != 0) {
        if (errno == ESRCH) hs_fail(err, HS_EXIT_NO_PROCESS, "no process with PID %d", (int)pid);
        else explain_denied(pid, err);
        return -1;
    }
    int status;
    if (ptrace(PTRACE_INTERRUPT, tid, NULL, NULL) != 0 || waitpid(tid, &status, __WALL) < 0 || !WIFSTOPPED(status)) {
        hs_fail(err, HS_EXIT_NO_PROCESS, "process %d exited during attach", (int)pid);
        return -1;
    }
    test_pause("interrupted");
    struct user_regs_struct saved;
    static struct extended_regs saved_ext;
    save_extended(tid, &saved_ext);
    if (ptrace(PTRACE_GETREGS, tid, NULL, &saved) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot read the registers of process %d (%s)", (int)pid, strerror(errno));
        ptrace(PTRACE_DETACH, tid, NULL, NULL);
        return -1;
    }
    /* Below the 128-byte red zone, with room to spare: the path, then the block
     * (64-byte aligned for XRSTOR), then the stack the call runs on. */
    size_t len = strlen(library) + 1;
    size_t state_len = saved_ext.xstate_len ? saved_ext.xstate_len : saved_ext.fp_saved ? sizeof saved_ext.fp : 0;
    uint64_t str = (saved.rsp - 512 - len) & ~(uint64_t)15;
    uint64_t block = (str - 64 - sizeof(struct tramp_block) - state_len) & ~(uint64_t)63;
    uint64_t call_sp = (block - 256) & ~(uint64_t)15;
    struct tramp_block b;
    fill_block(&b, &saved, &saved_ext);
    const void *state = saved_ext.xstate_len ? (const void *)saved_ext.xstate : (const void *)&saved_ext.fp;
    if (write_remote(tid, code, hs_tramp_start, code_len) != 0 || write_remote(tid, str, library, len) != 0
        || write_remote(tid, block, &b, sizeof b) != 0
        || (state_len && write_remote(tid, block + sizeof b, state, state_len) != 0)) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot write into process %d (%s)", (int)pid, strerror(errno));
        ptrace(PTRACE_DETACH, tid, NULL, NULL);
        return -1;
    }
    struct user_regs_struct r = saved;
    r.rip = code;
    r.rsp = call_sp;
    r.rbx = block;
    r.r12 = restart_addr ? restart_addr : dlopen_addr;
    r.r13 = restart_addr ? 0 : dlerror_addr;
    r.rdi = restart_addr ? 0 : str;
    r.rsi = restart_addr ? 0 : RTLD_NOW;
    r.rax = 0;
    r.eflags &= ~(uint64_t)(0x400 | 0x100); /* DF clear, as calls require; no single-stepping (TF) */
    r.orig_rax = (uint64_t)-1; /* not in a system call: the trampoline does the restart */
    if (ptrace(PTRACE_SETREGS, tid, NULL, &r) != 0) {
        hs_fail(err, HS_EXIT_FAILURE, "cannot run code in process %d (%s)", (int)pid, strerror(errno));
        ptrace(PTRACE_DETACH, tid, NULL, NULL);
        return -1;
    }
    test_pause("started");
    uint64_t result = 0, error_text = 0;
    uint64_t marker = code + (uint64_t)(hs_tramp_marker - hs_tramp_start);
    if (follow_call(pid, tid, marker, &result, &error_text, err) != 0) return -1;
    int rc = 0;
    if (restart_addr) {
        int v = (int)(uint32_t)result;
        if (v == 1) hs_fail(err, HS_EXIT_FAILURE, "process %d is already being recorded by another HandleSpy", (int)pid);
        else if (v != 0) hs_fail(err, HS_EXIT_FAILURE, "the hook library in process %d could not restart", (int)pid);
        rc = v == 0 ? 0 : v == 1 ? HS_INJECT_BUSY : -1;
    } else if (!result) {
        char why[256] = "unknown reason";
        if (error_text) {
            ssize_t n = read_remote(tid, error_text, why, sizeof why - 1);
            why[n > 0 ? n : 0] = '\0';
        }
        hs_fail(err, HS_EXIT_FAILURE, "process %d could not load the hook library: %s", (int)pid, why);
        rc = -1;
    }
    test_pause("returned");
    ptrace(PTRACE_DETACH, tid, NULL, NULL);
    return rc;
}
