/*
 * Creates and closes named objects, which makes kernelbase open the session's
 * \BaseNamedObjects directory once and keep it (the built-in suppression
 * "windows-named-object-directory"), and leaks one unnamed event of its own.
 *
 * Usage: win-named    (prints "done")
 */
#include <windows.h>
#include <stdio.h>

#define NOINLINE __attribute__((noinline))

NOINLINE static void named_objects(void) {
    CloseHandle(CreateEventW(NULL, TRUE, FALSE, L"handlespy-named-event"));
    CloseHandle(CreateFileMappingW(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, 4096, L"handlespy-named-section"));
}

NOINLINE static void leak_event(void) {
    CreateEventW(NULL, TRUE, FALSE, NULL);
}

int wmain(void) {
    named_objects();
    leak_event();
    printf("done\n");
    return 0;
}
