/* Hooks on the user32 functions that create and destroy USER objects (and the
 * window DCs, which are GDI objects). DestroyWindow and DestroyMenu also close
 * what they destroy implicitly: child and owned windows, the windows' menus,
 * submenus. */
#include "hs_gui.h"

#define USER_FNS(X) \
    X(CreateWindowExA) X(CreateWindowExW) X(CreateDialogParamA) X(CreateDialogParamW) \
    X(CreateDialogIndirectParamA) X(CreateDialogIndirectParamW) X(DestroyWindow) \
    X(DefWindowProcA) X(DefWindowProcW) \
    X(CreateMenu) X(CreatePopupMenu) X(LoadMenuA) X(LoadMenuW) X(LoadMenuIndirectA) X(LoadMenuIndirectW) \
    X(DestroyMenu) \
    X(CreateIcon) X(CreateCursor) X(CreateIconIndirect) X(CreateIconFromResource) X(CreateIconFromResourceEx) \
    X(CopyIcon) X(LoadCursorFromFileA) X(LoadCursorFromFileW) X(LoadImageA) X(LoadImageW) X(CopyImage) \
    X(DestroyIcon) X(DestroyCursor) \
    X(CreateAcceleratorTableA) X(CreateAcceleratorTableW) X(DestroyAcceleratorTable) \
    X(SetWindowsHookExA) X(SetWindowsHookExW) X(UnhookWindowsHookEx) X(SetWinEventHook) X(UnhookWinEvent) \
    X(BeginDeferWindowPos) X(DeferWindowPos) X(EndDeferWindowPos) \
    X(GetDC) X(GetDCEx) X(GetWindowDC) X(ReleaseDC) X(SetWindowRgn) X(LoadBitmapA) X(LoadBitmapW)

#define IX(n) IX_##n,
enum { USER_FNS(IX) USER_FN_COUNT };
#undef IX

#define REAL(n) static __typeof__(&n) real_##n;
USER_FNS(REAL)
#undef REAL

#define API(n) (hs_user_fns[IX_##n].api)
#define TAG HS_HANDLE_TAG_USER

/* helpers, resolved with GetProcAddress: the hook DLL does not import user32,
 * which would load it into console programs */
static __typeof__(&EnumChildWindows) p_EnumChildWindows;
static __typeof__(&EnumThreadWindows) p_EnumThreadWindows;
static __typeof__(&GetWindow) p_GetWindow;
static __typeof__(&GetWindowThreadProcessId) p_GetWindowThreadProcessId;
static __typeof__(&GetWindowLongW) p_GetWindowLongW;
static __typeof__(&GetMenu) p_GetMenu;
static __typeof__(&GetSubMenu) p_GetSubMenu;
static __typeof__(&GetMenuItemCount) p_GetMenuItemCount;
static __typeof__(&IsWindow) p_IsWindow;
static __typeof__(&IsMenu) p_IsMenu;
static __typeof__(&GetClassLongW) p_GetClassLongW;

HS_GUI_CREATOR(HWND, CreateWindowExA, HS_TYPE_USER_WINDOW,
        (DWORD a, LPCSTR b, LPCSTR c, DWORD d, int e, int f, int g, int h_, HWND i, HMENU j, HINSTANCE k, LPVOID l),
        (a, b, c, d, e, f, g, h_, i, j, k, l))
HS_GUI_CREATOR(HWND, CreateWindowExW, HS_TYPE_USER_WINDOW,
        (DWORD a, LPCWSTR b, LPCWSTR c, DWORD d, int e, int f, int g, int h_, HWND i, HMENU j, HINSTANCE k, LPVOID l),
        (a, b, c, d, e, f, g, h_, i, j, k, l))
HS_GUI_CREATOR(HWND, CreateDialogParamA, HS_TYPE_USER_WINDOW, (HINSTANCE a, LPCSTR b, HWND c, DLGPROC d, LPARAM e),
        (a, b, c, d, e))
HS_GUI_CREATOR(HWND, CreateDialogParamW, HS_TYPE_USER_WINDOW, (HINSTANCE a, LPCWSTR b, HWND c, DLGPROC d, LPARAM e),
        (a, b, c, d, e))
HS_GUI_CREATOR(HWND, CreateDialogIndirectParamA, HS_TYPE_USER_WINDOW,
        (HINSTANCE a, LPCDLGTEMPLATEA b, HWND c, DLGPROC d, LPARAM e), (a, b, c, d, e))
HS_GUI_CREATOR(HWND, CreateDialogIndirectParamW, HS_TYPE_USER_WINDOW,
        (HINSTANCE a, LPCDLGTEMPLATEW b, HWND c, DLGPROC d, LPARAM e), (a, b, c, d, e))
HS_GUI_CREATOR(HMENU, CreateMenu, HS_TYPE_USER_MENU, (void), ())
HS_GUI_CREATOR(HMENU, CreatePopupMenu, HS_TYPE_USER_MENU, (void), ())
HS_GUI_CREATOR(HMENU, LoadMenuA, HS_TYPE_USER_MENU, (HINSTANCE a, LPCSTR b), (a, b))
HS_GUI_CREATOR(HMENU, LoadMenuW, HS_TYPE_USER_MENU, (HINSTANCE a, LPCWSTR b), (a, b))
HS_GUI_CREATOR(HMENU, LoadMenuIndirectA, HS_TYPE_USER_MENU, (const MENUTEMPLATEA *a), (a))
HS_GUI_CREATOR(HMENU, LoadMenuIndirectW, HS_TYPE_USER_MENU, (const MENUTEMPLATEW *a), (a))
HS_GUI_CREATOR(HICON, CreateIcon, HS_TYPE_USER_ICON, (HINSTANCE a, int b, int c, BYTE d, BYTE e, const BYTE *f, const BYTE *g),
        (a, b, c, d, e, f, g))
HS_GUI_CREATOR(HCURSOR, CreateCursor, HS_TYPE_USER_CURSOR,
        (HINSTANCE a, int b, int c, int d, int e, const void *f, const void *g), (a, b, c, d, e, f, g))
HS_GUI_CREATOR(HICON, CopyIcon, HS_TYPE_USER_ICON, (HICON a), (a))
/* unlike LoadCursor, a cursor from a file is not shared: the caller destroys it */
HS_GUI_CREATOR(HCURSOR, LoadCursorFromFileA, HS_TYPE_USER_CURSOR, (LPCSTR a), (a))
HS_GUI_CREATOR(HCURSOR, LoadCursorFromFileW, HS_TYPE_USER_CURSOR, (LPCWSTR a), (a))
HS_GUI_CREATOR(HACCEL, CreateAcceleratorTableA, HS_TYPE_USER_ACCELERATOR_TABLE, (LPACCEL a, int b), (a, b))
HS_GUI_CREATOR(HACCEL, CreateAcceleratorTableW, HS_TYPE_USER_ACCELERATOR_TABLE, (LPACCEL a, int b), (a, b))
HS_GUI_CREATOR(HHOOK, SetWindowsHookExA, HS_TYPE_USER_HOOK, (int a, HOOKPROC b, HINSTANCE c, DWORD d), (a, b, c, d))
HS_GUI_CREATOR(HHOOK, SetWindowsHookExW, HS_TYPE_USER_HOOK, (int a, HOOKPROC b, HINSTANCE c, DWORD d), (a, b, c, d))
HS_GUI_CREATOR(HWINEVENTHOOK, SetWinEventHook, HS_TYPE_USER_WIN_EVENT_HOOK,
        (DWORD a, DWORD b, HMODULE c, WINEVENTPROC d, DWORD e, DWORD f, DWORD g), (a, b, c, d, e, f, g))
HS_GUI_CREATOR(HDWP, BeginDeferWindowPos, HS_TYPE_USER_DEFER_WINDOW_POS, (int a), (a))

HS_GUI_DELETER(DestroyIcon, HICON)
HS_GUI_DELETER(DestroyCursor, HCURSOR)
HS_GUI_DELETER(DestroyAcceleratorTable, HACCEL)
HS_GUI_DELETER(UnhookWindowsHookEx, HHOOK)
HS_GUI_DELETER(UnhookWinEvent, HWINEVENTHOOK)

static __declspec(noinline) HICON WINAPI hook_CreateIconIndirect(PICONINFO info)
{
    HICON h = real_CreateIconIndirect(info);
    hs_gui_created(TAG, h, info && !info->fIcon ? HS_TYPE_USER_CURSOR : HS_TYPE_USER_ICON, API(CreateIconIndirect), 1);
    return h;
}

static __declspec(noinline) HICON WINAPI hook_CreateIconFromResource(PBYTE bits, DWORD size, BOOL icon, DWORD ver)
{
    HICON h = real_CreateIconFromResource(bits, size, icon, ver);
    hs_gui_created(TAG, h, icon ? HS_TYPE_USER_ICON : HS_TYPE_USER_CURSOR, API(CreateIconFromResource), 1);
    return h;
}

static __declspec(noinline) HICON WINAPI hook_CreateIconFromResourceEx(PBYTE bits, DWORD size, BOOL icon, DWORD ver,
                                                                       int cx, int cy, UINT flags)
{
    HICON h = real_CreateIconFromResourceEx(bits, size, icon, ver, cx, cy, flags);
    if (!(flags & LR_SHARED))
        hs_gui_created(TAG, h, icon ? HS_TYPE_USER_ICON : HS_TYPE_USER_CURSOR, API(CreateIconFromResourceEx), 1);
    return h;
}

/* The tag and type of an image LoadImage or CopyImage returns. */
static uint64_t image_kind(UINT type, UINT flags, uint16_t *ty)
{
    switch (type) {
    case IMAGE_BITMAP:
        *ty = flags & LR_CREATEDIBSECTION ? HS_TYPE_GDI_DIB_SECTION : HS_TYPE_GDI_BITMAP;
        return HS_HANDLE_TAG_GDI;
    case IMAGE_CURSOR: *ty = HS_TYPE_USER_CURSOR; return TAG;
    case IMAGE_ICON: *ty = HS_TYPE_USER_ICON; return TAG;
    default: return 0;
    }
}

/* LR_SHARED images belong to the system (like LoadIcon and LoadCursor, which
 * are not hooked): they are not the caller's to destroy, so never leaks. */
static __declspec(noinline) HANDLE WINAPI hook_LoadImageA(HINSTANCE inst, LPCSTR name, UINT type, int cx, int cy, UINT flags)
{
    HANDLE h = real_LoadImageA(inst, name, type, cx, cy, flags);
    uint16_t ty;
    uint64_t tag = image_kind(type, flags, &ty);
    if (tag && !(flags & LR_SHARED)) hs_gui_created(tag, h, ty, API(LoadImageA), 1);
    return h;
}

static __declspec(noinline) HANDLE WINAPI hook_LoadImageW(HINSTANCE inst, LPCWSTR name, UINT type, int cx, int cy, UINT flags)
{
    HANDLE h = real_LoadImageW(inst, name, type, cx, cy, flags);
    uint16_t ty;
    uint64_t tag = image_kind(type, flags, &ty);
    if (tag && !(flags & LR_SHARED)) hs_gui_created(tag, h, ty, API(LoadImageW), 1);
    return h;
}

static __declspec(noinline) HANDLE WINAPI hook_CopyImage(HANDLE src, UINT type, int cx, int cy, UINT flags)
{
    HANDLE h = real_CopyImage(src, type, cx, cy, flags);
    uint16_t ty;
    uint64_t tag = image_kind(type, flags, &ty);
    if (tag && h && h != src) {
        if (flags & LR_COPYDELETEORG) hs_gui_closed(tag, src, API(CopyImage), 1);
        hs_gui_created(tag, h, ty, API(CopyImage), 1);
    }
    return h;
}

/* DeferWindowPos may move the structure: the old handle is gone, a new one is returned. */
static __declspec(noinline) HDWP WINAPI hook_DeferWindowPos(HDWP d, HWND w, HWND after, int x, int y, int cx, int cy, UINT f)
{
    HDWP n = real_DeferWindowPos(d, w, after, x, y, cx, cy, f);
    if (n && n != d) {
        hs_gui_closed(TAG, d, API(DeferWindowPos), 1);
        hs_gui_created(TAG, n, HS_TYPE_USER_DEFER_WINDOW_POS, API(DeferWindowPos), 1);
    }
    return n;
}

/* The structure is freed whether or not the windows could be moved. */
static __declspec(noinline) BOOL WINAPI hook_EndDeferWindowPos(HDWP d)
{
    BOOL ok = real_EndDeferWindowPos(d);
    hs_gui_closed(TAG, d, API(EndDeferWindowPos), 1);
    return ok;
}

/* user32 loads bitmaps, gdi32 owns them: the caller deletes them with DeleteObject */
static __declspec(noinline) HBITMAP WINAPI hook_LoadBitmapA(HINSTANCE inst, LPCSTR name)
{
    HBITMAP b = real_LoadBitmapA(inst, name);
    hs_gui_created(HS_HANDLE_TAG_GDI, b, HS_TYPE_GDI_BITMAP, API(LoadBitmapA), 1);
    return b;
}

static __declspec(noinline) HBITMAP WINAPI hook_LoadBitmapW(HINSTANCE inst, LPCWSTR name)
{
    HBITMAP b = real_LoadBitmapW(inst, name);
    hs_gui_created(HS_HANDLE_TAG_GDI, b, HS_TYPE_GDI_BITMAP, API(LoadBitmapW), 1);
    return b;
}

/* A window of a CS_OWNDC or CS_CLASSDC class has one DC for its life (or its
 * class's): GetDC returns it every time, ReleaseDC does nothing, and the
 * system frees it with the window. It is no object of the caller's. */
static int private_dc(HWND w)
{
    return w && (p_GetClassLongW(w, GCL_STYLE) & (CS_OWNDC | CS_CLASSDC));
}

static __declspec(noinline) HDC WINAPI hook_GetDC(HWND w)
{
    HDC dc = real_GetDC(w);
    if (!private_dc(w)) hs_gui_created(HS_HANDLE_TAG_GDI, dc, HS_TYPE_GDI_DC, API(GetDC), 1);
    return dc;
}

static __declspec(noinline) HDC WINAPI hook_GetWindowDC(HWND w)
{
    HDC dc = real_GetWindowDC(w);
    hs_gui_created(HS_HANDLE_TAG_GDI, dc, HS_TYPE_GDI_DC, API(GetWindowDC), 1);
    return dc;
}

/* With DCX_INTERSECTRGN or DCX_EXCLUDERGN the system takes the region and deletes it. */
static __declspec(noinline) HDC WINAPI hook_GetDCEx(HWND w, HRGN clip, DWORD flags)
{
    HDC dc = real_GetDCEx(w, clip, flags);
    if (dc && clip && (flags & (DCX_INTERSECTRGN | DCX_EXCLUDERGN)))
        hs_gui_closed(HS_HANDLE_TAG_GDI, clip, API(GetDCEx), 1);
    if ((flags & DCX_CACHE) || !private_dc(w))
        hs_gui_created(HS_HANDLE_TAG_GDI, dc, HS_TYPE_GDI_DC, API(GetDCEx), 1);
    return dc;
}

static __declspec(noinline) int WINAPI hook_ReleaseDC(HWND w, HDC dc)
{
    int ok = real_ReleaseDC(w, dc);
    if (ok == 1) hs_gui_closed(HS_HANDLE_TAG_GDI, dc, API(ReleaseDC), 1);
    return ok;
}

/* After a successful SetWindowRgn the region belongs to the system. */
static __declspec(noinline) int WINAPI hook_SetWindowRgn(HWND w, HRGN rgn, BOOL redraw)
{
    int ok = real_SetWindowRgn(w, rgn, redraw);
    if (ok && rgn) hs_gui_closed(HS_HANDLE_TAG_GDI, rgn, API(SetWindowRgn), 1);
    return ok;
}

/* What one DestroyWindow or DestroyMenu destroys, found before the call and
 * closed after it for each object that is gone then. Fixed arrays on the
 * caller's stack: no allocation in a hook. */
#define MAX_WINDOWS 512
#define MAX_MENUS 256
typedef struct doomed {
    HWND win[MAX_WINDOWS];
    HMENU menu[MAX_MENUS];
    unsigned nwin, nmenu;
    int overflow;
} doomed;

static int has_window(const doomed *d, HWND w)
{
    for (unsigned i = 0; i < d->nwin; i++) if (d->win[i] == w) return 1;
    return 0;
}

static void add_window(doomed *d, HWND w)
{
    if (has_window(d, w)) return;
    if (d->nwin == MAX_WINDOWS) { d->overflow = 1; return; }
    d->win[d->nwin++] = w;
}

static void add_menu_tree(doomed *d, HMENU m, unsigned depth)
{
    if (!m || depth > 16 || !p_IsMenu(m)) return;
    for (unsigned i = 0; i < d->nmenu; i++) if (d->menu[i] == m) return;
    if (d->nmenu == MAX_MENUS) { d->overflow = 1; return; }
    d->menu[d->nmenu++] = m;
    int n = p_GetMenuItemCount(m);
    for (int i = 0; i < n; i++) add_menu_tree(d, p_GetSubMenu(m, i), depth + 1);
}

static BOOL CALLBACK add_child(HWND w, LPARAM p)
{
    add_window((doomed *)p, w);
    return TRUE;
}

typedef struct owned_scan { doomed *d; int grew; } owned_scan;

static BOOL CALLBACK add_owned(HWND w, LPARAM p)
{
    owned_scan *s = (owned_scan *)p;
    HWND owner = p_GetWindow(w, GW_OWNER);
    if (owner && !has_window(s->d, w) && has_window(s->d, owner)) {
        add_window(s->d, w);
        p_EnumChildWindows(w, add_child, (LPARAM)s->d);
        s->grew = 1;
    }
    return TRUE;
}

/* The window, its descendants (EnumChildWindows walks them all), the windows
 * it owns (top-level windows of its thread, transitively) and their menus. */
static void collect_window(doomed *d, HWND w)
{
    add_window(d, w);
    p_EnumChildWindows(w, add_child, (LPARAM)d);
    DWORD tid = p_GetWindowThreadProcessId(w, NULL);
    owned_scan s = { d, 1 };
    for (int pass = 0; s.grew && pass < 8; pass++) {
        s.grew = 0;
        p_EnumThreadWindows(tid, add_owned, (LPARAM)&s);
    }
    for (unsigned i = 0; i < d->nwin; i++)
        if (!(p_GetWindowLongW(d->win[i], GWL_STYLE) & WS_CHILD)) add_menu_tree(d, p_GetMenu(d->win[i]), 0);
}

static void close_gone(const doomed *d, uint16_t api, uint32_t skip)
{
    for (unsigned i = 0; i < d->nwin; i++)
        if (!p_IsWindow(d->win[i])) hs_gui_closed(TAG, d->win[i], api, skip + 1);
    for (unsigned i = 0; i < d->nmenu; i++)
        if (!p_IsMenu(d->menu[i])) hs_gui_closed(TAG, d->menu[i], api, skip + 1);
    if (d->overflow && hs_guard_enter()) {
        hs_emit_note(HS_NOTE_WARNING, "a destroyed window or menu had more descendants than HandleSpy follows: some are shown as leaks");
        hs_guard_leave();
    }
}

static BOOL CALLBACK add_top(HWND w, LPARAM p)
{
    add_window((doomed *)p, w);
    p_EnumChildWindows(w, add_child, p);
    return TRUE;
}

/* Runs under the loader lock (DLL_THREAD_DETACH), before user32's own detach
 * destroys the thread's windows: enumerates them, records no frames but
 * closes, loads nothing. */
void hs_gui_thread_exit(void)
{
    if (!p_EnumThreadWindows || !hs_record_active() || !hs_guard_enter()) return;
    doomed d;
    d.nwin = d.nmenu = 0;
    d.overflow = 0;
    p_EnumThreadWindows(GetCurrentThreadId(), add_top, (LPARAM)&d);
    for (unsigned i = 0; i < d.nwin; i++)
        if (!(p_GetWindowLongW(d.win[i], GWL_STYLE) & WS_CHILD)) add_menu_tree(&d, p_GetMenu(d.win[i]), 0);
    hs_guard_leave();
    for (unsigned i = 0; i < d.nwin; i++) hs_gui_closed(TAG, d.win[i], HS_GUI_API_THREAD_EXIT, 1);
    for (unsigned i = 0; i < d.nmenu; i++) hs_gui_closed(TAG, d.menu[i], HS_GUI_API_THREAD_EXIT, 1);
}

/* The collection runs under the guard (its enumeration calls nothing we
 * record); the real call does not: WM_DESTROY handlers' deletes are the
 * program's own and must be seen. */
static __declspec(noinline) BOOL destroy_window(HWND w, uint16_t api, uint32_t skip)
{
    doomed d;
    d.nwin = d.nmenu = 0;
    d.overflow = 0;
    int tracking = hs_record_active() && hs_guard_enter();
    if (tracking) {
        collect_window(&d, w);
        hs_guard_leave();
    }
    BOOL ok = real_DestroyWindow(w);
    if (tracking && ok) close_gone(&d, api, skip + 1);
    return ok;
}

static __declspec(noinline) BOOL WINAPI hook_DestroyWindow(HWND w)
{
    return destroy_window(w, API(DestroyWindow), 1);
}

/* DefWindowProc answers WM_CLOSE with DestroyWindow from inside user32, where
 * no import table is patched: that destroy is made here instead. */
static __declspec(noinline) LRESULT WINAPI hook_DefWindowProcA(HWND w, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_CLOSE) {
        destroy_window(w, API(DefWindowProcA), 1);
        return 0;
    }
    return real_DefWindowProcA(w, msg, wp, lp);
}

static __declspec(noinline) LRESULT WINAPI hook_DefWindowProcW(HWND w, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_CLOSE) {
        destroy_window(w, API(DefWindowProcW), 1);
        return 0;
    }
    return real_DefWindowProcW(w, msg, wp, lp);
}

/* A menu is destroyed with its submenus. */
static __declspec(noinline) BOOL WINAPI hook_DestroyMenu(HMENU m)
{
    doomed d;
    d.nwin = d.nmenu = 0;
    d.overflow = 0;
    int tracking = hs_record_active() && hs_guard_enter();
    if (tracking) {
        add_menu_tree(&d, m, 0);
        hs_guard_leave();
    }
    BOOL ok = real_DestroyMenu(m);
    if (tracking && ok) close_gone(&d, API(DestroyMenu), 1);
    return ok;
}

#define ENTRY(n) { #n, (void *)hook_##n, (void **)&real_##n, 0 },
hs_gui_fn hs_user_fns[] = { USER_FNS(ENTRY) };
#undef ENTRY
const unsigned hs_user_fn_count = USER_FN_COUNT;
_Static_assert(sizeof hs_user_fns / sizeof hs_user_fns[0] == USER_FN_COUNT, "one entry per function");

#define RESOLVE(n) (p_##n = (__typeof__(p_##n))(void *)GetProcAddress(user32, #n)) != NULL
int hs_user_bind(HMODULE user32)
{
    return RESOLVE(EnumChildWindows) && RESOLVE(EnumThreadWindows) && RESOLVE(GetWindow) &&
           RESOLVE(GetWindowThreadProcessId) && RESOLVE(GetWindowLongW) && RESOLVE(GetMenu) && RESOLVE(GetSubMenu) &&
           RESOLVE(GetMenuItemCount) && RESOLVE(IsWindow) && RESOLVE(IsMenu) && RESOLVE(GetClassLongW);
}
