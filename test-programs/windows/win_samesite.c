/* Leaks from one call site reached by different paths at the same stack depth:
 * create_here() sees the same return address and stack pointer whichever path
 * called it, so only the return addresses further up tell the paths apart.
 * The hook's stack-walk memo (native-hooks/windows/stackwalk.c) must still give
 * each leak its own path. The calls interleave so that every path follows a
 * different one, and repeat so that each is also seen twice in a row.
 *
 * usage: win-samesite.exe   prints "done", exits 0. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

__declspec(noinline) static void create_here(void)
{
    if (!CreateEventW(NULL, TRUE, FALSE, NULL)) exit(90);
}

/* Each function leaves its own mark: identical bodies would be folded into one
 * function, and the paths would then truly be the same. */
static volatile int mark;

__declspec(noinline) static void path_a(void) { create_here(); mark = 1; }
__declspec(noinline) static void path_b(void) { create_here(); mark = 2; }
__declspec(noinline) static void outer_c(void) { path_a(); mark = 3; }
__declspec(noinline) static void outer_d(void) { path_a(); mark = 4; }
__declspec(noinline) static void outer_e(void) { path_b(); mark = 5; }

int main(void)
{
    /* c: create_here<path_a<outer_c 4, d: create_here<path_a<outer_d 3, e: create_here<path_b<outer_e 5 */
    const char *order = "cdecedceecde";
    for (const char *p = order; *p; p++) {
        if (*p == 'c') outer_c();
        else if (*p == 'd') outer_d();
        else outer_e();
    }
    printf("done\n");
    return 0;
}
