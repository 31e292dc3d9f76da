/* A plugin the "plugin" test program loads with dlopen: its leak must be
 * symbolized through the MODULE_LOAD the hook reports for it. */
#include <fcntl.h>
#include <unistd.h>

__attribute__((noinline)) int leak_in_plugin(int n) {
    int last = -1;
    for (int i = 0; i < n; i++) last = open("/dev/null", O_RDONLY);
    return last;
}
