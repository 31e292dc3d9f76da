/* Parameters the injector writes into the target for hs_start. Shared by the
 * hook DLL and the injector of the same bitness. */
#ifndef HS_START_H
#define HS_START_H

#include <wchar.h>
#include <stdint.h>

#define HS_START_DROP 0x1u
#define HS_START_CLOSE_STACKS 0x2u

/* hs_start's answer when every ntdll stub it would hook is already patched
 * (another tool, or HandleSpy's DLL loaded from another place): nothing was
 * hooked. An application-defined Win32 error code (bit 29). */
#define HS_START_ALREADY_PATCHED 0x20000001u

typedef struct hs_start_params {
    uint32_t flags;
    wchar_t pipe_name[128];
} hs_start_params;

#endif
