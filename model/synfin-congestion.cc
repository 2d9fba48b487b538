/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-congestion.h"

#include <algorithm>

namespace ns3
{

void
SynFinCongestion::Start(SequenceNumber32 iss,
                        uint32_t smss,
                        uint32_t initialWindow,
                        uint32_t ssthresh)
{
    m_smss = std::max<uint32_t>(smss, 1);
    m_cwnd = initialWindow;
    m_ssthresh = ssthresh;
    m_dupAcks = 0;
    m_inRecovery = false;
    // RFC 6582 section 3.2 step 1: "recover" starts at the ISS. Kept one past the highest
    // sequence number sent, so the first loss may always start a recovery.
    m_recover = iss + 1;
}

void
SynFinCongestion::SetSmss(uint32_t smss)
{
    m_smss = std::max<uint32_t>(smss, 1);
}

void
SynFinCongestion::SetDupAckThreshold(uint32_t threshold)
{
    m_dupAckThreshold = std::max<uint32_t>(threshold, 1);
}

void
SynFinCongestion::SetWindow(uint32_t bytes)
{
    m_cwnd = bytes;
}

SynFinCongestion::AckAction
SynFinCongestion::OnNewAck(SequenceNumber32 ack, uint32_t acked, uint32_t flightBefore)
{
    m_dupAcks = 0;
    if (m_inRecovery)
    {
        if (ack >= m_recover)
        {
            // Full acknowledgment (RFC 6582 3.2 step 4, option 1): deflate the window.
            uint32_t flight = flightBefore > acked ? flightBefore - acked : 0;
            m_cwnd = std::min(m_ssthresh, std::max(flight, m_smss) + m_smss);
            m_inRecovery = false;
            return AckAction::NONE;
        }
        // Partial acknowledgment: retransmit the next hole, deflate by the amount acked and
        // add back one SMSS if at least that much was acknowledged.
        m_cwnd = m_cwnd > acked ? m_cwnd - acked : 0;
        if (acked >= m_smss)
        {
            m_cwnd += m_smss;
        }
        m_cwnd = std::max(m_cwnd, m_smss);
        return AckAction::RETRANSMIT_FIRST;
    }
    if (m_cwnd < m_ssthresh)
    {
        m_cwnd += std::min(acked, m_smss); // slow start, RFC 5681 eq. (2)
    }
    else
    {
        m_cwnd += std::max<uint32_t>(1, static_cast<uint64_t>(m_smss) * m_smss / m_cwnd); // eq. (3)
    }
    return AckAction::NONE;
}

bool
SynFinCongestion::OnDuplicateAck(SequenceNumber32 sndUna, SequenceNumber32 sndMax, uint32_t flight)
{
    ++m_dupAcks;
    if (m_inRecovery)
    {
        m_cwnd += m_smss; // RFC 6582 3.2 step 3: inflate for the segment that left
        return false;
    }
    if (m_dupAcks != m_dupAckThreshold)
    {
        return false;
    }
    // RFC 6582 3.2 step 2: only when the ACK covers more than "recover" (no second
    // reduction for losses of one window).
    if (sndUna < m_recover)
    {
        return false;
    }
    m_recover = sndMax;
    m_ssthresh = std::max(flight / 2, 2 * m_smss); // RFC 5681 eq. (4)
    m_cwnd = m_ssthresh + m_dupAckThreshold * m_smss;
    m_inRecovery = true;
    return true;
}

void
SynFinCongestion::OnRetransmitTimeout(SequenceNumber32 sndMax, uint32_t flight)
{
    m_ssthresh = std::max(flight / 2, 2 * m_smss); // RFC 5681 eq. (4)
    m_cwnd = m_smss;                               // the loss window
    m_dupAcks = 0;
    m_inRecovery = false;
    m_recover = sndMax; // RFC 6582 section 4
}

void
SynFinCongestion::SetLimitedTransmit(bool on)
{
    m_limitedTransmit = on;
}

uint32_t
SynFinCongestion::GetWindow() const
{
    return m_cwnd;
}

uint32_t
SynFinCongestion::GetSsthresh() const
{
    return m_ssthresh;
}

bool
SynFinCongestion::InRecovery() const
{
    return m_inRecovery;
}

uint32_t
SynFinCongestion::GetDupAcks() const
{
    return m_dupAcks;
}

} // namespace ns3
