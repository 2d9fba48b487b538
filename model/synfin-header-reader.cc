/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-header-reader.h"

#include "ns3/log.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-option-ts.h"
#include "ns3/tcp-option-winscale.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinHeaderReader");

namespace
{

/// \return true if `length` is right for an option of `kind` (RFC 9293 3.2, RFC 7323,
///         RFC 2018); ns-3's own option readers abort the program on a wrong one
bool
LengthFits(uint8_t kind, uint8_t length)
{
    switch (kind)
    {
    case TcpOption::MSS:
        return length == 4;
    case TcpOption::WINSCALE:
        return length == 3;
    case TcpOption::SACKPERMITTED:
        return length == 2;
    case TcpOption::SACK:
        return length >= 10 && (length - 2) % 8 == 0;
    case TcpOption::TS:
        return length == 10;
    default:
        return true;
    }
}

/// \return an empty option of a kind synfin reads, or null for any other kind
Ptr<TcpOption>
MakeOption(uint8_t kind)
{
    switch (kind)
    {
    case TcpOption::MSS:
        return CreateObject<TcpOptionMSS>();
    case TcpOption::WINSCALE:
        return CreateObject<TcpOptionWinScale>();
    case TcpOption::SACKPERMITTED:
        return CreateObject<TcpOptionSackPermitted>();
    case TcpOption::SACK:
        return CreateObject<TcpOptionSack>();
    case TcpOption::TS:
        return CreateObject<TcpOptionTS>();
    default:
        return nullptr;
    }
}

} // namespace

uint32_t
SynFinHeaderReader::Deserialize(Buffer::Iterator start)
{
    // Start afresh, as TcpHeader::Deserialize does (the object may be read into twice).
    static_cast<TcpHeader&>(*this) = TcpHeader();
    // RFC 9293 section 3.1, the header format.
    Buffer::Iterator i = start;
    SetSourcePort(i.ReadNtohU16());
    SetDestinationPort(i.ReadNtohU16());
    SetSequenceNumber(SequenceNumber32(i.ReadNtohU32()));
    SetAckNumber(SequenceNumber32(i.ReadNtohU32()));
    uint16_t field = i.ReadNtohU16();
    SetFlags(static_cast<uint8_t>(field & 0xFF));
    uint32_t headerLength = (field >> 12) * 4;
    SetWindowSize(i.ReadNtohU16());
    i.Next(2); // checksum
    SetUrgentPointer(i.ReadNtohU16());
    if (headerLength < 20)
    {
        NS_LOG_WARN("data offset below 5 words; no options read");
        return 20; // as TcpHeader does
    }
    uint32_t left = headerLength - 20;
    while (left > 0)
    {
        uint8_t kind = i.PeekU8();
        if (kind == TcpOption::END)
        {
            break; // the rest is padding
        }
        if (kind == TcpOption::NOP)
        {
            i.Next(1);
            --left;
            continue;
        }
        if (left < 2)
        {
            NS_LOG_WARN("option " << +kind << " cut off by the header's end");
            break;
        }
        Buffer::Iterator at = i;
        at.Next(1);
        uint8_t length = at.ReadU8();
        if (length < 2 || length > left)
        {
            NS_LOG_WARN("option " << +kind << " of length " << +length << " does not fit");
            break;
        }
        if (!LengthFits(kind, length))
        {
            NS_LOG_WARN("option " << +kind << " has the wrong length " << +length);
            break;
        }
        Ptr<TcpOption> option = MakeOption(kind);
        if (option)
        {
            if (option->Deserialize(i) != length || option->GetSerializedSize() != length)
            {
                NS_LOG_WARN("option " << +kind << " is malformed");
                break;
            }
            AppendOption(option);
        }
        i.Next(length);
        left -= length;
    }
    return headerLength;
}

} // namespace ns3
