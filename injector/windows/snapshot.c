/* SNAPSHOT of the handles open at attach and the periodic SAMPLE of OS counts. */
#include "injector.h"
#include "hs_types.h"
#include "hs_names.h"
#include <winternl.h>
#include <string.h>
#include <stdlib.h>

#define PROCESS_HANDLE_INFORMATION_CLASS 51
#define SYSTEM_EXTENDED_HANDLE_INFORMATION_CLASS 64
#define OBJECT_TYPES_INFORMATION_CLASS 3
#define STATUS_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004L)
#define INJECTOR_DYNAMIC_BASE 1024   /* the hook DLL assigns 256..1023 itself */

typedef struct {
    HANDLE HandleValue;
    ULONG_PTR HandleCount;
    ULONG_PTR PointerCount;
    ULONG GrantedAccess;
    ULONG ObjectTypeIndex;
    ULONG HandleAttributes;
    ULONG Reserved;
} process_handle_entry;

typedef struct {
    ULONG_PTR NumberOfHandles;
    ULONG_PTR Reserved;
    process_handle_entry Handles[1];
} process_handle_snapshot;

typedef struct {
    PVOID Object;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR HandleValue;
    ULONG GrantedAccess;
    USHORT CreatorBackTraceIndex;
    USHORT ObjectTypeIndex;
    ULONG HandleAttributes;
    ULONG Reserved;
} system_handle_entry;

typedef struct {
    ULONG_PTR NumberOfHandles;
    ULONG_PTR Reserved;
    system_handle_entry Handles[1];
} system_handle_info;

typedef struct {
    UNICODE_STRING TypeName;
    ULONG counts[12];
    ULONG InvalidAttributes;
    GENERIC_MAPPING GenericMapping;
    ULONG ValidAccessMask;
    BOOLEAN SecurityRequired;
    BOOLEAN MaintainHandleCount;
    UCHAR TypeIndex;
    CHAR ReservedByte;
    ULONG PoolType;
    ULONG DefaultPagedPoolCharge;
    ULONG DefaultNonPagedPoolCharge;
} object_type_info;

typedef NTSTATUS (NTAPI *query_process_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *query_system_fn)(ULONG, PVOID, ULONG, PULONG);
typedef NTSTATUS (NTAPI *query_object_fn)(HANDLE, ULONG, PVOID, ULONG, PULONG);

#define MAX_TYPE_INDEX 256
static uint16_t g_type_id[MAX_TYPE_INDEX];

void send_note(uint16_t level, const char *text)
{
    hs_note n = { now_ticks(), level };
    out_frame(HS_FRAME_NOTE, &n, sizeof n, NULL, 0, text, 1);
}

static void define_type(uint16_t id, const char *name)
{
    hs_define d = { HS_DEFINE_TYPE, id };
    out_frame(HS_FRAME_DEFINE, &d, sizeof d, NULL, 0, name, 1);
}

/* Maps every object type index to a type id and DEFINEs it. */
static void load_types(query_object_fn query)
{
    ULONG size = 1 << 16, got = 0;
    uint8_t *buf = NULL;
    NTSTATUS s;
    for (int tries = 0; tries < 5; tries++) {
        buf = realloc(buf, size);
        if (!buf) return;
        s = query(NULL, OBJECT_TYPES_INFORMATION_CLASS, buf, size, &got);
        if (s != STATUS_INFO_LENGTH_MISMATCH) break;
        size *= 2;
    }
    if (s < 0) { free(buf); return; }
    ULONG count = *(ULONG *)buf;
    uint8_t *p = buf + ((sizeof(ULONG) + sizeof(void *) - 1) & ~(sizeof(void *) - 1));
    for (ULONG i = 0; i < count && p < buf + size; i++) {
        object_type_info *t = (object_type_info *)p;
        unsigned index = t->TypeIndex ? t->TypeIndex : i + 2;
        char name[64];
        int n = WideCharToMultiByte(CP_UTF8, 0, t->TypeName.Buffer, t->TypeName.Length / 2, name, sizeof name - 1,
                                    NULL, NULL);
        name[n > 0 ? n : 0] = 0;
        uint16_t id = (uint16_t)(INJECTOR_DYNAMIC_BASE + index);
        for (unsigned k = 0; k < HS_KNOWN_TYPE_COUNT; k++)
            if (!strcmp(hs_known_types[k].name, name)) id = hs_known_types[k].id;
        if (index < MAX_TYPE_INDEX) {
            g_type_id[index] = id;
            define_type(id, name);
        }
        p += sizeof *t + t->TypeName.MaximumLength;
        p = (uint8_t *)(((uintptr_t)p + sizeof(void *) - 1) & ~(uintptr_t)(sizeof(void *) - 1));
    }
    free(buf);
}

static void *query_grow(query_process_fn qp, query_system_fn qs, HANDLE process, ULONG cls, NTSTATUS *status)
{
    ULONG size = 1 << 16, got = 0;
    void *buf = NULL;
    for (int tries = 0; tries < 12; tries++) {
        void *bigger = realloc(buf, size);
        if (!bigger) break;
        buf = bigger;
        *status = qp ? qp(process, cls, buf, size, &got) : qs(cls, buf, size, &got);
        if (*status != STATUS_INFO_LENGTH_MISMATCH) return buf;
        size = got > size ? got + 4096 : size * 2;
    }
    free(buf);
    return NULL;
}

/* The TOKEN frame of a snapshot Token handle, asked through a copy with TOKEN_QUERY. */
static void snap_token(HANDLE process, uint64_t handle)
{
    HANDLE mine;
    hs_token t;
    WCHAR account[HS_ACCOUNT_CHARS];
    char user[3 * HS_ACCOUNT_CHARS + 1];
    uint32_t chars = 0;
    if (!DuplicateHandle(process, (HANDLE)(uintptr_t)handle, GetCurrentProcess(), &mine, TOKEN_QUERY, FALSE, 0)) return;
    int known = hs_token_facts(mine, &t, account, HS_ACCOUNT_CHARS, &chars);
    CloseHandle(mine);
    if (!known) return;
    t.time = now_ticks();
    t.handle = handle;
    int n = chars ? WideCharToMultiByte(CP_UTF8, 0, account, (int)chars, user, (int)sizeof user - 1, NULL, NULL) : 0;
    user[n > 0 ? n : 0] = 0;
    out_frame(HS_FRAME_TOKEN, &t, sizeof t, NULL, 0, user, 1);
}

/* The well-known type id of a handle of ours, asked by type name: Wine 8's
 * handle list numbers types differently from its type list, so the index
 * alone mislabels handles there. 0 when the name is not a well-known one. */
static uint16_t known_type_of(query_object_fn qo, HANDLE h)
{
    union { UNICODE_STRING name; uint8_t raw[1024]; } info;
    char name[64];
    if (!qo || qo(h, ObjectTypeInformation, &info, sizeof info, NULL) < 0) return 0;
    int n = WideCharToMultiByte(CP_UTF8, 0, info.name.Buffer, info.name.Length / 2, name, sizeof name - 1, NULL, NULL);
    name[n > 0 ? n : 0] = 0;
    for (unsigned k = 0; k < HS_KNOWN_TYPE_COUNT; k++)
        if (!strcmp(hs_known_types[k].name, name)) return hs_known_types[k].id;
    return 0;
}

#define FILE_NAME_WAIT_MS 500

/* Asks a File's name on a worker thread: the kernel serializes a synchronous
 * file's operations, so while a thread of the target waits on one (a lock, a
 * pipe read) the name query waits too. After one query outlives
 * FILE_NAME_WAIT_MS the worker is left blocked (with its copy of the handle)
 * and the remaining files stay unnamed, said in a NOTE. */
static struct {
    HANDLE go, done, thread, file;
    WCHAR name[HS_NAME_CHARS];
    uint32_t chars;
    int stuck;
} g_namer;

static DWORD WINAPI namer(LPVOID arg)
{
    (void)arg;
    while (WaitForSingleObject(g_namer.go, INFINITE) == WAIT_OBJECT_0) {
        g_namer.chars = hs_handle_name(g_namer.file, g_namer.name, HS_NAME_CHARS);
        SetEvent(g_namer.done);
    }
    return 0;
}

/* 0 when the name is unknown; *handed_over when the stuck worker keeps `file`. */
static uint32_t file_name(HANDLE file, WCHAR *out, int *handed_over)
{
    if (g_namer.stuck) return 0;
    if (!g_namer.thread) {
        g_namer.go = CreateEventW(NULL, FALSE, FALSE, NULL);
        g_namer.done = CreateEventW(NULL, FALSE, FALSE, NULL);
        g_namer.thread = g_namer.go && g_namer.done ? CreateThread(NULL, 0, namer, NULL, 0, NULL) : NULL;
        if (!g_namer.thread) return 0;
    }
    g_namer.file = file;
    SetEvent(g_namer.go);
    if (WaitForSingleObject(g_namer.done, FILE_NAME_WAIT_MS) != WAIT_OBJECT_0) {
        g_namer.stuck = *handed_over = 1;
        send_note(HS_NOTE_WARNING, "names of files open at attach are partly missing: asking one for its name blocked "
                              "(a thread of the target is waiting on it)");
        return 0;
    }
    memcpy(out, g_namer.name, g_namer.chars * sizeof(WCHAR));
    return g_namer.chars;
}

/* The display name of a handle copied from the target. Files other than disk
 * files are left unnamed: a pipe's or a device's name query can block. Returns
 * 0 when the copy now belongs to a stuck name query and must stay open. */
static int name_of_copy(HANDLE mine, uint16_t type, char *out, int cap)
{
    WCHAR wide[HS_NAME_CHARS];
    uint32_t chars = 0;
    int handed_over = 0;
    out[0] = 0;
    if (type == HS_TYPE_PROCESS || type == HS_TYPE_THREAD || type == HS_TYPE_TOKEN) return 1;
    if (type != HS_TYPE_FILE) chars = hs_handle_name(mine, wide, HS_NAME_CHARS);
    else if (GetFileType(mine) == FILE_TYPE_DISK) chars = file_name(mine, wide, &handed_over);
    int n = chars ? WideCharToMultiByte(CP_UTF8, 0, wide, (int)chars, out, cap - 1, NULL, NULL) : 0;
    out[n > 0 ? n : 0] = 0;
    return !handed_over;
}

static void snap(query_object_fn qo, HANDLE process, uint64_t handle, unsigned type_index)
{
    char name[3 * HS_NAME_CHARS + 1];
    HANDLE mine;
    uint16_t type = type_index < MAX_TYPE_INDEX ? g_type_id[type_index] : 0;
    name[0] = 0;
    if (DuplicateHandle(process, (HANDLE)(uintptr_t)handle, GetCurrentProcess(), &mine, 0, FALSE, DUPLICATE_SAME_ACCESS)) {
        uint16_t known = known_type_of(qo, mine);
        if (known) type = known;
        if (name_of_copy(mine, type, name, (int)sizeof name)) CloseHandle(mine);
    }
    hs_snapshot s = { now_ticks(), handle, type, 0 };
    out_frame(HS_FRAME_SNAPSHOT, &s, sizeof s, NULL, 0, name, 1);
    if (type == HS_TYPE_TOKEN) snap_token(process, handle);
}

void send_snapshot(HANDLE process, DWORD pid)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    query_process_fn qp = (query_process_fn)(void *)GetProcAddress(ntdll, "NtQueryInformationProcess");
    query_system_fn qs = (query_system_fn)(void *)GetProcAddress(ntdll, "NtQuerySystemInformation");
    query_object_fn qo = (query_object_fn)(void *)GetProcAddress(ntdll, "NtQueryObject");
    NTSTATUS status = 0;
    hs_names_init();
    if (qo) load_types(qo);
    process_handle_snapshot *ph = query_grow(qp, NULL, process, PROCESS_HANDLE_INFORMATION_CLASS, &status);
    if (ph && status >= 0) {
        for (ULONG_PTR i = 0; i < ph->NumberOfHandles; i++)
            snap(qo, process, (uint64_t)(uintptr_t)ph->Handles[i].HandleValue, ph->Handles[i].ObjectTypeIndex);
        free(ph);
        return;
    }
    free(ph);
    system_handle_info *sh = query_grow(NULL, qs, NULL, SYSTEM_EXTENDED_HANDLE_INFORMATION_CLASS, &status);
    if (sh && status >= 0) {
        for (ULONG_PTR i = 0; i < sh->NumberOfHandles; i++)
            if (sh->Handles[i].UniqueProcessId == pid)
                snap(qo, process, sh->Handles[i].HandleValue, sh->Handles[i].ObjectTypeIndex);
        free(sh);
        return;
    }
    free(sh);
    send_note(HS_NOTE_WARNING, "the handles open at attach could not be listed (neither ProcessHandleInformation nor "
                          "SystemExtendedHandleInformation is available)");
}

/* GetProcessHandleCount never legitimately answers 0 for a live process; Wine
 * does, so 0 means "not available". */
uint32_t os_handle_count(HANDLE process)
{
    DWORD n = 0;
    if (!GetProcessHandleCount(process, &n) || n == 0) return HS_COUNT_UNAVAILABLE;
    return n;
}

int send_sample(HANDLE process)
{
    hs_sample s = { now_ticks(), os_handle_count(process), HS_COUNT_UNAVAILABLE, HS_COUNT_UNAVAILABLE, 0 };
    /* GDI/USER counts of 0 are real for a console program on Windows, but not
     * where the handle count is unavailable too (Wine stubs both) */
    if (s.os_handle_count != HS_COUNT_UNAVAILABLE) {
        s.gdi_count = GetGuiResources(process, GR_GDIOBJECTS);
        s.user_count = GetGuiResources(process, GR_USEROBJECTS);
    }
    return out_frame(HS_FRAME_SAMPLE, &s, sizeof s, NULL, 0, NULL, 0);
}
