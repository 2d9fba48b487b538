/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-stock-observer.h"

#include "synfin-four-tuple.h"
#include "synfin-segment-attributor.h"

#include "ns3/abort.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/object-vector.h"
#include "ns3/simulator.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-l4-protocol.h"

#include <algorithm>
#include <array>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinStockObserver");

namespace
{

/// Does nothing: scheduled with the last reference to a socket, it releases it then.
void
Release(Ptr<TcpSocketBase> /* socket */)
{
}

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

/// A trace's hold on the observer.
using LinkPtr = std::shared_ptr<SynFinStockObserver::Link>;

void
Ipv4Trampoline(LinkPtr w,
               uint32_t node,
               bool tx,
               Ptr<const Packet> p,
               Ptr<Ipv4> ipv4,
               uint32_t /* interface */)
{
    if (auto observer = w->observer)
    {
        observer->OnIpv4(node, tx, p, ipv4);
    }
}

void
StateTrampoline(LinkPtr w, uint32_t index, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    if (auto observer = w->observer)
    {
        observer->OnState(index, from, to);
    }
}

/// \return Simulator::Now() in nanoseconds
int64_t
NowNs()
{
    return Simulator::Now().GetNanoSeconds();
}

/// How an event shows on the wire at the instant it changes a state.
struct Evidence
{
    /// Where to look.
    enum Kind : uint8_t
    {
        SILENT,   //!< nothing: an application call or a timer
        RECEIVED, //!< a segment that arrived, with these flags
        SENT_RST, //!< a RST that left
    };

    Kind kind;         //!< where to look
    uint8_t required;  //!< flags the segment carries
    uint8_t forbidden; //!< flags it does not carry
};

/**
 * What each event looks like. Not a diagram: which events lead from one state to another
 * is the table's answer; this only says how each event can be recognised. The receive
 * events are named by the segment that raises them (SynFinEvent's documentation), and a
 * segment with RST is only ever a RST (RFC 9293 3.10.7.4 checks RST before ACK and FIN).
 */
Evidence
EvidenceOf(SynFinEvent e)
{
    using E = SynFinEvent;
    const uint8_t syn = TcpHeader::SYN;
    const uint8_t ack = TcpHeader::ACK;
    const uint8_t fin = TcpHeader::FIN;
    const uint8_t rst = TcpHeader::RST;
    switch (e)
    {
    case E::APP_ACTIVE_OPEN:
    case E::APP_PASSIVE_OPEN:
    case E::APP_CLOSE:
    case E::TIMER_RETRIES_EXHAUSTED:
    case E::TIMER_FIN_WAIT_2:
    case E::TIMER_TIME_WAIT:
    case E::LISTENER_CLOSED:
        return {Evidence::SILENT, 0, 0};
    case E::APP_ABORT:
        // The only application call that sends a RST (stock ns-3 sends one in every state).
        return {Evidence::SENT_RST, 0, 0};
    case E::RCV_SYN:
    case E::RCV_SYN_REUSE:
        return {Evidence::RECEIVED, syn, static_cast<uint8_t>(ack | rst)};
    case E::RCV_SYN_ACK:
        return {Evidence::RECEIVED, static_cast<uint8_t>(syn | ack), rst};
    case E::RCV_ACK:
    case E::RCV_ACK_OF_FIN:
        return {Evidence::RECEIVED, ack, rst};
    case E::RCV_FIN:
        return {Evidence::RECEIVED, fin, rst};
    case E::RCV_FIN_ACKING_OUR_FIN:
        return {Evidence::RECEIVED, static_cast<uint8_t>(fin | ack), rst};
    case E::RCV_RST:
        return {Evidence::RECEIVED, rst, 0};
    default:
        // The remaining receive events change no state, so they are never candidates.
        return {Evidence::RECEIVED, 0, rst};
    }
}

/// \return true for the events an application call raises
bool
IsApplicationCall(SynFinEvent e)
{
    return e == SynFinEvent::APP_ACTIVE_OPEN || e == SynFinEvent::APP_PASSIVE_OPEN ||
           e == SynFinEvent::APP_CLOSE || e == SynFinEvent::APP_ABORT;
}

/// \return true for the timer events
bool
IsTimer(SynFinEvent e)
{
    return e == SynFinEvent::TIMER_RETRIES_EXHAUSTED || e == SynFinEvent::TIMER_FIN_WAIT_2 ||
           e == SynFinEvent::TIMER_TIME_WAIT;
}

/// \return the number of flags set in \p flags
int
FlagCount(uint8_t flags)
{
    int n = 0;
    for (; flags; flags &= flags - 1)
    {
        ++n;
    }
    return n;
}

} // namespace

std::size_t
SynFinStockObserver::TupleHash::operator()(const SynFinRecorderTuple& t) const
{
    return SynFinFourTupleHash()(
        {Ipv4Address(t.localAddress), Ipv4Address(t.remoteAddress), t.localPort, t.remotePort});
}

SynFinStockObserver::SynFinStockObserver(SynFinRecorderObservations& observations,
                                         SynFinSegmentAttributor& attributor)
    : m_obs(observations),
      m_attributor(attributor),
      m_link(std::make_shared<Link>())
{
    NS_LOG_FUNCTION(this);
    m_link->observer = this;
}

SynFinStockObserver::~SynFinStockObserver()
{
    NS_LOG_FUNCTION(this);
    m_link->observer = nullptr; // traces that outlive the observer now do nothing
}

std::optional<SynFinEvent>
SynFinStockObserver::InferCause(SynFinState from, SynFinState to, const Seen& seen)
{
    constexpr auto kEvents = static_cast<std::size_t>(SynFinEvent::EVENT_COUNT);
    // The candidates, in event order; a flag per event keeps them unique when several
    // states are searched.
    std::array<bool, kEvents> candidate{};
    auto collect = [&candidate, to](SynFinState s) {
        bool any = false;
        for (std::size_t e = 0; e < kEvents; ++e)
        {
            const SynFinTransition& t = SynFinStateMachine::Lookup(s, static_cast<SynFinEvent>(e));
            if (t.outcome == SynFinDefault::NONE && t.next == to && s != to)
            {
                candidate[e] = true;
                any = true;
            }
        }
        return any;
    };
    if (!collect(from))
    {
        for (std::size_t s = 0; s < TcpSocket::LAST_STATE; ++s)
        {
            collect(static_cast<SynFinState>(s));
        }
    }

    // A segment that arrived: the most specific receive event it fits.
    std::optional<SynFinEvent> best;
    int bestCount = -1;
    bool allApplication = true;
    for (std::size_t e = 0; e < kEvents; ++e)
    {
        if (!candidate[e])
        {
            continue;
        }
        const auto event = static_cast<SynFinEvent>(e);
        allApplication = allApplication && IsApplicationCall(event);
        const Evidence ev = EvidenceOf(event);
        const uint8_t flags = seen.receivedFlags;
        if (seen.received && ev.kind == Evidence::RECEIVED &&
            (flags & ev.required) == ev.required && (flags & ev.forbidden) == 0 &&
            FlagCount(ev.required) > bestCount)
        {
            best = event;
            bestCount = FlagCount(ev.required);
        }
    }
    if (best)
    {
        return best;
    }

    // A RST that left: an abort.
    if (seen.sent && (seen.sentFlags & TcpHeader::RST))
    {
        for (std::size_t e = 0; e < kEvents; ++e)
        {
            if (candidate[e] && EvidenceOf(static_cast<SynFinEvent>(e)).kind == Evidence::SENT_RST)
            {
                return static_cast<SynFinEvent>(e);
            }
        }
    }

    // The silent events.
    if (seen.received && !allApplication)
    {
        return std::nullopt;
    }
    std::optional<SynFinEvent> silent;
    for (std::size_t e = 0; e < kEvents; ++e)
    {
        const auto event = static_cast<SynFinEvent>(e);
        if (!candidate[e] || EvidenceOf(event).kind != Evidence::SILENT)
        {
            continue;
        }
        if (IsTimer(event))
        {
            return event;
        }
        if (!silent)
        {
            silent = event;
        }
    }
    return silent;
}

void
SynFinStockObserver::Attach(Ptr<Node> node)
{
    NS_LOG_FUNCTION(this << node);
    const uint32_t id = node->GetId();
    Ptr<Ipv4L3Protocol> ipv4 = node->GetObject<Ipv4L3Protocol>();
    NS_ABORT_MSG_UNLESS(ipv4, "SynFinLifecycleRecorder: stock node " << id << " has no IPv4");
    m_nodes[id];
    ipv4->TraceConnectWithoutContext("Tx", MakeBoundCallback(&Ipv4Trampoline, m_link, id, true));
    ipv4->TraceConnectWithoutContext("Rx", MakeBoundCallback(&Ipv4Trampoline, m_link, id, false));
    Rescan(id);
}

void
SynFinStockObserver::OnIpv4(uint32_t node, bool tx, Ptr<const Packet> packet, Ptr<Ipv4> ipv4)
{
    Ptr<Packet> copy = packet->Copy();
    Ipv4Header ip;
    if (copy->RemoveHeader(ip) == 0 || ip.GetProtocol() != TcpL4Protocol::PROT_NUMBER ||
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

    // Sockets first: one created for this segment claims it.
    Rescan(node);
    const uint8_t event = tx ? SynFinSegmentRow::TX : SynFinSegmentRow::RX;
    const int64_t now = NowNs();
    uint32_t index = m_attributor.Record(node,
                                         event,
                                         ip.GetSource(),
                                         ip.GetDestination(),
                                         tcp,
                                         length,
                                         SynFinSegmentRow::NONE,
                                         now);
    LastSeen& seen = m_nodes[node].lastSeen[m_obs.segments[index].OwnerTuple()];
    if (tx)
    {
        seen.txAt = now;
        seen.txFlags = tcp.GetFlags();
    }
    else
    {
        seen.rxAt = now;
        seen.rxFlags = tcp.GetFlags();
    }
}

void
SynFinStockObserver::Rescan(uint32_t node)
{
    Ptr<Node> n = NodeList::GetNode(node);
    Ptr<TcpL4Protocol> tcp = n ? n->GetObject<TcpL4Protocol>() : nullptr;
    if (!tcp)
    {
        return;
    }
    ObjectVectorValue list;
    tcp->GetAttribute("SocketList", list);
    NodeState& info = m_nodes[node];
    for (auto it = list.Begin(); it != list.End(); ++it)
    {
        Ptr<TcpSocketBase> s = DynamicCast<TcpSocketBase>(it->second);
        if (s && info.known.count(PeekPointer(s)) == 0)
        {
            Discover(node, s);
        }
    }
}

SynFinRecorderTuple
SynFinStockObserver::TupleOf(Ptr<TcpSocketBase> socket)
{
    SynFinRecorderTuple t;
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
SynFinStockObserver::Discover(uint32_t node, Ptr<TcpSocketBase> socket)
{
    NS_LOG_FUNCTION(this << node << socket);
    uint32_t index = static_cast<uint32_t>(m_sockets.size());
    m_sockets.push_back({socket, node, SynFinSegmentRow::NONE, false});
    m_nodes[node].known[PeekPointer(socket)] = index;
    socket->TraceConnectWithoutContext("State", MakeBoundCallback(&StateTrampoline, m_link, index));
    TcpSocket::TcpStates_t state = StockStateReader::Of(*socket);
    if (state != TcpSocket::CLOSED)
    {
        // It changed state before it could be found: a forked child (SYN_RCVD before its
        // SYN|ACK leaves) or a listener found at its first SYN. Record it from now.
        OnState(index, TcpSocket::CLOSED, state);
    }
}

void
SynFinStockObserver::OnState(uint32_t index, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
{
    Followed& s = m_sockets[index];
    if (s.retired || from == to)
    {
        return;
    }
    const uint32_t node = s.node;
    const int64_t now = NowNs();
    SynFinRecorderTuple tuple = TupleOf(s.socket);
    if (s.conn == SynFinSegmentRow::NONE ||
        (m_obs.conns[s.conn].finished && from == TcpSocket::CLOSED))
    {
        using R = SynFinRecordedConnection;
        R::Role role = to == TcpSocket::LISTEN                           ? R::LISTENER
                       : to == TcpSocket::SYN_SENT                       ? R::CLIENT
                       : to == TcpSocket::SYN_RCVD                       ? R::SERVER
                       : m_attributor.IsListening(node, tuple.localPort) ? R::SERVER
                                                                         : R::CLIENT;
        s.conn = m_attributor.OpenConnection(node, m_nodes[node].nextConn++, role, tuple, now);
    }
    const uint32_t conn = s.conn;
    if (m_obs.conns[conn].tuple.remotePort == 0 && tuple.remotePort != 0)
    {
        m_attributor.SetTuple(conn, tuple, now); // the peer became known after it was found
    }
    const SynFinRecorderTuple key = m_obs.conns[conn].tuple;

    Seen seen;
    NodeState& info = m_nodes[node];
    auto last = info.lastSeen.find(key);
    if (last != info.lastSeen.end())
    {
        seen.received = last->second.rxAt == now;
        seen.receivedFlags = seen.received ? last->second.rxFlags : 0;
        seen.sent = last->second.txAt == now;
        seen.sentFlags = seen.sent ? last->second.txFlags : 0;
    }
    std::optional<SynFinEvent> cause = InferCause(from, to, seen);
    m_attributor.ChangeState(conn,
                             to,
                             cause ? static_cast<uint8_t>(*cause)
                                   : SynFinRecordedChange::CAUSE_UNKNOWN,
                             now);
    if (to == TcpSocket::CLOSED)
    {
        // Done: stop holding it (after the current event, since the socket is still in
        // its own code). A Connect() on it later finds it again in SocketList.
        Followed& done = m_sockets[index];
        done.retired = true;
        info.known.erase(PeekPointer(done.socket));
        info.lastSeen.erase(key);
        Ptr<TcpSocketBase> held = done.socket;
        done.socket = nullptr;
        Simulator::ScheduleNow(&Release, held);
    }
}

} // namespace ns3
