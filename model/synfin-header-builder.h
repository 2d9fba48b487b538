/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_HEADER_BUILDER_H
#define SYNFIN_HEADER_BUILDER_H

#include "synfin-four-tuple.h"

#include "ns3/sequence-number.h"
#include "ns3/tcp-header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The one place TCP headers are put together, for sockets, TIME-WAIT records and
 *        closed ports alike.
 */
class SynFinHeaderBuilder
{
  public:
    /**
     * \brief A segment of a connection.
     * \param tuple the connection, from our side
     * \param flags TCP flags
     * \param seq SEG.SEQ
     * \param ack SEG.ACK (written only with the ACK flag)
     * \param window SEG.WND (a RST carries 0, as Linux and FreeBSD send)
     * \return the header
     */
    static TcpHeader Segment(const SynFinFourTuple& tuple,
                             uint8_t flags,
                             SequenceNumber32 seq,
                             SequenceNumber32 ack,
                             uint16_t window);

    /**
     * \brief The RST that answers a segment (RFC 9293 3.10.7.1 and 3.10.7.2):
     *        <SEQ=SEG.ACK><CTL=RST> if it carried an ACK, otherwise
     *        <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. Never call it for a RST.
     * \param in the segment's header
     * \param payloadSize its payload length
     * \return the header of the reset
     */
    static TcpHeader ResetFor(const TcpHeader& in, uint32_t payloadSize);

    /**
     * \param header a segment's header
     * \param payloadSize its payload length
     * \return SEG.LEN: the payload plus one for SYN and one for FIN
     */
    static uint32_t SegmentLength(const TcpHeader& header, uint32_t payloadSize);
};

} // namespace ns3

#endif /* SYNFIN_HEADER_BUILDER_H */
