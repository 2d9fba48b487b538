/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-rx-buffer.h"

#include <algorithm>

namespace ns3
{

void
SynFinRxBuffer::Init(SequenceNumber32 rcvNxt, uint32_t capacity)
{
    m_rcvNxt = rcvNxt;
    m_capacity = capacity;
    m_heldBytes = 0;
    m_readable = nullptr;
    m_held.clear();
    m_sackBlocks.clear();
    Mirror();
}

uint32_t
SynFinRxBuffer::Add(SequenceNumber32 seq, Ptr<Packet> payload)
{
    uint32_t size = payload->GetSize();
    if (size == 0)
    {
        return 0;
    }
    SequenceNumber32 end = seq + size;
    if (end <= m_rcvNxt)
    {
        return 0; // entirely old
    }
    if (seq < m_rcvNxt)
    {
        // Trim the part we already have (RFC 9293 3.10.7.4: process from RCV.NXT on).
        uint32_t skip = m_rcvNxt - seq;
        payload = payload->CreateFragment(skip, size - skip);
        seq = m_rcvNxt;
        size -= skip;
    }
    // Never accept beyond the advertised window.
    uint32_t window = Window();
    uint32_t offset = seq - m_rcvNxt;
    if (offset >= window)
    {
        return 0;
    }
    if (offset + size > window)
    {
        size = window - offset;
        payload = payload->CreateFragment(0, size);
    }
    if (seq == m_rcvNxt)
    {
        if (m_readable)
        {
            m_readable->AddAtEnd(payload);
        }
        else
        {
            m_readable = payload->Copy();
        }
        m_rcvNxt += size;
        uint32_t released = size + Drain();
        Mirror();
        // Runs now in order are no longer reported (RFC 2018 section 4: blocks lie above
        // the cumulative ACK).
        m_sackBlocks.erase(std::remove_if(m_sackBlocks.begin(),
                                          m_sackBlocks.end(),
                                          [this](const Block& b) { return b.second <= m_rcvNxt; }),
                           m_sackBlocks.end());
        return released;
    }
    auto it = m_held.find(seq);
    if (it == m_held.end() || it->second->GetSize() < size)
    {
        if (it != m_held.end())
        {
            m_heldBytes -= it->second->GetSize();
        }
        m_held[seq] = payload;
        m_heldBytes += size;
    }
    NoteHeld(seq, seq + size);
    return 0;
}

void
SynFinRxBuffer::NoteHeld(SequenceNumber32 seq, SequenceNumber32 end)
{
    // The run of held bytes around the segment: merge the held segments, which are sorted
    // by start and may overlap, until the run that contains it ends.
    Block run{seq, end};
    bool open = false;
    for (const auto& [start, packet] : m_held)
    {
        SequenceNumber32 stop = start + packet->GetSize();
        if (open && start <= run.second)
        {
            run.second = std::max(run.second, stop);
            continue;
        }
        if (open && run.first <= seq && seq < run.second)
        {
            break; // the run that holds the segment is complete
        }
        run = {start, stop};
        open = true;
    }
    // RFC 2018 section 4: the first block holds the latest segment; the others repeat the
    // most recently reported blocks, without the ones this run has swallowed.
    m_sackBlocks.erase(std::remove_if(m_sackBlocks.begin(),
                                      m_sackBlocks.end(),
                                      [&run](const Block& b) {
                                          return b.first < run.second && run.first < b.second;
                                      }),
                       m_sackBlocks.end());
    m_sackBlocks.insert(m_sackBlocks.begin(), run);
    if (m_sackBlocks.size() > kMaxSackBlocks)
    {
        m_sackBlocks.resize(kMaxSackBlocks);
    }
}

uint32_t
SynFinRxBuffer::Drain()
{
    uint32_t released = 0;
    while (!m_held.empty())
    {
        auto it = m_held.begin();
        SequenceNumber32 seq = it->first;
        Ptr<Packet> p = it->second;
        if (seq > m_rcvNxt)
        {
            break;
        }
        m_heldBytes -= p->GetSize();
        m_held.erase(it);
        SequenceNumber32 end = seq + p->GetSize();
        if (end <= m_rcvNxt)
        {
            continue;
        }
        uint32_t skip = m_rcvNxt - seq;
        Ptr<Packet> fresh = skip ? p->CreateFragment(skip, p->GetSize() - skip) : p;
        if (m_readable)
        {
            m_readable->AddAtEnd(fresh);
        }
        else
        {
            m_readable = fresh->Copy();
        }
        m_rcvNxt += fresh->GetSize();
        released += fresh->GetSize();
    }
    return released;
}

Ptr<Packet>
SynFinRxBuffer::Read(uint32_t maxSize)
{
    if (!m_readable || m_readable->GetSize() == 0 || maxSize == 0)
    {
        return nullptr;
    }
    uint32_t n = std::min(maxSize, m_readable->GetSize());
    Ptr<Packet> out;
    if (n == m_readable->GetSize())
    {
        out = m_readable;
        m_readable = nullptr;
    }
    else
    {
        out = m_readable->CreateFragment(0, n);
        m_readable->RemoveAtStart(n);
    }
    return out;
}

void
SynFinRxBuffer::DiscardReadable()
{
    m_readable = nullptr;
}

SequenceNumber32
SynFinRxBuffer::NextExpected() const
{
    return m_rcvNxt;
}

void
SynFinRxBuffer::SetNextExpected(SequenceNumber32 seq)
{
    m_rcvNxt = seq;
    Mirror();
}

void
SynFinRxBuffer::SetMirror(Ptr<TcpRxBuffer> mirror)
{
    m_mirror = mirror;
    Mirror();
}

Ptr<TcpRxBuffer>
SynFinRxBuffer::GetMirror() const
{
    return m_mirror;
}

void
SynFinRxBuffer::Mirror()
{
    if (m_mirror)
    {
        m_mirror->SetNextRxSequence(m_rcvNxt);
    }
}

uint32_t
SynFinRxBuffer::Readable() const
{
    return m_readable ? m_readable->GetSize() : 0;
}

uint32_t
SynFinRxBuffer::Window() const
{
    // Bytes held out of order already sit inside the window offered earlier: counting them
    // would pull the right edge left (RFC 9293 3.8.6.2.2, RFC 7323 2.4). Only what waits
    // for the application narrows it, and RCV.NXT moves by as much as that grows.
    uint32_t used = Readable();
    return used >= m_capacity ? 0 : m_capacity - used;
}

uint32_t
SynFinRxBuffer::Capacity() const
{
    return m_capacity;
}

void
SynFinRxBuffer::SetCapacity(uint32_t capacity)
{
    m_capacity = capacity;
}

bool
SynFinRxBuffer::FindDuplicate(SequenceNumber32 seq, SequenceNumber32 end, Block* duplicate) const
{
    if (seq < m_rcvNxt)
    {
        *duplicate = {seq, std::min(end, m_rcvNxt)};
        return true;
    }
    // Held segments are sorted by start and may overlap one another: merge them into runs
    // as they come, and stop at the first run the segment meets.
    bool open = false;
    Block run;
    for (const auto& [start, packet] : m_held)
    {
        if (start >= end && !(open && start <= run.second))
        {
            break;
        }
        SequenceNumber32 stop = start + packet->GetSize();
        if (open && start <= run.second)
        {
            run.second = std::max(run.second, stop);
            continue;
        }
        if (open && seq < run.second)
        {
            break;
        }
        run = {start, stop};
        open = true;
    }
    if (!open || !(run.first < end && seq < run.second))
    {
        return false;
    }
    *duplicate = {std::max(seq, run.first), std::min(end, run.second)};
    return true;
}

bool
SynFinRxBuffer::HasGap() const
{
    return !m_held.empty();
}

} // namespace ns3
