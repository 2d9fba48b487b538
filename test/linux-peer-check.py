#!/usr/bin/env python3
"""synfin against the machine's own Linux TCP, through a tap device (`make test-linux-peer`).

    test/linux-peer-check.py LINUX_PEER OUT_DIR [--syn-retries N] [--profile NAME]
                             [--keep-namespace]

LINUX_PEER is build/bin/linux-peer (examples/linux-peer.cc); OUT_DIR receives a pcap of every
case, the outputs of both ends and summary.txt. Exit status: 0 every case passed, 1 a case
failed (each failure is printed), 77 the machine does not allow the test (the reason is
printed: not root, no /dev/net/tun, no network namespaces, no tap devices, no tshark).

The set-up, all inside a network namespace of its own that the script creates and deletes
(also on failure and on SIGINT/SIGTERM); nothing on the host's interfaces changes and no
packet leaves the machine:
  * a tap device, 10.99.0.1/30 on the Linux side; the simulated synfin node is 10.99.0.2,
    with its default route through 10.99.0.1;
  * 192.0.2.1 (TEST-NET-1) is silent to Linux: a permanent neighbour entry sends it to a MAC
    address that nobody owns, and the synfin node, not in promiscuous mode, ignores it;
  * 192.0.2.2 is silent to synfin: its packets reach Linux, which does not forward
    (ip_forward=0) and drops them without an ICMP message;
  * tcp_syn_retries is lowered to --syn-retries (2 unless given) in the namespace, and the
    synfin node's ConnCount is set to the same retries plus the linear timeouts, so both
    complete SYN schedules, failure included, take about 11 s.

Cases, each way round:
  handshake, 1 MB each way (every byte checked by both ends) and close, Linux client:
      Linux, the active closer, holds the connection in TIME-WAIT (`ss -tan state
      time-wait`); synfin goes LAST-ACK -> CLOSED;
  the same with a synfin client: synfin ends in TIME-WAIT, Linux's socket is gone;
  connect to a closed port: Linux's RST|ACK fails synfin's connect at once (one SYN), and
      synfin's RST|ACK fails Linux's with ECONNREFUSED at once;
  SYN schedules: Linux and synfin (profile linux, or linux-5 on kernels without
      tcp_syn_linear_timeouts) each connect to a silent address at the same time; the SYN
      times from the capture and the time of the failure, side by side.
Every pcap is read by tshark with IP and TCP checksum validation on: no malformed packet and
no expert error is allowed. A copy of one pcap with one payload byte flipped must be caught
(the check is shown to work).
"""

import argparse
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
APP = os.path.join(HERE, "linux-peer-app.py")
SKIP = 77
PREFIX = "sfpeer"
TAP = "sfpeer0"
LINUX_IP = "10.99.0.1"
SYNFIN_IP = "10.99.0.2"
SILENT_TO_LINUX = "192.0.2.1"
SILENT_TO_SYNFIN = "192.0.2.2"
BOGUS_MAC = "02:00:5e:10:99:99"
MEGABYTE = 1000000
# "At once": the simulated node answers within microseconds and there is no link delay, so
# anything a retransmission would take (1 s) is far above this.
AT_ONCE = 0.5
# The gaps between SYNs compared with the kernel's: its timers fire on a jiffy, a few
# milliseconds late, and timers longer than about 1 s sit on coarser levels of its timer
# wheel, which fire up to an eighth of the timeout late (measured: 33.8 s for 32 s).
SYN_TOLERANCE_ABS = 0.1
SYN_TOLERANCE_REL = 0.125


class Skip(Exception):
    """The machine does not allow the test."""


def run(args, check=True):
    r = subprocess.run(args, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError("%s failed (%d): %s" % (" ".join(args), r.returncode, r.stderr.strip()))
    return r


class Namespace:
    """A network namespace holding the tap device; deleted by close()."""

    def __init__(self):
        self.name = "%s-%d" % (PREFIX, os.getpid())
        self.created = False

    def create(self, syn_retries):
        r = run(["ip", "netns", "add", self.name], check=False)
        if r.returncode != 0:
            raise Skip("cannot create a network namespace (ip netns add): " + r.stderr.strip())
        self.created = True
        r = run(self.exec_args(["true"]), check=False)
        if r.returncode != 0:
            raise Skip("cannot run a program in a network namespace (ip netns exec): "
                       + r.stderr.strip())
        r = self.ip(["tuntap", "add", "dev", TAP, "mode", "tap"], check=False)
        if r.returncode != 0:
            raise Skip("cannot create a tap device in a network namespace (ip tuntap add): "
                       + r.stderr.strip())
        if self.sysctl("net.ipv4.tcp_syn_retries") is None:
            raise Skip("cannot read the namespace's sysctls (/proc/sys/net)")
        self.ip(["link", "set", "lo", "up"])
        self.ip(["addr", "add", LINUX_IP + "/30", "dev", TAP])
        self.ip(["link", "set", TAP, "up"])
        self.ip(["route", "add", SILENT_TO_LINUX + "/32", "dev", TAP])
        self.ip(["neigh", "replace", SILENT_TO_LINUX, "lladdr", BOGUS_MAC, "dev", TAP,
                 "nud", "permanent"])
        self.sysctl("net.ipv4.ip_forward", "0")
        self.sysctl("net.ipv4.tcp_syn_retries", str(syn_retries))

    def ip(self, args, check=True):
        return run(["ip", "-n", self.name] + args, check)

    def exec_args(self, args):
        return ["ip", "netns", "exec", self.name] + args

    def sysctl(self, name, value=None):
        """Read (value None) or write a sysctl inside the namespace; None if absent."""
        path = "/proc/sys/" + name.replace(".", "/")
        if value is None:
            r = run(self.exec_args(["cat", path]), check=False)
            return r.stdout.strip() if r.returncode == 0 else None
        r = run(self.exec_args(["sh", "-c", "echo %s > %s" % (value, path)]), check=False)
        if r.returncode != 0:
            raise Skip("cannot set %s in the namespace: %s" % (name, r.stderr.strip()))
        return value

    def ss(self, *args):
        return run(self.exec_args(["ss", "-tanH"] + list(args))).stdout

    def close(self):
        if self.created:
            run(["ip", "netns", "del", self.name], check=False)
            self.created = False


def remove_stale_namespaces():
    """Namespaces of earlier runs that were killed before they could clean up."""
    r = run(["ip", "netns", "list"], check=False)
    for line in r.stdout.splitlines():
        name = line.split()[0] if line.split() else ""
        m = re.fullmatch(PREFIX + r"-(\d+)", name)
        if m and not os.path.exists("/proc/" + m.group(1)):
            run(["ip", "netns", "del", name], check=False)


class Program:
    """A program run inside the namespace whose "event" lines are read as it goes."""

    def __init__(self, ns, args, log):
        self.log_path = log
        self.log = open(log, "w")
        self.proc = subprocess.Popen(ns.exec_args(args), stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True, bufsize=1)
        self.lines = []

    def _read(self):
        line = self.proc.stdout.readline()
        if line:
            self.log.write(line)
            self.log.flush()
            self.lines.append(line.rstrip("\n"))
        return line

    def wait_for(self, event, timeout):
        """Read until the event line appears; False if the program ends or time runs out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(l.startswith("event " + event + " ") or l == "event " + event
                   for l in self.lines):
                return True
            if not self._read() and self.proc.poll() is not None:
                return False
        return False

    def finish(self, timeout):
        """Wait for the end and read the rest; kill it if it overruns. Returns its status."""
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        for line in out.splitlines():
            self.log.write(line + "\n")
            self.lines.append(line)
        self.log.close()
        return self.proc.returncode

    def events(self, name):
        """[(seconds, detail)] of every "event NAME" line."""
        found = []
        for line in self.lines:
            parts = line.split(" ", 3)
            if len(parts) >= 3 and parts[0] == "event" and parts[1] == name:
                found.append((float(parts[2]), parts[3] if len(parts) > 3 else ""))
        return found

    def states(self):
        """The state changes, as "FROM -> TO" strings."""
        found = []
        for line in self.lines:
            m = re.match(r"state .*?\s(\S+)\s+->\s+(\S+)\s+on ", line)
            if m:
                found.append("%s -> %s" % m.groups())
        return found


class Capture:
    """tshark writing every frame of the tap device to a pcap."""

    def __init__(self, ns, path):
        self.path = path
        self.proc = subprocess.Popen(ns.exec_args(["tshark", "-q", "-i", TAP, "-F", "pcap", "-w", path]),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        # tshark says so on stderr once the capture runs; before that, frames would be lost.
        seen = ""
        while "Capturing on" not in seen:
            line = self.proc.stderr.readline()
            if not line:
                raise RuntimeError("tshark did not start capturing: " + seen.strip())
            seen += line

    def stop(self):
        time.sleep(0.2)  # the last frames written by the kernel reach the capture
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


TCP_FIELDS = ["frame.time_epoch", "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
              "tcp.flags.str", "tcp.seq", "tcp.ack", "tcp.len"]


def segments(pcap):
    """Every TCP segment of a capture: dicts of TCP_FIELDS (time as float, flags as text)."""
    args = ["tshark", "-r", pcap, "-Y", "tcp", "-T", "fields", "-E", "separator=|"]
    for f in TCP_FIELDS:
        args += ["-e", f]
    rows = []
    for line in run(args).stdout.splitlines():
        values = dict(zip(TCP_FIELDS, line.split("|")))
        values["time"] = float(values["frame.time_epoch"])
        # tcp.flags.str is e.g. "·······A··S·": keep the letters.
        values["flags"] = "".join(c for c in values["tcp.flags.str"] if c.isalpha())
        rows.append(values)
    return rows


def pcap_problems(pcap):
    """Malformed packets and expert errors, with checksums validated: [] when clean."""
    r = run(["tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE",
             "-Y", "_ws.malformed || _ws.expert.severity >= 0x00800000",
             "-T", "fields", "-e", "frame.number", "-e", "_ws.expert.message"])
    return [l for l in r.stdout.splitlines() if l.strip()]


def corrupt_copy(pcap, out):
    """A copy with the last byte of the first frame longer than 100 bytes flipped (a TCP
    payload byte of a data segment: its checksum no longer holds)."""
    data = bytearray(open(pcap, "rb").read())
    offset = 24  # pcap file header
    while offset + 16 <= len(data):
        incl = struct.unpack_from("<I", data, offset + 8)[0]
        if incl > 100:
            data[offset + 16 + incl - 1] ^= 0xFF
            open(out, "wb").write(data)
            return True
        offset += 16 + incl
    return False


class Results:
    def __init__(self, out_dir):
        self.failures = []
        self.summary = open(os.path.join(out_dir, "summary.txt"), "w")

    def say(self, line):
        print(line, flush=True)
        self.summary.write(line + "\n")
        self.summary.flush()

    def check(self, case, ok, what):
        self.say("  %s %s" % ("ok  " if ok else "FAIL", what))
        if not ok:
            self.failures.append("%s: %s" % (case, what))
        return ok


class Cases:
    def __init__(self, ns, binary, out_dir, profile, synfin_overrides, results):
        self.ns = ns
        self.binary = binary
        self.out = out_dir
        self.profile = profile
        self.overrides = synfin_overrides
        self.r = results

    def synfin(self, case, role, *args):
        return Program(self.ns, [self.binary, "--tap=" + TAP, "--role=" + role,
                                 "--profile=" + self.profile] + self.overrides + list(args),
                       os.path.join(self.out, case + "-synfin.txt"))

    def linux(self, case, role, *args):
        return Program(self.ns, ["python3", APP, role] + list(args),
                       os.path.join(self.out, case + "-linux.txt"))

    def capture(self, case):
        return Capture(self.ns, os.path.join(self.out, case + ".pcap"))

    def check_pcap(self, case, cap, expect_segments=True):
        problems = pcap_problems(cap.path)
        self.r.check(case, not problems, "%s: no malformed segment, no expert error%s"
                     % (os.path.basename(cap.path), "" if not problems else ": " + "; ".join(problems)))
        segs = segments(cap.path)
        if expect_segments:
            self.r.check(case, bool(segs), "the capture holds the case's segments (%d)" % len(segs))
        return segs

    def handshake_of(self, case, segs, client_ip):
        first = [s["flags"] for s in segs[:3]]
        self.r.check(case, first == ["S", "AS", "A"] and segs[0]["ip.src"] == client_ip,
                     "three segments open it: SYN, SYN-ACK, ACK from %s (seen: %s)"
                     % (client_ip, ", ".join(first)))

    def transfer_linux_client(self):
        case = "linux-client-synfin-server"
        self.r.say("%s: handshake, 1 MB each way, Linux closes first" % case)
        cap = self.capture(case)
        server = self.synfin(case, "server", "--port=5001", "--bytes=%d" % MEGABYTE,
                             "--limit=60s")
        if not self.r.check(case, server.wait_for("listening", 30), "synfin listens"):
            server.finish(5)
            cap.stop()
            return
        client = self.linux(case, "client", "--connect=%s:5001" % SYNFIN_IP,
                            "--bytes=%d" % MEGABYTE)
        linux_status = client.finish(60)
        time_wait = self.ns.ss("state", "time-wait")
        server.finish(30)
        cap.stop()
        local = client.events("connected")
        port = local[0][1].split("=")[1] if local else "?"
        self.r.check(case, linux_status == 0 and client.events("verified"),
                     "Linux connected, sent 1 MB and read 1 MB back, every byte as sent")
        self.r.check(case, bool(server.events("verified")) and bool(server.events("sent")),
                     "synfin read 1 MB, every byte as sent, and sent 1 MB back")
        self.r.check(case, "%s:%s" % (LINUX_IP, port) in time_wait and
                     "%s:5001" % SYNFIN_IP in time_wait,
                     "Linux (active closer) holds %s:%s in TIME-WAIT (ss: %s)"
                     % (LINUX_IP, port, " ".join(time_wait.split()) or "nothing"))
        states = server.states()
        self.r.check(case, "CLOSE-WAIT -> LAST-ACK" in states and "LAST-ACK -> CLOSED" in states,
                     "synfin (passive closer) went CLOSE-WAIT -> LAST-ACK -> CLOSED")
        segs = self.check_pcap(case, cap)
        self.handshake_of(case, segs, LINUX_IP)
        fins = [s for s in segs if "F" in s["flags"]]
        self.r.check(case, [s["ip.src"] for s in fins] == [LINUX_IP, SYNFIN_IP],
                     "one FIN each way, Linux's first")

    def transfer_synfin_client(self):
        case = "synfin-client-linux-server"
        self.r.say("%s: handshake, 1 MB each way, synfin closes first" % case)
        cap = self.capture(case)
        server = self.linux(case, "server", "--port=5002", "--bytes=%d" % MEGABYTE)
        if not self.r.check(case, server.wait_for("listening", 10), "Linux listens"):
            server.finish(5)
            cap.stop()
            return
        client = self.synfin(case, "client", "--peer=%s:5002" % LINUX_IP,
                             "--bytes=%d" % MEGABYTE, "--limit=60s")
        client.finish(70)
        linux_status = server.finish(30)
        remaining = self.ns.ss("sport", "= :5002")
        cap.stop()
        self.r.check(case, bool(client.events("verified")) and bool(client.events("sent")),
                     "synfin connected, sent 1 MB and read 1 MB back, every byte as sent")
        self.r.check(case, linux_status == 0 and bool(server.events("verified")),
                     "Linux read 1 MB, every byte as sent, and sent 1 MB back")
        states = client.states()
        self.r.check(case, any(s.endswith("-> TIME-WAIT") for s in states),
                     "synfin (active closer) ends in TIME-WAIT (%s)"
                     % ", ".join(s for s in states if "FIN" in s or "TIME" in s))
        self.r.check(case, not remaining.strip(),
                     "Linux (passive closer) has no socket left on port 5002 (ss: %s)"
                     % (" ".join(remaining.split()) or "nothing"))
        segs = self.check_pcap(case, cap)
        self.handshake_of(case, segs, SYNFIN_IP)
        fins = [s for s in segs if "F" in s["flags"]]
        self.r.check(case, [s["ip.src"] for s in fins] == [SYNFIN_IP, LINUX_IP],
                     "one FIN each way, synfin's first")

    def refused_by_linux(self):
        case = "synfin-client-closed-linux-port"
        self.r.say("%s: synfin connects to a port nobody listens on" % case)
        cap = self.capture(case)
        client = self.synfin(case, "client", "--peer=%s:5003" % LINUX_IP, "--bytes=0",
                             "--limit=30s", "--linger=0.2s")
        client.finish(40)
        cap.stop()
        start, failed = client.events("connect"), client.events("connect-failed")
        took = failed[0][0] - start[0][0] if start and failed else None
        self.r.check(case, took is not None and took < AT_ONCE,
                     "synfin's connect failed at once (%s)"
                     % ("%.3f s" % took if took is not None else "it did not fail"))
        self.r.check(case, "SYN-SENT -> CLOSED" in client.states(),
                     "synfin went SYN-SENT -> CLOSED")
        segs = self.check_pcap(case, cap)
        flags = [(s["ip.src"], s["flags"]) for s in segs]
        self.r.check(case, flags == [(SYNFIN_IP, "S"), (LINUX_IP, "AR")],
                     "one SYN, answered by Linux's RST|ACK (seen: %s)" % flags)

    def refused_by_synfin(self):
        case = "linux-client-closed-synfin-port"
        self.r.say("%s: Linux connects to a port nobody listens on" % case)
        cap = self.capture(case)
        server = self.synfin(case, "server", "--port=5001", "--bytes=0", "--limit=8s")
        if not self.r.check(case, server.wait_for("listening", 30), "synfin is up"):
            server.finish(5)
            cap.stop()
            return
        client = self.linux(case, "connect", "--connect=%s:5009" % SYNFIN_IP)
        client.finish(30)
        server.proc.send_signal(signal.SIGTERM)
        server.finish(10)
        cap.stop()
        start, failed = client.events("connect"), client.events("connect-failed")
        took = failed[0][0] - start[0][0] if start and failed else None
        self.r.check(case, took is not None and took < AT_ONCE and
                     failed[0][1] == "ECONNREFUSED",
                     "Linux's connect failed at once with ECONNREFUSED (%s)"
                     % ("%.3f s, %s" % (took, failed[0][1]) if failed else "it did not fail"))
        segs = self.check_pcap(case, cap)
        flags = [(s["ip.src"], s["flags"]) for s in segs]
        self.r.check(case, flags == [(LINUX_IP, "S"), (SYNFIN_IP, "AR")],
                     "one SYN, answered by synfin's RST|ACK (seen: %s)" % flags)

    def syn_schedules(self, syn_retries):
        case = "syn-schedules"
        self.r.say("%s: Linux and synfin each connect to a silent address" % case)
        cap = self.capture(case)
        kernel = self.linux(case, "connect", "--connect=%s:5001" % SILENT_TO_LINUX)
        model = self.synfin(case, "client", "--peer=%s:5001" % SILENT_TO_SYNFIN, "--bytes=0",
                            "--limit=300s", "--linger=0.2s")
        kernel.finish(400)
        model.finish(400)
        cap.stop()
        segs = self.check_pcap(case, cap)
        syns = {}
        for who, dst in (("linux", SILENT_TO_LINUX), ("synfin", SILENT_TO_SYNFIN)):
            times = [s["time"] for s in segs if s["ip.dst"] == dst and s["flags"] == "S"]
            others = [s for s in segs if s["ip.dst"] == dst and s["flags"] != "S"]
            others += [s for s in segs if s["ip.src"] == dst]
            self.r.check(case, not others, "%s: only SYNs to and nothing from %s"
                         % (who, dst))
            syns[who] = [t - times[0] for t in times] if times else []
        fail = {}
        for who, prog in (("linux", kernel), ("synfin", model)):
            start, failed = prog.events("connect"), prog.events("connect-failed")
            fail[who] = failed[0][0] - start[0][0] if start and failed else None
        self.r.say("  SYN times, seconds from the first (tcp_syn_retries=%d in the namespace):"
                   % syn_retries)
        for who in ("linux", "synfin"):
            self.r.say("    %-7s %s; connect failed after %s" % (
                who, ", ".join("%.3f" % t for t in syns[who]),
                "%.3f s" % fail[who] if fail[who] is not None else "never"))
        same_count = len(syns["linux"]) == len(syns["synfin"]) and len(syns["linux"]) > 1
        self.r.check(case, same_count, "as many SYNs (%d and %d)"
                     % (len(syns["linux"]), len(syns["synfin"])))

        def close(kernel, model):
            return abs(kernel - model) <= SYN_TOLERANCE_ABS + SYN_TOLERANCE_REL * kernel

        def gaps(times, end):
            ends = times + ([end] if end is not None else [])
            return [b - a for a, b in zip(ends, ends[1:])]

        if same_count and None not in fail.values():
            # The failure is timed from the connect() call, the SYNs from the first SYN.
            kernel = gaps(syns["linux"], fail["linux"])
            model = gaps(syns["synfin"], fail["synfin"])
            self.r.check(case, all(close(k, m) for k, m in zip(kernel, model)),
                         "each gap between SYNs, and the last SYN's to the failure, within "
                         "%.0f ms + %.1f %% of the kernel's" % (SYN_TOLERANCE_ABS * 1000,
                                                               SYN_TOLERANCE_REL * 100))
        else:
            self.r.check(case, False, "the gaps compared (they are only when the SYN counts "
                                      "agree and both connects failed: %s and %s)"
                         % ("failed" if fail["linux"] is not None else "Linux's did not fail",
                            "failed" if fail["synfin"] is not None else "synfin's did not fail"))

    def checker_catches_corruption(self):
        case = "pcap-check"
        source = os.path.join(self.out, "linux-client-synfin-server.pcap")
        bad = os.path.join(self.out, "corrupted.pcap")
        if not os.path.exists(source) or not corrupt_copy(source, bad):
            self.r.check(case, False, "a data segment to corrupt in %s" % source)
            return
        self.r.check(case, bool(pcap_problems(bad)),
                     "the pcap check flags a copy with one payload byte flipped")


def preconditions():
    if os.geteuid() != 0:
        raise Skip("not root: creating a network namespace and a tap device needs root")
    if not os.path.exists("/dev/net/tun"):
        raise Skip("/dev/net/tun does not exist: this kernel offers no tap devices here")
    for tool in ("ip", "ss", "tshark"):
        if shutil.which(tool) is None:
            raise Skip("%s is not installed (make deps installs tshark; ip and ss come "
                       "with iproute2)" % tool)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("binary")
    parser.add_argument("out_dir")
    parser.add_argument("--syn-retries", type=int, default=2,
                        help="tcp_syn_retries in the namespace (the kernel's default is 6, "
                             "a 130 s schedule)")
    parser.add_argument("--profile",
                        help="synfin's profile (default: linux, or linux-5 on a kernel without "
                             "tcp_syn_linear_timeouts); another one shows where it differs")
    parser.add_argument("--keep-namespace", action="store_true")
    args = parser.parse_args()
    if not os.access(args.binary, os.X_OK):
        print("linux-peer-check: %s is not an executable (build it: make build)" % args.binary,
              file=sys.stderr)
        return 2
    if args.syn_retries < 1 or args.syn_retries > 6:
        print("linux-peer-check: --syn-retries=%d: allowed: 1-6" % args.syn_retries,
              file=sys.stderr)
        return 2
    binary = os.path.abspath(args.binary)
    os.makedirs(args.out_dir, exist_ok=True)
    for f in os.listdir(args.out_dir):
        os.remove(os.path.join(args.out_dir, f))

    ns = Namespace()

    def on_signal(signum, _frame):
        ns.close()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        preconditions()
        remove_stale_namespaces()
        ns.create(args.syn_retries)
    except Skip as e:
        ns.close()
        print("SKIP linux-peer: %s" % e, flush=True)
        return SKIP

    results = Results(args.out_dir)
    try:
        linear = ns.sysctl("net.ipv4.tcp_syn_linear_timeouts")
        # tcp_syn_retries=N is, for synfin, N more retransmissions than the linear ones and
        # a time limit: the connect fails at the first timeout (2^(N+1) - 1) x 1 s after
        # the first SYN (net/ipv4/tcp_timer.c, tcp_model_timeout); the linux profiles hold
        # both for N = 6.
        overrides = ["--ns3::SynFinSocket::ConnectTimeLimit=%ds" % ((2 << args.syn_retries) - 1)]
        if linear is not None:
            profile = "linux"
            overrides += ["--ns3::SynFinSocket::SynLinearTimeouts=" + linear,
                          "--ns3::TcpSocket::ConnCount=%d" % (args.syn_retries + int(linear))]
        else:
            profile = "linux-5"
            overrides += ["--ns3::TcpSocket::ConnCount=%d" % args.syn_retries]
        if args.profile:
            # Another stack's profile as it is: the namespace's tcp_syn_retries is not
            # carried over, so the SYN case compares that profile's schedule with the kernel's.
            profile, overrides = args.profile, []
        results.say("linux-peer: kernel %s, synfin profile %s (%s), namespace %s"
                    % (os.uname().release, profile, " ".join(overrides), ns.name))
        cases = Cases(ns, binary, args.out_dir, profile, overrides, results)
        cases.transfer_linux_client()
        cases.transfer_synfin_client()
        cases.refused_by_linux()
        cases.refused_by_synfin()
        cases.syn_schedules(args.syn_retries)
        cases.checker_catches_corruption()
    finally:
        if not args.keep_namespace:
            ns.close()
    if results.failures:
        results.say("linux-peer: %d check(s) failed:" % len(results.failures))
        for f in results.failures:
            results.say("  " + f)
        return 1
    results.say("linux-peer: every case passed; pcaps and outputs in %s" % args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
