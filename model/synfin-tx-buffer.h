/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_TX_BUFFER_H
#define SYNFIN_TX_BUFFER_H

#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The send side of the byte stream: the bytes from SND.UNA on, sent or not yet sent.
 *
 * The twin of SynFinRxBuffer. It knows the sequence number of its first byte, so segments
 * are asked for by sequence number, and acknowledged bytes leave from the front. Our SYN and
 * FIN occupy sequence numbers but no bytes here (RFC 9293 3.3.1).
 */
class SynFinTxBuffer
{
  public:
    /**
     * \brief Start empty, the first byte to come being at `head` (ISS + 1).
     * \param head the sequence number of the first data byte
     */
    void Init(SequenceNumber32 head);

    /**
     * \brief Queue the application's bytes at the end.
     * \param p the bytes
     */
    void Append(Ptr<const Packet> p);

    /**
     * \brief The bytes [seq, seq + size) for a segment; they must be in the buffer.
     * \param seq the first byte's sequence number
     * \param size how many
     * \return a new packet holding them
     */
    Ptr<Packet> Copy(SequenceNumber32 seq, uint32_t size) const;

    /**
     * \brief Drop bytes acknowledged by the peer from the front.
     * \param bytes how many (more than held is clipped)
     * \return how many were dropped
     */
    uint32_t Acknowledge(uint32_t bytes);

    /// Drop every byte (the connection is gone).
    void Clear();

    /// \return bytes held
    uint32_t Size() const;

    /// \return the sequence number of the first byte held
    SequenceNumber32 Head() const;

    /// \return the sequence number after the last byte held
    SequenceNumber32 End() const;

  private:
    SequenceNumber32 m_head{0}; //!< sequence number of the first byte
    Ptr<Packet> m_bytes;        //!< the bytes, nullptr when empty
};

} // namespace ns3

#endif /* SYNFIN_TX_BUFFER_H */
