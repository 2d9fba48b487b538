#!/usr/bin/env python3
"""Measure the TCP behaviour of the running Linux kernel, for synfin's "linux" profiles.

What it measures (each item is one function below, all timed from packet captures):
  1. Active open to a silent peer: time of every SYN (re)transmission and of the
     connect() failure (and its errno), with the namespace's default sysctls and
     again with tcp_syn_linear_timeouts=0 (classic 1,2,4,... schedule) if present.
  2. Passive open, half-open connection: a single raw SYN that is never answered;
     time of every SYN-ACK (re)transmission and of the request's expiry (ss).
  3. TIME-WAIT: the ss timer right after an active close and later, and when the
     TIME-WAIT socket disappears.
  4. ACK of a lone FIN: delay when the application neither reads nor closes for
     1 s; and whether close() right after recv()==0 gives a 3- or 4-segment close.
  5. Delayed ACK of one small data segment once quick-ack mode is over.
  6. Minimum RTO: retransmission times of one data segment sent into a silent
     peer right after the handshake (default, and with TLP disabled).
  7. Ephemeral ports: the sysctl range and the ports connect()/bind() pick.

How to run (root is required for namespaces; nothing on the host is changed):
    sudo utils/measure-linux-tcp.py [--quick] [--csv FILE] [--only 1,4,...]
  --quick   caps every long wait (1, 2, 3, 6) at about 20 s and reports what it saw.
  --csv     also writes rows "measurement,index,value_seconds,notes".
  --only    runs a subset (for debugging); default is all measurements.
A full run takes about 2.5 minutes: the long measurements run concurrently, each
in its own pair of network namespaces.

How it works:
  * Every measurement gets two fresh network namespaces ("<prefix>-<pid>-<tag>-a/b")
    joined by a veth pair, 10.77.0.1/24 (a) <-> 10.77.0.2/24 (b). They are deleted
    on exit, also on error, Ctrl-C, SIGTERM or SIGHUP. Sysctls are only read/written
    inside these namespaces, and each namespace's defaults are read before anything
    is changed there.
  * A "silent peer" is made without tc actions or netfilter (often not built into
    small kernels): the sender gets a permanent neighbour (ARP) entry that maps the
    peer's IP to a MAC address nobody owns. Frames still leave the sender's veth (so
    they are captured), and the receiving veth classifies them as PACKET_OTHERHOST,
    which IP drops silently: no RST, no ICMP.
  * Captures use an AF_PACKET socket opened inside the namespace with kernel
    timestamps (SO_TIMESTAMPNS, CLOCK_REALTIME): no capture-tool start-up race,
    and outgoing frames are stamped when handed to the driver.
  * Sockets are created inside a namespace by switching only the calling thread
    with setns(2) (a socket stays in the namespace it was created in).
"""

import argparse
import contextlib
import csv
import ctypes
import errno
import os
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time

PREFIX = "sfmeas"
A_IP, B_IP = "10.77.0.1", "10.77.0.2"
A_IF, B_IF = "v0", "v1"
# A MAC address no interface owns: frames sent to it are dropped by the receiving veth.
BOGUS_MAC = "02:00:5e:10:77:99"
# Source address of the raw SYN in measurement 2; no namespace owns it.
SPOOF_IP = "10.77.0.50"

SYSCTLS = [
    "tcp_syn_retries", "tcp_synack_retries", "tcp_syn_linear_timeouts",
    "tcp_fin_timeout", "tcp_rfc1337", "ip_local_port_range",
    "tcp_challenge_ack_limit", "tcp_invalid_ratelimit", "tcp_syncookies",
    "tcp_max_syn_backlog", "tcp_tw_reuse", "tcp_delack_min",
    # Not in the original list, but they shape measurements 5 and 6.
    "tcp_rto_min_us", "tcp_rto_max_ms", "tcp_early_retrans", "tcp_retries2",
    "tcp_orphan_retries", "tcp_tw_reuse_delay",
]

# The schedule claimed for measurement 1 (default sysctls), to compare against.
CLAIM_SYN_TIMES = [0, 1.0, 2.0, 3.1, 4.1, 5.1, 7.1, 11.2, 19.4, 35.5, 68.8]
CLAIM_FAIL = 134.0

# ---------------------------------------------------------------------------
# Namespace handling

_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
# The namespace we were started in; threads switch back to it after a setns().
_HOST_NS_FD = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
_created_ns = []
_ns_lock = threading.Lock()


@contextlib.contextmanager
def netns(name):
    """Run the body with the calling thread inside network namespace `name`."""
    fd = os.open(f"/run/netns/{name}", os.O_RDONLY)
    try:
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"setns({name}): {os.strerror(e)}")
        try:
            yield
        finally:
            # Failing to switch back would leak the thread into the namespace.
            if _libc.setns(_HOST_NS_FD, CLONE_NEWNET) != 0:
                os._exit(99)
    finally:
        os.close(fd)


def run(*args, check=True):
    r = subprocess.run(list(args), capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def ns_add(name):
    with _ns_lock:
        # Register first: a half-created namespace must be deleted too.
        _created_ns.append(name)
    run("ip", "netns", "add", name)


def cleanup_namespaces():
    with _ns_lock:
        names, _created_ns[:] = list(_created_ns), []
    for n in names:
        subprocess.run(["ip", "netns", "del", n], capture_output=True)


def remove_stale_namespaces():
    """Delete namespaces of earlier runs that were killed with SIGKILL (pid gone)."""
    try:
        names = os.listdir("/run/netns")
    except FileNotFoundError:
        return
    for n in names:
        m = re.fullmatch(PREFIX + r"-(\d+)-[a-z0-9]+-[ab]", n)
        if m and not os.path.exists(f"/proc/{m.group(1)}"):
            subprocess.run(["ip", "netns", "del", n], capture_output=True)


def sysctl_path(name):
    return f"/proc/sys/net/ipv4/{name}"


def sysctl_get(ns, name):
    # /proc/sys/net resolves to the namespace of the thread that opens the file.
    with netns(ns):
        try:
            with open(sysctl_path(name)) as f:
                return " ".join(f.read().split())
        except FileNotFoundError:
            return None


def sysctl_set(ns, name, value):
    with netns(ns):
        with open(sysctl_path(name), "w") as f:
            f.write(str(value))


class Pair:
    """Two namespaces a (10.77.0.1) and b (10.77.0.2) joined by a veth pair."""

    def __init__(self, tag):
        base = f"{PREFIX}-{os.getpid()}-{tag}"
        self.a, self.b = base + "-a", base + "-b"
        ns_add(self.a)
        ns_add(self.b)
        # Create both ends directly in the namespaces: no name clash on the host.
        run("ip", "link", "add", A_IF, "netns", self.a, "type", "veth",
            "peer", "name", B_IF, "netns", self.b)
        for ns, ifn, ip in ((self.a, A_IF, A_IP), (self.b, B_IF, B_IP)):
            run("ip", "-n", ns, "link", "set", "lo", "up")
            run("ip", "-n", ns, "addr", "add", ip + "/24", "dev", ifn)
            run("ip", "-n", ns, "link", "set", ifn, "up")
        self.defaults = {n: sysctl_get(self.a, n) for n in SYSCTLS}
        # Wait for carrier so the first packets are not queued behind link-up.
        for _ in range(100):
            if "LOWER_UP" in run("ip", "-n", self.a, "link", "show", A_IF):
                break
            time.sleep(0.02)

    def blackhole(self, side, ip):
        """Make `ip` silent as seen from namespace `side` ('a' or 'b')."""
        ns, ifn = (self.a, A_IF) if side == "a" else (self.b, B_IF)
        run("ip", "-n", ns, "neigh", "replace", ip, "lladdr", BOGUS_MAC,
            "dev", ifn, "nud", "permanent")

    def socket(self, side, *args):
        with netns(self.a if side == "a" else self.b):
            return socket.socket(*args)

    def ss(self, side, *args):
        return run("ip", "netns", "exec", self.a if side == "a" else self.b,
                   "ss", "-tanoH", *args)


# ---------------------------------------------------------------------------
# Packet capture

ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
PACKET_OUTGOING = 4
FLAG_NAMES = [(0x01, "FIN"), (0x02, "SYN"), (0x04, "RST"), (0x08, "PSH"),
              (0x10, "ACK"), (0x20, "URG"), (0x40, "ECE"), (0x80, "CWR")]
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10


class Seg:
    __slots__ = ("ts", "out", "src", "dst", "sport", "dport", "seq", "ack",
                 "flags", "plen")

    def __init__(self, **kw):
        for k, v in kw.items():
            setattr(self, k, v)

    def fl(self):
        return "|".join(n for b, n in FLAG_NAMES if self.flags & b) or "-"

    def end_seq(self):
        """Sequence number just after this segment (SYN and FIN count as one)."""
        return (self.seq + self.plen + bool(self.flags & SYN) + bool(self.flags & FIN)) % 2**32

    def describe(self, t0):
        return (f"{self.ts - t0:+10.6f}s {'out' if self.out else 'in '} "
                f"{self.src}:{self.sport} > {self.dst}:{self.dport} {self.fl():<11} "
                f"seq={self.seq} ack={self.ack} len={self.plen}")


def seq_ge(a, b):
    return ((a - b) % 2**32) < 2**31


class Capture:
    """All IPv4/TCP frames on one interface of one namespace, with kernel timestamps."""

    def __init__(self, ns, ifname):
        with netns(ns):
            self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                      socket.htons(ETH_P_ALL))
            self.sock.bind((ifname, ETH_P_ALL))
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.settimeout(0.1)
        self.ifname = ifname
        self._segs = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self):
        while not self._stop.is_set():
            try:
                data, anc, _flags, addr = self.sock.recvmsg(256, 256)
            except socket.timeout:
                continue
            except OSError:
                break
            ts = None
            for level, typ, cdata in anc:
                if level == socket.SOL_SOCKET and typ == SO_TIMESTAMPNS:
                    sec, nsec = struct.unpack("qq", cdata[:16])
                    ts = sec + nsec / 1e9
            if ts is None:
                ts = time.time()
            seg = self._parse(data, addr, ts)
            if seg:
                with self._lock:
                    self._segs.append(seg)

    def _parse(self, d, addr, ts):
        if addr[0] != self.ifname or len(d) < 14 + 20 + 20:
            return None
        if d[12:14] != b"\x08\x00":
            return None
        ihl = (d[14] & 0x0F) * 4
        if d[14 + 9] != socket.IPPROTO_TCP:
            return None
        tot = struct.unpack("!H", d[16:18])[0]
        t = 14 + ihl
        sport, dport, seq, ack, off, flags = struct.unpack("!HHIIBB", d[t:t + 14])
        return Seg(ts=ts, out=(addr[2] == PACKET_OUTGOING),
                   src=socket.inet_ntoa(d[26:30]), dst=socket.inet_ntoa(d[30:34]),
                   sport=sport, dport=dport, seq=seq, ack=ack, flags=flags,
                   plen=tot - ihl - (off >> 4) * 4)

    def segs(self, pred=None):
        with self._lock:
            s = list(self._segs)
        return [x for x in s if pred is None or pred(x)]

    def stop(self):
        self._stop.set()
        self._thread.join(1)
        self.sock.close()


# ---------------------------------------------------------------------------
# Results

class Results:
    def __init__(self):
        self.rows = []
        self.text = {}
        self.lock = threading.Lock()

    def row(self, meas, index, value, notes=""):
        with self.lock:
            self.rows.append((meas, index, value, notes))

    def out(self, key, line=""):
        with self.lock:
            self.text.setdefault(key, []).append(line)


RES = Results()
_print_lock = threading.Lock()


def progress(msg):
    with _print_lock:
        print(f"  .. {msg}", flush=True)


def wait_until(pred, timeout, step=0.05):
    end = time.time() + timeout
    while time.time() < end:
        if pred():
            return True
        time.sleep(step)
    return pred()


def connected_pair(pair, port, nodelay=True):
    """Listener in b, client in a; returns (client, accepted server socket)."""
    srv = pair.socket("b", socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((B_IP, port))
    srv.listen(16)
    cli = pair.socket("a", socket.AF_INET, socket.SOCK_STREAM)
    cli.settimeout(5)
    cli.connect((B_IP, port))
    srv.settimeout(5)
    conn, _ = srv.accept()
    conn.settimeout(5)
    srv.close()
    if nodelay:
        for s in (cli, conn):
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return cli, conn


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        d = s.recv(n - len(buf))
        if not d:
            raise ConnectionError("unexpected EOF")
        buf += d
    return buf


def request_response(cli, conn, n, size=10):
    """n small request/response exchanges: puts both ends into interactive
    (ping-pong) mode and uses up the quick-ack credits after the handshake."""
    for _ in range(n):
        cli.sendall(b"q" * size)
        recv_exact(conn, size)
        conn.sendall(b"r" * size)
        recv_exact(cli, size)


def abort(s):
    """Close with RST (SO_LINGER 0) so nothing lingers in the namespace."""
    with contextlib.suppress(OSError):
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def gaps(times):
    return [None] + [round(b - a, 6) for a, b in zip(times, times[1:])]


# ---------------------------------------------------------------------------
# 1. Active open to a silent peer

def m1_active_open(args, tag, linear):
    key = f"1{tag}"
    pair = Pair("m1" + tag)
    d = pair.defaults
    title = "default sysctls"
    if linear is not None:
        if d["tcp_syn_linear_timeouts"] is None:
            RES.out(key, f"[1{tag}] tcp_syn_linear_timeouts does not exist: variant skipped")
            return
        sysctl_set(pair.a, "tcp_syn_linear_timeouts", linear)
        title = f"tcp_syn_linear_timeouts={linear} set in the namespace"
    retries = sysctl_get(pair.a, "tcp_syn_retries")
    lin_now = sysctl_get(pair.a, "tcp_syn_linear_timeouts")
    pair.blackhole("a", B_IP)
    cap = Capture(pair.a, A_IF)
    s = pair.socket("a", socket.AF_INET, socket.SOCK_STREAM)
    s.setblocking(False)
    cap_s = 20 if args.quick else 200
    progress(f"1{tag}: connect() to a silent peer ({title}), waiting up to {cap_s} s")
    rc = s.connect_ex((B_IP, 7000))
    err, t_end = None, None
    if rc != errno.EINPROGRESS:
        err, t_end = rc, time.time()
    else:
        p = select.poll()
        p.register(s, select.POLLOUT | select.POLLERR | select.POLLHUP)
        deadline = time.time() + cap_s
        while time.time() < deadline:
            if p.poll(200):
                t_end = time.time()
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                break
    time.sleep(0.2)
    cap.stop()
    abort(s)
    syns = [x.ts for x in cap.segs(lambda x: x.out and x.flags & SYN and not x.flags & ACK)]
    other = cap.segs(lambda x: not x.out)
    RES.out(key, f"[1{tag}] Active open to a silent peer, {title} "
                 f"(tcp_syn_retries={retries}, tcp_syn_linear_timeouts={lin_now})")
    if not syns:
        RES.out(key, "   no SYN captured!")
        return
    t0 = syns[0]
    claim = CLAIM_SYN_TIMES if linear is None else None
    RES.out(key, f"   {'SYN#':>4} {'t (s)':>10} {'gap (s)':>9}" + ("  claim (s)" if claim else ""))
    for i, (t, g) in enumerate(zip(syns, gaps(syns))):
        c = f"  {claim[i]:>9.1f}" if claim and i < len(claim) else ("  " + "-".rjust(9) if claim else "")
        RES.out(key, f"   {i:>4} {t - t0:>10.3f} {('-' if g is None else f'{g:.3f}'):>9}{c}")
        RES.row(f"1{tag}_syn_time", i, round(t - t0, 6),
                f"SYN #{i} ({title})" + (f"; claim {claim[i]}" if claim and i < len(claim) else ""))
    if t_end is None:
        RES.out(key, f"   connect() still pending after {cap_s} s cap (--quick)")
        RES.row(f"1{tag}_connect_fail", 0, "", f"not failed within {cap_s} s cap")
    else:
        en = errno.errorcode.get(err, str(err)) if err else "no error (connected?!)"
        RES.out(key, f"   connect() failed at {t_end - t0:.3f} s after first SYN: {en} ({err})"
                     + (f"   [claim ~{CLAIM_FAIL:.0f} s]" if claim else ""))
        RES.row(f"1{tag}_connect_fail", 0, round(t_end - t0, 6), f"errno {en} ({err})")
    if other:
        RES.out(key, f"   WARNING: {len(other)} segment(s) came back from the 'silent' peer")


# ---------------------------------------------------------------------------
# 2. Passive open: SYN-ACK retransmissions of a half-open connection

def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def build_syn(src, dst, sport, dport, seq):
    """IPv4 + TCP SYN with an MSS option and correct checksums."""
    opts = struct.pack("!BBH", 2, 4, 1460)
    doff = (20 + len(opts)) // 4
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, 0, doff << 4, SYN, 64240, 0, 0) + opts
    pseudo = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", inet_checksum(pseudo + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 0x1234, 0x4000, 64,
                     socket.IPPROTO_TCP, 0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", inet_checksum(ip)) + ip[12:]
    return ip + tcp


def m2_passive_open(args, tag, linear):
    key = f"2{tag}"
    pair = Pair("m2" + tag)
    d = pair.defaults
    title = "default sysctls"
    if linear is not None:
        if d["tcp_syn_linear_timeouts"] is None:
            RES.out(key, f"[2{tag}] tcp_syn_linear_timeouts does not exist: variant skipped")
            return
        # The listener is in b, so that is where the sysctl matters.
        sysctl_set(pair.b, "tcp_syn_linear_timeouts", linear)
        title = f"tcp_syn_linear_timeouts={linear} set in the listener's namespace"
    retries = sysctl_get(pair.b, "tcp_synack_retries")
    lin_now = sysctl_get(pair.b, "tcp_syn_linear_timeouts")
    port = 8000
    srv = pair.socket("b", socket.AF_INET, socket.SOCK_STREAM)
    srv.bind((B_IP, port))
    srv.listen(16)
    # The SYN comes from an address nobody owns, and b's SYN-ACKs to it go to a
    # MAC nobody owns: a's kernel never sees them, so nothing answers with RST.
    pair.blackhole("b", SPOOF_IP)
    cap = Capture(pair.b, B_IF)
    raw = pair.socket("a", socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    cap_s = 20 if args.quick else 150
    progress(f"2{tag}: raw SYN to a listener ({title}), waiting up to {cap_s} s")
    raw.sendto(build_syn(SPOOF_IP, B_IP, 40000, port, 1000), (B_IP, 0))
    raw.close()
    t_sent = time.time()

    def half_open():
        return f"{SPOOF_IP}:40000" in pair.ss("b", "state", "syn-recv")

    # Poll ss: the request sock disappears from the SYN-RECV list when it expires.
    seen = last_present = t_gone = None
    deadline = t_sent + cap_s
    while time.time() < deadline:
        t = time.time()
        if half_open():
            seen, last_present = True, t
        elif seen:
            t_gone = t
            break
        time.sleep(0.5)
    time.sleep(0.2)
    cap.stop()
    srv.close()
    segs = cap.segs(lambda x: (x.src == SPOOF_IP or x.dst == SPOOF_IP))
    synacks = [x.ts for x in segs if x.out and x.flags & SYN and x.flags & ACK]
    syn_in = [x.ts for x in segs if not x.out and x.flags & SYN and not x.flags & ACK]
    rsts = [x for x in segs if x.flags & RST]
    RES.out(key, f"[2{tag}] Passive open, half-open connection, {title} "
                 f"(tcp_synack_retries={retries}, tcp_syn_linear_timeouts={lin_now})")
    if not synacks:
        RES.out(key, "   no SYN-ACK captured!")
        return
    t0 = synacks[0]
    if syn_in:
        RES.out(key, f"   SYN arrived {t0 - syn_in[0]:.6f} s before the first SYN-ACK")
    RES.out(key, f"   {'SYN-ACK#':>8} {'t (s)':>10} {'gap (s)':>9}")
    for i, (t, g) in enumerate(zip(synacks, gaps(synacks))):
        RES.out(key, f"   {i:>8} {t - t0:>10.3f} {('-' if g is None else f'{g:.3f}'):>9}")
        RES.row(f"2{tag}_synack_time", i, round(t - t0, 6), f"SYN-ACK #{i} ({title})")
    if t_gone:
        RES.out(key, f"   half-open entry gone from 'ss state syn-recv' between "
                     f"{last_present - t0:.1f} and {t_gone - t0:.1f} s after the first SYN-ACK")
        RES.row(f"2{tag}_request_expired", 0, round((last_present + t_gone) / 2 - t0, 3),
                f"ss poll: present at {last_present - t0:.2f}, gone at {t_gone - t0:.2f}")
    else:
        RES.out(key, f"   half-open entry still present at the {cap_s} s cap")
        RES.row(f"2{tag}_request_expired", 0, "", f"still present at {cap_s} s cap")
    if rsts:
        RES.out(key, f"   WARNING: {len(rsts)} RST segment(s) seen")


# ---------------------------------------------------------------------------
# 3. TIME-WAIT duration

# ss prints an empty time ("timewait,,0") once the timer has fired.
TIMER_RE = re.compile(r"timer:\(timewait,([^,]*),\d+\)")


def m3_time_wait(args):
    key = "3"
    pair = Pair("m3")
    cap = Capture(pair.a, A_IF)
    cli, conn = connected_pair(pair, 9000)
    request_response(cli, conn, 1)
    cport = cli.getsockname()[1]
    cli.close()                      # the client closes first ...
    assert conn.recv(10) == b""
    conn.close()                     # ... the server follows: client enters TIME-WAIT
    wait_until(lambda: cap.segs(lambda x: not x.out and x.flags & FIN), 2)
    fin = cap.segs(lambda x: not x.out and x.flags & FIN)
    t_tw = fin[0].ts if fin else time.time()   # entry into TIME-WAIT (peer's FIN)
    cap_s = 20 if args.quick else 75
    progress(f"3: TIME-WAIT of {A_IP}:{cport}, polling ss every 0.5 s for up to {cap_s} s")
    readings = []
    last_present = t_gone = None
    while time.time() < t_tw + cap_s:
        t = time.time()
        line = next((l for l in pair.ss("a", "state", "time-wait").splitlines()
                     if f"{A_IP}:{cport} " in l), None)
        if line is None:
            t_gone = t
            break
        last_present = t
        m = TIMER_RE.search(line)
        readings.append((t - t_tw, (m.group(1) or "expired") if m else line.strip()))
        time.sleep(0.5)
    cap.stop()
    RES.out(key, f"[3] TIME-WAIT (client closes first; tcp_fin_timeout={pair.defaults['tcp_fin_timeout']})")
    if readings:
        # The first reading, one from about half-way and the last one.
        picks = sorted({0, len(readings) // 2, len(readings) - 1})
        for i in picks:
            t, timer = readings[i]
            RES.out(key, f"   ss at {t:6.2f} s after entering TIME-WAIT: timewait timer shows {timer}")
            RES.row("3_ss_timer", i, round(t, 3), f"timer shown: {timer}")
    if t_gone:
        RES.out(key, f"   socket disappeared between {last_present - t_tw:.2f} and "
                     f"{t_gone - t_tw:.2f} s after the peer's FIN")
        RES.row("3_time_wait_gone", 0, round((last_present + t_gone) / 2 - t_tw, 3),
                f"ss poll: present at {last_present - t_tw:.2f}, gone at {t_gone - t_tw:.2f}")
    else:
        RES.out(key, f"   still in TIME-WAIT at the {cap_s} s cap")
        RES.row("3_time_wait_gone", 0, "", f"still present at {cap_s} s cap")


# ---------------------------------------------------------------------------
# 4. ACK of a lone FIN, and 3- versus 4-segment close

def fin_case(pair, port, warm, close_on_eof):
    """Client (a) sends FIN; the application in b either idles for 1 s or closes as
    soon as recv() returns 0. Returns (segments from the FIN on, FIN time, app times)."""
    cap = Capture(pair.b, B_IF)
    cli, conn = connected_pair(pair, port)
    cport = cli.getsockname()[1]
    if warm:
        request_response(cli, conn, 5)
    app = {}

    def reader():
        d = conn.recv(100)
        app["eof"] = time.time()
        app["data"] = d
        conn.close()
        app["closed"] = time.time()

    th = None
    if close_on_eof:
        th = threading.Thread(target=reader, daemon=True)
        th.start()
    # Let delayed ACKs of the warm-up drain (or, after the handshake, just let the
    # reader block in recv()), so the FIN arrives alone.
    time.sleep(0.1 if warm else 0.05)
    cli.close()
    if close_on_eof:
        th.join(3)
        time.sleep(0.3)
    else:
        time.sleep(1.0)           # the application neither reads nor closes
        app["closed_call"] = time.time()
        conn.close()
        time.sleep(0.3)
    cap.stop()
    segs = cap.segs(lambda x: cport in (x.sport, x.dport))
    fins = [x for x in segs if not x.out and x.flags & FIN]
    if not fins:
        raise RuntimeError("FIN from the peer not captured")
    fin = fins[0]
    after = [x for x in segs if x.ts >= fin.ts]
    acks = [x for x in after if x.out and x.flags & ACK and seq_ge(x.ack, fin.end_seq())]
    delay = acks[0].ts - fin.ts if acks else None
    return after, fin, delay, acks[0] if acks else None, app


def m4_fin_ack(args):
    key = "4"
    pair = Pair("m4")
    RES.out(key, "[4] ACK of a lone FIN (peer in a closes; application in b; times relative to the FIN)")
    port = 9100
    for warm, label in ((True, "after 5 request/response exchanges"), (False, "right after the handshake")):
        tagw = "rr" if warm else "hs"
        delays = []
        first_listing = None
        for rep in range(3):
            after, fin, delay, ackseg, app = fin_case(pair, port, warm, close_on_eof=False)
            port += 1
            delays.append(delay)
            note = f"app idle 1 s, {label}" + (f"; ACK segment flags {ackseg.fl()}" if ackseg else "")
            RES.row(f"4_fin_ack_delay_{tagw}", rep, round(delay, 6) if delay is not None else "", note)
            if first_listing is None:
                first_listing = (after, fin, app)
        RES.out(key, f"   app neither reads nor closes for 1 s, {label}:")
        RES.out(key, "     ACK of the FIN after " + ", ".join(
            "none" if x is None else f"{x * 1000:.1f} ms" for x in delays) + "  (3 runs)")
        after, fin, app = first_listing
        RES.out(key, "     wire (run 0):")
        for x in after:
            RES.out(key, "       " + x.describe(fin.ts))
        RES.out(key, f"       (application close() called at {app['closed_call'] - fin.ts:+.6f}s)")

        after, fin, delay, ackseg, app = fin_case(pair, port, warm, close_on_eof=True)
        port += 1
        outs = [x for x in after if x.out]
        first_out = outs[0] if outs else None
        if first_out and first_out.flags & FIN:
            kind = "3-segment close: the ACK of the FIN rides on our FIN (FIN|ACK)"
        elif first_out:
            kind = "4-segment close: separate ACK, then FIN"
        else:
            kind = "nothing sent?"
        RES.out(key, f"   app closes as soon as recv() returns 0, {label}: {kind}")
        for i, x in enumerate(after):
            RES.out(key, "       " + x.describe(fin.ts))
            RES.row(f"4_close_on_eof_{tagw}", i, round(x.ts - fin.ts, 6),
                    f"{'out' if x.out else 'in'} {x.fl()} len={x.plen}")
        if "eof" in app:
            RES.out(key, f"       (recv() returned 0 at {app['eof'] - fin.ts:+.6f}s, "
                         f"close() returned at {app['closed'] - fin.ts:+.6f}s)")
        RES.row(f"4_close_kind_{tagw}", 0, "", kind)


# ---------------------------------------------------------------------------
# 5. Delayed ACK of a single small data segment

def m5_data_ack(args):
    key = "5"
    pair = Pair("m5")
    RES.out(key, "[5] ACK delay of one 10-byte segment the application does not answer "
                 "(times from the segment's arrival in b)")
    cap = Capture(pair.b, B_IF)

    def one(cli, conn, read):
        cport = cli.getsockname()[1]
        got = {}
        th = None
        if read:
            th = threading.Thread(target=lambda: got.setdefault("d", conn.recv(100)), daemon=True)
            th.start()
        time.sleep(0.1)           # quiet period: earlier delayed ACKs have gone out
        mark = time.time()
        cli.send(b"x" * 10)
        time.sleep(0.5)
        if read:
            th.join(1)
        else:
            recv_exact(conn, 10)  # drain afterwards, outside the measured window
        segs = cap.segs(lambda x: x.ts >= mark and cport in (x.sport, x.dport))
        data = next((x for x in segs if not x.out and x.plen > 0), None)
        if data is None:
            return None, None
        ack = next((x for x in segs if x.out and x.ts >= data.ts and x.flags & ACK
                    and seq_ge(x.ack, data.end_seq())), None)
        return (ack.ts - data.ts if ack else None), ack

    variants = [
        ("noread", "after request/response, application does not read", True, False),
        ("read", "after request/response, application reads but does not reply", True, True),
        ("hs", "first segment right after the handshake (quick-ack mode), no read", False, False),
    ]
    port = 9200
    for tagv, label, warm, read in variants:
        delays = []
        for rep in range(3):
            cli, conn = connected_pair(pair, port)
            port += 1
            if warm:
                request_response(cli, conn, 8)
            delay, ack = one(cli, conn, read)
            delays.append(delay)
            RES.row(f"5_data_ack_delay_{tagv}", rep, round(delay, 6) if delay is not None else "",
                    label + (f"; ACK flags {ack.fl()} len={ack.plen}" if ack else ""))
            abort(cli)
            abort(conn)
        RES.out(key, f"   {label}: " + ", ".join(
            "none" if x is None else f"{x * 1000:.2f} ms" for x in delays) + "  (3 runs)")
    cap.stop()


# ---------------------------------------------------------------------------
# 6. Minimum RTO

def m6_rto(args, tag, early_retrans):
    key = f"6{tag}"
    pair = Pair("m6" + tag)
    title = "default sysctls"
    if early_retrans is not None:
        sysctl_set(pair.a, "tcp_early_retrans", early_retrans)
        title = f"tcp_early_retrans={early_retrans} (no tail loss probe)"
    n_retx = 6 if args.quick else 9
    cap = Capture(pair.a, A_IF)
    cli, conn = connected_pair(pair, 9300)
    cport = cli.getsockname()[1]
    pair.blackhole("a", B_IP)     # from now on b never sees anything from a
    progress(f"6{tag}: one segment into a silent peer ({title}), waiting for {n_retx} retransmissions")
    cli.send(b"d" * 100)

    def data():
        return cap.segs(lambda x: x.out and x.plen > 0 and x.sport == cport)

    # Retransmissions at about 0.2 * (2^k - 1) s, plus a margin.
    wait_until(lambda: len(data()) >= n_retx + 1, 0.2 * (2 ** (n_retx + 1) - 1) + 5, 0.1)
    cap.stop()
    abort(cli)
    abort(conn)
    ts = [x.ts for x in data()]
    RES.out(key, f"[6{tag}] Retransmissions of one data segment into a silent peer, {title} "
                 f"(tcp_rto_min_us={pair.defaults['tcp_rto_min_us']})")
    if not ts:
        RES.out(key, "   no data segment captured!")
        return
    t0 = ts[0]
    RES.out(key, f"   {'tx#':>4} {'t (s)':>10} {'gap (s)':>9}")
    for i, (t, g) in enumerate(zip(ts, gaps(ts))):
        RES.out(key, f"   {i:>4} {t - t0:>10.3f} {('-' if g is None else f'{g:.3f}'):>9}"
                     + ("   (original)" if i == 0 else ""))
        RES.row(f"6{tag}_retx_time", i, round(t - t0, 6),
                ("original transmission" if i == 0 else f"retransmission #{i}") + f" ({title})")


# ---------------------------------------------------------------------------
# 7. Ephemeral ports

def m7_ports(args):
    key = "7"
    pair = Pair("m7")
    rng = pair.defaults["ip_local_port_range"]
    lo, hi = map(int, rng.split())
    listeners = []
    for p in (6001, 6002, 6003, 6004):
        s = pair.socket("b", socket.AF_INET, socket.SOCK_STREAM)
        s.bind((B_IP, p))
        s.listen(64)
        listeners.append(s)

    def connect_port(dport):
        c = pair.socket("a", socket.AF_INET, socket.SOCK_STREAM)
        c.settimeout(5)
        c.connect((B_IP, dport))
        port = c.getsockname()[1]
        c.close()
        return port

    same = [connect_port(6001) for _ in range(8)]
    diff = [connect_port(p) for p in (6002, 6003, 6004, 6002, 6003, 6004)]
    binds = []
    for _ in range(4):
        s = pair.socket("a", socket.AF_INET, socket.SOCK_STREAM)
        s.bind((A_IP, 0))
        binds.append(s.getsockname()[1])
        s.close()
    for s in listeners:
        s.close()
    RES.out(key, f"[7] Ephemeral ports (ip_local_port_range = {lo}..{hi})")

    def show(label, ports, meas):
        deltas = [b - a for a, b in zip(ports, ports[1:])]
        par = "all even" if all(p % 2 == 0 for p in ports) else (
            "all odd" if all(p % 2 for p in ports) else "mixed parity")
        inr = all(lo <= p <= hi for p in ports)
        RES.out(key, f"   {label}: {ports}")
        RES.out(key, f"      deltas {deltas}; {par}; {'all in range' if inr else 'OUT OF RANGE'}")
        for i, p in enumerate(ports):
            RES.row(meas, i, p, f"port number, not seconds; {label}")

    show("connect() x8 to the same destination", same, "7_port_same_dst")
    show("connect() to 6002,6003,6004,6002,6003,6004", diff, "7_port_diff_dst")
    show("bind(port 0) x4", binds, "7_port_bind0")


# ---------------------------------------------------------------------------

def print_sysctls(args):
    pair = Pair("sys")
    RES.out("0", "[0] sysctl defaults (net.ipv4.*) in a fresh network namespace "
                 "(host value shown for comparison, read only)")
    RES.out("0", f"   {'name':<26} {'netns default':<16} host")
    for n in SYSCTLS:
        v = pair.defaults[n]
        try:
            with open(sysctl_path(n)) as f:
                h = " ".join(f.read().split())
        except FileNotFoundError:
            h = "(absent)"
        RES.out("0", f"   {n:<26} {v if v is not None else '(absent)':<16} {h}")
        RES.row("sysctl_default", n, v if v is not None else "", f"namespace default; host {h}")


def guarded(fn, key, *a):
    """Run one measurement; a failure is reported instead of stopping the others."""
    try:
        fn(*a)
    except Exception as e:  # noqa: BLE001 - any failure is reported, the rest go on
        RES.out(key, f"[{key}] FAILED: {type(e).__name__}: {e}")


def main():
    ap = argparse.ArgumentParser(description="Measure Linux TCP timers in network namespaces.")
    ap.add_argument("--quick", action="store_true", help="cap long waits at about 20 s")
    ap.add_argument("--csv", metavar="FILE", help="write measurement,index,value_seconds,notes")
    ap.add_argument("--only", default="1,2,3,4,5,6,7", help="comma-separated measurement numbers")
    args = ap.parse_args()
    only = {int(x) for x in args.only.split(",") if x.strip()}
    if os.geteuid() != 0:
        sys.exit("must run as root (network namespaces)")

    # SIGTERM/SIGHUP unwind through the finally below like Ctrl-C (KeyboardInterrupt)
    # does. A signal that is ignored on entry (e.g. SIGHUP under nohup) stays ignored.
    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            signal.signal(sig, on_signal)

    t_start = time.time()
    try:
        remove_stale_namespaces()
        print(f"kernel {os.uname().release}; {'quick' if args.quick else 'full'} run", flush=True)
        print_sysctls(args)
        print("\n".join(RES.text["0"]), flush=True)
        print("running measurements ...", flush=True)
        # Long, mostly idle measurements run concurrently in their own namespaces;
        # the short ones (4, 5, 7) run one after another in the main thread meanwhile.
        jobs = []
        if 1 in only:
            jobs += [("1a", m1_active_open, (args, "a", None)),
                     ("1b", m1_active_open, (args, "b", 0))]
        if 2 in only:
            jobs += [("2a", m2_passive_open, (args, "a", None)),
                     ("2b", m2_passive_open, (args, "b", 0))]
        if 3 in only:
            jobs.append(("3", m3_time_wait, (args,)))
        if 6 in only:
            jobs += [("6a", m6_rto, (args, "a", None)), ("6b", m6_rto, (args, "b", 0))]
        threads = []
        for key, fn, a in jobs:
            th = threading.Thread(target=guarded, args=(fn, key) + a, daemon=True)
            th.start()
            threads.append(th)
        for n, fn in ((7, m7_ports), (5, m5_data_ack), (4, m4_fin_ack)):
            if n in only:
                progress(f"{n}: running")
                guarded(fn, str(n), args)
        for th in threads:
            while th.is_alive():    # join with a timeout so signals are handled
                th.join(0.5)
        print()
        for key in sorted(k for k in RES.text if k != "0"):
            print("\n".join(RES.text[key]))
            print()
        if args.csv:
            with open(args.csv, "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["measurement", "index", "value_seconds", "notes"])
                w.writerows(RES.rows)
            print(f"CSV written to {args.csv}")
        print(f"total time {time.time() - t_start:.1f} s")
    finally:
        cleanup_namespaces()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        # The namespaces are already gone (finally in main()).
        sys.exit("interrupted; namespaces removed")
