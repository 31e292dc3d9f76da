/* Installs the GDI and USER hooks by rewriting import address table slots:
 * in every module of the program outside the Windows directory (the
 * program's own code, where its leaks are made), each slot importing a
 * hooked gdi32/user32 function gets the hook's address. A slot is one
 * aligned pointer, written atomically: a thread calling through it meanwhile
 * gets the real function or the hook, both correct, so no thread is suspended
 * and no instruction is decoded. */
#include "hs_gui.h"
#include <tlhelp32.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define MAX_SLOTS 8192

typedef struct slot { void **at; void *original; const hs_gui_fn *fn; } slot;

static slot g_slots[MAX_SLOTS];
static unsigned g_nslots, g_nmodules;
static int g_overflow;
static volatile LONG g_installed;
/* one scanner at a time; a load seen while another thread scans asks it to scan again */
static volatile LONG g_scanning, g_again;

static __typeof__(&GetProcAddress) real_GetProcAddress;

/* A program that looks a hooked function up by name gets the hook, as its
 * import table does: the match is on the resolved address, so forwarders
 * and api sets need no names. */
static FARPROC WINAPI hook_GetProcAddress(HMODULE module, LPCSTR name)
{
    FARPROC f = real_GetProcAddress(module, name);
    if (!f || !hs_record_active()) return f;
    for (unsigned i = 0; i < hs_gdi_fn_count; i++)
        if (*hs_gdi_fns[i].real == (void *)f) return (FARPROC)hs_gdi_fns[i].hook;
    for (unsigned i = 0; i < hs_user_fn_count; i++)
        if (*hs_user_fns[i].real == (void *)f) return (FARPROC)hs_user_fns[i].hook;
    return f;
}

static void rescan(void);

static __typeof__(&LoadLibraryA) real_LoadLibraryA;
static __typeof__(&LoadLibraryW) real_LoadLibraryW;
static __typeof__(&LoadLibraryExA) real_LoadLibraryExA;
static __typeof__(&LoadLibraryExW) real_LoadLibraryExW;

/* A module the program loads gets its slots patched as soon as the load
 * returns, when its imports are bound. */
static HMODULE WINAPI hook_LoadLibraryA(LPCSTR name)
{
    HMODULE m = real_LoadLibraryA(name);
    if (m) rescan();
    return m;
}

static HMODULE WINAPI hook_LoadLibraryW(LPCWSTR name)
{
    HMODULE m = real_LoadLibraryW(name);
    if (m) rescan();
    return m;
}

static HMODULE WINAPI hook_LoadLibraryExA(LPCSTR name, HANDLE file, DWORD flags)
{
    HMODULE m = real_LoadLibraryExA(name, file, flags);
    if (m) rescan();
    return m;
}

static HMODULE WINAPI hook_LoadLibraryExW(LPCWSTR name, HANDLE file, DWORD flags)
{
    HMODULE m = real_LoadLibraryExW(name, file, flags);
    if (m) rescan();
    return m;
}

/* kernel32 functions hooked in the same import tables */
static hs_gui_fn g_loader_fns[] = {
    { "GetProcAddress", (void *)hook_GetProcAddress, (void **)&real_GetProcAddress, 0 },
    { "LoadLibraryA", (void *)hook_LoadLibraryA, (void **)&real_LoadLibraryA, 0 },
    { "LoadLibraryW", (void *)hook_LoadLibraryW, (void **)&real_LoadLibraryW, 0 },
    { "LoadLibraryExA", (void *)hook_LoadLibraryExA, (void **)&real_LoadLibraryExA, 0 },
    { "LoadLibraryExW", (void *)hook_LoadLibraryExW, (void **)&real_LoadLibraryExW, 0 },
};
#define LOADER_FN_COUNT (sizeof g_loader_fns / sizeof g_loader_fns[0])

static void define_types(void)
{
    static const struct { uint16_t id; const char *name; } types[] = {
        {HS_TYPE_GDI_DC, "DC"}, {HS_TYPE_GDI_BITMAP, "Bitmap"}, {HS_TYPE_GDI_DIB_SECTION, "DIBSection"},
        {HS_TYPE_GDI_BRUSH, "Brush"}, {HS_TYPE_GDI_PEN, "Pen"}, {HS_TYPE_GDI_EXT_PEN, "ExtPen"},
        {HS_TYPE_GDI_FONT, "Font"}, {HS_TYPE_GDI_REGION, "Region"}, {HS_TYPE_GDI_PALETTE, "Palette"},
        {HS_TYPE_GDI_METAFILE, "Metafile"}, {HS_TYPE_GDI_ENH_METAFILE, "EnhMetafile"},
        {HS_TYPE_GDI_COLOR_SPACE, "ColorSpace"},
        {HS_TYPE_USER_WINDOW, "Window"}, {HS_TYPE_USER_MENU, "Menu"}, {HS_TYPE_USER_ICON, "Icon"},
        {HS_TYPE_USER_CURSOR, "Cursor"}, {HS_TYPE_USER_ACCELERATOR_TABLE, "AcceleratorTable"},
        {HS_TYPE_USER_HOOK, "WindowsHook"}, {HS_TYPE_USER_WIN_EVENT_HOOK, "WinEventHook"},
        {HS_TYPE_USER_DEFER_WINDOW_POS, "DeferWindowPos"},
    };
    for (unsigned i = 0; i < sizeof types / sizeof types[0]; i++)
        hs_emit_define(HS_DEFINE_TYPE, types[i].id, types[i].name);
}

static void note(uint16_t level, const char *fmt, const char *a, const char *b)
{
    char text[256];
    snprintf(text, sizeof text, fmt, a, b);
    hs_emit_note(level, text);
}

/* Announces the API ids and finds each function's address in its DLL. */
static void resolve(hs_gui_fn *fns, unsigned n, HMODULE dll, uint16_t base, const char *dll_name)
{
    for (unsigned i = 0; i < n; i++) {
        fns[i].api = (uint16_t)(base + i);
        hs_emit_define(HS_DEFINE_API, fns[i].api, fns[i].name);
        *fns[i].real = dll ? (void *)GetProcAddress(dll, fns[i].name) : NULL;
        if (dll && !*fns[i].real) note(HS_NOTE_WARNING, "unhookable: %s (not exported by %s)", fns[i].name, dll_name);
    }
}

static const hs_gui_fn *find(const hs_gui_fn *fns, unsigned n, const char *name)
{
    for (unsigned i = 0; i < n; i++)
        if (*fns[i].real && strcmp(fns[i].name, name) == 0) return &fns[i];
    return NULL;
}

static int known_slot(void **at)
{
    for (unsigned i = 0; i < g_nslots; i++) if (g_slots[i].at == at) return 1;
    return 0;
}

static int starts_with_ci(const char *s, const char *prefix)
{
    return _strnicmp(s, prefix, strlen(prefix)) == 0;
}

/* Collects the slots of one module's import table that import a hooked function. */
static void scan_imports(uint8_t *base)
{
    const IMAGE_DOS_HEADER *dos = (const IMAGE_DOS_HEADER *)base;
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) return;
    const IMAGE_NT_HEADERS *nt = (const IMAGE_NT_HEADERS *)(base + dos->e_lfanew);
    if (nt->Signature != IMAGE_NT_SIGNATURE) return;
    const IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    if (!dir->VirtualAddress || !dir->Size) return;
    int counted = 0;
    for (const IMAGE_IMPORT_DESCRIPTOR *imp = (const IMAGE_IMPORT_DESCRIPTOR *)(base + dir->VirtualAddress);
         imp->Name; imp++) {
        const char *dll = (const char *)(base + imp->Name);
        /* api-ms-win-* / ext-ms-win-* api sets may carry either DLL's functions */
        int api_set = starts_with_ci(dll, "api-ms-win-") || starts_with_ci(dll, "ext-ms-win-");
        int gdi = api_set || _stricmp(dll, "gdi32.dll") == 0;
        int user = api_set || _stricmp(dll, "user32.dll") == 0;
        int loader = api_set || _stricmp(dll, "kernel32.dll") == 0 || _stricmp(dll, "kernelbase.dll") == 0;
        /* without the name table (an old bound import) the slots cannot be named */
        if ((!gdi && !user && !loader) || !imp->OriginalFirstThunk || !imp->FirstThunk) continue;
        const IMAGE_THUNK_DATA *names = (const IMAGE_THUNK_DATA *)(base + imp->OriginalFirstThunk);
        IMAGE_THUNK_DATA *iat = (IMAGE_THUNK_DATA *)(base + imp->FirstThunk);
        for (unsigned i = 0; names[i].u1.AddressOfData; i++) {
            if (IMAGE_SNAP_BY_ORDINAL(names[i].u1.Ordinal)) continue;
            const char *name = (const char *)((const IMAGE_IMPORT_BY_NAME *)(base + names[i].u1.AddressOfData))->Name;
            const hs_gui_fn *fn = gdi ? find(hs_gdi_fns, hs_gdi_fn_count, name) : NULL;
            if (!fn && user) fn = find(hs_user_fns, hs_user_fn_count, name);
            if (!fn && loader) fn = find(g_loader_fns, LOADER_FN_COUNT, name);
            if (!fn || (void *)iat[i].u1.Function == fn->hook || known_slot((void **)&iat[i].u1.Function)) continue;
            if (g_nslots == MAX_SLOTS) { g_overflow = 1; return; }
            g_slots[g_nslots].at = (void **)&iat[i].u1.Function;
            g_slots[g_nslots].original = (void *)iat[i].u1.Function;
            g_slots[g_nslots].fn = fn;
            g_nslots++;
            if (!counted) { g_nmodules++; counted = 1; }
        }
    }
}

/* The program's modules: not those of the Windows directory (system DLLs
 * make and free their own objects; comctl32 from WinSxS is among them) and
 * not this DLL. */
static void scan_modules(void)
{
    WCHAR windir[MAX_PATH];
    UINT wlen = GetWindowsDirectoryW(windir, MAX_PATH);
    HMODULE self = NULL;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       (LPCWSTR)(void *)scan_modules, &self);
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    if (snap == INVALID_HANDLE_VALUE) {
        hs_emit_note(HS_NOTE_WARNING, "GDI and USER objects not tracked: the module list is unavailable");
        return;
    }
    MODULEENTRY32W me;
    me.dwSize = sizeof me;
    for (BOOL ok = Module32FirstW(snap, &me); ok; ok = Module32NextW(snap, &me)) {
        if (me.hModule == self) continue;
        if (wlen && wlen < MAX_PATH && _wcsnicmp(me.szExePath, windir, wlen) == 0 && me.szExePath[wlen] == L'\\') continue;
        scan_imports(me.modBaseAddr);
    }
    CloseHandle(snap);
}

void hs_gui_prepare(void)
{
    if (g_installed) return;
    g_nslots = g_nmodules = 0;
    g_overflow = 0;
    define_types();
    hs_emit_define(HS_DEFINE_API, HS_GUI_API_THREAD_EXIT, "thread exit (its windows destroyed with it)");
    HMODULE gdi32 = GetModuleHandleW(L"gdi32.dll"), user32 = GetModuleHandleW(L"user32.dll");
    resolve(hs_gdi_fns, hs_gdi_fn_count, gdi32, HS_GUI_API_GDI_BASE, "gdi32.dll");
    resolve(hs_user_fns, hs_user_fn_count, user32, HS_GUI_API_USER_BASE, "user32.dll");
    real_GetProcAddress = GetProcAddress;
    real_LoadLibraryA = LoadLibraryA;
    real_LoadLibraryW = LoadLibraryW;
    real_LoadLibraryExA = LoadLibraryExA;
    real_LoadLibraryExW = LoadLibraryExW;
    if (!gdi32) hs_emit_note(HS_NOTE_INFO, "GDI objects not tracked: the program had not loaded gdi32.dll when the hooks were installed");
    if (!user32) hs_emit_note(HS_NOTE_INFO, "USER objects not tracked: the program had not loaded user32.dll when the hooks were installed");
    if (user32 && !hs_user_bind(user32)) {
        hs_emit_note(HS_NOTE_WARNING, "USER objects not tracked: user32.dll lacks a function the hooks need");
        for (unsigned i = 0; i < hs_user_fn_count; i++) *hs_user_fns[i].real = NULL;
    }
    if (gdi32 || user32) scan_modules();
    if (g_overflow) hs_emit_note(HS_NOTE_WARNING, "GDI/USER hooks: more import slots than HandleSpy patches; some calls are not seen");
}

/* Restores a slot only where it still holds the hook: the module may have
 * been unloaded, its memory reused. */
static int slot_holds_hook(const slot *s)
{
    MEMORY_BASIC_INFORMATION mbi;
    if (!VirtualQuery(s->at, &mbi, sizeof mbi) || mbi.State != MEM_COMMIT || mbi.Type != MEM_IMAGE) return 0;
    return *(void *volatile *)s->at == s->fn->hook;
}

static int write_slot(const slot *s, int install)
{
    DWORD old;
    if (!install && !slot_holds_hook(s)) return 0;
    if (!VirtualProtect(s->at, sizeof *s->at, PAGE_READWRITE, &old)) {
        char err[16];
        snprintf(err, sizeof err, "%lu", (unsigned long)GetLastError());
        if (install) note(HS_NOTE_WARNING, "unhookable: %s (import slot not writable: error %s)", s->fn->name, err);
        return 0;
    }
    InterlockedExchangePointer(s->at, install ? s->fn->hook : s->original);
    VirtualProtect(s->at, sizeof *s->at, old, &old);
    return 1;
}

/* Patches the slots of modules loaded since the last scan. Never waits: a
 * thread that finds another scanning leaves it a request to scan again. */
static __declspec(noinline) void rescan(void)
{
    if (!g_installed || !hs_record_active()) return;
    InterlockedExchange(&g_again, 1);
    while (g_again) {
        if (InterlockedCompareExchange(&g_scanning, 1, 0) != 0) return;
        InterlockedExchange(&g_again, 0);
        if (hs_guard_enter()) {
            unsigned from = g_nslots, modules = g_nmodules;
            if (g_installed) scan_modules();
            for (unsigned i = from; i < g_nslots; i++) write_slot(&g_slots[i], 1);
            if (g_nmodules > modules) {
                char text[128];
                snprintf(text, sizeof text, "GDI/USER hooks: %u import slots patched in %u modules loaded since",
                         g_nslots - from, g_nmodules - modules);
                hs_emit_note(HS_NOTE_INFO, text);
            }
            hs_guard_leave();
        }
        InterlockedExchange(&g_scanning, 0);
    }
}

void hs_gui_commit(int install)
{
    if (install == g_installed) return;
    while (InterlockedCompareExchange(&g_scanning, 1, 0) != 0) Sleep(1);
    unsigned done = 0;
    for (unsigned i = 0; i < g_nslots; i++) done += (unsigned)write_slot(&g_slots[i], install);
    FlushInstructionCache(GetCurrentProcess(), NULL, 0);
    InterlockedExchange(&g_installed, install);
    InterlockedExchange(&g_scanning, 0);
    if (install) {
        char text[256];
        snprintf(text, sizeof text,
                 "GDI/USER hooks installed: %u import slots in %u modules (modules the program loads later are "
                 "patched when LoadLibrary returns)", done, g_nmodules);
        hs_emit_note(HS_NOTE_INFO, text);
    }
}
