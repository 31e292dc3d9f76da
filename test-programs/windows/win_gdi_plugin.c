/* A DLL win-gdi.exe loads after the profiler attached: its GDI calls must be
 * seen too (its import table is patched when LoadLibrary returns). */
#include <windows.h>

__declspec(dllexport) void plugin_leak_regions(int n)
{
    for (int i = 0; i < n; i++) CreateRectRgn(0, 0, 20 + i, 20);
}
