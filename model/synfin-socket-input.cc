/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSocket: segment arrival, section by section of RFC 9293 3.10.7 (LISTEN,
 * SYN-SENT, then the checks of 3.10.7.4 in order), and the listener's queues.
 */

#include "synfin-constants.h"
#include "synfin-header-builder.h"
#include "synfin-l4-protocol.h"
#include "synfin-socket-log.h"
#include "synfin-socket.h"

#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack.h"

#include <algorithm>

namespace ns3
{

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
        if (!(flags & TcpHeader::SYN) && AcceptSynCookie(payload, h, src, dst))
        {
            return;
        }
        Apply(SynFinEvent::RCV_ACK, flags); // 3.10.7.2 second: <SEQ=SEG.ACK><CTL=RST>
        return;
    }
    if (!(flags & TcpHeader::SYN))
    {
        Apply(SynFinEvent::RCV_OTHER, flags); // 3.10.7.2 fourth: anything else is dropped
        return;
    }
    // Linux's tcp_conn_request: a full SYN queue means a cookie or a drop; a full accept
    // queue means a drop either way (a handshake now could not complete).
    bool synQueueFull = m_synQueue.size() >= m_synBacklog;
    bool cookie = m_synCookies == SYN_COOKIES_ALWAYS ||
                  (synQueueFull && m_synCookies == SYN_COOKIES_WHEN_FULL);
    if (synQueueFull && !cookie)
    {
        NS_LOG_INFO("SYN queue full (" << m_synQueue.size() << "), dropping SYN as Linux does");
        ++m_tcp->GetListenCounters().synQueueDrops;
        return;
    }
    if (AcceptQueueFull())
    {
        NS_LOG_INFO("accept queue full, dropping SYN as Linux does");
        ++m_tcp->GetListenCounters().acceptQueueDrops;
        return;
    }
    if (!NotifyConnectionRequest(InetSocketAddress(src, h.GetSourcePort())))
    {
        return;
    }
    if (cookie)
    {
        SendSynCookie(h, src, dst);
        return;
    }
    ForkChild(h, src, dst);
}

Ptr<SynFinSocket>
SynFinSocket::NewChild(const TcpHeader& h, Ipv4Address src, Ipv4Address dst, SequenceNumber32 irs)
{
    Ptr<SynFinSocket> child = CopyObject<SynFinSocket>(this);
    child->m_tuple = {dst, src, m_tuple.localPort, h.GetSourcePort()};
    child->m_passive = true;
    child->m_bound = false; // the listener owns the port
    child->m_listener = this;
    child->m_connId = m_tcp->NextConnectionId();
    child->m_rx.Init(irs + 1, child->m_rcvBufSize);
    if (!m_tcp->AddConnection(child->m_tuple, PeekPointer(child)))
    {
        return nullptr;
    }
    child->m_registered = true;
    m_tcp->AddSocket(child);
    child->m_irs = irs;
    return child;
}

void
SynFinSocket::ForkChild(const TcpHeader& h, Ipv4Address src, Ipv4Address dst)
{
    Ptr<SynFinSocket> child = NewChild(h, src, dst, h.GetSequenceNumber());
    if (!child)
    {
        return;
    }
    m_synQueue.push_back(PeekPointer(child));
    child->InitSequenceSpace(m_tcp->GenerateIsn(child->m_tuple));
    child->ReadSynOptions(h);
    child->m_sndWnd = h.GetWindowSize();  // never scaled in a SYN (RFC 7323 2.2)
    child->m_maxSndWnd = child->m_sndWnd; // RFC 5961's MAX.SND.WND: the SYN's window counts
    child->Apply(SynFinEvent::RCV_SYN, h.GetFlags());
}

void
SynFinSocket::SendSynCookie(const TcpHeader& syn, Ipv4Address src, Ipv4Address dst)
{
    SynFinFourTuple tuple{dst, src, m_tuple.localPort, syn.GetSourcePort()};
    SequenceNumber32 cookie =
        m_tcp->GenerateSynCookie(tuple, syn.GetSequenceNumber(), MssOption(syn));
    // What a child would send (SendControl), with nothing kept: no retransmission either.
    // The cookie has no room for the SYN's other options, so only MSS is offered: as Linux
    // does for a SYN without timestamps, the connection goes without window scaling.
    TcpHeader h = SynFinHeaderBuilder::Segment(tuple,
                                               TcpHeader::SYN | TcpHeader::ACK,
                                               cookie,
                                               syn.GetSequenceNumber() + 1,
                                               SynWindow());
    AppendMssOption(h);
    m_lastSynCookie = Simulator::Now();
    m_tcp->SendSegment(Create<Packet>(), h, dst, src);
}

bool
SynFinSocket::AcceptSynCookie(Ptr<Packet> payload,
                              const TcpHeader& h,
                              Ipv4Address src,
                              Ipv4Address dst)
{
    // Linux (tcp_v4_cookie_check) looks for a cookie in an ACK without SYN or RST, and with
    // tcp_syncookies=1 only while cookies may still be out (tcp_synq_no_recent_overflow).
    if (m_synCookies == SYN_COOKIES_NEVER || (h.GetFlags() & TcpHeader::RST))
    {
        return false;
    }
    Time lifetime = SynFinIsnGenerator::CookieTick() * SynFinIsnGenerator::kCookieMaxAge;
    if (m_synCookies == SYN_COOKIES_WHEN_FULL &&
        (m_lastSynCookie == Time::Min() || Simulator::Now() - m_lastSynCookie > lifetime))
    {
        return false;
    }
    SynFinFourTuple tuple{dst, src, m_tuple.localPort, h.GetSourcePort()};
    SequenceNumber32 irs = h.GetSequenceNumber() - 1;
    std::optional<uint16_t> mss = m_tcp->CheckSynCookie(tuple, irs, h.GetAckNumber() - 1);
    if (!mss)
    {
        return false; // answered as any ACK to a listener: RST
    }
    if (AcceptQueueFull())
    {
        NS_LOG_INFO("accept queue full, dropping the ACK of a SYN cookie as Linux does");
        ++m_tcp->GetListenCounters().acceptQueueDrops;
        return true;
    }
    Ptr<SynFinSocket> child = NewChild(h, src, dst, irs);
    if (!child)
    {
        return true;
    }
    child->m_peerMss = *mss;
    child->m_sndWnd = h.GetWindowSize();
    child->m_maxSndWnd = child->m_sndWnd;
    child->InitSequenceSpace(h.GetAckNumber() - 1);
    child->Apply(SynFinEvent::RCV_COOKIE_ACK, h.GetFlags());
    child->ProcessSegment(payload, h, src, dst); // SYN-RECEIVED: the ACK completes it
    return true;
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

std::vector<Ptr<SynFinSocket>>
SynFinSocket::GetAcceptQueue() const
{
    return {m_acceptQueue.begin(), m_acceptQueue.end()};
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
SynFinSocket::ProcessSynSent(Ptr<Packet> /* payload */, const TcpHeader& h)
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
            if (m_state == SYN_SENT && m_retries == 0 && m_synSentBadAckRetry.IsStrictlyPositive())
            {
                // The peer may still hold an old connection, which our RST has just cleared:
                // try the SYN again soon (Linux's "previous FIN/ACK or RST/ACK might be
                // ignored"). It counts as a retransmission.
                m_retxEvent.Cancel();
                m_retxEvent = Simulator::Schedule(m_synSentBadAckRetry,
                                                  &SynFinSocket::RetransmitTimeout,
                                                  this);
            }
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
    ReadSynOptions(h);
    m_sndWnd = h.GetWindowSize(); // never scaled in a SYN (RFC 7323 2.2)
    m_sndWl1 = h.GetSequenceNumber();
    m_sndWl2 = h.GetAckNumber();
    m_maxSndWnd = std::max<uint32_t>(m_maxSndWnd, m_sndWnd);
    if (ackOk)
    {
        m_sndUna = h.GetAckNumber();
        Time sample;
        m_handshakeRtt =
            m_rto.OnAck(h.GetAckNumber(), Simulator::Now(), &sample) ? sample : Time(-1);
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
    uint32_t segLen =
        size + ((flags & TcpHeader::SYN) ? 1 : 0) + ((flags & TcpHeader::FIN) ? 1 : 0);

    // A retransmitted SYN in SYN-RECEIVED means our SYN-ACK was lost: send it again
    // (the behaviour of Linux and BSD; the peer is still in SYN-SENT).
    if (m_state == SYN_RCVD && (flags & TcpHeader::SYN) &&
        !(flags & (TcpHeader::ACK | TcpHeader::RST)) && seq == m_irs)
    {
        Apply(SynFinEvent::RCV_SYN_AGAIN, flags);
        return;
    }

    // A simultaneous open (RFC 9293 3.5, figure 8): the peer's SYN-ACK acknowledges our SYN
    // and repeats its own SYN, which we already have. It completes the handshake as the ACK
    // in it would. RFC 9293's checks alone would find the SYN outside the window and answer
    // with an ACK, leaving both ends to wait for a retransmission; Linux accepts exactly this
    // segment (tcp_validate_incoming: SYN-RECV, active open, no data, SEG.SEQ + 1 = RCV.NXT,
    // SEG.ACK = SND.NXT).
    if (m_state == SYN_RCVD && !m_passive && (flags & TcpHeader::SYN) && (flags & TcpHeader::ACK) &&
        !(flags & (TcpHeader::FIN | TcpHeader::RST)) && size == 0 &&
        seq + 1 == m_rx.NextExpected() && h.GetAckNumber() == m_sndNxt)
    {
        TcpHeader ack = h;
        ack.SetFlags(flags & ~TcpHeader::SYN);
        ack.SetSequenceNumber(seq + 1);
        // Its SYN is a duplicate: Linux acknowledges it at once, with a D-SACK block for it
        // (tcp_data_queue's old-segment case), unless data sent meanwhile carried the ACK.
        NoteDuplicate(seq, seq + 1);
        ++m_pendingAcks;
        ProcessSynchronized(payload, ack);
        if (m_state == ESTABLISHED && m_pendingAcks > 0)
        {
            SendAck();
        }
        m_pendingDsack.reset();
        return;
    }

    // Timestamps in use (RFC 7323): a segment without one is dropped silently (3.2), one
    // older than TS.Recent is not acceptable (PAWS, 5.3 R1), before the sequence test.
    SynFinOptions::SeenTimestamp seen;
    SynFinOptions::TimestampCheck ts = m_options.Check(h, &seen);
    if (ts == SynFinOptions::TimestampCheck::MISSING)
    {
        NS_LOG_LOGIC("no timestamp although timestamps are in use: dropped");
        return;
    }
    if ((flags & TcpHeader::RST) && m_rstAtFin && seq + 1 == m_rx.NextExpected() &&
        (m_state == CLOSE_WAIT || m_state == CLOSING || m_state == LAST_ACK))
    {
        // Linux (tcp_reset_check) also takes a RST that sits on the peer's FIN: some stacks
        // reset with the FIN's sequence number after sending it.
        Apply(SynFinEvent::RCV_RST, flags);
        return;
    }
    if (ts == SynFinOptions::TimestampCheck::OLD || !IsAcceptable(seq, segLen))
    {
        // "If an incoming segment is not acceptable, an acknowledgment should be sent in
        // reply (unless the RST bit is set)". This is also how a retransmitted SYN-ACK
        // (our final handshake ACK was lost) or a retransmitted FIN gets re-ACKed. Pure
        // ACKs and SYNs are answered at a throttled rate, as Linux does (an ACK war between
        // two confused ends must not run at line rate); data and FINs always are.
        bool mayLoop = (size == 0 && !(flags & TcpHeader::FIN)) || (flags & TcpHeader::SYN);
        // Data or a FIN received before: the ACK reports it in a D-SACK block (RFC 2883
        // section 4.1.1; Linux's tcp_send_dupack). A SYN draws a challenge ACK without one.
        if (!(flags & (TcpHeader::RST | TcpHeader::SYN)) && segLen > 0 && seq < m_rx.NextExpected())
        {
            NoteDuplicate(seq, std::min(seq + segLen, m_rx.NextExpected()));
        }
        Apply((flags & TcpHeader::RST) ? SynFinEvent::RCV_RST_OUT_OF_WINDOW
              : mayLoop                ? SynFinEvent::RCV_OUT_OF_WINDOW_CTL
                                       : SynFinEvent::RCV_OUT_OF_WINDOW,
              flags);
        return;
    }
    m_options.OnAcceptable(seq, seen); // RFC 7323 5.3 R3: TS.Recent

    // Second check: RST, with RFC 5961 section 3.2's exact-match rule; in the window but not
    // exact draws a challenge ACK (unless RstInWindowResets asks for RFC 793's rule).
    if (flags & TcpHeader::RST)
    {
        bool resets = seq == m_rx.NextExpected() || m_rstInWindowResets;
        Apply(resets ? SynFinEvent::RCV_RST : SynFinEvent::RCV_RST_INEXACT, flags);
        return;
    }

    // Fourth check: a SYN in the window draws a challenge ACK (RFC 5961 section 4.2); in a
    // listener's half-open child it ends the child instead (RFC 9293 3.10.7.4).
    if (flags & TcpHeader::SYN)
    {
        Apply(m_state == SYN_RCVD && m_passive ? SynFinEvent::RCV_SYN_HALF_OPEN
                                               : SynFinEvent::RCV_SYN_IN_WINDOW,
              flags);
        return;
    }

    // Fifth check: no ACK, no processing.
    if (!(flags & TcpHeader::ACK))
    {
        Apply(SynFinEvent::RCV_OTHER, flags);
        return;
    }
    if (!ProcessAck(h, size, seen))
    {
        return;
    }
    ProcessDataAndFin(payload, h);
    AssertSequenceInvariants();
}

bool
SynFinSocket::ProcessAck(const TcpHeader& h,
                         uint32_t payloadSize,
                         const SynFinOptions::SeenTimestamp& timestamp)
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
        m_sndWnd = m_options.PeerWindow(h);
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
    if (ack<m_sndUna&& static_cast<uint32_t>(m_sndUna - ack)> m_maxSndWnd)
    {
        // RFC 5961 5.2: older than SND.UNA - MAX.SND.WND, a blind injection: challenge, drop.
        Apply(SynFinEvent::RCV_ACK_TOO_OLD, flags);
        return false;
    }

    bool finAcked = m_finSent && ack > m_finSeq;
    SequenceNumber32 oldUna = m_sndUna;
    // RFC 6675 section 5: the scoreboard takes the SACK blocks and the cumulative ACK first;
    // then the congestion state machine decides.
    SynFinCongestion::AckInfo info;
    info.ack = ack;
    info.oldHead = oldUna;
    info.highTx = m_sndMax;
    // RFC 5681 section 2's duplicate ACK; with a closed window these are the answers to our
    // zero-window probes, not signs of loss.
    info.dupAck = ack == m_sndUna && payloadSize == 0 && !(flags & TcpHeader::FIN) &&
                  m_options.PeerWindow(h) == m_sndWnd && m_sndWnd != 0 && m_sndMax > m_sndUna;
    if (m_cc.SackEnabled() && h.HasOption(TcpOption::SACK))
    {
        Ptr<const TcpOptionSack> sack =
            DynamicCast<const TcpOptionSack>(h.GetOption(TcpOption::SACK));
        info.newlySacked = m_board.OnSackBlocks(sack->GetSackList());
    }
    info.delivered = info.newlySacked;

    if (ack > m_sndUna)
    {
        SequenceNumber32 dataAck = std::min(ack, m_board.HighData());
        info.retransAcked = m_cc.InRecovery() && m_board.IsRetransmittedDataAcked(dataAck);
        info.delivered += m_board.OnCumulativeAck(dataAck);
        uint32_t acked = ack - m_sndUna;
        // Acknowledged data bytes: neither our SYN (still unacknowledged after a Close() in
        // SYN-RECEIVED) nor our FIN occupy a byte of the buffer.
        uint32_t control = ((m_sndUna == m_iss) ? 1 : 0) + (finAcked ? 1 : 0);
        uint32_t dataAcked =
            std::min<uint32_t>(acked - std::min(acked, control), BytesInTxBuffer());
        m_tx.Acknowledge(dataAcked);
        SampleRtt(ack, timestamp);
        m_retries = 0;
        m_sndUna = ack;
        if (m_sndNxt < m_sndUna)
        {
            m_sndNxt = m_sndUna;
        }
        if (GetTxAvailable() > 0 && !m_shutdownSend && dataAcked > 0)
        {
            NotifySend(GetTxAvailable());
        }
    }

    if (ack >= oldUna && (ack > oldUna || info.dupAck || info.newlySacked > 0))
    {
        SynFinCongestion::AckResult result = m_cc.OnAck(info, m_board);
        if (result.retransmit && m_sndUna < m_sndMax)
        {
            m_retransmitTrace(TcpHeader::ACK, std::max<uint32_t>(m_cc.GetDupAcks(), 1));
            RetransmitLost();
        }
        if (ack > oldUna)
        {
            if (m_sndUna == m_sndMax)
            {
                m_retxEvent.Cancel();
            }
            else if (result.restartTimer || m_retxEvent.IsExpired())
            {
                RestartRetransmit();
            }
        }
    }

    if (h.GetWindowSize() == 0 && ack == m_sndUna)
    {
        // The peer answers our zero-window probes: it is alive, so the probes must go on
        // for as long as it does (RFC 9293 3.8.6.1); they do not count toward DataRetries.
        m_retries = 0;
    }
    m_probesOut = 0; // any acceptable ACK answers the probes

    // Window update (3.10.7.4): only from an ACK with SND.UNA =< SEG.ACK, and only from a
    // segment no older than the one that last set it (SND.WL1/SND.WL2).
    if (ack >= m_sndUna && (m_sndWl1 < h.GetSequenceNumber() ||
                            (m_sndWl1 == h.GetSequenceNumber() && m_sndWl2 <= ack)))
    {
        m_sndWnd = m_options.PeerWindow(h);
        m_maxSndWnd = std::max(m_maxSndWnd, m_sndWnd);
        m_sndWl1 = h.GetSequenceNumber();
        m_sndWl2 = ack;
    }
    if (m_sndWnd > 0 && !m_persistInterval.IsZero())
    {
        // The window opened: the probes end, and a probe byte still unacknowledged is
        // covered by the retransmission timer again.
        StopPersist();
        if (BytesInFlight() > 0)
        {
            ArmRetransmit();
        }
    }

    if (finAcked)
    {
        bool finHere =
            (flags & TcpHeader::FIN) && h.GetSequenceNumber() + payloadSize == m_rx.NextExpected();
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
SynFinSocket::SampleRtt(SequenceNumber32 ack, const SynFinOptions::SeenTimestamp& timestamp)
{
    Time sample(-1);
    if (timestamp.present && timestamp.echo != 0)
    {
        // RFC 7323 4.1: every ACK that advances the left edge gives a sample, retransmitted
        // data included (the echo tells which transmission it answers). TSval counts
        // simulated milliseconds, so a sample is exact to the millisecond, as in stock.
        Time sent = MilliSeconds(timestamp.echo);
        if (sent <= Simulator::Now())
        {
            sample = std::max(Simulator::Now() - sent, MicroSeconds(1));
            m_rto.AddSample(sample);
            m_rto.ClearBackoff(); // a sample ends the backoff
            m_rto.CancelTiming();
        }
    }
    Time timed;
    if (sample.IsNegative() && m_rto.OnAck(ack, Simulator::Now(), &timed))
    {
        sample = timed; // a sample ends the backoff
    }
    if (!sample.IsNegative())
    {
        m_cc.OnRttEstimate(m_rto.GetSrtt());
        m_lastRttTrace = sample;
    }
    UpdateRtoTrace();
}

void
SynFinSocket::ProcessDataAndFin(Ptr<Packet> payload, const TcpHeader& h)
{
    uint8_t flags = h.GetFlags();
    uint32_t size = payload->GetSize();
    bool receiving = SynFinStateMachine::MayReceive(m_state);

    // Data beyond RCV.NXT after the application closed, or shut reading down: nobody will
    // read it (Linux tests RCV_SHUTDOWN, which both set).
    if (size > 0 && (m_closeCalled || m_shutdownRecv) &&
        (m_state == FIN_WAIT_1 || m_state == FIN_WAIT_2) &&
        h.GetSequenceNumber() + size > m_rx.NextExpected())
    {
        Apply(SynFinEvent::RCV_DATA_AFTER_CLOSE, flags);
        return;
    }

    if (size > 0 || (flags & TcpHeader::FIN))
    {
        // A D-SACK block reports the segment that drew the ACK, not an earlier one (Linux
        // forgets the last one with every segment that carries data).
        m_pendingDsack.reset();
    }
    SynFinRxBuffer::Block duplicate;
    if (size > 0 && receiving && m_dsack &&
        m_rx.FindDuplicate(h.GetSequenceNumber(), h.GetSequenceNumber() + size, &duplicate))
    {
        NoteDuplicate(duplicate.first, duplicate.second); // RFC 2883 section 4.1.2
    }

    if (size > 0 && receiving)
    {
        m_dataReceived = true;
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
        bool finFollows =
            (flags & TcpHeader::FIN) && h.GetSequenceNumber() + size == m_rx.NextExpected();
        // RFC 5681 section 4.2: ACK at once when out of order or when a gap fills.
        bool ackNow = !inOrder || wasGap || m_rx.HasGap();
        if (ackNow && m_quickAckOnOutOfOrder)
        {
            m_quickAcks = m_quickAckSegments; // Linux: out-of-order data re-enters quick-ACK
        }
        else if (m_quickAcks > 0)
        {
            // Linux's quick-ACK mode: the first segments of a connection are acknowledged
            // at once, so that the sender's slow start is not held back by delayed ACKs.
            --m_quickAcks;
            ackNow = true;
        }
        ++m_pendingAcks;
        // The application hears of the data before the ACK goes, as stock ns-3 orders it:
        // a response sent from its receive callback carries the ACK, and what it read no
        // longer narrows the window the ACK advertises.
        if (fresh > 0 && !m_shutdownRecv)
        {
            NotifyDataRecv();
        }
        if (m_state == CLOSED)
        {
            return; // the application aborted from its callback
        }
        if (!finFollows && m_pendingAcks > 0)
        {
            if (ackNow)
            {
                SendAck();
            }
            else
            {
                AckWhenDue();
            }
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
        if (size == 0)
        {
            ++m_pendingAcks; // a bare FIN is one more segment to acknowledge; data+FIN is
                             // already counted once above. The row's ACK clears the count.
        }
    }
    Apply(SynFinEvent::RCV_FIN, flags);
    if (m_peerFinReceived && m_state == CLOSE_WAIT && m_shutdownSend)
    {
        Apply(SynFinEvent::APP_CLOSE); // the application already said it is done sending
    }
}

uint16_t
SynFinSocket::MssOption(const TcpHeader& h)
{
    if (h.HasOption(TcpOption::MSS))
    {
        Ptr<const TcpOptionMSS> mss = DynamicCast<const TcpOptionMSS>(h.GetOption(TcpOption::MSS));
        if (mss && mss->GetMSS() > 0)
        {
            // Linux raises a tiny MSS to tcp_min_snd_mss, so that a peer cannot make us
            // send a flood of near-empty segments.
            return std::max<uint16_t>(mss->GetMSS(), kSynFinMinSendMss);
        }
    }
    return kSynFinDefaultMss; // RFC 9293 3.7.1: the default when the option is absent
}

void
SynFinSocket::ReadSynOptions(const TcpHeader& h)
{
    m_peerMss = MssOption(h);
    m_options.OnPeerSyn(h);
    if (m_bufferRoundToMss)
    {
        // FreeBSD's tcp_mss: once the MSS is known, both socket buffers grow to a whole
        // number of segments (65536 becomes 65700 with an MSS of 1460).
        uint32_t mss = std::min(m_segmentSize, m_peerMss);
        auto roundUp = [mss](uint32_t bytes) {
            return bytes < mss ? bytes : (bytes + mss - 1) / mss * mss;
        };
        SetRcvBufSize(roundUp(m_rcvBufSize));
        SetSndBufSize(roundUp(m_sndBufSize));
    }
}

uint32_t
SynFinSocket::EffectiveMss() const
{
    // RFC 6691: the MSS counts no options, so the sender takes the bytes of the options it
    // puts in every segment (timestamps) off the payload, as Linux does.
    uint32_t mss = std::min(m_segmentSize, m_peerMss);
    uint32_t options = m_options.SegmentOptionBytes();
    return mss > options ? std::max<uint32_t>(1, mss - options) : 1;
}

} // namespace ns3
