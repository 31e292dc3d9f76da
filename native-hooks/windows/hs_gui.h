/* GDI and USER object tracking: hooks on the gdi32/user32 entry points the
 * program's own modules import, installed by patching their import address
 * tables (gui_iat.c). Why this layer: docs/protocol.md, "GDI and USER objects". */
#ifndef HS_GUI_H
#define HS_GUI_H

#include "hs_hook.h"

/* One hooked gdi32/user32 function. `real` receives the address the loader
 * resolves for the name, which the hook calls. */
typedef struct hs_gui_fn {
    const char *name;
    void *hook;
    void **real;
    uint16_t api;
} hs_gui_fn;

/* API ids of these functions start here: the ntdll table uses ids below 1024. */
#define HS_GUI_API_GDI_BASE 1024u
#define HS_GUI_API_USER_BASE 1536u
/* the api of the closes of windows destroyed with their thread */
#define HS_GUI_API_THREAD_EXIT 2047u

extern hs_gui_fn hs_gdi_fns[];
extern const unsigned hs_gdi_fn_count;
extern hs_gui_fn hs_user_fns[];
extern const unsigned hs_user_fn_count;

/* gui_iat.c: resolves, announces and finds the import slots (allocates: call
 * from hs_start, not from a hook); commit writes or restores every slot. */
void hs_gui_prepare(void);
void hs_gui_commit(int install);

/* user_hooks.c: resolves the user32 functions the hooks use to find what a
 * DestroyWindow or DestroyMenu destroys with it; 0 when one is missing. */
int hs_user_bind(HMODULE user32);

/* DLL_THREAD_DETACH: the exiting thread's windows (and their children and
 * menus) are about to be destroyed by the system; records their closes. */
void hs_gui_thread_exit(void);

/* The value sent for a GDI or USER handle: tagged, see HS_HANDLE_TAG_GDI. */
static inline uint64_t hs_gui_value(uint64_t tag, const void *h)
{
    return tag | (uint32_t)(uintptr_t)h;
}

/* Record one create or close made by the caller of the hook that calls these:
 * `skip` as for hs_emit_create, counted from the hook (1 = the hook itself). */
void hs_gui_created(uint64_t tag, const void *h, uint16_t type, uint16_t api, uint32_t skip);
void hs_gui_closed(uint64_t tag, const void *h, uint16_t api, uint32_t skip);

/* The common hook shapes of gdi_hooks.c and user_hooks.c, each of which defines
 * TAG (its handle tag), API(n) (a function's api id) and real_##n (the original). */

/* R hook_n(params): one object of type `ty` made per successful call. */
#define HS_GUI_CREATOR(R, n, ty, params, args) \
    static __declspec(noinline) R WINAPI hook_##n params \
    { \
        R h = real_##n args; \
        hs_gui_created(TAG, h, ty, API(n), 1); \
        return h; \
    }

/* BOOL hook_n(T h): the object `h` is gone when the call succeeds. */
#define HS_GUI_DELETER(n, T) \
    static __declspec(noinline) BOOL WINAPI hook_##n(T h) \
    { \
        BOOL ok = real_##n(h); \
        if (ok) hs_gui_closed(TAG, h, API(n), 1); \
        return ok; \
    }

#endif
