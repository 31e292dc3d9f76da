/* symbolize: stdin lines "module_path<TAB>base_hex<TAB>address_hex", stdout
 * lines "address_hex<TAB>function<TAB>file<TAB>line" (empty fields when
 * unknown). dbghelp reads PDBs on Windows and the DWARF of mingw-built modules
 * under Wine; _NT_SYMBOL_PATH is honored because SymInitialize gets no path. */
#include "injector.h"
#include <dbghelp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LOADED 1024

typedef struct loaded { char path[MAX_PATH * 3]; DWORD64 base; } loaded;

static void ensure_loaded(HANDLE self, loaded *mods, int *count, const char *path, DWORD64 base)
{
    for (int i = 0; i < *count; i++)
        if (mods[i].base == base && !strcmp(mods[i].path, path)) return;
    if (*count >= MAX_LOADED) return;
    wchar_t wpath[MAX_PATH * 2];
    MultiByteToWideChar(CP_UTF8, 0, path, -1, wpath, MAX_PATH * 2);
    SymLoadModuleExW(self, NULL, wpath, NULL, base, 0, NULL, 0);
    snprintf(mods[*count].path, sizeof mods[*count].path, "%s", path);
    mods[(*count)++].base = base;
}

int cmd_symbolize(void)
{
    HANDLE self = GetCurrentProcess();
    char line[4096];
    static loaded mods[MAX_LOADED];
    int count = 0;
    SymSetOptions(SYMOPT_LOAD_LINES | SYMOPT_UNDNAME | SYMOPT_DEFERRED_LOADS | SYMOPT_FAIL_CRITICAL_ERRORS);
    if (!SymInitializeW(self, NULL, FALSE)) die(EXIT_FAILED, "dbghelp failed to start: %s", win32_text(GetLastError()));
    union { SYMBOL_INFOW info; uint8_t raw[sizeof(SYMBOL_INFOW) + 1024 * sizeof(wchar_t)]; } sym;
    while (fgets(line, sizeof line, stdin)) {
        line[strcspn(line, "\r\n")] = 0;
        char *tab1 = strchr(line, '\t'), *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
        if (!tab2) continue;
        *tab1 = *tab2 = 0;
        DWORD64 base = strtoull(tab1 + 1, NULL, 16), addr = strtoull(tab2 + 1, NULL, 16);
        ensure_loaded(self, mods, &count, line, base);
        char *fn = NULL, *file = NULL;
        DWORD64 disp = 0;
        DWORD ldisp = 0;
        memset(&sym, 0, sizeof sym);
        sym.info.SizeOfStruct = sizeof(SYMBOL_INFOW);
        sym.info.MaxNameLen = 1024;
        if (SymFromAddrW(self, addr, &disp, &sym.info)) fn = utf8_of(sym.info.Name);
        IMAGEHLP_LINEW64 li;
        memset(&li, 0, sizeof li);
        li.SizeOfStruct = sizeof li;
        int has_line = SymGetLineFromAddrW64(self, addr, &ldisp, &li) && li.FileName;
        if (has_line) file = utf8_of(li.FileName);
        printf("%llx\t%s\t%s\t%lu\n", (unsigned long long)addr, fn ? fn : "", file ? file : "",
               has_line ? (unsigned long)li.LineNumber : 0UL);
        fflush(stdout);
        free(fn);
        free(file);
    }
    SymCleanup(self);
    return EXIT_OK;
}
