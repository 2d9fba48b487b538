/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-socket.h"

#include "synfin-l4-protocol.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSocket");

NS_OBJECT_ENSURE_REGISTERED(SynFinSocket);

namespace
{
/// RFC 9293 3.7.1: the send MSS when the peer sends no MSS option.
constexpr uint32_t kDefaultPeerMss = 536;
/// Linux's tcp_min_snd_mss: a smaller MSS option is raised to this.
constexpr uint32_t kMinPeerMss = 48;
/// The largest window a 16-bit header field holds (no window scaling, RFC 7323).
constexpr uint32_t kMaxUnscaledWindow = 65535;
} // namespace

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << " [node " << m_node->GetId() << " conn " << m_connId << "] ";                 \
    }

TypeId
SynFinSocket::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinSocket")
            .SetParent<TcpSocket>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinSocket>()
            .AddAttribute("Msl",
                          "Maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 3.4.2)",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&SynFinSocket::m_msl),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("SynAckRetries",
                          "SYN-ACK retransmissions before a half-open connection is dropped",
                          UintegerValue(5),
                          MakeUintegerAccessor(&SynFinSocket::m_synAckRetries),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("FinWait2Timeout",
                          "How long an orphaned (Close()d) connection may stay in FIN-WAIT-2",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&SynFinSocket::m_finWait2Timeout),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("InitialRto",
                          "Retransmission timeout before the first RTT sample (RFC 6298 2.1)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SynFinSocket::m_initialRto),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("MinRto",
                          "Lower bound of the retransmission timeout (RFC 6298 2.4); also "
                          "what ns3::TcpSocketBase::MinRto sets",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SynFinSocket::m_minRto),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("MaxRto",
                          "Upper bound of the retransmission timeout (RFC 6298 2.5)",
                          TimeValue(Seconds(60)),
                          MakeTimeAccessor(&SynFinSocket::m_maxRto),
                          MakeTimeChecker(Time(1)))
            .AddAttribute("SynBacklog",
                          "Most half-open (SYN-RECEIVED) children a listener keeps; further SYNs "
                          "are dropped silently, as Linux does",
                          UintegerValue(128),
                          MakeUintegerAccessor(&SynFinSocket::m_synBacklog),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("ManualAccept",
                          "Listeners keep established children in an accept queue until the "
                          "application calls SynFinSocket::Accept() (the listener's receive "
                          "callback fires when one is waiting), instead of handing them over at "
                          "once through the new-connection callback as ns-3 sockets do",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_manualAccept),
                          MakeBooleanChecker())
            .AddAttribute("AcceptBacklog",
                          "Most established children waiting in the accept queue (ManualAccept); "
                          "while it is full the handshake's final ACK is ignored, as Linux does",
                          UintegerValue(128),
                          MakeUintegerAccessor(&SynFinSocket::m_acceptBacklog),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("TimeWaitRstPolicy",
                          "RST in TIME-WAIT: Close (RFC 9293) or Ignore (RFC 1337)",
                          EnumValue(SynFinTimeWaitRstPolicy::TW_RST_CLOSE),
                          MakeEnumAccessor(&SynFinSocket::m_twRstPolicy),
                          MakeEnumChecker(SynFinTimeWaitRstPolicy::TW_RST_CLOSE,
                                          "Close",
                                          SynFinTimeWaitRstPolicy::TW_RST_IGNORE,
                                          "Ignore"))
            .AddAttribute("TimeWaitSynPolicy",
                          "New SYN for a 4-tuple in TIME-WAIT: AcceptIfNewer (RFC 6191) or Reject",
                          EnumValue(SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER),
                          MakeEnumAccessor(&SynFinSocket::m_twSynPolicy),
                          MakeEnumChecker(SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER,
                                          "AcceptIfNewer",
                                          SynFinTimeWaitSynPolicy::TW_SYN_REJECT,
                                          "Reject"))
            .AddAttribute("InvalidAckRateLimit",
                          "Least time between two ACKs sent in answer to invalid segments "
                          "(challenge ACKs, out-of-window ACKs and SYNs): RFC 5961 section 7 "
                          "throttling, Linux's tcp_invalid_ratelimit; zero disables it",
                          TimeValue(MilliSeconds(500)),
                          MakeTimeAccessor(&SynFinSocket::m_invalidAckRateLimit),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ReuseAddress",
                          "Bind() may take a local port that only TIME-WAIT records still use, "
                          "like SO_REUSEADDR; without it such a Bind() fails with ADDRINUSE",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_reuseAddress),
                          MakeBooleanChecker())
            .AddAttribute("LingerZero",
                          "Close() aborts with RST, like SO_LINGER with a zero timeout",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_lingerZero),
                          MakeBooleanChecker())
            .AddTraceSource("State",
                            "TCP state of the connection",
                            MakeTraceSourceAccessor(&SynFinSocket::m_state),
                            "ns3::TcpStatesTracedValueCallback")
            .AddTraceSource("Transition",
                            "Every state change with connection id, cause and time",
                            MakeTraceSourceAccessor(&SynFinSocket::m_stateChangeTrace),
                            "ns3::SynFinStateChangeTracedCallback")
            .AddTraceSource("Tx",
                            "A segment sent by this socket",
                            MakeTraceSourceAccessor(&SynFinSocket::m_txTrace),
                            "ns3::TcpSocketBase::TcpTxRxTracedCallback")
            .AddTraceSource("Rx",
                            "A segment received by this socket",
                            MakeTraceSourceAccessor(&SynFinSocket::m_rxTrace),
                            "ns3::TcpSocketBase::TcpTxRxTracedCallback")
            .AddTraceSource("Retransmit",
                            "A SYN, SYN-ACK, FIN or data retransmission: flags and attempt number",
                            MakeTraceSourceAccessor(&SynFinSocket::m_retransmitTrace),
                            "ns3::SynFinSocket::RetransmitTracedCallback");
    // Stock ns3::TcpSocketBase attribute names, so unmodified ns-3 programs can set them.
    static TypeId withStock = SynFinStockAttributes::AddTo(tid);
    return withStock;
}

SynFinSocket::SynFinSocket()
    : m_state(CLOSED)
{
    NS_LOG_FUNCTION(this);
}

SynFinSocket::SynFinSocket(const SynFinSocket& o)
    : TcpSocket(o),
      m_sndBufSize(o.m_sndBufSize),
      m_rcvBufSize(o.m_rcvBufSize),
      m_segmentSize(o.m_segmentSize),
      m_initialSsThresh(o.m_initialSsThresh),
      m_initialCwnd(o.m_initialCwnd),
      m_connTimeout(o.m_connTimeout),
      m_synRetries(o.m_synRetries),
      m_synAckRetries(o.m_synAckRetries),
      m_dataRetries(o.m_dataRetries),
      m_delAckTimeout(o.m_delAckTimeout),
      m_delAckMaxCount(o.m_delAckMaxCount),
      m_noDelay(o.m_noDelay),
      m_persistTimeout(o.m_persistTimeout),
      m_msl(o.m_msl),
      m_finWait2Timeout(o.m_finWait2Timeout),
      m_initialRto(o.m_initialRto),
      m_minRto(o.m_minRto),
      m_maxRto(o.m_maxRto),
      m_synBacklog(o.m_synBacklog),
      m_twRstPolicy(o.m_twRstPolicy),
      m_twSynPolicy(o.m_twSynPolicy),
      m_lingerZero(o.m_lingerZero),
      m_manualAccept(o.m_manualAccept),
      m_acceptBacklog(o.m_acceptBacklog),
      m_invalidAckRateLimit(o.m_invalidAckRateLimit),
      m_reuseAddress(o.m_reuseAddress),
      m_reTxThreshold(o.m_reTxThreshold),
      m_clockGranularity(o.m_clockGranularity),
      m_stock(o.m_stock),
      m_node(o.m_node),
      m_tcp(o.m_tcp),
      m_tuple(o.m_tuple),
      m_state(o.m_state.Get())
{
    NS_LOG_FUNCTION(this);
    // Callbacks set on the listener (Socket's members) are inherited through TcpSocket(o),
    // which is how an ns-3 listener's close and receive callbacks reach its children.
    m_rto.SetClockGranularity(m_clockGranularity);
}

SynFinSocket::~SynFinSocket()
{
    NS_LOG_FUNCTION(this);
    if (m_inTimeWaitTable && m_tcp)
    {
        m_tcp->GetTimeWaitTable().DetachOwner(m_tuple, this);
    }
}

void
SynFinSocket::DoDispose()
{
    NS_LOG_FUNCTION(this);
    CancelTimers();
    if (m_tcp)
    {
        if (m_inTimeWaitTable)
        {
            m_tcp->GetTimeWaitTable().DetachOwner(m_tuple, this);
            m_inTimeWaitTable = false;
        }
        Release();
    }
    m_listener = nullptr;
    m_acceptQueue.clear();
    m_tcp = nullptr;
    m_node = nullptr;
    TcpSocket::DoDispose();
}

void
SynFinSocket::NotifyConstructionCompleted()
{
    NS_LOG_FUNCTION(this);
    TcpSocket::NotifyConstructionCompleted();
    // SynFinSocket is no TcpSocketBase, so Config::SetDefault("ns3::TcpSocketBase::X")
    // reaches it only through this copy.
    SynFinStockAttributes::ApplyStockDefaults(*this);
}

void
SynFinSocket::SetProtocol(Ptr<Node> node, Ptr<SynFinL4Protocol> tcp)
{
    m_node = node;
    m_tcp = tcp;
}

// ---------------------------------------------------------------------------------------------
// The table in action

SynFinDefault
SynFinSocket::Apply(SynFinEvent event, uint8_t flags)
{
    const SynFinTransition& t = SynFinStateMachine::Lookup(m_state, event);
    if (t.outcome != SynFinDefault::NONE)
    {
        NS_LOG_LOGIC("no row for " << SynFinStateMachine::StateName(m_state) << " + " << event
                                   << ": " << SynFinStateMachine::ResponseName(t.response));
        Respond(t.response);
        return t.outcome;
    }
    SynFinState from = m_state;
    if (t.next != from)
    {
        NS_LOG_INFO(SynFinStateMachine::StateName(from)
                    << " -> " << SynFinStateMachine::StateName(t.next) << " on " << event);
        m_state = t.next;
        SynFinStateChange change;
        change.connectionId = m_connId;
        change.nodeId = m_node ? m_node->GetId() : 0;
        change.tuple = m_tuple;
        change.from = from;
        change.to = t.next;
        change.cause = event;
        change.segmentFlags = flags;
        change.passive = m_passive;
        change.time = Simulator::Now();
        m_stateChangeTrace(change);
        if (m_tcp)
        {
            m_tcp->NotifyStateChange(change);
        }
    }
    RunActions(t.actions, from);
    Respond(t.response);
    return SynFinDefault::NONE;
}

void
SynFinSocket::Respond(SynFinResponse response)
{
    switch (response)
    {
    case SynFinResponse::NONE:
        return;
    case SynFinResponse::ACK:
        SendAck();
        return;
    case SynFinResponse::CHALLENGE_ACK:
        SendChallengeAck();
        return;
    case SynFinResponse::SYN_ACK:
        SendControl(TcpHeader::SYN | TcpHeader::ACK, m_iss);
        return;
    case SynFinResponse::RST:
        SendResetForSegment();
        return;
    }
}

void
SynFinSocket::SendResetForSegment()
{
    if (!m_inbound.header)
    {
        return;
    }
    const TcpHeader& in = *m_inbound.header;
    uint8_t flags = in.GetFlags();
    if (flags & TcpHeader::RST)
    {
        return; // never answer a RST (RFC 9293 3.10.7.1)
    }
    TcpHeader rst;
    rst.SetSourcePort(in.GetDestinationPort());
    rst.SetDestinationPort(in.GetSourcePort());
    if (flags & TcpHeader::ACK)
    {
        rst.SetSequenceNumber(in.GetAckNumber()); // <SEQ=SEG.ACK><CTL=RST>
        rst.SetFlags(TcpHeader::RST);
    }
    else
    {
        // <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
        uint32_t segLen = m_inbound.payload + ((flags & TcpHeader::SYN) ? 1 : 0) +
                          ((flags & TcpHeader::FIN) ? 1 : 0);
        rst.SetSequenceNumber(SequenceNumber32(0));
        rst.SetAckNumber(in.GetSequenceNumber() + segLen);
        rst.SetFlags(TcpHeader::RST | TcpHeader::ACK);
    }
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, rst, this);
    m_tcp->SendSegment(p, rst, m_inbound.destination, m_inbound.source);
}

void
SynFinSocket::RunActions(uint16_t actions, SynFinState from)
{
    if (actions & ACTION_SEND_SYN)
    {
        m_retries = 0;
        m_rto.Reset(m_connTimeout, m_connTimeout, m_maxRto);
        SendControl(TcpHeader::SYN, m_iss);
        RestartRetransmit();
    }
    if (actions & ACTION_SEND_SYN_ACK)
    {
        m_retries = 0;
        m_rto.Reset(m_connTimeout, m_connTimeout, m_maxRto);
        SendControl(TcpHeader::SYN | TcpHeader::ACK, m_iss);
        RestartRetransmit();
    }
    if (actions & ACTION_STOP_RETRANSMIT)
    {
        m_retxEvent.Cancel();
        if (from == SYN_SENT || from == SYN_RCVD)
        {
            // RFC 6298 (5.7): after a retransmitted SYN or SYN-ACK the RTO for data starts at
            // 3 s; otherwise at the configured initial value.
            Time initial = m_retries > 0 ? std::max(m_initialRto, Seconds(3)) : m_initialRto;
            m_rto.Reset(initial, m_minRto, m_maxRto);
            if (!m_handshakeRtt.IsNegative())
            {
                m_rto.AddSample(m_handshakeRtt);
            }
            // RFC 5681 3.1: the initial window counts segments of the effective MSS, and is
            // one segment when the SYN or SYN-ACK had to be retransmitted.
            uint32_t smss = EffectiveMss();
            m_cc.SetSmss(smss);
            m_cc.SetWindow((m_retries > 0 ? 1 : m_initialCwnd) * smss);
        }
        m_retries = 0;
    }
    if (actions & ACTION_SEND_ACK)
    {
        SendAck();
    }
    if (actions & ACTION_SEND_FIN)
    {
        m_finPending = true;
        SendPending();
    }
    if (actions & ACTION_SEND_RST)
    {
        SendRst();
    }
    if (actions & ACTION_NOTIFY_ESTABLISHED)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
        }
        m_connectNotified = true;
        if (m_passive && m_listener && m_listener->m_manualAccept)
        {
            // Pull model: wait in the listener's accept queue; the listener turns readable.
            Ptr<SynFinSocket> listener = m_listener;
            m_listener = nullptr;
            listener->m_acceptQueue.push_back(this);
            listener->NotifyDataRecv();
        }
        else if (m_passive)
        {
            Ptr<SynFinSocket> self(this);
            m_listener = nullptr;
            NotifyNewConnectionCreated(self,
                                       InetSocketAddress(m_tuple.remoteAddress, m_tuple.remotePort));
            if (GetTxAvailable() > 0)
            {
                NotifySend(GetTxAvailable()); // as stock: the new socket may send at once
            }
        }
        else
        {
            // Stock ns-3 reports success from a zero-delay event, after the ACK is sent.
            Simulator::ScheduleNow(&SynFinSocket::FireConnectionSucceeded, Ptr<SynFinSocket>(this));
        }
        SendPending();
    }
    if (actions & ACTION_NOTIFY_PEER_CLOSED)
    {
        if (!m_closeNotified)
        {
            m_closeNotified = true;
            NotifyNormalClose();
        }
    }
    if (actions & ACTION_ARM_FIN_WAIT_2)
    {
        // Only an orphan (fully closed by the application) is timed out in FIN-WAIT-2;
        // a half-closed socket may wait for the peer indefinitely, as in Linux.
        if (m_closeCalled && !m_finWait2Timeout.IsZero())
        {
            m_finWait2Event =
                Simulator::Schedule(m_finWait2Timeout, &SynFinSocket::FinWait2Timeout, this);
        }
    }
    if (actions & ACTION_NOTIFY_CLOSED)
    {
        if (!m_closeNotified)
        {
            m_closeNotified = true;
            NotifyNormalClose();
        }
    }
    if (actions & ACTION_NOTIFY_ERROR)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
            m_listener = nullptr;
        }
        if (!m_passive && !m_connectNotified)
        {
            // Never connected (SYN-SENT, or SYN-RECEIVED of a simultaneous open): to the
            // application this is a failed connect, not the close of a connection.
            NotifyConnectionFailed();
        }
        else if (!m_errorNotified && (!m_passive || m_connectNotified))
        {
            // A child that never reached the application fails silently. A normal close
            // reported earlier (the peer's FIN, in CLOSE-WAIT) does not hide a later failure
            // of our own FIN or data: stock ns-3 reports that too (LastAckTimeout, ReTxTimeout).
            NotifyErrorClose();
        }
        m_errorNotified = true;
        m_closeNotified = true;
    }
    if (actions & ACTION_ENTER_TIME_WAIT)
    {
        HandOffToTimeWait();
    }
    if (actions & ACTION_RELEASE)
    {
        if (m_listener)
        {
            m_listener->ChildLeftSynQueue(this);
            m_listener = nullptr;
        }
        CancelTimers();
        if (from == LISTEN)
        {
            CloseChildren();
        }
        Release();
    }
}

void
SynFinSocket::FireConnectionSucceeded()
{
    if (m_state == CLOSED)
    {
        return;
    }
    NotifyConnectionSucceeded();
    if (GetTxAvailable() > 0)
    {
        NotifySend(GetTxAvailable());
    }
}

// ---------------------------------------------------------------------------------------------
// Application calls (RFC 9293 section 3.10.1 - 3.10.6)

int
SynFinSocket::Bind()
{
    NS_LOG_FUNCTION(this);
    return Bind(InetSocketAddress(Ipv4Address::GetAny(), 0));
}

int
SynFinSocket::Bind6()
{
    m_errno = ERROR_AFNOSUPPORT; // IPv4 only for now
    return -1;
}

int
SynFinSocket::Bind(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!InetSocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (m_bound || m_state != CLOSED || m_tuple.localPort != 0)
    {
        // Already bound, or a connection (an accepted child holds its listener's port
        // without being bound itself): its local end cannot change (Linux: EINVAL).
        m_errno = ERROR_INVAL;
        return -1;
    }
    InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    uint16_t port = inet.GetPort();
    if (port == 0)
    {
        port = m_tcp->AllocateEphemeralPort();
        if (port == 0)
        {
            m_errno = ERROR_ADDRNOTAVAIL;
            return -1;
        }
    }
    else if (!m_tcp->ReservePort(port, m_reuseAddress))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_tuple.localAddress = inet.GetIpv4();
    m_tuple.localPort = port;
    m_bound = true;
    return 0;
}

int
SynFinSocket::Listen()
{
    NS_LOG_FUNCTION(this);
    if (m_state != CLOSED)
    {
        m_errno = ERROR_INVAL;
        return -1;
    }
    if (!m_bound && Bind() != 0)
    {
        return -1;
    }
    if (!m_tcp->AddListener(m_tuple.localAddress, m_tuple.localPort, this))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_listening = true;
    if (m_connId == 0)
    {
        m_connId = m_tcp->NextConnectionId();
    }
    Apply(SynFinEvent::APP_PASSIVE_OPEN);
    return 0;
}

int
SynFinSocket::Connect(const Address& address)
{
    NS_LOG_FUNCTION(this << address);
    if (!InetSocketAddress::IsMatchingType(address))
    {
        m_errno = ERROR_AFNOSUPPORT;
        return -1;
    }
    if (m_state != CLOSED && m_state != LISTEN)
    {
        m_errno = (m_state == SYN_SENT) ? ERROR_INVAL : ERROR_ISCONN;
        return -1;
    }
    // Without an earlier Bind() the local port is chosen in SetupConnection, once the 4-tuple
    // is known, so that one port serves connections to different peers (Linux's connect()).
    InetSocketAddress inet = InetSocketAddress::ConvertFrom(address);
    bool wasListening = m_listening;
    SynFinFourTuple before = m_tuple;
    if (m_listening)
    {
        m_tcp->RemoveListener(m_tuple.localAddress, m_tuple.localPort, this);
        m_listening = false;
    }
    if (SetupConnection(inet.GetIpv4(), inet.GetPort()) != 0)
    {
        // A failed connect leaves the socket as it was (a listener keeps listening).
        m_tuple = before;
        if (wasListening)
        {
            m_listening = m_tcp->AddListener(m_tuple.localAddress, m_tuple.localPort, this);
        }
        return -1;
    }
    InitSequenceSpace(m_tcp->GenerateIsn(m_tuple));
    Apply(SynFinEvent::APP_ACTIVE_OPEN);
    return 0;
}

int
SynFinSocket::SetupConnection(Ipv4Address peer, uint16_t peerPort)
{
    m_tuple.remoteAddress = peer;
    m_tuple.remotePort = peerPort;
    if (m_tuple.localAddress == Ipv4Address::GetAny())
    {
        // Choose the source address the route would use, as a real stack does.
        Ptr<Ipv4> ipv4 = m_node->GetObject<Ipv4>();
        if (ipv4 && ipv4->GetRoutingProtocol())
        {
            Ipv4Header header;
            header.SetDestination(peer);
            header.SetProtocol(SynFinL4Protocol::PROT_NUMBER);
            Socket::SocketErrno err;
            Ptr<Ipv4Route> route =
                ipv4->GetRoutingProtocol()->RouteOutput(Ptr<Packet>(), header, nullptr, err);
            if (!route)
            {
                m_errno = ERROR_NOROUTETOHOST;
                return -1;
            }
            m_tuple.localAddress = route->GetSource();
        }
    }
    if (!m_bound)
    {
        uint16_t port = m_tcp->AllocateConnectPort(m_tuple);
        if (port == 0)
        {
            m_errno = ERROR_ADDRNOTAVAIL;
            return -1;
        }
        m_tuple.localPort = port;
        m_bound = true;
        m_sharedPort = true;
    }
    if (!m_tcp->AddConnection(m_tuple, this))
    {
        m_errno = ERROR_ADDRINUSE;
        return -1;
    }
    m_registered = true;
    if (m_connId == 0 || m_listening)
    {
        m_connId = m_tcp->NextConnectionId();
    }
    m_tcp->AddSocket(this);
    return 0;
}

void
SynFinSocket::InitSequenceSpace(SequenceNumber32 iss)
{
    m_iss = iss;
    m_sndUna = iss;
    m_sndNxt = iss + 1;
    m_sndMax = iss + 1;
    m_txHead = iss + 1;
    m_highTxMark = iss + 1;
    m_txBuffer = nullptr;
    m_cc.Start(iss, m_segmentSize, m_initialCwnd * m_segmentSize, m_initialSsThresh);
    m_cc.SetDupAckThreshold(m_reTxThreshold);
}

int
SynFinSocket::Send(Ptr<Packet> p, uint32_t flags)
{
    NS_LOG_FUNCTION(this << p << flags);
    if (m_shutdownSend || m_finPending || m_finSent)
    {
        m_errno = ERROR_SHUTDOWN;
        return -1;
    }
    if (!SynFinStateMachine::MayQueueData(m_state))
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    if (p->GetSize() > GetTxAvailable())
    {
        m_errno = ERROR_MSGSIZE;
        return -1;
    }
    if (p->GetSize() == 0)
    {
        return 0;
    }
    if (m_txBuffer)
    {
        m_txBuffer->AddAtEnd(p);
    }
    else
    {
        m_txBuffer = p->Copy();
    }
    SendPending(); // queued until the handshake is done (SendPending asks the state machine)
    return p->GetSize();
}

int
SynFinSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& toAddress)
{
    return Send(p, flags); // connected socket: the address is ignored, as in stock ns-3
}

int
SynFinSocket::Close()
{
    NS_LOG_FUNCTION(this);
    m_closeCalled = true;
    // RFC 9293 3.10.4 and RFC 2525 2.17: closing with unread data aborts the connection.
    if (m_lingerZero || (m_rx.Readable() > 0 && m_state != LISTEN))
    {
        return Abort();
    }
    m_shutdownSend = true;
    m_shutdownRecv = true;
    if (m_state == CLOSED)
    {
        Release(); // never connected: just give the port back
        return 0;
    }
    if (m_state == SYN_SENT || m_state == LISTEN || m_state == TIME_WAIT)
    {
        Apply(SynFinEvent::APP_CLOSE);
        return 0;
    }
    if (m_state == ESTABLISHED || m_state == SYN_RCVD || m_state == CLOSE_WAIT)
    {
        Apply(SynFinEvent::APP_CLOSE);
    }
    else if (m_state == FIN_WAIT_2 && !m_finWait2Event.IsRunning() && !m_finWait2Timeout.IsZero())
    {
        // Half-closed earlier with ShutdownSend(), now orphaned: the orphan timeout applies.
        m_finWait2Event = Simulator::Schedule(m_finWait2Timeout, &SynFinSocket::FinWait2Timeout, this);
    }
    return 0;
}

int
SynFinSocket::ShutdownSend()
{
    NS_LOG_FUNCTION(this);
    m_shutdownSend = true;
    if (m_state == ESTABLISHED || m_state == SYN_RCVD || m_state == CLOSE_WAIT)
    {
        Apply(SynFinEvent::APP_CLOSE);
    }
    return 0;
}

int
SynFinSocket::ShutdownRecv()
{
    NS_LOG_FUNCTION(this);
    m_shutdownRecv = true;
    m_rx.DiscardReadable();
    return 0;
}

int
SynFinSocket::Abort()
{
    NS_LOG_FUNCTION(this);
    if (Apply(SynFinEvent::APP_ABORT) != SynFinDefault::NONE)
    {
        m_errno = ERROR_NOTCONN;
        return -1;
    }
    return 0;
}

uint32_t
SynFinSocket::GetTxAvailable() const
{
    uint32_t used = BytesInTxBuffer();
    return used >= m_sndBufSize ? 0 : m_sndBufSize - used;
}

uint32_t
SynFinSocket::GetRxAvailable() const
{
    return m_rx.Readable();
}

Ptr<Packet>
SynFinSocket::Recv(uint32_t maxSize, uint32_t flags)
{
    NS_LOG_FUNCTION(this << maxSize << flags);
    uint32_t windowBefore = m_rx.Window();
    Ptr<Packet> p = m_rx.Read(maxSize);
    if (!p)
    {
        // As stock ns-3: an empty packet signals end of stream after the peer's FIN.
        return m_peerFinReceived ? Create<Packet>() : nullptr;
    }
    // Window update when reading opens a window that was nearly closed (RFC 9293 3.8.6.2.2).
    if (windowBefore < m_segmentSize && m_rx.Window() >= m_segmentSize &&
        SynFinStateMachine::MayReceive(m_state))
    {
        SendAck();
    }
    return p;
}

Ptr<Packet>
SynFinSocket::RecvFrom(uint32_t maxSize, uint32_t flags, Address& fromAddress)
{
    Ptr<Packet> p = Recv(maxSize, flags);
    if (p)
    {
        fromAddress = InetSocketAddress(m_tuple.remoteAddress, m_tuple.remotePort);
    }
    return p;
}

int
SynFinSocket::GetSockName(Address& address) const
{
    address = InetSocketAddress(m_tuple.localAddress, m_tuple.localPort);
    return 0;
}

int
SynFinSocket::GetPeerName(Address& address) const
{
    if (m_state == CLOSED || m_state == LISTEN)
    {
        const_cast<SynFinSocket*>(this)->m_errno = ERROR_NOTCONN;
        return -1;
    }
    address = InetSocketAddress(m_tuple.remoteAddress, m_tuple.remotePort);
    return 0;
}

bool
SynFinSocket::SetAllowBroadcast(bool allowBroadcast)
{
    return !allowBroadcast; // TCP has no broadcast
}

bool
SynFinSocket::GetAllowBroadcast() const
{
    return false;
}

Socket::SocketErrno
SynFinSocket::GetErrno() const
{
    return m_errno;
}

Socket::SocketType
SynFinSocket::GetSocketType() const
{
    return NS3_SOCK_STREAM;
}

Ptr<Node>
SynFinSocket::GetNode() const
{
    return m_node;
}

SynFinState
SynFinSocket::GetState() const
{
    return m_state;
}

uint64_t
SynFinSocket::GetConnectionId() const
{
    return m_connId;
}

const SynFinFourTuple&
SynFinSocket::GetFourTuple() const
{
    return m_tuple;
}

SequenceNumber32
SynFinSocket::GetIss() const
{
    return m_iss;
}

bool
SynFinSocket::IsPassive() const
{
    return m_passive;
}

// ---------------------------------------------------------------------------------------------
// Segment arrival (RFC 9293 section 3.10.7)

void
SynFinSocket::ProcessSegment(Ptr<Packet> payload,
                             const TcpHeader& h,
                             Ipv4Address source,
                             Ipv4Address destination)
{
    NS_LOG_FUNCTION(this << h);
    Ptr<SynFinSocket> guard(this); // actions may drop the last outside reference
    m_rxTrace(payload, h, this);
    m_inbound = {&h, payload->GetSize(), source, destination};
    switch (m_state)
    {
    case LISTEN:
        ProcessListen(payload, h, source, destination);
        break;
    case SYN_SENT:
        ProcessSynSent(payload, h);
        break;
    case CLOSED:
        break; // a released socket no longer sits in the demux
    default:
        ProcessSynchronized(payload, h);
        break;
    }
    m_inbound = Inbound{};
}

void
SynFinSocket::ProcessListen(Ptr<Packet> payload,
                            const TcpHeader& h,
                            Ipv4Address src,
                            Ipv4Address dst)
{
    uint8_t flags = h.GetFlags();
    if (flags & TcpHeader::RST)
    {
        Apply(SynFinEvent::RCV_RST, flags); // 3.10.7.2 first: ignored
        return;
    }
    if (flags & TcpHeader::ACK)
    {
        Apply(SynFinEvent::RCV_ACK, flags); // 3.10.7.2 second: <SEQ=SEG.ACK><CTL=RST>
        return;
    }
    if (!(flags & TcpHeader::SYN))
    {
        Apply(SynFinEvent::RCV_OTHER, flags); // 3.10.7.2 fourth: anything else is dropped
        return;
    }
    if (m_synQueue.size() >= m_synBacklog)
    {
        NS_LOG_INFO("SYN queue full (" << m_synQueue.size() << "), dropping SYN as Linux does");
        return;
    }
    if (AcceptQueueFull())
    {
        // Linux (tcp_conn_request) drops the SYN while the accept queue is full: a SYN-ACK
        // now would only lead to a handshake that cannot complete.
        NS_LOG_INFO("accept queue full, dropping SYN as Linux does");
        return;
    }
    if (!NotifyConnectionRequest(InetSocketAddress(src, h.GetSourcePort())))
    {
        return;
    }
    ForkChild(h, src, dst);
}

void
SynFinSocket::ForkChild(const TcpHeader& h, Ipv4Address src, Ipv4Address dst)
{
    Ptr<SynFinSocket> child = CopyObject<SynFinSocket>(this);
    child->m_tuple = {dst, src, m_tuple.localPort, h.GetSourcePort()};
    child->m_passive = true;
    child->m_bound = false; // the listener owns the port
    child->m_listener = this;
    child->m_connId = m_tcp->NextConnectionId();
    child->m_rx.Init(h.GetSequenceNumber() + 1, child->m_rcvBufSize);
    if (!m_tcp->AddConnection(child->m_tuple, PeekPointer(child)))
    {
        return;
    }
    child->m_registered = true;
    m_tcp->AddSocket(child);
    m_synQueue.push_back(PeekPointer(child));
    child->m_irs = h.GetSequenceNumber();
    child->ReadMssOption(h);
    child->m_sndWnd = h.GetWindowSize();
    child->InitSequenceSpace(m_tcp->GenerateIsn(child->m_tuple));
    child->Apply(SynFinEvent::RCV_SYN, h.GetFlags());
}

bool
SynFinSocket::AcceptQueueFull() const
{
    return m_manualAccept && m_acceptQueue.size() >= m_acceptBacklog;
}

Ptr<Socket>
SynFinSocket::Accept()
{
    NS_LOG_FUNCTION(this);
    if (m_acceptQueue.empty())
    {
        m_errno = (m_state == LISTEN) ? ERROR_AGAIN : ERROR_INVAL;
        return nullptr;
    }
    Ptr<SynFinSocket> child = m_acceptQueue.front();
    m_acceptQueue.pop_front();
    return child;
}

std::size_t
SynFinSocket::GetAcceptQueueLength() const
{
    return m_acceptQueue.size();
}

std::size_t
SynFinSocket::GetSynQueueLength() const
{
    return m_synQueue.size();
}

void
SynFinSocket::ChildLeftSynQueue(const SynFinSocket* child)
{
    auto it = std::find(m_synQueue.begin(), m_synQueue.end(), child);
    if (it != m_synQueue.end())
    {
        m_synQueue.erase(it);
    }
}

void
SynFinSocket::CloseChildren()
{
    // Half-open children first (they are dropped silently), then the established ones that
    // never reached the application (they are reset), each through the table.
    std::vector<Ptr<SynFinSocket>> halfOpen;
    for (SynFinSocket* child : m_synQueue)
    {
        halfOpen.emplace_back(child);
    }
    m_synQueue.clear();
    for (const Ptr<SynFinSocket>& child : halfOpen)
    {
        child->m_listener = nullptr;
        child->Apply(SynFinEvent::LISTENER_CLOSED);
    }
    std::deque<Ptr<SynFinSocket>> waiting;
    waiting.swap(m_acceptQueue);
    for (const Ptr<SynFinSocket>& child : waiting)
    {
        child->Apply(SynFinEvent::LISTENER_CLOSED);
    }
}

void
SynFinSocket::ProcessSynSent(Ptr<Packet> payload, const TcpHeader& h)
{
    uint8_t flags = h.GetFlags();
    bool ackOk = false;
    if (flags & TcpHeader::ACK)
    {
        // 3.10.7.3 first: SEG.ACK =< ISS or SEG.ACK > SND.NXT is unacceptable.
        SequenceNumber32 ack = h.GetAckNumber();
        if (ack <= m_iss || ack > m_sndNxt)
        {
            Apply((flags & TcpHeader::RST) ? SynFinEvent::RCV_RST_OUT_OF_WINDOW
                                           : SynFinEvent::RCV_ACK_UNACCEPTABLE,
                  flags);
            return;
        }
        ackOk = true;
    }
    if (flags & TcpHeader::RST)
    {
        // 3.10.7.3 second: a RST with an acceptable ACK refuses the connection at once;
        // without an ACK it is dropped.
        m_errno = ERROR_NOTERROR;
        Apply(ackOk ? SynFinEvent::RCV_RST : SynFinEvent::RCV_RST_OUT_OF_WINDOW, flags);
        return;
    }
    if (!(flags & TcpHeader::SYN))
    {
        Apply(SynFinEvent::RCV_OTHER, flags); // 3.10.7.3 fifth: drop
        return;
    }
    m_irs = h.GetSequenceNumber();
    m_rx.Init(m_irs + 1, m_rcvBufSize);
    ReadMssOption(h);
    m_sndWnd = h.GetWindowSize();
    m_sndWl1 = h.GetSequenceNumber();
    m_sndWl2 = h.GetAckNumber();
    m_maxSndWnd = std::max<uint32_t>(m_maxSndWnd, m_sndWnd);
    if (ackOk)
    {
        m_sndUna = h.GetAckNumber();
        Time sample;
        m_handshakeRtt = m_rto.OnAck(h.GetAckNumber(), Simulator::Now(), &sample) ? sample : Time(-1);
        Apply(SynFinEvent::RCV_SYN_ACK, flags);
    }
    else
    {
        Apply(SynFinEvent::RCV_SYN, flags); // simultaneous open (3.10.7.3 fourth, Figure 7)
    }
}

bool
SynFinSocket::IsAcceptable(SequenceNumber32 seq, uint32_t segLen) const
{
    // 3.10.7.4 first check: the four cases of the sequence-number test.
    SequenceNumber32 rcvNxt = m_rx.NextExpected();
    uint32_t wnd = m_rx.Window();
    auto inWindow = [&](SequenceNumber32 s) { return rcvNxt <= s && s < rcvNxt + wnd; };
    if (segLen == 0)
    {
        return wnd == 0 ? seq == rcvNxt : inWindow(seq);
    }
    if (wnd == 0)
    {
        return false;
    }
    return inWindow(seq) || inWindow(seq + segLen - 1);
}

void
SynFinSocket::ProcessSynchronized(Ptr<Packet> payload, const TcpHeader& h)
{
    uint8_t flags = h.GetFlags();
    SequenceNumber32 seq = h.GetSequenceNumber();
    uint32_t size = payload->GetSize();
    uint32_t segLen = size + ((flags & TcpHeader::SYN) ? 1 : 0) + ((flags & TcpHeader::FIN) ? 1 : 0);

    // A retransmitted SYN in SYN-RECEIVED means our SYN-ACK was lost: send it again
    // (the behaviour of Linux and BSD; the peer is still in SYN-SENT).
    if (m_state == SYN_RCVD && (flags & TcpHeader::SYN) &&
        !(flags & (TcpHeader::ACK | TcpHeader::RST)) && seq == m_irs)
    {
        Apply(SynFinEvent::RCV_SYN_AGAIN, flags);
        return;
    }

    if (!IsAcceptable(seq, segLen))
    {
        // "If an incoming segment is not acceptable, an acknowledgment should be sent in
        // reply (unless the RST bit is set)". This is also how a retransmitted SYN-ACK
        // (our final handshake ACK was lost) or a retransmitted FIN gets re-ACKed. Pure
        // ACKs and SYNs are answered at a throttled rate, as Linux does (an ACK war between
        // two confused ends must not run at line rate); data and FINs always are.
        bool mayLoop = (size == 0 && !(flags & TcpHeader::FIN)) || (flags & TcpHeader::SYN);
        Apply((flags & TcpHeader::RST) ? SynFinEvent::RCV_RST_OUT_OF_WINDOW
              : mayLoop                ? SynFinEvent::RCV_OUT_OF_WINDOW_CTL
                                       : SynFinEvent::RCV_OUT_OF_WINDOW,
              flags);
        return;
    }

    // Second check: RST, with RFC 5961 section 3.2's exact-match rule; in the window but not
    // exact draws a challenge ACK.
    if (flags & TcpHeader::RST)
    {
        Apply(seq == m_rx.NextExpected() ? SynFinEvent::RCV_RST : SynFinEvent::RCV_RST_INEXACT,
              flags);
        return;
    }

    // Fourth check: a SYN in the window draws a challenge ACK (RFC 5961 section 4.2).
    if (flags & TcpHeader::SYN)
    {
        Apply(SynFinEvent::RCV_SYN_IN_WINDOW, flags);
        return;
    }

    // Fifth check: no ACK, no processing.
    if (!(flags & TcpHeader::ACK))
    {
        Apply(SynFinEvent::RCV_OTHER, flags);
        return;
    }
    if (!ProcessAck(h, size))
    {
        return;
    }
    ProcessDataAndFin(payload, h);
    AssertSequenceInvariants();
}

bool
SynFinSocket::ProcessAck(const TcpHeader& h, uint32_t payloadSize)
{
    uint8_t flags = h.GetFlags();
    SequenceNumber32 ack = h.GetAckNumber();

    if (m_state == SYN_RCVD)
    {
        if (!(m_sndUna < ack && ack <= m_sndNxt))
        {
            Apply(SynFinEvent::RCV_ACK_UNACCEPTABLE, flags); // <SEQ=SEG.ACK><CTL=RST>
            return false;
        }
        if (m_passive && m_listener && m_listener->AcceptQueueFull())
        {
            // Linux with tcp_abort_on_overflow=0: ignore the handshake's ACK while the accept
            // queue is full; the child stays in SYN-RECEIVED and its SYN-ACK timer retries.
            NS_LOG_INFO("accept queue full, handshake ACK ignored");
            return false;
        }
        m_sndUna = m_iss + 1;
        m_sndWnd = h.GetWindowSize();
        m_maxSndWnd = std::max<uint32_t>(m_maxSndWnd, m_sndWnd);
        m_sndWl1 = h.GetSequenceNumber();
        m_sndWl2 = ack;
        Time sample;
        m_handshakeRtt = m_rto.OnAck(ack, Simulator::Now(), &sample) ? sample : Time(-1);
        Apply(SynFinEvent::RCV_ACK, flags);
        if (m_state != ESTABLISHED)
        {
            return false;
        }
    }

    if (ack > m_sndMax)
    {
        // Acknowledges something not yet sent: ACK and drop (RFC 9293 3.10.7.4, RFC 5961 5.2).
        Apply(SynFinEvent::RCV_ACK_UNACCEPTABLE, flags);
        return false;
    }
    if (ack < m_sndUna && static_cast<uint32_t>(m_sndUna - ack) > m_maxSndWnd)
    {
        // RFC 5961 5.2: older than SND.UNA - MAX.SND.WND, a blind injection: challenge, drop.
        Apply(SynFinEvent::RCV_ACK_TOO_OLD, flags);
        return false;
    }

    bool finAcked = m_finSent && ack > m_finSeq;
    if (ack > m_sndUna)
    {
        uint32_t acked = ack - m_sndUna;
        uint32_t flightBefore = BytesInFlight();
        // Acknowledged data bytes: neither our SYN (still unacknowledged after a Close() in
        // SYN-RECEIVED) nor our FIN occupy a byte of the buffer.
        uint32_t control = ((m_sndUna == m_iss) ? 1 : 0) + (finAcked ? 1 : 0);
        uint32_t dataAcked = std::min<uint32_t>(acked - std::min(acked, control), BytesInTxBuffer());
        if (m_txBuffer && dataAcked > 0)
        {
            m_txBuffer->RemoveAtStart(dataAcked);
            m_txHead += dataAcked;
        }
        if (m_sndUna == m_iss)
        {
            m_txHead = std::max(m_txHead, m_iss + 1);
        }
        m_rto.OnAck(ack, Simulator::Now()); // a sample ends the backoff, nothing else does
        m_retries = 0;
        m_sndUna = ack;
        if (m_sndNxt < m_sndUna)
        {
            m_sndNxt = m_sndUna;
        }
        if (m_cc.OnNewAck(ack, acked, flightBefore) == SynFinCongestion::AckAction::RETRANSMIT_FIRST &&
            m_sndUna < m_sndMax)
        {
            // RFC 6582 3.2 step 4: a partial ACK in recovery resends the next hole at once.
            m_retransmitTrace(TcpHeader::ACK, m_cc.GetDupAcks());
            RetransmitFirst();
        }
        if (m_sndUna == m_sndMax)
        {
            m_retxEvent.Cancel();
        }
        else
        {
            RestartRetransmit();
        }
        if (GetTxAvailable() > 0 && !m_shutdownSend && dataAcked > 0)
        {
            NotifySend(GetTxAvailable());
        }
    }
    else if (ack == m_sndUna && payloadSize == 0 && !(flags & TcpHeader::FIN) &&
             h.GetWindowSize() == m_sndWnd && m_sndWnd != 0 && m_sndMax > m_sndUna)
    {
        // RFC 5681 section 2's duplicate ACK; with a closed window these are the answers to
        // our zero-window probes, not signs of loss.
        if (m_cc.OnDuplicateAck(m_sndUna, m_sndMax, BytesInFlight()))
        {
            m_retransmitTrace(TcpHeader::ACK, m_cc.GetDupAcks());
            RetransmitFirst();
            RestartRetransmit();
        }
    }

    if (h.GetWindowSize() == 0 && ack == m_sndUna)
    {
        // The peer answers our zero-window probes: it is alive, so the probes must go on
        // for as long as it does (RFC 9293 3.8.6.1); they do not count toward DataRetries.
        m_retries = 0;
    }

    // Window update (3.10.7.4): only from an ACK with SND.UNA =< SEG.ACK, and only from a
    // segment no older than the one that last set it (SND.WL1/SND.WL2).
    if (ack >= m_sndUna && (m_sndWl1 < h.GetSequenceNumber() ||
                            (m_sndWl1 == h.GetSequenceNumber() && m_sndWl2 <= ack)))
    {
        m_sndWnd = h.GetWindowSize();
        m_maxSndWnd = std::max(m_maxSndWnd, m_sndWnd);
        m_sndWl1 = h.GetSequenceNumber();
        m_sndWl2 = ack;
    }

    if (finAcked)
    {
        bool finHere = (flags & TcpHeader::FIN) &&
                       h.GetSequenceNumber() + payloadSize == m_rx.NextExpected();
        if (m_state == FIN_WAIT_1 && finHere && payloadSize == 0)
        {
            // Our FIN acknowledged by the peer's FIN: straight to TIME-WAIT (3.10.7.4,
            // FIN-WAIT-1 eighth step "if our FIN has been ACKed (perhaps in this segment)").
            m_rx.SetNextExpected(m_rx.NextExpected() + 1);
            m_peerFinReceived = true;
            Apply(SynFinEvent::RCV_FIN_ACKING_OUR_FIN, flags);
            return false;
        }
        if (m_state == FIN_WAIT_1 || m_state == CLOSING || m_state == LAST_ACK)
        {
            Apply(SynFinEvent::RCV_ACK_OF_FIN, flags);
            if (m_state == TIME_WAIT || m_state == CLOSED)
            {
                return false;
            }
        }
    }
    SendPending();
    return true;
}

void
SynFinSocket::ProcessDataAndFin(Ptr<Packet> payload, const TcpHeader& h)
{
    uint8_t flags = h.GetFlags();
    uint32_t size = payload->GetSize();
    bool receiving = SynFinStateMachine::MayReceive(m_state);

    if (size > 0 && receiving)
    {
        bool wasGap = m_rx.HasGap();
        SequenceNumber32 before = m_rx.NextExpected();
        uint32_t fresh = m_rx.Add(h.GetSequenceNumber(), payload);
        if (m_shutdownRecv)
        {
            m_rx.DiscardReadable();
        }
        bool inOrder = h.GetSequenceNumber() == before && fresh > 0;
        // A FIN right behind this data is acknowledged together with it, by the FIN step
        // (RFC 9293 3.10.7.4, eighth): one ACK for the segment, not two.
        bool finFollows = (flags & TcpHeader::FIN) &&
                          h.GetSequenceNumber() + size == m_rx.NextExpected();
        if (finFollows)
        {
            ++m_pendingAcks;
        }
        else
        {
            // RFC 5681 section 4.2: ACK at once when out of order or when a gap fills.
            // Decided before the application hears of the data, so that a response sent
            // from its receive callback carries the ACK and cancels the delayed one.
            ScheduleAck(!inOrder || wasGap || m_rx.HasGap());
        }
        if (fresh > 0 && !m_shutdownRecv)
        {
            NotifyDataRecv();
        }
        if (m_state == CLOSED)
        {
            return; // the application aborted from its callback
        }
    }

    bool finNow = false;
    if (flags & TcpHeader::FIN)
    {
        SequenceNumber32 finSeq = h.GetSequenceNumber() + size;
        if (finSeq == m_rx.NextExpected())
        {
            finNow = true;
        }
        else if (finSeq > m_rx.NextExpected() && receiving)
        {
            // A FIN beyond a gap is held, like the data before it (3.10.7.4: "segments with
            // higher beginning sequence numbers may be held for later processing"), so that
            // filling the gap closes the stream without waiting for the FIN to be resent.
            m_heldFin = true;
            m_heldFinSeq = finSeq;
            if (size == 0)
            {
                SendAck(); // out of order: duplicate ACK at once (RFC 5681 section 4.2)
            }
        }
    }
    if (!finNow && m_heldFin && receiving && m_rx.NextExpected() == m_heldFinSeq)
    {
        finNow = true;
    }
    if (!finNow)
    {
        return;
    }
    m_heldFin = false;
    if (receiving)
    {
        m_rx.SetNextExpected(m_rx.NextExpected() + 1);
        m_peerFinReceived = true;
        m_delAckEvent.Cancel();
        m_pendingAcks = 0;
    }
    Apply(SynFinEvent::RCV_FIN, flags);
    if (m_peerFinReceived && m_state == CLOSE_WAIT && m_shutdownSend)
    {
        Apply(SynFinEvent::APP_CLOSE); // the application already said it is done sending
    }
}

void
SynFinSocket::ReadMssOption(const TcpHeader& h)
{
    m_peerMss = kDefaultPeerMss; // RFC 9293 3.7.1: the default when the option is absent
    if (h.HasOption(TcpOption::MSS))
    {
        Ptr<const TcpOptionMSS> mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS));
        if (mss && mss->GetMSS() > 0)
        {
            // Linux raises a tiny MSS to tcp_min_snd_mss, so that a peer cannot make us
            // send a flood of near-empty segments.
            m_peerMss = std::max<uint32_t>(mss->GetMSS(), kMinPeerMss);
        }
    }
}

uint32_t
SynFinSocket::EffectiveMss() const
{
    return std::max<uint32_t>(1, std::min(m_segmentSize, m_peerMss));
}

// ---------------------------------------------------------------------------------------------
// Output

uint16_t
SynFinSocket::AdvertisedWindow() const
{
    return static_cast<uint16_t>(std::min<uint32_t>(m_rx.Window(), kMaxUnscaledWindow));
}

void
SynFinSocket::SendControl(uint8_t flags, SequenceNumber32 seq)
{
    TcpHeader h;
    h.SetSourcePort(m_tuple.localPort);
    h.SetDestinationPort(m_tuple.remotePort);
    h.SetSequenceNumber(seq);
    h.SetFlags(flags);
    if (flags & TcpHeader::ACK)
    {
        h.SetAckNumber(m_rx.NextExpected());
    }
    if (!(flags & TcpHeader::RST))
    {
        h.SetWindowSize((flags & TcpHeader::SYN) ? static_cast<uint16_t>(std::min<uint32_t>(
                                                       m_rcvBufSize, kMaxUnscaledWindow))
                                                 : AdvertisedWindow());
    }
    if (flags & TcpHeader::SYN)
    {
        Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
        mss->SetMSS(static_cast<uint16_t>(std::min<uint32_t>(m_segmentSize, kMaxUnscaledWindow)));
        h.AppendOption(mss);
        if (m_retries == 0)
        {
            m_rto.StartTiming(seq, Simulator::Now());
        }
        else
        {
            m_rto.OnRetransmission(seq); // Karn: a repeated SYN gives no sample
        }
    }
    if (flags & TcpHeader::ACK)
    {
        m_delAckEvent.Cancel();
        m_pendingAcks = 0;
    }
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, h, this);
    m_tcp->SendSegment(p, h, m_tuple.localAddress, m_tuple.remoteAddress);
}

void
SynFinSocket::SendAck()
{
    SendControl(TcpHeader::ACK, m_sndNxt);
}

void
SynFinSocket::SendChallengeAck()
{
    Time now = Simulator::Now();
    if (m_challengeAckSent && now - m_lastChallengeAck < m_invalidAckRateLimit)
    {
        NS_LOG_LOGIC("ACK to an invalid segment suppressed (rate limit)");
        return;
    }
    m_challengeAckSent = true;
    m_lastChallengeAck = now;
    SendAck();
}

void
SynFinSocket::SendRst()
{
    // RFC 9293 3.10.5 ABORT: <SEQ=SND.NXT><CTL=RST>
    SendControl(TcpHeader::RST, m_sndNxt);
}

uint32_t
SynFinSocket::BytesInTxBuffer() const
{
    return m_txBuffer ? m_txBuffer->GetSize() : 0;
}

uint32_t
SynFinSocket::BytesInFlight() const
{
    return m_sndMax - m_sndUna;
}

void
SynFinSocket::AssertSequenceInvariants() const
{
    NS_ASSERT_MSG(m_sndUna <= m_sndNxt && m_sndNxt <= m_sndMax,
                  "SND.UNA " << m_sndUna << " SND.NXT " << m_sndNxt << " SND.MAX " << m_sndMax);
    // The buffer starts at SND.UNA, one past it while our SYN is unacknowledged, and one
    // before it (and is empty) once our FIN is.
    NS_ASSERT_MSG(m_txHead == m_sndUna || (m_sndUna == m_iss && m_txHead == m_iss + 1) ||
                      (m_finSent && m_sndUna == m_finSeq + 1 && m_txHead == m_finSeq &&
                       BytesInTxBuffer() == 0),
                  "buffer head " << m_txHead << " against SND.UNA " << m_sndUna);
}

void
SynFinSocket::SendPending()
{
    if (!SynFinStateMachine::MayTransmit(m_state))
    {
        return;
    }
    if (m_sndUna == m_iss && BytesInTxBuffer() > 0)
    {
        // Close() in SYN-RECEIVED with data queued: data and FIN wait until our SYN is
        // acknowledged (RFC 9293 3.10.4: "queue for processing after entering ESTABLISHED").
        return;
    }
    uint32_t mss = EffectiveMss();
    SequenceNumber32 dataEnd = m_txHead + BytesInTxBuffer();
    while (m_sndNxt < dataEnd)
    {
        uint32_t window = std::min(m_sndWnd, m_cc.GetWindow());
        uint32_t inFlight = m_sndNxt - m_sndUna;
        if (inFlight >= window)
        {
            if (m_sndWnd == 0 && inFlight == 0)
            {
                ArmRetransmit(); // zero window: the retransmission timer probes it
            }
            break;
        }
        uint32_t size = std::min({mss, window - inFlight, static_cast<uint32_t>(dataEnd - m_sndNxt)});
        if (size < mss && size < static_cast<uint32_t>(dataEnd - m_sndNxt) && inFlight > 0)
        {
            break; // sender-side silly window avoidance (RFC 9293 3.8.6.2.1)
        }
        bool retransmission = m_sndNxt < m_sndMax;
        if (m_finPending && !m_finSent && m_sndNxt + size == dataEnd)
        {
            // The FIN rides on the last data segment, as in Linux and BSD.
            m_finSeq = dataEnd;
            m_finSent = true;
        }
        bool carriedFin = SendData(m_sndNxt, size, retransmission);
        m_sndNxt += size + (carriedFin ? 1 : 0);
        if (m_sndMax < m_sndNxt)
        {
            m_sndMax = m_sndNxt;
        }
    }
    if (m_finPending && m_sndNxt == dataEnd && (!m_finSent || m_sndNxt == m_finSeq))
    {
        bool retransmission = m_finSent;
        m_finSeq = dataEnd;
        m_finSent = true;
        SendControl(TcpHeader::FIN | TcpHeader::ACK, m_finSeq);
        if (retransmission)
        {
            m_retransmitTrace(TcpHeader::FIN, m_retries);
        }
        m_sndNxt = m_finSeq + 1;
        if (m_sndMax < m_sndNxt)
        {
            m_sndMax = m_sndNxt;
        }
        ArmRetransmit();
    }
}

bool
SynFinSocket::SendData(SequenceNumber32 seq, uint32_t size, bool retransmission)
{
    uint32_t offset = seq - m_txHead;
    NS_ASSERT_MSG(m_txBuffer && offset + size <= BytesInTxBuffer(),
                  "segment [" << seq << ", +" << size << ") outside the buffer at " << m_txHead);
    Ptr<Packet> p = m_txBuffer->CreateFragment(offset, size);
    TcpHeader h;
    h.SetSourcePort(m_tuple.localPort);
    h.SetDestinationPort(m_tuple.remotePort);
    h.SetSequenceNumber(seq);
    h.SetAckNumber(m_rx.NextExpected());
    uint8_t flags = TcpHeader::ACK;
    if (seq + size == m_txHead + BytesInTxBuffer())
    {
        flags |= TcpHeader::PSH;
    }
    bool withFin = m_finSent && seq + size == m_finSeq;
    if (withFin)
    {
        flags |= TcpHeader::FIN;
    }
    h.SetFlags(flags);
    h.SetWindowSize(AdvertisedWindow());
    m_delAckEvent.Cancel();
    m_pendingAcks = 0;
    if (retransmission)
    {
        m_rto.OnRetransmission(seq); // Karn: no sample from retransmitted data
    }
    else
    {
        m_rto.StartTiming(seq, Simulator::Now());
    }
    m_txTrace(p, h, this);
    m_tcp->SendSegment(p, h, m_tuple.localAddress, m_tuple.remoteAddress);
    if (seq + size > m_sndMax)
    {
        m_sndMax = seq + size;
    }
    if (seq + size > m_highTxMark)
    {
        uint32_t fresh = (seq + size) - m_highTxMark;
        m_highTxMark = seq + size;
        Simulator::ScheduleNow(&SynFinSocket::NotifyDataSent, Ptr<SynFinSocket>(this), fresh);
    }
    ArmRetransmit();
    return withFin;
}

SequenceNumber32
SynFinSocket::RetransmitFirst()
{
    SequenceNumber32 dataEnd = m_txHead + BytesInTxBuffer();
    if (m_sndUna < dataEnd)
    {
        uint32_t size = std::min<uint32_t>(EffectiveMss(), dataEnd - m_sndUna);
        bool carriedFin = SendData(m_sndUna, size, true);
        return m_sndUna + size + (carriedFin ? 1 : 0);
    }
    if (m_finSent && m_sndUna == m_finSeq)
    {
        SendControl(TcpHeader::FIN | TcpHeader::ACK, m_finSeq);
        return m_finSeq + 1;
    }
    return m_sndUna;
}

void
SynFinSocket::ScheduleAck(bool immediately)
{
    ++m_pendingAcks;
    if (immediately || m_pendingAcks >= m_delAckMaxCount || m_delAckTimeout.IsZero())
    {
        SendAck();
        return;
    }
    if (!m_delAckEvent.IsRunning())
    {
        m_delAckEvent = Simulator::Schedule(m_delAckTimeout, &SynFinSocket::DelayedAckTimeout, this);
    }
}

// ---------------------------------------------------------------------------------------------
// Timers

void
SynFinSocket::ArmRetransmit()
{
    if (!m_retxEvent.IsRunning())
    {
        m_retxEvent = Simulator::Schedule(m_rto.GetRto(), &SynFinSocket::RetransmitTimeout, this);
    }
}

void
SynFinSocket::RestartRetransmit()
{
    m_retxEvent.Cancel();
    m_retxEvent = Simulator::Schedule(m_rto.GetRto(), &SynFinSocket::RetransmitTimeout, this);
}

void
SynFinSocket::RetransmitTimeout()
{
    NS_LOG_FUNCTION(this << SynFinStateMachine::StateName(m_state) << m_retries);
    Ptr<SynFinSocket> guard(this);
    bool synUnacked = m_sndUna == m_iss; // SYN-SENT, SYN-RECEIVED, or Close() in SYN-RECEIVED
    bool probing = m_sndWnd == 0 && BytesInTxBuffer() > 0 && BytesInFlight() <= 1 && !synUnacked;
    bool outstanding = BytesInFlight() > 0 || synUnacked;
    if (!outstanding && !probing)
    {
        return; // nothing to resend, nothing to probe
    }
    uint32_t limit = m_state == SYN_SENT ? m_synRetries
                     : synUnacked        ? m_synAckRetries
                                         : m_dataRetries;
    if (m_retries >= limit)
    {
        m_errno = ERROR_NOTERROR;
        Apply(SynFinEvent::TIMER_RETRIES_EXHAUSTED);
        return;
    }
    ++m_retries;
    m_rto.Backoff(); // RFC 6298 (5.5); for SYNs this gives RFC 9293 3.8.1's doubling
    m_rto.CancelTiming();
    if (m_state == SYN_SENT)
    {
        m_retransmitTrace(TcpHeader::SYN, m_retries);
        SendControl(TcpHeader::SYN, m_iss);
        RestartRetransmit();
        return;
    }
    if (synUnacked)
    {
        // SYN-RECEIVED, or FIN-WAIT-1 after a Close() there: the SYN is what is unacknowledged.
        m_retransmitTrace(TcpHeader::SYN | TcpHeader::ACK, m_retries);
        SendControl(TcpHeader::SYN | TcpHeader::ACK, m_iss);
        RestartRetransmit();
        return;
    }
    if (probing)
    {
        // Zero-window probe: one byte at SND.UNA, backed off like a retransmission but not
        // a loss (RFC 9293 3.8.6.1; RFC 1122 4.2.2.17): the window is not collapsed.
        SendData(m_sndUna, 1, BytesInFlight() > 0);
        m_sndNxt = std::max(m_sndNxt, m_sndUna + 1);
        m_sndMax = std::max(m_sndMax, m_sndNxt);
        RestartRetransmit();
        return;
    }
    // RFC 5681 section 3.1, equation (4), then go back to SND.UNA.
    m_cc.OnRetransmitTimeout(m_sndMax, BytesInFlight());
    uint8_t what = (m_finSent && m_sndUna == m_finSeq) ? TcpHeader::FIN : TcpHeader::ACK;
    m_retransmitTrace(what, m_retries);
    m_sndNxt = RetransmitFirst();
    RestartRetransmit();
}

void
SynFinSocket::DelayedAckTimeout()
{
    if (m_pendingAcks > 0)
    {
        SendAck();
    }
}

void
SynFinSocket::FinWait2Timeout()
{
    Ptr<SynFinSocket> guard(this);
    Apply(SynFinEvent::TIMER_FIN_WAIT_2);
}

void
SynFinSocket::CancelTimers()
{
    m_retxEvent.Cancel();
    m_delAckEvent.Cancel();
    m_finWait2Event.Cancel();
}

// ---------------------------------------------------------------------------------------------
// Lifecycle

void
SynFinSocket::Release()
{
    if (!m_tcp)
    {
        return;
    }
    if (m_registered)
    {
        m_tcp->RemoveConnection(m_tuple, this);
        m_registered = false;
    }
    if (m_listening)
    {
        m_tcp->RemoveListener(m_tuple.localAddress, m_tuple.localPort, this);
        m_listening = false;
    }
    if (m_bound)
    {
        m_tcp->ReleasePort(m_tuple.localPort, m_sharedPort);
        m_bound = false;
        m_sharedPort = false;
    }
    m_tcp->RemoveSocket(this);
}

void
SynFinSocket::HandOffToTimeWait()
{
    CancelTimers();
    SynFinTimeWaitRecord rec;
    rec.connectionId = m_connId;
    rec.owner = this;
    rec.duration = (m_msl * 2).GetTimeStep();
    rec.sndNxt = m_sndNxt.GetValue();
    rec.rcvNxt = m_rx.NextExpected().GetValue();
    rec.window = AdvertisedWindow();
    rec.rstPolicy = m_twRstPolicy;
    rec.synPolicy = m_twSynPolicy;
    rec.passive = m_passive;
    Ptr<SynFinSocket> guard(this);
    // The record keeps the port reference a bound socket held, so the port is not handed
    // out again while the record lives; the socket keeps nothing of its connection.
    if (m_registered)
    {
        m_tcp->RemoveConnection(m_tuple, this);
        m_registered = false;
    }
    if (m_bound)
    {
        m_tcp->ReleasePort(m_tuple.localPort, m_sharedPort);
        m_bound = false;
        m_sharedPort = false;
    }
    m_txBuffer = nullptr;
    m_inTimeWaitTable = true;
    m_tcp->EnterTimeWait(m_tuple, rec);
    m_tcp->RemoveSocket(this);
}

void
SynFinSocket::TimeWaitEnded(const SynFinStateChange& change)
{
    m_inTimeWaitTable = false;
    // The record already left the demux and gave up its port, and the L4 protocol has
    // reported the change node-wide; what is left is this object's own view of it.
    const SynFinTransition& t = SynFinStateMachine::Lookup(m_state, change.cause);
    if (t.outcome == SynFinDefault::NONE && t.next != m_state)
    {
        m_state = t.next;
        m_stateChangeTrace(change);
    }
}

// ---------------------------------------------------------------------------------------------
// TcpSocket attribute indirection

void
SynFinSocket::SetSndBufSize(uint32_t size)
{
    m_sndBufSize = size;
}

uint32_t
SynFinSocket::GetSndBufSize() const
{
    return m_sndBufSize;
}

void
SynFinSocket::SetRcvBufSize(uint32_t size)
{
    m_rcvBufSize = size;
    m_rx.SetCapacity(size);
}

uint32_t
SynFinSocket::GetRcvBufSize() const
{
    return m_rcvBufSize;
}

void
SynFinSocket::SetSegSize(uint32_t size)
{
    NS_ABORT_MSG_IF(size == 0, "SegmentSize must be positive");
    m_segmentSize = size;
}

uint32_t
SynFinSocket::GetSegSize() const
{
    return m_segmentSize;
}

void
SynFinSocket::SetInitialSSThresh(uint32_t threshold)
{
    m_initialSsThresh = threshold;
}

uint32_t
SynFinSocket::GetInitialSSThresh() const
{
    return m_initialSsThresh;
}

void
SynFinSocket::SetInitialCwnd(uint32_t cwnd)
{
    m_initialCwnd = cwnd;
}

uint32_t
SynFinSocket::GetInitialCwnd() const
{
    return m_initialCwnd;
}

void
SynFinSocket::SetConnTimeout(Time timeout)
{
    m_connTimeout = timeout;
}

Time
SynFinSocket::GetConnTimeout() const
{
    return m_connTimeout;
}

void
SynFinSocket::SetSynRetries(uint32_t count)
{
    m_synRetries = count;
}

uint32_t
SynFinSocket::GetSynRetries() const
{
    return m_synRetries;
}

void
SynFinSocket::SetDataRetries(uint32_t retries)
{
    m_dataRetries = retries;
}

uint32_t
SynFinSocket::GetDataRetries() const
{
    return m_dataRetries;
}

void
SynFinSocket::SetDelAckTimeout(Time timeout)
{
    m_delAckTimeout = timeout;
}

Time
SynFinSocket::GetDelAckTimeout() const
{
    return m_delAckTimeout;
}

void
SynFinSocket::SetDelAckMaxCount(uint32_t count)
{
    m_delAckMaxCount = count;
}

uint32_t
SynFinSocket::GetDelAckMaxCount() const
{
    return m_delAckMaxCount;
}

void
SynFinSocket::SetTcpNoDelay(bool noDelay)
{
    m_noDelay = noDelay;
}

bool
SynFinSocket::GetTcpNoDelay() const
{
    return m_noDelay;
}

void
SynFinSocket::SetPersistTimeout(Time timeout)
{
    m_persistTimeout = timeout;
}

Time
SynFinSocket::GetPersistTimeout() const
{
    return m_persistTimeout;
}

} // namespace ns3
