/* The frame stream to the app: stdout or the --output file/FIFO. Frames may come
 * from the relay loop and from the threads relaying a launched target's output,
 * so every write of whole frames holds one lock; after out_end nothing more is
 * written (GOODBYE is the last frame). */
#include "injector.h"
#include <string.h>

static HANDLE g_out = INVALID_HANDLE_VALUE;
static CRITICAL_SECTION g_lock;
static int g_ended;

int out_open(const wchar_t *path)
{
    InitializeCriticalSection(&g_lock);
    if (!path) {
        g_out = GetStdHandle(STD_OUTPUT_HANDLE);
        /* a launched target inherits handles: it must not hold the app's end of the stream open */
        if (g_out != INVALID_HANDLE_VALUE && g_out != NULL) SetHandleInformation(g_out, HANDLE_FLAG_INHERIT, 0);
        return g_out != INVALID_HANDLE_VALUE && g_out != NULL;
    }
    /* OPEN_ALWAYS: the app usually created the file (a FIFO under Wine), which
     * must be opened, not recreated */
    g_out = CreateFileW(path, GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS,
                        FILE_ATTRIBUTE_NORMAL, NULL);
    return g_out != INVALID_HANDLE_VALUE;
}

static int write_all(const void *p, uint32_t n)
{
    const uint8_t *b = p;
    while (n) {
        DWORD done = 0;
        if (!WriteFile(g_out, b, n, &done, NULL) || !done) return 0;
        b += done;
        n -= done;
    }
    return 1;
}

int out_raw(const void *p, uint32_t n)
{
    EnterCriticalSection(&g_lock);
    int ok = !g_ended && write_all(p, n);
    LeaveCriticalSection(&g_lock);
    return ok;
}

void out_end(void)
{
    EnterCriticalSection(&g_lock);
    g_ended = 1;
    LeaveCriticalSection(&g_lock);
}

int out_frame(uint16_t kind, const void *fixed, uint32_t fixed_len, const void *extra, uint32_t extra_len,
              const char *str, int with_string)
{
    uint8_t buf[8192];
    uint32_t slen = str ? (uint32_t)strlen(str) : 0;
    if (slen > HS_MAX_STRING) slen = HS_MAX_STRING;
    hs_frame_header h = { fixed_len + extra_len + (with_string ? 2 + slen : 0), kind, 0 };
    uint32_t n = 0;
    if (sizeof h + h.payload_size > sizeof buf) return 0;
    memcpy(buf, &h, sizeof h); n += sizeof h;
    memcpy(buf + n, fixed, fixed_len); n += fixed_len;
    if (extra_len) { memcpy(buf + n, extra, extra_len); n += extra_len; }
    if (with_string) {
        uint16_t l16 = (uint16_t)slen;
        memcpy(buf + n, &l16, 2); n += 2;
        memcpy(buf + n, str, slen); n += slen;
    }
    return out_raw(buf, n);
}

uint64_t now_ticks(void) { return hs_clock_now(); }
