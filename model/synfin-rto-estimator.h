/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RTO_ESTIMATOR_H
#define SYNFIN_RTO_ESTIMATOR_H

#include "ns3/nstime.h"

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The retransmission timer of RFC 6298, as a plain value type.
 *
 * A value rather than an ns-3 Object so that a connection costs no extra allocation.
 * Karn's rule (RFC 6298 section 3) is the caller's: it only feeds samples from segments
 * that were not retransmitted.
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
     * \brief Undo the backoff once new data is acknowledged.
     */
    void ClearBackoff();

    /**
     * \return the current RTO, backoff included
     */
    Time GetRto() const;

    /**
     * \return the smoothed RTT (zero before the first sample)
     */
    Time GetSrtt() const;

  private:
    Time m_srtt;           //!< SRTT
    Time m_rttvar;         //!< RTTVAR
    Time m_rto;            //!< RTO without backoff
    Time m_minRto;         //!< lower bound
    Time m_maxRto;         //!< upper bound
    Time m_granularity;    //!< G, clock granularity
    uint32_t m_backoff{0}; //!< timeouts since the last new ACK
    bool m_hasSample{false}; //!< any sample yet
};

} // namespace ns3

#endif /* SYNFIN_RTO_ESTIMATOR_H */
