/*
 * HandleSpy wire protocol, version 1: the layout every agent and helper writes.
 * docs/protocol.md is the prose spec; this header is the single source of truth
 * for the byte layout on the native side (the Java codec mirrors it).
 *
 * A stream is a sequence of frames. Every frame is an 8-byte header followed by
 * `payload_size` bytes of payload. All integers are little-endian with the exact
 * width of their type; structs here are packed so that sizeof() equals the wire
 * size and agents can memcpy them. A string is a u16 byte count followed by that
 * many UTF-8 bytes (no terminator). The first frame of a stream is HELLO.
 */
#ifndef HANDLESPY_PROTOCOL_H
#define HANDLESPY_PROTOCOL_H

#include <stdint.h>

#define HS_PROTOCOL_MAGIC 0x59505348u /* "HSPY" read as little-endian bytes */
#define HS_PROTOCOL_VERSION 1u
#define HS_MAX_PAYLOAD (1u << 20)     /* decoders reject larger frames */
#define HS_MAX_STACK_FRAMES 64u
#define HS_MAX_STRING 4096u           /* agents truncate names to this many bytes */

enum hs_frame_kind {
    HS_FRAME_HELLO = 1,
    HS_FRAME_MODULE_LOAD = 2,
    HS_FRAME_MODULE_UNLOAD = 3,
    HS_FRAME_STACK = 4,
    HS_FRAME_CREATE = 5,
    HS_FRAME_CLOSE = 6,
    HS_FRAME_DUPLICATE = 7,
    HS_FRAME_SNAPSHOT = 8,
    HS_FRAME_SAMPLE = 9,
    HS_FRAME_DROPPED = 10,
    HS_FRAME_GOODBYE = 11,
    HS_FRAME_DEFINE = 12,
    HS_FRAME_NOTE = 13,
    HS_FRAME_TOKEN = 14,
    HS_FRAME_OUTPUT = 15,
    HS_FRAME_PROCESS = 16,
    HS_FRAME_CODE_SYMBOL = 17
};

enum hs_os { HS_OS_WINDOWS = 1, HS_OS_LINUX = 2 };
enum hs_arch { HS_ARCH_X86 = 1, HS_ARCH_X64 = 2, HS_ARCH_ARM64 = 3 };

/* Well-known handle types. Agents announce every id they use with a DEFINE
 * frame (namespace HS_DEFINE_TYPE) so the stream is self-describing; ids from
 * HS_TYPE_DYNAMIC_BASE up are free for types discovered at run time (for
 * example a Windows object type index resolved through NtQueryObject). */
enum hs_type {
    HS_TYPE_UNKNOWN = 0,
    /* Windows object types */
    HS_TYPE_FILE = 1, HS_TYPE_EVENT = 2, HS_TYPE_MUTANT = 3, HS_TYPE_SEMAPHORE = 4,
    HS_TYPE_SECTION = 5, HS_TYPE_KEY = 6, HS_TYPE_PROCESS = 7, HS_TYPE_THREAD = 8,
    HS_TYPE_TOKEN = 9, HS_TYPE_JOB = 10, HS_TYPE_IO_COMPLETION = 11, HS_TYPE_TIMER = 12,
    HS_TYPE_ALPC_PORT = 13, HS_TYPE_DIRECTORY = 14, HS_TYPE_SYMBOLIC_LINK = 15,
    HS_TYPE_DEBUG_OBJECT = 16, HS_TYPE_KEYED_EVENT = 17, HS_TYPE_WINDOW_STATION = 18,
    HS_TYPE_DESKTOP = 19, HS_TYPE_PARTITION = 20, HS_TYPE_TRANSACTION = 21,
    HS_TYPE_SOCKET = 22,
    /* Linux descriptor kinds */
    HS_TYPE_FD_FILE = 64, HS_TYPE_FD_DIR = 65, HS_TYPE_FD_SOCKET = 66, HS_TYPE_FD_PIPE = 67,
    HS_TYPE_FD_EVENTFD = 68, HS_TYPE_FD_TIMERFD = 69, HS_TYPE_FD_SIGNALFD = 70,
    HS_TYPE_FD_EPOLL = 71, HS_TYPE_FD_INOTIFY = 72, HS_TYPE_FD_MEMFD = 73,
    HS_TYPE_FD_PIDFD = 74, HS_TYPE_FD_OTHER = 75,
    /* Windows GDI objects (category GDI: ids HS_TYPE_GDI_FIRST..HS_TYPE_GDI_LAST) */
    HS_TYPE_GDI_DC = 128, HS_TYPE_GDI_BITMAP = 129, HS_TYPE_GDI_DIB_SECTION = 130, HS_TYPE_GDI_BRUSH = 131,
    HS_TYPE_GDI_PEN = 132, HS_TYPE_GDI_EXT_PEN = 133, HS_TYPE_GDI_FONT = 134, HS_TYPE_GDI_REGION = 135,
    HS_TYPE_GDI_PALETTE = 136, HS_TYPE_GDI_METAFILE = 137, HS_TYPE_GDI_ENH_METAFILE = 138,
    HS_TYPE_GDI_COLOR_SPACE = 139,
    /* Windows USER objects (category USER: ids HS_TYPE_USER_FIRST..HS_TYPE_USER_LAST) */
    HS_TYPE_USER_WINDOW = 160, HS_TYPE_USER_MENU = 161, HS_TYPE_USER_ICON = 162, HS_TYPE_USER_CURSOR = 163,
    HS_TYPE_USER_ACCELERATOR_TABLE = 164, HS_TYPE_USER_HOOK = 165, HS_TYPE_USER_WIN_EVENT_HOOK = 166,
    HS_TYPE_USER_DEFER_WINDOW_POS = 167,
    HS_TYPE_DYNAMIC_BASE = 256
};

/* The category of a type follows from its id: GDI and USER have their own
 * ranges, every other id is a kernel handle (or a Linux descriptor). */
#define HS_TYPE_GDI_FIRST 128u
#define HS_TYPE_GDI_LAST 159u
#define HS_TYPE_USER_FIRST 160u
#define HS_TYPE_USER_LAST 191u
/* GDI and USER handle values share no namespace with kernel handles (or each
 * other) and are 32 bits wide on 64-bit Windows too: agents send them as
 * tag | (uint32_t)value so that equal values of two kinds never pair up. */
#define HS_HANDLE_TAG_GDI 0x100000000ull
#define HS_HANDLE_TAG_USER 0x200000000ull

enum hs_define_namespace { HS_DEFINE_TYPE = 1, HS_DEFINE_API = 2 };

enum hs_debug_id_kind { HS_DEBUG_ID_NONE = 0, HS_DEBUG_ID_PDB = 1, HS_DEBUG_ID_ELF_BUILD_ID = 2 };

/* DUPLICATE flags */
#define HS_DUP_NEW_IN_SELF 0x01u      /* new_handle is a new handle in this process */
#define HS_DUP_CLOSES_SOURCE 0x02u    /* source_handle (in this process) was closed */
#define HS_DUP_REPLACED_TARGET 0x04u  /* new_handle was open before and was closed implicitly (dup2/dup3) */

enum hs_goodbye_reason {
    HS_GOODBYE_DETACHED = 1,      /* the app asked the agent to stop */
    HS_GOODBYE_TARGET_EXIT = 2,   /* the target process is exiting or has exited */
    HS_GOODBYE_ERROR = 3          /* the agent or helper failed; message says why */
};

enum hs_note_level { HS_NOTE_INFO = 1, HS_NOTE_WARNING = 2, HS_NOTE_ERROR = 3 };

enum hs_output_stream { HS_OUTPUT_STDOUT = 1, HS_OUTPUT_STDERR = 2 };

/* Sentinel for SAMPLE counts the OS did not provide (e.g. GetProcessHandleCount under Wine). */
#define HS_COUNT_UNAVAILABLE UINT32_MAX
/* Stack id 0 means "no stack captured". */
#define HS_NO_STACK 0u

#if defined(_MSC_VER)
#pragma pack(push, 1)
#define HS_PACKED
#else
#define HS_PACKED __attribute__((packed))
#endif

typedef struct HS_PACKED hs_frame_header {
    uint32_t payload_size;
    uint16_t kind;
    uint16_t reserved;            /* 0; decoders ignore it */
} hs_frame_header;

/* Times are in agent clock ticks; HELLO gives the tick frequency and an anchor
 * pairing one tick value with wall-clock time. */

typedef struct HS_PACKED hs_hello {
    uint32_t magic;               /* HS_PROTOCOL_MAGIC */
    uint16_t version;             /* HS_PROTOCOL_VERSION */
    uint8_t os;                   /* enum hs_os */
    uint8_t arch;                 /* enum hs_arch */
    uint32_t pid;
    uint32_t reserved;
    uint64_t clock_frequency;     /* ticks per second */
    uint64_t anchor_ticks;        /* a clock value ... */
    int64_t anchor_unix_nanos;    /* ... and the wall-clock time it corresponds to */
    /* string image_path */
} hs_hello;

typedef struct HS_PACKED hs_module_load {
    uint64_t time;
    uint64_t base;
    uint64_t size;
    uint8_t debug_id_kind;        /* enum hs_debug_id_kind */
    uint8_t debug_id_size;        /* bytes of debug id that follow: PDB = 16-byte GUID + u32 age, ELF = build-id */
    /* uint8_t debug_id[debug_id_size]; string path */
} hs_module_load;

typedef struct HS_PACKED hs_module_unload {
    uint64_t time;
    uint64_t base;
} hs_module_unload;

typedef struct HS_PACKED hs_stack {
    uint32_t stack_id;            /* > 0, unique within the stream */
    uint16_t frame_count;         /* <= HS_MAX_STACK_FRAMES */
    uint16_t reserved;
    /* uint64_t frames[frame_count]; innermost (the caller of the hooked API) first */
} hs_stack;

typedef struct HS_PACKED hs_create {
    uint64_t time;
    uint64_t handle;
    uint32_t thread;
    uint32_t stack_id;
    uint16_t type;                /* enum hs_type or a DEFINEd id */
    uint16_t api;                 /* a DEFINEd api id */
    /* string name (may be empty) */
} hs_create;

typedef struct HS_PACKED hs_close {
    uint64_t time;
    uint64_t handle;
    uint32_t thread;
    uint32_t stack_id;            /* HS_NO_STACK unless close stacks were asked for */
    uint16_t api;
    uint16_t reserved;
} hs_close;

typedef struct HS_PACKED hs_duplicate {
    uint64_t time;
    uint64_t source_handle;
    uint64_t new_handle;          /* meaningful with HS_DUP_NEW_IN_SELF */
    uint32_t thread;
    uint32_t stack_id;
    uint16_t type;                /* type of the new handle, HS_TYPE_UNKNOWN to inherit the source's */
    uint16_t api;
    uint32_t flags;               /* HS_DUP_* */
} hs_duplicate;

typedef struct HS_PACKED hs_snapshot {
    uint64_t time;
    uint64_t handle;
    uint16_t type;
    uint16_t reserved;
    /* string name */
} hs_snapshot;

typedef struct HS_PACKED hs_sample {
    uint64_t time;
    uint32_t os_handle_count;     /* HS_COUNT_UNAVAILABLE if unknown */
    uint32_t gdi_count;           /* Windows only; HS_COUNT_UNAVAILABLE elsewhere */
    uint32_t user_count;
    uint32_t reserved;
} hs_sample;

typedef struct HS_PACKED hs_dropped {
    uint64_t time;
    uint64_t count;               /* events dropped since the previous DROPPED frame */
} hs_dropped;

typedef struct HS_PACKED hs_goodbye {
    uint64_t time;
    uint16_t reason;              /* enum hs_goodbye_reason */
    /* string message */
} hs_goodbye;

typedef struct HS_PACKED hs_define {
    uint16_t ns;                  /* enum hs_define_namespace */
    uint16_t id;
    /* string name */
} hs_define;

typedef struct HS_PACKED hs_note {
    uint64_t time;
    uint16_t level;               /* enum hs_note_level */
    /* string text, e.g. "unhookable: NtCreateCpuPartition" */
} hs_note;

typedef struct HS_PACKED hs_output {
    uint64_t time;
    uint16_t stream;              /* enum hs_output_stream */
    uint16_t reserved;
    /* the bytes the target wrote: the rest of the payload */
} hs_output;
/* What a Token handle holds: which logon session it keeps alive, for whom.
 * Follows the CREATE, DUPLICATE or SNAPSHOT that made `handle`. */
enum hs_token_type { HS_TOKEN_PRIMARY = 1, HS_TOKEN_IMPERSONATION = 2 };
#define HS_TOKEN_LEVEL_NONE 0xFFFFu   /* impersonation_level of a primary token */

typedef struct HS_PACKED hs_token {
    uint64_t time;
    uint64_t handle;
    uint64_t logon_session;       /* AuthenticationId: HighPart << 32 | LowPart */
    uint16_t token_type;          /* enum hs_token_type */
    uint16_t impersonation_level; /* SECURITY_IMPERSONATION_LEVEL 0..3, HS_TOKEN_LEVEL_NONE for primary */
    /* string user: DOMAIN\name, or the SID (S-1-5-...) when the name is not known */
} hs_token;

/* Process trees (Linux `launch --follow-children`): which process the frames
 * that follow belong to, and when a followed process started, exec'ed or
 * exited. Without it every frame is the HELLO process's. */
enum hs_process_event {
    HS_PROCESS_SELECT = 1,        /* frames up to the next SELECT are pid's (stack ids, handles, modules) */
    HS_PROCESS_STARTED = 2,       /* pid is recorded from now on; strings follow */
    HS_PROCESS_EXEC = 3,          /* pid replaced its program; strings follow */
    HS_PROCESS_EXITED = 4         /* pid is gone; exit_code says how */
};
#define HS_EXIT_CODE_UNKNOWN (-1)

typedef struct HS_PACKED hs_process {
    uint64_t time;
    uint32_t pid;
    uint32_t parent_pid;          /* 0 when not known */
    uint16_t event;               /* enum hs_process_event */
    uint16_t reserved;
    int32_t exit_code;            /* EXITED: 0..255, 128+N killed by signal N, HS_EXIT_CODE_UNKNOWN; else -1 */
    /* STARTED and EXEC: string path, string command line (arguments separated by NUL bytes) */
} hs_process;

/* Code that no module describes, named by its runtime: a JVM's compiled
 * methods, native-method wrappers, stubs and interpreter, from its perf map
 * (Linux helper, at detach). Addresses of stack frames outside every module
 * are looked up among these. */
typedef struct HS_PACKED hs_code_symbol {
    uint64_t time;
    uint64_t start;
    uint64_t size;
    /* string name, as the runtime gives it, e.g. "void Foo.bar(java.lang.String)" or "Interpreter" */
} hs_code_symbol;

#if defined(_MSC_VER)
#pragma pack(pop)
#endif

#define HS_STATIC_ASSERT(c, m) typedef char hs_static_assert_##m[(c) ? 1 : -1]
HS_STATIC_ASSERT(sizeof(hs_frame_header) == 8, header);
HS_STATIC_ASSERT(sizeof(hs_hello) == 40, hello);
HS_STATIC_ASSERT(sizeof(hs_module_load) == 26, module_load);
HS_STATIC_ASSERT(sizeof(hs_module_unload) == 16, module_unload);
HS_STATIC_ASSERT(sizeof(hs_stack) == 8, stack);
HS_STATIC_ASSERT(sizeof(hs_create) == 28, create);
HS_STATIC_ASSERT(sizeof(hs_close) == 28, close);
HS_STATIC_ASSERT(sizeof(hs_duplicate) == 40, duplicate);
HS_STATIC_ASSERT(sizeof(hs_snapshot) == 20, snapshot);
HS_STATIC_ASSERT(sizeof(hs_sample) == 24, sample);
HS_STATIC_ASSERT(sizeof(hs_dropped) == 16, dropped);
HS_STATIC_ASSERT(sizeof(hs_goodbye) == 10, goodbye);
HS_STATIC_ASSERT(sizeof(hs_define) == 4, define);
HS_STATIC_ASSERT(sizeof(hs_note) == 10, note);
HS_STATIC_ASSERT(sizeof(hs_output) == 12, output);
HS_STATIC_ASSERT(sizeof(hs_token) == 28, token);
HS_STATIC_ASSERT(sizeof(hs_process) == 24, process);
HS_STATIC_ASSERT(sizeof(hs_code_symbol) == 24, code_symbol);

#endif
