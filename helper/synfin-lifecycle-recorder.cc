/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-lifecycle-recorder.h"

#include "synfin-four-tuple.h"
#include "synfin-l4-protocol.h"
#include "synfin-segment-error-model.h"
#include "synfin-socket.h"
#include "synfin-state-change.h"
#include "synfin-state-machine.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/object-vector.h"
#include "ns3/packet.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-socket-base.h"
#include "ns3/type-id.h"

#if __has_include("ns3/version-defines.h")
#include "ns3/version-defines.h"
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <map>
#include <unordered_map>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinLifecycleRecorder");

namespace
{

constexpr int64_t kNever = std::numeric_limits<int64_t>::min();  //!< "did not happen"
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max(); //!< no connection / row
constexpr uint8_t kCauseUnknown = 254;  //!< a stock socket's change with nothing to explain it
constexpr uint8_t kCauseEndOfRun = 255; //!< a state still held when recording stopped
constexpr uint8_t kNoState = 255;       //!< no state recorded

/// What happened to a segment.
enum SegmentEvent : uint8_t
{
    SEG_TX = 0, //!< left the sender's TCP
    SEG_RX,     //!< reached the receiver's TCP
    SEG_DROP,   //!< lost on the way
};

/// How a socket came to be.
enum Role : uint8_t
{
    ROLE_CLIENT = 0, //!< active open
    ROLE_SERVER,     //!< forked from a listener
    ROLE_LISTENER,   //!< passive open, never connected
};

/// A connection's ports and addresses as seen from one end.
struct TupleKey
{
    uint32_t localAddress{0};  //!< our address
    uint32_t remoteAddress{0}; //!< the peer's address
    uint16_t localPort{0};     //!< our port
    uint16_t remotePort{0};    //!< the peer's port

    /// \param o other \return true if equal
    bool operator==(const TupleKey& o) const
    {
        return localAddress == o.localAddress && remoteAddress == o.remoteAddress &&
               localPort == o.localPort && remotePort == o.remotePort;
    }

    /// \return the same connection seen from the other end
    TupleKey Mirror() const
    {
        return {remoteAddress, localAddress, remotePort, localPort};
    }
};

/// Hash of a TupleKey: the demux's SynFinFourTupleHash over the same four fields.
struct TupleKeyHash
{
    /// \param t the key \return its hash
    std::size_t operator()(const TupleKey& t) const
    {
        return SynFinFourTupleHash()({Ipv4Address(t.localAddress),
                                      Ipv4Address(t.remoteAddress),
                                      t.localPort,
                                      t.remotePort});
    }
};

/// One state change of a connection; the state it left is the previous change's.
struct Change
{
    int64_t time;  //!< nanoseconds
    uint8_t to;    //!< state entered
    uint8_t cause; //!< SynFinEvent value, kCauseUnknown
};

/// One connection as the recorder knows it (one conn number).
struct Conn
{
    uint32_t node{0};                 //!< node id
    uint64_t nodeConn{0};             //!< the node's connection id
    Role role{ROLE_CLIENT};           //!< how it was opened
    TupleKey tuple;                   //!< its addresses
    uint8_t state{TcpSocket::CLOSED}; //!< the state it holds now
    bool finished{false};             //!< reached CLOSED
    int64_t finishedAt{kNever};       //!< when
    std::vector<Change> changes;      //!< every change, in order
};

/// One segment event, compact: formatted only at Write.
struct SegmentRow
{
    int64_t time;         //!< nanoseconds
    uint32_t node;        //!< where observed
    uint32_t conn;        //!< owning connection (index), kNone if none
    uint32_t fromAddress; //!< sender address
    uint32_t toAddress;   //!< receiver address
    uint32_t seq;         //!< sequence number
    uint32_t ack;         //!< acknowledgement number
    uint32_t length;      //!< payload bytes
    uint32_t where;       //!< index into the drop-label table, kNone if none
    uint16_t fromPort;    //!< sender port
    uint16_t toPort;      //!< receiver port
    uint16_t window;      //!< advertised window
    uint8_t event;        //!< SegmentEvent
    uint8_t flags;        //!< TCP flags
    bool provisional;     //!< conn may still be replaced by one created at this instant

    /// \return the segment's 4-tuple from the owning end's point of view
    TupleKey OwnerTuple() const
    {
        if (event == SEG_RX)
        {
            return {toAddress, fromAddress, toPort, fromPort};
        }
        return {fromAddress, toAddress, fromPort, toPort};
    }
};

/// One step of a node's TIME-WAIT occupancy.
struct TimeWaitRow
{
    int64_t time;   //!< nanoseconds
    uint32_t node;  //!< node id
    uint32_t count; //!< connections in TIME-WAIT from then on
};

/// The segments last seen on a stock 4-tuple, to explain its state changes.
struct LastSeen
{
    int64_t rxAt{kNever}; //!< when one last arrived
    int64_t txAt{kNever}; //!< when one last left
    uint8_t rxFlags{0};   //!< its flags
    uint8_t txFlags{0};   //!< its flags
};

/// A stock ns-3 socket being followed.
struct StockSocket
{
    Ptr<TcpSocketBase> socket; //!< held while followed, so its address stays unique
    uint32_t node{0};          //!< node id
    uint32_t conn{kNone};      //!< its current connection
    bool retired{false};       //!< reached CLOSED: no longer followed
};

/// What the recorder keeps per node.
struct NodeInfo
{
    bool synfin{false};                                           //!< synfin (true) or stock TCP
    uint32_t timeWait{0};                                         //!< connections in TIME-WAIT now
    uint32_t timeWaitPeak{0};                                     //!< the most at once
    std::unordered_map<uint64_t, uint32_t> byId;                  //!< synfin connection id -> conn
    std::unordered_map<TupleKey, uint32_t, TupleKeyHash> byTuple; //!< latest conn per tuple
    std::unordered_map<uint16_t, uint32_t> listeners;             //!< local port -> listening conn
    std::vector<uint32_t> pending; //!< rows that a conn created now may still claim
    int64_t pendingAt{kNever};     //!< the instant those rows belong to
    // Stock nodes only.
    std::unordered_map<const TcpSocketBase*, uint32_t> knownStock; //!< followed sockets
    std::unordered_map<TupleKey, LastSeen, TupleKeyHash> lastSeen; //!< per tuple
    uint64_t nextStockConn{1}; //!< the recorder numbers stock connections per node
};

/**
 * Reads a stock socket's state. ns-3.37's TcpSocketBase has no public getter and its
 * "State" trace fires only on a change, but a socket found in SocketList may have changed
 * state before it was found (a forked child is SYN_RCVD before its SYN|ACK leaves). A
 * pointer to the protected member, formed through a derived class, is the standard C++
 * way to read it without touching ns-3.
 */
class StockStateReader : public TcpSocketBase
{
  public:
    /// \param s a stock socket \return its state
    static TcpStates_t Of(const TcpSocketBase& s)
    {
        return (s.*(&StockStateReader::m_state)).Get();
    }
};

/**
 * What a trace holds of the recorder: cleared when the recorder goes, so a trace firing
 * later does nothing. (ns-3 callbacks compare their bound arguments, which rules out a
 * std::weak_ptr; a shared pointer to this link compares fine.)
 */
struct RecorderLink
{
    SynFinLifecycleRecorder::Impl* impl{nullptr}; //!< the recorder's data, or nullptr
};

/// A trace's hold on the recorder.
using Link = std::shared_ptr<RecorderLink>;

/// \return Simulator::Now() in nanoseconds
int64_t
NowNs()
{
    return Simulator::Now().GetNanoSeconds();
}

// ---------------------------------------------------------------------------------------------
// Locale-independent formatting into a growing buffer (std::to_chars never consults the
// locale, unlike iostreams and printf's %f).

void
AppendUint(std::string& out, uint64_t v)
{
    char buf[24];
    auto res = std::to_chars(buf, buf + sizeof(buf), v);
    out.append(buf, res.ptr);
}

/// Nanoseconds as seconds with exactly nine decimals ("12.000000000").
void
AppendSeconds(std::string& out, int64_t ns)
{
    uint64_t mag = ns < 0 ? static_cast<uint64_t>(-(ns + 1)) + 1 : static_cast<uint64_t>(ns);
    if (ns < 0)
    {
        out.push_back('-');
    }
    AppendUint(out, mag / 1000000000ULL);
    out.push_back('.');
    char frac[9];
    uint64_t f = mag % 1000000000ULL;
    for (int i = 8; i >= 0; --i)
    {
        frac[i] = static_cast<char>('0' + f % 10);
        f /= 10;
    }
    out.append(frac, 9);
}

/// A time cell: empty when it did not happen.
void
AppendTimeCell(std::string& out, int64_t ns)
{
    if (ns != kNever)
    {
        AppendSeconds(out, ns);
    }
}

/// "a.b.c.d:port"
void
AppendEndpoint(std::string& out, uint32_t address, uint16_t port)
{
    for (int shift = 24; shift >= 0; shift -= 8)
    {
        AppendUint(out, (address >> shift) & 0xff);
        out.push_back(shift ? '.' : ':');
    }
    AppendUint(out, port);
}

/// The cause column: an EventKey, "unknown" or "end_of_run".
const char*
CauseKey(uint8_t cause)
{
    if (cause == kCauseEndOfRun)
    {
        return "end_of_run";
    }
    if (cause == kCauseUnknown || cause >= static_cast<uint8_t>(SynFinEvent::EVENT_COUNT))
    {
        return "unknown";
    }
    return SynFinStateMachine::EventKey(static_cast<SynFinEvent>(cause));
}

const char*
RoleName(Role role)
{
    switch (role)
    {
    case ROLE_CLIENT:
        return "client";
    case ROLE_SERVER:
        return "server";
    case ROLE_LISTENER:
        return "listener";
    }
    return "unknown";
}

/// JSON string literal, with the escapes RFC 8259 section 7 requires.
void
AppendJsonString(std::string& out, const std::string& s)
{
    out.push_back('"');
    for (unsigned char c : s)
    {
        switch (c)
        {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (c < 0x20)
            {
                char buf[8];
                std::snprintf(buf, sizeof(buf), "\\u%04x", c);
                out += buf;
            }
            else
            {
                out.push_back(static_cast<char>(c));
            }
        }
    }
    out.push_back('"');
}

/// RFC 9293 section 3.4 sequence comparison, modulo 2^32.
bool
SeqLess(uint32_t a, uint32_t b)
{
    return static_cast<int32_t>(a - b) < 0;
}

/// \return the ns-3 version the module was built against
std::string
Ns3Version()
{
#ifdef NS3_VERSION_MAJOR
    std::string v = std::to_string(NS3_VERSION_MAJOR) + "." + std::to_string(NS3_VERSION_MINOR);
    if (NS3_VERSION_PATCH != 0)
    {
        v += "." + std::to_string(NS3_VERSION_PATCH);
    }
    return v;
#else
    return "unknown";
#endif
}

} // namespace

// ---------------------------------------------------------------------------------------------
// The recorder's data and trace handlers

/**
 * \internal
 * \brief Everything the recorder keeps. Traces reach it through a RecorderLink.
 */
class SynFinLifecycleRecorder::Impl
{
  public:
    /// \param node a node to record
    void AttachNode(Ptr<Node> node, const Link& self);
    /// \param model a drop model \param nodeId its node
    void AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId, const Link& self);
    /// \param device a device whose PhyRxDrop to record
    void AttachDeviceDrops(Ptr<NetDevice> device, const Link& self);

    // Trace handlers.
    /// SynFinL4Protocol "Transition"
    void OnTransition(const SynFinStateChange& change);
    /// SynFinL4Protocol "Tx" / "Rx"
    void OnSynFinSegment(uint32_t node,
                         uint8_t event,
                         Ptr<const Packet> payload,
                         const TcpHeader& header,
                         Ipv4Address source,
                         Ipv4Address destination);
    /// Ipv4L3Protocol "Tx" / "Rx" of a stock node
    void OnIpv4(uint32_t node, bool tx, Ptr<const Packet> packet, Ptr<Ipv4> ipv4);
    /// TcpSocketBase "State" of a followed stock socket
    void OnStockState(uint32_t index, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);
    /// SynFinSegmentErrorModel "Drop"
    void OnModelDrop(uint32_t node,
                     const Ipv4Header& ip,
                     const TcpHeader& tcp,
                     const std::string& label);
    /// NetDevice "PhyRxDrop"
    void OnDeviceDrop(uint32_t node, Ptr<const Packet> frame);

    // Output.
    /// \return states.csv
    std::string FormatStates(int64_t stop) const;
    /// \return segments.csv
    std::string FormatSegments() const;
    /// \return connections.csv
    std::string FormatConnections() const;
    /// \return timewait.csv
    std::string FormatTimeWait() const;
    /// \return meta.json
    std::string FormatMeta(int64_t stop, const std::vector<std::string>& files) const;

    std::vector<Conn> m_conns;                              //!< connections, by conn number - 1
    std::vector<SegmentRow> m_segments;                     //!< segment events, in time order
    std::vector<TimeWaitRow> m_timeWait;                    //!< TIME-WAIT steps, in time order
    std::map<uint32_t, NodeInfo> m_nodes;                   //!< attached nodes
    std::vector<StockSocket> m_stock;                       //!< stock sockets ever followed
    std::vector<std::string> m_labels;                      //!< drop labels ("where")
    std::unordered_map<std::string, uint32_t> m_labelIndex; //!< label -> index
    std::unordered_map<uint32_t, uint32_t> m_addressNode;   //!< IPv4 address -> node id
    std::map<std::string, std::string> m_parameters;        //!< meta.json "parameters"
    uint32_t m_deviceLabel{kNone};                          //!< index of "device" in m_labels
    std::unordered_map<uint32_t, uint32_t> m_lastModelDrop; //!< node -> its last model drop row

  private:
    /// Create a connection (the caller adds its first change).
    uint32_t NewConn(uint32_t node, uint64_t nodeConn, Role role, const TupleKey& tuple);
    /// Enter a connection's tuple into its node's map and let it claim rows seen just now.
    void RegisterTuple(uint32_t conn);
    /// Record a state change of a connection.
    void ApplyChange(uint32_t conn, uint8_t to, uint8_t cause);
    /// Record one segment event.
    uint32_t RecordSegment(uint32_t node,
                           uint8_t event,
                           Ipv4Address source,
                           Ipv4Address destination,
                           const TcpHeader& header,
                           uint32_t length,
                           uint32_t where);
    /// The connection that owns a tuple on a node now (kNone if none).
    uint32_t Owner(uint32_t node, const TupleKey& tuple, bool mustBeOpen) const;
    /// The node that holds an address (kNone if no attached node does).
    uint32_t NodeOfAddress(uint32_t address);
    /// Learn the addresses of the attached nodes.
    void RefreshAddresses();
    /// Index of a drop label.
    uint32_t LabelIndex(const std::string& label);
    /// Follow stock sockets that appeared in a node's SocketList.
    void RescanStock(uint32_t node);
    /// Follow one stock socket.
    void Discover(uint32_t node, Ptr<TcpSocketBase> socket);
    /// Read a stock socket's 4-tuple.
    static TupleKey StockTuple(Ptr<TcpSocketBase> socket);
    /// The cause of a stock state change, from the segment seen on its tuple just now.
    uint8_t InferStockCause(uint32_t node, const TupleKey& tuple, uint8_t from, uint8_t to) const;
    /// Follow synfin sockets that existed before Attach.
    void AdoptSynFinSockets(uint32_t node, Ptr<SynFinL4Protocol> tcp);

  public:
    Link m_self; //!< handed to the traces
};

namespace
{

// Trampolines: each trace holds a Link and does nothing once the recorder is gone.

void
TransitionTrampoline(Link w, const SynFinStateChange& c)
{
    if (auto impl = w->impl)
    {
        impl->OnTransition(c);
    }
}

void
SegmentTrampoline(Link w,
                  uint32_t node,
                  uint8_t event,
                  Ptr<const Packet> p,
                  const TcpHeader& h,
                  Ipv4Address src,
                  Ipv4Address dst)
{
    if (auto impl = w->impl)
    {
        impl->OnSynFinSegment(node, event, p, h, src, dst);
    }
}

void
Ipv4Trampoline(Link w,
               uint32_t node,
               bool tx,
               Ptr<const Packet> p,
               Ptr<Ipv4> ipv4,
               uint32_t /* interface */)
{
    if (auto impl = w->impl)
    {
        impl->OnIpv4(node, tx, p, ipv4);
    }
}

void
StockStateTrampoline(Link w, uint32_t index, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    if (auto impl = w->impl)
    {
        impl->OnStockState(index, from, to);
    }
}

void
ModelDropTrampoline(Link w,
                    uint32_t node,
                    Ptr<const Packet> /* frame */,
                    const Ipv4Header& ip,
                    const TcpHeader& tcp,
                    const std::string& label)
{
    if (auto impl = w->impl)
    {
        impl->OnModelDrop(node, ip, tcp, label);
    }
}

void
DeviceDropTrampoline(Link w, uint32_t node, Ptr<const Packet> frame)
{
    if (auto impl = w->impl)
    {
        impl->OnDeviceDrop(node, frame);
    }
}

} // namespace

void
SynFinLifecycleRecorder::Impl::AttachNode(Ptr<Node> node, const Link& self)
{
    uint32_t id = node->GetId();
    NS_ABORT_MSG_IF(m_nodes.count(id),
                    "SynFinLifecycleRecorder: node " << id << " is already attached");
    Ptr<SynFinL4Protocol> synfin = node->GetObject<SynFinL4Protocol>();
    Ptr<TcpL4Protocol> stock = node->GetObject<TcpL4Protocol>();
    NS_ABORT_MSG_IF(!synfin && !stock,
                    "SynFinLifecycleRecorder: node " << id
                                                     << " has no TCP (install an internet stack "
                                                        "with SynFinStackHelper first)");
    NodeInfo& info = m_nodes[id];
    info.synfin = static_cast<bool>(synfin);
    // The step function starts at 0 for every node, at the time it was attached.
    m_timeWait.push_back({NowNs(), id, 0});
    if (synfin)
    {
        synfin->TraceConnectWithoutContext("Transition",
                                           MakeBoundCallback(&TransitionTrampoline, self));
        synfin->TraceConnectWithoutContext(
            "Tx",
            MakeBoundCallback(&SegmentTrampoline, self, id, static_cast<uint8_t>(SEG_TX)));
        synfin->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&SegmentTrampoline, self, id, static_cast<uint8_t>(SEG_RX)));
        AdoptSynFinSockets(id, synfin);
    }
    else
    {
        Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
        NS_ABORT_MSG_UNLESS(ipv4, "SynFinLifecycleRecorder: stock node " << id << " has no IPv4");
        ipv4->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Ipv4Trampoline, self, id, true));
        ipv4->TraceConnectWithoutContext("Rx", MakeBoundCallback(&Ipv4Trampoline, self, id, false));
        RescanStock(id);
    }
    RefreshAddresses();
}

void
SynFinLifecycleRecorder::Impl::AdoptSynFinSockets(uint32_t node, Ptr<SynFinL4Protocol> tcp)
{
    // Sockets opened before Attach: their history is lost, but they are followed from now
    // on, starting with the state they hold (cause unknown).
    ObjectVectorValue list;
    tcp->GetAttribute("SocketList", list);
    for (auto it = list.Begin(); it != list.End(); ++it)
    {
        Ptr<SynFinSocket> s = DynamicCast<SynFinSocket>(it->second);
        if (!s || s->GetState() == TcpSocket::CLOSED)
        {
            continue;
        }
        const SynFinFourTuple& t = s->GetFourTuple();
        Role role = s->GetState() == TcpSocket::LISTEN ? ROLE_LISTENER
                    : s->IsPassive()                   ? ROLE_SERVER
                                                       : ROLE_CLIENT;
        uint32_t c =
            NewConn(node,
                    s->GetConnectionId(),
                    role,
                    {t.localAddress.Get(), t.remoteAddress.Get(), t.localPort, t.remotePort});
        m_nodes[node].byId[s->GetConnectionId()] = c;
        ApplyChange(c, s->GetState(), kCauseUnknown);
    }
}

void
SynFinLifecycleRecorder::Impl::AttachDropModel(Ptr<SynFinSegmentErrorModel> model,
                                               uint32_t nodeId,
                                               const Link& self)
{
    NS_ABORT_MSG_UNLESS(model, "SynFinLifecycleRecorder::AttachDropModel: no model");
    model->TraceConnectWithoutContext("Drop",
                                      MakeBoundCallback(&ModelDropTrampoline, self, nodeId));
}

void
SynFinLifecycleRecorder::Impl::AttachDeviceDrops(Ptr<NetDevice> device, const Link& self)
{
    NS_ABORT_MSG_UNLESS(device && device->GetNode(),
                        "SynFinLifecycleRecorder::AttachDeviceDrops: device not on a node");
    bool ok = device->TraceConnectWithoutContext(
        "PhyRxDrop",
        MakeBoundCallback(&DeviceDropTrampoline, self, device->GetNode()->GetId()));
    NS_ABORT_MSG_UNLESS(ok,
                        "SynFinLifecycleRecorder::AttachDeviceDrops: "
                            << device->GetInstanceTypeId().GetName()
                            << " has no PhyRxDrop trace source");
}

uint32_t
SynFinLifecycleRecorder::Impl::NewConn(uint32_t node,
                                       uint64_t nodeConn,
                                       Role role,
                                       const TupleKey& tuple)
{
    uint32_t index = static_cast<uint32_t>(m_conns.size());
    Conn c;
    c.node = node;
    c.nodeConn = nodeConn;
    c.role = role;
    c.tuple = tuple;
    m_conns.push_back(std::move(c));
    RegisterTuple(index);
    return index;
}

void
SynFinLifecycleRecorder::Impl::RegisterTuple(uint32_t conn)
{
    const Conn& c = m_conns[conn];
    if (c.tuple.remotePort == 0)
    {
        return; // a listener: found by port instead
    }
    NodeInfo& info = m_nodes[c.node];
    info.byTuple[c.tuple] = conn;
    if (info.pendingAt != NowNs())
    {
        return;
    }
    // Rows seen at this very instant, before this connection existed (the SYN that forks a
    // child, a stock client's SYN that leaves before its state changes) belong to it.
    auto& pending = info.pending;
    for (auto it = pending.begin(); it != pending.end();)
    {
        SegmentRow& row = m_segments[*it];
        if (row.OwnerTuple() == c.tuple)
        {
            row.conn = conn;
            row.provisional = false;
            it = pending.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

void
SynFinLifecycleRecorder::Impl::ApplyChange(uint32_t conn, uint8_t to, uint8_t cause)
{
    Conn& c = m_conns[conn];
    NodeInfo& info = m_nodes[c.node];
    int64_t now = NowNs();
    uint8_t from = c.state;
    c.changes.push_back({now, to, cause});
    c.state = to;
    if (to == TcpSocket::TIME_WAIT && from != TcpSocket::TIME_WAIT)
    {
        ++info.timeWait;
        info.timeWaitPeak = std::max(info.timeWaitPeak, info.timeWait);
        m_timeWait.push_back({now, c.node, info.timeWait});
    }
    else if (from == TcpSocket::TIME_WAIT && to != TcpSocket::TIME_WAIT && info.timeWait > 0)
    {
        --info.timeWait;
        m_timeWait.push_back({now, c.node, info.timeWait});
    }
    if (to == TcpSocket::LISTEN)
    {
        info.listeners[c.tuple.localPort] = conn;
    }
    else if (from == TcpSocket::LISTEN)
    {
        auto it = info.listeners.find(c.tuple.localPort);
        if (it != info.listeners.end() && it->second == conn)
        {
            info.listeners.erase(it);
        }
    }
    if (to == TcpSocket::CLOSED)
    {
        c.finished = true;
        c.finishedAt = now;
    }
}

void
SynFinLifecycleRecorder::Impl::OnTransition(const SynFinStateChange& change)
{
    auto nodeIt = m_nodes.find(change.nodeId);
    if (nodeIt == m_nodes.end())
    {
        return;
    }
    NodeInfo& info = nodeIt->second;
    auto it = info.byId.find(change.connectionId);
    uint32_t conn;
    // A socket that leaves CLOSED again (Connect after a failure) starts a new connection.
    if (it == info.byId.end() || (m_conns[it->second].finished && change.from == TcpSocket::CLOSED))
    {
        const SynFinFourTuple& t = change.tuple;
        Role role = change.to == TcpSocket::LISTEN ? ROLE_LISTENER
                    : change.passive               ? ROLE_SERVER
                                                   : ROLE_CLIENT;
        conn = NewConn(change.nodeId,
                       change.connectionId,
                       role,
                       {t.localAddress.Get(), t.remoteAddress.Get(), t.localPort, t.remotePort});
        info.byId[change.connectionId] = conn;
    }
    else
    {
        conn = it->second;
    }
    ApplyChange(conn, change.to, static_cast<uint8_t>(change.cause));
}

uint32_t
SynFinLifecycleRecorder::Impl::Owner(uint32_t node, const TupleKey& tuple, bool mustBeOpen) const
{
    auto nodeIt = m_nodes.find(node);
    if (nodeIt == m_nodes.end())
    {
        return kNone;
    }
    auto it = nodeIt->second.byTuple.find(tuple);
    if (it == nodeIt->second.byTuple.end())
    {
        return kNone;
    }
    const Conn& c = m_conns[it->second];
    // A connection owns what it sends at the instant it closes (the RST of an abort), not
    // what arrives after (answered by a RST from a closed port).
    if (mustBeOpen && c.finished && c.finishedAt < NowNs())
    {
        return kNone;
    }
    return it->second;
}

uint32_t
SynFinLifecycleRecorder::Impl::RecordSegment(uint32_t node,
                                             uint8_t event,
                                             Ipv4Address source,
                                             Ipv4Address destination,
                                             const TcpHeader& h,
                                             uint32_t length,
                                             uint32_t where)
{
    SegmentRow row;
    row.time = NowNs();
    row.node = node;
    row.conn = kNone;
    row.fromAddress = source.Get();
    row.toAddress = destination.Get();
    row.seq = h.GetSequenceNumber().GetValue();
    row.ack = (h.GetFlags() & TcpHeader::ACK) ? h.GetAckNumber().GetValue() : 0;
    row.length = length;
    row.where = where;
    row.fromPort = h.GetSourcePort();
    row.toPort = h.GetDestinationPort();
    row.window = h.GetWindowSize();
    row.event = event;
    row.flags = h.GetFlags();
    row.provisional = false;

    TupleKey tuple = row.OwnerTuple();
    uint32_t index = static_cast<uint32_t>(m_segments.size());
    if (event == SEG_DROP)
    {
        // The sender's connection, whatever became of it since the segment left.
        uint32_t sender = NodeOfAddress(row.fromAddress);
        row.conn = sender == kNone ? kNone : Owner(sender, tuple, false);
        m_segments.push_back(row);
        return index;
    }

    NodeInfo& info = m_nodes[node];
    row.conn = Owner(node, tuple, true);
    bool pureSyn =
        event == SEG_RX &&
        (row.flags & (TcpHeader::SYN | TcpHeader::ACK | TcpHeader::RST)) == TcpHeader::SYN;
    if (row.conn == kNone || pureSyn)
    {
        // A SYN belongs to the child it forks (or that reuses a TIME-WAIT tuple); until one
        // appears at this instant, to the listener on its port.
        row.provisional = true;
        if (row.conn == kNone && pureSyn)
        {
            auto l = info.listeners.find(tuple.localPort);
            if (l != info.listeners.end())
            {
                row.conn = l->second;
            }
        }
        if (info.pendingAt != row.time)
        {
            info.pending.clear();
            info.pendingAt = row.time;
        }
        info.pending.push_back(index);
    }
    m_segments.push_back(row);
    return index;
}

void
SynFinLifecycleRecorder::Impl::OnSynFinSegment(uint32_t node,
                                               uint8_t event,
                                               Ptr<const Packet> payload,
                                               const TcpHeader& header,
                                               Ipv4Address source,
                                               Ipv4Address destination)
{
    RecordSegment(node, event, source, destination, header, payload->GetSize(), kNone);
}

void
SynFinLifecycleRecorder::Impl::OnIpv4(uint32_t node,
                                      bool tx,
                                      Ptr<const Packet> packet,
                                      Ptr<Ipv4> ipv4)
{
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    if (copy->RemoveHeader(ip) == 0 || ip.GetProtocol() != SynFinL4Protocol::PROT_NUMBER ||
        ip.GetFragmentOffset() != 0)
    {
        return;
    }
    // Only this node's own segments: not those it forwards.
    Ipv4Address local = tx ? ip.GetSource() : ip.GetDestination();
    if (ipv4->GetInterfaceForAddress(local) < 0)
    {
        return;
    }
    TcpHeader tcp;
    copy->RemoveHeader(tcp);
    uint32_t tcpBytes = ip.GetPayloadSize();
    uint32_t length = tcpBytes > tcp.GetSerializedSize() ? tcpBytes - tcp.GetSerializedSize() : 0;

    RescanStock(node);
    uint8_t event = tx ? SEG_TX : SEG_RX;
    uint32_t index =
        RecordSegment(node, event, ip.GetSource(), ip.GetDestination(), tcp, length, kNone);
    LastSeen& seen = m_nodes[node].lastSeen[m_segments[index].OwnerTuple()];
    if (tx)
    {
        seen.txAt = m_segments[index].time;
        seen.txFlags = tcp.GetFlags();
    }
    else
    {
        seen.rxAt = m_segments[index].time;
        seen.rxFlags = tcp.GetFlags();
    }
}

void
SynFinLifecycleRecorder::Impl::RescanStock(uint32_t node)
{
    Ptr<Node> n = NodeList::GetNode(node);
    Ptr<TcpL4Protocol> tcp = n ? n->GetObject<TcpL4Protocol>() : nullptr;
    if (!tcp)
    {
        return;
    }
    ObjectVectorValue list;
    tcp->GetAttribute("SocketList", list);
    NodeInfo& info = m_nodes[node];
    for (auto it = list.Begin(); it != list.End(); ++it)
    {
        Ptr<TcpSocketBase> s = DynamicCast<TcpSocketBase>(it->second);
        if (s && info.knownStock.count(PeekPointer(s)) == 0)
        {
            Discover(node, s);
        }
    }
}

TupleKey
SynFinLifecycleRecorder::Impl::StockTuple(Ptr<TcpSocketBase> socket)
{
    TupleKey t;
    Address a;
    if (socket->GetSockName(a) == 0 && InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(a);
        t.localAddress = inet.GetIpv4().Get();
        t.localPort = inet.GetPort();
    }
    if (socket->GetPeerName(a) == 0 && InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress inet = InetSocketAddress::ConvertFrom(a);
        t.remoteAddress = inet.GetIpv4().Get();
        t.remotePort = inet.GetPort();
    }
    return t;
}

void
SynFinLifecycleRecorder::Impl::Discover(uint32_t node, Ptr<TcpSocketBase> socket)
{
    uint32_t index = static_cast<uint32_t>(m_stock.size());
    m_stock.push_back({socket, node, kNone, false});
    m_nodes[node].knownStock[PeekPointer(socket)] = index;
    socket->TraceConnectWithoutContext("State",
                                       MakeBoundCallback(&StockStateTrampoline, m_self, index));
    TcpSocket::TcpStates_t state = StockStateReader::Of(*socket);
    if (state != TcpSocket::CLOSED)
    {
        // It changed state before it could be found: a forked child (SYN_RCVD before its
        // SYN|ACK leaves) or a listener found at its first SYN. Record it from now.
        OnStockState(index, TcpSocket::CLOSED, state);
    }
}

uint8_t
SynFinLifecycleRecorder::Impl::InferStockCause(uint32_t node,
                                               const TupleKey& tuple,
                                               uint8_t from,
                                               uint8_t to) const
{
    using S = TcpSocket;
    auto ev = [](SynFinEvent e) { return static_cast<uint8_t>(e); };
    uint8_t rx = 0;
    uint8_t tx = 0;
    bool rxNow = false;
    bool txNow = false;
    const NodeInfo& info = m_nodes.at(node);
    auto seen = info.lastSeen.find(tuple);
    if (seen != info.lastSeen.end())
    {
        int64_t now = NowNs();
        rxNow = seen->second.rxAt == now;
        txNow = seen->second.txAt == now;
        rx = seen->second.rxFlags;
        tx = seen->second.txFlags;
    }
    const bool rxRst = rxNow && (rx & TcpHeader::RST);
    const bool rxSyn = rxNow && (rx & TcpHeader::SYN);
    const bool rxFin = rxNow && (rx & TcpHeader::FIN);
    const bool rxAck = rxNow && (rx & TcpHeader::ACK);
    if (rxRst)
    {
        return ev(SynFinEvent::RCV_RST);
    }
    // The names follow RFC 9293's diagram (Figure 5); where only one event leads from
    // `from` to `to`, the event is certain even without a segment.
    switch (to)
    {
    case S::LISTEN:
        return ev(SynFinEvent::APP_PASSIVE_OPEN);
    case S::SYN_SENT:
        return ev(SynFinEvent::APP_ACTIVE_OPEN);
    case S::SYN_RCVD:
        return rxSyn ? ev(SynFinEvent::RCV_SYN) : kCauseUnknown;
    case S::ESTABLISHED:
        if (from == S::SYN_SENT && rxSyn && rxAck)
        {
            return ev(SynFinEvent::RCV_SYN_ACK);
        }
        return rxAck ? ev(SynFinEvent::RCV_ACK) : kCauseUnknown;
    case S::FIN_WAIT_1:
    case S::LAST_ACK:
        return ev(SynFinEvent::APP_CLOSE);
    case S::CLOSE_WAIT:
    case S::CLOSING:
        return rxFin ? ev(SynFinEvent::RCV_FIN) : kCauseUnknown;
    case S::FIN_WAIT_2:
        return rxAck ? ev(SynFinEvent::RCV_ACK_OF_FIN) : kCauseUnknown;
    case S::TIME_WAIT:
        if (from == S::FIN_WAIT_1 && rxFin)
        {
            return ev(SynFinEvent::RCV_FIN_ACKING_OUR_FIN);
        }
        if (from == S::FIN_WAIT_2 && rxFin)
        {
            return ev(SynFinEvent::RCV_FIN);
        }
        return rxAck ? ev(SynFinEvent::RCV_ACK_OF_FIN) : kCauseUnknown;
    case S::CLOSED:
        if (from == S::LAST_ACK && rxAck)
        {
            return ev(SynFinEvent::RCV_ACK_OF_FIN);
        }
        if (txNow && (tx & TcpHeader::RST))
        {
            return ev(SynFinEvent::APP_ABORT);
        }
        if (rxNow)
        {
            return kCauseUnknown;
        }
        if (from == S::TIME_WAIT)
        {
            return ev(SynFinEvent::TIMER_TIME_WAIT);
        }
        if (from == S::FIN_WAIT_2)
        {
            return ev(SynFinEvent::TIMER_FIN_WAIT_2);
        }
        if (from == S::LISTEN)
        {
            return ev(SynFinEvent::APP_CLOSE);
        }
        // Nothing arrived or left: a retransmission timer gave up (stock's Close() in
        // SYN_SENT closes silently too; it is told apart by nothing and assumed rare).
        return ev(SynFinEvent::TIMER_RETRIES_EXHAUSTED);
    default:
        return kCauseUnknown;
    }
}

void
SynFinLifecycleRecorder::Impl::OnStockState(uint32_t index,
                                            TcpSocket::TcpStates_t from,
                                            TcpSocket::TcpStates_t to)
{
    StockSocket& s = m_stock[index];
    if (s.retired || from == to)
    {
        return;
    }
    uint32_t node = s.node;
    TupleKey tuple = StockTuple(s.socket);
    if (s.conn == kNone || (m_conns[s.conn].finished && from == TcpSocket::CLOSED))
    {
        NodeInfo& info = m_nodes[node];
        Role role = to == TcpSocket::LISTEN                 ? ROLE_LISTENER
                    : to == TcpSocket::SYN_SENT             ? ROLE_CLIENT
                    : to == TcpSocket::SYN_RCVD             ? ROLE_SERVER
                    : info.listeners.count(tuple.localPort) ? ROLE_SERVER
                                                            : ROLE_CLIENT;
        uint32_t conn = NewConn(node, info.nextStockConn++, role, tuple);
        m_stock[index].conn = conn;
    }
    uint32_t conn = m_stock[index].conn;
    Conn& c = m_conns[conn];
    if (c.tuple.remotePort == 0 && tuple.remotePort != 0)
    {
        c.tuple = tuple; // the peer became known (a connect after the socket was found)
        RegisterTuple(conn);
    }
    ApplyChange(conn, to, InferStockCause(node, c.tuple, from, to));
    if (to == TcpSocket::CLOSED)
    {
        // Done: stop holding it (after the current event, since the socket is still in
        // its own code). A Connect() on it later finds it again in SocketList.
        m_stock[index].retired = true;
        m_nodes[node].knownStock.erase(PeekPointer(m_stock[index].socket));
        m_nodes[node].lastSeen.erase(c.tuple);
        Ptr<TcpSocketBase> held = m_stock[index].socket;
        m_stock[index].socket = nullptr;
        Simulator::ScheduleNow([held]() {});
    }
}

uint32_t
SynFinLifecycleRecorder::Impl::LabelIndex(const std::string& label)
{
    auto it = m_labelIndex.find(label);
    if (it != m_labelIndex.end())
    {
        return it->second;
    }
    // The CSV is not quoted: a comma or line break in a rule's label becomes a space.
    std::string clean = label;
    std::replace_if(
        clean.begin(),
        clean.end(),
        [](char c) { return c == ',' || c == '\n' || c == '\r'; },
        ' ');
    uint32_t index = static_cast<uint32_t>(m_labels.size());
    m_labels.push_back(clean);
    m_labelIndex.emplace(label, index);
    return index;
}

void
SynFinLifecycleRecorder::Impl::RefreshAddresses()
{
    for (const auto& [id, info] : m_nodes)
    {
        Ptr<Node> node = NodeList::GetNode(id);
        Ptr<Ipv4> ipv4 = node ? node->GetObject<Ipv4>() : nullptr;
        if (!ipv4)
        {
            continue;
        }
        for (uint32_t i = 0; i < ipv4->GetNInterfaces(); ++i)
        {
            for (uint32_t j = 0; j < ipv4->GetNAddresses(i); ++j)
            {
                m_addressNode[ipv4->GetAddress(i, j).GetLocal().Get()] = id;
            }
        }
    }
}

uint32_t
SynFinLifecycleRecorder::Impl::NodeOfAddress(uint32_t address)
{
    auto it = m_addressNode.find(address);
    if (it == m_addressNode.end())
    {
        RefreshAddresses(); // addresses may have been assigned after Attach
        it = m_addressNode.find(address);
    }
    return it == m_addressNode.end() ? kNone : it->second;
}

void
SynFinLifecycleRecorder::Impl::OnModelDrop(uint32_t node,
                                           const Ipv4Header& ip,
                                           const TcpHeader& tcp,
                                           const std::string& label)
{
    uint32_t tcpBytes = ip.GetPayloadSize();
    uint32_t length = tcpBytes > tcp.GetSerializedSize() ? tcpBytes - tcp.GetSerializedSize() : 0;
    uint32_t row = RecordSegment(node,
                                 SEG_DROP,
                                 ip.GetSource(),
                                 ip.GetDestination(),
                                 tcp,
                                 length,
                                 LabelIndex(label));
    m_lastModelDrop[node] = row;
}

void
SynFinLifecycleRecorder::Impl::OnDeviceDrop(uint32_t node, Ptr<const Packet> frame)
{
    Ipv4Header ip;
    TcpHeader tcp;
    uint32_t length = 0;
    if (!SynFinSegmentErrorModel::ParseTcpFrame(frame, ip, tcp, length))
    {
        return;
    }
    // The device reports the drops of a SynFinSegmentErrorModel too, right after the
    // model's own Drop trace: keep the row that names the rule.
    auto lastDrop = m_lastModelDrop.find(node);
    if (lastDrop != m_lastModelDrop.end())
    {
        const SegmentRow& last = m_segments[lastDrop->second];
        if (last.time == NowNs() && last.fromAddress == ip.GetSource().Get() &&
            last.toAddress == ip.GetDestination().Get() && last.fromPort == tcp.GetSourcePort() &&
            last.toPort == tcp.GetDestinationPort() &&
            last.seq == tcp.GetSequenceNumber().GetValue() && last.flags == tcp.GetFlags() &&
            last.length == length)
        {
            m_lastModelDrop.erase(lastDrop);
            return;
        }
    }
    if (m_deviceLabel == kNone)
    {
        m_deviceLabel = LabelIndex("device");
    }
    RecordSegment(node, SEG_DROP, ip.GetSource(), ip.GetDestination(), tcp, length, m_deviceLabel);
}

// ---------------------------------------------------------------------------------------------
// Formatting

std::string
SynFinLifecycleRecorder::Impl::FormatStates(int64_t stop) const
{
    std::string out;
    out.reserve(64 + m_conns.size() * 6 * 110);
    out += "conn,node,node_conn,role,local,remote,state,enter_s,leave_s,cause_enter,cause_exit\n";
    for (std::size_t i = 0; i < m_conns.size(); ++i)
    {
        const Conn& c = m_conns[i];
        for (std::size_t k = 0; k < c.changes.size(); ++k)
        {
            const Change& ch = c.changes[k];
            if (ch.to == TcpSocket::CLOSED)
            {
                continue; // CLOSED is where a connection ends, not an interval of it
            }
            bool last = k + 1 == c.changes.size();
            AppendUint(out, i + 1);
            out.push_back(',');
            AppendUint(out, c.node);
            out.push_back(',');
            AppendUint(out, c.nodeConn);
            out.push_back(',');
            out += RoleName(c.role);
            out.push_back(',');
            AppendEndpoint(out, c.tuple.localAddress, c.tuple.localPort);
            out.push_back(',');
            AppendEndpoint(out, c.tuple.remoteAddress, c.tuple.remotePort);
            out.push_back(',');
            out += SynFinStateMachine::StateKey(static_cast<SynFinState>(ch.to));
            out.push_back(',');
            AppendSeconds(out, ch.time);
            out.push_back(',');
            AppendSeconds(out, last ? stop : c.changes[k + 1].time);
            out.push_back(',');
            out += CauseKey(ch.cause);
            out.push_back(',');
            out += CauseKey(last ? kCauseEndOfRun : c.changes[k + 1].cause);
            out.push_back('\n');
        }
    }
    return out;
}

std::string
SynFinLifecycleRecorder::Impl::FormatSegments() const
{
    static const char* const events[] = {"tx", "rx", "drop"};
    // FlagsToString builds a std::string per call; 256 cached names keep Write fast.
    std::vector<std::string> flagNames(256);
    for (uint32_t f = 0; f < 256; ++f)
    {
        flagNames[f] = TcpHeader::FlagsToString(static_cast<uint8_t>(f));
    }
    std::string out;
    out.reserve(64 + m_segments.size() * 96);
    out += "time_s,event,node,conn,from,to,flags,seq,ack,len,win,where\n";
    for (const SegmentRow& r : m_segments)
    {
        AppendSeconds(out, r.time);
        out.push_back(',');
        out += events[r.event];
        out.push_back(',');
        AppendUint(out, r.node);
        out.push_back(',');
        if (r.conn != kNone)
        {
            AppendUint(out, r.conn + 1);
        }
        out.push_back(',');
        AppendEndpoint(out, r.fromAddress, r.fromPort);
        out.push_back(',');
        AppendEndpoint(out, r.toAddress, r.toPort);
        out.push_back(',');
        out += flagNames[r.flags];
        out.push_back(',');
        AppendUint(out, r.seq);
        out.push_back(',');
        AppendUint(out, r.ack);
        out.push_back(',');
        AppendUint(out, r.length);
        out.push_back(',');
        AppendUint(out, r.window);
        out.push_back(',');
        if (r.where != kNone)
        {
            out += m_labels[r.where];
        }
        out.push_back('\n');
    }
    return out;
}

namespace
{

/// What connections.csv needs to know about one end of a connection.
struct Side
{
    int64_t connect{kNever};           //!< SYN_SENT entry
    int64_t established{kNever};       //!< first ESTABLISHED entry
    int64_t finWait1{kNever};          //!< first FIN_WAIT_1 entry
    int64_t closeWait{kNever};         //!< first CLOSE_WAIT entry
    int64_t lastAck{kNever};           //!< first LAST_ACK entry
    int64_t timeWaitEnter{kNever};     //!< first TIME_WAIT entry
    int64_t timeWaitLeave{kNever};     //!< its end
    int64_t closed{kNever};            //!< final CLOSED
    int64_t firstFin{kNever};          //!< first FIN sent
    int64_t firstData{kNever};         //!< first segment with payload, sent or received
    bool closing{false};               //!< went through CLOSING
    uint8_t afterFinWait1{kNoState};   //!< the state FIN_WAIT_1 led to
    uint8_t endCause{kCauseUnknown};   //!< what closed it
    uint8_t endFrom{kNoState};         //!< the state it closed from
    uint8_t state{TcpSocket::CLOSED};  //!< the state at the end
    int8_t finFirstAfterCloseWait{-1}; //!< its first segment in CLOSE_WAIT carried FIN (1/0)
    uint32_t synSent{0};               //!< SYNs sent
    uint32_t synAckSent{0};            //!< SYN|ACKs sent
    uint32_t dataRetx{0};              //!< payload sent again
    uint32_t finRetx{0};               //!< FIN sent again
    // Sequence tracking for the retransmission counts.
    bool haveMax{false}; //!< sndMax is set
    uint32_t sndMax{0};  //!< highest sequence number sent + 1 (payload)
    uint32_t finSeq{0};  //!< sequence number of the first FIN
};

/// The outcome column, in the order an earlier failure takes precedence.
enum Outcome : uint8_t
{
    OUT_NONE,
    OUT_REFUSED,
    OUT_TIMED_OUT,
    OUT_RESET,
};

/// \return how an end's final CLOSED failed the connection, or OUT_NONE
Outcome
FailureOf(const Side& s)
{
    if (s.closed == kNever)
    {
        return OUT_NONE;
    }
    auto is = [&s](SynFinEvent e) { return s.endCause == static_cast<uint8_t>(e); };
    if (is(SynFinEvent::RCV_RST) && s.endFrom == TcpSocket::SYN_SENT)
    {
        return OUT_REFUSED; // RFC 9293 3.10.7.3: a RST answering our SYN
    }
    if (is(SynFinEvent::TIMER_RETRIES_EXHAUSTED))
    {
        return OUT_TIMED_OUT;
    }
    if (is(SynFinEvent::RCV_RST) || is(SynFinEvent::APP_ABORT))
    {
        // After both FINs (CLOSING, LAST_ACK, TIME_WAIT) a RST only shortens the ending.
        switch (s.endFrom)
        {
        case TcpSocket::CLOSING:
        case TcpSocket::LAST_ACK:
        case TcpSocket::TIME_WAIT:
            return OUT_NONE;
        default:
            return OUT_RESET;
        }
    }
    return OUT_NONE;
}

} // namespace

std::string
SynFinLifecycleRecorder::Impl::FormatConnections() const
{
    const std::size_t n = m_conns.size();
    std::vector<Side> sides(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        const Conn& c = m_conns[i];
        Side& s = sides[i];
        s.state = c.state;
        uint8_t prev = TcpSocket::CLOSED;
        for (std::size_t k = 0; k < c.changes.size(); ++k)
        {
            const Change& ch = c.changes[k];
            const Change* next = k + 1 < c.changes.size() ? &c.changes[k + 1] : nullptr;
            auto first = [&ch](int64_t& field) {
                if (field == kNever)
                {
                    field = ch.time;
                }
            };
            switch (ch.to)
            {
            case TcpSocket::SYN_SENT:
                first(s.connect);
                break;
            case TcpSocket::ESTABLISHED:
                first(s.established);
                break;
            case TcpSocket::FIN_WAIT_1:
                if (s.finWait1 == kNever)
                {
                    s.finWait1 = ch.time;
                    s.afterFinWait1 = next ? next->to : kNoState;
                }
                break;
            case TcpSocket::CLOSE_WAIT:
                first(s.closeWait);
                break;
            case TcpSocket::LAST_ACK:
                first(s.lastAck);
                break;
            case TcpSocket::CLOSING:
                s.closing = true;
                break;
            case TcpSocket::TIME_WAIT:
                if (s.timeWaitEnter == kNever)
                {
                    s.timeWaitEnter = ch.time;
                    s.timeWaitLeave = next ? next->time : kNever;
                }
                break;
            case TcpSocket::CLOSED:
                s.closed = ch.time;
                s.endCause = ch.cause;
                s.endFrom = prev;
                break;
            default:
                break;
            }
            prev = ch.to;
        }
    }

    // One pass over the segments for the per-connection counts (a retransmission is a
    // segment whose sequence space was already sent: RFC 9293 3.8.1, RFC 6298).
    for (const SegmentRow& r : m_segments)
    {
        if (r.conn == kNone || r.event == SEG_DROP)
        {
            continue;
        }
        Side& s = sides[r.conn];
        if (r.length > 0 && s.firstData == kNever)
        {
            s.firstData = r.time;
        }
        if (r.event != SEG_TX)
        {
            continue;
        }
        if (r.flags & TcpHeader::SYN)
        {
            ++((r.flags & TcpHeader::ACK) ? s.synAckSent : s.synSent);
            if (!s.haveMax)
            {
                s.haveMax = true;
                s.sndMax = r.seq + 1; // the SYN occupies one sequence number
            }
        }
        if (r.length > 0)
        {
            uint32_t end = r.seq + r.length;
            if (s.haveMax && SeqLess(r.seq, s.sndMax))
            {
                ++s.dataRetx;
            }
            if (!s.haveMax || SeqLess(s.sndMax, end))
            {
                s.haveMax = true;
                s.sndMax = end;
            }
        }
        if (r.flags & TcpHeader::FIN)
        {
            uint32_t finSeq = r.seq + r.length;
            if (s.firstFin == kNever)
            {
                s.firstFin = r.time;
                s.finSeq = finSeq;
            }
            else if (finSeq == s.finSeq)
            {
                ++s.finRetx;
            }
        }
        if (s.closeWait != kNever && r.time >= s.closeWait && s.finFirstAfterCloseWait < 0)
        {
            s.finFirstAfterCloseWait = (r.flags & TcpHeader::FIN) ? 1 : 0;
        }
    }

    // Pair each server-side child with the latest unpaired client of the mirrored 4-tuple
    // created before it; two clients of mirrored tuples are a simultaneous open.
    std::vector<std::pair<uint32_t, uint32_t>> pairs; // (client, server), kNone if absent
    std::unordered_map<TupleKey, std::vector<std::size_t>, TupleKeyHash> openClients;
    for (uint32_t i = 0; i < n; ++i)
    {
        const Conn& c = m_conns[i];
        if (c.role == ROLE_LISTENER)
        {
            continue;
        }
        auto it = openClients.find(c.tuple.Mirror());
        if (it != openClients.end() && !it->second.empty())
        {
            pairs[it->second.back()].second = i;
            it->second.pop_back();
            continue;
        }
        if (c.role == ROLE_CLIENT)
        {
            openClients[c.tuple].push_back(pairs.size());
            pairs.emplace_back(i, kNone);
        }
        else
        {
            pairs.emplace_back(kNone, i);
        }
    }

    std::string out;
    out.reserve(512 + pairs.size() * 260);
    out += "conn_client,conn_server,client,server,connect_s,established_client_s,"
           "established_server_s,first_data_s,close_s,closer,fin_client_s,fin_server_s,"
           "time_wait_enter_s,time_wait_leave_s,closed_client_s,closed_server_s,handshake_s,"
           "close_time_s,syn_retx,synack_retx,data_retx,fin_retx,close_shape,outcome\n";
    const Side none;
    for (const auto& [ci, si] : pairs)
    {
        const bool hasC = ci != kNone;
        const bool hasS = si != kNone;
        const Side& C = hasC ? sides[ci] : none;
        const Side& S = hasS ? sides[si] : none;
        auto minTime = [](int64_t a, int64_t b) {
            return a == kNever ? b : (b == kNever ? a : std::min(a, b));
        };

        // Who closed first: an end that entered FIN_WAIT_1, or, seen from an end that
        // was told (CLOSE_WAIT), the other.
        bool clientClosed = hasC ? C.finWait1 != kNever : S.closeWait != kNever;
        bool serverClosed = hasS ? S.finWait1 != kNever : C.closeWait != kNever;
        bool both = C.closing || S.closing || (clientClosed && serverClosed);

        // Outcome: the earliest failure of either end decides; otherwise completed when
        // every recorded end is closed or in TIME-WAIT.
        Outcome fail = OUT_NONE;
        int64_t failAt = kNever;
        for (const Side* s : {&C, &S})
        {
            if ((s == &C && !hasC) || (s == &S && !hasS))
            {
                continue;
            }
            Outcome o = FailureOf(*s);
            if (o != OUT_NONE && (failAt == kNever || s->closed < failAt))
            {
                fail = o;
                failAt = s->closed;
            }
        }
        const char* outcome = "open";
        if (fail == OUT_REFUSED)
        {
            outcome = "refused";
        }
        else if (fail == OUT_TIMED_OUT)
        {
            outcome = "timed_out";
        }
        else if (fail == OUT_RESET)
        {
            outcome = "reset";
        }
        else
        {
            auto done = [](const Side& s) {
                return s.closed != kNever || s.state == TcpSocket::TIME_WAIT;
            };
            if ((!hasC || done(C)) && (!hasS || done(S)))
            {
                outcome = "completed";
            }
        }

        // Close shape, as the active closer saw it (RFC 9293 3.6): FIN_WAIT_1 then
        // FIN_WAIT_2 is the four-segment close; a FIN|ACK covering our FIN takes FIN_WAIT_1
        // straight to TIME_WAIT (three segments); CLOSING is a simultaneous close.
        const char* shape = "";
        if (fail == OUT_RESET)
        {
            shape = "reset";
        }
        else if (fail == OUT_NONE)
        {
            const Side* closer = nullptr;
            if (hasC && C.finWait1 != kNever &&
                (!hasS || S.finWait1 == kNever || C.finWait1 <= S.finWait1))
            {
                closer = &C;
            }
            else if (hasS && S.finWait1 != kNever)
            {
                closer = &S;
            }
            const Side* passive = closer == &C                      ? (hasS ? &S : nullptr)
                                  : closer == &S                    ? (hasC ? &C : nullptr)
                                  : (hasC && C.closeWait != kNever) ? &C
                                  : (hasS && S.closeWait != kNever) ? &S
                                                                    : nullptr;
            if (C.closing || S.closing)
            {
                shape = "simultaneous";
            }
            else if (closer && closer->timeWaitEnter != kNever)
            {
                shape = closer->afterFinWait1 == TcpSocket::FIN_WAIT_2  ? "four"
                        : closer->afterFinWait1 == TcpSocket::TIME_WAIT ? "three"
                                                                        : "";
            }
            else if (!closer && passive && passive->lastAck != kNever &&
                     passive->finFirstAfterCloseWait >= 0)
            {
                // Only the passive end was recorded: did it ACK the FIN before its own?
                shape = passive->finFirstAfterCloseWait ? "three" : "four";
            }
        }

        int64_t closeAt = minTime(C.finWait1, S.finWait1);
        int64_t twEnter = kNever;
        int64_t twLeave = kNever;
        for (const Side* s : {&C, &S})
        {
            if (s->timeWaitEnter != kNever && (twEnter == kNever || s->timeWaitEnter < twEnter))
            {
                twEnter = s->timeWaitEnter;
                twLeave = s->timeWaitLeave;
            }
        }
        int64_t closeTime = kNever;
        if (closeAt != kNever && (!hasC || C.closed != kNever) && (!hasS || S.closed != kNever))
        {
            closeTime = std::max(hasC ? C.closed : kNever, hasS ? S.closed : kNever) - closeAt;
        }

        auto cell = [&out](int64_t ns) {
            AppendTimeCell(out, ns);
            out.push_back(',');
        };
        auto count = [&out](bool known, uint64_t v) {
            if (known)
            {
                AppendUint(out, v);
            }
            out.push_back(',');
        };
        if (hasC)
        {
            AppendUint(out, ci + 1);
        }
        out.push_back(',');
        if (hasS)
        {
            AppendUint(out, si + 1);
        }
        out.push_back(',');
        const Conn& any = m_conns[hasC ? ci : si];
        TupleKey ct = hasC ? any.tuple : any.tuple.Mirror(); // the client's view
        AppendEndpoint(out, ct.localAddress, ct.localPort);
        out.push_back(',');
        AppendEndpoint(out, ct.remoteAddress, ct.remotePort);
        out.push_back(',');
        cell(C.connect);
        cell(C.established);
        cell(S.established);
        cell(minTime(C.firstData, S.firstData));
        cell(closeAt);
        out += both ? "both" : clientClosed ? "client" : serverClosed ? "server" : "";
        out.push_back(',');
        cell(C.firstFin);
        cell(S.firstFin);
        cell(twEnter);
        cell(twLeave);
        cell(C.closed);
        cell(S.closed);
        cell(C.connect != kNever && C.established != kNever ? C.established - C.connect : kNever);
        cell(closeTime);
        count(hasC, C.synSent > 0 ? C.synSent - 1 : 0);
        count(hasS, S.synAckSent > 0 ? S.synAckSent - 1 : 0);
        count(true, C.dataRetx + S.dataRetx);
        count(true, C.finRetx + S.finRetx);
        out += shape;
        out.push_back(',');
        out += outcome;
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinLifecycleRecorder::Impl::FormatTimeWait() const
{
    std::string out;
    out.reserve(32 + m_timeWait.size() * 24);
    out += "time_s,node,count\n";
    for (const TimeWaitRow& r : m_timeWait)
    {
        AppendSeconds(out, r.time);
        out.push_back(',');
        AppendUint(out, r.node);
        out.push_back(',');
        AppendUint(out, r.count);
        out.push_back('\n');
    }
    return out;
}

std::string
SynFinLifecycleRecorder::Impl::FormatMeta(int64_t stop, const std::vector<std::string>& files) const
{
    std::string out;
    out += "{\n  \"synfin_version\": ";
    AppendJsonString(out, SYNFIN_VERSION);
    out += ",\n  \"ns3_version\": ";
    AppendJsonString(out, Ns3Version());
    out += ",\n  \"seed\": ";
    AppendUint(out, RngSeedManager::GetSeed());
    out += ",\n  \"run\": ";
    AppendUint(out, RngSeedManager::GetRun());
    out += ",\n  \"stop_time_s\": ";
    AppendSeconds(out, stop);

    out += ",\n  \"parameters\": {";
    bool firstEntry = true;
    for (const auto& [key, value] : m_parameters)
    {
        out += firstEntry ? "\n    " : ",\n    ";
        firstEntry = false;
        AppendJsonString(out, key);
        out += ": ";
        AppendJsonString(out, value);
    }
    out += firstEntry ? "}" : "\n  }";

    // ns-3 keeps every attribute's built-in default beside the configured one
    // (TypeId::AttributeInformation::originalInitialValue, what Config::Reset restores), so
    // what Config::SetDefault or --ns3::... changed is a comparison away. Registration
    // order is fixed by the program, so the order is stable.
    out += ",\n  \"attributes\": {";
    firstEntry = true;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        for (std::size_t j = 0; j < tid.GetAttributeN(); ++j)
        {
            TypeId::AttributeInformation info = tid.GetAttribute(j);
            if (!info.initialValue || !info.originalInitialValue ||
                info.initialValue == info.originalInitialValue)
            {
                continue;
            }
            std::string now = info.initialValue->SerializeToString(info.checker);
            if (now == info.originalInitialValue->SerializeToString(info.checker))
            {
                continue;
            }
            out += firstEntry ? "\n    " : ",\n    ";
            firstEntry = false;
            AppendJsonString(out, tid.GetName() + "::" + info.name);
            out += ": ";
            AppendJsonString(out, now);
        }
    }
    out += firstEntry ? "}" : "\n  }";

    // "attributes" is what was asked for; synfin takes stock ns-3 TCP settings only where it
    // models them, so say what synfin sockets got and which stock settings they did not.
    auto appendSettings = [&out](const char* key,
                                 const std::vector<SynFinStockSetting>& list,
                                 bool withReason) {
        out += ",\n  \"";
        out += key;
        out += "\": {";
        for (std::size_t i = 0; i < list.size(); ++i)
        {
            out += i ? ",\n    " : "\n    ";
            AppendJsonString(out, list[i].name);
            out += withReason ? ": {\"value\": " : ": ";
            AppendJsonString(out, withReason ? list[i].value : list[i].effect);
            if (withReason)
            {
                out += ", \"reason\": ";
                AppendJsonString(out, list[i].effect);
                out += "}";
            }
        }
        out += list.empty() ? "}" : "\n  }";
    };
    std::vector<SynFinStockSetting> inEffect = SynFinStockAttributes::GetInEffect();
    std::vector<SynFinStockSetting> values = inEffect;
    for (SynFinStockSetting& v : values)
    {
        v.effect = v.value; // flat "name": "value", as in "attributes"
    }
    appendSettings("synfin_in_effect", values, false);
    appendSettings("synfin_in_effect_from", inEffect, false);
    appendSettings("stock_not_applied", SynFinStockAttributes::GetNotApplied(), true);

    out += ",\n  \"time_wait_peak\": [";
    firstEntry = true;
    for (const auto& [id, info] : m_nodes)
    {
        out += firstEntry ? "\n    " : ",\n    ";
        firstEntry = false;
        out += "{\"node\": ";
        AppendUint(out, id);
        out += ", \"peak\": ";
        AppendUint(out, info.timeWaitPeak);
        out += "}";
    }
    out += firstEntry ? "]" : "\n  ]";

    out += ",\n  \"files\": [";
    for (std::size_t i = 0; i < files.size(); ++i)
    {
        out += i ? ", " : "";
        AppendJsonString(out, files[i]);
    }
    out += "]\n}\n";
    return out;
}

// ---------------------------------------------------------------------------------------------
// The public face

SynFinLifecycleRecorder::SynFinLifecycleRecorder()
    : m_impl(std::make_unique<Impl>())
{
    NS_LOG_FUNCTION(this);
    m_impl->m_self = std::make_shared<RecorderLink>();
    m_impl->m_self->impl = m_impl.get();
}

SynFinLifecycleRecorder::~SynFinLifecycleRecorder()
{
    NS_LOG_FUNCTION(this);
    m_impl->m_self->impl = nullptr; // traces that outlive the recorder now do nothing
}

void
SynFinLifecycleRecorder::Attach(NodeContainer nodes)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Attach(*it);
    }
}

void
SynFinLifecycleRecorder::Attach(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    NS_ABORT_MSG_UNLESS(node, "SynFinLifecycleRecorder::Attach: null node");
    m_impl->AttachNode(node, m_impl->m_self);
}

void
SynFinLifecycleRecorder::AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId)
{
    NS_LOG_FUNCTION(this << model << nodeId);
    m_impl->AttachDropModel(model, nodeId, m_impl->m_self);
}

void
SynFinLifecycleRecorder::AttachDeviceDrops(Ptr<NetDevice> device)
{
    NS_LOG_FUNCTION(this << device);
    m_impl->AttachDeviceDrops(device, m_impl->m_self);
}

void
SynFinLifecycleRecorder::SetParameter(const std::string& key, const std::string& value)
{
    m_impl->m_parameters[key] = value;
}

std::size_t
SynFinLifecycleRecorder::GetSegmentRowCount() const
{
    return m_impl->m_segments.size();
}

std::size_t
SynFinLifecycleRecorder::GetConnectionCount() const
{
    return m_impl->m_conns.size();
}

std::vector<std::string>
SynFinLifecycleRecorder::GetFileNames()
{
    return {"states.csv", "segments.csv", "connections.csv", "timewait.csv", "meta.json"};
}

bool
SynFinLifecycleRecorder::Write(const std::string& folder, std::string& error) const
{
    NS_LOG_FUNCTION(this << folder);
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::path dir(folder);
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir, ec))
    {
        error = "cannot create output folder '" + folder +
                "': " + (ec ? ec.message() : std::string("not a directory"));
        return false;
    }

    const int64_t stop = NowNs();
    const std::vector<std::string> names = GetFileNames();
    std::vector<fs::path> partials;
    auto cleanUp = [&partials]() {
        std::error_code ignored;
        for (const fs::path& p : partials)
        {
            fs::remove(p, ignored);
        }
    };

    for (const std::string& name : names)
    {
        std::string content;
        if (name == "states.csv")
        {
            content = m_impl->FormatStates(stop);
        }
        else if (name == "segments.csv")
        {
            content = m_impl->FormatSegments();
        }
        else if (name == "connections.csv")
        {
            content = m_impl->FormatConnections();
        }
        else if (name == "timewait.csv")
        {
            content = m_impl->FormatTimeWait();
        }
        else
        {
            content = m_impl->FormatMeta(stop, names);
        }
        fs::path partial = dir / (name + ".partial");
        std::FILE* f = std::fopen(partial.c_str(), "wb");
        if (!f)
        {
            error = "cannot write '" + partial.string() + "': " + std::strerror(errno);
            cleanUp();
            return false;
        }
        partials.push_back(partial);
        std::size_t written = std::fwrite(content.data(), 1, content.size(), f);
        int writeErrno = written == content.size() ? 0 : errno;
        if (std::fclose(f) != 0 && writeErrno == 0)
        {
            writeErrno = errno ? errno : EIO;
        }
        if (written != content.size() || writeErrno != 0)
        {
            error = "cannot write '" + partial.string() +
                    "': " + std::strerror(writeErrno ? writeErrno : EIO);
            cleanUp();
            return false;
        }
    }

    // Every file is complete: give them their names, meta.json last.
    for (std::size_t i = 0; i < names.size(); ++i)
    {
        fs::path final = dir / names[i];
        fs::rename(partials[i], final, ec);
        if (ec)
        {
            error = "cannot rename '" + partials[i].string() + "' to '" + final.string() +
                    "': " + ec.message();
            partials.erase(partials.begin(), partials.begin() + static_cast<long>(i));
            cleanUp();
            return false;
        }
    }
    return true;
}

} // namespace ns3
