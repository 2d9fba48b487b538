/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_CONGESTION_H
#define SYNFIN_CONGESTION_H

#include "synfin-scoreboard.h"

#include "ns3/ptr.h"
#include "ns3/sequence-number.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-socket-state.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The sender's congestion state machine, driving ns-3's own congestion control
 *        (TcpCongestionOps: TcpNewReno, TcpCubic, ...) and recovery (TcpRecoveryOps:
 *        TcpClassicRecovery, TcpPrrRecovery) through their public interface.
 *
 * The algorithms read and write a TcpSocketState, as they do under ns-3's TcpSocketBase;
 * this class keeps that state as stock keeps it and calls the algorithms at the same
 * moments, so that the same ACKs give the same windows. Its states are Linux's and stock's
 * (CA_OPEN, CA_DISORDER, CA_RECOVERY, CA_LOSS). Loss detection and retransmission order
 * follow RFC 6675 with the scoreboard (SynFinScoreboard) when SACK is in use, and
 * RFC 5681 / RFC 6582 (NewReno partial ACKs) without it, where the scoreboard counts one
 * "Reno SACK" per duplicate ACK. Limited transmit (RFC 3042) falls out of the pipe
 * arithmetic: a duplicate ACK takes a segment out of the pipe, which lets one new segment go.
 *
 * Every size is in bytes; SMSS is the connection's effective MSS.
 */
class SynFinCongestion
{
  public:
    /// RFC 5681 3.2: the third duplicate ACK signals a loss (ns-3's ReTxThreshold).
    static constexpr uint32_t kDefaultDupAckThreshold = 3;

    /// What one ACK asks of the socket.
    struct AckResult
    {
        bool retransmit{false};  //!< retransmit the next lost segment now (fast retransmit)
        bool restartTimer{true}; //!< restart the retransmission timer (false: RFC 6582's
                                 //!< "impatient" partial ACKs after the first)
    };

    /// What the socket knows of one ACK, the scoreboard already updated with it.
    struct AckInfo
    {
        SequenceNumber32 ack;     //!< SEG.ACK
        SequenceNumber32 oldHead; //!< SND.UNA before it (data only)
        SequenceNumber32 highTx;  //!< one past the highest data byte sent
        bool dupAck{false};       //!< a duplicate ACK as RFC 5681 section 2 defines it
        uint32_t newlySacked{0};  //!< bytes its SACK blocks newly covered
        uint32_t delivered{0};    //!< bytes newly delivered: cumulatively ACKed or SACKed
        bool retransAcked{false}; //!< it acknowledges retransmitted data (PRR's SSRB)
    };

    SynFinCongestion();

    /**
     * \brief Choose the algorithms for the next connection.
     * \param congestion the congestion control (a fresh instance per connection)
     * \param recovery the recovery algorithm (likewise)
     */
    void SetAlgorithms(Ptr<TcpCongestionOps> congestion, Ptr<TcpRecoveryOps> recovery);

    /**
     * \brief Start a connection.
     * \param iss our initial sequence number
     * \param smss the sender's maximum segment size
     * \param initialCwnd the initial window in segments (RFC 5681 3.1)
     * \param ssthresh the initial slow-start threshold in bytes
     */
    void Start(SequenceNumber32 iss, uint32_t smss, uint32_t initialCwnd, uint32_t ssthresh);

    /**
     * \brief Change SMSS (the effective MSS is known once the peer's SYN is in).
     * \param smss the sender's maximum segment size
     */
    void SetSmss(uint32_t smss);

    /**
     * \brief Set the number of duplicate ACKs that triggers fast retransmit.
     * \param threshold duplicate ACKs, at least 1
     */
    void SetDupAckThreshold(uint32_t threshold);

    /// \param on the connection uses SACK (both ends agreed, RFC 2018)
    void SetSack(bool on);

    /// \param on send new data on the first duplicate ACKs (RFC 3042, LimitedTransmit)
    void SetLimitedTransmit(bool on);

    /**
     * \brief Set the congestion window at the end of the handshake (RFC 5681 3.1).
     * \param bytes the initial window
     */
    void SetWindow(uint32_t bytes);

    /**
     * \brief An ACK arrived (in a synchronized state).
     * \param info the ACK
     * \param board the scoreboard, already updated with the ACK
     * \return what the socket must do
     */
    AckResult OnAck(const AckInfo& info, SynFinScoreboard& board);

    /**
     * \brief The retransmission timer expired with data outstanding (RFC 5681 3.1 eq. 4,
     *        RFC 6675 section 5.1).
     * \param board the scoreboard
     * \param highTx one past the highest data byte sent
     */
    void OnRetransmitTimeout(SynFinScoreboard& board, SequenceNumber32 highTx);

    /**
     * \brief A data segment is about to leave.
     * \param pipe bytes in the network before it
     */
    void BeforeSend(uint32_t pipe);

    /**
     * \brief A data segment left.
     * \param seq its first byte
     * \param bytes its payload
     * \param pipe bytes in the network after it
     */
    void AfterSend(SequenceNumber32 seq, uint32_t bytes, uint32_t pipe);

    /**
     * \brief A new RTT estimate, after a sample (ns-3 hands the algorithms the smoothed RTT).
     * \param srtt the smoothed RTT
     */
    void OnRttEstimate(Time srtt);

    /// \return the congestion window in bytes
    uint32_t GetWindow() const;

    /// \return the slow-start threshold in bytes
    uint32_t GetSsthresh() const;

    /// \return true in fast recovery
    bool InRecovery() const;

    /// \return the congestion state
    TcpSocketState::TcpCongState_t GetState() const;

    /// \return duplicate ACKs counted since the last cumulative ACK
    uint32_t GetDupAcks() const;

    /// \return true when the connection uses SACK
    bool SackEnabled() const
    {
        return m_sack;
    }

    /// \return the state the algorithms read and write (for traces)
    Ptr<TcpSocketState> GetTcb() const
    {
        return m_tcb;
    }

    /// \return the congestion control in use
    Ptr<TcpCongestionOps> GetCongestionOps() const
    {
        return m_congestion;
    }

  private:
    /// Enter a congestion state, telling the congestion control first, as stock does.
    void SetState(TcpSocketState::TcpCongState_t state);
    /// A duplicate ACK (RFC 6675 section 5); may enter recovery.
    void DupAck(const AckInfo& info, SynFinScoreboard& board, AckResult* result);
    /// RFC 6675 step (4): enter fast recovery and ask for the fast retransmit.
    void EnterRecovery(const AckInfo& info, SynFinScoreboard& board, AckResult* result);
    /// The recovery algorithm's DoRecovery, in the form of the ns-3 release at hand.
    void DoRecovery(uint32_t delivered, bool isDupAck);

    Ptr<TcpSocketState> m_tcb;                           //!< what the algorithms see
    Ptr<TcpCongestionOps> m_congestion;                  //!< congestion control
    Ptr<TcpRecoveryOps> m_recovery;                      //!< recovery
    uint32_t m_dupAcks{0};                               //!< duplicate ACKs counted
    uint32_t m_dupAckThreshold{kDefaultDupAckThreshold}; //!< ReTxThreshold
    bool m_sack{false};                                  //!< SACK in use
    bool m_limitedTransmit{true};                        //!< RFC 3042
    SequenceNumber32 m_recover{0};      //!< RecoveryPoint (RFC 6675), "recover" (RFC 6582)
    bool m_recoverActive{false};        //!< m_recover is set by a congestion event
    bool m_firstPartialAck{true};       //!< the next partial ACK is the first of the recovery
    uint32_t m_bytesAckedNotCounted{0}; //!< ACKed bytes short of a whole segment
};

} // namespace ns3

#endif /* SYNFIN_CONGESTION_H */
