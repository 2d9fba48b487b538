/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-l4-protocol.h"

#include "synfin-header-builder.h"
#include "synfin-header-reader.h"
#include "synfin-options.h"
#include "synfin-socket-factory.h"
#include "synfin-socket.h"
#include "synfin-tcp-l4-view.h"

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/object-vector.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/tcp-option-ts.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinL4Protocol");

NS_OBJECT_ENSURE_REGISTERED(SynFinL4Protocol);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << " [node " << m_node->GetId() << "] ";                                         \
    }

const uint8_t SynFinL4Protocol::PROT_NUMBER = 6;

namespace
{
/// Linux's default net.ipv4.ip_local_port_range.
constexpr uint16_t kEphemeralFirst = 32768;
constexpr uint16_t kEphemeralLast = 60999;
/// Linux (tcp_timewait_state_process): a connection reopened from TIME-WAIT starts this far
/// beyond the old SND.NXT, past any window of the old incarnation.
constexpr uint32_t kReopenIssOffset = 65535 + 2;

/**
 * \param name an attribute of ns3::TcpL4Protocol whose value is a TypeId
 * \param fallback what to answer if it has no such attribute
 * \param current the default as changed by Config::SetDefault (false: as registered)
 * \return its default
 */
/**
 * \brief Find an attribute of a TypeId once; later reads take its index.
 * \param tid the TypeId
 * \param name the attribute
 * \return its index, or tid.GetAttributeN() if it has none
 */
std::size_t
AttributeIndex(TypeId tid, const std::string& name)
{
    for (std::size_t i = 0; i < tid.GetAttributeN(); ++i)
    {
        if (tid.GetAttribute(i).name == name)
        {
            return i;
        }
    }
    return tid.GetAttributeN();
}

/**
 * \param tid a TypeId
 * \param index an attribute's index, from AttributeIndex
 * \param fallback what to answer if it has no such attribute
 * \param current the default as changed by Config::SetDefault (false: as registered)
 * \return the TypeId the attribute holds by default
 */
TypeId
TypeIdDefault(TypeId tid, std::size_t index, TypeId fallback, bool current)
{
    if (index >= tid.GetAttributeN())
    {
        return fallback;
    }
    TypeId::AttributeInformation info = tid.GetAttribute(index);
    Ptr<const AttributeValue> value = current ? info.initialValue : info.originalInitialValue;
    Ptr<const TypeIdValue> type = DynamicCast<const TypeIdValue>(value);
    return type ? type->Get() : fallback;
}

/**
 * \param name an attribute of ns3::TcpL4Protocol whose value is a TypeId
 * \param fallback what to answer if it has no such attribute
 * \return its default as registered
 */
TypeId
StockTypeIdDefault(const std::string& name, TypeId fallback)
{
    TypeId stock = TcpL4Protocol::GetTypeId();
    return TypeIdDefault(stock, AttributeIndex(stock, name), fallback, false);
}

/**
 * \brief The algorithm new sockets get: synfin's attribute where it was set, else stock's
 *        where a program changed ns3::TcpL4Protocol's default (unmodified ns-3 programs
 *        choose their congestion control that way), else the common default.
 * \param own the value of synfin's attribute
 * \param name the attribute's name, the same on both protocols ("SocketType" or
 *        "RecoveryType")
 * \return the TypeId to instantiate
 */
TypeId
ChooseAlgorithm(TypeId own, const std::string& name)
{
    // Attribute indices are fixed once the TypeIds are registered: find them once.
    static const TypeId synfin = SynFinL4Protocol::GetTypeId();
    static const TypeId stock = TcpL4Protocol::GetTypeId();
    static const std::size_t synfinSocketType = AttributeIndex(synfin, "SocketType");
    static const std::size_t synfinRecoveryType = AttributeIndex(synfin, "RecoveryType");
    static const std::size_t stockSocketType = AttributeIndex(stock, "SocketType");
    static const std::size_t stockRecoveryType = AttributeIndex(stock, "RecoveryType");
    bool congestion = name == "SocketType";
    std::size_t mine = congestion ? synfinSocketType : synfinRecoveryType;
    std::size_t theirs = congestion ? stockSocketType : stockRecoveryType;
    TypeId original = TypeIdDefault(synfin, mine, own, false);
    TypeId stockOriginal = TypeIdDefault(stock, theirs, own, false);
    TypeId stockCurrent = TypeIdDefault(stock, theirs, own, true);
    return (own == original && stockCurrent != stockOriginal) ? stockCurrent : own;
}

/**
 * \brief Instantiate a congestion control or recovery algorithm.
 * \param type its TypeId
 * \param name the attribute that chose it, for the error message
 * \return the algorithm
 *
 * The check is by the object's class: TypeId parents cannot be trusted for it (ns-3.37's
 * TcpCubic names TcpSocketBase as its parent).
 */
template <typename T>
Ptr<T>
MakeAlgorithm(TypeId type, const std::string& name)
{
    ObjectFactory factory;
    factory.SetTypeId(type);
    Ptr<T> algorithm = DynamicCast<T>(factory.Create());
    if (!algorithm)
    {
        NS_FATAL_ERROR("synfin: " << name << " " << type.GetName() << " is not a "
                                  << T::GetTypeId().GetName() << "; choose one such as "
                                  << (name == "SocketType"
                                          ? "ns3::TcpNewReno or ns3::TcpCubic"
                                          : "ns3::TcpClassicRecovery or ns3::TcpPrrRecovery"));
    }
    return algorithm;
}

} // namespace

TypeId
SynFinL4Protocol::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinL4Protocol")
            .SetParent<IpL4Protocol>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinL4Protocol>()
            .AddAttribute("SocketList",
                          "The sockets of this protocol that are open (TIME-WAIT records are "
                          "kept apart, in the TIME-WAIT table)",
                          ObjectVectorValue(),
                          MakeObjectVectorAccessor(&SynFinL4Protocol::m_sockets),
                          MakeObjectVectorChecker<SynFinSocket>())
            .AddAttribute("EphemeralPortFirst",
                          "Lowest local port chosen for Bind() to port 0 and for Connect() "
                          "(Linux's ip_local_port_range; RFC 6335 suggests 49152-65535)",
                          UintegerValue(kEphemeralFirst),
                          MakeUintegerAccessor(&SynFinL4Protocol::m_ephemeralFirst),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("EphemeralPortLast",
                          "Highest local port chosen for Bind() to port 0 and for Connect()",
                          UintegerValue(kEphemeralLast),
                          MakeUintegerAccessor(&SynFinL4Protocol::m_ephemeralLast),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("SocketType",
                          "The congestion control of new sockets (a TcpCongestionOps subclass), "
                          "as ns3::TcpL4Protocol::SocketType; by default that attribute's own "
                          "default, which Config::SetDefault on it also changes",
                          TypeIdValue(StockTypeIdDefault("SocketType", TcpNewReno::GetTypeId())),
                          MakeTypeIdAccessor(&SynFinL4Protocol::m_congestionTypeId),
                          MakeTypeIdChecker())
            .AddAttribute(
                "RecoveryType",
                "The loss recovery of new sockets (a TcpRecoveryOps subclass), as "
                "ns3::TcpL4Protocol::RecoveryType, whose default it follows likewise",
                TypeIdValue(StockTypeIdDefault("RecoveryType", TcpClassicRecovery::GetTypeId())),
                MakeTypeIdAccessor(&SynFinL4Protocol::m_recoveryTypeId),
                MakeTypeIdChecker())
            .AddTraceSource("Transition",
                            "Every state change of every connection on this node, TIME-WAIT "
                            "records included",
                            MakeTraceSourceAccessor(&SynFinL4Protocol::m_stateChangeTrace),
                            "ns3::SynFinStateChangeTracedCallback")
            .AddTraceSource("Tx",
                            "A segment handed to IPv4",
                            MakeTraceSourceAccessor(&SynFinL4Protocol::m_txTrace),
                            "ns3::SynFinL4Protocol::SegmentTracedCallback")
            .AddTraceSource("Rx",
                            "A segment received from IPv4 (checksum verified)",
                            MakeTraceSourceAccessor(&SynFinL4Protocol::m_rxTrace),
                            "ns3::SynFinL4Protocol::SegmentTracedCallback");
    return tid;
}

SynFinL4Protocol::SynFinL4Protocol()
{
    NS_LOG_FUNCTION(this);
    m_rng = CreateObject<UniformRandomVariable>();
    m_timeWait.SetExpireCallback(MakeCallback(&SynFinL4Protocol::TimeWaitExpired, this));
}

SynFinL4Protocol::~SynFinL4Protocol()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinL4Protocol::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_timeWait.Clear();
    m_prototype.Clear();
    m_connections.clear();
    m_listeners.clear();
    // A socket freed here is disposed on the way (Object::DoDelete) and removes itself
    // from m_sockets: empty the member first so that no removal lands in a vector that is
    // being destroyed.
    std::vector<Ptr<SynFinSocket>> sockets;
    sockets.swap(m_sockets);
    sockets.clear();
    m_node = nullptr;
    m_downTarget.Nullify();
    m_downTarget6.Nullify();
    IpL4Protocol::DoDispose();
}

void
SynFinL4Protocol::NotifyNewAggregate()
{
    NS_LOG_FUNCTION(this);
    Ptr<Node> node = GetObject<Node>();
    Ptr<Ipv4> ipv4 = GetObject<Ipv4>();
    if (!m_node && node && ipv4)
    {
        m_node = node;
        Ptr<SynFinSocketFactory> factory = CreateObject<SynFinSocketFactory>();
        factory->SetProtocol(this);
        node->AggregateObject(factory);
        if (!node->GetObject<TcpL4Protocol>())
        {
            // What programs written for stock ns-3 look up as the node's TCP.
            Ptr<SynFinTcpL4View> view = CreateObject<SynFinTcpL4View>();
            view->SetSynFin(this);
            node->AggregateObject(view);
        }
    }
    if (ipv4 && m_downTarget.IsNull())
    {
        ipv4->Insert(this);
        SetDownTarget(MakeCallback(&Ipv4::Send, ipv4));
    }
    IpL4Protocol::NotifyNewAggregate();
}

int64_t
SynFinL4Protocol::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

int
SynFinL4Protocol::GetProtocolNumber() const
{
    return PROT_NUMBER;
}

Ptr<Node>
SynFinL4Protocol::GetNode() const
{
    return m_node;
}

Ptr<Socket>
SynFinL4Protocol::CreateSocket()
{
    NS_LOG_FUNCTION(this);
    Ptr<SynFinSocket> socket = m_prototype.Create();
    for (const auto& [name, value] : m_socketAttributes)
    {
        socket->SetAttribute(name, *value);
    }
    // The algorithms are made once per protocol and only ever forked, as stock forks a
    // listener's for its children.
    TypeId congestion = GetSocketType();
    if (!m_congestionPrototype || m_congestionPrototype->GetInstanceTypeId() != congestion)
    {
        m_congestionPrototype = MakeAlgorithm<TcpCongestionOps>(congestion, "SocketType");
    }
    TypeId recovery = GetRecoveryType();
    if (!m_recoveryPrototype || m_recoveryPrototype->GetInstanceTypeId() != recovery)
    {
        m_recoveryPrototype = MakeAlgorithm<TcpRecoveryOps>(recovery, "RecoveryType");
    }
    socket->SetCongestionControlAlgorithm(m_congestionPrototype);
    socket->SetRecoveryAlgorithm(m_recoveryPrototype);
    socket->SetProtocol(m_node, this);
    AddSocket(socket);
    return socket;
}

bool
SynFinL4Protocol::SetSocketAttribute(const std::string& name, const AttributeValue& value)
{
    NS_LOG_FUNCTION(this << name);
    // Tried on a socket of the prototype's making, so that a bad name or value is reported
    // here and never when a socket is created.
    Ptr<SynFinSocket> probe = m_prototype.Create();
    if (!probe->SetAttributeFailSafe(name, value))
    {
        return false;
    }
    m_socketAttributes.emplace_back(name, value.Copy());
    return true;
}

// ---------------------------------------------------------------------------------------------
// Receive path

enum IpL4Protocol::RxStatus
SynFinL4Protocol::Receive(Ptr<Packet> packet,
                          const Ipv4Header& ipHeader,
                          Ptr<Ipv4Interface> /* incomingInterface */)
{
    NS_LOG_FUNCTION(this << packet << ipHeader);
    SynFinHeaderReader header;
    if (Node::ChecksumEnabled())
    {
        // TcpHeader verifies the checksum as it reads.
        TcpHeader checked;
        checked.EnableChecksums();
        checked.InitializeChecksum(ipHeader.GetSource(), ipHeader.GetDestination(), PROT_NUMBER);
        packet->RemoveHeader(checked);
        if (!checked.IsChecksumOk())
        {
            NS_LOG_INFO("bad checksum, dropped");
            return IpL4Protocol::RX_CSUM_FAILED;
        }
        static_cast<TcpHeader&>(header) = checked;
    }
    else
    {
        packet->RemoveHeader(header);
    }
    Ipv4Address src = ipHeader.GetSource();
    Ipv4Address dst = ipHeader.GetDestination();
    m_rxTrace(packet, header, src, dst);

    SynFinFourTuple tuple{dst, src, header.GetDestinationPort(), header.GetSourcePort()};
    auto conn = m_connections.find(tuple);
    if (conn != m_connections.end())
    {
        conn->second->ProcessSegment(packet, header, src, dst);
        return IpL4Protocol::RX_OK;
    }

    if (m_timeWait.Find(tuple))
    {
        // Only a listener can reopen the connection from TIME-WAIT; look for one only when
        // a SYN asks for it.
        bool canReopen = (header.GetFlags() & TcpHeader::SYN) &&
                         FindListener(dst, header.GetDestinationPort()) != nullptr;
        SynFinTimeWaitRecord removed;
        switch (m_timeWait.Handle(tuple, header, packet->GetSize(), canReopen, removed))
        {
        case SynFinTimeWaitTable::Verdict::DROP:
            return IpL4Protocol::RX_OK;
        case SynFinTimeWaitTable::Verdict::SEND_ACK:
        case SynFinTimeWaitTable::Verdict::REACK_FIN:
            SendTimeWaitAck(tuple, *m_timeWait.Find(tuple));
            return IpL4Protocol::RX_OK;
        case SynFinTimeWaitTable::Verdict::CLOSED_BY_RST:
            ReportTimeWaitEnd(tuple, removed, SynFinEvent::RCV_RST, header.GetFlags());
            return IpL4Protocol::RX_OK;
        case SynFinTimeWaitTable::Verdict::REUSE:
            ReportTimeWaitEnd(tuple, removed, SynFinEvent::RCV_SYN_REUSE, header.GetFlags());
            m_hasReopenIss = true;
            m_reopenTuple = tuple;
            m_reopenIss = SequenceNumber32(removed.sndNxt) + kReopenIssOffset;
            break; // the SYN goes on to the listener that takes it
        }
    }

    SynFinSocket* listener = FindListener(dst, header.GetDestinationPort());
    if (listener)
    {
        listener->ProcessSegment(packet, header, src, dst);
        m_hasReopenIss = false;
        return IpL4Protocol::RX_OK;
    }
    m_hasReopenIss = false;
    SendResetFor(header, packet->GetSize(), src, dst);
    return IpL4Protocol::RX_ENDPOINT_CLOSED;
}

enum IpL4Protocol::RxStatus
SynFinL4Protocol::Receive(Ptr<Packet> packet,
                          const Ipv6Header& /* header */,
                          Ptr<Ipv6Interface> /* incomingInterface */)
{
    NS_LOG_FUNCTION(this << packet);
    return IpL4Protocol::RX_ENDPOINT_UNREACH; // IPv4 only for now
}

void
SynFinL4Protocol::SendResetFor(const TcpHeader& in,
                               uint32_t payloadSize,
                               Ipv4Address src,
                               Ipv4Address dst)
{
    // RFC 9293 3.10.7.1: never answer a RST; if the segment has an ACK the reset takes its
    // sequence number from it, otherwise it acknowledges the whole segment with seq 0.
    uint8_t flags = in.GetFlags();
    // No socket: the CLOSED row of the table decides (never a RST for a RST).
    SynFinEvent event = (flags & TcpHeader::RST) ? SynFinEvent::RCV_RST : SynFinEvent::RCV_OTHER;
    if (SynFinStateMachine::Lookup(TcpSocket::CLOSED, event).response != SynFinResponse::RST)
    {
        return;
    }
    TcpHeader rst = SynFinHeaderBuilder::ResetFor(in, payloadSize);
    SendSegment(Create<Packet>(), rst, dst, src);
}

void
SynFinL4Protocol::SendTimeWaitAck(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& rec)
{
    TcpHeader ack = SynFinHeaderBuilder::Segment(tuple,
                                                 TcpHeader::ACK,
                                                 SequenceNumber32(rec.sndNxt),
                                                 SequenceNumber32(rec.rcvNxt),
                                                 rec.window);
    if (rec.timestamps)
    {
        // RFC 7323 3.2: once negotiated, in every segment; a stock ns-3 peer drops an ACK
        // without one.
        SynFinOptions::AddTimestamp(ack, rec.optionLayout, rec.tsRecent);
    }
    SendSegment(Create<Packet>(), ack, tuple.localAddress, tuple.remoteAddress);
}

// ---------------------------------------------------------------------------------------------
// Send path

void
SynFinL4Protocol::SendSegment(Ptr<Packet> payload,
                              const TcpHeader& header,
                              Ipv4Address source,
                              Ipv4Address destination)
{
    NS_LOG_FUNCTION(this << header << source << destination);
    if (!m_node->IsInitialized())
    {
        // Called before Simulator::Run (e.g. Connect in a script's setup): the node's
        // devices and queue discs are wired up by its initialization at time 0, so the
        // segment leaves then, not now.
        Simulator::ScheduleWithContext(m_node->GetId(),
                                       Time(0),
                                       &SynFinL4Protocol::SendSegment,
                                       this,
                                       payload,
                                       header,
                                       source,
                                       destination);
        return;
    }
    m_txTrace(payload, header, source, destination);
    Ptr<Packet> packet = payload->GetSize() ? payload->Copy() : payload;
    TcpHeader out = header;
    if (Node::ChecksumEnabled())
    {
        out.EnableChecksums();
    }
    out.InitializeChecksum(source, destination, PROT_NUMBER);
    packet->AddHeader(out);

    Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
    NS_ABORT_MSG_UNLESS(ipv4, "SynFinL4Protocol on node " << m_node->GetId() << " has no IPv4");
    Ptr<Ipv4Route> route;
    if (ipv4->GetRoutingProtocol())
    {
        Ipv4Header ipHeader;
        ipHeader.SetSource(source);
        ipHeader.SetDestination(destination);
        ipHeader.SetProtocol(PROT_NUMBER);
        Socket::SocketErrno err;
        route = ipv4->GetRoutingProtocol()->RouteOutput(packet, ipHeader, nullptr, err);
    }
    m_downTarget(packet, source, destination, PROT_NUMBER, route);
}

void
SynFinL4Protocol::SetDownTarget(IpL4Protocol::DownTargetCallback cb)
{
    m_downTarget = cb;
}

void
SynFinL4Protocol::SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb)
{
    m_downTarget6 = cb;
}

IpL4Protocol::DownTargetCallback
SynFinL4Protocol::GetDownTarget() const
{
    return m_downTarget;
}

IpL4Protocol::DownTargetCallback6
SynFinL4Protocol::GetDownTarget6() const
{
    return m_downTarget6;
}

// ---------------------------------------------------------------------------------------------
// Ports and demux

uint16_t
SynFinL4Protocol::NextEphemeralCandidate()
{
    uint16_t first = std::min(m_ephemeralFirst, m_ephemeralLast);
    uint16_t last = std::max(m_ephemeralFirst, m_ephemeralLast);
    if (m_nextEphemeral < first || m_nextEphemeral > last)
    {
        m_nextEphemeral = first;
    }
    uint16_t port = m_nextEphemeral;
    m_nextEphemeral = (port == last) ? first : port + 1;
    return port;
}

uint32_t
SynFinL4Protocol::EphemeralRangeSize() const
{
    return static_cast<uint32_t>(std::max(m_ephemeralFirst, m_ephemeralLast)) -
           std::min(m_ephemeralFirst, m_ephemeralLast) + 1;
}

uint16_t
SynFinL4Protocol::AllocateEphemeralPort()
{
    for (uint32_t tries = EphemeralRangeSize(); tries > 0; --tries)
    {
        uint16_t port = NextEphemeralCandidate();
        // A port whose connection lingers in TIME-WAIT is not given to Bind() (the record
        // still answers for it; RFC 9293 3.4.2), nor one that Connect() shares.
        if (m_portUse.count(port) == 0 && m_sharedPortUse.count(port) == 0 &&
            !m_timeWait.UsesLocalPort(port))
        {
            m_portUse[port] = 1;
            return port;
        }
    }
    return 0;
}

uint16_t
SynFinL4Protocol::AllocateConnectPort(const SynFinFourTuple& tuple)
{
    SynFinFourTuple candidate = tuple;
    for (uint32_t tries = EphemeralRangeSize(); tries > 0; --tries)
    {
        candidate.localPort = NextEphemeralCandidate();
        // The uniqueness that matters is the 4-tuple's (RFC 9293 3.4.2): a port in use
        // towards another peer, or in TIME-WAIT with another peer, serves this one too.
        if (m_portUse.count(candidate.localPort) == 0 &&
            m_connections.find(candidate) == m_connections.end() && !m_timeWait.Find(candidate))
        {
            ++m_sharedPortUse[candidate.localPort];
            return candidate.localPort;
        }
    }
    return 0;
}

bool
SynFinL4Protocol::ReservePort(uint16_t port, bool reuseAddress)
{
    if (m_portUse.count(port) != 0 || m_sharedPortUse.count(port) != 0)
    {
        return false;
    }
    if (!reuseAddress && m_timeWait.UsesLocalPort(port))
    {
        return false; // as bind() without SO_REUSEADDR: EADDRINUSE while TIME-WAIT lasts
    }
    m_portUse[port] = 1;
    return true;
}

void
SynFinL4Protocol::ReleasePort(uint16_t port, bool shared)
{
    auto& use = shared ? m_sharedPortUse : m_portUse;
    auto it = use.find(port);
    if (it != use.end() && --it->second == 0)
    {
        use.erase(it);
    }
}

bool
SynFinL4Protocol::AddConnection(const SynFinFourTuple& tuple, SynFinSocket* socket)
{
    if (m_timeWait.Find(tuple))
    {
        return false;
    }
    return m_connections.emplace(tuple, socket).second;
}

void
SynFinL4Protocol::RemoveConnection(const SynFinFourTuple& tuple, const SynFinSocket* socket)
{
    auto it = m_connections.find(tuple);
    if (it != m_connections.end() && it->second == socket)
    {
        m_connections.erase(it);
    }
}

uint64_t
SynFinL4Protocol::ListenerKey(Ipv4Address address, uint16_t port)
{
    return (static_cast<uint64_t>(address.Get()) << 16) | port;
}

bool
SynFinL4Protocol::AddListener(Ipv4Address address, uint16_t port, SynFinSocket* socket)
{
    return m_listeners.emplace(ListenerKey(address, port), socket).second;
}

void
SynFinL4Protocol::RemoveListener(Ipv4Address address, uint16_t port, const SynFinSocket* socket)
{
    auto it = m_listeners.find(ListenerKey(address, port));
    if (it != m_listeners.end() && it->second == socket)
    {
        m_listeners.erase(it);
    }
}

SynFinSocket*
SynFinL4Protocol::FindListener(Ipv4Address address, uint16_t port) const
{
    auto it = m_listeners.find(ListenerKey(address, port));
    if (it == m_listeners.end())
    {
        it = m_listeners.find(ListenerKey(Ipv4Address::GetAny(), port));
    }
    return it == m_listeners.end() ? nullptr : it->second;
}

void
SynFinL4Protocol::AddSocket(Ptr<SynFinSocket> socket)
{
    if (std::find(m_sockets.begin(), m_sockets.end(), socket) == m_sockets.end())
    {
        m_sockets.push_back(socket);
    }
}

void
SynFinL4Protocol::RemoveSocket(const SynFinSocket* socket)
{
    auto it =
        std::find_if(m_sockets.begin(), m_sockets.end(), [socket](const Ptr<SynFinSocket>& s) {
            return PeekPointer(s) == socket;
        });
    if (it != m_sockets.end())
    {
        m_sockets.erase(it);
    }
}

TypeId
SynFinL4Protocol::GetSocketType() const
{
    return m_socketTypePinned ? m_congestionTypeId
                              : ChooseAlgorithm(m_congestionTypeId, "SocketType");
}

TypeId
SynFinL4Protocol::GetRecoveryType() const
{
    return m_recoveryTypePinned ? m_recoveryTypeId
                                : ChooseAlgorithm(m_recoveryTypeId, "RecoveryType");
}

void
SynFinL4Protocol::PinSocketType(TypeId type)
{
    m_congestionTypeId = type;
    m_socketTypePinned = true;
}

void
SynFinL4Protocol::PinRecoveryType(TypeId type)
{
    m_recoveryTypeId = type;
    m_recoveryTypePinned = true;
}

std::size_t
SynFinL4Protocol::GetSocketCount() const
{
    return m_sockets.size();
}

Ptr<SynFinSocket>
SynFinL4Protocol::GetSocket(std::size_t i) const
{
    NS_ASSERT_MSG(i < m_sockets.size(), "socket " << i << " of " << m_sockets.size());
    return m_sockets[i];
}

// ---------------------------------------------------------------------------------------------
// TIME-WAIT, ids, ISNs, traces

void
SynFinL4Protocol::EnterTimeWait(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& record)
{
    NS_LOG_FUNCTION(this << tuple);
    m_timeWait.Admit(tuple, record);
}

SynFinTimeWaitTable&
SynFinL4Protocol::GetTimeWaitTable()
{
    return m_timeWait;
}

void
SynFinL4Protocol::TimeWaitExpired(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& record)
{
    ReportTimeWaitEnd(tuple, record, SynFinEvent::TIMER_TIME_WAIT, 0);
}

void
SynFinL4Protocol::ReportTimeWaitEnd(const SynFinFourTuple& tuple,
                                    const SynFinTimeWaitRecord& record,
                                    SynFinEvent cause,
                                    uint8_t flags)
{
    const SynFinTransition& t = SynFinStateMachine::Lookup(TcpSocket::TIME_WAIT, cause);
    SynFinStateChange change;
    change.connectionId = record.connectionId;
    change.nodeId = m_node ? m_node->GetId() : 0;
    change.tuple = tuple;
    change.from = TcpSocket::TIME_WAIT;
    change.to = t.next;
    change.cause = cause;
    change.segmentFlags = flags;
    change.passive = record.passive;
    change.time = Simulator::Now();
    m_stateChangeTrace(change);
    if (record.owner)
    {
        record.owner->TimeWaitEnded(change);
    }
}

uint64_t
SynFinL4Protocol::NextConnectionId()
{
    return m_nextConnectionId++;
}

void
SynFinL4Protocol::SetNextIss(SequenceNumber32 iss)
{
    m_nextIss = iss;
}

SequenceNumber32
SynFinL4Protocol::GenerateIsn(const SynFinFourTuple& tuple)
{
    if (m_hasReopenIss && tuple == m_reopenTuple)
    {
        // RFC 1122 4.2.2.13 / RFC 6191: the new incarnation starts beyond the old one.
        m_hasReopenIss = false;
        return m_reopenIss;
    }
    if (m_nextIss)
    {
        SequenceNumber32 iss = *m_nextIss;
        m_nextIss.reset();
        return iss;
    }
    KeyIsnGenerator();
    return m_isn.Generate(Simulator::Now(),
                          tuple.localAddress,
                          tuple.localPort,
                          tuple.remoteAddress,
                          tuple.remotePort);
}

void
SynFinL4Protocol::KeyIsnGenerator()
{
    if (!m_isnKeyed)
    {
        uint64_t hi = m_rng->GetInteger(0, UINT32_MAX);
        uint64_t lo = m_rng->GetInteger(0, UINT32_MAX);
        m_isn.SetKey((hi << 32) | lo);
        m_isnKeyed = true;
    }
}

SequenceNumber32
SynFinL4Protocol::GenerateSynCookie(const SynFinFourTuple& tuple,
                                    SequenceNumber32 peerIsn,
                                    uint16_t peerMss)
{
    KeyIsnGenerator();
    ++m_listenCounters.cookiesSent;
    return m_isn.Cookie(Simulator::Now(), tuple, peerIsn, peerMss);
}

std::optional<uint16_t>
SynFinL4Protocol::CheckSynCookie(const SynFinFourTuple& tuple,
                                 SequenceNumber32 peerIsn,
                                 SequenceNumber32 cookie)
{
    KeyIsnGenerator();
    std::optional<uint16_t> mss = m_isn.CheckCookie(Simulator::Now(), tuple, peerIsn, cookie);
    ++(mss ? m_listenCounters.cookiesAccepted : m_listenCounters.cookiesFailed);
    return mss;
}

SynFinListenCounters&
SynFinL4Protocol::GetListenCounters()
{
    return m_listenCounters;
}

void
SynFinL4Protocol::NotifyStateChange(const SynFinStateChange& change)
{
    m_stateChangeTrace(change);
}

} // namespace ns3
