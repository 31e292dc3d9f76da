/* Hooks on the gdi32 functions that create and delete GDI objects. Each calls
 * the real function, then records the handle it returned (CREATE) or the one
 * it deleted (CLOSE), only when the call succeeded. */
#include "hs_gui.h"

#define GDI_FNS(X) \
    X(CreateDCA) X(CreateDCW) X(CreateICA) X(CreateICW) X(CreateCompatibleDC) \
    X(CreateMetaFileA) X(CreateMetaFileW) X(CreateEnhMetaFileA) X(CreateEnhMetaFileW) \
    X(CreateBitmap) X(CreateBitmapIndirect) X(CreateCompatibleBitmap) X(CreateDiscardableBitmap) \
    X(CreateDIBitmap) X(CreateDIBSection) \
    X(CreateSolidBrush) X(CreateHatchBrush) X(CreatePatternBrush) X(CreateBrushIndirect) \
    X(CreateDIBPatternBrush) X(CreateDIBPatternBrushPt) \
    X(CreatePen) X(CreatePenIndirect) X(ExtCreatePen) \
    X(CreateFontA) X(CreateFontW) X(CreateFontIndirectA) X(CreateFontIndirectW) \
    X(CreateFontIndirectExA) X(CreateFontIndirectExW) \
    X(CreateRectRgn) X(CreateRectRgnIndirect) X(CreateEllipticRgn) X(CreateEllipticRgnIndirect) \
    X(CreateRoundRectRgn) X(CreatePolygonRgn) X(CreatePolyPolygonRgn) X(ExtCreateRegion) X(PathToRegion) \
    X(CreatePalette) X(CreateHalftonePalette) \
    X(GetMetaFileA) X(GetMetaFileW) X(CopyMetaFileA) X(CopyMetaFileW) X(SetMetaFileBitsEx) \
    X(GetEnhMetaFileA) X(GetEnhMetaFileW) X(CopyEnhMetaFileA) X(CopyEnhMetaFileW) \
    X(SetEnhMetaFileBits) X(SetWinMetaFileBits) \
    X(CreateColorSpaceA) X(CreateColorSpaceW) \
    X(CloseMetaFile) X(CloseEnhMetaFile) \
    X(DeleteObject) X(DeleteDC) X(DeleteMetaFile) X(DeleteEnhMetaFile) X(DeleteColorSpace)

#define IX(n) IX_##n,
enum { GDI_FNS(IX) GDI_FN_COUNT };
#undef IX

#define REAL(n) static __typeof__(&n) real_##n;
GDI_FNS(REAL)
#undef REAL

#define API(n) (hs_gdi_fns[IX_##n].api)
#define TAG HS_HANDLE_TAG_GDI

HS_GUI_CREATOR(HDC, CreateDCA, HS_TYPE_GDI_DC, (LPCSTR a, LPCSTR b, LPCSTR c, const DEVMODEA *d), (a, b, c, d))
HS_GUI_CREATOR(HDC, CreateDCW, HS_TYPE_GDI_DC, (LPCWSTR a, LPCWSTR b, LPCWSTR c, const DEVMODEW *d), (a, b, c, d))
HS_GUI_CREATOR(HDC, CreateICA, HS_TYPE_GDI_DC, (LPCSTR a, LPCSTR b, LPCSTR c, const DEVMODEA *d), (a, b, c, d))
HS_GUI_CREATOR(HDC, CreateICW, HS_TYPE_GDI_DC, (LPCWSTR a, LPCWSTR b, LPCWSTR c, const DEVMODEW *d), (a, b, c, d))
HS_GUI_CREATOR(HDC, CreateCompatibleDC, HS_TYPE_GDI_DC, (HDC a), (a))
HS_GUI_CREATOR(HDC, CreateMetaFileA, HS_TYPE_GDI_DC, (LPCSTR a), (a))
HS_GUI_CREATOR(HDC, CreateMetaFileW, HS_TYPE_GDI_DC, (LPCWSTR a), (a))
HS_GUI_CREATOR(HDC, CreateEnhMetaFileA, HS_TYPE_GDI_DC, (HDC a, LPCSTR b, const RECT *c, LPCSTR d), (a, b, c, d))
HS_GUI_CREATOR(HDC, CreateEnhMetaFileW, HS_TYPE_GDI_DC, (HDC a, LPCWSTR b, const RECT *c, LPCWSTR d), (a, b, c, d))
HS_GUI_CREATOR(HBITMAP, CreateBitmap, HS_TYPE_GDI_BITMAP, (int a, int b, UINT c, UINT d, const void *e), (a, b, c, d, e))
HS_GUI_CREATOR(HBITMAP, CreateBitmapIndirect, HS_TYPE_GDI_BITMAP, (const BITMAP *a), (a))
HS_GUI_CREATOR(HBITMAP, CreateCompatibleBitmap, HS_TYPE_GDI_BITMAP, (HDC a, int b, int c), (a, b, c))
HS_GUI_CREATOR(HBITMAP, CreateDiscardableBitmap, HS_TYPE_GDI_BITMAP, (HDC a, int b, int c), (a, b, c))
HS_GUI_CREATOR(HBITMAP, CreateDIBitmap, HS_TYPE_GDI_BITMAP,
        (HDC a, const BITMAPINFOHEADER *b, DWORD c, const void *d, const BITMAPINFO *e, UINT f), (a, b, c, d, e, f))
HS_GUI_CREATOR(HBITMAP, CreateDIBSection, HS_TYPE_GDI_DIB_SECTION,
        (HDC a, const BITMAPINFO *b, UINT c, void **d, HANDLE e, DWORD f), (a, b, c, d, e, f))
HS_GUI_CREATOR(HBRUSH, CreateSolidBrush, HS_TYPE_GDI_BRUSH, (COLORREF a), (a))
HS_GUI_CREATOR(HBRUSH, CreateHatchBrush, HS_TYPE_GDI_BRUSH, (int a, COLORREF b), (a, b))
HS_GUI_CREATOR(HBRUSH, CreatePatternBrush, HS_TYPE_GDI_BRUSH, (HBITMAP a), (a))
HS_GUI_CREATOR(HBRUSH, CreateBrushIndirect, HS_TYPE_GDI_BRUSH, (const LOGBRUSH *a), (a))
HS_GUI_CREATOR(HBRUSH, CreateDIBPatternBrush, HS_TYPE_GDI_BRUSH, (HGLOBAL a, UINT b), (a, b))
HS_GUI_CREATOR(HBRUSH, CreateDIBPatternBrushPt, HS_TYPE_GDI_BRUSH, (const void *a, UINT b), (a, b))
HS_GUI_CREATOR(HPEN, CreatePen, HS_TYPE_GDI_PEN, (int a, int b, COLORREF c), (a, b, c))
HS_GUI_CREATOR(HPEN, CreatePenIndirect, HS_TYPE_GDI_PEN, (const LOGPEN *a), (a))
HS_GUI_CREATOR(HPEN, ExtCreatePen, HS_TYPE_GDI_EXT_PEN, (DWORD a, DWORD b, const LOGBRUSH *c, DWORD d, const DWORD *e),
        (a, b, c, d, e))
HS_GUI_CREATOR(HFONT, CreateFontA, HS_TYPE_GDI_FONT,
        (int a, int b, int c, int d, int e, DWORD f, DWORD g, DWORD h_, DWORD i, DWORD j, DWORD k, DWORD l, DWORD m,
         LPCSTR n),
        (a, b, c, d, e, f, g, h_, i, j, k, l, m, n))
HS_GUI_CREATOR(HFONT, CreateFontW, HS_TYPE_GDI_FONT,
        (int a, int b, int c, int d, int e, DWORD f, DWORD g, DWORD h_, DWORD i, DWORD j, DWORD k, DWORD l, DWORD m,
         LPCWSTR n),
        (a, b, c, d, e, f, g, h_, i, j, k, l, m, n))
HS_GUI_CREATOR(HFONT, CreateFontIndirectA, HS_TYPE_GDI_FONT, (const LOGFONTA *a), (a))
HS_GUI_CREATOR(HFONT, CreateFontIndirectW, HS_TYPE_GDI_FONT, (const LOGFONTW *a), (a))
HS_GUI_CREATOR(HFONT, CreateFontIndirectExA, HS_TYPE_GDI_FONT, (const ENUMLOGFONTEXDVA *a), (a))
HS_GUI_CREATOR(HFONT, CreateFontIndirectExW, HS_TYPE_GDI_FONT, (const ENUMLOGFONTEXDVW *a), (a))
HS_GUI_CREATOR(HRGN, CreateRectRgn, HS_TYPE_GDI_REGION, (int a, int b, int c, int d), (a, b, c, d))
HS_GUI_CREATOR(HRGN, CreateRectRgnIndirect, HS_TYPE_GDI_REGION, (const RECT *a), (a))
HS_GUI_CREATOR(HRGN, CreateEllipticRgn, HS_TYPE_GDI_REGION, (int a, int b, int c, int d), (a, b, c, d))
HS_GUI_CREATOR(HRGN, CreateEllipticRgnIndirect, HS_TYPE_GDI_REGION, (const RECT *a), (a))
HS_GUI_CREATOR(HRGN, CreateRoundRectRgn, HS_TYPE_GDI_REGION, (int a, int b, int c, int d, int e, int f), (a, b, c, d, e, f))
HS_GUI_CREATOR(HRGN, CreatePolygonRgn, HS_TYPE_GDI_REGION, (const POINT *a, int b, int c), (a, b, c))
HS_GUI_CREATOR(HRGN, CreatePolyPolygonRgn, HS_TYPE_GDI_REGION, (const POINT *a, const INT *b, int c, int d), (a, b, c, d))
HS_GUI_CREATOR(HRGN, ExtCreateRegion, HS_TYPE_GDI_REGION, (const XFORM *a, DWORD b, const RGNDATA *c), (a, b, c))
HS_GUI_CREATOR(HRGN, PathToRegion, HS_TYPE_GDI_REGION, (HDC a), (a))
HS_GUI_CREATOR(HPALETTE, CreatePalette, HS_TYPE_GDI_PALETTE, (const LOGPALETTE *a), (a))
HS_GUI_CREATOR(HPALETTE, CreateHalftonePalette, HS_TYPE_GDI_PALETTE, (HDC a), (a))
HS_GUI_CREATOR(HMETAFILE, GetMetaFileA, HS_TYPE_GDI_METAFILE, (LPCSTR a), (a))
HS_GUI_CREATOR(HMETAFILE, GetMetaFileW, HS_TYPE_GDI_METAFILE, (LPCWSTR a), (a))
HS_GUI_CREATOR(HMETAFILE, CopyMetaFileA, HS_TYPE_GDI_METAFILE, (HMETAFILE a, LPCSTR b), (a, b))
HS_GUI_CREATOR(HMETAFILE, CopyMetaFileW, HS_TYPE_GDI_METAFILE, (HMETAFILE a, LPCWSTR b), (a, b))
HS_GUI_CREATOR(HMETAFILE, SetMetaFileBitsEx, HS_TYPE_GDI_METAFILE, (UINT a, const BYTE *b), (a, b))
HS_GUI_CREATOR(HENHMETAFILE, GetEnhMetaFileA, HS_TYPE_GDI_ENH_METAFILE, (LPCSTR a), (a))
HS_GUI_CREATOR(HENHMETAFILE, GetEnhMetaFileW, HS_TYPE_GDI_ENH_METAFILE, (LPCWSTR a), (a))
HS_GUI_CREATOR(HENHMETAFILE, CopyEnhMetaFileA, HS_TYPE_GDI_ENH_METAFILE, (HENHMETAFILE a, LPCSTR b), (a, b))
HS_GUI_CREATOR(HENHMETAFILE, CopyEnhMetaFileW, HS_TYPE_GDI_ENH_METAFILE, (HENHMETAFILE a, LPCWSTR b), (a, b))
HS_GUI_CREATOR(HENHMETAFILE, SetEnhMetaFileBits, HS_TYPE_GDI_ENH_METAFILE, (UINT a, const BYTE *b), (a, b))
HS_GUI_CREATOR(HENHMETAFILE, SetWinMetaFileBits, HS_TYPE_GDI_ENH_METAFILE, (UINT a, const BYTE *b, HDC c, const METAFILEPICT *d),
        (a, b, c, d))
HS_GUI_CREATOR(HCOLORSPACE, CreateColorSpaceA, HS_TYPE_GDI_COLOR_SPACE, (LPLOGCOLORSPACEA a), (a))
HS_GUI_CREATOR(HCOLORSPACE, CreateColorSpaceW, HS_TYPE_GDI_COLOR_SPACE, (LPLOGCOLORSPACEW a), (a))

/* Closing a metafile DC deletes the DC and makes the metafile. */
static __declspec(noinline) HMETAFILE WINAPI hook_CloseMetaFile(HDC dc)
{
    HMETAFILE mf = real_CloseMetaFile(dc);
    if (mf) {
        hs_gui_closed(TAG, dc, API(CloseMetaFile), 1);
        hs_gui_created(TAG, mf, HS_TYPE_GDI_METAFILE, API(CloseMetaFile), 1);
    }
    return mf;
}

static __declspec(noinline) HENHMETAFILE WINAPI hook_CloseEnhMetaFile(HDC dc)
{
    HENHMETAFILE mf = real_CloseEnhMetaFile(dc);
    if (mf) {
        hs_gui_closed(TAG, dc, API(CloseEnhMetaFile), 1);
        hs_gui_created(TAG, mf, HS_TYPE_GDI_ENH_METAFILE, API(CloseEnhMetaFile), 1);
    }
    return mf;
}

HS_GUI_DELETER(DeleteObject, HGDIOBJ)
HS_GUI_DELETER(DeleteDC, HDC)
HS_GUI_DELETER(DeleteMetaFile, HMETAFILE)
HS_GUI_DELETER(DeleteEnhMetaFile, HENHMETAFILE)
HS_GUI_DELETER(DeleteColorSpace, HCOLORSPACE)

#define ENTRY(n) { #n, (void *)hook_##n, (void **)&real_##n, 0 },
hs_gui_fn hs_gdi_fns[] = { GDI_FNS(ENTRY) };
#undef ENTRY
const unsigned hs_gdi_fn_count = GDI_FN_COUNT;
_Static_assert(sizeof hs_gdi_fns / sizeof hs_gdi_fns[0] == GDI_FN_COUNT, "one entry per function");
