"""
A socketserver.ForkingTCPServer on 127.0.0.1: each request is handled in a
forked child, which opens (and never closes) as many files as the request asks
for, named DIR/req-K-I.txt (K the request's number, I = 0..count-1), from
leak_for_request(), answers its pid and ends with os._exit (ForkingMixIn). The
script itself sends requests 1, 2 and 3 asking for 1, 2 and 3 files, prints
"request K pid PID" for each, then shuts the server down after its children
have been collected.

Usage: forking_server.py DIR
"""
import os
import socket
import socketserver
import sys
import threading

directory = sys.argv[1]
kept = []


def leak_for_request(number, count):
    for i in range(count):
        kept.append(os.open("%s/req-%d-%d.txt" % (directory, number, i), os.O_WRONLY | os.O_CREAT, 0o600))


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        number, count = (int(x) for x in self.rfile.readline().split())
        leak_for_request(number, count)
        self.wfile.write(b"%d\n" % os.getpid())


def main():
    server = socketserver.ForkingTCPServer(("127.0.0.1", 0), Handler)
    serving = threading.Thread(target=server.serve_forever)
    serving.start()
    for number in (1, 2, 3):
        with socket.create_connection(server.server_address) as c:
            c.sendall(b"%d %d\n" % (number, number))
            pid = int(c.makefile().readline())
            print("request %d pid %d" % (number, pid), flush=True)
    server.shutdown()
    server.server_close()
    serving.join()


main()
