/* handlespy-injector.exe: see docs/protocol.md, "The helper's command line". */
#include "injector.h"
#include <stdio.h>
#include <fcntl.h>
#include <io.h>

int wmain(int argc, wchar_t **argv)
{
    _setmode(_fileno(stdout), _O_BINARY);
    if (argc >= 2 && !wcscmp(argv[1], L"ps")) return cmd_ps();
    if (argc >= 2 && !wcscmp(argv[1], L"symbolize")) return cmd_symbolize();
    if (argc >= 2 && !wcscmp(argv[1], L"attach")) return cmd_record(argc, argv, 0);
    if (argc >= 2 && !wcscmp(argv[1], L"launch")) return cmd_record(argc, argv, 1);
    die(EXIT_USAGE, "usage: handlespy-injector attach PID | launch -- COMMAND | ps | symbolize (see docs/protocol.md)");
}
