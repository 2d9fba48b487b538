/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-segment.h"

#include <sstream>

namespace synfin_drill
{

namespace
{
const size_t kHeaderBytes = 20; //!< the fixed part of a TCP header
} // namespace

uint32_t
WireOption::Size() const
{
    return kind <= 1 ? 1 : 2 + static_cast<uint32_t>(data.size());
}

uint32_t
ReadBigEndian(const std::vector<uint8_t>& data, size_t offset, size_t size)
{
    uint32_t value = 0;
    for (size_t i = 0; i < size; ++i)
    {
        value = (value << 8) | data[offset + i];
    }
    return value;
}

void
WriteBigEndian(std::vector<uint8_t>& data, size_t offset, size_t size, uint32_t value)
{
    for (size_t i = 0; i < size; ++i)
    {
        data[offset + size - 1 - i] = static_cast<uint8_t>(value >> (8 * i));
    }
}

uint32_t
WireSegment::OptionBytes() const
{
    uint32_t bytes = 0;
    for (const WireOption& o : options)
    {
        bytes += o.Size();
    }
    return bytes;
}

std::vector<uint8_t>
WireSegment::Encode() const
{
    uint32_t optionBytes = OptionBytes();
    uint32_t padded = (optionBytes + 3) / 4 * 4;
    std::vector<uint8_t> bytes(kHeaderBytes + padded, 0);
    WriteBigEndian(bytes, 0, 2, sourcePort);
    WriteBigEndian(bytes, 2, 2, destinationPort);
    WriteBigEndian(bytes, 4, 4, seq);
    WriteBigEndian(bytes, 8, 4, ack);
    uint16_t offsetAndFlags = static_cast<uint16_t>(((kHeaderBytes + padded) / 4) << 12);
    offsetAndFlags |= flags & 0x1ff;
    WriteBigEndian(bytes, 12, 2, offsetAndFlags);
    WriteBigEndian(bytes, 14, 2, window);
    // Bytes 16-17, the checksum, stay zero: the simulation runs with checksums off.
    WriteBigEndian(bytes, 18, 2, urgentPointer);
    size_t at = kHeaderBytes;
    for (const WireOption& o : options)
    {
        bytes[at++] = o.kind;
        if (o.kind > 1)
        {
            bytes[at++] = static_cast<uint8_t>(2 + o.data.size());
            for (uint8_t b : o.data)
            {
                bytes[at++] = b;
            }
        }
    }
    bytes.insert(bytes.end(), payload.begin(), payload.end());
    return bytes;
}

bool
WireSegment::Decode(const std::vector<uint8_t>& bytes, WireSegment& out, std::string& error)
{
    if (bytes.size() < kHeaderBytes)
    {
        error = "a TCP segment of " + std::to_string(bytes.size()) + " bytes (20 at least)";
        return false;
    }
    out = WireSegment();
    out.sourcePort = static_cast<uint16_t>(ReadBigEndian(bytes, 0, 2));
    out.destinationPort = static_cast<uint16_t>(ReadBigEndian(bytes, 2, 2));
    out.seq = ReadBigEndian(bytes, 4, 4);
    out.ack = ReadBigEndian(bytes, 8, 4);
    uint16_t offsetAndFlags = static_cast<uint16_t>(ReadBigEndian(bytes, 12, 2));
    out.flags = offsetAndFlags & 0x1ff;
    out.window = static_cast<uint16_t>(ReadBigEndian(bytes, 14, 2));
    out.urgentPointer = static_cast<uint16_t>(ReadBigEndian(bytes, 18, 2));
    size_t headerBytes = static_cast<size_t>(offsetAndFlags >> 12) * 4;
    if (headerBytes < kHeaderBytes || headerBytes > bytes.size())
    {
        error = "a data offset of " + std::to_string(headerBytes) + " bytes in a segment of " +
                std::to_string(bytes.size());
        return false;
    }
    size_t at = kHeaderBytes;
    while (at < headerBytes)
    {
        WireOption o;
        o.kind = bytes[at];
        if (o.kind == 0)
        {
            // EOL: what follows up to the data is padding, and is kept as more EOLs so that
            // a script can name the header's exact length.
            out.options.push_back(o);
            ++at;
            continue;
        }
        if (o.kind == 1)
        {
            out.options.push_back(o);
            ++at;
            continue;
        }
        if (at + 1 >= headerBytes || bytes[at + 1] < 2 || at + bytes[at + 1] > headerBytes)
        {
            error = "a malformed option of kind " + std::to_string(o.kind);
            return false;
        }
        o.data.assign(bytes.begin() + static_cast<long>(at) + 2,
                      bytes.begin() + static_cast<long>(at) + bytes[at + 1]);
        at += bytes[at + 1];
        out.options.push_back(o);
    }
    out.payload.assign(bytes.begin() + static_cast<long>(headerBytes), bytes.end());
    return true;
}

const WireOption*
WireSegment::Find(uint8_t kind) const
{
    for (const WireOption& o : options)
    {
        if (o.kind == kind)
        {
            return &o;
        }
    }
    return nullptr;
}

WireOption*
WireSegment::Find(uint8_t kind)
{
    for (WireOption& o : options)
    {
        if (o.kind == kind)
        {
            return &o;
        }
    }
    return nullptr;
}

std::string
FlagsText(uint16_t flags)
{
    std::string text;
    const std::pair<uint16_t, char> letters[] = {{WIRE_FIN, 'F'},
                                                 {WIRE_SYN, 'S'},
                                                 {WIRE_RST, 'R'},
                                                 {WIRE_PSH, 'P'},
                                                 {WIRE_ACK, '.'},
                                                 {WIRE_URG, 'U'},
                                                 {WIRE_ECE, 'E'},
                                                 {WIRE_CWR, 'W'},
                                                 {WIRE_AE, 'A'}};
    for (const auto& [bit, letter] : letters)
    {
        if (flags & bit)
        {
            text += letter;
        }
    }
    return text.empty() ? "-" : text;
}

namespace
{

/// One option as packetdrill prints it.
std::string
DescribeOption(const WireOption& o)
{
    std::ostringstream os;
    switch (o.kind)
    {
    case 0:
        return "eol";
    case 1:
        return "nop";
    case 2:
        if (o.data.size() == 2)
        {
            os << "mss " << ReadBigEndian(o.data, 0, 2);
            return os.str();
        }
        break;
    case 3:
        if (o.data.size() == 1)
        {
            os << "wscale " << static_cast<int>(o.data[0]);
            return os.str();
        }
        break;
    case 4:
        return "sackOK";
    case 5:
        if (o.data.size() % 8 == 0)
        {
            os << "sack";
            for (size_t i = 0; i < o.data.size(); i += 8)
            {
                os << " " << ReadBigEndian(o.data, i, 4) << ":" << ReadBigEndian(o.data, i + 4, 4);
            }
            return os.str();
        }
        break;
    case 8:
        if (o.data.size() == 8)
        {
            os << "TS val " << ReadBigEndian(o.data, 0, 4) << " ecr "
               << ReadBigEndian(o.data, 4, 4);
            return os.str();
        }
        break;
    default:
        break;
    }
    os << "kind " << static_cast<int>(o.kind) << " len " << o.Size();
    return os.str();
}

} // namespace

std::string
Describe(const WireSegment& s)
{
    std::ostringstream os;
    os << FlagsText(s.flags) << " " << s.seq << ":" << s.seq + s.payload.size() << "("
       << s.payload.size() << ")";
    if (s.flags & WIRE_ACK)
    {
        os << " ack " << s.ack;
    }
    os << " win " << s.window;
    if (s.flags & WIRE_URG)
    {
        os << " urg " << s.urgentPointer;
    }
    if (!s.options.empty())
    {
        os << " <";
        for (size_t i = 0; i < s.options.size(); ++i)
        {
            os << (i ? "," : "") << DescribeOption(s.options[i]);
        }
        os << ">";
    }
    return os.str();
}

} // namespace synfin_drill
