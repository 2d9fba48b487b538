/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSocket: segment output: the ACK, control and data segments, the window to
 * advertise, what the windows allow to send, retransmission of the first segment.
 */

#include "synfin-constants.h"
#include "synfin-header-builder.h"
#include "synfin-l4-protocol.h"
#include "synfin-socket-log.h"
#include "synfin-socket.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"

#include <algorithm>

namespace ns3
{

// ---------------------------------------------------------------------------------------------
// Output

uint16_t
SynFinSocket::AdvertisedWindow() const
{
    return m_options.WindowField(m_rx.Window(), m_maxWindowSize);
}

uint16_t
SynFinSocket::SynWindow() const
{
    return static_cast<uint16_t>(std::min<uint32_t>(m_rcvBufSize, m_maxWindowSize));
}

void
SynFinSocket::SendControl(uint8_t flags, SequenceNumber32 seq)
{
    // A SYN offers the whole buffer: nothing can be waiting in it yet. Its window field is
    // never scaled (RFC 7323 2.2).
    uint16_t window = (flags & TcpHeader::SYN) ? SynWindow() : AdvertisedWindow();
    TcpHeader h = SynFinHeaderBuilder::Segment(m_tuple, flags, seq, m_rx.NextExpected(), window);
    if (!(flags & TcpHeader::SYN))
    {
        AddSegmentOptions(h);
    }
    if (flags & TcpHeader::SYN)
    {
        AppendMssOption(h);
        m_options.AddToSyn(h, !m_passive);
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
        m_options.OnAckSent(m_rx.NextExpected());
    }
    Ptr<Packet> p = Create<Packet>();
    m_txTrace(p, h, this);
    m_tcp->SendSegment(p, h, m_tuple.localAddress, m_tuple.remoteAddress);
}

void
SynFinSocket::AppendMssOption(TcpHeader& h) const
{
    Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
    mss->SetMSS(static_cast<uint16_t>(std::min<uint32_t>(m_segmentSize, kSynFinMaxUnscaledWindow)));
    h.AppendOption(mss);
}

void
SynFinSocket::SendAck()
{
    SendControl(TcpHeader::ACK, m_sndNxt);
}

void
SynFinSocket::NoteDuplicate(SequenceNumber32 seq, SequenceNumber32 end)
{
    if (m_dsack && m_options.UsesSack() && seq < end)
    {
        m_pendingDsack = SynFinRxBuffer::Block{seq, end};
    }
}

void
SynFinSocket::AddSegmentOptions(TcpHeader& h)
{
    bool carriesSack = (h.GetFlags() & TcpHeader::ACK) && !(h.GetFlags() & TcpHeader::RST);
    if (!m_pendingDsack || !carriesSack)
    {
        m_options.AddToSegment(h, m_rx.SackBlocks());
        return;
    }
    // RFC 2883 section 4: the D-SACK block first, then the SACK blocks as usual; it is
    // reported once (Linux clears it when the ACK has gone).
    std::vector<SynFinRxBuffer::Block> blocks;
    blocks.reserve(1 + m_rx.SackBlocks().size());
    blocks.push_back(*m_pendingDsack);
    blocks.insert(blocks.end(), m_rx.SackBlocks().begin(), m_rx.SackBlocks().end());
    m_pendingDsack.reset();
    m_options.AddToSegment(h, blocks);
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
    return m_tx.Size();
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
    NS_ASSERT_MSG(m_tx.Head() == m_sndUna || (m_sndUna == m_iss && m_tx.Head() == m_iss + 1) ||
                      (m_finSent && m_sndUna == m_finSeq + 1 && m_tx.Head() == m_finSeq &&
                       BytesInTxBuffer() == 0),
                  "buffer head " << m_tx.Head() << " against SND.UNA " << m_sndUna);
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
    SequenceNumber32 dataEnd = m_tx.End();
    // RFC 6675 (C): while cwnd - pipe allows, NextSeg() chooses what goes; stock and Linux
    // check only the peer's window for new data, and so does this.
    while (true)
    {
        uint32_t window = std::min(m_sndWnd, m_cc.GetWindow());
        uint32_t pipe = m_board.Pipe();
        uint32_t available = window > pipe ? window - pipe : 0;
        if (available == 0 || !SendNextSegment(available))
        {
            break;
        }
    }
    if (m_sndWnd == 0 && BytesInFlight() == 0 && m_sndNxt < dataEnd)
    {
        ArmPersist(); // zero window: the persist timer probes it (RFC 9293 3.8.6.1)
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
SynFinSocket::SendNextSegment(uint32_t available)
{
    // Rule 1: the lowest segment deemed lost and not yet retransmitted.
    if (const SynFinScoreboard::Segment* lost = m_board.NextLost())
    {
        m_retransmitTrace(TcpHeader::ACK, 1);
        SendData(lost->begin, lost->size, true);
        return true;
    }
    // Rule 2: new data, as far as the peer's window and silly window avoidance allow.
    if (SendNewData(available))
    {
        return true;
    }
    // Rule 3 (RFC 6675 section 4, a SHOULD), as stock ns-3 applies it: in SACK recovery, with
    // nothing left unsent, resend the lowest segment neither SACKed nor resent yet, lost or
    // not. It recovers a lost tail without waiting for the RTO, at the price of copies of
    // segments still in flight. Linux leaves it out (NextSegRule3 false in its profiles).
    if (m_nextSegRule3 && m_cc.SackEnabled() && m_cc.GetState() == TcpSocketState::CA_RECOVERY &&
        !(m_sndNxt < m_tx.End()) && (!m_finPending || m_finSent))
    {
        if (const SynFinScoreboard::Segment* s = m_board.NextUnsacked())
        {
            m_retransmitTrace(TcpHeader::ACK, 1);
            SendData(s->begin, s->size, true);
            return true;
        }
    }
    return false;
}

bool
SynFinSocket::SendNewData(uint32_t available)
{
    uint32_t mss = EffectiveMss();
    SequenceNumber32 dataEnd = m_tx.End();
    SequenceNumber32 next = m_sndNxt;
    if (next < dataEnd)
    {
        uint32_t outstanding = next - m_sndUna;
        uint32_t room = m_sndWnd > outstanding ? m_sndWnd - outstanding : 0;
        uint32_t queued = dataEnd - next;
        uint32_t size = std::min({mss, available, room, queued});
        if (size == 0)
        {
            return false;
        }
        if (size < mss && size < queued && outstanding > 0)
        {
            return false; // sender-side silly window avoidance (RFC 9293 3.8.6.2.1)
        }
        if (!m_noDelay && outstanding > 0 && size < mss)
        {
            return false; // Nagle (RFC 9293 3.7.4): one small segment outstanding at a time
        }
        if (size < mss && outstanding > 0 && !m_finPending)
        {
            // A runt at the end of what the application has written so far, with data in
            // flight: an application writing SegmentSize bytes at a time would otherwise
            // send one after every segment once timestamps take 12 bytes of each. As Linux's
            // autocorking, the runt waits for more data: while the send buffer is full, for
            // the ACK that makes room for the application's next write; otherwise until the
            // end of this instant, so that writes made in the same instant fill it (a delay
            // of zero: it packs a burst of writes, it does not wait for ACKs).
            if (GetTxAvailable() < mss)
            {
                return false;
            }
            if (!m_releasingTail)
            {
                if (m_tailEvent.IsExpired())
                {
                    m_tailEvent = Simulator::ScheduleNow(&SynFinSocket::ReleaseTail, this);
                }
                return false;
            }
        }
        if (m_finPending && !m_finSent && next + size == dataEnd)
        {
            // The FIN rides on the last data segment, as in Linux and BSD.
            m_finSeq = dataEnd;
            m_finSent = true;
        }
        bool carriedFin = SendData(next, size, false);
        m_sndNxt = next + size + (carriedFin ? 1 : 0);
        if (m_sndMax < m_sndNxt)
        {
            m_sndMax = m_sndNxt;
        }
        return true;
    }
    return false;
}

void
SynFinSocket::ReleaseTail()
{
    m_releasingTail = true;
    SendPending();
    m_releasingTail = false;
}

void
SynFinSocket::RetransmitLost()
{
    // Stock's DoRetransmit: the first segment deemed lost, or the head once more.
    const SynFinScoreboard::Segment* lost = m_board.NextLost();
    SequenceNumber32 seq = lost ? lost->begin : m_sndUna;
    uint32_t size = lost ? lost->size : 0;
    if (!lost)
    {
        if (m_board.Segments().empty())
        {
            return;
        }
        size = m_board.Segments().front().size;
        seq = m_board.Segments().front().begin;
    }
    SendData(seq, size, true);
}

bool
SynFinSocket::SendData(SequenceNumber32 seq, uint32_t size, bool retransmission)
{
    Ptr<Packet> p = m_tx.Copy(seq, size);
    uint8_t flags = TcpHeader::ACK;
    if (seq + size == m_tx.End())
    {
        flags |= TcpHeader::PSH;
    }
    bool withFin = m_finSent && seq + size == m_finSeq;
    if (withFin)
    {
        flags |= TcpHeader::FIN;
    }
    TcpHeader h =
        SynFinHeaderBuilder::Segment(m_tuple, flags, seq, m_rx.NextExpected(), AdvertisedWindow());
    AddSegmentOptions(h);
    m_options.OnAckSent(m_rx.NextExpected());
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
    m_cc.BeforeSend(m_board.Pipe());
    m_txTrace(p, h, this);
    m_tcp->SendSegment(p, h, m_tuple.localAddress, m_tuple.remoteAddress);
    m_board.OnSent(seq, size);
    m_cc.AfterSend(seq, size, m_board.Pipe());
    if (seq + size > m_sndMax)
    {
        m_sndMax = seq + size;
    }
    if (seq + size > m_sndNxt)
    {
        m_sndNxt = seq + size;
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

void
SynFinSocket::RetransmitFin()
{
    if (m_finSent && m_sndUna == m_finSeq)
    {
        SendControl(TcpHeader::FIN | TcpHeader::ACK, m_finSeq);
    }
}

void
SynFinSocket::ScheduleAck(bool immediately)
{
    ++m_pendingAcks;
    if (immediately)
    {
        SendAck();
        return;
    }
    AckWhenDue();
}

void
SynFinSocket::AckWhenDue()
{
    if (m_pendingAcks >= m_delAckMaxCount || m_delAckTimeout.IsZero())
    {
        SendAck();
        return;
    }
    if (m_delAckEvent.IsExpired())
    {
        m_delAckEvent =
            Simulator::Schedule(m_delAckTimeout, &SynFinSocket::DelayedAckTimeout, this);
    }
}

} // namespace ns3
