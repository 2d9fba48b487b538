/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: a TCP segment as bytes on the wire, both ways, so that options keep their
 * order, their NOPs and their padding (ns-3's TcpHeader keeps neither).
 */

#ifndef SYNFIN_DRILL_SEGMENT_H
#define SYNFIN_DRILL_SEGMENT_H

#include <cstdint>
#include <string>
#include <vector>

namespace synfin_drill
{

/// TCP flag bits as in the header's 13th and 14th bytes (AE is bit 8 of the 16-bit word).
enum WireFlag : uint16_t
{
    WIRE_FIN = 0x001,
    WIRE_SYN = 0x002,
    WIRE_RST = 0x004,
    WIRE_PSH = 0x008,
    WIRE_ACK = 0x010,
    WIRE_URG = 0x020,
    WIRE_ECE = 0x040,
    WIRE_CWR = 0x080,
    WIRE_AE = 0x100,
};

/// One option as it sits in the header: kind, and the bytes after kind and length.
struct WireOption
{
    uint8_t kind{0};           //!< 0 EOL, 1 NOP, 2 MSS, 3 WS, 4 SACK-permitted, 5 SACK, 8 TS, ...
    std::vector<uint8_t> data; //!< the value bytes (none for EOL and NOP)

    /// \return the option's size on the wire (1 for EOL and NOP)
    uint32_t Size() const;
};

/// A TCP segment: header fields, options in wire order, payload.
struct WireSegment
{
    uint16_t sourcePort{0};          //!< source port
    uint16_t destinationPort{0};     //!< destination port
    uint32_t seq{0};                 //!< sequence number
    uint32_t ack{0};                 //!< acknowledgment number (meaningful with ACK)
    uint16_t flags{0};               //!< WireFlag bits
    uint16_t window{0};              //!< window field as sent (not scaled)
    uint16_t urgentPointer{0};       //!< urgent pointer
    std::vector<WireOption> options; //!< in order, NOP and EOL included
    std::vector<uint8_t> payload;    //!< data bytes

    /// \return the header, options padded with EOL to a multiple of 4, and the payload
    std::vector<uint8_t> Encode() const;

    /**
     * \brief Read a segment.
     * \param bytes TCP header and payload
     * \param out receives the segment
     * \param error receives what is malformed
     * \return true if it is a well-formed segment
     */
    static bool Decode(const std::vector<uint8_t>& bytes, WireSegment& out, std::string& error);

    /// \return the option of \p kind, or nullptr
    const WireOption* Find(uint8_t kind) const;
    /// \return the option of \p kind, or nullptr
    WireOption* Find(uint8_t kind);

    /// \return the options' bytes on the wire, without padding
    uint32_t OptionBytes() const;
};

/// \return a big-endian 16- or 32-bit value read from \p data at \p offset
uint32_t ReadBigEndian(const std::vector<uint8_t>& data, size_t offset, size_t size);
/// Write a big-endian value of \p size bytes.
void WriteBigEndian(std::vector<uint8_t>& data, size_t offset, size_t size, uint32_t value);

/// \return the flags as packetdrill writes them ("S.", "F.", "P.", "R", ".")
std::string FlagsText(uint16_t flags);

/**
 * \brief The segment as packetdrill prints one: "S. 0:0(0) ack 1 win 65535 <mss 1460,nop>".
 * \param segment the segment, its numbers already in the script's space
 * \return the text
 */
std::string Describe(const WireSegment& segment);

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_SEGMENT_H */
