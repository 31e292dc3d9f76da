/* Leaks known numbers of GDI and USER objects from named functions, beside
 * balanced paths that free everything (explicitly or implicitly: child and
 * owned windows with their parent, menus with their window or parent menu,
 * a window closed through DefWindowProc) and a thread churning GDI objects.
 * The Wine tests launch it or attach to it and assert the exact counts.
 *
 * usage: win-gdi.exe [--go PATH] [--hold PATH]
 *   prints "pid N"; with --go waits for PATH to exist before leaking; prints
 *   "leaked"; with --hold waits for PATH to exist before exiting; exits 3. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#define NOINLINE __declspec(noinline)

static const wchar_t k_class[] = L"HandleSpyGdiTest";
static const wchar_t k_own_dc_class[] = L"HandleSpyGdiOwnDc";
static volatile LONG g_stop_churn;

static void wait_for(const wchar_t *path)
{
    while (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) Sleep(20);
}

static LRESULT CALLBACK window_proc(HWND w, UINT msg, WPARAM wp, LPARAM lp)
{
    return DefWindowProcW(w, msg, wp, lp);
}

static LRESULT CALLBACK hook_proc(int code, WPARAM wp, LPARAM lp)
{
    return CallNextHookEx(NULL, code, wp, lp);
}

static HWND top_window(HWND owner)
{
    return CreateWindowExW(0, k_class, L"top", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, owner, NULL,
                           GetModuleHandleW(NULL), NULL);
}

static HWND child_window(HWND parent, int id)
{
    return CreateWindowExW(0, k_class, L"child", WS_CHILD | WS_VISIBLE, 0, 0, 50, 20, parent, (HMENU)(INT_PTR)id,
                           GetModuleHandleW(NULL), NULL);
}

static HFONT make_font(void)
{
    LOGFONTW lf;
    memset(&lf, 0, sizeof lf);
    lf.lfHeight = -12;
    wcscpy(lf.lfFaceName, L"Tahoma");
    return CreateFontIndirectW(&lf);
}

static HBITMAP make_dib_section(void)
{
    BITMAPINFO bi;
    void *bits;
    memset(&bi, 0, sizeof bi);
    bi.bmiHeader.biSize = sizeof bi.bmiHeader;
    bi.bmiHeader.biWidth = 16;
    bi.bmiHeader.biHeight = 16;
    bi.bmiHeader.biPlanes = 1;
    bi.bmiHeader.biBitCount = 32;
    bi.bmiHeader.biCompression = BI_RGB;
    return CreateDIBSection(NULL, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
}

static HPALETTE make_palette(void)
{
    struct { WORD version, count; PALETTEENTRY e[2]; } lp = { 0x300, 2, { { 0, 0, 0, 0 }, { 255, 255, 255, 0 } } };
    return CreatePalette((LOGPALETTE *)&lp);
}

static HPEN make_ext_pen(void)
{
    LOGBRUSH lb = { BS_SOLID, RGB(1, 2, 3), 0 };
    return ExtCreatePen(PS_GEOMETRIC | PS_SOLID, 3, &lb, 0, NULL);
}

/* The mask and colour bitmaps are copied into the icon and deleted here. */
static HICON make_icon(BOOL icon)
{
    HBITMAP mask = CreateBitmap(16, 16, 1, 1, NULL), color = CreateBitmap(16, 16, 1, 32, NULL);
    ICONINFO ii = { icon, 0, 0, mask, color };
    HICON h = CreateIconIndirect(&ii);
    DeleteObject(mask);
    DeleteObject(color);
    return h;
}

static HACCEL make_accelerators(void)
{
    ACCEL a[2] = { { FVIRTKEY | FCONTROL, 'A', 100 }, { FVIRTKEY, VK_F5, 101 } };
    return CreateAcceleratorTableW(a, 2);
}

NOINLINE void leak_bitmaps(int n) { for (int i = 0; i < n; i++) CreateBitmap(8, 8, 1, 32, NULL); }
NOINLINE void leak_dib_sections(int n)
{
    static const BITMAPINFO bi = { { sizeof(BITMAPINFOHEADER), 16, 16, 1, 32, BI_RGB, 0, 0, 0, 0, 0 }, { { 0, 0, 0, 0 } } };
    void *bits;
    for (int i = 0; i < n; i++) CreateDIBSection(NULL, &bi, DIB_RGB_COLORS, &bits, NULL, 0);
}

NOINLINE void leak_brushes(int n)
{
    for (int i = 0; i < n; i++) {
        if (i % 2) CreateHatchBrush(HS_CROSS, RGB(i, 0, 0));
        else CreateSolidBrush(RGB(0, i, 0));
    }
}

/* looked up by name, as plug-ins and late-bound code do */
NOINLINE void leak_dynamic_brushes(int n)
{
    typedef HBRUSH (WINAPI *create_brush_fn)(COLORREF);
    create_brush_fn create = (create_brush_fn)(void *)GetProcAddress(GetModuleHandleW(L"gdi32.dll"), "CreateSolidBrush");
    for (int i = 0; i < n; i++) create(RGB(i, i, 0));
}

/* a DLL loaded now, after the hooks went in, leaks from its own code */
NOINLINE void leak_plugin_regions(int n)
{
    typedef void (*plugin_fn)(int);
    HMODULE plugin = LoadLibraryW(L"win-gdi-plugin.dll");
    plugin_fn leak = plugin ? (plugin_fn)(void *)GetProcAddress(plugin, "plugin_leak_regions") : NULL;
    if (leak) leak(n);
    else printf("win-gdi-plugin.dll not loaded: %lu\n", (unsigned long)GetLastError());
}

NOINLINE void leak_pens(int n) { for (int i = 0; i < n; i++) CreatePen(PS_SOLID, 1, RGB(0, 0, i)); }
NOINLINE void leak_ext_pens(int n)
{
    LOGBRUSH lb = { BS_SOLID, RGB(1, 2, 3), 0 };
    for (int i = 0; i < n; i++) ExtCreatePen(PS_GEOMETRIC | PS_SOLID, 3, &lb, 0, NULL);
}
NOINLINE void leak_fonts(int n)
{
    for (int i = 0; i < n; i++)
        CreateFontW(-12 - i, 0, 0, 0, FW_NORMAL, 0, 0, 0, DEFAULT_CHARSET, 0, 0, 0, 0, L"Tahoma");
}

NOINLINE void leak_regions(int n)
{
    for (int i = 0; i < n; i++) {
        if (i % 2) CreateEllipticRgn(0, 0, 10 + i, 10);
        else CreateRectRgn(0, 0, 10 + i, 10);
    }
}

NOINLINE void leak_palettes(int n)
{
    struct { WORD version, count; PALETTEENTRY e[2]; } lp = { 0x300, 2, { { 0, 0, 0, 0 }, { 255, 255, 255, 0 } } };
    for (int i = 0; i < n; i++) CreatePalette((LOGPALETTE *)&lp);
}
NOINLINE void leak_dcs(int n) { for (int i = 0; i < n; i++) CreateCompatibleDC(NULL); }
NOINLINE void leak_window_dcs(HWND w) { GetDC(w); }

/* closing the metafile DC is balanced; the metafile it makes is the leak */
NOINLINE void leak_enh_metafiles(int n)
{
    for (int i = 0; i < n; i++) {
        HDC dc = CreateEnhMetaFileW(NULL, NULL, NULL, NULL);
        CloseEnhMetaFile(dc);
    }
}

NOINLINE void leak_windows(int n)
{
    for (int i = 0; i < n; i++)
        CreateWindowExW(0, k_class, L"leaked", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL, GetModuleHandleW(NULL), NULL);
}

NOINLINE void leak_menus(int n)
{
    for (int i = 0; i < n; i++) {
        if (i % 2) CreatePopupMenu();
        else CreateMenu();
    }
}

/* the bitmaps are copied into the icon and deleted: only the icon leaks */
NOINLINE void leak_icons(int n)
{
    for (int i = 0; i < n; i++) {
        HBITMAP mask = CreateBitmap(16, 16, 1, 1, NULL), color = CreateBitmap(16, 16, 1, 32, NULL);
        ICONINFO ii = { TRUE, 0, 0, mask, color };
        CreateIconIndirect(&ii);
        DeleteObject(mask);
        DeleteObject(color);
    }
}

NOINLINE void leak_cursors(int n)
{
    static const BYTE and_mask[128], xor_mask[128];
    for (int i = 0; i < n; i++) CreateCursor(GetModuleHandleW(NULL), 0, 0, 32, 32, and_mask, xor_mask);
}

NOINLINE void leak_accelerators(int n)
{
    ACCEL a[2] = { { FVIRTKEY | FCONTROL, 'A', 100 }, { FVIRTKEY, VK_F5, 101 } };
    for (int i = 0; i < n; i++) CreateAcceleratorTableW(a, 2);
}

NOINLINE void leak_hooks(int n)
{
    for (int i = 0; i < n; i++) SetWindowsHookExW(WH_GETMESSAGE, hook_proc, NULL, GetCurrentThreadId());
}

NOINLINE void leak_defer_window_pos(int n) { for (int i = 0; i < n; i++) BeginDeferWindowPos(2); }

/* Every type made and freed explicitly: nothing of it may show. */
NOINLINE void balanced_gdi(HWND w)
{
    DeleteObject(CreateBitmap(8, 8, 1, 32, NULL));
    DeleteObject(make_dib_section());
    DeleteObject(CreateSolidBrush(RGB(9, 9, 9)));
    DeleteObject(CreateHatchBrush(HS_BDIAGONAL, RGB(9, 9, 9)));
    DeleteObject(CreatePen(PS_DASH, 1, RGB(9, 9, 9)));
    DeleteObject(make_ext_pen());
    DeleteObject(make_font());
    DeleteObject(CreateRectRgn(0, 0, 5, 5));
    DeleteObject(make_palette());
    DeleteDC(CreateCompatibleDC(NULL));
    ReleaseDC(w, GetDC(w));
    DeleteEnhMetaFile(CloseEnhMetaFile(CreateEnhMetaFileW(NULL, NULL, NULL, NULL)));
    /* a region given to a window belongs to the system */
    SetWindowRgn(w, CreateRectRgn(0, 0, 100, 50), FALSE);
}

NOINLINE void balanced_user(void)
{
    DestroyWindow(top_window(NULL));
    DestroyMenu(CreateMenu());
    DestroyIcon(make_icon(TRUE));
    DestroyCursor(make_icon(FALSE));
    DestroyAcceleratorTable(make_accelerators());
    UnhookWindowsHookEx(SetWindowsHookExW(WH_CALLWNDPROC, hook_proc, NULL, GetCurrentThreadId()));
    HDWP d = BeginDeferWindowPos(1);
    EndDeferWindowPos(d);
    /* shared icons and cursors are the system's: never leaks */
    LoadIconW(NULL, (LPCWSTR)IDI_APPLICATION);
    LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    LoadImageW(NULL, (LPCWSTR)IDI_WARNING, IMAGE_ICON, 0, 0, LR_SHARED | LR_DEFAULTSIZE);
}

/* Destroying the parent destroys its children, the windows it owns, its
 * menu bar and the menu bar's submenus. */
NOINLINE void balanced_implicit(void)
{
    HWND parent = top_window(NULL);
    HWND child = child_window(parent, 1);
    child_window(parent, 2);
    child_window(child, 3);
    top_window(parent);
    HMENU bar = CreateMenu(), sub = CreatePopupMenu();
    AppendMenuW(sub, MF_STRING, 10, L"Item");
    AppendMenuW(bar, MF_POPUP, (UINT_PTR)sub, L"File");
    SetMenu(parent, bar);
    DestroyWindow(parent);

    HMENU tree = CreateMenu(), inner = CreatePopupMenu();
    AppendMenuW(tree, MF_POPUP, (UINT_PTR)inner, L"Sub");
    DestroyMenu(tree);
}

/* A CS_OWNDC window's DC is the window's: GetDC without ReleaseDC leaks nothing. */
NOINLINE void balanced_own_dc(void)
{
    HWND w = CreateWindowExW(0, k_own_dc_class, L"own dc", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL,
                             GetModuleHandleW(NULL), NULL);
    GetDC(w);
    GetDC(w);
    DestroyWindow(w);
}

/* A thread's windows die with it: its window, the child and the menu are no leaks. */
static DWORD WINAPI window_thread(LPVOID arg)
{
    (void)arg;
    HWND w = top_window(NULL);
    child_window(w, 1);
    SetMenu(w, CreateMenu());
    return 0;
}

NOINLINE void balanced_thread_windows(void)
{
    HANDLE t = CreateThread(NULL, 0, window_thread, NULL, 0, NULL);
    if (t) {
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
}

/* DefWindowProc answers WM_CLOSE by destroying the window (and its child). */
NOINLINE void balanced_close_message(void)
{
    HWND w = top_window(NULL);
    child_window(w, 1);
    SendMessageW(w, WM_CLOSE, 0, 0);
}

NOINLINE static void churn_once(void)
{
    HBRUSH b = CreateSolidBrush(RGB(1, 1, 1));
    HRGN r = CreateRectRgn(0, 0, 3, 3);
    HBITMAP m = CreateBitmap(4, 4, 1, 32, NULL);
    DeleteObject(m);
    DeleteObject(r);
    DeleteObject(b);
}

static DWORD WINAPI churn(LPVOID arg)
{
    (void)arg;
    while (!g_stop_churn) {
        churn_once();
        Sleep(1);
    }
    return 0;
}

int wmain(int argc, wchar_t **argv)
{
    const wchar_t *go = NULL, *hold = NULL;
    for (int i = 1; i + 1 < argc; i++) {
        if (!wcscmp(argv[i], L"--go")) go = argv[++i];
        else if (!wcscmp(argv[i], L"--hold")) hold = argv[++i];
    }
    WNDCLASSW wc;
    memset(&wc, 0, sizeof wc);
    wc.lpfnWndProc = window_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = k_class;
    WNDCLASSW own = wc;
    own.style = CS_OWNDC;
    own.lpszClassName = k_own_dc_class;
    if (!RegisterClassW(&wc) || !RegisterClassW(&own)) {
        printf("RegisterClass failed: %lu\n", (unsigned long)GetLastError());
        return 1;
    }
    printf("pid %lu\n", (unsigned long)GetCurrentProcessId());
    fflush(stdout);
    if (go) wait_for(go);

    HANDLE t = CreateThread(NULL, 0, churn, NULL, 0, NULL);
    /* the program's main window, open until exit: one Window leak in wmain */
    HWND main_window = CreateWindowExW(0, k_class, L"main", WS_OVERLAPPEDWINDOW, 0, 0, 200, 100, NULL, NULL,
                                       GetModuleHandleW(NULL), NULL);
    leak_bitmaps(3);
    leak_dib_sections(2);
    leak_brushes(4);
    leak_dynamic_brushes(2);
    leak_plugin_regions(2);
    leak_pens(2);
    leak_ext_pens(1);
    leak_fonts(3);
    leak_regions(5);
    leak_palettes(2);
    leak_dcs(2);
    leak_window_dcs(main_window);
    leak_enh_metafiles(2);
    leak_windows(2);
    leak_menus(3);
    leak_icons(2);
    leak_cursors(1);
    leak_accelerators(2);
    leak_hooks(2);
    leak_defer_window_pos(1);
    balanced_gdi(main_window);
    balanced_user();
    balanced_implicit();
    balanced_close_message();
    balanced_own_dc();
    balanced_thread_windows();
    InterlockedExchange(&g_stop_churn, 1);
    if (t) {
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
    printf("leaked\n");
    fflush(stdout);
    if (hold) wait_for(hold);
    return 3;
}
