/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSocket: the retransmission (RFC 6298, zero-window probes), delayed-ACK and
 * FIN-WAIT-2 timers.
 */

#include "synfin-constants.h"
#include "synfin-l4-protocol.h"
#include "synfin-socket-log.h"
#include "synfin-socket.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"

#include <algorithm>

namespace ns3
{

// ---------------------------------------------------------------------------------------------
// Timers

void
SynFinSocket::ArmRetransmit()
{
    if (m_retxEvent.IsExpired())
    {
        m_retxEvent = Simulator::Schedule(m_rto.GetRto(), &SynFinSocket::RetransmitTimeout, this);
    }
}

bool
SynFinSocket::ConnectTimeLimited() const
{
    // FreeBSD's keepinit covers the whole establishment of a connection we opened: SYN-SENT
    // and, after a simultaneous open, SYN-RECEIVED. A passive child has no connect().
    return m_connectTimeLimit.IsStrictlyPositive() && !m_passive &&
           (m_state == SYN_SENT || m_state == SYN_RCVD);
}

void
SynFinSocket::RestartRetransmit()
{
    m_retxEvent.Cancel();
    Time delay = m_rto.GetRto();
    if (ConnectTimeLimited() && !m_connectTimeLimitAtTimeout)
    {
        // The connect time limit cuts the last wait short (FreeBSD's keepinit); Linux looks
        // at the time only when the timer fires.
        delay = std::min(delay, m_connectStarted + m_connectTimeLimit - Simulator::Now());
    }
    m_retxEvent = Simulator::Schedule(delay, &SynFinSocket::RetransmitTimeout, this);
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
    if (probing)
    {
        // The window closed with the probe byte (or nothing) outstanding: the persist timer
        // probes it, the retransmission timer does not (RFC 9293 3.8.6.1).
        PersistTimeout();
        return;
    }
    uint32_t limit = m_state == SYN_SENT ? m_synRetries
                     : synUnacked        ? m_synAckRetries
                                         : m_dataRetries;
    bool outOfTime =
        ConnectTimeLimited() && Simulator::Now() >= m_connectStarted + m_connectTimeLimit;
    if (m_retries >= limit || outOfTime)
    {
        m_errno = ERROR_NOTERROR;
        Apply(SynFinEvent::TIMER_RETRIES_EXHAUSTED);
        return;
    }
    ++m_retries;
    // RFC 6298 (5.5); for SYNs this gives RFC 9293 3.8.1's doubling, after the first
    // SynLinearTimeouts retransmissions where those are kept at the initial timeout (Linux).
    if (m_state != SYN_SENT || m_retries > m_synLinearTimeouts)
    {
        m_rto.Backoff();
    }
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
    UpdateRtoTrace();
    if (m_board.SentBytes() == 0)
    {
        // Only our FIN is outstanding: send it again.
        m_retransmitTrace(TcpHeader::FIN, m_retries);
        RetransmitFin();
        RestartRetransmit();
        return;
    }
    // RFC 5681 section 3.1, equation (4); RFC 6675 section 5.1: every segment not SACKed
    // is lost, and slow start from one segment resends them in order.
    m_cc.OnRetransmitTimeout(m_board, m_board.HighData());
    m_retransmitTrace(TcpHeader::ACK, m_retries);
    RetransmitLost();
    RestartRetransmit();
}

void
SynFinSocket::ArmPersist()
{
    if (!m_persistEvent.IsExpired())
    {
        return;
    }
    if (m_persistInterval.IsZero())
    {
        m_persistInterval = m_persistTimeout;
    }
    m_persistEvent = Simulator::Schedule(m_persistInterval, &SynFinSocket::PersistTimeout, this);
}

void
SynFinSocket::StopPersist()
{
    m_persistEvent.Cancel();
    m_persistInterval = Time(0);
    m_probesOut = 0;
}

void
SynFinSocket::PersistTimeout()
{
    NS_LOG_FUNCTION(this << m_persistInterval);
    Ptr<SynFinSocket> guard(this);
    SequenceNumber32 dataEnd = m_tx.End();
    bool pending = BytesInFlight() > 0 || m_sndNxt < dataEnd;
    if (!SynFinStateMachine::MayTransmit(m_state) || m_sndWnd != 0 || !pending)
    {
        StopPersist();
        return;
    }
    // Probes the peer leaves unanswered count as retransmissions do (Linux's
    // tcp_probe_timer); answered ones do not: a receiver that stops reading keeps its
    // connection as long as it answers (RFC 9293 3.8.6.1, RFC 1122 4.2.2.17).
    if (m_probesOut >= m_dataRetries)
    {
        m_errno = ERROR_NOTERROR;
        Apply(SynFinEvent::TIMER_RETRIES_EXHAUSTED);
        return;
    }
    ++m_probesOut;
    // One byte: the byte already probing again, or the next new one. It is not a loss:
    // neither cwnd nor the retransmission timer change.
    if (BytesInFlight() > 0)
    {
        SendData(m_sndUna, 1, true);
    }
    else
    {
        SendData(m_sndNxt, 1, false); // moves SND.NXT and the highest sent past it
    }
    m_retxEvent.Cancel();
    if (m_persistInterval.IsZero())
    {
        m_persistInterval = m_persistTimeout; // handed over by the retransmission timer
    }
    m_persistInterval = std::min(m_persistInterval * 2, std::max(m_maxRto, m_persistTimeout));
    m_persistEvent = Simulator::Schedule(m_persistInterval, &SynFinSocket::PersistTimeout, this);
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
    m_tailEvent.Cancel();
    m_persistEvent.Cancel();
    m_delAckEvent.Cancel();
    m_finWait2Event.Cancel();
}

} // namespace ns3
