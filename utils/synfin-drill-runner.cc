/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-runner.h"

#include "synfin-drill-segment.h"
#include "synfin-drill-settings.h"
#include "synfin-drill-sockstat.h"
#include "synfin-drill-syscalls.h"
#include "synfin-drill-wire.h"

#include "ns3/config.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/synfin-profile.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>

namespace synfin_drill
{

using namespace ns3;

namespace
{

/// A blocking call may run this long past its expected end before it counts as hung.
const int64_t kHungCallUsecs = 2000000;
/// How long past its expected time (and tolerance) an outbound packet is waited for.
const int64_t kLatePacketUsecs = 2000000;
/// An outbound packet timed '*' is waited for this long at most.
const int64_t kAnyTimeUsecs = 3600LL * 1000000;
/// The first remote port of passive connections (packetdrill takes one from the kernel).
const uint16_t kFirstRemotePort = 49152;

/// \return seconds with six decimals
std::string
Seconds6(int64_t usecs)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.6f", static_cast<double>(usecs) / 1e6);
    return text;
}

/// \return "N (0xN)" as packetdrill prints a field
std::string
Field(uint64_t v)
{
    std::ostringstream os;
    os << v << " (0x" << std::hex << v << ")";
    return os.str();
}

/// The connection the script's packets are about (packetdrill's "socket under test").
struct Tested
{
    /// What the last socket call made of it.
    enum Mode
    {
        NONE,       //!< no listen() or connect() yet
        LISTENING,  //!< a listener; the next inbound packet opens a connection to it
        CONNECTING, //!< connect() was called
        PASSIVE,    //!< a connection the script opened
        ACTIVE,     //!< a connection the stack opened and the script answered
    };

    Mode mode{NONE};                    //!< see Mode
    uint16_t localPort{8080};           //!< the stack's port
    uint16_t remotePort{0};             //!< the script's port
    uint32_t remoteIsn{0};              //!< the script's ISN (its SYN or SYN-ACK)
    bool localIsnKnown{false};          //!< the stack's SYN or SYN-ACK was seen
    uint32_t liveLocalIsn{0};           //!< the stack's ISN
    uint32_t scriptLocalIsn{0};         //!< the ISN the script gave it
    std::map<uint32_t, uint32_t> tsVal; //!< script TSval -> live TSval, of outbound segments
    /// the first outbound TSval, script and live (--tcp_ts_tick_usecs)
    std::optional<std::pair<uint32_t, uint32_t>> firstTs;

    /// \return what to add to a script number in the stack's sequence space (its ACKs and SACK
    ///         edges of the stack's data, the stack's own SEQ) to get the live one
    uint32_t LocalOffset(bool syn) const
    {
        if (!localIsnKnown)
        {
            return 0;
        }
        return syn ? liveLocalIsn - scriptLocalIsn : liveLocalIsn;
    }

    /// \return the same for the script's sequence space (its SEQ, the stack's ACKs)
    uint32_t RemoteOffset(bool syn) const
    {
        return syn ? 0 : remoteIsn;
    }
};

/// The run of one script.
class Runner
{
  public:
    Runner(const Script& script, const RunConfig& config)
        : m_script(script),
          m_config(config),
          m_wire(Ipv4Address(config.localIp.c_str()), Ipv4Address(config.remoteIp.c_str())),
          m_calls(m_wire,
                  CallObserver{[this](uint16_t port) { Listening(port); },
                               [this](uint16_t port) { Connecting(port); },
                               [this]() {
                                   if (m_stopOnCompletion)
                                   {
                                       Simulator::Stop();
                                   }
                               }})
    {
        m_calls.SetBsdSockets(config.bsdSockets);
    }

    /// Run every event; throws DrillError at the first mismatch.
    void Run(int& eventsRun);

  private:
    /// Answer a sockstat question from the node's sockets; throws DrillError when the
    /// count differs (grep's failure fails the script).
    void CheckSockstat(const SockstatQuery& query, int line);
    void Listening(uint16_t port);
    void Connecting(uint16_t port);
    void Inbound(const Event& e, int64_t t, int64_t tolerance);
    void Outbound(const Event& e, int64_t t, int64_t tEnd, int64_t tolerance);
    void Syscall(const Event& e, int64_t t, int64_t end, int64_t tolerance);
    void CheckCompleted();
    void AwaitPending();
    void CheckResult(const CallResult& r);
    void CheckTime(const std::string& what,
                   TimeKind kind,
                   int64_t t,
                   int64_t tEnd,
                   int64_t actual,
                   int64_t tolerance,
                   int line) const;
    WireSegment Build(const PacketEvent& p, int line);
    std::vector<WireOption> ScriptOptions(const TcpSegment& tcp, bool inbound, bool syn, int line);
    void Verify(const Event& e, const Captured& c, int64_t t, int64_t tEnd, int64_t tolerance);
    void Aggregate(Captured& c, uint32_t length);
    std::string CheckTsVal(const std::vector<WireOption>& want,
                           const WireSegment& actual,
                           int64_t usecs);

    const Script& m_script;                      //!< the script
    RunConfig m_config;                          //!< its settings
    Wire m_wire;                                 //!< the node under test
    Syscalls m_calls;                            //!< its descriptors
    Tested m_tested;                             //!< the connection under test
    uint16_t m_nextRemotePort{kFirstRemotePort}; //!< for the next passive connection
    bool m_stopOnCompletion{false};              //!< a run waits for the pending call
    // The pending call's script.
    int m_pendingLine{0};                       //!< its line
    const SyscallEvent* m_pendingCall{nullptr}; //!< the call
    int64_t m_pendingEnd{0};                    //!< when it should return
    int64_t m_pendingTolerance{0};              //!< with this tolerance
    TimeKind m_pendingKind{TimeKind::ABSOLUTE}; //!< how its time was given
};

void
Runner::CheckSockstat(const SockstatQuery& query, int line)
{
    std::vector<Ptr<SynFinSocket>> sockets;
    if (query.ownedOnly)
    {
        sockets = m_calls.OpenSockets();
    }
    else
    {
        // Every connection of the node, half-open ones included (FreeBSD lists its syncache
        // entries as SYN_RCVD); TIME-WAIT records without a socket are not counted.
        Ptr<SynFinL4Protocol> tcp = m_wire.GetTcp();
        for (std::size_t i = 0; i < tcp->GetSocketCount(); ++i)
        {
            sockets.push_back(tcp->GetSocket(i));
        }
    }
    int64_t count = 0;
    for (const Ptr<SynFinSocket>& socket : sockets)
    {
        const SynFinFourTuple& t = socket->GetFourTuple();
        if (query.port && t.localPort != *query.port && t.remotePort != *query.port)
        {
            continue;
        }
        if (StateMatches(query, TcpSocket::TcpStateName[socket->GetState()]))
        {
            ++count;
        }
    }
    if (count != query.count)
    {
        throw DrillError(line,
                         "sockstat: " + std::to_string(count) + " TCP socket(s) in " + query.state +
                             (query.port ? " on port " + std::to_string(*query.port) : "") +
                             (query.ownedOnly ? " held by the script" : "") + ", expected " +
                             std::to_string(query.count));
    }
}

void
Runner::Listening(uint16_t port)
{
    if (m_tested.mode == Tested::PASSIVE && port == m_tested.localPort)
    {
        // listen() again on the listener: packetdrill marks the listener, but its socket
        // under test stays the connection already opened, so a new SYN from the script's
        // port keeps that connection's numbering.
        return;
    }
    m_tested = Tested();
    m_tested.mode = Tested::LISTENING;
    m_tested.localPort = port;
}

void
Runner::Connecting(uint16_t port)
{
    m_tested = Tested();
    m_tested.mode = Tested::CONNECTING;
    m_tested.localPort = port;
    m_tested.remotePort = 8080;
}

void
Runner::CheckTime(const std::string& what,
                  TimeKind kind,
                  int64_t t,
                  int64_t tEnd,
                  int64_t actual,
                  int64_t tolerance,
                  int line) const
{
    if (kind == TimeKind::ANY)
    {
        return;
    }
    bool range = kind == TimeKind::ABSOLUTE_RANGE || kind == TimeKind::RELATIVE_RANGE;
    int64_t last = range ? tEnd : t;
    if (actual < t - tolerance || actual > last + tolerance)
    {
        std::string expected =
            range ? "in time range " + Seconds6(t) + "~" + Seconds6(tEnd) : "at " + Seconds6(t);
        throw DrillError(line,
                         "timing error: expected " + what + " " + expected +
                             " sec but happened at " + Seconds6(actual) + " sec; tolerance " +
                             Seconds6(tolerance) + " sec");
    }
}

std::vector<WireOption>
Runner::ScriptOptions(const TcpSegment& tcp, bool inbound, bool syn, int line)
{
    std::vector<WireOption> out;
    auto put = [](std::vector<uint8_t>& data, uint32_t value, size_t size) {
        size_t at = data.size();
        data.resize(at + size);
        WriteBigEndian(data, at, size, value);
    };
    for (const TcpOption& o : tcp.options)
    {
        WireOption w;
        switch (o.kind)
        {
        case TcpOptionKind::NOP:
            w.kind = 1;
            break;
        case TcpOptionKind::EOL:
            w.kind = 0;
            break;
        case TcpOptionKind::MSS:
            w.kind = 2;
            put(w.data, o.value, 2);
            break;
        case TcpOptionKind::WINDOW_SCALE:
            w.kind = 3;
            put(w.data, o.value, 1);
            break;
        case TcpOptionKind::SACK_PERMITTED:
            w.kind = 4;
            break;
        case TcpOptionKind::SACK: {
            w.kind = 5;
            // Inbound blocks name the stack's data (its ISN added); expected ones the
            // script's own (compared after the live ones are mapped back).
            uint32_t offset = inbound ? m_tested.LocalOffset(syn) : 0;
            for (const SackBlock& b : o.sackBlocks)
            {
                put(w.data, b.left + offset, 4);
                put(w.data, b.right + offset, 4);
            }
            break;
        }
        case TcpOptionKind::TIMESTAMP: {
            w.kind = 8;
            uint32_t ecr = o.tsEcr;
            if (inbound && tcp.flags.ack)
            {
                // packetdrill: an echo names a TSval the stack sent, by its script value.
                auto it = m_tested.tsVal.find(o.tsEcr);
                if (it == m_tested.tsVal.end())
                {
                    throw DrillError(line,
                                     "unable to infer live TS ecr for script TS ecr " +
                                         std::to_string(o.tsEcr) +
                                         "; no matching or preceding outbound TS val");
                }
                ecr = it->second;
            }
            put(w.data, o.tsVal, 4);
            put(w.data, ecr, 4);
            break;
        }
        case TcpOptionKind::FAST_OPEN:
        case TcpOptionKind::FAST_OPEN_EXP:
        case TcpOptionKind::MD5:
        default:
            throw DrillError(o.line,
                             std::string("TCP option ") + Name(o.kind) +
                                 " is not supported by synfin-drill (synfin has no TCP Fast "
                                 "Open, MD5, AccECN or experimental options)");
        }
        out.push_back(w);
    }
    return out;
}

WireSegment
Runner::Build(const PacketEvent& p, int line)
{
    if (p.kind != PacketKind::TCP)
    {
        throw DrillError(line,
                         std::string(Name(p.kind)) +
                             " packets are not supported by synfin-drill (TCP only)");
    }
    if (!p.encapsulation.empty() || !p.ip.IsEmpty() || p.pspSpi || p.tcp.rstDiagnostic ||
        p.tcp.udpEncapsulation)
    {
        throw DrillError(line,
                         "IP annotations, tunnels and TCP-over-UDP are not supported by "
                         "synfin-drill (" +
                             ToString(p) + ")");
    }
    const TcpSegment& tcp = p.tcp;
    if (tcp.sequence.absolute || tcp.sequence.ignored)
    {
        throw DrillError(line,
                         "absolute ('!') sequence numbers, and unchecked ('...') ones in "
                         "injected packets, are not supported by synfin-drill");
    }
    WireSegment s;
    bool syn = tcp.flags.syn;
    s.sourcePort = p.ports ? p.ports->source : m_tested.remotePort;
    s.destinationPort = p.ports ? p.ports->destination : m_tested.localPort;
    s.seq = tcp.sequence.start + m_tested.RemoteOffset(syn);
    if (tcp.ack)
    {
        s.ack = *tcp.ack + m_tested.LocalOffset(syn);
    }
    s.flags = (tcp.flags.fin ? WIRE_FIN : 0) | (tcp.flags.syn ? WIRE_SYN : 0) |
              (tcp.flags.rst ? WIRE_RST : 0) | (tcp.flags.psh ? WIRE_PSH : 0) |
              (tcp.flags.ack ? WIRE_ACK : 0) | (tcp.flags.urg ? WIRE_URG : 0) |
              (tcp.flags.ece ? WIRE_ECE : 0) | (tcp.flags.cwr ? WIRE_CWR : 0) |
              (tcp.flags.ae ? WIRE_AE : 0);
    if (!tcp.window)
    {
        throw DrillError(line, "window must be specified for inbound packets");
    }
    s.window = *tcp.window;
    s.urgentPointer = tcp.urgentPointer.value_or(0);
    if (tcp.optionsMode == TcpOptionsMode::WILDCARD)
    {
        throw DrillError(line, "<...> (options not checked) is for expected packets only");
    }
    s.options = ScriptOptions(tcp, true, syn, line);
    s.payload.assign(tcp.sequence.length, 0);
    return s;
}

void
Runner::Inbound(const Event& e, int64_t t, int64_t tolerance)
{
    const PacketEvent& p = e.packet;
    if (p.kind == PacketKind::TCP &&
        (m_tested.mode == Tested::LISTENING || m_tested.mode == Tested::NONE))
    {
        // packetdrill: a packet for a listener (or for no socket) opens a connection from
        // a new remote port; what follows belongs to it.
        Tested opened;
        opened.mode = Tested::PASSIVE;
        opened.localPort = m_tested.mode == Tested::LISTENING ? m_tested.localPort : 8080;
        opened.remotePort = m_nextRemotePort++;
        opened.remoteIsn = p.tcp.sequence.start;
        m_tested = opened;
    }
    else if (p.kind == PacketKind::TCP && m_tested.mode == Tested::CONNECTING && p.tcp.flags.syn &&
             p.tcp.flags.ack)
    {
        m_tested.mode = Tested::ACTIVE;
        m_tested.remoteIsn = p.tcp.sequence.start;
    }
    WireSegment s = Build(p, e.line);
    m_wire.RunUntil(t, false);
    CheckTime("inbound packet", TimeKind::ABSOLUTE, t, t, Wire::NowUsecs(), tolerance, e.line);
    m_wire.Inject(s);
}

void
Runner::Verify(const Event& e, const Captured& c, int64_t t, int64_t tEnd, int64_t tolerance)
{
    const PacketEvent& p = e.packet;
    const TcpSegment& tcp = p.tcp;
    WireSegment live = c.segment;
    bool syn = (live.flags & WIRE_SYN) != 0;
    // The stack's ISN comes from its first SYN or SYN-ACK, and stays for the connection the
    // script opened: as in packetdrill, a later SYN-ACK on the same 4-tuple (a connection
    // reopened from TIME-WAIT, say) is numbered from the first ISN.
    if (tcp.flags.syn && syn && !m_tested.localIsnKnown)
    {
        m_tested.localIsnKnown = true;
        m_tested.liveLocalIsn = live.seq;
        m_tested.scriptLocalIsn = tcp.sequence.start;
    }
    // The live segment in the script's numbers.
    WireSegment actual = live;
    actual.seq = live.seq - m_tested.LocalOffset(syn);
    if (live.flags & WIRE_ACK)
    {
        actual.ack = live.ack - m_tested.RemoteOffset(syn);
    }
    for (WireOption& o : actual.options)
    {
        if (o.kind == 5)
        {
            for (size_t i = 0; i + 4 <= o.data.size(); i += 4)
            {
                WriteBigEndian(o.data,
                               i,
                               4,
                               ReadBigEndian(o.data, i, 4) - m_tested.RemoteOffset(false));
            }
        }
    }
    std::string error;
    auto field = [&](const std::string& name, uint64_t want, uint64_t got) {
        if (error.empty() && want != got)
        {
            error = "live packet field " + name + ": expected: " + Field(want) +
                    " vs actual: " + Field(got);
        }
    };
    field("tcp_fin", tcp.flags.fin, (live.flags & WIRE_FIN) != 0);
    field("tcp_syn", tcp.flags.syn, syn);
    field("tcp_rst", tcp.flags.rst, (live.flags & WIRE_RST) != 0);
    field("tcp_psh", tcp.flags.psh, (live.flags & WIRE_PSH) != 0);
    field("tcp_ack", tcp.flags.ack, (live.flags & WIRE_ACK) != 0);
    field("tcp_urg", tcp.flags.urg, (live.flags & WIRE_URG) != 0);
    if (tcp.flags.ace)
    {
        field("tcp_ace",
              static_cast<uint64_t>(*tcp.flags.ace),
              ((live.flags & WIRE_AE) ? 4 : 0) | ((live.flags & WIRE_CWR) ? 2 : 0) |
                  ((live.flags & WIRE_ECE) ? 1 : 0));
    }
    else
    {
        field("tcp_ece", tcp.flags.ece, (live.flags & WIRE_ECE) != 0);
        field("tcp_cwr", tcp.flags.cwr, (live.flags & WIRE_CWR) != 0);
        field("tcp_ae", tcp.flags.ae, (live.flags & WIRE_AE) != 0);
    }
    if (!tcp.sequence.ignored)
    {
        field("tcp_seq", tcp.sequence.start, actual.seq);
    }
    if (tcp.ack)
    {
        field("tcp_ack_seq", *tcp.ack, actual.ack);
    }
    if (tcp.window)
    {
        field("tcp_window", *tcp.window, live.window);
    }
    field("tcp_urg_ptr", tcp.urgentPointer.value_or(0), live.urgentPointer);
    field("tcp_payload_len", tcp.sequence.length, live.payload.size());
    if (error.empty() &&
        std::any_of(live.payload.begin(), live.payload.end(), [](uint8_t b) { return b != 0; }))
    {
        error = "incorrect outbound data payload";
    }
    if (error.empty() && tcp.optionsMode != TcpOptionsMode::WILDCARD)
    {
        std::vector<WireOption> want = ScriptOptions(tcp, false, syn, e.line);
        bool same = want.size() == actual.options.size();
        for (size_t i = 0; same && i < want.size(); ++i)
        {
            const WireOption& w = want[i];
            const WireOption& a = actual.options[i];
            // packetdrill compares kinds in order, and every value but the timestamps'
            // (the stack's clock is its own; --tcp_ts_tick_usecs is not supported).
            same = w.kind == a.kind && (w.kind == 8 ? a.data.size() == 8 : w.data == a.data);
        }
        if (!same)
        {
            error = "bad outbound TCP options";
        }
        else if (m_config.tsTickUsecs > 0)
        {
            error = CheckTsVal(want, actual, c.usecs);
        }
        else
        {
            for (size_t i = 0; i < want.size(); ++i)
            {
                if (want[i].kind == 8)
                {
                    m_tested.tsVal[ReadBigEndian(want[i].data, 0, 4)] =
                        ReadBigEndian(actual.options[i].data, 0, 4);
                }
            }
        }
    }
    if (error.empty())
    {
        try
        {
            CheckTime("outbound packet", e.time.kind, t, tEnd, c.usecs, tolerance, e.line);
        }
        catch (const DrillError& timing)
        {
            error = timing.what();
        }
    }
    if (!error.empty())
    {
        throw DrillError(e.line,
                         "error handling packet: " + error + "\nscript packet: " + Seconds6(t) +
                             " " + ToString(p) + "\nactual packet: " + Seconds6(c.usecs) + " " +
                             Describe(actual));
    }
}

std::string
Runner::CheckTsVal(const std::vector<WireOption>& want, const WireSegment& actual, int64_t usecs)
{
    // --tcp_ts_tick_usecs: TSval, counted from the first one seen, may differ from the
    // script's by at most the timing tolerance (of the time since the start).
    for (size_t i = 0; i < want.size(); ++i)
    {
        if (want[i].kind != 8)
        {
            continue;
        }
        uint32_t scriptVal = ReadBigEndian(want[i].data, 0, 4);
        uint32_t liveVal = ReadBigEndian(actual.options[i].data, 0, 4);
        if (!m_tested.firstTs)
        {
            m_tested.firstTs = std::make_pair(scriptVal, liveVal);
        }
        uint32_t mapped = m_tested.firstTs->first + (liveVal - m_tested.firstTs->second);
        int64_t allowed =
            std::max<int64_t>(m_config.toleranceUsecs,
                              static_cast<int64_t>(m_config.tolerancePercent / 100.0 * usecs));
        int64_t off = std::abs(static_cast<int64_t>(static_cast<int32_t>(mapped - scriptVal)));
        if (off * m_config.tsTickUsecs > allowed)
        {
            return "bad outbound TCP timestamp value " + std::to_string(mapped) + ", expected " +
                   std::to_string(scriptVal) + ", tolerance " + std::to_string(allowed) + " us";
        }
    }
    return "";
}

void
Runner::Outbound(const Event& e, int64_t t, int64_t tEnd, int64_t tolerance)
{
    if (e.packet.kind != PacketKind::TCP)
    {
        Build(e.packet, e.line); // refuses it with the reason
    }
    // As packetdrill's sniffer: wait 2 s past the expected time, so that a late packet is
    // reported as late rather than as missing.
    int64_t deadline = e.time.kind == TimeKind::ANY
                           ? Wire::NowUsecs() + kAnyTimeUsecs
                           : std::max(t, tEnd) + tolerance + kLatePacketUsecs;
    m_wire.RunUntil(deadline, true);
    if (m_wire.Sent().empty())
    {
        throw DrillError(e.line,
                         "error handling packet: expected outbound packet at " + Seconds6(t) +
                             " sec, but none was sent by " + Seconds6(Wire::NowUsecs()) +
                             " sec\nscript packet: " + Seconds6(t) + " " + ToString(e.packet));
    }
    Captured c = m_wire.Sent().front();
    m_wire.Sent().pop_front();
    Aggregate(c, e.packet.tcp.sequence.length);
    Verify(e, c, t, tEnd, tolerance);
}

void
Runner::Aggregate(Captured& c, uint32_t length)
{
    // Linux hands its tun device segments of several MSS (TSO and GSO), and scripts expect
    // them so. As packetdrill does with a remote stack's segments, the segments that left
    // at the same time right behind this one, contiguous in sequence, are joined to it until
    // the length the script expects is reached. A segment without data is never the head of
    // such a burst: a pure ACK and the data behind it are two packets in Linux too.
    while (!c.segment.payload.empty() && c.segment.payload.size() < length &&
           !m_wire.Sent().empty())
    {
        const Captured& next = m_wire.Sent().front();
        WireSegment& s = c.segment;
        bool control = (s.flags | next.segment.flags) & (WIRE_SYN | WIRE_RST);
        if (next.usecs != c.usecs || control || (s.flags & WIRE_FIN) ||
            next.segment.seq != s.seq + static_cast<uint32_t>(s.payload.size()))
        {
            break;
        }
        s.payload.insert(s.payload.end(), next.segment.payload.begin(), next.segment.payload.end());
        s.flags |= next.segment.flags;
        s.ack = next.segment.ack;
        s.window = next.segment.window;
        m_wire.Sent().pop_front();
    }
}

void
Runner::CheckResult(const CallResult& r)
{
    const SyscallEvent& call = *m_pendingCall;
    std::optional<int64_t> want = Syscalls::IntegerOf(call.result);
    auto describe = [](const CallResult& x) {
        return std::to_string(x.value) + (x.errnoName.empty() ? "" : " " + x.errnoName);
    };
    if (want && *want != r.value)
    {
        throw DrillError(m_pendingLine,
                         ToString(call) + ": expected result " + std::to_string(*want) +
                             " but got " + describe(r));
    }
    if (!call.errnoName.empty() && r.errnoName != call.errnoName &&
        !(call.errnoName == "EWOULDBLOCK" && r.errnoName == "EAGAIN"))
    {
        throw DrillError(m_pendingLine,
                         ToString(call) + ": expected errno " + call.errnoName + " but got " +
                             describe(r));
    }
}

void
Runner::CheckCompleted()
{
    int64_t usecs = 0;
    std::optional<CallResult> r = m_calls.TakeCompleted(usecs);
    if (!r)
    {
        return;
    }
    CheckResult(*r);
    CheckTime("system call return",
              m_pendingKind,
              m_pendingEnd,
              m_pendingEnd,
              usecs,
              m_pendingTolerance,
              m_pendingLine);
    m_pendingCall = nullptr;
}

void
Runner::AwaitPending()
{
    if (!m_calls.HasPending())
    {
        return;
    }
    m_stopOnCompletion = true;
    m_wire.RunUntil(std::max(m_pendingEnd + m_pendingTolerance, Wire::NowUsecs()) + kHungCallUsecs,
                    false);
    m_stopOnCompletion = false;
    if (m_calls.HasPending() && m_pendingCall)
    {
        CheckCompleted();
        if (m_calls.HasPending())
        {
            throw DrillError(m_pendingLine,
                             ToString(*m_pendingCall) + ": the call was expected to return at " +
                                 Seconds6(m_pendingEnd) + " sec but still blocks at " +
                                 Seconds6(Wire::NowUsecs()) + " sec");
        }
    }
}

void
Runner::Syscall(const Event& e, int64_t t, int64_t end, int64_t tolerance)
{
    AwaitPending();
    CheckCompleted();
    m_wire.RunUntil(t, false);
    CheckTime("system call start", TimeKind::ABSOLUTE, t, t, Wire::NowUsecs(), tolerance, e.line);
    m_pendingLine = e.line;
    m_pendingCall = &e.syscall;
    m_pendingEnd = end;
    m_pendingTolerance = tolerance;
    m_pendingKind = TimeKind::ABSOLUTE;
    std::optional<CallResult> r = m_calls.Start(e.syscall, e.line);
    if (r)
    {
        CheckResult(*r);
        if (e.syscall.endUsecs)
        {
            CheckTime("system call return",
                      TimeKind::ABSOLUTE,
                      end,
                      end,
                      Wire::NowUsecs(),
                      tolerance,
                      e.line);
        }
        m_pendingCall = nullptr;
    }
}

void
Runner::Run(int& eventsRun)
{
    if (m_script.initCommand)
    {
        ApplyCommand(*m_script.initCommand, m_script.initCommand->line);
    }
    const Event* last = nullptr;
    int64_t lastTime = 0;
    bool first = true;
    for (const Event& e : m_script.events)
    {
        if (!e.condition.empty())
        {
            continue; // an #ifdef block: nothing defines its name here
        }
        ++eventsRun;
        CheckCompleted();
        bool inbound = e.kind == EventKind::PACKET && e.packet.direction == Direction::INBOUND;
        bool lastInbound =
            last && last->kind == EventKind::PACKET && last->packet.direction == Direction::INBOUND;
        int64_t t = e.time.usecs;
        int64_t tEnd = e.time.endUsecs;
        int64_t end = e.kind == EventKind::SYSCALL && e.syscall.endUsecs ? *e.syscall.endUsecs : t;
        if (first && (e.time.kind != TimeKind::ABSOLUTE || e.time.usecs != 0) &&
            !(e.time.kind == TimeKind::RELATIVE && e.time.usecs == 0))
        {
            throw DrillError(e.line, "first event should be at time 0");
        }
        if (e.time.kind != TimeKind::ABSOLUTE && e.time.kind != TimeKind::ABSOLUTE_RANGE)
        {
            // packetdrill: relative to the previous event's scripted time between two
            // inbound packets, else to the moment the previous event completed.
            int64_t offset = last && lastInbound && inbound ? lastTime : Wire::NowUsecs();
            t += offset;
            tEnd += offset;
            if (e.kind == EventKind::SYSCALL && e.syscall.endUsecs)
            {
                end += offset;
            }
        }
        int64_t tolerance = m_config.toleranceUsecs;
        if (!first)
        {
            tolerance = std::max<int64_t>(tolerance,
                                          static_cast<int64_t>(m_config.tolerancePercent / 100.0 *
                                                               static_cast<double>(t - lastTime)));
        }
        switch (e.kind)
        {
        case EventKind::PACKET:
            if (inbound)
            {
                Inbound(e, t, tolerance);
            }
            else
            {
                Outbound(e, t, tEnd, tolerance);
            }
            break;
        case EventKind::SYSCALL:
            Syscall(e, t, end, tolerance);
            break;
        case EventKind::COMMAND:
            m_wire.RunUntil(t, false);
            if (std::optional<SockstatQuery> query = ParseSockstat(e.command.commandLine))
            {
                CheckSockstat(*query, e.line);
                break;
            }
            ApplyCommand(e.command, e.line);
            break;
        case EventKind::CODE:
            throw DrillError(e.line,
                             "code blocks (%{ ... }%) are not supported by synfin-drill: they "
                             "run Python on the kernel's tcp_info, which a simulation has not");
        }
        last = &e;
        lastTime = t;
        first = false;
    }
    AwaitPending();
    CheckCompleted();
    if (m_script.cleanupCommand)
    {
        ApplyCommand(*m_script.cleanupCommand, m_script.cleanupCommand->line);
    }
}

} // namespace

RunResult
RunScript(const Script& script, const std::string& profile)
{
    RunResult result;
    Config::Reset();
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    try
    {
        RunConfig config;
        config.bsdSockets = profile == "freebsd";
        for (const ScriptOption& option : script.options)
        {
            ApplyOption(option, config);
        }
        if (!profile.empty())
        {
            std::string error;
            if (!SynFinProfile::Apply(profile, error))
            {
                throw DrillError(0, "--profile=" + profile + ": " + error);
            }
        }
        // packetdrill's tun device has a 1500-byte MTU, so the kernel's MSS is 1460.
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1460));
        Runner runner(script, config);
        runner.Run(result.eventsRun);
        result.passed = true;
    }
    catch (const DrillError& e)
    {
        result.message =
            script.fileName + (e.Line() ? ":" + std::to_string(e.Line()) : "") + ": " + e.what();
    }
    Simulator::Destroy();
    return result;
}

} // namespace synfin_drill
