/* Calls CreateEventW from under a function whose unwind data (.pdata/.xdata)
 * says it keeps its frame in RBP while RBP holds something else at the call,
 * as Go 1.22 and later do on their system-call path. A stack walk that
 * trusts the unwind data reads through that RBP. The Wine tests launch it
 * under handlespy-injector.exe: it must run to its end and exit 4.
 *
 * usage: win-frames.exe   prints "made N events", exits 4. */
#include <windows.h>
#include <stdio.h>

#define EVENTS 6

static HANDLE g_events[EVENTS];
static int g_made;

__declspec(noinline) void make_event(void)
{
    g_events[g_made] = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (g_events[g_made]) g_made++;
}

/* lying_frame_call(fn): declares `push rbp; mov rbp, rsp` as its frame, then
 * calls fn with RBP = 0xFFFFFFFF, and restores the real frame before returning. */
void lying_frame_call(void (*fn)(void));
__asm__(
    ".text\n"
    ".globl lying_frame_call\n"
    ".def lying_frame_call; .scl 2; .type 32; .endef\n"
    ".seh_proc lying_frame_call\n"
    "lying_frame_call:\n"
    "  push %rbp\n"
    "  .seh_pushreg %rbp\n"
    "  mov %rsp, %rbp\n"
    "  .seh_setframe %rbp, 0\n"
    "  sub $32, %rsp\n"
    "  .seh_stackalloc 32\n"
    "  .seh_endprologue\n"
    "  mov $0xFFFFFFFF, %ebp\n"
    "  call *%rcx\n"
    "  lea 32(%rsp), %rbp\n"
    "  add $32, %rsp\n"
    "  pop %rbp\n"
    "  ret\n"
    ".seh_endproc\n");

int main(void)
{
    for (int i = 0; i < EVENTS; i++) lying_frame_call(make_event);
    printf("made %d events\n", g_made);
    fflush(stdout);
    return 4;
}
