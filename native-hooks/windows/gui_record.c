/* Emits CREATE and CLOSE frames for GDI and USER handles from the hooks. */
#include "hs_gui.h"

__declspec(noinline) void hs_gui_created(uint64_t tag, const void *h, uint16_t type, uint16_t api, uint32_t skip)
{
    if (!h || !hs_record_active()) return;
    DWORD e = GetLastError();
    if (hs_guard_enter()) {
        /* + hs_emit_create and this function */
        hs_emit_create(hs_gui_value(tag, h), type, api, skip + 2, NULL, 0);
        hs_guard_leave();
    }
    SetLastError(e);
}

__declspec(noinline) void hs_gui_closed(uint64_t tag, const void *h, uint16_t api, uint32_t skip)
{
    if (!h || !hs_record_active()) return;
    DWORD e = GetLastError();
    if (hs_guard_enter()) {
        hs_emit_close_event(hs_gui_value(tag, h), api, skip + 2);
        hs_guard_leave();
    }
    SetLastError(e);
}
