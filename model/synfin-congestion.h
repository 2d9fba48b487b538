/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_CONGESTION_H
#define SYNFIN_CONGESTION_H

#include "ns3/sequence-number.h"

#include <algorithm>
#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The sender's congestion state: slow start and congestion avoidance (RFC 5681),
 *        fast retransmit and NewReno fast recovery (RFC 6582).
 *
 * A plain value held by the socket. It decides window sizes and when to retransmit on
 * duplicate or partial ACKs; the socket does the sending. Every size is in bytes and every
 * rule that the RFCs give in segments uses the sender's SMSS, the effective MSS of the
 * connection (RFC 9293 3.7.1), not the configured SegmentSize.
 */
class SynFinCongestion
{
  public:
    /// RFC 5681 3.2: the third duplicate ACK signals a loss (ns-3's ReTxThreshold).
    static constexpr uint32_t kDefaultDupAckThreshold = 3;

    /// What the socket has to do after an ACK.
    enum class AckAction : uint8_t
    {
        NONE,             //!< nothing beyond sending what the window allows
        RETRANSMIT_FIRST, //!< retransmit the first unacknowledged segment now
    };

    /**
     * \brief Start a connection.
     * \param iss our initial sequence number (RFC 6582: recover starts there)
     * \param smss the sender's maximum segment size
     * \param initialWindow the initial window in bytes (RFC 5681 3.1)
     * \param ssthresh the initial slow-start threshold in bytes
     */
    void Start(SequenceNumber32 iss, uint32_t smss, uint32_t initialWindow, uint32_t ssthresh);

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

    /**
     * \brief Set the congestion window at the end of the handshake (RFC 5681 3.1).
     * \param bytes the initial window
     */
    void SetWindow(uint32_t bytes);

    /**
     * \brief An ACK that advanced SND.UNA.
     * \param ack SEG.ACK
     * \param acked bytes of sequence space it newly acknowledged
     * \param flightBefore bytes in flight before it (SND.MAX - old SND.UNA)
     * \return whether a partial ACK asks for a retransmission (RFC 6582 3.2 step 4)
     */
    AckAction OnNewAck(SequenceNumber32 ack, uint32_t acked, uint32_t flightBefore);

    /**
     * \brief A duplicate ACK (RFC 5681 section 2 definition, checked by the caller).
     * \param sndUna SND.UNA
     * \param sndMax highest sequence number sent + 1
     * \param flight bytes in flight
     * \return true if this one starts fast retransmit: retransmit the first segment now
     */
    bool OnDuplicateAck(SequenceNumber32 sndUna, SequenceNumber32 sndMax, uint32_t flight);

    /**
     * \brief The retransmission timer expired with data outstanding (RFC 5681 3.1 eq. 4,
     *        RFC 6582 section 4).
     * \param sndMax highest sequence number sent + 1
     * \param flight bytes in flight
     */
    void OnRetransmitTimeout(SequenceNumber32 sndMax, uint32_t flight);

    /// \return the congestion window in bytes
    uint32_t GetWindow() const;

    /// \return the slow-start threshold in bytes
    uint32_t GetSsthresh() const;

    /// \return true during NewReno fast recovery
    bool InRecovery() const;

    /// \return duplicate ACKs in a row
    uint32_t GetDupAcks() const;

    /// \param on send new data on the first duplicate ACKs (RFC 3042, LimitedTransmit)
    void SetLimitedTransmit(bool on);

    /**
     * \return bytes the sender may have outstanding beyond the congestion window now:
     *         one SMSS for each of the duplicate ACKs before the threshold, when limited
     *         transmit is on and no recovery is under way (RFC 3042 section 2); cwnd
     *         itself does not change
     */
    uint32_t LimitedTransmitAllowance() const
    {
        if (!m_limitedTransmit || m_inRecovery || m_dupAcks == 0 || m_dupAcks >= m_dupAckThreshold)
        {
            return 0;
        }
        return std::min<uint32_t>(m_dupAcks, 2) * m_smss;
    }

  private:
    uint32_t m_smss{536};                                //!< SMSS
    uint32_t m_cwnd{0};                                  //!< cwnd
    uint32_t m_ssthresh{UINT32_MAX};                     //!< ssthresh
    uint32_t m_dupAcks{0};                               //!< duplicate ACKs in a row
    uint32_t m_dupAckThreshold{kDefaultDupAckThreshold}; //!< fast retransmit trigger
    bool m_limitedTransmit{true};                        //!< RFC 3042
    SequenceNumber32 m_recover{0}; //!< RFC 6582 "recover", kept one past the highest sent
    bool m_inRecovery{false};      //!< in fast recovery
};

} // namespace ns3

#endif /* SYNFIN_CONGESTION_H */
