/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-scoreboard.h"

#include "ns3/assert.h"

#include <algorithm>

namespace ns3
{

void
SynFinScoreboard::Reset(SequenceNumber32 head)
{
    m_segments.clear();
    m_highData = head;
    m_highestSack = head;
    m_hasSack = false;
    m_sentBytes = 0;
    m_sackedBytes = 0;
    m_lostBytes = 0;
    m_retransBytes = 0;
}

void
SynFinScoreboard::SetDupThresh(uint32_t threshold)
{
    m_dupThresh = std::max<uint32_t>(threshold, 1);
}

void
SynFinScoreboard::SetSmss(uint32_t smss)
{
    m_smss = std::max<uint32_t>(smss, 1);
}

void
SynFinScoreboard::SetSacked(Segment& s)
{
    if (s.sacked)
    {
        return;
    }
    SetLost(s, false);
    SetRetransmitted(s, false);
    s.sacked = true;
    m_sackedBytes += s.size;
}

void
SynFinScoreboard::SetLost(Segment& s, bool lost)
{
    if (s.lost == lost)
    {
        return;
    }
    s.lost = lost;
    if (lost)
    {
        m_lostBytes += s.size;
    }
    else
    {
        m_lostBytes -= s.size;
    }
}

void
SynFinScoreboard::SetRetransmitted(Segment& s, bool retransmitted)
{
    if (s.retransmitted == retransmitted)
    {
        return;
    }
    s.retransmitted = retransmitted;
    if (retransmitted)
    {
        m_retransBytes += s.size;
    }
    else
    {
        m_retransBytes -= s.size;
    }
}

bool
SynFinScoreboard::OnSent(SequenceNumber32 seq, uint32_t size)
{
    if (size == 0)
    {
        return false;
    }
    if (seq >= m_highData)
    {
        // New data. A gap cannot arise: the socket sends the stream in order.
        NS_ASSERT_MSG(seq == m_highData,
                      "new data at " << seq << " beyond HighData " << m_highData);
        m_segments.push_back(Segment{seq, size});
        m_sentBytes += size;
        m_highData = seq + size;
        return false;
    }
    // A repeat: every segment it overlaps counts as retransmitted. What it carries beyond
    // HighData (a retransmission grown by new bytes) is appended as new.
    SequenceNumber32 end = seq + size;
    for (Segment& s : m_segments)
    {
        if (s.begin >= end)
        {
            break;
        }
        if (s.End() > seq && !s.sacked)
        {
            SetRetransmitted(s, true);
        }
    }
    if (end > m_highData)
    {
        OnSent(m_highData, end - m_highData);
    }
    return true;
}

uint32_t
SynFinScoreboard::OnCumulativeAck(SequenceNumber32 ack)
{
    uint32_t delivered = 0;
    while (!m_segments.empty() && m_segments.front().begin < ack)
    {
        Segment& s = m_segments.front();
        uint32_t covered = std::min<uint32_t>(s.size, ack - s.begin);
        if (!s.sacked)
        {
            delivered += covered;
        }
        if (covered < s.size)
        {
            // A partial acknowledgment of one segment (the peer took part of it): keep the
            // rest, with its flags.
            if (s.sacked)
            {
                m_sackedBytes -= covered;
            }
            if (s.lost)
            {
                m_lostBytes -= covered;
            }
            if (s.retransmitted)
            {
                m_retransBytes -= covered;
            }
            s.begin = ack;
            s.size -= covered;
            m_sentBytes -= covered;
            break;
        }
        SetLost(s, false);
        SetRetransmitted(s, false);
        if (s.sacked)
        {
            m_sackedBytes -= s.size;
        }
        m_sentBytes -= s.size;
        m_segments.pop_front();
    }
    if (m_hasSack && m_highestSack < ack)
    {
        m_hasSack = false;
    }
    if (m_segments.empty() && m_highData < ack)
    {
        m_highData = ack;
    }
    return delivered;
}

uint32_t
SynFinScoreboard::OnSackBlocks(const Blocks& blocks)
{
    uint32_t newly = 0;
    for (const Block& b : blocks)
    {
        if (b.second <= b.first)
        {
            continue; // malformed or wrapped beyond sense: nothing to learn
        }
        // RFC 2018 section 3: a segment is SACKed only when a block covers all of it.
        for (Segment& s : m_segments)
        {
            if (s.begin >= b.second)
            {
                break;
            }
            if (s.begin >= b.first && s.End() <= b.second && !s.sacked)
            {
                SetSacked(s);
                newly += s.size;
                if (!m_hasSack || m_highestSack < s.begin)
                {
                    m_highestSack = s.begin;
                    m_hasSack = true;
                }
            }
        }
    }
    if (newly > 0)
    {
        UpdateLost();
    }
    return newly;
}

void
SynFinScoreboard::UpdateLost()
{
    // Walk down from the highest SACKed segment; once DupThresh SACKed segments are above,
    // every un-SACKed segment below is lost (RFC 6675 IsLost's segment count), and so is
    // the head once the whole walk has seen DupThresh of them.
    uint32_t sacked = 0;
    bool started = false;
    for (auto it = m_segments.rbegin(); it != m_segments.rend(); ++it)
    {
        if (!started)
        {
            if (it->begin != m_highestSack)
            {
                continue;
            }
            started = true;
        }
        if (it->sacked)
        {
            ++sacked;
        }
        else if (sacked >= m_dupThresh && std::next(it) != m_segments.rend())
        {
            SetLost(*it, true);
        }
    }
    if (sacked >= m_dupThresh && !m_segments.empty() && !m_segments.front().sacked)
    {
        SetLost(m_segments.front(), true);
    }
}

void
SynFinScoreboard::AddRenoSack()
{
    if (m_segments.size() < 2)
    {
        return; // the head is never Reno-SACKed; nothing above it to count
    }
    for (auto it = std::next(m_segments.begin()); it != m_segments.end(); ++it)
    {
        if (!it->sacked)
        {
            SetSacked(*it);
            m_highestSack = it->begin;
            m_hasSack = true;
            return;
        }
    }
    // More duplicate ACKs than segments above the head: spurious retransmissions answered.
}

void
SynFinScoreboard::ResetRenoSacks()
{
    for (Segment& s : m_segments)
    {
        if (s.sacked)
        {
            s.sacked = false;
            m_sackedBytes -= s.size;
        }
    }
    m_hasSack = false;
}

void
SynFinScoreboard::MarkHeadLost()
{
    if (m_segments.empty())
    {
        return;
    }
    Segment& head = m_segments.front();
    if (head.sacked)
    {
        head.sacked = false;
        m_sackedBytes -= head.size;
    }
    SetRetransmitted(head, false);
    SetLost(head, true);
}

void
SynFinScoreboard::MarkAllLost(bool forgetSacks)
{
    for (Segment& s : m_segments)
    {
        if (forgetSacks && s.sacked)
        {
            s.sacked = false;
            m_sackedBytes -= s.size;
        }
        SetRetransmitted(s, false);
        if (!s.sacked)
        {
            SetLost(s, true);
        }
    }
    if (forgetSacks)
    {
        m_hasSack = false;
    }
}

bool
SynFinScoreboard::IsLost(SequenceNumber32 seq) const
{
    if (!m_hasSack || seq >= m_highestSack)
    {
        return false;
    }
    for (const Segment& s : m_segments)
    {
        if (s.begin < seq)
        {
            continue;
        }
        if (s.lost)
        {
            return true;
        }
        if (s.sacked)
        {
            return false;
        }
    }
    return false;
}

const SynFinScoreboard::Segment*
SynFinScoreboard::NextLost() const
{
    for (const Segment& s : m_segments)
    {
        if (s.lost && !s.sacked && !s.retransmitted)
        {
            return &s;
        }
    }
    return nullptr;
}

const SynFinScoreboard::Segment*
SynFinScoreboard::NextUnsacked() const
{
    for (const Segment& s : m_segments)
    {
        if (!s.sacked && !s.retransmitted)
        {
            return &s;
        }
    }
    return nullptr;
}

bool
SynFinScoreboard::IsHeadRetransmitted() const
{
    return !m_segments.empty() && m_segments.front().retransmitted;
}

bool
SynFinScoreboard::IsRetransmittedDataAcked(SequenceNumber32 ack) const
{
    for (const Segment& s : m_segments)
    {
        if (s.begin >= ack)
        {
            break;
        }
        if (s.End() == ack && s.retransmitted && !s.sacked)
        {
            return true;
        }
    }
    return false;
}

} // namespace ns3
