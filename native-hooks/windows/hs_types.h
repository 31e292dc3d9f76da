/* Windows object type names, as NtQueryObject(ObjectTypeInformation) reports
 * them, and the protocol's well-known type ids. Shared by the hook DLL (which
 * announces them in DEFINE frames and maps queried names) and the injector
 * (which types the SNAPSHOT of handles open at attach), so both name a handle
 * the same way. */
#ifndef HS_TYPES_H
#define HS_TYPES_H

#include <stdint.h>
#include "handlespy_protocol.h"

typedef struct hs_known_type { const char *name; uint16_t id; } hs_known_type;

static const hs_known_type hs_known_types[] = {
    {"File", HS_TYPE_FILE}, {"Event", HS_TYPE_EVENT}, {"Mutant", HS_TYPE_MUTANT},
    {"Semaphore", HS_TYPE_SEMAPHORE}, {"Section", HS_TYPE_SECTION}, {"Key", HS_TYPE_KEY},
    {"Process", HS_TYPE_PROCESS}, {"Thread", HS_TYPE_THREAD}, {"Token", HS_TYPE_TOKEN},
    {"Job", HS_TYPE_JOB}, {"IoCompletion", HS_TYPE_IO_COMPLETION}, {"Timer", HS_TYPE_TIMER},
    {"ALPC Port", HS_TYPE_ALPC_PORT}, {"Directory", HS_TYPE_DIRECTORY},
    {"SymbolicLink", HS_TYPE_SYMBOLIC_LINK}, {"DebugObject", HS_TYPE_DEBUG_OBJECT},
    {"KeyedEvent", HS_TYPE_KEYED_EVENT}, {"WindowStation", HS_TYPE_WINDOW_STATION},
    {"Desktop", HS_TYPE_DESKTOP}, {"Partition", HS_TYPE_PARTITION}, {"TmTx", HS_TYPE_TRANSACTION},
    {"Socket", HS_TYPE_SOCKET},
};

#define HS_KNOWN_TYPE_COUNT (sizeof hs_known_types / sizeof hs_known_types[0])

#endif
