/* A statically linked program: HandleSpy must refuse it with a clear message. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("static %d\n", (int)getpid());
    if (argc > 1) pause();
    return 0;
}
