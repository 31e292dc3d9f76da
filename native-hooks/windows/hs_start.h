/* Parameters the injector writes into the target for hs_start. Shared by the
 * hook DLL and the injector of the same bitness. */
#ifndef HS_START_H
#define HS_START_H

#include <wchar.h>
#include <stdint.h>

#define HS_START_DROP 0x1u
#define HS_START_CLOSE_STACKS 0x2u

typedef struct hs_start_params {
    uint32_t flags;
    wchar_t pipe_name[128];
} hs_start_params;

#endif
