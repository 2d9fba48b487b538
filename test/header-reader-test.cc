/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinHeaderReader against ns-3's own TcpHeader::Deserialize on the same bytes.
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

/// The bytes of a header: 20 fixed bytes and `options` (padded with END to a word).
Ptr<Packet>
Segment(const std::vector<uint8_t>& options, uint8_t dataOffsetWords = 0)
{
    std::vector<uint8_t> b = {0x13, 0x88, 0x00, 0x50, 0,    0,    0x10, 0x01, 0, 0,
                              0x20, 0x02, 0,    0x12, 0x04, 0x00, 0,    0,    0, 0};
    b.insert(b.end(), options.begin(), options.end());
    while (b.size() % 4)
    {
        b.push_back(0);
    }
    uint8_t words = dataOffsetWords ? dataOffsetWords : static_cast<uint8_t>(b.size() / 4);
    b[12] = static_cast<uint8_t>(words << 4);
    b.insert(b.end(), {'d', 'a', 't', 'a'});
    return Create<Packet>(b.data(), static_cast<uint32_t>(b.size()));
}

/// A description of a header's fields and options, for comparing two readings.
std::string
Describe(const TcpHeader& h, uint32_t payloadLeft)
{
    std::ostringstream os;
    os << h.GetSourcePort() << '>' << h.GetDestinationPort() << " seq " << h.GetSequenceNumber()
       << " ack " << h.GetAckNumber() << " flags " << +h.GetFlags() << " win " << h.GetWindowSize()
       << " urg " << h.GetUrgentPointer() << " payload " << payloadLeft;
    for (const auto& option : h.GetOptionList())
    {
        if (!TcpOption::IsKindKnown(option->GetKind()) || option->GetKind() == TcpOption::NOP ||
            option->GetKind() == TcpOption::END)
        {
            continue; // ns-3 keeps these; the reader skips them
        }
        os << " [";
        option->Print(os);
        os << ']';
    }
    return os.str();
}

/// Read the same bytes both ways; both must agree.
void
ExpectSameAsTcpHeader(const std::vector<uint8_t>& options, uint8_t dataOffsetWords = 0)
{
    Ptr<Packet> a = Segment(options, dataOffsetWords);
    Ptr<Packet> b = a->Copy();
    TcpHeader stock;
    a->RemoveHeader(stock);
    SynFinHeaderReader reader;
    b->RemoveHeader(reader);
    EXPECT_EQ(Describe(reader, b->GetSize()), Describe(stock, a->GetSize()));
}

} // namespace

TEST(HeaderReader, EveryOptionSynFinReads_SameAsTcpHeader)
{
    // A Linux SYN: MSS 1460, SACK-permitted, timestamps, NOP, window scale 7.
    ExpectSameAsTcpHeader(
        {2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0, 0, 1, 3, 3, 7});
    // NOP, NOP, timestamps, then three SACK blocks.
    std::vector<uint8_t> sack = {1, 1, 8, 10, 0, 0, 0, 9, 0, 0, 0, 8, 1, 1, 5, 26};
    for (uint32_t block = 0; block < 3; ++block)
    {
        for (uint32_t edge : {1000 + 100 * block, 1050 + 100 * block})
        {
            sack.insert(sack.end(),
                        {static_cast<uint8_t>(edge >> 24),
                         static_cast<uint8_t>(edge >> 16),
                         static_cast<uint8_t>(edge >> 8),
                         static_cast<uint8_t>(edge)});
        }
    }
    ExpectSameAsTcpHeader(sack);
    ExpectSameAsTcpHeader({});         // no options
    ExpectSameAsTcpHeader({3, 3, 15}); // a shift above 14 is read as sent
}

TEST(HeaderReader, PaddingUnknownAndMalformedOptions_SameAsTcpHeader)
{
    ExpectSameAsTcpHeader({30, 4, 0xaa, 0xbb, 2, 4, 0x02, 0x18}); // unknown kind, then MSS
    ExpectSameAsTcpHeader({2, 4, 0x02, 0x18, 0, 9, 9, 9});        // END, then junk
    ExpectSameAsTcpHeader({}, 3);                                 // data offset below 5
}

TEST(HeaderReader, KnownKindOfTheWrongLength_EndsTheOptionsWithoutAborting)
{
    // ns-3's TcpOptionMSS aborts the program on such an option; the reader stops there.
    Ptr<Packet> p = Segment({2, 4, 0x02, 0x18, 2, 3, 0x02, 0x18, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0});
    SynFinHeaderReader reader;
    EXPECT_EQ(p->RemoveHeader(reader), 40u);
    EXPECT_EQ(p->GetSize(), 4u);
    EXPECT_TRUE(reader.HasOption(TcpOption::MSS));
    EXPECT_FALSE(reader.HasOption(TcpOption::TS));

    // An option longer than the header ends the options; the data still starts where the
    // data offset says (RFC 9293 3.1), where TcpHeader would take the option's bytes for data.
    Ptr<Packet> q = Segment({8, 40, 0, 0});
    SynFinHeaderReader longer;
    EXPECT_EQ(q->RemoveHeader(longer), 24u);
    EXPECT_EQ(q->GetSize(), 4u);
    EXPECT_TRUE(longer.GetOptionList().empty());
}
