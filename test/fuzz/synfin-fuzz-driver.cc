/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Input format. Every byte string is a valid input; a read past the end yields zeros.
 *
 *   byte 0        prologue: the start state (see Harness::Prologue)
 *   byte 1        configuration bits (see the ConfigBit enum)
 *   then ops      one byte each: low nibble the opcode (Op), high nibble its argument,
 *                 followed by the opcode's own bytes
 *
 * INJECT: a segment from the peer to the node under test.
 *   arg            which connection: index into the node's open sockets, then its TIME-WAIT
 *                  records, then one "stray" target that matches nothing
 *   flags          bits 0-5 TCP flags (FIN SYN RST PSH ACK URG), bit 6 an MSS option
 *                  follows, bit 7 sequence and acknowledgement numbers are absolute
 *   modes          bits 0-1 sequence base, bits 2-4 acknowledgement base, bits 5-7 window
 *   seq, ack       absolute: 4 bytes each; relative: a signed 2-byte offset from the base
 *   payload        payload length class (one byte)
 *   ports          for a listener or stray target: which peer and local ports
 *   [mss]          2 bytes
 *
 * Invariants, after every operation unless said otherwise (RFC 9293 unless said otherwise):
 *   - every socket in SocketList has a valid TcpStates_t state, the state its transitions
 *     say, is not in TIME-WAIT (the TIME-WAIT table takes over) and is not CLOSED after
 *     having been open (a closed connection releases its resources, 3.10.7.4);
 *   - ISS <= SND.UNA <= SND.NXT <= SND.MAX (3.3.1); SND.UNA and RCV.NXT never go back;
 *     SYN-SENT has sent exactly the SYN; in ESTABLISHED, CLOSE-WAIT and FIN-WAIT-2 our SYN
 *     is acknowledged, in FIN-WAIT-2 everything is; no more sequence space is outstanding
 *     than the send buffer holds (plus SYN and FIN);
 *   - the TIME-WAIT table holds exactly the connections whose last transition entered
 *     TIME-WAIT, each under its 4-tuple;
 *   - a listener's SYN queue counts no more children than are in SYN-RECEIVED, and stays
 *     within SynBacklog; the accept queue within AcceptBacklog;
 *   - each segment sent (checked as it is sent): never SYN with RST or with FIN; every
 *     segment but a RST and the SYN of SYN-SENT carries ACK (3.4: ACK is always sent once
 *     synchronized) and comes from a connection that is open; its ACK field is RCV.NXT, a
 *     SYN's sequence number is ISS, any other's lies in [SND.UNA, SND.MAX]; data goes only
 *     after our SYN is acknowledged (3.10.2: SENDs before ESTABLISHED are queued);
 *   - in answer to a RST nothing but at most one challenge ACK (3.10.7, RFC 5961 3.2);
 *     a RST answering a segment is <SEQ=SEG.ACK><CTL=RST>, or <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
 *     <CTL=RST,ACK> when the segment had no ACK (3.10.7.1-3), one at most, to its sender;
 *   - ABORT (and CLOSE with unread data or LingerZero) sends <SEQ=SND.NXT><CTL=RST> exactly
 *     in SYN-RECEIVED, ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2 and CLOSE-WAIT (3.10.5), and
 *     nothing else sends a RST: no timer, no other application call.
 * A NS_ASSERT or NS_FATAL_ERROR in ns-3 or synfin, and anything a sanitizer reports, stops
 * the process, which libFuzzer and CTest both see as a failure.
 */

#include "synfin-fuzz-driver.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"
#include "ns3/tcp-option-rfc793.h"

#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>
#include <sstream>

using namespace ns3;

namespace synfin_fuzz
{

namespace
{

uint64_t g_segments = 0; //!< segments injected by this process
uint64_t g_runs = 0;     //!< inputs run by this process

/// Longer inputs are cut here, so that one input cannot run for minutes.
constexpr uint32_t kMaxOps = 400;
/// Sockets the application holds (its own and accepted ones).
constexpr std::size_t kMaxSlots = 8;
/// The peer's initial sequence number in scripted handshakes.
constexpr uint32_t kPeerIss = 1000;

constexpr uint16_t kConnectPorts[4] = {80, 443, 5000, 40000};
constexpr uint16_t kListenPorts[4] = {80, 8080, 443, 49152};
constexpr uint16_t kPeerPorts[4] = {40000, 40001, 80, 49152};
constexpr uint16_t kStrayLocalPorts[4] = {80, 8080, 49152, 49153};
/// Time steps in milliseconds: zero runs what is due now; the others reach the delayed
/// ACK (200 ms), retransmissions (1 s and up), FIN-WAIT-2 (60 s) and 2 MSL (240 s).
constexpr int64_t kStepsMs[16] =
    {0, 1, 10, 100, 201, 500, 1000, 1500, 3001, 6001, 12001, 30000, 61000, 130000, 241000, 600000};

/// Opcodes (low nibble of an operation byte).
enum Op : uint8_t
{
    OP_INJECT = 0,
    OP_INJECT_B = 1,
    OP_REPLY = 2,
    OP_ADVANCE = 3,
    OP_CONNECT = 4,
    OP_LISTEN = 5,
    OP_SEND = 6,
    OP_RECV = 7,
    OP_CLOSE = 8,
    OP_SHUTDOWN_SEND = 9,
    OP_SHUTDOWN_RECV = 10,
    OP_ABORT = 11,
    OP_NEW_SOCKET = 12,
    OP_ACCEPT = 13,
    OP_ADVANCE_B = 14,
    OP_INJECT_C = 15,
};

/// Configuration bits (byte 1).
enum ConfigBit : uint8_t
{
    CFG_TW_RST_IGNORE = 1 << 0,  //!< TimeWaitRstPolicy Ignore
    CFG_TW_SYN_REJECT = 1 << 1,  //!< TimeWaitSynPolicy Reject
    CFG_LINGER_ZERO = 1 << 2,    //!< LingerZero
    CFG_MANUAL_ACCEPT = 1 << 3,  //!< ManualAccept, AcceptBacklog 1
    CFG_SMALL_BUFFERS = 1 << 4,  //!< 2000-byte receive and 4000-byte send buffers
    CFG_SMALL_SEGMENTS = 1 << 5, //!< SegmentSize 100
    CFG_SMALL_BACKLOG = 1 << 6,  //!< SynBacklog 1, immediate ACKs
    CFG_FEW_RETRIES = 1 << 7,    //!< one retransmission of SYN, SYN-ACK and data
};

/// The bytes of an input, zeros past the end.
class Reader
{
  public:
    Reader(const uint8_t* data, std::size_t size)
        : m_data(data),
          m_size(size)
    {
    }

    bool Done() const
    {
        return m_pos >= m_size;
    }

    uint8_t U8()
    {
        return m_pos < m_size ? m_data[m_pos++] : 0;
    }

    uint16_t U16()
    {
        uint16_t hi = U8();
        return static_cast<uint16_t>((hi << 8) | U8());
    }

    uint32_t U32()
    {
        uint32_t hi = U16();
        return (hi << 16) | U16();
    }

  private:
    const uint8_t* m_data;
    std::size_t m_size;
    std::size_t m_pos{0};
};

/// One segment the node sent.
struct Emitted
{
    uint8_t flags;    //!< TCP flags
    uint32_t seq;     //!< sequence number
    uint32_t ack;     //!< acknowledgement number
    uint32_t payload; //!< payload bytes
    uint16_t src;     //!< our port
    uint16_t dst;     //!< the peer's port
};

/// One segment to inject.
struct Segment
{
    uint8_t flags{0};
    uint32_t seq{0};
    uint32_t ack{0};
    uint16_t window{65535};
    bool mss{false};
    uint16_t mssValue{0};
    uint32_t payload{0};
    uint16_t src{0}; //!< the peer's port
    uint16_t dst{0}; //!< our port
};

/// Something a segment can be aimed at, with the numbers relative modes start from.
struct Target
{
    uint16_t localPort{0};
    uint16_t remotePort{0}; //!< 0 for a listener or the stray target
    bool listener{false};
    bool timeWait{false};
    bool stray{false};
    SynFinState state{TcpSocket::CLOSED};
    uint32_t iss{0};
    uint32_t sndUna{0};
    uint32_t sndNxt{0};
    uint32_t sndMax{0};
    uint32_t rcvNxt{0};
};

/// What a connection was last seen as, by (local port, remote port).
struct TupleState
{
    SynFinFourTuple tuple;
    SynFinState state;
};

/// What an operation may send RSTs for.
enum class RstRule : uint8_t
{
    NONE,     //!< no RST at all
    RESPONSE, //!< answers to the injected segment
    ABORT,    //!< the ABORT of 3.10.5
    LISTENER, //!< a listener's close: its unaccepted established children are reset (Linux)
};

std::string
FlagString(uint8_t flags)
{
    static const std::pair<uint8_t, const char*> names[] = {{TcpHeader::SYN, "SYN"},
                                                            {TcpHeader::FIN, "FIN"},
                                                            {TcpHeader::RST, "RST"},
                                                            {TcpHeader::PSH, "PSH"},
                                                            {TcpHeader::ACK, "ACK"},
                                                            {TcpHeader::URG, "URG"}};
    std::string out;
    for (const auto& [bit, name] : names)
    {
        if (flags & bit)
        {
            out += out.empty() ? "" : "|";
            out += name;
        }
    }
    return out.empty() ? "NONE" : out;
}

bool
IsValidState(SynFinState s)
{
    return static_cast<int>(s) >= static_cast<int>(TcpSocket::CLOSED) &&
           static_cast<int>(s) < static_cast<int>(TcpSocket::LAST_STATE);
}

const char*
StateName(SynFinState s)
{
    return IsValidState(s) ? SynFinStateMachine::StateName(s) : "INVALID";
}

/// a <= b in sequence space (RFC 9293 3.4, arithmetic modulo 2^32).
bool
SeqLe(uint32_t a, uint32_t b)
{
    return static_cast<int32_t>(b - a) >= 0;
}

/// The node under test, its peer's link, the application's sockets and the checks.
class Harness
{
  public:
    /**
     * \param config the configuration byte
     * \param logging keep the last events for a failure report (a second run of a failing
     *        input turns it on: formatting every event costs more than running it)
     */
    Harness(uint8_t config, bool logging);
    ~Harness();

    /// Bring the node into a start state chosen by `which`.
    void Prologue(uint8_t which);

    /// Decode and run one operation.
    void Step(Reader& in);

    /// \return true once an invariant failed
    bool Failed() const
    {
        return !m_result.ok;
    }

    /// \return the outcome so far
    RunResult& Result()
    {
        return m_result;
    }

  private:
    // Operations
    void Inject(const Segment& s);
    void InjectOp(Reader& in, uint8_t arg);
    void Reply(uint8_t arg, uint8_t detail);
    void Advance(int64_t ms);
    void Connect(uint8_t arg);
    void Listen(uint8_t arg);
    void AppClose(uint8_t arg, bool abort);
    Ptr<SynFinSocket> Slot(uint8_t arg) const;
    void AddSlot(Ptr<Socket> s);
    void OnAccept(Ptr<Socket> s, const Address& from);

    // Observation
    void OnTx(Ptr<const Packet> p, const TcpHeader& h, Ipv4Address src, Ipv4Address dst);
    void OnTransition(const SynFinStateChange& c);
    std::vector<Ptr<SynFinSocket>> Sockets() const;
    Ptr<SynFinSocket> FindSocket(uint16_t localPort, uint16_t remotePort) const;
    std::vector<Target> Targets() const;

    // Checks
    void BeginOp(const std::string& name, RstRule rule);
    void EndOp();
    void CheckEmitted(const Emitted& e);
    void CheckResponse();
    void CheckSockets();
    void Fail(const std::string& what);
    void Log(const std::string& line);
    /// The segment sink: synfin's segments go nowhere (the Tx trace has seen them).
    void Drop(Ptr<Packet> p,
              Ipv4Address src,
              Ipv4Address dst,
              uint8_t protocol,
              Ptr<Ipv4Route> route);

    NodeContainer m_nodes;
    Ptr<SynFinL4Protocol> m_tcp;
    Ipv4Address m_local;
    Ipv4Address m_peer;
    std::vector<Ptr<SynFinSocket>> m_slots;

    std::map<std::pair<uint16_t, uint16_t>, TupleState> m_tuples;
    std::map<uint64_t, SynFinState> m_connState;
    /// SND.NXT of TIME-WAIT records as last seen, and of records a new SYN took over
    std::map<std::pair<uint16_t, uint16_t>, uint32_t> m_timeWaitSndNxt;
    std::map<std::pair<uint16_t, uint16_t>, uint32_t> m_reusedSndNxt;
    /// SND.UNA and RCV.NXT last seen, by (connection id, ISS)
    std::map<std::pair<uint64_t, uint32_t>, std::pair<uint32_t, uint32_t>> m_progress;
    /// the 4-tuple a connection was first seen with, by (connection id, ISS)
    std::map<std::pair<uint64_t, uint32_t>, SynFinFourTuple> m_connTuple;

    // The operation under way
    std::string m_opName;
    RstRule m_rstRule{RstRule::NONE};
    Segment m_injected;
    bool m_expectAbortRst{false};
    uint32_t m_abortSeq{0};
    uint16_t m_abortLocalPort{0};
    /// (peer port, SND.NXT) of the established children a closing listener may reset
    std::set<std::pair<uint16_t, uint32_t>> m_resettable;
    std::size_t m_acceptQueued{0};
    std::vector<Emitted> m_emitted;

    std::deque<std::string> m_log;
    bool m_trace{false};
    bool m_logging{false}; //!< keep events for the report (or m_trace)
    RunResult m_result;
};

Harness::Harness(uint8_t config, bool logging)
{
    const char* trace = std::getenv("SYNFIN_FUZZ_TRACE");
    m_trace = trace != nullptr && *trace != '\0' && *trace != '0';
    m_logging = logging || m_trace;

    // Attribute defaults go through Config so that ResetSimulator's Config::Reset undoes them.
    if (config & CFG_TW_RST_IGNORE)
    {
        Config::SetDefault("ns3::SynFinSocket::TimeWaitRstPolicy", StringValue("Ignore"));
    }
    if (config & CFG_TW_SYN_REJECT)
    {
        Config::SetDefault("ns3::SynFinSocket::TimeWaitSynPolicy", StringValue("Reject"));
    }
    if (config & CFG_LINGER_ZERO)
    {
        Config::SetDefault("ns3::SynFinSocket::LingerZero", BooleanValue(true));
    }
    if (config & CFG_MANUAL_ACCEPT)
    {
        Config::SetDefault("ns3::SynFinSocket::ManualAccept", BooleanValue(true));
        Config::SetDefault("ns3::SynFinSocket::AcceptBacklog", UintegerValue(1));
    }
    if (config & CFG_SMALL_BUFFERS)
    {
        Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(2000));
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(4000));
    }
    if (config & CFG_SMALL_SEGMENTS)
    {
        Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(100));
    }
    if (config & CFG_SMALL_BACKLOG)
    {
        Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(1));
        Config::SetDefault("ns3::TcpSocket::DelAckCount", UintegerValue(1));
    }
    if (config & CFG_FEW_RETRIES)
    {
        Config::SetDefault("ns3::TcpSocket::ConnCount", UintegerValue(1));
        Config::SetDefault("ns3::SynFinSocket::SynAckRetries", UintegerValue(1));
        Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(1));
    }

    // The peer has a device but no internet stack: whatever synfin sends is dropped there.
    m_nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(MilliSeconds(1)));
    NetDeviceContainer devices = p2p.Install(m_nodes);
    SynFinStackHelper stack;
    stack.Install(m_nodes.Get(0));
    Ipv4AddressHelper address;
    address.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = address.Assign(NetDeviceContainer(devices.Get(0)));
    m_local = interfaces.GetAddress(0);
    m_peer = Ipv4Address("10.1.1.2");

    m_tcp = m_nodes.Get(0)->GetObject<SynFinL4Protocol>();
    // Stream numbers are handed out process-wide; a fixed one keeps ISNs the same in every
    // run of an input.
    m_tcp->AssignStreams(0);
    m_tcp->TraceConnectWithoutContext("Tx", MakeCallback(&Harness::OnTx, this));
    m_tcp->TraceConnectWithoutContext("Transition", MakeCallback(&Harness::OnTransition, this));
    // The peer would drop them anyway; skipping IP, the queue disc and the link is most of
    // an execution's cost.
    m_tcp->SetDownTarget(MakeCallback(&Harness::Drop, this));

    // Initialise the nodes (time 0) so that segments leave when they are sent.
    Simulator::Stop(Seconds(0));
    Simulator::Run();
}

Harness::~Harness()
{
    m_tcp->TraceDisconnectWithoutContext("Tx", MakeCallback(&Harness::OnTx, this));
    m_tcp->TraceDisconnectWithoutContext("Transition", MakeCallback(&Harness::OnTransition, this));
    m_slots.clear();
}

void
Harness::Log(const std::string& line)
{
    if (!m_logging)
    {
        return;
    }
    std::ostringstream os;
    os << Simulator::Now().As(Time::MS) << "  " << line;
    if (m_trace)
    {
        std::fprintf(stderr, "%s\n", os.str().c_str());
    }
    m_log.push_back(os.str());
    if (m_log.size() > 60)
    {
        m_log.pop_front();
    }
}

void
Harness::Drop(Ptr<Packet> /* p */,
              Ipv4Address /* src */,
              Ipv4Address /* dst */,
              uint8_t /* protocol */,
              Ptr<Ipv4Route> /* route */)
{
}

void
Harness::Fail(const std::string& what)
{
    if (!m_result.ok)
    {
        return; // the first violation is the one to report
    }
    m_result.ok = false;
    std::ostringstream os;
    os << "invariant violated in operation " << m_result.operations << " (" << m_opName << ") at "
       << Simulator::Now().As(Time::MS) << ": " << what << "\nlast events:\n";
    for (const auto& line : m_log)
    {
        os << "  " << line << "\n";
    }
    m_result.failure = os.str();
}

// ---------------------------------------------------------------------------------------------
// Observation

std::vector<Ptr<SynFinSocket>>
Harness::Sockets() const
{
    std::vector<Ptr<SynFinSocket>> out;
    out.reserve(m_tcp->GetSocketCount());
    for (std::size_t i = 0; i < m_tcp->GetSocketCount(); ++i)
    {
        out.push_back(m_tcp->GetSocket(i));
    }
    return out;
}

Ptr<SynFinSocket>
Harness::FindSocket(uint16_t localPort, uint16_t remotePort) const
{
    for (const auto& s : Sockets())
    {
        const SynFinFourTuple& t = s->GetFourTuple();
        if (t.localPort == localPort && t.remotePort == remotePort &&
            s->GetState() != TcpSocket::LISTEN)
        {
            return s;
        }
    }
    return nullptr;
}

std::vector<Target>
Harness::Targets() const
{
    std::vector<Target> out;
    for (const auto& s : Sockets())
    {
        if (s->GetState() == TcpSocket::CLOSED)
        {
            continue;
        }
        Target t;
        t.localPort = s->GetFourTuple().localPort;
        t.remotePort = s->GetFourTuple().remotePort;
        t.state = s->GetState();
        t.listener = t.state == TcpSocket::LISTEN;
        t.iss = s->GetIss().GetValue();
        t.sndUna = s->GetSndUna().GetValue();
        t.sndNxt = s->GetSndNxt().GetValue();
        t.sndMax = s->GetSndMax().GetValue();
        t.rcvNxt = s->GetRcvNxt().GetValue();
        out.push_back(t);
    }
    for (const auto& [ports, ts] : m_tuples)
    {
        if (ts.state != TcpSocket::TIME_WAIT)
        {
            continue;
        }
        const SynFinTimeWaitRecord* rec = m_tcp->GetTimeWaitTable().Find(ts.tuple);
        if (!rec)
        {
            continue; // reported by CheckSockets
        }
        Target t;
        t.localPort = ports.first;
        t.remotePort = ports.second;
        t.timeWait = true;
        t.state = TcpSocket::TIME_WAIT;
        t.sndUna = t.sndNxt = t.sndMax = rec->sndNxt;
        t.rcvNxt = rec->rcvNxt;
        out.push_back(t);
    }
    Target stray;
    stray.stray = true;
    out.push_back(stray);
    return out;
}

void
Harness::OnTransition(const SynFinStateChange& c)
{
    if (m_logging)
    {
        std::ostringstream os;
        os << "conn " << c.connectionId << " " << c.tuple.localPort << ">" << c.tuple.remotePort
           << "  " << StateName(c.from) << " -> " << StateName(c.to) << "  on " << c.cause;
        Log(os.str());
    }
    if (IsValidState(c.to))
    {
        m_result.statesVisited |= 1U << static_cast<unsigned>(c.to);
    }
    m_connState[c.connectionId] = c.to;
    if (c.tuple.remotePort == 0)
    {
        return;
    }
    const std::pair<uint16_t, uint16_t> ports{c.tuple.localPort, c.tuple.remotePort};
    m_tuples[ports] = {c.tuple, c.to};
    if (c.cause == SynFinEvent::RCV_SYN_REUSE && m_timeWaitSndNxt.count(ports))
    {
        m_reusedSndNxt[ports] = m_timeWaitSndNxt[ports];
    }
    auto reused = m_reusedSndNxt.find(ports);
    if (c.to == TcpSocket::SYN_RCVD && reused != m_reusedSndNxt.end())
    {
        // RFC 1122 4.2.2.13 (RFC 9293 3.10.7.4 note): a connection reopened from TIME-WAIT
        // takes an ISS beyond every sequence number the old incarnation used.
        Ptr<SynFinSocket> s = FindSocket(ports.first, ports.second);
        if (s && !SeqLe(reused->second, s->GetIss().GetValue()))
        {
            Fail("connection reopened from TIME-WAIT with ISS " +
                 std::to_string(s->GetIss().GetValue()) +
                 ", not beyond the old incarnation's SND.NXT " + std::to_string(reused->second));
        }
        m_reusedSndNxt.erase(reused);
    }
}

void
Harness::OnTx(Ptr<const Packet> p, const TcpHeader& h, Ipv4Address /* src */, Ipv4Address /* dst */)
{
    Emitted e{h.GetFlags(),
              h.GetSequenceNumber().GetValue(),
              h.GetAckNumber().GetValue(),
              p->GetSize(),
              h.GetSourcePort(),
              h.GetDestinationPort()};
    if (m_logging)
    {
        std::ostringstream os;
        os << "  tx " << FlagString(e.flags) << " " << e.src << ">" << e.dst << " seq " << e.seq
           << " ack " << e.ack << " len " << e.payload << " win " << h.GetWindowSize();
        Log(os.str());
    }
    m_emitted.push_back(e);
    for (uint64_t v : {uint64_t{e.flags}, uint64_t{e.seq}, uint64_t{e.ack}, uint64_t{e.payload}})
    {
        m_result.digest = (m_result.digest ^ v) * 1099511628211ULL; // FNV-1a, word-wise
    }
    CheckEmitted(e);
}

// ---------------------------------------------------------------------------------------------
// Checks

void
Harness::CheckEmitted(const Emitted& e)
{
    const bool syn = e.flags & TcpHeader::SYN;
    const bool rst = e.flags & TcpHeader::RST;
    const bool fin = e.flags & TcpHeader::FIN;
    const bool ack = e.flags & TcpHeader::ACK;
    if (syn && rst)
    {
        Fail("sent a segment with both SYN and RST");
    }
    if (syn && fin)
    {
        Fail("sent a segment with both SYN and FIN");
    }
    if (rst)
    {
        return; // RSTs are judged per operation (CheckResponse, EndOp)
    }
    auto known = m_tuples.find({e.src, e.dst});
    SynFinState state = known == m_tuples.end() ? TcpSocket::CLOSED : known->second.state;
    if (known == m_tuples.end() || state == TcpSocket::CLOSED || state == TcpSocket::LISTEN)
    {
        Fail(std::string("sent ") + FlagString(e.flags) + " for a connection that is " +
             (known == m_tuples.end() ? "unknown" : StateName(state)) +
             " (only a RST may come from no connection)");
        return;
    }
    if (!ack && !(syn && state == TcpSocket::SYN_SENT))
    {
        Fail(std::string("sent ") + FlagString(e.flags) + " without ACK in " + StateName(state));
    }
    Ptr<SynFinSocket> s = FindSocket(e.src, e.dst);
    if (!s)
    {
        if (state != TcpSocket::TIME_WAIT)
        {
            Fail(std::string("sent ") + FlagString(e.flags) + " in " + StateName(state) +
                 " for a connection no socket holds");
            return;
        }
        const SynFinTimeWaitRecord* rec = m_tcp->GetTimeWaitTable().Find(known->second.tuple);
        if (!rec)
        {
            Fail("sent a segment in TIME-WAIT for a connection the TIME-WAIT table lacks");
        }
        else if (e.seq != rec->sndNxt || e.ack != rec->rcvNxt || e.payload > 0 || syn || fin)
        {
            Fail("a TIME-WAIT record sent something other than <SEQ=SND.NXT><ACK=RCV.NXT><ACK>");
        }
        return;
    }
    const uint32_t iss = s->GetIss().GetValue();
    if (ack && e.ack != s->GetRcvNxt().GetValue())
    {
        Fail("ACK field " + std::to_string(e.ack) + " is not RCV.NXT " +
             std::to_string(s->GetRcvNxt().GetValue()));
    }
    if (syn)
    {
        if (e.seq != iss)
        {
            Fail("SYN with sequence number " + std::to_string(e.seq) + " other than ISS " +
                 std::to_string(iss));
        }
    }
    else if (!SeqLe(s->GetSndUna().GetValue(), e.seq) || !SeqLe(e.seq, s->GetSndMax().GetValue()))
    {
        Fail("segment sequence number " + std::to_string(e.seq) + " outside [SND.UNA " +
             std::to_string(s->GetSndUna().GetValue()) + ", SND.MAX " +
             std::to_string(s->GetSndMax().GetValue()) + "]");
    }
    if (e.payload > 0 && s->GetSndUna().GetValue() == iss)
    {
        Fail(std::string("sent ") + std::to_string(e.payload) + " data bytes in " +
             StateName(state) + " before our SYN was acknowledged");
    }
}

void
Harness::BeginOp(const std::string& name, RstRule rule)
{
    m_opName = name;
    m_rstRule = rule;
    m_expectAbortRst = false;
    m_emitted.clear();
    Log("op " + std::to_string(m_result.operations) + ": " + name);
}

void
Harness::CheckResponse()
{
    const Segment& in = m_injected;
    const bool inRst = in.flags & TcpHeader::RST;
    uint32_t rsts = 0;
    for (const auto& e : m_emitted)
    {
        if (e.src != in.dst || e.dst != in.src)
        {
            Fail("a segment to " + std::to_string(in.dst) + " was answered on connection " +
                 std::to_string(e.src) + ">" + std::to_string(e.dst));
        }
        if (inRst && (e.flags != TcpHeader::ACK || e.payload > 0))
        {
            Fail(std::string("answered a RST with ") + FlagString(e.flags) +
                 " (only a challenge ACK may answer a RST)");
        }
        if (!(e.flags & TcpHeader::RST))
        {
            continue;
        }
        ++rsts;
        if (in.flags & TcpHeader::ACK)
        {
            if (e.flags != TcpHeader::RST || e.seq != in.ack)
            {
                Fail("RST answering a segment with ACK " + std::to_string(in.ack) + " is " +
                     FlagString(e.flags) + " seq " + std::to_string(e.seq) +
                     ", not <SEQ=SEG.ACK><CTL=RST>");
            }
        }
        else
        {
            uint32_t segLen = in.payload + ((in.flags & TcpHeader::SYN) ? 1 : 0) +
                              ((in.flags & TcpHeader::FIN) ? 1 : 0);
            if (e.flags != (TcpHeader::RST | TcpHeader::ACK) || e.seq != 0 ||
                e.ack != in.seq + segLen)
            {
                Fail("RST answering a segment without ACK is " + FlagString(e.flags) + " seq " +
                     std::to_string(e.seq) + " ack " + std::to_string(e.ack) +
                     ", not <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>");
            }
        }
    }
    if (inRst && m_emitted.size() > 1)
    {
        Fail("answered a RST with " + std::to_string(m_emitted.size()) + " segments");
    }
    if (rsts > 1)
    {
        Fail("answered one segment with " + std::to_string(rsts) + " RSTs");
    }
}

void
Harness::EndOp()
{
    switch (m_rstRule)
    {
    case RstRule::RESPONSE:
        CheckResponse();
        break;
    case RstRule::ABORT: {
        uint32_t rsts = 0;
        for (const auto& e : m_emitted)
        {
            if (!(e.flags & TcpHeader::RST))
            {
                continue;
            }
            ++rsts;
            if (e.flags != TcpHeader::RST || e.seq != m_abortSeq || e.src != m_abortLocalPort)
            {
                Fail("abort sent " + FlagString(e.flags) + " seq " + std::to_string(e.seq) +
                     ", not <SEQ=SND.NXT " + std::to_string(m_abortSeq) + "><CTL=RST>");
            }
        }
        if (rsts != (m_expectAbortRst ? 1U : 0U))
        {
            Fail("abort sent " + std::to_string(rsts) + " RSTs, RFC 9293 3.10.5 asks for " +
                 (m_expectAbortRst ? "one" : "none") + " in this state");
        }
        break;
    }
    case RstRule::NONE:
        for (const auto& e : m_emitted)
        {
            if (e.flags & TcpHeader::RST)
            {
                Fail("sent a RST where nothing asks for one");
            }
        }
        break;
    case RstRule::LISTENER: {
        std::size_t rsts = 0;
        for (const auto& e : m_emitted)
        {
            if (!(e.flags & TcpHeader::RST))
            {
                Fail("a closing listener sent " + FlagString(e.flags));
                continue;
            }
            ++rsts;
            if (e.flags != TcpHeader::RST || m_resettable.count({e.dst, e.seq}) == 0)
            {
                Fail("a closing listener sent " + FlagString(e.flags) + " seq " +
                     std::to_string(e.seq) + ", not <SEQ=SND.NXT><CTL=RST> of a waiting child");
            }
        }
        if (rsts != m_acceptQueued)
        {
            Fail("a closing listener reset " + std::to_string(rsts) + " children, " +
                 std::to_string(m_acceptQueued) + " were waiting to be accepted");
        }
        break;
    }
    }
    CheckSockets();
    ++m_result.operations;
}

void
Harness::CheckSockets()
{
    uint32_t synRcvdChildren = 0;
    uint64_t synQueued = 0;
    UintegerValue synBacklog;
    UintegerValue acceptBacklog;
    for (const auto& s : Sockets())
    {
        const SynFinState st = s->GetState();
        // Messages are built only for a failure: this runs after every operation.
        auto who = [&s, st]() {
            return "conn " + std::to_string(s->GetConnectionId()) + " (" + StateName(st) + ")";
        };
        if (!IsValidState(st))
        {
            Fail(who() + ": state " + std::to_string(static_cast<int>(st)) + " is no TcpStates_t");
            return;
        }
        auto known = m_connState.find(s->GetConnectionId());
        if (known != m_connState.end() && known->second != st)
        {
            Fail(who() + ": its last transition went to " + StateName(known->second));
        }
        if (st == TcpSocket::TIME_WAIT)
        {
            Fail(who() + ": a socket in TIME-WAIT is still in SocketList");
        }
        if (st == TcpSocket::CLOSED && known != m_connState.end())
        {
            Fail(who() + ": a connection that closed is still in SocketList");
        }
        if (st == TcpSocket::LISTEN)
        {
            synQueued += s->GetSynQueueLength();
            s->GetAttribute("SynBacklog", synBacklog);
            s->GetAttribute("AcceptBacklog", acceptBacklog);
            if (s->GetSynQueueLength() > synBacklog.Get())
            {
                Fail(who() + ": SYN queue beyond SynBacklog");
            }
            if (s->GetAcceptQueueLength() > acceptBacklog.Get())
            {
                Fail(who() + ": accept queue beyond AcceptBacklog");
            }
        }
        if (st == TcpSocket::LISTEN && s->GetFourTuple().remotePort != 0)
        {
            // Only Connect() sets the remote end, and a listener it succeeds on is SYN-SENT.
            Fail(who() + ": a listener with a remote end " +
                 std::to_string(s->GetFourTuple().remotePort));
        }
        if (st == TcpSocket::CLOSED || st == TcpSocket::LISTEN)
        {
            continue;
        }
        // A connection is its 4-tuple (RFC 9293 3.3.1): it cannot change while it lives.
        auto first =
            m_connTuple.emplace(std::make_pair(s->GetConnectionId(), s->GetIss().GetValue()),
                                s->GetFourTuple());
        if (!(first.first->second == s->GetFourTuple()))
        {
            std::ostringstream os;
            os << who() << ": its 4-tuple changed from " << first.first->second << " to "
               << s->GetFourTuple();
            Fail(os.str());
        }
        if (st == TcpSocket::SYN_RCVD && s->IsPassive())
        {
            ++synRcvdChildren;
        }
        const uint32_t iss = s->GetIss().GetValue();
        const uint32_t una = s->GetSndUna().GetValue();
        const uint32_t nxt = s->GetSndNxt().GetValue();
        const uint32_t max = s->GetSndMax().GetValue();
        const uint32_t rcvNxt = s->GetRcvNxt().GetValue();
        auto seqs = [=]() {
            std::ostringstream os;
            os << " (ISS " << iss << " SND.UNA " << una << " SND.NXT " << nxt << " SND.MAX " << max
               << ")";
            return os.str();
        };
        if (!SeqLe(iss, una) || !SeqLe(una, nxt) || !SeqLe(nxt, max))
        {
            Fail(who() + ": not ISS <= SND.UNA <= SND.NXT <= SND.MAX" + seqs());
        }
        if (st == TcpSocket::SYN_SENT && (una != iss || nxt != iss + 1 || max != iss + 1))
        {
            Fail(who() + ": SYN-SENT has sent more than its SYN" + seqs());
        }
        if ((st == TcpSocket::ESTABLISHED || st == TcpSocket::CLOSE_WAIT ||
             st == TcpSocket::FIN_WAIT_2) &&
            una == iss)
        {
            Fail(who() + ": our SYN is not acknowledged" + seqs());
        }
        if (st == TcpSocket::FIN_WAIT_2 && una != max)
        {
            Fail(who() + ": FIN-WAIT-2 with sequence space unacknowledged" + seqs());
        }
        UintegerValue sndBuf;
        uint32_t avail = 0;
        // At most SYN and FIN can be outstanding beyond what the buffer holds.
        if (max - una > 2 && (avail = s->GetTxAvailable()) > 0 &&
            s->GetAttributeFailSafe("SndBufSize", sndBuf) && max - una > (sndBuf.Get() - avail) + 2)
        {
            Fail(who() + ": " + std::to_string(max - una) +
                 " sequence numbers outstanding but only " + std::to_string(sndBuf.Get() - avail) +
                 " bytes buffered" + seqs());
        }
        if (st == TcpSocket::SYN_SENT)
        {
            continue; // RCV.NXT is set by the peer's SYN
        }
        auto key = std::make_pair(s->GetConnectionId(), iss);
        auto seen = m_progress.find(key);
        if (seen != m_progress.end())
        {
            if (!SeqLe(seen->second.first, una))
            {
                Fail(who() + ": SND.UNA went back from " + std::to_string(seen->second.first) +
                     seqs());
            }
            if (!SeqLe(seen->second.second, rcvNxt))
            {
                Fail(who() + ": RCV.NXT went back from " + std::to_string(seen->second.second) +
                     " to " + std::to_string(rcvNxt));
            }
        }
        m_progress[key] = {una, rcvNxt};
    }
    if (synQueued > synRcvdChildren)
    {
        Fail("listeners count " + std::to_string(synQueued) + " children in their SYN queues, " +
             std::to_string(synRcvdChildren) + " are in SYN-RECEIVED");
    }
    std::size_t timeWait = 0;
    for (const auto& [ports, ts] : m_tuples)
    {
        if (ts.state == TcpSocket::TIME_WAIT)
        {
            ++timeWait;
            const SynFinTimeWaitRecord* rec = m_tcp->GetTimeWaitTable().Find(ts.tuple);
            if (rec)
            {
                m_timeWaitSndNxt[ports] = rec->sndNxt;
            }
            else
            {
                Fail("connection " + std::to_string(ports.first) + ">" +
                     std::to_string(ports.second) + " is in TIME-WAIT but has no record");
            }
        }
    }
    if (m_tcp->GetTimeWaitTable().Size() != timeWait)
    {
        Fail("TIME-WAIT table holds " + std::to_string(m_tcp->GetTimeWaitTable().Size()) +
             " records, transitions leave " + std::to_string(timeWait) + " in TIME-WAIT");
    }
}

// ---------------------------------------------------------------------------------------------
// Operations

void
Harness::Inject(const Segment& s)
{
    TcpHeader h;
    h.SetSourcePort(s.src);
    h.SetDestinationPort(s.dst);
    h.SetSequenceNumber(SequenceNumber32(s.seq));
    h.SetAckNumber(SequenceNumber32(s.ack));
    h.SetFlags(s.flags);
    h.SetWindowSize(s.window);
    if (s.mss)
    {
        Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
        mss->SetMSS(s.mssValue);
        h.AppendOption(mss);
    }
    Ptr<Packet> p = Create<Packet>(s.payload);
    p->AddHeader(h);
    Ipv4Header ip;
    ip.SetSource(m_peer);
    ip.SetDestination(m_local);
    ip.SetProtocol(SynFinL4Protocol::PROT_NUMBER);
    ip.SetPayloadSize(p->GetSize());

    std::ostringstream os;
    os << "inject " << FlagString(s.flags) << " " << s.src << ">" << s.dst << " seq " << s.seq
       << " ack " << s.ack << " len " << s.payload << " win " << s.window;
    if (s.mss)
    {
        os << " mss " << s.mssValue;
    }
    BeginOp(os.str(), RstRule::RESPONSE);
    m_injected = s;
    ++m_result.segments;
    m_tcp->Receive(p, ip, nullptr);
    EndOp();
}

void
Harness::InjectOp(Reader& in, uint8_t arg)
{
    std::vector<Target> targets = Targets();
    const Target& t = targets[arg % targets.size()];
    Segment s;
    uint8_t flags = in.U8();
    uint8_t modes = in.U8();
    s.flags = flags & 0x3f;
    s.mss = flags & 0x40;
    const bool absolute = flags & 0x80;
    uint32_t seqBase = 0;
    switch (modes & 3)
    {
    case 0:
        seqBase = t.rcvNxt;
        break;
    case 1:
        seqBase = t.rcvNxt - 1; // a retransmission of the byte or FIN before RCV.NXT
        break;
    case 2:
        seqBase = t.rcvNxt + 65535; // the window's far edge
        break;
    default:
        seqBase = kPeerIss;
        break;
    }
    const uint32_t ackBases[8] =
        {t.sndNxt, t.sndUna, t.sndMax, t.iss, t.iss + 1, 0, t.sndNxt + 1, t.sndUna + 1};
    uint32_t ackBase = ackBases[(modes >> 2) & 7];
    if (absolute)
    {
        s.seq = in.U32();
        s.ack = in.U32();
    }
    else
    {
        s.seq =
            seqBase + static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(in.U16())));
        s.ack =
            ackBase + static_cast<uint32_t>(static_cast<int32_t>(static_cast<int16_t>(in.U16())));
    }
    const uint16_t windows[4] = {65535, 0, 1, 536};
    uint8_t windowClass = modes >> 5;
    s.window = windowClass < 4 ? windows[windowClass] : static_cast<uint16_t>(in.U8() << 8);
    uint8_t len = in.U8();
    s.payload = len < 200 ? len : (len - 199U) * 256U;
    if (t.listener || t.stray)
    {
        uint8_t ports = in.U8();
        s.src = kPeerPorts[ports & 3];
        s.dst = t.listener ? t.localPort : kStrayLocalPorts[(ports >> 2) & 3];
    }
    else
    {
        s.src = t.remotePort;
        s.dst = t.localPort;
    }
    if (s.mss)
    {
        s.mssValue = in.U16();
    }
    Inject(s);
}

void
Harness::Reply(uint8_t arg, uint8_t detail)
{
    // What a well-behaved peer would send next, so that inputs reach deep states cheaply.
    std::vector<Target> targets = Targets();
    const Target& t = targets[arg % targets.size()];
    Segment s;
    s.src = t.remotePort;
    s.dst = t.localPort;
    if (t.stray)
    {
        s.src = kPeerPorts[detail & 3];
        s.dst = kStrayLocalPorts[(detail >> 2) & 3];
        s.flags = TcpHeader::SYN;
        s.seq = kPeerIss;
    }
    else if (t.listener)
    {
        s.src = kPeerPorts[detail & 3];
        s.flags = TcpHeader::SYN;
        s.seq = kPeerIss + (detail >> 2) * 100000U;
        s.mss = true;
        s.mssValue = 1460;
    }
    else if (t.state == TcpSocket::SYN_SENT)
    {
        s.flags = TcpHeader::SYN | TcpHeader::ACK;
        s.seq = kPeerIss;
        s.ack = t.iss + 1;
        s.mss = true;
        s.mssValue = 1460;
    }
    else if (t.timeWait)
    {
        s.flags = TcpHeader::FIN | TcpHeader::ACK; // the peer's FIN again: our ACK was lost
        s.seq = t.rcvNxt - 1;
        s.ack = t.sndNxt;
    }
    else
    {
        s.flags = TcpHeader::ACK | ((detail & 1) ? TcpHeader::FIN : 0);
        s.seq = t.rcvNxt;
        s.ack = t.sndMax;
        s.payload = (detail >> 1) * 16U;
    }
    Inject(s);
}

void
Harness::Advance(int64_t ms)
{
    BeginOp("advance " + std::to_string(ms) + " ms", RstRule::NONE);
    Simulator::Stop(MilliSeconds(ms));
    Simulator::Run();
    EndOp();
}

Ptr<SynFinSocket>
Harness::Slot(uint8_t arg) const
{
    return m_slots.empty() ? nullptr : m_slots[arg % m_slots.size()];
}

void
Harness::AddSlot(Ptr<Socket> s)
{
    if (m_slots.size() < kMaxSlots)
    {
        m_slots.push_back(DynamicCast<SynFinSocket>(s));
    }
}

void
Harness::OnAccept(Ptr<Socket> s, const Address& /* from */)
{
    Log("  accepted conn " + std::to_string(DynamicCast<SynFinSocket>(s)->GetConnectionId()));
    AddSlot(s);
}

void
Harness::Connect(uint8_t arg)
{
    // Low two bits: the slot; high two: the peer's port.
    Ptr<SynFinSocket> s = Slot(arg & 3);
    if (!s)
    {
        return;
    }
    uint16_t port = kConnectPorts[arg >> 2];
    BeginOp("connect slot " + std::to_string((arg & 3) % m_slots.size()) + " to port " +
                std::to_string(port),
            RstRule::NONE);
    int rc = s->Connect(InetSocketAddress(m_peer, port));
    Log("  -> " + std::to_string(rc));
    EndOp();
}

void
Harness::Listen(uint8_t arg)
{
    // Low two bits: the slot; high two: the port.
    Ptr<SynFinSocket> s = Slot(arg & 3);
    if (!s)
    {
        return;
    }
    uint16_t port = kListenPorts[arg >> 2];
    BeginOp("listen slot " + std::to_string((arg & 3) % m_slots.size()) + " on port " +
                std::to_string(port),
            RstRule::NONE);
    int rc = s->Bind(InetSocketAddress(Ipv4Address::GetAny(), port));
    int rc2 = s->Listen();
    s->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                         MakeCallback(&Harness::OnAccept, this));
    Log("  -> bind " + std::to_string(rc) + " listen " + std::to_string(rc2));
    EndOp();
}

void
Harness::AppClose(uint8_t arg, bool abort)
{
    Ptr<SynFinSocket> s = Slot(arg);
    if (!s)
    {
        return;
    }
    const SynFinState st = s->GetState();
    BooleanValue linger;
    s->GetAttribute("LingerZero", linger);
    const bool aborting =
        abort || linger.Get() || (s->GetRxAvailable() > 0 && st != TcpSocket::LISTEN);
    const bool listener = st == TcpSocket::LISTEN;
    BeginOp(std::string(abort ? "abort" : "close") + " slot " +
                std::to_string(arg % m_slots.size()) + " in " + StateName(st),
            listener   ? RstRule::LISTENER
            : aborting ? RstRule::ABORT
                       : RstRule::NONE);
    m_resettable.clear();
    // Linux's listen-stop resets the unaccepted children the peer still holds open; one the
    // peer reset meanwhile waits in the queue CLOSED and gets nothing.
    m_acceptQueued = 0;
    if (listener)
    {
        for (const auto& c : s->GetAcceptQueue())
        {
            if (c->GetState() == TcpSocket::ESTABLISHED || c->GetState() == TcpSocket::CLOSE_WAIT)
            {
                ++m_acceptQueued;
            }
        }
    }
    if (listener)
    {
        for (const auto& c : Sockets())
        {
            if (c->IsPassive() &&
                (c->GetState() == TcpSocket::ESTABLISHED ||
                 c->GetState() == TcpSocket::CLOSE_WAIT) &&
                c->GetFourTuple().localPort == s->GetFourTuple().localPort)
            {
                m_resettable.insert({c->GetFourTuple().remotePort, c->GetSndNxt().GetValue()});
            }
        }
    }
    // RFC 9293 3.10.5: a RST goes only where the peer may hold a synchronized connection.
    m_expectAbortRst = st == TcpSocket::SYN_RCVD || st == TcpSocket::ESTABLISHED ||
                       st == TcpSocket::FIN_WAIT_1 || st == TcpSocket::FIN_WAIT_2 ||
                       st == TcpSocket::CLOSE_WAIT;
    m_abortSeq = s->GetSndNxt().GetValue();
    m_abortLocalPort = s->GetFourTuple().localPort;
    int rc = abort ? s->Abort() : s->Close();
    Log("  -> " + std::to_string(rc));
    EndOp();
}

void
Harness::Step(Reader& in)
{
    uint8_t op = in.U8();
    uint8_t arg = op >> 4;
    switch (op & 0x0f)
    {
    case OP_INJECT:
    case OP_INJECT_B:
    case OP_INJECT_C:
        InjectOp(in, arg);
        break;
    case OP_REPLY:
        Reply(arg, in.U8());
        break;
    case OP_ADVANCE:
    case OP_ADVANCE_B:
        Advance(kStepsMs[arg]);
        break;
    case OP_CONNECT:
        Connect(arg);
        break;
    case OP_LISTEN:
        Listen(arg);
        break;
    case OP_SEND: {
        uint8_t size = in.U8();
        Ptr<SynFinSocket> s = Slot(arg);
        if (s)
        {
            // Up to 12 KB, or (255) more than a send buffer holds.
            uint32_t bytes = size == 255 ? 200000 : size * 48U;
            BeginOp("send " + std::to_string(bytes) + " on slot " +
                        std::to_string(arg % m_slots.size()),
                    RstRule::NONE);
            int rc = s->Send(Create<Packet>(bytes), 0);
            Log("  -> " + std::to_string(rc));
            EndOp();
        }
        break;
    }
    case OP_RECV: {
        uint8_t size = in.U8();
        Ptr<SynFinSocket> s = Slot(arg);
        if (s)
        {
            uint32_t bytes = size == 255 ? UINT32_MAX : size * 64U;
            BeginOp("recv " + std::to_string(bytes) + " on slot " +
                        std::to_string(arg % m_slots.size()),
                    RstRule::NONE);
            Ptr<Packet> p = s->Recv(bytes, 0);
            Log("  -> " + (p ? std::to_string(p->GetSize()) + " bytes" : std::string("none")));
            EndOp();
        }
        break;
    }
    case OP_CLOSE:
        AppClose(arg, false);
        break;
    case OP_ABORT:
        AppClose(arg, true);
        break;
    case OP_SHUTDOWN_SEND:
    case OP_SHUTDOWN_RECV: {
        Ptr<SynFinSocket> s = Slot(arg);
        if (s)
        {
            bool send = (op & 0x0f) == OP_SHUTDOWN_SEND;
            BeginOp(std::string(send ? "shutdown send" : "shutdown recv") + " on slot " +
                        std::to_string(arg % m_slots.size()),
                    RstRule::NONE);
            send ? s->ShutdownSend() : s->ShutdownRecv();
            EndOp();
        }
        break;
    }
    case OP_NEW_SOCKET:
        if (m_slots.size() < kMaxSlots)
        {
            BeginOp("new socket", RstRule::NONE);
            AddSlot(m_tcp->CreateSocket());
            EndOp();
        }
        break;
    case OP_ACCEPT: {
        Ptr<SynFinSocket> s = Slot(arg);
        if (s)
        {
            BeginOp("accept on slot " + std::to_string(arg % m_slots.size()), RstRule::NONE);
            Ptr<Socket> child = s->Accept();
            if (child)
            {
                AddSlot(child);
            }
            EndOp();
        }
        break;
    }
    default:
        break;
    }
}

void
Harness::Prologue(uint8_t which)
{
    BeginOp("new socket", RstRule::NONE);
    AddSlot(m_tcp->CreateSocket());
    EndOp();
    // Slot 0 is the application's first socket. Replies to target 0 answer the first open
    // socket in SocketList.
    switch (which % 9)
    {
    case 0: // a socket, nothing else
        break;
    case 1: // SYN-SENT
        Connect(0);
        break;
    case 2: // LISTEN on 80
        Listen(0);
        break;
    case 3: // ESTABLISHED, active
        Connect(0);
        Reply(0, 0);
        break;
    case 4: // ESTABLISHED, passive: the child is slot 1 (target 1 while the listener lives)
        Listen(0);
        Reply(0, 0);
        Reply(1, 0);
        break;
    case 5: // SYN-RECEIVED by simultaneous open
        Connect(0);
        Inject({TcpHeader::SYN,
                kPeerIss,
                0,
                65535,
                false,
                0,
                0,
                80,
                Slot(0)->GetFourTuple().localPort});
        break;
    case 6: // TIME-WAIT, active closer
        Connect(0);
        Reply(0, 0);
        AppClose(0, false);
        Reply(0, 1); // ACK of our FIN with the peer's FIN
        break;
    case 7: // CLOSE-WAIT, passive, and the listener still there
        Listen(0);
        Reply(0, 0);
        Reply(1, 0);
        Reply(1, 1);
        break;
    default: { // a listener on 80 and an established client beside it
        Listen(0);
        BeginOp("new socket", RstRule::NONE);
        AddSlot(m_tcp->CreateSocket());
        EndOp();
        Connect(1);
        Reply(1, 0);
        break;
    }
    }
}

/// Builds inputs op by op (for the seeds).
class Writer
{
  public:
    Writer(uint8_t prologue, uint8_t config)
        : m_bytes{prologue, config}
    {
    }

    Writer& Op(uint8_t code, uint8_t arg)
    {
        m_bytes.push_back(static_cast<uint8_t>((arg << 4) | code));
        return *this;
    }

    Writer& Byte(uint8_t b)
    {
        m_bytes.push_back(b);
        return *this;
    }

    Writer& Reply(uint8_t target, uint8_t detail)
    {
        return Op(OP_REPLY, target).Byte(detail);
    }

    Writer& Advance(uint8_t step)
    {
        return Op(OP_ADVANCE, step);
    }

    /// A segment relative to RCV.NXT (seq) and SND.NXT (ack), no MSS option.
    Writer& Inject(uint8_t target, uint8_t flags, int16_t seqOff, int16_t ackOff, uint8_t len)
    {
        Op(OP_INJECT, target).Byte(flags).Byte(0);
        Byte(static_cast<uint8_t>(static_cast<uint16_t>(seqOff) >> 8))
            .Byte(static_cast<uint8_t>(seqOff & 0xff));
        Byte(static_cast<uint8_t>(static_cast<uint16_t>(ackOff) >> 8))
            .Byte(static_cast<uint8_t>(ackOff & 0xff));
        return Byte(len);
    }

    std::vector<uint8_t> Bytes() const
    {
        return m_bytes;
    }

  private:
    std::vector<uint8_t> m_bytes;
};

/// Run an input once; ns-3's global state is reset afterwards.
RunResult
RunOnce(const uint8_t* data, std::size_t size, bool logging)
{
    RunResult result;
    {
        Reader in(data, size);
        uint8_t prologue = in.U8();
        uint8_t config = in.U8();
        Harness harness(config, logging);
        harness.Prologue(prologue);
        while (!in.Done() && !harness.Failed() && harness.Result().operations < kMaxOps)
        {
            harness.Step(in);
        }
        result = harness.Result();
    }
    Simulator::Destroy();
    Config::Reset();
    return result;
}

} // namespace

RunResult
RunInput(const uint8_t* data, std::size_t size)
{
    ++g_runs;
    RunResult result = RunOnce(data, size, false);
    g_segments += result.segments;
    if (!result.ok)
    {
        // Runs are deterministic: the same input again, keeping the events this time, gives
        // the report of the same violation.
        RunResult logged = RunOnce(data, size, true);
        if (!logged.ok)
        {
            result.failure = logged.failure;
        }
        else
        {
            result.failure += "(a second run of this input passed: the driver is not "
                              "deterministic)\n";
        }
    }
    return result;
}

uint64_t
TotalSegmentsInjected()
{
    return g_segments;
}

uint64_t
TotalRuns()
{
    return g_runs;
}

std::vector<std::pair<std::string, std::vector<uint8_t>>>
SeedInputs()
{
    const uint8_t kAck = TcpHeader::ACK;
    std::vector<std::pair<std::string, std::vector<uint8_t>>> out;
    for (uint8_t p = 0; p < 9; ++p)
    {
        out.emplace_back("prologue-" + std::to_string(p), Writer(p, 0).Bytes());
    }
    // Active open, data both ways, active close through TIME-WAIT to CLOSED.
    out.emplace_back("active-data-close",
                     Writer(3, 0)
                         .Op(OP_SEND, 0)
                         .Byte(20)
                         .Reply(0, 20)
                         .Op(OP_RECV, 0)
                         .Byte(255)
                         .Op(OP_CLOSE, 0)
                         .Reply(0, 1)
                         .Advance(15)
                         .Bytes());
    // Passive close: the peer's FIN, then ours, then its ACK.
    out.emplace_back("passive-close", Writer(7, 0).Op(OP_CLOSE, 1).Reply(1, 0).Advance(8).Bytes());
    // Retransmissions until the connection gives up.
    out.emplace_back("give-up",
                     Writer(3, CFG_FEW_RETRIES)
                         .Op(OP_SEND, 0)
                         .Byte(30)
                         .Advance(8)
                         .Advance(10)
                         .Advance(12)
                         .Bytes());
    // A RST in the window but not at RCV.NXT (challenge ACK), then an exact one.
    out.emplace_back(
        "rst-challenge",
        Writer(3, 0).Inject(0, TcpHeader::RST, 5, 0, 0).Inject(0, TcpHeader::RST, 0, 0, 0).Bytes());
    // An orphan in FIN-WAIT-2 times out.
    out.emplace_back("fin-wait-2-timeout",
                     Writer(3, 0).Op(OP_CLOSE, 0).Reply(0, 0).Advance(12).Bytes());
    // Simultaneous close: FIN-WAIT-1, CLOSING, TIME-WAIT.
    out.emplace_back("simultaneous-close",
                     Writer(3, 0)
                         .Op(OP_CLOSE, 0)
                         .Inject(0, TcpHeader::FIN | kAck, 0, -1, 0)
                         .Reply(0, 0)
                         .Advance(15)
                         .Bytes());
    // TIME-WAIT: the peer's FIN again, a RST, and a new SYN for the same 4-tuple.
    // (The listener goes on the TIME-WAIT connection's local port, the first ephemeral one.)
    out.emplace_back("time-wait-segments",
                     Writer(6, 0)
                         .Reply(0, 0)
                         .Op(OP_NEW_SOCKET, 0)
                         .Op(OP_LISTEN, 1 | 3 << 2)
                         .Advance(3)
                         .Inject(1, TcpHeader::SYN, 100, 0, 0)
                         .Advance(14)
                         .Bytes());
    // Zero window: the peer closes its window, probes follow, then it opens.
    out.emplace_back("zero-window",
                     Writer(3, CFG_SMALL_BUFFERS | CFG_SMALL_SEGMENTS)
                         .Op(OP_SEND, 0)
                         .Byte(80)
                         .Op(OP_INJECT, 0)
                         .Byte(kAck)
                         .Byte(2 << 2 | 1 << 5)
                         .Byte(0)
                         .Byte(0)
                         .Byte(0)
                         .Byte(0)
                         .Byte(0)
                         .Advance(8)
                         .Advance(9)
                         .Reply(0, 0)
                         .Bytes());
    // ManualAccept: the established child waits until the application takes it.
    out.emplace_back("manual-accept",
                     Writer(4, CFG_MANUAL_ACCEPT).Op(OP_ACCEPT, 0).Op(OP_RECV, 2).Byte(1).Bytes());
    return out;
}

} // namespace synfin_fuzz
