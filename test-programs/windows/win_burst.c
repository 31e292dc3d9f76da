/* Makes a burst of events and exits at once, for the agent's flush at exit:
 * waits until GOFILE exists (the test first stops the helper, so the agent's
 * pipe fills and its writer blocks), creates and closes N events, creates
 * DONEFILE and returns 7 while the writer is still blocked.
 *
 * usage: win-burst.exe N GOFILE DONEFILE */
#include <windows.h>
#include <stdlib.h>

int wmain(int argc, wchar_t **argv)
{
    if (argc != 4) return 2;
    int n = _wtoi(argv[1]);
    while (GetFileAttributesW(argv[2]) == INVALID_FILE_ATTRIBUTES) Sleep(10);
    for (int i = 0; i < n; i++) CloseHandle(CreateEventW(NULL, TRUE, FALSE, NULL));
    HANDLE done = CreateFileW(argv[3], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (done == INVALID_HANDLE_VALUE) return 3;
    CloseHandle(done);
    return 7;
}
