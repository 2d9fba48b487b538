/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RTO_ESTIMATOR_H
#define SYNFIN_RTO_ESTIMATOR_H

#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The retransmission timer of RFC 6298, as a plain value type.
 *
 * A value rather than an ns-3 Object so that a connection costs no extra allocation.
 * It also times one segment at a time for RTT samples and applies Karn's rule
 * (RFC 6298 section 3): a timed segment that is retransmitted gives no sample, and the
 * backed-off RTO stays until a valid sample arrives (RFC 6298 section 5, note to (5.7)).
 */
class SynFinRtoEstimator
{
  public:
    /**
     * \brief Reset to the initial RTO, forgetting all samples.
     * \param initialRto RTO before the first sample (RFC 6298 (2.1): 1 s)
     * \param minRto lower bound (RFC 6298 (2.4): 1 s; Linux uses 200 ms)
     * \param maxRto upper bound (RFC 6298 (2.5): at least 60 s)
     */
    void Reset(Time initialRto, Time minRto, Time maxRto);

    /**
     * \brief Set the clock granularity G of RFC 6298 (2.2) and (2.3); kept across Reset().
     * \param granularity G
     */
    void SetClockGranularity(Time granularity);

    /**
     * \brief Feed one round-trip sample (RFC 6298 (2.2) and (2.3)).
     * \param rtt the measured round-trip time
     */
    void AddSample(Time rtt);

    /**
     * \brief Double the RTO after a timeout (RFC 6298 (5.5)), bounded by the maximum.
     */
    void Backoff();

    /**
     * \brief Undo the backoff (a valid sample arrived).
     */
    void ClearBackoff();

    /**
     * \brief Time the segment that starts at seq, unless one is being timed already.
     * \param seq its first sequence number
     * \param now the time it leaves
     */
    void StartTiming(SequenceNumber32 seq, Time now);

    /**
     * \brief A segment starting at seq is retransmitted: if it is the timed one, the
     *        measurement is void (Karn).
     * \param seq the retransmitted segment's first sequence number
     */
    void OnRetransmission(SequenceNumber32 seq);

    /// Forget the measurement in progress (e.g. every segment is being resent).
    void CancelTiming();

    /// \return true while a segment is being timed
    bool IsTiming() const;

    /**
     * \brief An ACK arrived; if it covers the timed segment, take the sample, which also
     *        ends any backoff.
     * \param ack SEG.ACK
     * \param now the time it arrived
     * \param[out] sample the sample taken, if any
     * \return true if a sample was taken
     */
    bool OnAck(SequenceNumber32 ack, Time now, Time* sample = nullptr);

    /**
     * \return the current RTO, backoff included
     */
    Time GetRto() const;

    /**
     * \return the smoothed RTT (zero before the first sample)
     */
    Time GetSrtt() const;

  private:
    Time m_srtt;                    //!< SRTT
    Time m_rttvar;                  //!< RTTVAR
    Time m_rto;                     //!< RTO without backoff
    Time m_minRto;                  //!< lower bound
    Time m_maxRto;                  //!< upper bound
    Time m_granularity;             //!< G, clock granularity
    uint32_t m_backoff{0};          //!< timeouts since the last new ACK
    bool m_hasSample{false};        //!< any sample yet
    bool m_timing{false};           //!< a segment is being timed
    SequenceNumber32 m_timedSeq{0}; //!< its first sequence number
    Time m_timedAt;                 //!< when it left
};

} // namespace ns3

#endif /* SYNFIN_RTO_ESTIMATOR_H */
