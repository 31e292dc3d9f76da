#include "injector.h"
#include <stdio.h>
#include <stdarg.h>
#include <string.h>

static HANDLE g_unstarted;

void die_ends_unstarted(HANDLE process) { g_unstarted = process; }

void die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (g_unstarted && TerminateProcess(g_unstarted, 1))
        fputs(" (the program was started suspended for the agent and has been ended before it ran)", stderr);
    fputc('\n', stderr);
    fflush(stderr);
    ExitProcess((UINT)code);
}

const char *win32_text(DWORD err)
{
    static char buf[512];
    DWORD n = FormatMessageA(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, err, 0, buf,
                             sizeof buf, NULL);
    while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == '.' || buf[n - 1] == ' ')) buf[--n] = 0;
    if (!n) snprintf(buf, sizeof buf, "Win32 error %lu", (unsigned long)err);
    return buf;
}

char *utf8_of(const wchar_t *w)
{
    int n = WideCharToMultiByte(CP_UTF8, 0, w, -1, NULL, 0, NULL, NULL);
    char *s = malloc(n > 0 ? (size_t)n : 1);
    if (!s) die(EXIT_FAILED, "out of memory");
    if (n <= 0) s[0] = 0;
    else WideCharToMultiByte(CP_UTF8, 0, w, -1, s, n, NULL, NULL);
    return s;
}
