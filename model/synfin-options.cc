/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-options.h"

#include "ns3/log.h"
#include "ns3/tcp-option-winscale.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinOptions");

uint8_t
SynFinOptions::ShiftFor(uint32_t rcvBufSize, uint16_t maxField)
{
    uint32_t field = maxField == 0 ? 1 : maxField;
    uint8_t shift = 0;
    while (shift < kMaxWindowShift && (rcvBufSize >> shift) > field)
    {
        ++shift;
    }
    return shift;
}

void
SynFinOptions::Configure(bool windowScaling, uint8_t rcvShift)
{
    m_offerWindowScale = windowScaling;
    m_offeredShift = rcvShift < kMaxWindowShift ? rcvShift : kMaxWindowShift;
}

void
SynFinOptions::AddToSyn(TcpHeader& h) const
{
    bool synAck = h.GetFlags() & TcpHeader::ACK;
    // RFC 7323 2.2: in a SYN if we offer it; in a SYN-ACK only if the SYN carried it too.
    if (m_offerWindowScale && (!synAck || m_peerWindowScale))
    {
        Ptr<TcpOptionWinScale> ws = CreateObject<TcpOptionWinScale>();
        ws->SetScale(m_offeredShift);
        h.AppendOption(ws);
    }
}

void
SynFinOptions::OnPeerSyn(const TcpHeader& h)
{
    m_peerWindowScale = h.HasOption(TcpOption::WINSCALE);
    m_windowScaled = m_offerWindowScale && m_peerWindowScale;
    m_rcvShift = 0;
    m_sndShift = 0;
    if (!m_windowScaled)
    {
        return;
    }
    m_rcvShift = m_offeredShift;
    auto ws = DynamicCast<const TcpOptionWinScale>(h.GetOption(TcpOption::WINSCALE));
    uint8_t shift = ws ? ws->GetScale() : 0;
    if (shift > kMaxWindowShift)
    {
        // RFC 7323 2.3: log the error and use 14 instead.
        NS_LOG_WARN("peer's window scale shift " << +shift << " exceeds 14; using 14");
        shift = kMaxWindowShift;
    }
    m_sndShift = shift;
}

} // namespace ns3
