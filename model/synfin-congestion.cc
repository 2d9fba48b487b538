/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-congestion.h"

#include "ns3/log.h"

#include <algorithm>

#if !defined(SYNFIN_NS3_RECOVERY_OPS_DUP_ACK) || !defined(SYNFIN_NS3_TCB_CWND_LIMITED) ||          \
    !defined(SYNFIN_NS3_TCB_SRTT)
#error "synfin-congestion.cc: the build did not define the SYNFIN_NS3_* probe results"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinCongestion");

namespace
{

/**
 * \return a new TcpSocketState, copied from one made once: building one through the
 *         attribute system costs as much as the rest of a short connection's setup, and
 *         every socket needs one. (Its attributes, pacing, are not modelled by synfin.)
 */
Ptr<TcpSocketState>
NewTcb()
{
    static Ptr<TcpSocketState> prototype = CreateObject<TcpSocketState>();
    return CopyObject<TcpSocketState>(prototype);
}

} // namespace

SynFinCongestion::SynFinCongestion()
    : m_tcb(NewTcb())
{
}

void
SynFinCongestion::SetAlgorithms(Ptr<TcpCongestionOps> congestion, Ptr<TcpRecoveryOps> recovery)
{
    m_congestion = congestion;
    m_recovery = recovery;
}

void
SynFinCongestion::Start(SequenceNumber32 iss,
                        uint32_t smss,
                        uint32_t initialCwnd,
                        uint32_t ssthresh)
{
    NS_ASSERT_MSG(m_congestion && m_recovery, "no congestion control chosen");
    m_tcb->m_segmentSize = std::max<uint32_t>(smss, 1);
    m_tcb->m_initialCWnd = initialCwnd;
    m_tcb->m_initialSsThresh = ssthresh;
    m_tcb->m_cWnd = initialCwnd * m_tcb->m_segmentSize;
    m_tcb->m_cWndInfl = m_tcb->m_cWnd;
    m_tcb->m_ssThresh = ssthresh;
    m_tcb->m_congState = TcpSocketState::CA_OPEN;
    m_tcb->m_bytesInFlight = 0;
    m_tcb->m_minRtt = Time::Max();
    m_tcb->m_lastRtt = Seconds(0);
    // The sequence marks start at the ISN, as stock's start at its ISN (always 0 there):
    // HyStart (TcpCubic) compares them with the ACKs, in serial arithmetic, from Init() on.
    m_tcb->m_highTxMark = iss + 1;
    m_tcb->m_nextTxSequence = iss + 1;
    m_tcb->m_lastAckedSeq = iss;
    m_dupAcks = 0;
    m_recover = iss + 1;
    m_recoverActive = false;
    m_firstPartialAck = true;
    m_bytesAckedNotCounted = 0;
    m_congestion->Init(m_tcb);
}

void
SynFinCongestion::SetSmss(uint32_t smss)
{
    m_tcb->m_segmentSize = std::max<uint32_t>(smss, 1);
}

void
SynFinCongestion::SetDupAckThreshold(uint32_t threshold)
{
    m_dupAckThreshold = std::max<uint32_t>(threshold, 1);
}

void
SynFinCongestion::SetSack(bool on)
{
    m_sack = on;
}

void
SynFinCongestion::SetLimitedTransmit(bool on)
{
    m_limitedTransmit = on;
}

void
SynFinCongestion::SetWindow(uint32_t bytes)
{
    m_tcb->m_cWnd = bytes;
    m_tcb->m_cWndInfl = bytes;
}

void
SynFinCongestion::SetState(TcpSocketState::TcpCongState_t state)
{
    m_congestion->CongestionStateSet(m_tcb, state);
    m_tcb->m_congState = state;
}

void
SynFinCongestion::DoRecovery(uint32_t delivered, bool isDupAck)
{
    if (m_congestion->HasCongControl())
    {
        return;
    }
#if SYNFIN_NS3_RECOVERY_OPS_DUP_ACK
    m_recovery->DoRecovery(m_tcb, delivered, isDupAck);
#else
    (void)isDupAck;
    m_recovery->DoRecovery(m_tcb, delivered);
#endif
}

void
SynFinCongestion::EnterRecovery(const AckInfo& info, SynFinScoreboard& board, AckResult* result)
{
    uint32_t smss = m_tcb->m_segmentSize;
    if (!m_sack)
    {
        // One more segment has left the network, and the head is taken as lost.
        board.AddRenoSack();
        board.MarkHeadLost();
    }
    else if (!board.IsLost(info.oldHead))
    {
        // DupThresh duplicate ACKs, but fewer SACKed segments above the head.
        board.MarkHeadLost();
    }
    // RFC 6675 (4.1): RecoveryPoint = HighData.
    m_recover = info.highTx;
    m_recoverActive = true;
    SetState(TcpSocketState::CA_RECOVERY);
    // (4.2) ssthresh from the flight size. Without SACK the lost head still counts, as in
    // stock, which keeps the window of old ns-3 releases.
    uint32_t flight = board.Pipe() + (m_sack ? 0 : smss);
    m_tcb->m_bytesInFlight = board.Pipe();
    m_tcb->m_ssThresh = m_congestion->GetSsThresh(m_tcb, flight);
    if (!m_congestion->HasCongControl())
    {
        m_recovery->EnterRecovery(m_tcb,
                                  m_dupAcks,
                                  static_cast<uint32_t>(info.highTx - info.oldHead),
                                  info.delivered);
    }
    NS_LOG_INFO("enter recovery: cwnd " << m_tcb->m_cWnd << " ssthresh " << m_tcb->m_ssThresh
                                        << " recover " << m_recover);
    // (4.3) retransmit the first segment presumed lost.
    result->retransmit = true;
}

void
SynFinCongestion::DupAck(const AckInfo& info, SynFinScoreboard& board, AckResult* result)
{
    TcpSocketState::TcpCongState_t state = m_tcb->m_congState;
    // In CA_LOSS duplicate ACKs may answer spurious retransmissions; they are not counted.
    if (state == TcpSocketState::CA_LOSS)
    {
        return;
    }
    if (state != TcpSocketState::CA_RECOVERY)
    {
        ++m_dupAcks; // RFC 6675 section 5, third paragraph
    }
    if (state == TcpSocketState::CA_OPEN)
    {
        SetState(TcpSocketState::CA_DISORDER);
        state = TcpSocketState::CA_DISORDER;
    }
    if (state == TcpSocketState::CA_RECOVERY)
    {
        if (!m_sack)
        {
            board.AddRenoSack(); // one segment left the network
        }
        m_tcb->m_bytesInFlight = board.Pipe();
        DoRecovery(info.delivered, true);
        return;
    }
    // CA_DISORDER. RFC 6675 (1): DupThresh duplicate ACKs, unless the ACK is still below
    // the point of an earlier congestion event (RFC 6582: no second reduction for one
    // window of losses).
    if (m_dupAcks == m_dupAckThreshold && (info.ack >= m_recover || !m_recoverActive))
    {
        EnterRecovery(info, board, result);
        return;
    }
    // (2) IsLost(HighACK + 1): DupThresh segments SACKed above the cumulative ACK.
    if (m_sack && board.IsLost(info.ack + m_tcb->m_segmentSize))
    {
        EnterRecovery(info, board, result);
        return;
    }
    // (3) Limited transmit (RFC 3042): without SACK, the duplicate ACK stands for a segment
    // that left, which opens the pipe for one new segment; with SACK the SACKed bytes do.
    if (!m_sack && m_limitedTransmit)
    {
        board.AddRenoSack();
    }
}

SynFinCongestion::AckResult
SynFinCongestion::OnAck(const AckInfo& info, SynFinScoreboard& board)
{
    AckResult result;
    uint32_t smss = m_tcb->m_segmentSize;
    uint32_t oldDupAcks = m_dupAcks;
    m_tcb->m_lastAckedSeq = info.ack;
    m_tcb->m_lastAckedSackedBytes = info.delivered;
    m_tcb->m_isRetransDataAcked = info.retransAcked;
    m_tcb->m_bytesInFlight = board.Pipe();

    // RFC 6675 redefines the duplicate ACK as one whose SACK blocks cover new data.
    bool isDupAck = m_sack ? info.newlySacked > 0 : info.dupAck;
    NS_LOG_DEBUG("ack " << info.ack << " una " << info.oldHead << " sacked " << info.newlySacked
                        << " delivered " << info.delivered << " pipe " << board.Pipe() << " cwnd "
                        << m_tcb->m_cWnd << " state "
                        << TcpSocketState::TcpCongStateName[m_tcb->m_congState]);
    if (isDupAck)
    {
        DupAck(info, board, &result);
    }

    if (info.ack == info.oldHead)
    {
        if (info.ack != info.highTx)
        {
            // A duplicate ACK: one segment arrived, as the algorithms count it.
            m_congestion->PktsAcked(m_tcb, 1, m_tcb->m_lastRtt);
        }
        m_tcb->m_isRetransDataAcked = false;
        return result;
    }
    if (info.ack < info.oldHead)
    {
        return result;
    }

    uint32_t bytesAcked = info.ack - info.oldHead;
    uint32_t segsAcked = bytesAcked / smss;
    m_bytesAckedNotCounted += bytesAcked % smss;
    if (m_bytesAckedNotCounted >= smss)
    {
        ++segsAcked;
        m_bytesAckedNotCounted -= smss;
    }
    if (!isDupAck)
    {
        m_dupAcks = 0;
    }

    TcpSocketState::TcpCongState_t state = m_tcb->m_congState;
    if (state == TcpSocketState::CA_RECOVERY && info.ack < m_recover)
    {
        // A partial ACK (RFC 6582 3.2 step 4; RFC 6675 (B)).
        if (!m_sack)
        {
            board.MarkHeadLost();
        }
        m_tcb->m_bytesInFlight = board.Pipe();
        if (segsAcked >= 1)
        {
            DoRecovery(info.delivered, false);
        }
        if (!board.IsRetransmittedDataAcked(info.ack + smss))
        {
            result.retransmit = true;
        }
        m_congestion->PktsAcked(m_tcb, 1, m_tcb->m_lastRtt);
        result.restartTimer = m_firstPartialAck;
        m_firstPartialAck = false;
        m_tcb->m_isRetransDataAcked = false;
        return result;
    }
    if (state == TcpSocketState::CA_LOSS && info.ack < m_recover)
    {
        // After an RTO, below RecoveryPoint: slow start resends what was lost (RFC 6675 5.1
        // forbids a new recovery until HighACK reaches RecoveryPoint).
        m_congestion->PktsAcked(m_tcb, segsAcked, m_tcb->m_lastRtt);
        m_congestion->IncreaseWindow(m_tcb, segsAcked);
        m_tcb->m_isRetransDataAcked = false;
        return result;
    }

    bool exitedRecovery = false;
    if (state == TcpSocketState::CA_OPEN)
    {
        m_congestion->PktsAcked(m_tcb, segsAcked, m_tcb->m_lastRtt);
    }
    else if (state == TcpSocketState::CA_DISORDER)
    {
        if (segsAcked >= oldDupAcks)
        {
            m_congestion->PktsAcked(m_tcb, segsAcked - oldDupAcks, m_tcb->m_lastRtt);
        }
        if (!isDupAck)
        {
            SetState(TcpSocketState::CA_OPEN); // reordering, not loss
        }
    }
    else if (state == TcpSocketState::CA_RECOVERY)
    {
        // RFC 6675 (A): an ACK at or beyond RecoveryPoint ends the recovery.
        m_firstPartialAck = true;
        segsAcked = bytesAcked / smss;
        m_congestion->PktsAcked(m_tcb, segsAcked, m_tcb->m_lastRtt);
        m_congestion->CwndEvent(m_tcb, TcpSocketState::CA_EVENT_COMPLETE_CWR);
        SetState(TcpSocketState::CA_OPEN);
        exitedRecovery = true;
        m_dupAcks = 0;
    }
    else if (state == TcpSocketState::CA_LOSS)
    {
        m_firstPartialAck = true;
        segsAcked = static_cast<uint32_t>(info.ack - m_recover) / smss;
        m_congestion->PktsAcked(m_tcb, segsAcked, m_tcb->m_lastRtt);
        SetState(TcpSocketState::CA_OPEN);
    }
    if (info.ack >= m_recover)
    {
        m_recoverActive = false; // every loss of the event is repaired
    }
    if (exitedRecovery)
    {
        m_tcb->m_cWnd = m_tcb->m_ssThresh.Get();
        m_recovery->ExitRecovery(m_tcb);
    }
    if (m_tcb->m_congState == TcpSocketState::CA_OPEN)
    {
        m_congestion->IncreaseWindow(m_tcb, segsAcked);
        m_tcb->m_cWndInfl = m_tcb->m_cWnd;
    }
    m_tcb->m_isRetransDataAcked = false;
    return result;
}

void
SynFinCongestion::OnRetransmitTimeout(SynFinScoreboard& board, SequenceNumber32 highTx)
{
    uint32_t flightBefore = board.Pipe();
    m_dupAcks = 0;
    if (!m_sack)
    {
        board.ResetRenoSacks();
    }
    // RFC 6675 5.1: after an RTO every un-SACKed segment is resent. Real SACK information
    // is kept (RFC 2018's reneging is not modelled); Reno SACKs were guesses and go.
    board.MarkAllLost(!m_sack);
    m_recover = highTx;
    m_recoverActive = true;
    m_tcb->m_ssThresh = m_congestion->GetSsThresh(m_tcb, flightBefore); // RFC 5681 eq. (4)
    m_congestion->CwndEvent(m_tcb, TcpSocketState::CA_EVENT_LOSS);
    SetState(TcpSocketState::CA_LOSS);
    m_tcb->m_cWnd = m_tcb->m_segmentSize; // the loss window
    m_tcb->m_cWndInfl = m_tcb->m_cWnd;
    m_tcb->m_bytesInFlight = board.Pipe();
}

void
SynFinCongestion::BeforeSend(uint32_t pipe)
{
    if (pipe == 0)
    {
        m_congestion->CwndEvent(m_tcb, TcpSocketState::CA_EVENT_TX_START);
    }
}

void
SynFinCongestion::AfterSend(SequenceNumber32 seq, uint32_t bytes, uint32_t pipe)
{
    m_tcb->m_bytesInFlight = pipe;
    // HyStart (TcpCubic) ends its rounds at the highest sequence number sent.
    m_tcb->m_nextTxSequence = seq + bytes;
    if (m_tcb->m_highTxMark.Get() < seq + bytes)
    {
        m_tcb->m_highTxMark = seq + bytes;
    }
#if SYNFIN_NS3_TCB_CWND_LIMITED
    // Whether the window, not the application, limits sending: controls that follow Linux's
    // tcp_is_cwnd_limited() grow the window only then.
    m_tcb->m_isCwndLimited = m_tcb->m_cWnd < pipe + m_tcb->m_segmentSize;
#endif
    TcpSocketState::TcpCongState_t state = m_tcb->m_congState;
    if (state == TcpSocketState::CA_RECOVERY || state == TcpSocketState::CA_CWR)
    {
        m_recovery->UpdateBytesSent(bytes); // PRR counts what recovery sends
    }
}

void
SynFinCongestion::OnRttEstimate(Time srtt)
{
    // As in stock, the algorithms are handed the smoothed estimate.
    m_tcb->m_lastRtt = srtt;
    m_tcb->m_minRtt = std::min(srtt, m_tcb->m_minRtt);
#if SYNFIN_NS3_TCB_SRTT
    m_tcb->m_srtt = srtt;
#endif
}

uint32_t
SynFinCongestion::GetWindow() const
{
    return m_tcb->m_cWnd;
}

uint32_t
SynFinCongestion::GetSsthresh() const
{
    return m_tcb->m_ssThresh;
}

bool
SynFinCongestion::InRecovery() const
{
    return m_tcb->m_congState == TcpSocketState::CA_RECOVERY;
}

TcpSocketState::TcpCongState_t
SynFinCongestion::GetState() const
{
    return m_tcb->m_congState;
}

uint32_t
SynFinCongestion::GetDupAcks() const
{
    return m_dupAcks;
}

} // namespace ns3
