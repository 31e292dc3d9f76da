/*
 * dlopen()s libleaky.so (next to this program) after start-up, leaks 2
 * descriptors from its leak_in_plugin(), then dlclose()s it and exits 0.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void) {
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return 90;
    self[n] = '\0';
    strcpy(strrchr(self, '/') + 1, "libleaky.so");
    usleep(50000);
    void *h = dlopen(self, RTLD_NOW);
    if (!h) {
        fprintf(stderr, "%s\n", dlerror());
        return 91;
    }
    int (*leak)(int) = (int (*)(int))dlsym(h, "leak_in_plugin");
    if (!leak || leak(2) < 0) return 92;
    usleep(50000);
    dlclose(h);
    usleep(50000);
    return 0;
}
