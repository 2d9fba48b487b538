/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-tx-buffer.h"

#include "ns3/assert.h"

#include <algorithm>

namespace ns3
{

void
SynFinTxBuffer::Init(SequenceNumber32 head)
{
    m_head = head;
    m_bytes = nullptr;
}

void
SynFinTxBuffer::Append(Ptr<const Packet> p)
{
    if (p->GetSize() == 0)
    {
        return;
    }
    if (m_bytes)
    {
        m_bytes->AddAtEnd(p);
    }
    else
    {
        m_bytes = p->Copy();
    }
}

Ptr<Packet>
SynFinTxBuffer::Copy(SequenceNumber32 seq, uint32_t size) const
{
    NS_ASSERT_MSG(seq >= m_head && seq + size <= End(),
                  "segment [" << seq << ", +" << size << ") outside the buffer [" << m_head << ", "
                              << End() << ")");
    return m_bytes->CreateFragment(seq - m_head, size);
}

uint32_t
SynFinTxBuffer::Acknowledge(uint32_t bytes)
{
    uint32_t n = std::min(bytes, Size());
    if (n == 0)
    {
        return 0;
    }
    if (n == m_bytes->GetSize())
    {
        m_bytes = nullptr;
    }
    else
    {
        m_bytes->RemoveAtStart(n);
    }
    m_head += n;
    return n;
}

void
SynFinTxBuffer::Clear()
{
    m_head = End();
    m_bytes = nullptr;
}

uint32_t
SynFinTxBuffer::Size() const
{
    return m_bytes ? m_bytes->GetSize() : 0;
}

SequenceNumber32
SynFinTxBuffer::Head() const
{
    return m_head;
}

SequenceNumber32
SynFinTxBuffer::End() const
{
    return m_head + Size();
}

} // namespace ns3
