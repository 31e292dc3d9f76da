/*
 * The recording core of libhandlespy-hook.so: per-thread event rings, the stack
 * dedup table, and the agent thread that merges the rings in time order and
 * writes frames to the injector's unix socket.
 *
 * Nothing on a hook's path allocates or takes a lock: rings and the stack table
 * are mmap'ed once at init; a thread claims a ring with one CAS. The only wait
 * is the lossless back-pressure (a full ring waits for the agent thread), which
 * gives up as soon as recording stops.
 */
#define _GNU_SOURCE
#include "agent.h"
#include "stack_memo.h"

#include <dirent.h>
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <link.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

HS_TLS struct hs_thread hs_self;
volatile int hs_active;
volatile int hs_tls_shared;
_Static_assert(offsetof(struct hs_thread, vm_child) == HS_THREAD_VM_CHILD_OFFSET, "the vfork hook's offset");

#define RING_SIZE (128u * 1024u)
#define MAX_THREADS 512u
#define REC_HEADER 16u
#define STACK_SLOTS (1u << 16)
#define STACK_PROBES 64u
#define OUT_SIZE (1u << 20)
#define MAX_MODULES 4096u
/* The agent thread's stack: its deepest use is a module report (a 4 KiB name)
 * under dl_iterate_phdr; glibc's default of 8 MiB would stay reserved. */
#define AGENT_STACK_SIZE (256u * 1024u)
/* How long a detach waits for threads to leave the recording's memory before
 * it leaves that memory mapped (a thread stopped inside a hook). */
#define HS_QUIESCE_NS 1000000000ull

/* The owner's fields and the agent's live on separate cache lines: a line both
 * write would bounce between their cores on every event. */
struct hs_ring {
    _Atomic uint64_t head;        /* bytes ever written (owner) */
    _Atomic uint64_t busy;        /* 0 idle, 1 taking a time, else the time of the event in flight */
    uint64_t tail_seen;           /* the owner's last look at tail: it reads the agent's line only when full */
    unsigned char owner_pad[40];
    _Atomic uint64_t tail;        /* bytes ever consumed (agent) */
    unsigned char agent_pad[56];
    unsigned char data[RING_SIZE];
};
_Static_assert(offsetof(struct hs_ring, tail) == 64 && offsetof(struct hs_ring, data) == 128,
               "owner and agent fields on separate cache lines");

/* Record in a ring: u32 length (multiple of 16, header included), u32 flags,
 * u64 time, then one complete frame. A record with RECORD_PAD only fills the end.
 * A close written before its call is RECORD_PENDING until the owner confirms
 * it (flags 0) or cancels it (RECORD_CANCELLED, skipped), or the agent takes
 * it as a close after the grace (RECORD_TAKEN); one CAS decides. */
#define RECORD_PAD 1u
#define RECORD_PENDING 2u
#define RECORD_CANCELLED 4u
#define RECORD_TAKEN 8u
#define HS_PENDING_GRACE_NS 10000000ull
/* A busy mark this old is checked against its owner: a thread that died (or
 * was cancelled) between taking a time and writing its record leaves it set. */
#define HS_STALE_MARK_NS 100000000ull

struct hs_stack_slot {
    _Atomic uint32_t state;       /* 0 empty, 1 being written, 2 published */
    uint16_t count;
    uint16_t reserved;
    uint64_t hash;
    uint64_t frames[HS_MAX_STACK_FRAMES];
};

/* What a thread keeps across recordings, outside the memory a detach unmaps:
 * its claim on a slot (the index of its ring and memo) and whether it may be
 * touching the recording's memory now. A line each: the owner writes
 * `inside` on every hooked call. */
struct hs_slot {
    _Atomic uint32_t owner;  /* tid, 0 when free */
    _Atomic uint32_t inside; /* 1 while the owner may touch the recording's memory */
} __attribute__((aligned(64)));
static struct hs_slot g_slots[MAX_THREADS];
static _Atomic uint32_t g_slotless_inside; /* threads inside without a slot (claiming, or none free) */

/* The recording's memory, mapped at attach and unmapped at detach once no
 * thread is inside it. g_session counts recordings (a hook's pause token);
 * g_session_live is 0 from the moment a detach starts waiting to unmap. */
static struct hs_ring *g_rings;
static struct hs_stack_slot *g_stacks;
static unsigned char *g_memos;    /* one struct hs_stack_memo per ring */
static volatile uint32_t g_session;
static volatile int g_session_live;
static _Atomic uint64_t g_dropped;
static _Atomic uint64_t g_drain_rounds;
static int g_drop_mode;
static int g_close_stacks;
static volatile int g_chan = -1;
static _Atomic uint64_t g_agent_epoch; /* agent loop iterations: who may still use an old g_chan */
static volatile int g_stop;        /* 1 detach requested, 2 process exiting */
/* Set before hs_active drops to 0: events timed before it belong to the
 * recording and wait for ring space even then; later ones are not recorded. */
static volatile uint64_t g_stop_time;
static volatile int g_configured;
static uintptr_t g_self_lo, g_self_hi;
static pthread_t g_agent;
static int g_initialised;
static int g_agent_started;
static volatile int g_agent_running; /* the agent thread has not returned yet */
static uint8_t g_stack_sent[STACK_SLOTS / 8];
static unsigned char *g_out;
static size_t g_out_len;
static uint32_t g_pid;
static uint32_t g_parent_pid; /* at fork or exec, for the hello */
static int g_follow;            /* launched with --follow-children: descendants record too */
static int g_patching;          /* attach mode: our symbols do not preempt libc's */
/* libunwind's unw_backtrace (per-IP cache of frame layouts, DWARF on a miss),
 * loaded RTLD_LOCAL so its _Unwind_* and weak backtrace symbols never replace
 * the target's own unwinder; NULL falls back to glibc's backtrace(). libunwind
 * 1.6 opens a pipe at initialisation to validate addresses (in frames it
 * walks without DWARF, such as a JIT's, and at each step of the cursor API the
 * stack memo uses): it reads a byte from the pipe, reopens the pipe if that
 * fails, and writes a byte of the address into it with syscall(SYS_write).
 * pipe2 and syscall go through our hooks (PLT or patched GOT): pipe2 is
 * refused while hs_self.in_unwinder is set, so the pipe stays -1, the read
 * fails with EBADF, and the write to descriptor -1 is answered by
 * hs_validate_for_unwinder. libunwind never holds a descriptor in the target,
 * during a recording or after it. */
static int (*volatile g_unw_backtrace)(void **, int);

/* nr and up to six arguments from the C calling convention into the kernel's. */
__asm__(".text\n"
        ".globl hs_raw_syscall\n"
        ".hidden hs_raw_syscall\n"
        ".type hs_raw_syscall, @function\n"
        "hs_raw_syscall:\n"
        "    movq %rdi, %rax\n"
        "    movq %rsi, %rdi\n"
        "    movq %rdx, %rsi\n"
        "    movq %rcx, %rdx\n"
        "    movq %r8, %r10\n"
        "    movq %r9, %r8\n"
        "    movq 8(%rsp), %r9\n"
        "    syscall\n"
        "    cmpq $-4095, %rax\n"
        "    jae 1f\n"
        "    ret\n"
        "1:  movq %rax, %rdi\n"
        "    jmp hs_raw_syscall_failed\n"
        ".size hs_raw_syscall, .-hs_raw_syscall\n");

/* Where the raw system calls written in assembly (hs_raw_syscall, vfork) go on failure. */
HS_HIDDEN __attribute__((used)) long hs_raw_syscall_failed(long negated_errno) {
    errno = (int)-negated_errno;
    return -1;
}

uint64_t hs_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint32_t sys_gettid(void) {
    return (uint32_t)syscall(SYS_gettid);
}

static int g_agent_fds[HS_AGENT_FDS] = {-1, -1, -1};

static void pause_briefly(void) {
    struct timespec t = {0, 20000};
    syscall(SYS_nanosleep, &t, NULL);
}

int hs_close_stacks(void) { return g_close_stacks; }

int hs_is_agent_fd(int fd) {
    for (int i = 0; i < HS_AGENT_FDS; i++)
        if (fd >= 0 && fd == g_agent_fds[i]) return 1;
    return 0;
}

int hs_first_agent_fd_in(unsigned first, unsigned last) {
    int found = -1;
    for (int i = 0; i < HS_AGENT_FDS; i++) {
        int fd = g_agent_fds[i];
        if (fd >= 0 && (unsigned)fd >= first && (unsigned)fd <= last && (found < 0 || fd < found)) found = fd;
    }
    return found;
}

static void forget_fd(int fd) {
    for (int i = 0; i < HS_AGENT_FDS; i++)
        if (g_agent_fds[i] == fd) g_agent_fds[i] = -1;
}

/* The target is about to dup2/dup3 onto one of our numbers (the channel): it
 * moves to another number first (the agent thread picks the new one up on its
 * next write; a write in flight completes on the same socket). */
void hs_vacate_fd(int fd) {
    if (!hs_is_agent_fd(fd)) return;
    forget_fd(fd);
    if (fd != g_chan) return;
    struct rlimit lim;
    long low = 900;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur > 128 && lim.rlim_cur != RLIM_INFINITY)
        low = (long)lim.rlim_cur - 64;
    int moved = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, low);
    if (moved < 0) return;
    for (int i = 0; i < HS_AGENT_FDS; i++) {
        if (g_agent_fds[i] < 0) {
            g_agent_fds[i] = moved;
            break;
        }
    }
    g_chan = moved;
    /* Let the agent thread finish an iteration that may still hold the old
     * number before the target reuses it (bounded: it may be blocked writing). */
    uint64_t epoch = atomic_load(&g_agent_epoch);
    uint64_t give_up = hs_now() + 100000000ull;
    while (g_agent_running && atomic_load(&g_agent_epoch) < epoch + 2 && hs_now() < give_up) pause_briefly();
}

long hs_validate_for_unwinder(const void *addr) {
    char byte;
    struct iovec local = {&byte, 1}, remote = {(void *)(uintptr_t)addr, 1};
    if (syscall(SYS_process_vm_readv, g_pid, &local, 1UL, &remote, 1UL, 0UL) == 1) return 1;
    errno = EFAULT;
    return -1;
}

/* Moves one of our descriptors out of the target's way: open() returns the
 * lowest free number, so a low descriptor of ours would shift every number the
 * target gets. Returns the new number (or fd if it could not move). */
int hs_adopt_fd(int fd) {
    struct rlimit lim;
    long high = 1000;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur > 64 && lim.rlim_cur != RLIM_INFINITY)
        high = (long)lim.rlim_cur - 16;
    int moved = (int)syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, high);
    if (moved >= 0) {
        syscall(SYS_close, fd);
        fd = moved;
    }
    for (int i = 0; i < HS_AGENT_FDS; i++) {
        if (g_agent_fds[i] < 0) {
            g_agent_fds[i] = fd;
            break;
        }
    }
    return fd;
}

/* ---------------------------------------------------------------- rings */

static int thread_gone(uint32_t tid) {
    return syscall(SYS_tgkill, g_pid, tid, 0) != 0 && errno == ESRCH;
}

/* Slots of threads that have exited go back to the pool once their rings are
 * drained. Head and tail keep counting (only the agent thread writes tail), so
 * the next owner simply continues; the CAS makes one reclaimer win when the
 * agent thread and a hook race for the same slot. A thread that died inside a
 * hook leaves `inside` set: cleared here. */
static void reclaim_slots(void) {
    for (uint32_t i = 0; i < MAX_THREADS; i++) {
        struct hs_ring *r = &g_rings[i];
        uint32_t tid = atomic_load(&g_slots[i].owner);
        if (!tid || atomic_load(&r->head) != atomic_load(&r->tail) || atomic_load(&r->busy)) continue;
        if (!thread_gone(tid)) continue;
        if (atomic_compare_exchange_strong(&g_slots[i].owner, &tid, 0)) atomic_store(&g_slots[i].inside, 0);
    }
}

static struct hs_stack_memo *memo_of(const struct hs_ring *r) {
    return (struct hs_stack_memo *)(g_memos + (size_t)(r - g_rings) * hs_stack_memo_size);
}

/* Runs counted in g_slotless_inside: reclaiming reads the rings. */
static void claim_slot(void) {
    if (!hs_self.tid) hs_self.tid = sys_gettid();
    for (int attempt = 0; attempt < 2; attempt++) {
        if (attempt) reclaim_slots(); /* every slot taken: free those of exited threads */
        for (uint32_t i = 0; i < MAX_THREADS; i++) {
            uint32_t expected = 0;
            if (atomic_load_explicit(&g_slots[i].owner, memory_order_relaxed) == 0
                && atomic_compare_exchange_strong(&g_slots[i].owner, &expected, hs_self.tid)) {
                hs_self.slot = i + 1;
                return;
            }
        }
    }
}

/* This thread's ring in this recording; its memo starts empty in each one. */
static struct hs_ring *claim_ring(void) {
    if (!hs_self.slot) return NULL;
    struct hs_ring *r = &g_rings[hs_self.slot - 1];
    if (hs_self.session != g_session) {
        hs_stack_memo_reset(memo_of(r));
        hs_self.session = g_session;
    }
    return r;
}

int hs_foreign_slow(void) {
    uint32_t tid = sys_gettid();
    if (!hs_self.tid) {
        hs_self.tid = tid; /* a thread's first look: the clone hook set the tid of every thread that shares */
        return 0;
    }
    return tid != hs_self.tid;
}

/* Marks this thread inside the recording's memory, then checks that the
 * memory may still be used. The mark is a sequentially consistent store before
 * that check, and a detach clears the flag before it looks at the marks
 * (quiesce), so either the hook sees the detach or the detach sees the hook. */
static int hold(int (*usable)(uint32_t), uint32_t token) {
    if (hs_self.slot) {
        _Atomic uint32_t *inside = &g_slots[hs_self.slot - 1].inside;
        atomic_store(inside, 1);
        if (usable(token)) return hs_self.holding = 1;
        atomic_store_explicit(inside, 0, memory_order_release);
        return 0;
    }
    atomic_fetch_add(&g_slotless_inside, 1);
    if (usable(token)) {
        claim_slot();
        if (hs_self.slot) {
            atomic_store(&g_slots[hs_self.slot - 1].inside, 1);
            atomic_fetch_sub(&g_slotless_inside, 1);
        }
        return hs_self.holding = 1;
    }
    atomic_fetch_sub(&g_slotless_inside, 1);
    return 0;
}

static void let_go(void) {
    if (!hs_self.holding) return;
    hs_self.holding = 0;
    if (hs_self.slot) atomic_store_explicit(&g_slots[hs_self.slot - 1].inside, 0, memory_order_release);
    else atomic_fetch_sub(&g_slotless_inside, 1);
}

static int recording(uint32_t unused) {
    (void)unused;
    return hs_active;
}

static int same_live_session(uint32_t token) {
    return g_session_live && g_session == token;
}

int hs_enter(void) {
    if (!hs_active || hs_self.in_hook || hs_foreign()) return 0;
    hs_self.in_hook = 1;
    if (hold(recording, 0)) return 1;
    hs_self.in_hook = 0;
    return 0;
}

void hs_leave(void) {
    let_go();
    hs_self.in_hook = 0;
}

/* The token is read while the thread still holds the memory: that recording
 * cannot have been replaced by another yet. */
uint32_t hs_pause(void) {
    uint32_t token = g_session;
    let_go();
    return token;
}

int hs_resume(uint32_t token) {
    return hold(same_live_session, token);
}

void hs_begin(struct hs_event *ev) {
    struct hs_ring *r = claim_ring();
    ev->ok = r != NULL;
    ev->pending = NULL;
    if (!r) {
        atomic_fetch_add(&g_dropped, 1);
        ev->time = hs_now();
        return;
    }
    /* The agent only emits records older than every busy mark it sees, so an
     * event whose record is not yet written can never be overtaken. */
    atomic_store(&r->busy, 1); /* a full fence: visible before the clock is read */
    ev->time = hs_now();
    atomic_store_explicit(&r->busy, ev->time, memory_order_release);
}

void hs_end(struct hs_event *ev) {
    if (ev->ok) atomic_store_explicit(&g_rings[hs_self.slot - 1].busy, 0, memory_order_release);
}


/* Reserves `need` bytes for one record; NULL when the event is dropped (counted)
 * or falls after the end of the recording (not part of it). */
static unsigned char *ring_reserve(struct hs_ring *r, uint32_t need, uint64_t time, uint64_t *new_head) {
    uint64_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    uint32_t pos = (uint32_t)(head % RING_SIZE);
    uint32_t pad = RING_SIZE - pos < need ? RING_SIZE - pos : 0;
    for (;;) {
        if (head + pad + need - r->tail_seen <= RING_SIZE) break;
        uint64_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
        if (head + pad + need - tail <= RING_SIZE) {
            r->tail_seen = tail;
            break;
        }
        if (g_drop_mode) {
            atomic_fetch_add(&g_dropped, 1);
            return NULL;
        }
        /* After the end, or once the last drain is done (a detach waits for
         * space-waiting hooks a bounded time only), nothing makes room. */
        if (!hs_active && (time >= g_stop_time || !g_session_live)) return NULL;
        pause_briefly();
    }
    if (pad) {
        uint32_t hdr[2] = {pad, RECORD_PAD};
        memcpy(r->data + pos, hdr, sizeof hdr);
        head += pad;
        pos = 0;
    }
    *new_head = head + need;
    return r->data + pos;
}

/* Returns the record's flags word, NULL if nothing was written. */
static uint32_t *ring_write(const struct hs_event *ev, uint16_t kind, const void *fixed, uint32_t fixed_len,
                            const char *name, int with_name, uint32_t flags) {
    if (!ev->ok) return NULL;
    struct hs_ring *r = &g_rings[hs_self.slot - 1];
    uint32_t name_len = 0;
    if (with_name && name) {
        size_t n = strlen(name);
        name_len = (uint32_t)(n > HS_MAX_STRING ? HS_MAX_STRING : n);
    }
    uint32_t payload = fixed_len + (with_name ? 2u + name_len : 0u);
    uint32_t need = (REC_HEADER + (uint32_t)sizeof(hs_frame_header) + payload + 15u) & ~15u;
    uint64_t new_head;
    unsigned char *p = ring_reserve(r, need, ev->time, &new_head);
    if (!p) return NULL;
    uint32_t hdr[2] = {need, flags};
    memcpy(p, hdr, sizeof hdr);
    memcpy(p + 8, &ev->time, 8);
    hs_frame_header fh = {payload, kind, 0};
    unsigned char *q = p + REC_HEADER;
    memcpy(q, &fh, sizeof fh);
    q += sizeof fh;
    memcpy(q, fixed, fixed_len);
    q += fixed_len;
    if (with_name) {
        uint16_t n16 = (uint16_t)name_len;
        memcpy(q, &n16, 2);
        memcpy(q + 2, name, name_len);
    }
    atomic_store_explicit(&r->head, new_head, memory_order_release);
    return (uint32_t *)(void *)(p + 4);
}

void hs_emit_create(const struct hs_event *ev, int fd, uint16_t type, uint16_t api, uint32_t stack,
                    const char *name) {
    hs_create c = {ev->time, (uint64_t)fd, hs_self.tid, stack, type, api};
    ring_write(ev, HS_FRAME_CREATE, &c, sizeof c, name ? name : "", 1, 0);
}

void hs_emit_close(const struct hs_event *ev, int fd, uint16_t api, uint32_t stack, uint16_t kind) {
    hs_close c = {ev->time, (uint64_t)fd, hs_self.tid, stack, api, 0};
    ring_write(ev, kind, &c, sizeof c, NULL, 0, 0);
}

void hs_emit_close_pending(struct hs_event *ev, int fd, uint16_t api, uint32_t stack) {
    hs_close c = {ev->time, (uint64_t)fd, hs_self.tid, stack, api, 0};
    ev->pending = ring_write(ev, HS_FRAME_CLOSE, &c, sizeof c, NULL, 0, RECORD_PENDING);
}

int hs_resolve_close(struct hs_event *ev, int closed) {
    if (!ev->pending) return 1;
    uint32_t expected = RECORD_PENDING;
    int resolved = __atomic_compare_exchange_n(ev->pending, &expected, closed ? 0u : RECORD_CANCELLED, 0,
                                               __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
    ev->pending = NULL;
    return resolved;
}

void hs_emit_dup(const struct hs_event *ev, int src, int dst, uint16_t api, uint32_t stack, uint32_t flags) {
    hs_duplicate d = {ev->time, (uint64_t)src, (uint64_t)dst, hs_self.tid, stack, HS_TYPE_UNKNOWN, api, flags};
    ring_write(ev, HS_FRAME_DUPLICATE, &d, sizeof d, NULL, 0, 0);
}

void hs_emit_private(const struct hs_event *ev, uint16_t kind) {
    ring_write(ev, kind, "", 0, NULL, 0, 0);
}

void hs_emit_note(uint16_t level, const char *text) {
    struct hs_event ev;
    hs_begin(&ev);
    hs_note n = {ev.time, level};
    ring_write(&ev, HS_FRAME_NOTE, &n, sizeof n, text, 1, 0);
    hs_end(&ev);
}

int hs_following(void) { return g_follow; }

/* A private frame for the injector alone, in this thread's event order. */
static void emit_private_payload(uint16_t kind, const void *payload, uint32_t size) {
    if (!hs_enter()) return;
    struct hs_event ev;
    hs_begin(&ev);
    ring_write(&ev, kind, payload, size, NULL, 0, 0);
    hs_end(&ev);
    hs_leave();
}

void hs_emit_exit_code(int32_t code) { emit_private_payload(HS_PRIV_EXIT_CODE, &code, sizeof code); }

void hs_emit_child_exit(pid_t pid, int32_t code) {
    hs_child_exit c = {(uint32_t)pid, code};
    emit_private_payload(HS_PRIV_CHILD_EXIT, &c, sizeof c);
}

void hs_flush_self(void) {
    struct hs_ring *r = claim_ring();
    if (!r || !g_configured) return;
    uint64_t head = atomic_load(&r->head);
    while (hs_active && atomic_load(&r->tail) < head) pause_briefly();
    /* One more full agent round so the bytes are written, not only consumed. */
    uint64_t round = atomic_load(&g_drain_rounds);
    while (hs_active && atomic_load(&g_drain_rounds) < round + 2) pause_briefly();
}

/* ---------------------------------------------------------------- stacks */

static uint64_t mix(uint64_t h, uint64_t v) {
    h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    return h;
}

/* The id of this stack in the table the agent sends from, adding it if new. */
static uint32_t intern_stack(void *const *frames, int count) {
    uint64_t h = (uint64_t)count;
    for (int i = 0; i < count; i++) h = mix(h, (uint64_t)(uintptr_t)frames[i]);
    if (h == 0) h = 1;
    for (uint32_t probe = 0; probe < STACK_PROBES; probe++) {
        uint32_t idx = (uint32_t)((h + probe) & (STACK_SLOTS - 1));
        if (idx == 0) continue; /* id 0 means "no stack" */
        struct hs_stack_slot *s = &g_stacks[idx];
        uint32_t state = atomic_load_explicit(&s->state, memory_order_acquire);
        if (state == 0) {
            uint32_t expected = 0;
            if (atomic_compare_exchange_strong(&s->state, &expected, 1)) {
                s->count = (uint16_t)count;
                s->hash = h;
                for (int i = 0; i < count; i++) s->frames[i] = (uint64_t)(uintptr_t)frames[i];
                atomic_store_explicit(&s->state, 2, memory_order_release);
                return idx;
            }
            state = expected;
        }
        while (state == 1) state = atomic_load_explicit(&s->state, memory_order_acquire);
        if (s->hash == h && s->count == count) {
            int same = 1;
            for (int i = 0; i < count && same; i++) same = s->frames[i] == (uint64_t)(uintptr_t)frames[i];
            if (same) return idx;
        }
    }
    return HS_NO_STACK;
}

/* A site whose stack words still match the memo costs a few loads; otherwise
 * libunwind walks the stack, and the memo learns the site for next time. */
uint32_t hs_capture_stack(struct hs_site at) {
    struct hs_ring *r = at.frame && g_unw_backtrace ? claim_ring() : NULL;
    struct hs_stack_memo *memo = r ? memo_of(r) : NULL;
    if (memo) {
        uint32_t known = hs_stack_memo_find(memo, at);
        if (known != HS_NO_STACK) return known;
    }
    void *raw[HS_MAX_STACK_FRAMES + 8];
    int n;
    if (g_unw_backtrace) {
        hs_self.in_unwinder = 1;
        n = g_unw_backtrace(raw, (int)(sizeof raw / sizeof raw[0]));
        hs_self.in_unwinder = 0;
    } else {
        n = backtrace(raw, (int)(sizeof raw / sizeof raw[0]));
    }
    /* Start after the innermost run of frames inside this library: frames above
     * it are ours or an interceptor of backtrace() itself (AddressSanitizer has
     * one). A frame of ours further out is the wrapper of a followed program's
     * main (hooks.c), below the program's own frames. */
    int first = 0, ours = 0;
    for (int i = 0; i < n && i < 8; i++) {
        if ((uintptr_t)raw[i] >= g_self_lo && (uintptr_t)raw[i] < g_self_hi) {
            first = i + 1;
            ours = 1;
        } else if (ours) {
            break;
        }
    }
    int count = n - first;
    if (count <= 0) return HS_NO_STACK;
    if (count > (int)HS_MAX_STACK_FRAMES) count = HS_MAX_STACK_FRAMES;
    uint32_t id = intern_stack(raw + first, count);
    if (memo && hs_stack_memo_should_learn(memo)) {
        hs_self.in_unwinder = 1;
        hs_stack_memo_learn(memo, at, raw + first, count, id, g_self_lo, g_self_hi);
        hs_self.in_unwinder = 0;
    }
    return id;
}

/* ---------------------------------------------------------------- descriptors */

int hs_fd_is_open(int fd) {
    return fd >= 0 && syscall(SYS_fcntl, fd, F_GETFD) >= 0;
}

int hs_fd_cloexec(int fd) {
    long flags = syscall(SYS_fcntl, fd, F_GETFD);
    return flags >= 0 && (flags & FD_CLOEXEC);
}

void hs_for_each_fd(void (*fn)(int fd, void *arg), void *arg) {
    int dir = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0) return;
    char buf[4096];
    for (;;) {
        long n = syscall(SYS_getdents64, dir, buf, sizeof buf);
        if (n <= 0) break;
        for (long off = 0; off < n;) {
            struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
            off += d->d_reclen;
            if (d->d_name[0] < '0' || d->d_name[0] > '9') continue;
            int fd = atoi(d->d_name);
            if (fd != dir && !hs_is_agent_fd(fd)) fn(fd, arg);
        }
    }
    syscall(SYS_close, dir);
}

uint16_t hs_kind_of_fd(int fd, char *name, size_t name_size) {
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    long n = syscall(SYS_readlinkat, AT_FDCWD, link, name, name_size - 1);
    name[n > 0 ? n : 0] = '\0';
    uint16_t kind = hs_kind_from_link(name);
    if (kind) return kind;
    struct stat st;
    if (syscall(SYS_fstat, fd, &st) == 0 && S_ISDIR(st.st_mode)) return HS_TYPE_FD_DIR;
    return HS_TYPE_FD_FILE;
}

/* ---------------------------------------------------------------- agent thread */

static int write_all(int fd, const void *buf, size_t len) {
    const unsigned char *p = buf;
    while (len) {
        long n = syscall(SYS_sendto, fd, p, len, MSG_NOSIGNAL, NULL, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static void out_flush(void) {
    if (g_out_len && g_chan >= 0 && write_all(g_chan, g_out, g_out_len) != 0) {
        /* The injector is gone: record nothing more, the target runs on. */
        g_stop_time = 0;
        hs_active = 0;
        g_chan = -1;
    }
    g_out_len = 0;
}

static void out_append(const void *p, size_t n) {
    if (g_out_len + n > OUT_SIZE) out_flush();
    memcpy(g_out + g_out_len, p, n);
    g_out_len += n;
}

static void out_frame(uint16_t kind, const void *payload, uint32_t n) {
    hs_frame_header h = {n, kind, 0};
    out_append(&h, sizeof h);
    if (n) out_append(payload, n);
}

static void send_stack(uint32_t id) {
    if (id == HS_NO_STACK || id >= STACK_SLOTS) return;
    if (g_stack_sent[id / 8] & (1u << (id % 8))) return;
    struct hs_stack_slot *s = &g_stacks[id];
    if (atomic_load_explicit(&s->state, memory_order_acquire) != 2) return;
    g_stack_sent[id / 8] |= (uint8_t)(1u << (id % 8));
    unsigned char buf[sizeof(hs_stack) + HS_MAX_STACK_FRAMES * 8];
    hs_stack st = {id, s->count, 0};
    memcpy(buf, &st, sizeof st);
    memcpy(buf + sizeof st, s->frames, (size_t)s->count * 8);
    out_frame(HS_FRAME_STACK, buf, (uint32_t)(sizeof st + (size_t)s->count * 8));
}

/* Sends the STACK a frame refers to before the frame itself. */
static void emit_record(const unsigned char *frame) {
    hs_frame_header h;
    memcpy(&h, frame, sizeof h);
    const unsigned char *p = frame + sizeof h;
    uint32_t stack = 0;
    if (h.kind == HS_FRAME_CREATE) memcpy(&stack, p + offsetof(hs_create, stack_id), 4);
    else if (h.kind == HS_FRAME_CLOSE || h.kind == HS_PRIV_EXEC_CLOSE) memcpy(&stack, p + offsetof(hs_close, stack_id), 4);
    else if (h.kind == HS_FRAME_DUPLICATE) memcpy(&stack, p + offsetof(hs_duplicate, stack_id), 4);
    send_stack(stack);
    out_append(frame, sizeof h + h.payload_size);
}

struct cursor {
    struct hs_ring *ring;
    uint64_t pos, end;
    uint64_t busy; /* the ring's mark when the drain began */
};

static uint32_t record_flags(const unsigned char *record) {
    return __atomic_load_n((const uint32_t *)(const void *)(record + 4), __ATOMIC_ACQUIRE);
}

/* Skips pad and cancelled records; returns the time of the next record or UINT64_MAX. */
static uint64_t cursor_peek(struct cursor *c) {
    while (c->pos < c->end) {
        const unsigned char *p = c->ring->data + (c->pos % RING_SIZE);
        uint32_t len;
        memcpy(&len, p, sizeof len);
        if (record_flags(p) & (RECORD_PAD | RECORD_CANCELLED)) {
            c->pos += len;
            continue;
        }
        uint64_t t;
        memcpy(&t, p + 8, 8);
        return t;
    }
    return UINT64_MAX;
}

/* The ring's owner thread is gone although its busy mark is still set (it was
 * cancelled or died inside a hook): the mark is cleared, nothing waits on it. */
static int owner_died(struct hs_ring *r, uint64_t busy) {
    uint32_t tid = atomic_load(&g_slots[r - g_rings].owner);
    if (!tid || !thread_gone(tid)) return 0;
    atomic_compare_exchange_strong(&r->busy, &busy, 0);
    return 1;
}

/* Moves every record older than the watermark from the rings to the channel,
 * merged by time. `all` drains everything (after hooks stopped). */
static void scan_modules(int report);

/* Returns how many records went out. */
static size_t drain(int all) {
    static struct cursor cur[MAX_THREADS];
    size_t moved = 0;
    uint64_t mark = all ? UINT64_MAX : hs_now();
    size_t n = 0;
    for (uint32_t i = 0; i < MAX_THREADS; i++) {
        struct hs_ring *r = &g_rings[i];
        if (!atomic_load(&g_slots[i].owner) && atomic_load(&r->head) == atomic_load(&r->tail)) continue;
        uint64_t busy = atomic_load(&r->busy);
        if (busy && (busy == 1 || hs_now() - busy > HS_STALE_MARK_NS) && owner_died(r, busy)) busy = 0;
        if (busy && busy < mark) mark = busy;
        cur[n].ring = r;
        cur[n].busy = busy;
        n++;
    }
    /* An event older than the mark came from code mapped before the mark: a
     * look at the loaded objects now puts its MODULE_LOAD ahead of its STACK. */
    scan_modules(1);
    for (size_t i = 0; i < n; i++) {
        cur[i].pos = atomic_load_explicit(&cur[i].ring->tail, memory_order_relaxed);
        cur[i].end = atomic_load_explicit(&cur[i].ring->head, memory_order_acquire);
    }
    for (;;) {
        size_t best = n;
        uint64_t best_t = UINT64_MAX;
        for (size_t i = 0; i < n; i++) {
            uint64_t t = cursor_peek(&cur[i]);
            /* A thread writing many records at one time (close_range, exec)
             * holds a mark at that time: its own records at it may go out. */
            if (t < best_t && (all || t < mark || (t == mark && cur[i].busy == mark))) {
                best_t = t;
                best = i;
            }
        }
        if (best == n) break;
        unsigned char *p = cur[best].ring->data + (cur[best].pos % RING_SIZE);
        uint32_t len;
        memcpy(&len, p, 4);
        uint32_t flags = record_flags(p);
        if (flags & RECORD_PENDING) {
            /* A close whose call is running: nothing at or after its time goes
             * out before it, for a while; then it goes out as a close. */
            if (!all && hs_now() - best_t < HS_PENDING_GRACE_NS) {
                mark = best_t;
                continue;
            }
            if (!__atomic_compare_exchange_n((uint32_t *)(void *)(p + 4), &flags, RECORD_TAKEN, 0, __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE))
                continue; /* resolved meanwhile: look again */
        }
        if (!(flags & RECORD_CANCELLED)) {
            emit_record(p + REC_HEADER);
            moved++;
        }
        cur[best].pos += len;
    }
    for (size_t i = 0; i < n; i++) atomic_store_explicit(&cur[i].ring->tail, cur[i].pos, memory_order_release);
    uint64_t dropped = atomic_exchange(&g_dropped, 0);
    if (dropped) {
        hs_dropped d = {hs_now(), dropped};
        out_frame(HS_FRAME_DROPPED, &d, sizeof d);
    }
    out_flush();
    atomic_fetch_add(&g_drain_rounds, 1);
    return moved;
}

/* ---------------------------------------------------------------- modules */

static uintptr_t g_module_bases[MAX_MODULES];
static size_t g_module_count;
static unsigned long long g_module_adds;

struct module_scan {
    int report;
    uintptr_t found[MAX_MODULES];
    size_t found_count;
};

static int module_known(uintptr_t base) {
    for (size_t i = 0; i < g_module_count; i++)
        if (g_module_bases[i] == base) return 1;
    return 0;
}

static void report_module(struct dl_phdr_info *info, uintptr_t lo, uintptr_t hi) {
    unsigned char buf[sizeof(hs_module_load) + 255 + 2 + HS_MAX_STRING];
    const unsigned char *id = NULL;
    uint32_t id_len = 0;
    for (int i = 0; i < info->dlpi_phnum && !id; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_NOTE) continue;
        const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
        const unsigned char *end = p + ph->p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            const ElfW(Nhdr) *nh = (const ElfW(Nhdr) *)(const void *)p;
            const unsigned char *desc = p + sizeof *nh + ((nh->n_namesz + 3u) & ~3u);
            if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 && memcmp(p + sizeof *nh, "GNU", 4) == 0
                && desc + nh->n_descsz <= end && nh->n_descsz <= 255) {
                id = desc;
                id_len = nh->n_descsz;
                break;
            }
            p = desc + ((nh->n_descsz + 3u) & ~3u);
        }
    }
    const char *path = info->dlpi_name;
    size_t path_len = strlen(path);
    if (path_len > HS_MAX_STRING) path_len = HS_MAX_STRING;
    hs_module_load m = {hs_now(), lo, hi - lo, id ? HS_DEBUG_ID_ELF_BUILD_ID : HS_DEBUG_ID_NONE, (uint8_t)id_len};
    size_t off = 0;
    memcpy(buf, &m, sizeof m);
    off += sizeof m;
    if (id_len) memcpy(buf + off, id, id_len);
    off += id_len;
    uint16_t n16 = (uint16_t)path_len;
    memcpy(buf + off, &n16, 2);
    memcpy(buf + off + 2, path, path_len);
    off += 2 + path_len;
    out_frame(HS_FRAME_MODULE_LOAD, buf, (uint32_t)off);
}

static int scan_module(struct dl_phdr_info *info, size_t size, void *arg) {
    struct module_scan *scan = arg;
    if (!info->dlpi_name || !info->dlpi_name[0]) return 0; /* the main program and vdso: from /proc/PID/maps */
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uintptr_t s = (info->dlpi_addr + ph->p_vaddr) & ~(uintptr_t)4095;
        uintptr_t e = info->dlpi_addr + ph->p_vaddr + ph->p_memsz;
        if (s < lo) lo = s;
        if (e > hi) hi = e;
    }
    if (lo >= hi) return 0;
    if (scan->found_count < MAX_MODULES) scan->found[scan->found_count++] = lo;
    if (scan->report && !module_known(lo)) report_module(info, lo, hi);
    return 0;
}

static int count_adds(struct dl_phdr_info *info, size_t size, void *arg) {
    *(unsigned long long *)arg = info->dlpi_adds + info->dlpi_subs * 0x100000000ull;
    return 1;
}

/* New objects since the last look (dlopen) get a MODULE_LOAD, vanished ones a
 * MODULE_UNLOAD. The first call only records the baseline: the injector reports
 * what was mapped when it connected, from /proc/PID/maps. */
static void scan_modules(int report) {
    unsigned long long adds = 0;
    dl_iterate_phdr(count_adds, &adds);
    if (report && adds == g_module_adds) return;
    g_module_adds = adds;
    static struct module_scan scan;
    scan.report = report;
    scan.found_count = 0;
    dl_iterate_phdr(scan_module, &scan);
    if (report) {
        for (size_t i = 0; i < g_module_count; i++) {
            int still = 0;
            for (size_t j = 0; j < scan.found_count && !still; j++) still = scan.found[j] == g_module_bases[i];
            if (!still) {
                hs_module_unload u = {hs_now(), g_module_bases[i]};
                out_frame(HS_FRAME_MODULE_UNLOAD, &u, sizeof u);
            }
        }
        if (g_patching) hs_patch_loaded_objects();
    }
    memcpy(g_module_bases, scan.found, scan.found_count * sizeof scan.found[0]);
    g_module_count = scan.found_count;
}

/* ---------------------------------------------------------------- channel */

static int connect_channel(void) {
    char path[108];
    const char *env = getenv(HS_ENV_SOCKET);
    const char *env_pid = getenv(HS_ENV_PID);
    if (env && env_pid && ((uint32_t)strtoul(env_pid, NULL, 10) == g_pid || g_follow)) {
        if (strlen(env) >= sizeof path) return -1;
        strcpy(path, env);
    } else {
        snprintf(path, sizeof path, HS_SOCKET_DIR_FMT "/%u.sock", (unsigned)geteuid(), (unsigned)g_pid);
    }
    int s = (int)syscall(SYS_socket, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0) return -1;
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path, path, strlen(path) + 1);
    if (syscall(SYS_connect, s, &a, sizeof a) != 0) {
        syscall(SYS_close, s);
        return -1;
    }
    return hs_adopt_fd(s);
}

static int read_config(int s) {
    hs_config cfg;
    size_t got = 0;
    while (got < sizeof cfg) {
        struct pollfd p = {s, POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0) return -1;
        long n = syscall(SYS_recvfrom, s, (char *)&cfg + got, sizeof cfg - got, 0, NULL, NULL);
        if (n <= 0) return -1;
        got += (size_t)n;
    }
    if (cfg.magic != HS_CONFIG_MAGIC) return -1;
    g_drop_mode = (cfg.flags & HS_CONFIG_DROP) != 0;
    g_close_stacks = (cfg.flags & HS_CONFIG_CLOSE_STACKS) != 0;
    return 0;
}

/* Ends the recording at this moment: events timed before it are all
 * recorded (a hook waiting for ring space gets it, as the rings keep being
 * drained), later ones are not part of the recording. A thread stopped in the
 * middle of writing its record (a signal handler that waits, a debugger) is
 * waited for a bounded time; quiesce then finds it inside. */
static void stop_hooks(void) {
    g_stop_time = hs_now();
    __atomic_store_n(&hs_active, 0, __ATOMIC_SEQ_CST);
    uint64_t give_up = g_stop_time + HS_QUIESCE_NS;
    for (int quiet = 0; quiet < 3 && hs_now() < give_up;) {
        drain(0);
        int busy = 0;
        for (uint32_t i = 0; i < MAX_THREADS && !busy; i++) {
            uint64_t b = atomic_load(&g_rings[i].busy);
            busy = b != 0 && !((b == 1 || hs_now() - b > HS_STALE_MARK_NS) && owner_died(&g_rings[i], b));
        }
        quiet = busy ? 0 : quiet + 1;
        pause_briefly();
    }
}

/* How many threads may still touch the recording's memory; a thread that died
 * inside a hook does not count. */
static unsigned threads_inside(void) {
    unsigned n = atomic_load(&g_slotless_inside);
    for (uint32_t i = 0; i < MAX_THREADS; i++) {
        if (!atomic_load(&g_slots[i].inside)) continue;
        uint32_t tid = atomic_load(&g_slots[i].owner);
        if (tid && !thread_gone(tid)) n++;
    }
    return n;
}

/* The recording is over (hs_active is 0): waits until no thread is inside its
 * memory, a bounded time. Returns how many still are (then the memory stays). */
static unsigned quiesce(void) {
    __atomic_store_n(&g_session_live, 0, __ATOMIC_SEQ_CST);
    uint64_t give_up = hs_now() + HS_QUIESCE_NS;
    unsigned inside;
    while ((inside = threads_inside()) != 0 && hs_now() < give_up) pause_briefly();
    return inside;
}

static size_t g_session_sizes[4];

static void unmap_session(void) {
    if (g_rings) munmap(g_rings, g_session_sizes[0]);
    if (g_stacks) munmap(g_stacks, g_session_sizes[1]);
    if (g_memos) munmap(g_memos, g_session_sizes[2]);
    if (g_out) munmap(g_out, g_session_sizes[3]);
    g_rings = NULL;
    g_stacks = NULL;
    g_memos = NULL;
    g_out = NULL;
}

/* The NOTE a detach sends when threads stayed inside the hook. */
static void note_memory_kept(unsigned inside) {
    size_t total = g_session_sizes[0] + g_session_sizes[1] + g_session_sizes[2] + g_session_sizes[3];
    unsigned char buf[sizeof(hs_note) + 2 + 256];
    hs_note n = {hs_now(), HS_NOTE_WARNING};
    char *text = (char *)buf + sizeof n + 2;
    int len = snprintf(text, 256,
                       "%u thread(s) were still inside the hook when the recording ended: its %zu MiB of buffers "
                       "stay mapped (reserved, mostly not resident) in the process until a later attach reuses them",
                       inside, total >> 20);
    uint16_t n16 = (uint16_t)(len < 0 ? 0 : len > 255 ? 255 : len);
    memcpy(buf, &n, sizeof n);
    memcpy(buf + sizeof n, &n16, 2);
    out_frame(HS_FRAME_NOTE, buf, (uint32_t)(sizeof n + 2 + n16));
}

/* The agent ends before it recorded anything (no connection, no config): the
 * hooks that ran meanwhile give up waiting, and the memory goes. */
static void end_unrecorded(void) {
    g_stop_time = 0;
    __atomic_store_n(&hs_active, 0, __ATOMIC_SEQ_CST);
    g_configured = 1;
    if (quiesce() == 0) unmap_session();
    g_agent_running = 0;
}

static void *agent_main(void *arg) {
    hs_self.in_hook = 1; /* the agent's own calls are never recorded */
    pthread_setname_np(pthread_self(), "handlespy");
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    int s = connect_channel();
    if (s < 0 || (g_chan = s, 0)) {
        end_unrecorded();
        return NULL;
    }
    hs_agent_hello hello = {g_pid, {g_agent_fds[0], g_agent_fds[1], g_agent_fds[2]}, g_parent_pid};
    out_frame(HS_PRIV_AGENT_HELLO, &hello, sizeof hello);
    out_flush();
    if (read_config(s) != 0) {
        forget_fd(s);
        syscall(SYS_close, s);
        g_chan = -1;
        end_unrecorded();
        return NULL;
    }
    g_configured = 1;
    unsigned tick = 0;
    int busy = 0;
    while (!g_stop && g_chan >= 0) {
        atomic_fetch_add(&g_agent_epoch, 1);
        int chan = g_chan; /* it moves if the target dup2()s onto its number */
        struct pollfd p = {chan, POLLIN, 0};
        /* While events flow, come back at once (after yielding) so a busy
         * thread's ring never fills; idle, look every millisecond. */
        int r = poll(&p, 1, busy ? 0 : 1);
        if (busy) sched_yield();
        if (r > 0) {
            char c = 0;
            long n = syscall(SYS_recvfrom, chan, &c, 1, MSG_DONTWAIT, NULL, NULL);
            if (n == 0 || (n == 1 && c == HS_COMMAND_STOP) || (n < 0 && errno != EAGAIN && errno != EINTR)) g_stop = 1;
        }
        ++tick;
        if (tick % 1000 == 0) reclaim_slots();
        busy = drain(0) > 0;
    }
    stop_hooks();
    drain(1);
    /* The process goes on (unless it is exiting): the recording's memory goes
     * too, once no thread is inside it. */
    unsigned inside = g_stop == 2 ? 1 : quiesce();
    if (g_chan >= 0) {
        if (inside && g_stop != 2) note_memory_kept(inside);
        uint16_t why = (uint16_t)g_stop;
        out_frame(HS_PRIV_AGENT_BYE, &why, sizeof why);
        out_flush();
    }
    if (g_chan >= 0) {
        if (g_stop != 2) {
            forget_fd(g_chan);
            syscall(SYS_close, g_chan);
        }
        g_chan = -1;
    }
    if (!inside) unmap_session();
    g_agent_running = 0;
    return NULL;
}

/* ---------------------------------------------------------------- lifecycle */

static int start_recording(void);
static void wait_for_configuration(void);

/* A forked child of a followed tree records as a process of its own: the
 * parent's unsent events in the copied rings are the parent's, the stacks the
 * parent sent are not known under this process, and the inherited socket is
 * the parent's channel. The child waits here, before fork() returns in it,
 * until the injector has its snapshot. */
static void follow_in_child(void) {
    g_parent_pid = g_pid; /* the parent's, copied at the fork: the parent itself may already be gone */
    g_pid = (uint32_t)getpid();
    if (g_rings)
        for (uint32_t i = 0; i < MAX_THREADS; i++) atomic_store(&g_rings[i].busy, 0);
    int saved = hs_self.in_hook;
    hs_self.in_hook = 1;
    if (start_recording() == 0) wait_for_configuration();
    hs_self.in_hook = saved;
}

static void after_fork_child(void) {
    /* The agent thread does not exist in the child: the child stays unrecorded
     * (until attached: handlespy_restart), unless the tree is followed. */
    int follow = g_follow && hs_active && g_chan >= 0;
    int inherited = g_chan;
    hs_active = 0;
    g_agent_running = 0;
    g_agent_started = 0;
    forget_fd(g_chan); /* the child's copy of the socket is its own business */
    g_chan = -1;
    hs_self.tid = 0;
    hs_self.slot = 0;
    hs_self.holding = 0;
    /* Only this thread exists in the child. */
    for (uint32_t i = 0; i < MAX_THREADS; i++) {
        atomic_store(&g_slots[i].owner, 0);
        atomic_store(&g_slots[i].inside, 0);
    }
    atomic_store(&g_slotless_inside, 0);
    if (!follow) return;
    syscall(SYS_close, inherited);
    follow_in_child();
}

static void *map_zeroed(size_t size) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static int find_self(struct dl_phdr_info *info, size_t size, void *arg) {
    uintptr_t probe = (uintptr_t)arg;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD) continue;
        uintptr_t s = info->dlpi_addr + ph->p_vaddr, e = s + ph->p_memsz;
        if (probe >= s && probe < e) {
            g_self_lo = UINTPTR_MAX;
            g_self_hi = 0;
            for (int j = 0; j < info->dlpi_phnum; j++) {
                const ElfW(Phdr) *q = &info->dlpi_phdr[j];
                if (q->p_type != PT_LOAD) continue;
                uintptr_t a = info->dlpi_addr + q->p_vaddr, b = a + q->p_memsz;
                if (a < g_self_lo) g_self_lo = a;
                if (b > g_self_hi) g_self_hi = b;
            }
            return 1;
        }
    }
    return 0;
}

/* Sets up (first time) or resets (after a detach) and starts the agent thread.
 * Runs with the calling thread's hooks off. */
/* Maps the recording's memory, unless a detach had to leave it mapped. */
static int map_session(void) {
    if (g_rings) {
        for (uint32_t i = 0; i < MAX_THREADS; i++) /* late writes of the old session */
            atomic_store(&g_rings[i].tail, atomic_load(&g_rings[i].head));
        return 0;
    }
    g_session_sizes[0] = (size_t)MAX_THREADS * sizeof(struct hs_ring);
    g_session_sizes[1] = (size_t)STACK_SLOTS * sizeof(struct hs_stack_slot);
    g_session_sizes[2] = (size_t)MAX_THREADS * hs_stack_memo_size;
    g_session_sizes[3] = OUT_SIZE;
    g_rings = map_zeroed(g_session_sizes[0]);
    g_stacks = map_zeroed(g_session_sizes[1]);
    g_memos = map_zeroed(g_session_sizes[2]);
    g_out = map_zeroed(g_session_sizes[3]);
    if (g_rings && g_stacks && g_memos && g_out) return 0;
    unmap_session();
    return -1;
}

static int start_recording(void) {
    /* A previous recording ended; its agent thread has returned. */
    if (g_agent_started) pthread_join(g_agent, NULL);
    g_agent_started = 0;
    if (map_session() != 0) return -1;
    if (!g_initialised) {
        g_initialised = 1;
        dl_iterate_phdr(find_self, (void *)(uintptr_t)&start_recording);
        hs_resolve_real_functions();
        g_patching = dlsym(RTLD_DEFAULT, "close") != hs_hook_table[0].hook;
        /* Both unwinders load or allocate on first use; do it here, not inside a hook.
         * HANDLESPY_UNWINDER selects glibc's ("backtrace") or libunwind without the
         * stack memo ("libunwind"); the benchmark compares them. */
        const char *unwinder = getenv("HANDLESPY_UNWINDER");
        void *unwind = NULL;
        if (!unwinder || strcmp(unwinder, "backtrace") != 0) unwind = dlopen("libunwind.so.8", RTLD_NOW | RTLD_LOCAL);
        if (g_patching) hs_patch_loaded_objects();
        void *warm[4];
        backtrace(warm, 4);
        if (unwind) {
            g_unw_backtrace = (int (*)(void **, int))dlsym(unwind, "unw_backtrace");
            if (!unwinder || strcmp(unwinder, "libunwind") != 0) hs_stack_memo_load(unwind);
            hs_capture_stack(HS_NO_SITE);
        }
        pthread_atfork(NULL, NULL, after_fork_child);
    } else {
        memset(g_stack_sent, 0, sizeof g_stack_sent);
        atomic_store(&g_dropped, 0);
        g_out_len = 0;
        g_stop = 0;
        g_configured = 0;
        g_module_adds = 0;
        if (g_patching) hs_patch_loaded_objects(); /* objects loaded while dormant */
    }
    scan_modules(0);
    if (++g_session == 0) g_session = 1; /* 0 is no recording's pause token */
    g_session_live = 1;
    hs_active = 1;
    g_agent_running = 1;
    pthread_attr_t attr;
    int started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, AGENT_STACK_SIZE) == 0
                  && pthread_create(&g_agent, &attr, agent_main, NULL) == 0;
    pthread_attr_destroy(&attr);
    if (!started) {
        hs_active = 0;
        g_session_live = 0;
        g_agent_running = 0;
        return -1;
    }
    g_agent_started = 1;
    return 0;
}

__attribute__((constructor)) static void hs_init(void) {
    /* Even a dormant copy (preloaded into a descendant) calls through these:
     * resolve them now, not lazily inside some later hook. */
    hs_resolve_real_functions();
    g_pid = (uint32_t)getpid();
    g_parent_pid = (uint32_t)getppid();
    const char *env_pid = getenv(HS_ENV_PID);
    const char *follow = getenv(HS_ENV_FOLLOW);
    g_follow = follow && strcmp(follow, "1") == 0;
    int launched = env_pid && getenv(HS_ENV_SOCKET) && ((uint32_t)strtoul(env_pid, NULL, 10) == g_pid || g_follow);
    if (!launched) {
        char path[108];
        struct stat st;
        snprintf(path, sizeof path, HS_SOCKET_DIR_FMT "/%u.sock", (unsigned)geteuid(), (unsigned)g_pid);
        if (stat(path, &st) != 0 || !S_ISSOCK(st.st_mode)) return; /* preloaded into a descendant: stay dormant */
    }
    hs_self.in_hook = 1;
    if (start_recording() == 0 && launched) wait_for_configuration();
    hs_self.in_hook = 0;
}

/* Launch: wait until the injector has its snapshot, so nothing the program
 * does is missed or reported twice. A dead injector refuses the connection at
 * once; the bound is for a live one on a loaded machine. */
static void wait_for_configuration(void) {
    uint64_t give_up = hs_now() + 10000000000ull;
    while (!g_configured && hs_now() < give_up) pause_briefly();
}

/* Attach to a process that already has the library (an earlier recording was
 * detached, or it was preloaded dormant): the injector calls this instead of
 * dlopen. 0 started, 1 a recording is already running, -1 failed. */
HS_EXPORT int handlespy_restart(void) {
    if (hs_active || g_agent_running) return 1;
    g_pid = (uint32_t)getpid();
    int saved = hs_self.in_hook;
    hs_self.in_hook = 1;
    int r = start_recording();
    hs_self.in_hook = saved;
    return r;
}

__attribute__((destructor)) static void hs_fini(void) {
    if (!g_agent_started || !hs_active) return;
    /* exit(): flush what the program did so far before the process goes away. */
    hs_self.in_hook = 1;
    g_stop = 2;
    pthread_join(g_agent, NULL);
}
