/* fake-java.exe: stands in for java.exe and javaw.exe in the tests of the Windows
 * launcher (handlespy.cmd). `-version` answers like a JDK whose version is in
 * version.txt next to the executable; any other call appends its own path and
 * arguments, one per line, to launches.txt in the same folder and exits 0. */
#include <windows.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

static void sibling(wchar_t *out, const wchar_t *name)
{
    GetModuleFileNameW(NULL, out, MAX_PATH);
    wchar_t *slash = wcsrchr(out, L'\\');
    wcscpy(slash ? slash + 1 : out, name);
}

int wmain(int argc, wchar_t **argv)
{
    wchar_t path[MAX_PATH];
    if (argc == 2 && !wcscmp(argv[1], L"-version")) {
        char version[64] = "0";
        sibling(path, L"version.txt");
        FILE *v = _wfopen(path, L"r");
        if (v) {
            if (!fgets(version, sizeof version, v)) version[0] = 0;
            fclose(v);
        }
        version[strcspn(version, "\r\n")] = 0;
        fprintf(stderr, "openjdk version \"%s\" 2025-01-21\nOpenJDK Runtime Environment (build %s)\n", version, version);
        return 0;
    }
    sibling(path, L"launches.txt");
    FILE *log = _wfopen(path, L"a");
    if (!log) return 1;
    GetModuleFileNameW(NULL, path, MAX_PATH);
    fwprintf(log, L"%ls\n", path);
    for (int i = 1; i < argc; i++) fwprintf(log, L"%ls\n", argv[i]);
    fclose(log);
    return 0;
}
