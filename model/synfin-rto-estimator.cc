/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-rto-estimator.h"

#include <algorithm>

namespace ns3
{

void
SynFinRtoEstimator::Reset(Time initialRto, Time minRto, Time maxRto)
{
    m_srtt = Time(0);
    m_rttvar = Time(0);
    m_rto = initialRto;
    m_minRto = minRto;
    m_maxRto = maxRto;
    m_backoff = 0;
    m_hasSample = false;
    m_timing = false;
}

void
SynFinRtoEstimator::SetClockGranularity(Time granularity)
{
    m_granularity = granularity;
}

void
SynFinRtoEstimator::AddSample(Time rtt)
{
    if (!m_hasSample)
    {
        // RFC 6298 (2.2)
        m_srtt = rtt;
        m_rttvar = rtt / 2;
        m_hasSample = true;
    }
    else
    {
        // RFC 6298 (2.3), alpha = 1/8, beta = 1/4
        Time err = m_srtt > rtt ? m_srtt - rtt : rtt - m_srtt;
        m_rttvar = (m_rttvar * 3 + err) / 4;
        m_srtt = (m_srtt * 7 + rtt) / 8;
    }
    // RFC 6298 (2.2)/(2.3): RTO = SRTT + max(G, K*RTTVAR) with K = 4. The simulator's clock
    // is exact, but G is what ns-3's ClockGranularity sets (1 ms by default).
    Time rto = m_srtt + std::max(m_granularity, m_rttvar * 4);
    m_rto = std::min(std::max(rto, m_minRto), m_maxRto);
}

void
SynFinRtoEstimator::Backoff()
{
    if (GetRto() < m_maxRto)
    {
        ++m_backoff;
    }
}

void
SynFinRtoEstimator::ClearBackoff()
{
    m_backoff = 0;
}

void
SynFinRtoEstimator::StartTiming(SequenceNumber32 seq, Time now)
{
    if (!m_timing)
    {
        m_timing = true;
        m_timedSeq = seq;
        m_timedAt = now;
    }
}

void
SynFinRtoEstimator::OnRetransmission(SequenceNumber32 seq)
{
    if (m_timing && seq <= m_timedSeq)
    {
        m_timing = false;
    }
}

void
SynFinRtoEstimator::CancelTiming()
{
    m_timing = false;
}

bool
SynFinRtoEstimator::IsTiming() const
{
    return m_timing;
}

bool
SynFinRtoEstimator::OnAck(SequenceNumber32 ack, Time now, Time* sample)
{
    if (!m_timing || ack <= m_timedSeq)
    {
        return false;
    }
    m_timing = false;
    Time rtt = now - m_timedAt;
    AddSample(rtt);
    ClearBackoff();
    if (sample)
    {
        *sample = rtt;
    }
    return true;
}

Time
SynFinRtoEstimator::GetRto() const
{
    Time rto = m_rto;
    for (uint32_t i = 0; i < m_backoff && rto < m_maxRto; ++i)
    {
        rto = rto * 2;
    }
    return std::min(rto, m_maxRto);
}

Time
SynFinRtoEstimator::GetSrtt() const
{
    return m_srtt;
}

} // namespace ns3
