/*
 * Internal interface of the Linux hook library: the recording core (agent.c)
 * used by the interposed libc entry points (hooks.c) and the GOT patcher
 * (got.c) that attach mode needs because a library loaded late does not
 * preempt symbols the target already bound.
 */
#ifndef HS_AGENT_H
#define HS_AGENT_H

#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include "handlespy_protocol.h"
#include "hs_linux.h"

#define HS_HIDDEN __attribute__((visibility("hidden")))

/* The library's own system calls go straight to the kernel: syscall() is one
 * of the hooks (hooks.c), and the library binds its own symbols to itself. */
long hs_raw_syscall(long nr, ...) __attribute__((visibility("hidden")));
#define syscall hs_raw_syscall
#define HS_EXPORT __attribute__((visibility("default")))
#define HS_TLS __thread __attribute__((tls_model("initial-exec")))

/* Per-thread state in static TLS: initial-exec TLS never allocates on access,
 * so it is safe in signal handlers and in threads that existed before dlopen
 * (glibc initialises the block of a dlopen'ed module for every live thread). */
struct hs_thread {
    uint32_t slot;    /* 1 + this thread's slot (its ring, memo and in-flight flag); 0 none yet */
    uint32_t session; /* the recording its memo was last reset for */
    uint32_t tid;
    int in_hook;
    int in_unwinder;  /* inside libunwind: its pipe2/pipe calls are refused */
    /* Nonzero while a child that shares this thread's memory and TLS runs in
     * its place (vfork, clone CLONE_VM|CLONE_VFORK: the thread is suspended
     * until the child execs or exits). Set by the vfork/clone hooks before the
     * child exists, cleared when the thread resumes; the child sees it and
     * passes every call straight through. */
    int vm_child;
    int holding; /* between hs_enter (or a successful hs_resume) and hs_pause or hs_leave */
};
#define HS_THREAD_VM_CHILD_OFFSET 20 /* the vfork hook (assembly) writes it */
extern HS_TLS struct hs_thread hs_self HS_HIDDEN;

/* Set once the target made a clone(CLONE_VM) child that runs alongside its
 * parent on the parent's TLS: from then on every hook compares the kernel's
 * thread id with the one its TLS belongs to (one system call). */
extern volatile int hs_tls_shared HS_HIDDEN;
HS_HIDDEN int hs_foreign_slow(void);

/* Is this call made by a child running on memory it shares with the recorded
 * process (nothing it does is the process's)? */
static inline int hs_foreign(void) {
    return hs_self.vm_child || (hs_tls_shared && hs_foreign_slow());
}

/* Nonzero while recording: hooks check it first and pass straight through when 0. */
extern volatile int hs_active HS_HIDDEN;

HS_HIDDEN uint64_t hs_now(void);

/* An event under construction inside a hook. begin() marks the thread busy and
 * takes the event time (merge order across threads); commit() queues it. A
 * close takes its time before the close syscall, a create after its syscall, so
 * a value reused by another thread sorts after its close. */
struct hs_event {
    uint64_t time;
    int ok;
    uint32_t *pending; /* the flags of a close record written before its call, until resolved */
};
HS_HIDDEN int hs_enter(void);          /* 1: the hook records; 0: pass through */
HS_HIDDEN void hs_leave(void);
/* Around a real call that may block (a close, exec) a hook keeps its guard
 * but lets go of the recording's memory, which a detach unmaps once no
 * thread holds it: hs_pause returns a token for hs_resume, which is 1 when
 * that recording's memory is still there to finish the record in. The hook
 * calls hs_leave after either. */
HS_HIDDEN uint32_t hs_pause(void);
HS_HIDDEN int hs_resume(uint32_t token);
HS_HIDDEN void hs_begin(struct hs_event *ev);
HS_HIDDEN void hs_end(struct hs_event *ev);
/* Where a hook was called from, taken in the hook's own frame by HS_SITE: the
 * return address, and the frame address, which keeps a frame pointer in that
 * function, so the caller's frame pointer is saved at `frame` and its stack
 * pointer at the call is frame + 16. It keys the stack memo (stack_memo.h);
 * HS_NO_SITE (rare paths) always unwinds. */
struct hs_site {
    uintptr_t ip;
    uintptr_t frame;
};
#define HS_SITE ((struct hs_site){(uintptr_t)__builtin_return_address(0), (uintptr_t)__builtin_frame_address(0)})
#define HS_NO_SITE ((struct hs_site){0, 0})
HS_HIDDEN uint32_t hs_capture_stack(struct hs_site at);
HS_HIDDEN int hs_close_stacks(void);
/* The hook's own descriptors live high up (see hs_adopt_fd) and are hidden
 * from the target's accounting; the target cannot close them. */
HS_HIDDEN int hs_is_agent_fd(int fd);
HS_HIDDEN int hs_adopt_fd(int fd);
/* libunwind validates an address by writing a byte of it into a pipe of its
 * own; the hooks refuse that pipe, and its write to descriptor -1 comes here:
 * 1 when `addr` can be read, else -1 (errno EFAULT). */
HS_HIDDEN long hs_validate_for_unwinder(const void *addr);
HS_HIDDEN int hs_first_agent_fd_in(unsigned first, unsigned last); /* -1 if none */
HS_HIDDEN void hs_vacate_fd(int fd);

HS_HIDDEN void hs_emit_create(const struct hs_event *ev, int fd, uint16_t type, uint16_t api,
                              uint32_t stack, const char *name);
HS_HIDDEN void hs_emit_close(const struct hs_event *ev, int fd, uint16_t api, uint32_t stack, uint16_t kind);
/* A close whose call has not run yet: written (and its mark released) before
 * the call, so a call that blocks holds no mark; hs_resolve_close() then
 * confirms or cancels it. The agent emits a record still pending after
 * HS_PENDING_GRACE_NS as a close (the descriptor is gone by then, or the
 * thread died in the call, which closes it too). */
HS_HIDDEN void hs_emit_close_pending(struct hs_event *ev, int fd, uint16_t api, uint32_t stack);
/* 0 when the agent had already taken the record as a close. */
HS_HIDDEN int hs_resolve_close(struct hs_event *ev, int closed);
HS_HIDDEN void hs_emit_dup(const struct hs_event *ev, int src, int dst, uint16_t api, uint32_t stack,
                           uint32_t flags);
HS_HIDDEN void hs_emit_private(const struct hs_event *ev, uint16_t kind);
/* A NOTE for the user, in this thread's event order. */
HS_HIDDEN void hs_emit_note(uint16_t level, const char *text);
/* Launched with --follow-children (HS_ENV_FOLLOW). */
HS_HIDDEN int hs_following(void);
/* A followed process tells the injector its exit status (HS_PRIV_EXIT_CODE). */
HS_HIDDEN void hs_emit_exit_code(int32_t code);
/* A followed process reaped child `pid`, which ended with `code` (HS_PRIV_CHILD_EXIT). */
HS_HIDDEN void hs_emit_child_exit(pid_t pid, int32_t code);
/* Blocks until every event this thread queued so far is on the channel (inside hs_enter). */
HS_HIDDEN void hs_flush_self(void);

/* Descriptor helpers built on raw syscalls (never re-enter the hooks). */
HS_HIDDEN int hs_fd_is_open(int fd);
HS_HIDDEN int hs_fd_cloexec(int fd);
/* Calls fn for each open descriptor of this process except the channel. */
HS_HIDDEN void hs_for_each_fd(void (*fn)(int fd, void *arg), void *arg);
HS_HIDDEN uint16_t hs_kind_of_fd(int fd, char *name, size_t name_size);

/* got.c: points GOT slots of loaded objects at the hooks (attach mode). */
struct hs_hook_entry {
    const char *name;
    void *hook;
};
HS_HIDDEN extern const struct hs_hook_entry hs_hook_table[];
HS_HIDDEN extern const size_t hs_hook_count;
HS_HIDDEN int hs_patch_loaded_objects(void);
HS_HIDDEN void hs_resolve_real_functions(void);

#endif
