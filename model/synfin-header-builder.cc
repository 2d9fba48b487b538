/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-header-builder.h"

namespace ns3
{

TcpHeader
SynFinHeaderBuilder::Segment(const SynFinFourTuple& tuple,
                             uint8_t flags,
                             SequenceNumber32 seq,
                             SequenceNumber32 ack,
                             uint16_t window)
{
    TcpHeader h;
    h.SetSourcePort(tuple.localPort);
    h.SetDestinationPort(tuple.remotePort);
    h.SetSequenceNumber(seq);
    h.SetFlags(flags);
    if (flags & TcpHeader::ACK)
    {
        h.SetAckNumber(ack);
    }
    // A RST offers no window: Linux (tcp_v4_send_reset, tcp_send_active_reset) and FreeBSD
    // (tcp_respond) write zero; RFC 9293 leaves the field to the sender.
    h.SetWindowSize((flags & TcpHeader::RST) ? 0 : window);
    return h;
}

TcpHeader
SynFinHeaderBuilder::ResetFor(const TcpHeader& in, uint32_t payloadSize)
{
    TcpHeader rst;
    rst.SetWindowSize(0); // as every RST synfin sends (see Segment)
    rst.SetSourcePort(in.GetDestinationPort());
    rst.SetDestinationPort(in.GetSourcePort());
    if (in.GetFlags() & TcpHeader::ACK)
    {
        rst.SetSequenceNumber(in.GetAckNumber());
        rst.SetFlags(TcpHeader::RST);
    }
    else
    {
        rst.SetSequenceNumber(SequenceNumber32(0));
        rst.SetAckNumber(in.GetSequenceNumber() + SegmentLength(in, payloadSize));
        rst.SetFlags(TcpHeader::RST | TcpHeader::ACK);
    }
    return rst;
}

uint32_t
SynFinHeaderBuilder::SegmentLength(const TcpHeader& header, uint32_t payloadSize)
{
    uint8_t flags = header.GetFlags();
    return payloadSize + ((flags & TcpHeader::SYN) ? 1 : 0) + ((flags & TcpHeader::FIN) ? 1 : 0);
}

} // namespace ns3
