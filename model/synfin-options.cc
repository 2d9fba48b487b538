/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-options.h"

#include "ns3/buffer.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
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

Time
SynFinOptions::TimestampValidity()
{
    return Days(24);
}

uint32_t
SynFinOptions::Clock()
{
    return static_cast<uint32_t>(Simulator::Now().GetMilliSeconds());
}

bool
SynFinOptions::ReadTimestamp(const TcpHeader& h, uint32_t* value, uint32_t* echo)
{
    if (!h.HasOption(TcpOption::TS))
    {
        return false;
    }
    auto ts = DynamicCast<const TcpOptionTS>(h.GetOption(TcpOption::TS));
    if (!ts)
    {
        return false;
    }
    *value = ts->GetTimestamp();
    *echo = ts->GetEcho();
    return true;
}

void
SynFinOptions::Configure(bool windowScaling, uint8_t rcvShift, bool timestamps, bool sack)
{
    m_offerSack = sack;
    m_offerWindowScale = windowScaling;
    m_offeredShift = rcvShift < kMaxWindowShift ? rcvShift : kMaxWindowShift;
    m_offerTimestamps = timestamps;
}

namespace
{

/// Append \p count NOPs.
void
Nops(TcpHeader& h, int count)
{
    for (int i = 0; i < count; ++i)
    {
        h.AppendOption(CreateObject<TcpOptionNOP>());
    }
}

/// FreeBSD's tcp_addoptions aligns an option by NOPs until the bytes so far meet \p test.
template <typename Test>
void
AlignFreeBsd(TcpHeader& h, Test test)
{
    uint32_t bytes = h.GetOptionLength();
    while (!test(bytes))
    {
        h.AppendOption(CreateObject<TcpOptionNOP>());
        ++bytes;
    }
}

} // namespace

void
SynFinOptions::AddTimestamp(TcpHeader& h, SynFinOptionLayout layout, uint32_t echo)
{
    if (layout != OPTION_LAYOUT_STOCK)
    {
        Nops(h, 2);
    }
    Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
    ts->SetTimestamp(Clock());
    ts->SetEcho(echo);
    h.AppendOption(ts);
}

void
SynFinOptions::AddToSyn(TcpHeader& h, bool activeOpen) const
{
    bool repeatSyn = activeOpen && m_layout == OPTION_LAYOUT_LINUX;
    bool synAck = (h.GetFlags() & TcpHeader::ACK) && !repeatSyn;
    // RFC 2018 section 2: SACK-permitted only in a SYN, and in a SYN-ACK answering one.
    bool sack = m_offerSack && (!synAck || m_peerSack);
    // RFC 7323 2.2: in a SYN if we offer it; in a SYN-ACK only if the SYN carried it too.
    bool scale = m_offerWindowScale && (!synAck || m_peerWindowScale);
    // RFC 7323 3.2: a SYN may offer Timestamps (TSecr zero); a SYN-ACK only answers one,
    // echoing the SYN's TSval.
    bool timestamps = m_offerTimestamps && (!synAck || m_peerTimestamps);
    auto addSack = [&h]() { h.AppendOption(CreateObject<TcpOptionSackPermitted>()); };
    auto addScale = [&h, this]() {
        Ptr<TcpOptionWinScale> ws = CreateObject<TcpOptionWinScale>();
        ws->SetScale(m_offeredShift);
        h.AppendOption(ws);
    };
    bool echo = h.GetFlags() & TcpHeader::ACK;
    auto addTimestamps = [&h, this, echo]() {
        Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
        ts->SetTimestamp(Clock());
        ts->SetEcho(echo ? m_tsRecent : 0);
        h.AppendOption(ts);
    };
    switch (m_layout)
    {
    case OPTION_LAYOUT_LINUX:
        if (timestamps)
        {
            if (sack)
            {
                addSack(); // SACK-permitted's two bytes align Timestamps
            }
            else
            {
                Nops(h, 2);
            }
            addTimestamps();
        }
        else if (sack)
        {
            Nops(h, 2);
            addSack();
        }
        if (scale)
        {
            Nops(h, 1);
            addScale();
        }
        break;
    case OPTION_LAYOUT_FREEBSD:
        if (scale)
        {
            AlignFreeBsd(h, [](uint32_t n) { return n % 2 == 1; });
            addScale();
        }
        if (sack)
        {
            AlignFreeBsd(h, [](uint32_t n) { return n % 2 == 0; });
            addSack();
        }
        if (timestamps)
        {
            AlignFreeBsd(h, [](uint32_t n) { return n != 0 && n % 4 == 2; });
            addTimestamps();
        }
        break;
    case OPTION_LAYOUT_STOCK:
    default:
        if (sack)
        {
            addSack();
        }
        if (scale)
        {
            addScale();
        }
        if (timestamps)
        {
            addTimestamps();
        }
        break;
    }
}

void
SynFinOptions::AddToSegment(TcpHeader& h, const std::vector<SackBlock>& sackBlocks) const
{
    // Linux and FreeBSD both put two NOPs before Timestamps and before SACK, so that the
    // values sit on 4-byte boundaries.
    bool aligned = m_layout != OPTION_LAYOUT_STOCK;
    if (m_timestamps)
    {
        AddTimestamp(h, m_layout, m_tsRecent);
    }
    if (m_sack && !sackBlocks.empty() && (h.GetFlags() & TcpHeader::ACK) &&
        !(h.GetFlags() & TcpHeader::RST))
    {
        // 40 bytes of option space: 4 blocks alone, 3 beside timestamps (RFC 2018 section 3).
        std::size_t room = m_timestamps ? 3 : 4;
        if (aligned)
        {
            Nops(h, 2);
        }
        Ptr<TcpOptionSack> sack = CreateObject<TcpOptionSack>();
        for (std::size_t i = 0; i < sackBlocks.size() && i < room; ++i)
        {
            sack->AddSackBlock(sackBlocks[i]);
        }
        h.AppendOption(sack);
    }
}

SynFinOptions::TimestampCheck
SynFinOptions::Check(const TcpHeader& h, SeenTimestamp* seen) const
{
    *seen = SeenTimestamp{};
    if (!m_timestamps)
    {
        return TimestampCheck::ACCEPT;
    }
    seen->present = ReadTimestamp(h, &seen->value, &seen->echo);
    if (h.GetFlags() & TcpHeader::RST)
    {
        return TimestampCheck::ACCEPT; // RFC 7323 3.2: a RST is judged without its timestamp
    }
    if (!seen->present)
    {
        return TimestampCheck::MISSING;
    }
    if (TimestampBefore(seen->value, m_tsRecent) &&
        Simulator::Now() - m_tsRecentTime <= TimestampValidity())
    {
        return TimestampCheck::OLD;
    }
    return TimestampCheck::ACCEPT;
}

void
SynFinOptions::OnAcceptable(SequenceNumber32 seq, const SeenTimestamp& seen)
{
    if (!seen.present)
    {
        return;
    }
    // RFC 7323 4.3: SEG.TSval >= TS.Recent and SEG.SEQ =< Last.ACK.sent. The second half
    // keeps the timestamp of the segment our last ACK asked for, not of one beyond a gap.
    if (!TimestampBefore(seen.value, m_tsRecent) && seq <= m_lastAckSent)
    {
        m_tsRecent = seen.value;
        m_tsRecentTime = Simulator::Now();
    }
}

void
SynFinOptions::OnPeerSyn(const TcpHeader& h)
{
    m_peerWindowScale = h.HasOption(TcpOption::WINSCALE);
    m_windowScaled = m_offerWindowScale && m_peerWindowScale;
    m_rcvShift = 0;
    m_sndShift = 0;
    uint32_t value = 0;
    uint32_t echo = 0;
    m_peerSack = h.HasOption(TcpOption::SACKPERMITTED);
    m_sack = m_offerSack && m_peerSack;
    m_peerTimestamps = ReadTimestamp(h, &value, &echo);
    m_timestamps = m_offerTimestamps && m_peerTimestamps;
    if (m_peerTimestamps)
    {
        m_tsRecent = value; // RFC 7323 4.3: TS.Recent starts from the SYN's TSval
        m_tsRecentTime = Simulator::Now();
    }
    m_lastAckSent = h.GetSequenceNumber() + 1;
    if (!m_windowScaled)
    {
        return;
    }
    m_rcvShift = m_offeredShift;
    auto ws = DynamicCast<const TcpOptionWinScale>(h.GetOption(TcpOption::WINSCALE));
    uint8_t shift = 0;
    if (ws)
    {
        // The shift as it came on the wire: TcpOptionWinScale::GetScale() asserts that it
        // is at most 14, which a peer is free to break.
        Buffer wire;
        wire.AddAtStart(ws->GetSerializedSize());
        ws->Serialize(wire.Begin());
        Buffer::Iterator i = wire.Begin();
        i.Next(2); // kind and length
        shift = i.ReadU8();
    }
    if (shift > kMaxWindowShift)
    {
        // RFC 7323 2.3: log the error and use 14 instead.
        NS_LOG_WARN("peer's window scale shift " << +shift << " exceeds 14; using 14");
        shift = kMaxWindowShift;
    }
    m_sndShift = shift;
}

} // namespace ns3
