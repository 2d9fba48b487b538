/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinScoreboard: RFC 6675's pipe, IsLost and NextSeg over SACK blocks and Reno SACKs.
 */

#include "ns3/synfin-scoreboard.h"

#include <gtest/gtest.h>

using namespace ns3;

namespace
{

constexpr uint32_t kSeg = 1000;

/// A board with \p n segments of kSeg sent from \p head.
SynFinScoreboard
Sent(uint32_t n, uint32_t head = 1)
{
    SynFinScoreboard b;
    b.Reset(SequenceNumber32(head));
    b.SetSmss(kSeg);
    b.SetDupThresh(3);
    for (uint32_t i = 0; i < n; ++i)
    {
        EXPECT_FALSE(b.OnSent(SequenceNumber32(head + i * kSeg), kSeg));
    }
    return b;
}

/// The block covering segments [from, to) of a board starting at \p head.
SynFinScoreboard::Block
Segs(uint32_t from, uint32_t to, uint32_t head = 1)
{
    return {SequenceNumber32(head + from * kSeg), SequenceNumber32(head + to * kSeg)};
}

} // namespace

TEST(Scoreboard, Pipe_CountsSentLessSackedAndLostPlusRetransmitted)
{
    SynFinScoreboard b = Sent(10);
    EXPECT_EQ(b.Pipe(), 10 * kSeg);
    EXPECT_EQ(b.OnSackBlocks({Segs(2, 4)}), 2 * kSeg);
    EXPECT_EQ(b.Pipe(), 8 * kSeg);
    // A third SACKed segment makes segments 0 and 1, below all three, lost (DupThresh = 3);
    // segment 4 has only one above it.
    EXPECT_EQ(b.OnSackBlocks({Segs(5, 6), Segs(2, 4)}), kSeg);
    EXPECT_TRUE(b.Segments()[0].lost);
    EXPECT_TRUE(b.Segments()[1].lost);
    EXPECT_FALSE(b.Segments()[4].lost);
    EXPECT_EQ(b.Pipe(), 5 * kSeg); // 10 - 3 SACKed - 2 lost
    ASSERT_NE(b.NextLost(), nullptr);
    EXPECT_EQ(b.NextLost()->begin, SequenceNumber32(1));
    EXPECT_TRUE(b.OnSent(SequenceNumber32(1), kSeg)); // the retransmission
    EXPECT_EQ(b.Pipe(), 6 * kSeg);
    ASSERT_NE(b.NextLost(), nullptr);
    EXPECT_EQ(b.NextLost()->begin, SequenceNumber32(1 + kSeg));
    EXPECT_TRUE(b.OnSent(SequenceNumber32(1 + kSeg), kSeg));
    EXPECT_EQ(b.NextLost(), nullptr);
}

TEST(Scoreboard, IsLost_NeedsDupThreshSackedSegmentsAbove)
{
    SynFinScoreboard b = Sent(10);
    b.OnSackBlocks({Segs(5, 7)});
    EXPECT_FALSE(b.IsLost(SequenceNumber32(1 + 4 * kSeg)));
    b.OnSackBlocks({Segs(5, 8)});
    EXPECT_TRUE(b.IsLost(SequenceNumber32(1 + 4 * kSeg)));
    EXPECT_TRUE(b.IsLost(SequenceNumber32(1)));             // and the head
    EXPECT_FALSE(b.IsLost(SequenceNumber32(1 + 8 * kSeg))); // above the highest SACK
}

TEST(Scoreboard, SackBlock_CoveringPartOfASegmentSacksNothing)
{
    SynFinScoreboard b = Sent(4);
    SynFinScoreboard::Block half{SequenceNumber32(1 + 2 * kSeg),
                                 SequenceNumber32(1 + 2 * kSeg + 500)};
    EXPECT_EQ(b.OnSackBlocks({half}), 0u);
    EXPECT_EQ(b.SackedBytes(), 0u);
    // Nonsense blocks (end before start, beyond what was sent) are ignored.
    EXPECT_EQ(b.OnSackBlocks({{SequenceNumber32(5000), SequenceNumber32(10)}}), 0u);
    EXPECT_EQ(b.OnSackBlocks({Segs(10, 12)}), 0u);
}

TEST(Scoreboard, CumulativeAck_ReturnsOnlyBytesNoSackReported)
{
    SynFinScoreboard b = Sent(6);
    b.OnSackBlocks({Segs(2, 3)});
    // ACK of segments 0..3: 3 newly delivered, 1 delivered earlier by SACK.
    EXPECT_EQ(b.OnCumulativeAck(SequenceNumber32(1 + 4 * kSeg)), 3 * kSeg);
    EXPECT_EQ(b.SentBytes(), 2 * kSeg);
    EXPECT_EQ(b.SackedBytes(), 0u);
    // A partial ACK of one segment keeps the rest.
    EXPECT_EQ(b.OnCumulativeAck(SequenceNumber32(1 + 4 * kSeg + 300)), 300u);
    EXPECT_EQ(b.Segments().front().size, kSeg - 300);
    EXPECT_EQ(b.Pipe(), 2 * kSeg - 300);
}

TEST(Scoreboard, RenoSacks_OnePerDuplicateAck_NeverTheHead)
{
    SynFinScoreboard b = Sent(3);
    b.AddRenoSack();
    b.AddRenoSack();
    b.AddRenoSack(); // no third segment above the head: ignored
    EXPECT_EQ(b.SackedBytes(), 2 * kSeg);
    EXPECT_FALSE(b.Segments().front().sacked);
    b.ResetRenoSacks();
    EXPECT_EQ(b.SackedBytes(), 0u);
}

TEST(Scoreboard, Rto_MarksEveryUnsackedSegmentLostAndForgetsRetransmissions)
{
    SynFinScoreboard b = Sent(5);
    b.OnSackBlocks({Segs(3, 4)});
    b.OnSent(SequenceNumber32(1), kSeg); // a retransmission before the timeout
    b.MarkAllLost(false);
    EXPECT_EQ(b.LostBytes(), 4 * kSeg);
    EXPECT_EQ(b.Pipe(), 0u);
    EXPECT_FALSE(b.IsHeadRetransmitted());
    // Resent in order, skipping what the receiver holds.
    std::vector<uint32_t> order;
    while (const SynFinScoreboard::Segment* s = b.NextLost())
    {
        order.push_back((s->begin - SequenceNumber32(1)) / kSeg);
        b.OnSent(s->begin, s->size);
    }
    EXPECT_EQ(order, (std::vector<uint32_t>{0, 1, 2, 4}));
}

TEST(Scoreboard, WrapsAroundTheSequenceSpace)
{
    uint32_t head = 0xffffffffu - 2 * kSeg + 1;
    SynFinScoreboard b = Sent(6, head);
    b.OnSackBlocks({Segs(1, 4, head)});
    EXPECT_TRUE(b.IsLost(SequenceNumber32(head)));
    EXPECT_EQ(b.Pipe(), 2 * kSeg); // 6 - 3 SACKed - 1 lost
    EXPECT_EQ(b.OnCumulativeAck(SequenceNumber32(head + 4 * kSeg)), kSeg);
    EXPECT_EQ(b.SentBytes(), 2 * kSeg);
}
