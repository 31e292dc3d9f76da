"""
Python's subprocess spawns through vfork (CPython 3.10+) and posix_spawn: the
children share the parent's memory until they exec. This script runs
subprocess.run 40 times (each child's output captured through pipes and
checked) and, from leak_files(), opens 20 files it never closes (os.open:
descriptors no garbage collector closes at exit): leak-00.txt .. leak-19.txt in
the directory given. Its stdout is the same whether it is profiled or not.

Usage: subprocess_leak.py DIR [--wait]
    --wait: print "ready PID", wait for a line on stdin, run, print "done",
            then wait for end of file on stdin (attach tests).
"""
import os
import subprocess
import sys

RUNS = 40
LEAKS = 20
kept = []


def leak_files(directory, first, count):
    for i in range(first, first + count):
        kept.append(os.open("%s/leak-%02d.txt" % (directory, i), os.O_WRONLY | os.O_CREAT, 0o600))


def run_children(directory):
    total = 0
    for i in range(RUNS):
        r = subprocess.run(["/bin/echo", str(i)], capture_output=True, check=True)
        total += int(r.stdout)
        if i == 10:
            leak_files(directory, 0, LEAKS // 2)
        if i == 30:
            leak_files(directory, LEAKS // 2, LEAKS // 2)
    return total


def main():
    directory = sys.argv[1]
    wait = "--wait" in sys.argv[2:]
    if wait:
        print("ready", flush=True)
        sys.stdin.readline()
    total = run_children(directory)
    print("ran %d children, their outputs sum to %d, %d files kept open" % (RUNS, total, len(kept)), flush=True)
    if wait:
        print("done", flush=True)
        sys.stdin.read()


main()
