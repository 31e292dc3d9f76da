/* MODULE_LOAD / MODULE_UNLOAD for the modules present at start and every one
 * loaded or unloaded later (LdrRegisterDllNotification). */
#include "hs_hook.h"
#include <tlhelp32.h>
#include <string.h>

typedef struct {
    ULONG Flags;
    const UNICODE_STRING *FullDllName;
    const UNICODE_STRING *BaseDllName;
    PVOID DllBase;
    ULONG SizeOfImage;
} dll_notification_data;

typedef VOID (CALLBACK *dll_notification_fn)(ULONG reason, const dll_notification_data *data, PVOID context);
typedef NTSTATUS (NTAPI *register_fn)(ULONG, dll_notification_fn, PVOID, PVOID *);
typedef NTSTATUS (NTAPI *unregister_fn)(PVOID);

#define REASON_LOADED 1
#define REASON_UNLOADED 2

static PVOID g_cookie;

/* Reads the CodeView RSDS record (PDB GUID + age) from a mapped image. */
static uint8_t pdb_id(const uint8_t *base, uint8_t out[20])
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) return 0;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE) return 0;
    const IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_DEBUG];
    if (!dir->VirtualAddress || !dir->Size) return 0;
    const IMAGE_DEBUG_DIRECTORY *dbg = (const IMAGE_DEBUG_DIRECTORY *)(base + dir->VirtualAddress);
    for (DWORD i = 0; i < dir->Size / sizeof *dbg; i++) {
        if (dbg[i].Type != IMAGE_DEBUG_TYPE_CODEVIEW || !dbg[i].AddressOfRawData || dbg[i].SizeOfData < 24) continue;
        const uint8_t *cv = base + dbg[i].AddressOfRawData;
        if (memcmp(cv, "RSDS", 4)) continue;
        memcpy(out, cv + 4, 20);
        return 20;
    }
    return 0;
}

static void emit_load(const uint8_t *base, uint64_t size, const WCHAR *path, uint32_t chars)
{
    char utf8[1024];
    uint8_t id[20];
    uint8_t id_len = pdb_id(base, id);
    uint32_t len = hs_utf16_to_utf8(path, chars, utf8, sizeof utf8);
    hs_module_load m = { hs_now(), (uint64_t)(uintptr_t)base, size,
                         id_len ? HS_DEBUG_ID_PDB : HS_DEBUG_ID_NONE, id_len };
    hs_emit(HS_FRAME_MODULE_LOAD, &m, sizeof m, id, id_len, utf8, len);
}

/* Runs under the loader lock: only encodes into the preallocated ring. */
static VOID CALLBACK on_dll(ULONG reason, const dll_notification_data *data, PVOID context)
{
    (void)context;
#if defined(_M_X64) || defined(__x86_64__)
    /* the unloaded module's unwind data may be gone, or another module's at its place */
    if (reason == REASON_UNLOADED) hs_stack_memo_forget();
#endif
    if (!hs_guard_enter()) return;
    if (reason == REASON_LOADED)
        emit_load(data->DllBase, data->SizeOfImage, data->FullDllName->Buffer, data->FullDllName->Length / 2);
    else if (reason == REASON_UNLOADED) {
        hs_module_unload u = { hs_now(), (uint64_t)(uintptr_t)data->DllBase };
        hs_emit(HS_FRAME_MODULE_UNLOAD, &u, sizeof u, NULL, 0, NULL, 0);
    }
    hs_guard_leave();
}

void hs_modules_start(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    register_fn reg = (register_fn)(void *)GetProcAddress(ntdll, "LdrRegisterDllNotification");
    /* register first so that nothing loaded during the walk below is missed */
    if (reg) reg(0, on_dll, NULL, &g_cookie);
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    if (snap == INVALID_HANDLE_VALUE) {
        hs_emit_note(HS_NOTE_WARNING, "module list unavailable");
        return;
    }
    MODULEENTRY32W me;
    me.dwSize = sizeof me;
    for (BOOL ok = Module32FirstW(snap, &me); ok; ok = Module32NextW(snap, &me))
        emit_load(me.modBaseAddr, me.modBaseSize, me.szExePath, (uint32_t)wcslen(me.szExePath));
    CloseHandle(snap);
}

void hs_modules_stop(void)
{
    unregister_fn unreg = (unregister_fn)(void *)GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "LdrUnregisterDllNotification");
    if (unreg && g_cookie) unreg(g_cookie);
    g_cookie = NULL;
}
