#!/usr/bin/env python3
"""The Linux end of test/linux-peer-check.py: ordinary sockets of the running kernel.

Started inside the test's network namespace; prints one fact a line on stdout
("event NAME SECONDS [DETAIL]", seconds since the program started), as
examples/linux-peer.cc does for the simulated end.

  server --port P --bytes N   listen; read N bytes and check each; send N back; close
                              when the peer has closed (the passive closer)
  client --connect A:P --bytes N
                              connect; send N bytes; read N back and check each; close
                              first (the active closer); print the local port
  connect --connect A:P       connect only; print how it ended (errno name) and when

The bytes are the pattern examples/linux-peer.cc uses: byte i is the top byte of
(i * 2654435761) mod 2^32.
"""

import argparse
import errno
import socket
import sys
import time

START = time.monotonic()


def report(name, detail=""):
    line = "event %s %.6f" % (name, time.monotonic() - START)
    print(line + (" " + detail if detail else ""), flush=True)


def pattern(offset, size):
    return bytes(((i * 2654435761) & 0xFFFFFFFF) >> 24 for i in range(offset, offset + size))


def address(text):
    host, _, port = text.rpartition(":")
    return host, int(port)


def send_pattern(sock, size):
    sent = 0
    while sent < size:
        chunk = pattern(sent, min(65536, size - sent))
        sock.sendall(chunk)
        sent += len(chunk)
    report("sent", str(sent))


def read_pattern(sock, size):
    """Read size bytes, each compared with the pattern; the first difference is reported."""
    received = 0
    while received < size:
        data = sock.recv(min(65536, size - received))
        if not data:
            report("mismatch", "eof-at=%d" % received)
            return False
        expected = pattern(received, len(data))
        if data != expected:
            first = next(i for i in range(len(data)) if data[i] != expected[i])
            report("mismatch", "offset=%d" % (received + first))
            return False
        received += len(data)
    report("verified", str(received))
    return True


def serve(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("0.0.0.0", args.port))
    listener.listen(1)
    listener.settimeout(args.timeout)
    report("listening", str(args.port))
    conn, peer = listener.accept()
    conn.settimeout(args.timeout)
    report("accepted", "%s:%d" % peer)
    ok = True
    if args.bytes:
        ok = read_pattern(conn, args.bytes)
        if ok:
            send_pattern(conn, args.bytes)
    if conn.recv(1) == b"":
        report("peer-closed")
    conn.close()
    report("closed", "passive")
    listener.close()
    return 0 if ok else 1


def client(args):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(args.timeout)
    report("connect")
    sock.connect(address(args.connect))
    report("connected", "local-port=%d" % sock.getsockname()[1])
    ok = True
    if args.bytes:
        send_pattern(sock, args.bytes)
        ok = read_pattern(sock, args.bytes)
    sock.close()
    report("closed", "active")
    return 0 if ok else 1


def connect_only(args):
    """Blocking connect with no timeout of ours: the kernel's own schedule decides."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    report("connect")
    try:
        sock.connect(address(args.connect))
        report("connected", "local-port=%d" % sock.getsockname()[1])
        sock.close()
    except OSError as e:
        report("connect-failed", errno.errorcode.get(e.errno, str(e.errno)))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("role", choices=["server", "client", "connect"])
    parser.add_argument("--port", type=int, default=5001)
    parser.add_argument("--connect", default="10.99.0.2:5001")
    parser.add_argument("--bytes", type=int, default=1000000)
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds any one socket call may block (server, client)")
    args = parser.parse_args()
    try:
        return {"server": serve, "client": client, "connect": connect_only}[args.role](args)
    except OSError as e:
        report("error", "%s:%s" % (type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
