/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSocket: attributes, application calls (RFC 9293 3.10.1-3.10.6) and the lifecycle of
 * its registrations. Segment arrival, the dispatcher, output and timers have files of their
 * own (synfin-socket-*.cc).
 */

#include "synfin-socket.h"

#include "synfin-constants.h"
#include "synfin-l4-protocol.h"
#include "synfin-ns3-compat.h"

#include "ns3/boolean.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/integer.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/uinteger.h"

#include <algorithm>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSocket");

NS_OBJECT_ENSURE_REGISTERED(SynFinSocket);

namespace
{

/**
 * \brief A trace source of the socket that is one of its TcpSocketState's: connecting to it
 *        connects to the state's trace source of the same name (CongestionWindow, RTT, ...).
 *
 * The state lives as long as the socket, so a connection made once holds for every
 * connection the socket makes, and a socket nobody traces pays nothing (stock connects each
 * socket's state to the socket's own trace sources when it is created).
 */
class SynFinTcbTraceAccessor : public TraceSourceAccessor
{
  public:
    /// \param name the trace source, the same on the socket and on its TcpSocketState
    explicit SynFinTcbTraceAccessor(std::string name)
        : m_name(std::move(name))
    {
    }

    bool ConnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        Ptr<TcpSocketState> tcb = Tcb(obj);
        return tcb && tcb->TraceConnectWithoutContext(m_name, cb);
    }

    bool Connect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        Ptr<TcpSocketState> tcb = Tcb(obj);
        return tcb && tcb->TraceConnect(m_name, context, cb);
    }

    bool DisconnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        Ptr<TcpSocketState> tcb = Tcb(obj);
        return tcb && tcb->TraceDisconnectWithoutContext(m_name, cb);
    }

    bool Disconnect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        Ptr<TcpSocketState> tcb = Tcb(obj);
        return tcb && tcb->TraceDisconnect(m_name, context, cb);
    }

  private:
    /// \return the socket's TcpSocketState, or null if \p obj is no SynFinSocket
    static Ptr<TcpSocketState> Tcb(ObjectBase* obj)
    {
        auto* socket = dynamic_cast<SynFinSocket*>(obj);
        return socket ? ConstCast<TcpSocketState>(socket->GetTcb()) : nullptr;
    }

    std::string m_name; //!< the trace source
};

} // namespace

LogComponent&
SynFinSocket::GetLogComponent()
{
    return g_log;
}

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
                          "Maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 3.4.2) "
                          "unless TimeWaitDuration says otherwise",
                          TimeValue(Seconds(120)),
                          MakeTimeAccessor(&SynFinSocket::m_msl),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("TimeWaitDuration",
                          "How long TIME-WAIT lasts; zero means 2*Msl (RFC 9293 3.4.2). Linux "
                          "fixes it at 60 s whatever the MSL (TCP_TIMEWAIT_LEN)",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinSocket::m_timeWaitDuration),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("SynLinearTimeouts",
                          "SYN retransmissions that are not backed off: the first N+1 SYN "
                          "timeouts all last ConnTimeout, doubling only after them (Linux's "
                          "tcp_syn_linear_timeouts; ConnCount still counts every retransmission)",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SynFinSocket::m_synLinearTimeouts),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QuickAckSegments",
                          "Acknowledge each of the first N data segments of a connection at "
                          "once before the delayed-ACK rules apply (Linux's quick-ACK mode, up "
                          "to 16 segments: TCP_MAX_QUICKACKS); 1, the default, acknowledges "
                          "the first data segment at once, as stock ns-3 does; 0 delays ACKs "
                          "from the first segment (RFC 5681 4.2)",
                          UintegerValue(1),
                          MakeUintegerAccessor(&SynFinSocket::m_quickAckSegments),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("QuickAckOnOutOfOrder",
                          "After out-of-order data, acknowledge the next QuickAckSegments "
                          "segments at once again (Linux); false, the default, goes straight "
                          "back to the delayed-ACK rules, as stock ns-3 does",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_quickAckOnOutOfOrder),
                          MakeBooleanChecker())
            .AddAttribute("DelayFinAck",
                          "A FIN received in ESTABLISHED (alone or with data) is acknowledged "
                          "under the delayed-ACK "
                          "rules, as Linux does, so an application that closes within "
                          "DelAckTimeout sends its FIN on that ACK (a three-segment close); "
                          "false ACKs it at once (RFC 9293 3.10.7.4 as written, FreeBSD: the "
                          "textbook four-segment close)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_delayFinAck),
                          MakeBooleanChecker())
            .AddAttribute("ConnectTimeLimit",
                          "Connect() fails this long after its first SYN even if retries are "
                          "left, also in SYN-RECEIVED after a simultaneous open (FreeBSD's "
                          "net.inet.tcp.keepinit, 75 s); zero: no limit but the retry counts",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinSocket::m_connectTimeLimit),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("ConnectTimeLimitAtTimeout",
                          "How ConnectTimeLimit ends a connect: false, when it expires (a "
                          "timer of its own, FreeBSD's keepinit); true, at the first "
                          "retransmission timeout from then on (Linux's retransmits_timed_out, "
                          "checked only when the timer fires)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_connectTimeLimitAtTimeout),
                          MakeBooleanChecker())
            .AddAttribute("SynSentBadAckRetry",
                          "In SYN-SENT, when a segment with an unacceptable ACK arrives before "
                          "any SYN retransmission, answer it (a RST) and send the SYN again "
                          "after this time rather than at the next timeout; 0 turns it off. "
                          "Linux does, in case the peer still held an old connection that the "
                          "RST has just cleared (net/ipv4/tcp_input.c "
                          "tcp_rcv_synsent_state_process: TCP_TIMEOUT_MIN, two jiffies)",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&SynFinSocket::m_synSentBadAckRetry),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("OptionLayout",
                          "How options sit in a segment: Stock (ns-3's, back to back), Linux "
                          "(tcp_options_write: NOP-aligned, SACK-permitted beside Timestamps) "
                          "or FreeBsd (tcp_addoptions)",
                          EnumValue(OPTION_LAYOUT_STOCK),
                          MakeSynFinEnumAccessor<SynFinOptionLayout>(&SynFinSocket::m_optionLayout),
                          MakeEnumChecker(OPTION_LAYOUT_STOCK,
                                          "Stock",
                                          OPTION_LAYOUT_LINUX,
                                          "Linux",
                                          OPTION_LAYOUT_FREEBSD,
                                          "FreeBsd"))
            .AddAttribute("Variant",
                          "The state table: Standard (RFC 9293) or a what-if variant that is "
                          "deliberately wrong, to measure why TCP is as it is: TwoWayHandshake, "
                          "TwoWayClose, ThreeWayClose, NoTimeWait, FiveWayClose",
                          EnumValue(VARIANT_STANDARD),
                          MakeSynFinEnumAccessor<SynFinVariant>(&SynFinSocket::m_variant),
                          MakeEnumChecker(VARIANT_STANDARD,
                                          "Standard",
                                          VARIANT_TWO_WAY_HANDSHAKE,
                                          "TwoWayHandshake",
                                          VARIANT_TWO_WAY_CLOSE,
                                          "TwoWayClose",
                                          VARIANT_THREE_WAY_CLOSE,
                                          "ThreeWayClose",
                                          VARIANT_NO_TIME_WAIT,
                                          "NoTimeWait",
                                          VARIANT_FIVE_WAY_CLOSE,
                                          "FiveWayClose"))
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
                          "are answered with SYN cookies or dropped, as SynCookies says",
                          UintegerValue(128),
                          MakeUintegerAccessor(&SynFinSocket::m_synBacklog),
                          MakeUintegerChecker<uint32_t>(1))
            .AddAttribute("SynCookies",
                          "When a listener answers a SYN with a SYN cookie and keeps no state "
                          "for it (RFC 4987 section 3.6): Never, WhenFull (the SYN queue is "
                          "full; Linux's default tcp_syncookies=1) or Always",
                          EnumValue(SYN_COOKIES_WHEN_FULL),
                          MakeSynFinEnumAccessor<SynFinSynCookies>(&SynFinSocket::m_synCookies),
                          MakeEnumChecker(SYN_COOKIES_NEVER,
                                          "Never",
                                          SYN_COOKIES_WHEN_FULL,
                                          "WhenFull",
                                          SYN_COOKIES_ALWAYS,
                                          "Always"))
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
            .AddAttribute(
                "TimeWaitRstPolicy",
                "RST in TIME-WAIT: Close (RFC 9293) or Ignore (RFC 1337)",
                EnumValue(SynFinTimeWaitRstPolicy::TW_RST_CLOSE),
                MakeSynFinEnumAccessor<SynFinTimeWaitRstPolicy>(&SynFinSocket::m_twRstPolicy),
                MakeEnumChecker(SynFinTimeWaitRstPolicy::TW_RST_CLOSE,
                                "Close",
                                SynFinTimeWaitRstPolicy::TW_RST_IGNORE,
                                "Ignore"))
            .AddAttribute(
                "TimeWaitSynPolicy",
                "New SYN for a 4-tuple in TIME-WAIT: AcceptIfNewer (RFC 6191) or Reject",
                EnumValue(SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER),
                MakeSynFinEnumAccessor<SynFinTimeWaitSynPolicy>(&SynFinSocket::m_twSynPolicy),
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
            .AddAttribute("WindowScaling",
                          "Offer the Window Scale option in SYNs (RFC 7323 section 2); scaling "
                          "is used when both sides offer it. Stock ns3::TcpSocketBase name and "
                          "default",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinSocket::m_windowScaling),
                          MakeBooleanChecker())
            .AddAttribute("Timestamp",
                          "Offer the Timestamps option in SYNs (RFC 7323 section 3); once both "
                          "sides offered it, every segment carries one, PAWS drops old "
                          "duplicates and TIME-WAIT accepts a newer SYN by it (RFC 6191). Stock "
                          "ns3::TcpSocketBase name and default",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinSocket::m_timestamp),
                          MakeBooleanChecker())
            .AddAttribute("Sack",
                          "Offer SACK-permitted in SYNs (RFC 2018); once both sides offered "
                          "it, ACKs report the data held beyond a gap in SACK blocks. The "
                          "sender does not use the peer's blocks yet. Stock "
                          "ns3::TcpSocketBase name and default",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinSocket::m_sack),
                          MakeBooleanChecker())
            .AddAttribute("Dsack",
                          "With SACK in use, report a segment that arrives again in the first "
                          "SACK block of the ACK it draws (D-SACK, RFC 2883 section 4), so "
                          "that the sender can tell a needless retransmission. Linux, FreeBSD "
                          "and Windows do (true in their profiles); stock ns-3 does not",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_dsack),
                          MakeBooleanChecker())
            .AddAttribute("RstAtFinAccepted",
                          "In CLOSE-WAIT, CLOSING and LAST-ACK, also accept a RST whose sequence "
                          "number is that of the peer's FIN (RCV.NXT - 1), not only one at "
                          "RCV.NXT (RFC 5961 section 3.2). Linux does (net/ipv4/tcp_input.c "
                          "tcp_reset_check; true in the linux profiles)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_rstAtFin),
                          MakeBooleanChecker())
            .AddAttribute("BufferRoundToMss",
                          "Once the peer's MSS is known, round RcvBufSize and SndBufSize up to "
                          "a whole number of segments, as FreeBSD does (sys/netinet/"
                          "tcp_input.c tcp_mss; true in the freebsd profile)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_bufferRoundToMss),
                          MakeBooleanChecker())
            .AddAttribute("RstInWindowResets",
                          "Any RST inside the receive window resets the connection, as before "
                          "RFC 5961 (RFC 793; FreeBSD's net.inet.tcp.insecure_rst=1); false: "
                          "only a RST at RCV.NXT does, one elsewhere in the window draws a "
                          "challenge ACK (RFC 5961 section 3.2)",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SynFinSocket::m_rstInWindowResets),
                          MakeBooleanChecker())
            .AddAttribute("LimitedTransmit",
                          "Send one new segment on each of the first two duplicate ACKs, "
                          "beyond the congestion window but within the peer's (RFC 3042). Stock "
                          "ns3::TcpSocketBase name and default",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinSocket::m_limitedTransmit),
                          MakeBooleanChecker())
            .AddAttribute("NextSegRule3",
                          "In SACK recovery with nothing left unsent, resend the lowest segment "
                          "neither SACKed nor resent yet even when it is not deemed lost "
                          "(RFC 6675 section 4, NextSeg rule 3), as stock ns-3 does; Linux "
                          "does not (false in the linux profiles)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinSocket::m_nextSegRule3),
                          MakeBooleanChecker())
            .AddAttribute("MaxWindowSize",
                          "Largest value written in the 16-bit window field; with window "
                          "scaling the default shift is the smallest that fits RcvBufSize under "
                          "it. Stock ns3::TcpSocketBase name and default",
                          UintegerValue(65535),
                          MakeUintegerAccessor(&SynFinSocket::m_maxWindowSize),
                          MakeUintegerChecker<uint16_t>(1))
            .AddAttribute("WindowScaleShift",
                          "Shift offered in the Window Scale option: -1 takes stock ns-3's, the "
                          "smallest that fits RcvBufSize into MaxWindowSize (2 for 131072 "
                          "bytes); 0 to 14 fix it, as stacks that size it for their largest "
                          "buffer do (Linux 7 with its default tcp_rmem, RFC 7323 2.3)",
                          IntegerValue(-1),
                          MakeIntegerAccessor(&SynFinSocket::m_windowScaleShift),
                          MakeIntegerChecker<int32_t>(-1, SynFinOptions::kMaxWindowShift))
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
                            "ns3::SynFinSocket::RetransmitTracedCallback")
            // The congestion traces of ns3::TcpSocketBase, with its names and signatures.
            .AddTraceSource("CongestionWindow",
                            "The TCP connection's congestion window",
                            Create<SynFinTcbTraceAccessor>("CongestionWindow"),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("CongestionWindowInflated",
                            "The TCP connection's congestion window inflated as in older RFC",
                            Create<SynFinTcbTraceAccessor>("CongestionWindowInflated"),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("SlowStartThreshold",
                            "TCP slow start threshold (bytes)",
                            Create<SynFinTcbTraceAccessor>("SlowStartThreshold"),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("CongState",
                            "TCP Congestion machine state",
                            Create<SynFinTcbTraceAccessor>("CongState"),
                            "ns3::TcpSocketState::TcpCongStatesTracedValueCallback")
            .AddTraceSource("BytesInFlight",
                            "Socket estimation of bytes in flight (RFC 6675 pipe)",
                            Create<SynFinTcbTraceAccessor>("BytesInFlight"),
                            "ns3::TracedValueCallback::Uint32")
            .AddTraceSource("RTT",
                            "Smoothed RTT estimate (as stock hands it to congestion control)",
                            Create<SynFinTcbTraceAccessor>("RTT"),
                            "ns3::TracedValueCallback::Time")
            .AddTraceSource("NextTxSequence",
                            "Next sequence number to send (SND.NXT)",
                            Create<SynFinTcbTraceAccessor>("NextTxSequence"),
                            "ns3::SequenceNumber32TracedValueCallback")
            .AddTraceSource("HighestSequence",
                            "Highest sequence number ever sent in socket's life time",
                            Create<SynFinTcbTraceAccessor>("HighestSequence"),
                            "ns3::TracedValueCallback::SequenceNumber32")
            .AddTraceSource("EcnState",
                            "ECN state of the connection (always disabled: no ECN in synfin)",
                            Create<SynFinTcbTraceAccessor>("EcnState"),
                            "ns3::TcpSocketState::EcnStatesTracedValueCallback")
            .AddTraceSource("PacingRate",
                            "The pacing rate (constant: synfin does not pace)",
                            Create<SynFinTcbTraceAccessor>("PacingRate"),
                            "ns3::TracedValueCallback::DataRate")
            .AddTraceSource("LastRTT",
                            "RTT of the last sample",
                            MakeTraceSourceAccessor(&SynFinSocket::m_lastRttTrace),
                            "ns3::TracedValueCallback::Time")
            .AddTraceSource("RTO",
                            "Retransmission timeout",
                            MakeTraceSourceAccessor(&SynFinSocket::m_rtoTrace),
                            "ns3::TracedValueCallback::Time");
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
      m_timeWaitDuration(o.m_timeWaitDuration),
      m_synLinearTimeouts(o.m_synLinearTimeouts),
      m_delayFinAck(o.m_delayFinAck),
      m_quickAckSegments(o.m_quickAckSegments),
      m_quickAckOnOutOfOrder(o.m_quickAckOnOutOfOrder),
      m_variant(o.m_variant),
      m_optionLayout(o.m_optionLayout),
      m_connectTimeLimit(o.m_connectTimeLimit),
      m_connectTimeLimitAtTimeout(o.m_connectTimeLimitAtTimeout),
      m_synSentBadAckRetry(o.m_synSentBadAckRetry),
      m_finWait2Timeout(o.m_finWait2Timeout),
      m_initialRto(o.m_initialRto),
      m_minRto(o.m_minRto),
      m_maxRto(o.m_maxRto),
      m_synBacklog(o.m_synBacklog),
      m_synCookies(o.m_synCookies),
      m_twRstPolicy(o.m_twRstPolicy),
      m_twSynPolicy(o.m_twSynPolicy),
      m_lingerZero(o.m_lingerZero),
      m_manualAccept(o.m_manualAccept),
      m_acceptBacklog(o.m_acceptBacklog),
      m_invalidAckRateLimit(o.m_invalidAckRateLimit),
      m_reuseAddress(o.m_reuseAddress),
      m_reTxThreshold(o.m_reTxThreshold),
      m_clockGranularity(o.m_clockGranularity),
      m_windowScaling(o.m_windowScaling),
      m_timestamp(o.m_timestamp),
      m_sack(o.m_sack),
      m_dsack(o.m_dsack),
      m_rstAtFin(o.m_rstAtFin),
      m_bufferRoundToMss(o.m_bufferRoundToMss),
      m_rstInWindowResets(o.m_rstInWindowResets),
      m_limitedTransmit(o.m_limitedTransmit),
      m_nextSegRule3(o.m_nextSegRule3),
      m_maxWindowSize(o.m_maxWindowSize),
      m_windowScaleShift(o.m_windowScaleShift),
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
    m_congestionPrototype = o.m_congestionPrototype;
    m_recoveryPrototype = o.m_recoveryPrototype;
}

void
SynFinSocket::SetCongestionControlAlgorithm(Ptr<TcpCongestionOps> algo)
{
    m_congestionPrototype = algo;
}

void
SynFinSocket::SetRecoveryAlgorithm(Ptr<TcpRecoveryOps> recovery)
{
    m_recoveryPrototype = recovery;
}

Ptr<TcpCongestionOps>
SynFinSocket::GetCongestionControl() const
{
    return m_cc.GetCongestionOps();
}

Ptr<const TcpSocketState>
SynFinSocket::GetTcb() const
{
    return m_cc.GetTcb();
}

void
SynFinSocket::UpdateRtoTrace()
{
    Time rto = m_rto.GetRto();
    if (m_rtoTrace.Get() != rto)
    {
        m_rtoTrace = rto;
    }
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
    if (m_connId != 0)
    {
        ForgetEndedConnection();
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
    if (m_state == CLOSED && m_connId != 0)
    {
        ForgetEndedConnection();
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
SynFinSocket::ForgetEndedConnection()
{
    NS_ASSERT(m_state == CLOSED);
    CancelTimers();
    m_connId = 0;
    m_passive = false;
    m_listener = nullptr;
    m_inTimeWaitTable = false;
    m_closeNotified = false;
    m_errorNotified = false;
    m_connectNotified = false;
    m_shutdownSend = false;
    m_shutdownRecv = false;
    m_closeCalled = false;
    m_finPending = false;
    m_finSent = false;
    m_finSeq = SequenceNumber32(0);
    m_sndWnd = 0;
    m_maxSndWnd = 0;
    m_sndWl1 = SequenceNumber32(0);
    m_sndWl2 = SequenceNumber32(0);
    m_peerMss = kSynFinDefaultMss; // RFC 9293 3.7.1
    m_irs = SequenceNumber32(0);
    m_rx.Init(SequenceNumber32(0), m_rcvBufSize);
    m_peerFinReceived = false;
    m_heldFin = false;
    m_heldFinSeq = SequenceNumber32(0);
    m_retries = 0;
    m_handshakeRtt = Time(-1);
    m_challengeAckSent = false;
    m_lastChallengeAck = Time(0);
    m_pendingAcks = 0;
}

void
SynFinSocket::InitSequenceSpace(SequenceNumber32 iss)
{
    m_iss = iss;
    m_sndUna = iss;
    m_sndNxt = iss + 1;
    m_sndMax = iss + 1;
    m_highTxMark = iss + 1;
    m_tx.Init(iss + 1);
    // Each connection gets its own instance of the algorithms, fresh state included.
    Ptr<TcpCongestionOps> congestion = m_congestionPrototype
                                           ? m_congestionPrototype->Fork()
                                           : Ptr<TcpCongestionOps>(CreateObject<TcpNewReno>());
    Ptr<TcpRecoveryOps> recovery = m_recoveryPrototype
                                       ? m_recoveryPrototype->Fork()
                                       : Ptr<TcpRecoveryOps>(CreateObject<TcpClassicRecovery>());
    if (congestion->HasCongControl())
    {
        NS_FATAL_ERROR("synfin: congestion control " << congestion->GetName()
                                                     << " needs delivery-rate samples "
                                                        "(TcpRateOps), which synfin does not "
                                                        "provide; choose one of the window-based "
                                                        "controls (TcpNewReno, TcpCubic, ...)");
    }
    m_cc.SetAlgorithms(congestion, recovery);
    m_cc.Start(iss, m_segmentSize, m_initialCwnd, m_initialSsThresh);
    m_cc.SetDupAckThreshold(m_reTxThreshold);
    m_cc.SetLimitedTransmit(m_limitedTransmit);
    m_cc.SetSack(false); // until both SYNs have offered it
    m_board.Reset(iss + 1);
    m_persistInterval = Time(0);
    m_probesOut = 0;
    m_quickAcks = m_quickAckSegments;
    m_dataReceived = false;
    m_board.SetDupThresh(m_reTxThreshold);
    m_board.SetSmss(m_segmentSize);
    m_options = SynFinOptions();
    m_options.Configure(m_windowScaling,
                        m_windowScaleShift >= 0
                            ? static_cast<uint8_t>(m_windowScaleShift)
                            : SynFinOptions::ShiftFor(m_rcvBufSize, m_maxWindowSize),
                        m_timestamp,
                        m_sack);
    m_options.SetLayout(m_optionLayout);
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
    m_tx.Append(p);
    SendPending(); // queued until the handshake is done (SendPending asks the state machine)
    return p->GetSize();
}

int
SynFinSocket::SendTo(Ptr<Packet> p, uint32_t flags, const Address& /* toAddress */)
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
    else if (m_state == FIN_WAIT_2 && m_finWait2Event.IsExpired() && !m_finWait2Timeout.IsZero())
    {
        // Half-closed earlier with ShutdownSend(), now orphaned: the orphan timeout applies.
        m_finWait2Event =
            Simulator::Schedule(m_finWait2Timeout, &SynFinSocket::FinWait2Timeout, this);
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
    rec.duration = (m_timeWaitDuration.IsZero() ? m_msl * 2 : m_timeWaitDuration).GetTimeStep();
    rec.sndNxt = m_sndNxt.GetValue();
    rec.rcvNxt = m_rx.NextExpected().GetValue();
    rec.window = AdvertisedWindow();
    rec.windowShift = m_options.GetRcvShift();
    rec.timestamps = m_options.UsesTimestamps();
    rec.optionLayout = m_optionLayout;
    rec.tsRecent = m_options.GetTsRecent();
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
    m_tx.Clear();
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
    const SynFinTransition& t = SynFinStateMachine::Lookup(m_state, change.cause, m_variant);
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
