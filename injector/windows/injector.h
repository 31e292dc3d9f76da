/* handlespy-injector.exe: shared declarations of its parts. */
#ifndef HS_INJECTOR_H
#define HS_INJECTOR_H

#include <windows.h>
#include <stdint.h>
#include "handlespy_protocol.h"
#include "hs_clock.h"

#define EXIT_OK 0
#define EXIT_USAGE 2
#define EXIT_NO_TARGET 3
#define EXIT_BITNESS 4
#define EXIT_FAILED 5

/* Prints one sentence on stderr and exits with `code`. */
__attribute__((noreturn, format(printf, 2, 3))) void die(int code, const char *fmt, ...);
/* The Win32 message for an error code, without trailing newline. */
const char *win32_text(DWORD err);
char *utf8_of(const wchar_t *w);

/* output.c: frames to the app */
int out_open(const wchar_t *path);          /* NULL = stdout */
int out_frame(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra, uint32_t extra_len,
              const char *str, int with_string);
int out_raw(const void *p, uint32_t n);     /* whole frames only */
void out_end(void);                         /* after GOODBYE: later writes are refused */
uint64_t now_ticks(void);

/* snapshot.c */
void send_snapshot(HANDLE process, DWORD pid);
uint32_t os_handle_count(HANDLE process);
int send_sample(HANDLE process);

/* access.c: other users' processes, protected processes, the pipe's security */
int enable_debug_privilege(void);                       /* 1 when SeDebugPrivilege is now enabled */
__attribute__((noreturn)) void refuse_unopenable(DWORD pid, DWORD err);
const char *unhookable_reason(HANDLE process, DWORD pid); /* why a PPL, ACG or CIG target cannot be hooked, or NULL */
void send_note(uint16_t level, const char *text);
SECURITY_ATTRIBUTES *pipe_security(HANDLE target);

/* parent.c: whether the app that started the helper is gone */
void parent_watch_start(void);
int parent_gone(void);

/* util.c: a launched target still suspended, ended by die() so that a failed
 * launch never leaves it suspended for ever; NULL once it runs */
void die_ends_unstarted(HANDLE process);

/* commands */
int cmd_ps(void);
int cmd_symbolize(void);
int cmd_record(int argc, wchar_t **argv, int launch);

#endif
