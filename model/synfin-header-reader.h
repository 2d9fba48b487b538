/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_HEADER_READER_H
#define SYNFIN_HEADER_READER_H

#include "ns3/tcp-header.h"

namespace ns3
{

/**
 * \ingroup synfin
 * \brief The TCP header of a segment synfin receives, read the way TcpHeader reads it but
 *        without ns-3's option factory.
 *
 * TcpHeader::Deserialize makes every option, padding included, through an ObjectFactory
 * that looks its TypeId up by name. This reader makes the options synfin understands (MSS,
 * Window Scale, SACK-permitted, SACK, Timestamps) with CreateObject of their own types,
 * skips NOP and END padding and unknown kinds,
 * and stops at a malformed option as TcpHeader does, except that an option of a known kind
 * with the wrong length ends the options instead of aborting the program (ns-3's option
 * readers abort on it). The result is an ordinary TcpHeader:
 * the same fields and option objects, for the socket and for traces.
 *
 * It does not check checksums: with Node::ChecksumEnabled() the protocol reads headers with
 * TcpHeader itself.
 */
class SynFinHeaderReader : public TcpHeader
{
  public:
    uint32_t Deserialize(Buffer::Iterator start) override;
};

} // namespace ns3

#endif /* SYNFIN_HEADER_READER_H */
