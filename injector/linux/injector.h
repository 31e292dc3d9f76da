/* Internal interface of handlespy-injector (Linux). */
#ifndef HS_INJECTOR_H
#define HS_INJECTOR_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "handlespy_protocol.h"
#include "hs_linux.h"

enum hs_exit {
    HS_EXIT_OK = 0,
    HS_EXIT_USAGE = 2,
    HS_EXIT_NO_PROCESS = 3,
    HS_EXIT_UNSUPPORTED = 4,
    HS_EXIT_FAILURE = 5
};

/* A failure: exit code plus one plain sentence for stderr. */
struct hs_error {
    int code;
    char message[512];
};
void hs_fail(struct hs_error *e, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Frame output (the app's FIFO, a file or stdout). */
struct hs_out {
    int fd;
    int broken; /* the reader went away */
};
void out_frame(struct hs_out *o, uint16_t kind, const void *fixed, size_t fixed_len, const void *tail,
               size_t tail_len);
void out_frame_string(struct hs_out *o, uint16_t kind, const void *fixed, size_t fixed_len, const char *s);

/* Bytes that are already whole frames. */
void out_raw(struct hs_out *o, const void *buf, size_t len);

uint64_t hs_monotonic_ns(void);

/* procfs.c */
void emit_modules(struct hs_out *o, pid_t pid, uint64_t *bases, size_t *count, size_t max);
/* skip: the hook's own descriptors (HS_AGENT_FDS entries, -1 unused). */
/* open (optional, HS_SNAPSHOT_FDS bits): set for each descriptor listed. */
#define HS_SNAPSHOT_FDS (1u << 20)
void emit_snapshot(struct hs_out *o, pid_t pid, const int *skip, uint8_t *open);
int count_fds(pid_t pid, const int *skip);
/* 1 if one of pid's descriptors links to a name starting with prefix. */
int has_fd_link(pid_t pid, const char *prefix);
int process_alive(pid_t pid);
int process_uid(pid_t pid, uid_t *uid);
/* 1 dynamically linked, 0 static (no PT_INTERP), 2 a 32-bit ELF, -1 unreadable. */
int elf_is_dynamic(const char *path);
/* 1 if the ELF file was built by the Go toolchain (its runtime makes system calls itself). */
int elf_is_go(const char *path);
/* Address of `name` in the target, from the ELF symbol table of the first
 * mapped object whose file name starts with `lib_prefix`; 0 if absent. */
uint64_t remote_symbol(pid_t pid, const char *lib_prefix, const char *name);
/* An address in pid with `size` bytes of executable, never-executed memory: the
 * page padding after the code of some mapped ELF object's executable segment
 * (a private mapping: writing it through /proc/PID/mem copies the page for
 * pid alone). 0 if no mapping has that much. */
uint64_t code_cave(pid_t pid, size_t size);

/* image.c: the program image one hook connection reports from, held across
 * an exec (see there). Zero-initialised; image_free releases it. */
#define HS_IMAGE_MODULES 4096
struct hs_image {
    hs_close *exec_closes;     /* close-on-exec descriptors, closed if the exec happens */
    size_t exec_count, exec_cap;
    int exec_pending;          /* the hook announced an exec that has not failed */
    int bye;                   /* the hook said goodbye: its connection ends on purpose */
    uint64_t modules[HS_IMAGE_MODULES];
    size_t module_count;
};
/* One of the hook's private frames about its image (exec, goodbye): 1 if it
 * was one, and it is taken; 0 for any other kind. */
int image_private_frame(struct hs_image *im, uint16_t kind, const unsigned char *payload, uint32_t size);
/* A hook connected for a (new) image of pid: its modules are emitted and kept. */
void image_connected(struct hs_image *im, struct hs_out *o, pid_t pid);
/* The exec happened (the connection ended, the process lives on): the held
 * closes are emitted, and the old image's modules unloaded. */
void image_replaced(struct hs_image *im, struct hs_out *o);
/* The connection ended: whatever exec was announced is settled. */
void image_connection_ended(struct hs_image *im);
void image_free(struct hs_image *im);

/* follow.c: the descendants of a launched target (launch --follow-children),
 * each on a hook connection of its own, relayed between PROCESS SELECT frames. */
struct pollfd;
struct hs_family;
struct hs_family *family_new(pid_t root, uint32_t config_flags);
/* A hook that connected with another pid than the root's: 0 taken, -1 refused. */
int family_add(struct hs_family *f, struct hs_out *o, int conn, const hs_agent_hello *hello);
size_t family_poll_fds(struct hs_family *f, struct pollfd *p, size_t max);
void family_service(struct hs_family *f, struct hs_out *o, const struct pollfd *p, size_t n);
void family_reap(struct hs_family *f, struct hs_out *o);
/* A recorded process (or the helper, for an orphan it adopted) reaped child
 * pid: how it ended counts where the child's own word is missing. */
void family_child_exited(struct hs_family *f, pid_t pid, int32_t exit_code);
/* The same from a recorded process's HS_PRIV_CHILD_EXIT frame (its payload). */
void family_child_report(struct hs_family *f, const unsigned char *payload, uint32_t size);
int family_busy(const struct hs_family *f);
size_t family_size(const struct hs_family *f);
/* Descriptors open in the recorded descendants, their hooks' own left out. */
int family_count_fds(const struct hs_family *f);
void family_stop(struct hs_family *f, struct hs_out *o);
int family_stopped(const struct hs_family *f);
void family_finish(struct hs_family *f, struct hs_out *o, int detached);
unsigned family_followed(const struct hs_family *f);
pid_t parent_of(pid_t pid);
void emit_process_select(struct hs_out *o, pid_t pid);
void emit_process_started(struct hs_out *o, pid_t pid, pid_t parent);
void emit_process_exec(struct hs_out *o, pid_t pid);
void emit_process_exited(struct hs_out *o, pid_t pid, int32_t exit_code);

/* jvm.c: names a HotSpot JVM's generated code from its perf map. */
struct hs_jvm {
    int tmp_fd;   /* the JVM's /tmp (in its mount namespace), -1 before jvm_open */
    pid_t pid;
    pid_t nspid;  /* the pid the JVM knows itself by: names /tmp/.java_pidN and /tmp/perf-N.map */
    time_t since; /* when the JVM was noticed: an older map is not this run's */
};
void jvm_init(struct hs_jvm *j);
void jvm_open(struct hs_jvm *j, pid_t pid);
/* Relays the perf map as CODE_SYMBOL frames: asked of the living JVM when
 * `ask`, else only the one it wrote as it exited (-XX:+DumpPerfMapAtExit).
 * The number of entries, or -1 with a sentence in `why`. */
long jvm_relay_perf_map(struct hs_jvm *j, struct hs_out *o, int ask, char *why, size_t why_size);
void jvm_close(struct hs_jvm *j);

/* inject.c: makes `pid` dlopen `library` through ptrace. 0 on success. */
/* 0 loaded (or restarted), -1 failed, HS_INJECT_BUSY: the library in the target
 * has an agent already (a recording, or one just starting); err says so. */
#define HS_INJECT_BUSY 1
int inject_library(pid_t pid, const char *library, struct hs_error *err);

#endif
