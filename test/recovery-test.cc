/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Loss recovery and congestion control, segment by segment against a scripted peer: SACK
 * recovery of two holes in one round trip (RFC 6675), NewReno fast retransmit without SACK
 * for ISNs anywhere in the sequence space (RFC 6582), the RTO with backoff, ns-3's
 * congestion controls chosen by TypeId and their traces.
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include "ns3/object-factory.h"
#include "ns3/pointer.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-option-rfc793.h"
#include "ns3/tcp-option-sack-permitted.h"
#include "ns3/tcp-option-sack.h"
#include "ns3/tcp-socket-state.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

class Recovery : public SimulatorTest
{
};

constexpr uint32_t kSeg = 1000; //!< the segment size of these tests

/// \return an MSS option
Ptr<const TcpOption>
Mss(uint16_t value)
{
    Ptr<TcpOptionMSS> mss = CreateObject<TcpOptionMSS>();
    mss->SetMSS(value);
    return mss;
}

/// \return a SACK option with the given blocks (absolute sequence numbers)
Ptr<const TcpOption>
Sack(const std::vector<std::pair<uint32_t, uint32_t>>& blocks)
{
    Ptr<TcpOptionSack> sack = CreateObject<TcpOptionSack>();
    for (const auto& [first, second] : blocks)
    {
        sack->AddSackBlock({SequenceNumber32(first), SequenceNumber32(second)});
    }
    return sack;
}

/**
 * Open a connection (SACK offered by the peer when \p sack), with a window of ten segments,
 * and queue \p bytes.
 * \return the first data byte's sequence number
 */
uint32_t
OpenAndQueue(SocketHarness& h, Ptr<SynFinSocket> s, bool sack, uint32_t bytes)
{
    s->SetAttribute("SegmentSize", UintegerValue(kSeg));
    s->SetAttribute("InitialCwnd", UintegerValue(10));
    s->SetAttribute("Timestamp", BooleanValue(false));
    s->SetAttribute("WindowScaling", BooleanValue(false));
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    EXPECT_EQ(syn.size(), 1u);
    std::vector<Ptr<const TcpOption>> options{Mss(kSeg)};
    if (sack)
    {
        options.push_back(CreateObject<TcpOptionSackPermitted>());
    }
    h.SendWithOptions(TcpHeader::SYN | TcpHeader::ACK,
                      SocketHarness::kPeerIss,
                      syn.at(0).seq + 1,
                      0,
                      65535,
                      options);
    h.Take(); // the handshake's ACK
    EXPECT_EQ(s->Send(Create<Packet>(bytes), 0), static_cast<int>(bytes));
    h.Advance(MilliSeconds(1));
    return syn.at(0).seq + 1;
}

/**
 * With PersistTimeout 1 s and DataRetries 3, open a connection, let the initial window of
 * ten segments go, and have the receiver take them all and close its window.
 * \return the first data byte's sequence number
 */
uint32_t
WindowClosedAfterTenSegments(SocketHarness& h, Ptr<SynFinSocket> s)
{
    s->SetAttribute("PersistTimeout", TimeValue(Seconds(1)));
    s->SetAttribute("DataRetries", UintegerValue(3));
    uint32_t una = OpenAndQueue(h, s, false, 20 * kSeg);
    EXPECT_EQ(h.Take().size(), 10u);
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una + 10 * kSeg, 0, 0);
    return una;
}

/// \return true if a segment of \p sent starts at \p seq
bool
HasSegmentAt(const std::vector<Sent>& sent, uint32_t seq)
{
    for (const Sent& s : sent)
    {
        if (s.seq == seq && s.length > 0)
        {
            return true;
        }
    }
    return false;
}

/**
 * Open a client connection without timestamps, the socket's ACK settings as they are.
 * \return SND.UNA, for the ACK field of the peer's segments
 */
uint32_t
OpenReceiver(SocketHarness& h, Ptr<SynFinSocket> s)
{
    s->SetAttribute("Timestamp", BooleanValue(false));
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    EXPECT_EQ(syn.size(), 1u);
    uint32_t una = syn.at(0).seq + 1;
    h.Send(TcpHeader::SYN | TcpHeader::ACK, SocketHarness::kPeerIss, una, 0, 65535, 1000);
    h.Take(); // the handshake's ACK
    return una;
}

/// Deliver 500 bytes at \p seq. \return how many segments answer them within 1 ms
std::size_t
DataAnswers(SocketHarness& h, uint32_t una, uint32_t seq)
{
    h.Send(TcpHeader::ACK, seq, una, 500);
    h.Advance(MilliSeconds(1));
    return h.Take().size();
}

} // namespace

TEST_F(Recovery, Sack_TwoHolesInOneWindow_BothRetransmittedWithinOneRoundTrip)
{
    for (const char* recovery : {"ns3::TcpPrrRecovery", "ns3::TcpClassicRecovery"})
    {
        SCOPED_TRACE(recovery);
        SocketHarness h;
        h.Tcp()->SetAttribute("RecoveryType", TypeIdValue(TypeId::LookupByName(recovery)));
        Ptr<SynFinSocket> s = h.NewSocket();
        uint32_t retransmits = 0;
        s->TraceConnectWithoutContext("Retransmit",
                                      MakeBoundCallback(
                                          +[](uint32_t* n, uint8_t, uint32_t) { ++*n; },
                                          &retransmits));
        uint32_t una = OpenAndQueue(h, s, true, 20 * kSeg);
        std::vector<Sent> window = h.Take();
        ASSERT_EQ(window.size(), 10u); // the initial window
        // Segments 1 and 4 are lost; 0, 2, 3 and 5..9 arrive. The peer answers each at
        // once, as a receiver with a hole does (RFC 5681 4.2), with its SACK blocks.
        uint32_t rcv = SocketHarness::kPeerIss + 1;
        h.Send(TcpHeader::ACK, rcv, una + kSeg);
        std::pair<uint32_t, uint32_t> low{una + 2 * kSeg, una + 2 * kSeg};
        for (uint32_t seg : {2u, 3u, 5u, 6u, 7u, 8u, 9u})
        {
            std::vector<std::pair<uint32_t, uint32_t>> blocks;
            if (seg < 4)
            {
                low.second = una + (seg + 1) * kSeg;
                blocks = {low};
            }
            else
            {
                blocks = {{una + 5 * kSeg, una + (seg + 1) * kSeg}, low};
            }
            h.SendWithOptions(TcpHeader::ACK, rcv, una + kSeg, 0, 65535, {Sack(blocks)});
        }
        h.Advance(MilliSeconds(1));
        std::vector<Sent> burst = h.Take();
        // Within the round trip of the first retransmission, both holes are resent.
        EXPECT_TRUE(HasSegmentAt(burst, una + kSeg)) << "first hole not retransmitted";
        EXPECT_TRUE(HasSegmentAt(burst, una + 4 * kSeg)) << "second hole not retransmitted";
        EXPECT_EQ(retransmits, 2u);
        EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_RECOVERY);
        // Nothing SACKed is sent again.
        for (uint32_t seg : {2u, 3u, 5u, 6u, 7u, 8u, 9u})
        {
            EXPECT_FALSE(HasSegmentAt(burst, una + seg * kSeg)) << "segment " << seg;
        }
        // Everything sent so far arrives: the recovery ends, no timeout ever fired.
        uint32_t highest = una + 10 * kSeg;
        for (const Sent& seg : burst)
        {
            highest = std::max(highest, seg.seq + seg.length);
        }
        h.Send(TcpHeader::ACK, rcv, highest);
        h.Advance(MilliSeconds(1));
        EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_OPEN);
        EXPECT_EQ(retransmits, 2u);
        // Leaving recovery sets cwnd to ssthresh; the ACK that ends it may grow it by one
        // congestion-avoidance step.
        EXPECT_GE(s->GetTcb()->m_cWnd.Get(), s->GetTcb()->m_ssThresh.Get());
        EXPECT_LE(s->GetTcb()->m_cWnd.Get(), s->GetTcb()->m_ssThresh.Get() + kSeg);
    }
}

TEST_F(Recovery, Sack_LostTailWithNothingUnsent_ResentByRule3AsStock_NotUnderLinux)
{
    // Ten segments, all the data there is; 1 and the last, 9, are lost. Nothing is SACKed
    // above 9, so it is not deemed lost: only NextSeg rule 3 (stock's default) resends it
    // before the retransmission timeout.
    for (bool rule3 : {true, false})
        for (bool close : {false, true}) // with the FIN sent too, as a short flow's sender does
        {
            SCOPED_TRACE(std::string(rule3 ? "rule 3" : "no rule 3") + (close ? ", closed" : ""));
            SocketHarness h;
            Ptr<SynFinSocket> s = h.NewSocket();
            s->SetAttribute("NextSegRule3", BooleanValue(rule3));
            uint32_t una = OpenAndQueue(h, s, true, 10 * kSeg);
            if (close)
            {
                s->Close();
                h.Advance(MilliSeconds(1));
            }
            ASSERT_EQ(h.Take().size(), close ? 11u : 10u);
            uint32_t rcv = SocketHarness::kPeerIss + 1;
            h.Send(TcpHeader::ACK, rcv, una + kSeg);
            for (uint32_t seg = 2; seg <= 8; ++seg)
            {
                h.SendWithOptions(TcpHeader::ACK,
                                  rcv,
                                  una + kSeg,
                                  0,
                                  65535,
                                  {Sack({{una + 2 * kSeg, una + (seg + 1) * kSeg}})});
            }
            h.Advance(MilliSeconds(1));
            std::vector<Sent> burst = h.Take();
            EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_RECOVERY);
            EXPECT_TRUE(HasSegmentAt(burst, una + kSeg)) << "the hole is resent (rule 1)";
            EXPECT_EQ(HasSegmentAt(burst, una + 9 * kSeg), rule3) << "the tail";
            if (!rule3)
            {
                // Only what is deemed lost. (Rule 3 also resends segments that the later
                // duplicate ACKs go on to SACK: its price, on stock as here.)
                for (uint32_t seg = 2; seg <= 9; ++seg)
                {
                    EXPECT_FALSE(HasSegmentAt(burst, una + seg * kSeg)) << "segment " << seg;
                }
            }
        }
}

TEST_F(Recovery, NewReno_OneLostSegment_FastRetransmitNoTimeout_AnyIsn)
{
    // The ISN sits at several places of the 32-bit space, wrapping ones included: the
    // comparisons that decide recovery must work across the wrap.
    for (uint32_t isn : {0u, 0x7ffffff0u, 0xfffffc00u, 0xffffffffu - 5 * kSeg})
    {
        SCOPED_TRACE(isn);
        SocketHarness h;
        h.Tcp()->SetAttribute("SocketType", TypeIdValue(TypeId::LookupByName("ns3::TcpNewReno")));
        Ptr<SynFinSocket> s = h.NewSocket();
        h.Tcp()->SetNextIss(SequenceNumber32(isn));
        uint32_t retransmits = 0;
        s->TraceConnectWithoutContext("Retransmit",
                                      MakeBoundCallback(
                                          +[](uint32_t* n, uint8_t, uint32_t) { ++*n; },
                                          &retransmits));
        uint32_t una = OpenAndQueue(h, s, false, 10 * kSeg);
        ASSERT_EQ(una, isn + 1);
        ASSERT_EQ(h.Take().size(), 10u);
        uint32_t rcv = SocketHarness::kPeerIss + 1;
        // Segment 0 is lost; the nine others each draw a duplicate ACK.
        for (int i = 0; i < 9; ++i)
        {
            h.Send(TcpHeader::ACK, rcv, una);
        }
        h.Advance(MilliSeconds(1));
        std::vector<Sent> sent = h.Take();
        ASSERT_FALSE(sent.empty());
        EXPECT_EQ(sent.front().seq, una) << "fast retransmit of the lost segment";
        EXPECT_EQ(retransmits, 1u);
        // Its ACK covers everything: recovery ends with cwnd = ssthresh, which NewReno takes
        // as half the flight when recovery began. As in stock ns-3, that flight is the pipe
        // (RFC 6675 SetPipe with one "Reno SACK" per duplicate ACK) plus the lost head:
        // 10 segments sent, 3 duplicate ACKs, 1 lost, +1 = 7 segments.
        h.Send(TcpHeader::ACK, rcv, una + 10 * kSeg);
        h.Advance(MilliSeconds(1));
        EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_OPEN);
        EXPECT_EQ(s->GetTcb()->m_ssThresh.Get(), 7 * kSeg / 2);
        // The ending ACK adds one congestion-avoidance step (SMSS * SMSS / cwnd).
        EXPECT_EQ(s->GetTcb()->m_cWnd.Get(), 7 * kSeg / 2 + kSeg * kSeg / (7 * kSeg / 2));
        EXPECT_EQ(retransmits, 1u);
        EXPECT_EQ(s->GetState(), TcpSocket::ESTABLISHED);
    }
}

TEST_F(Recovery, Rto_BacksOffAndCollapsesTheWindow)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("InitialRto", TimeValue(Seconds(1)));
    s->SetAttribute("MinRto", TimeValue(Seconds(1)));
    std::vector<Time> rto;
    s->TraceConnectWithoutContext(
        "RTO",
        MakeBoundCallback(
            +[](std::vector<Time>* v, Time, Time now) { v->push_back(now); },
            &rto));
    uint32_t una = OpenAndQueue(h, s, false, 4 * kSeg);
    ASSERT_EQ(h.Take().size(), 4u);
    // Nothing comes back: the head goes again after 1 s, then 2 s, 4 s, 8 s.
    std::vector<Time> resent;
    for (int i = 0; i < 3; ++i)
    {
        h.Advance(Seconds(8));
        for (const Sent& seg : h.Take())
        {
            EXPECT_EQ(seg.seq, una);
            resent.push_back(seg.time);
        }
    }
    // 24 s: resent at 1, 3, 7 and 15 s after the first transmission.
    ASSERT_EQ(resent.size(), 4u);
    EXPECT_NEAR((resent[1] - resent[0]).GetSeconds(), 2.0, 0.01);
    EXPECT_NEAR((resent[2] - resent[1]).GetSeconds(), 4.0, 0.01);
    EXPECT_NEAR((resent[3] - resent[2]).GetSeconds(), 8.0, 0.01);
    EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_LOSS);
    EXPECT_EQ(s->GetTcb()->m_cWnd.Get(), kSeg);
    ASSERT_FALSE(rto.empty());
    EXPECT_EQ(rto.back(), Seconds(16)); // the RTO trace shows the backoff
}

TEST_F(Recovery, Traces_ReachableThroughTheSocketListConfigPath)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    std::vector<uint32_t> cwnd;
    std::vector<uint32_t> inFlight;
    Config::ConnectWithoutContext(
        "/NodeList/*/$ns3::SynFinL4Protocol/SocketList/*/CongestionWindow",
        MakeBoundCallback(
            +[](std::vector<uint32_t>* v, uint32_t, uint32_t now) { v->push_back(now); },
            &cwnd));
    Config::ConnectWithoutContext(
        "/NodeList/*/$ns3::SynFinL4Protocol/SocketList/*/BytesInFlight",
        MakeBoundCallback(
            +[](std::vector<uint32_t>* v, uint32_t, uint32_t now) { v->push_back(now); },
            &inFlight));
    uint32_t una = OpenAndQueue(h, s, false, 4 * kSeg);
    ASSERT_EQ(h.Take().size(), 4u);
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una + 4 * kSeg);
    h.Advance(MilliSeconds(1));
    ASSERT_FALSE(cwnd.empty());
    EXPECT_GT(cwnd.back(), 10 * kSeg) << "slow start grew the window";
    ASSERT_FALSE(inFlight.empty());
    EXPECT_EQ(*std::max_element(inFlight.begin(), inFlight.end()), 4 * kSeg);
    EXPECT_EQ(inFlight.back(), 0u);
}

TEST_F(Recovery, CongestionOpsOnTheSocket_EachConnectionForksIt)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    Ptr<TcpCongestionOps> vegas =
        DynamicCast<TcpCongestionOps>(ObjectFactory("ns3::TcpVegas").Create());
    ASSERT_NE(vegas, nullptr);
    // The stock attribute, as programs written for TcpSocketBase set it.
    ASSERT_TRUE(s->SetAttributeFailSafe("CongestionOps", PointerValue(vegas)));
    OpenAndQueue(h, s, false, 4 * kSeg);
    Ptr<TcpCongestionOps> used = s->GetCongestionControl();
    ASSERT_NE(used, nullptr);
    EXPECT_EQ(used->GetName(), "TcpVegas");
    EXPECT_NE(PeekPointer(used), PeekPointer(vegas)) << "a fork, not the prototype itself";
    PointerValue read;
    s->GetAttribute("CongestionOps", read);
    EXPECT_EQ(read.GetObject(), used);
}

TEST_F(Recovery, ZeroWindow_PersistProbesBackOff_ReopeningKeepsTheWindow)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    uint32_t una = WindowClosedAfterTenSegments(h, s);
    uint32_t rcv = SocketHarness::kPeerIss + 1;
    h.Advance(MilliSeconds(1));
    h.ExpectNothing();
    uint32_t cwnd = s->GetTcb()->m_cWnd.Get();
    // Probes of one byte after 1 s, then 2 s, then 4 s, each answered with the window still
    // closed: answered probes never end the connection, whatever DataRetries says.
    Time start = Simulator::Now();
    std::vector<double> at;
    while (at.size() < 5 && Simulator::Now() - start < Seconds(60))
    {
        h.Advance(MilliSeconds(10));
        for (const Sent& probe : h.Take())
        {
            EXPECT_EQ(probe.length, 1u) << probe.ToString();
            EXPECT_EQ(probe.seq, una + 10 * kSeg);
            at.push_back((probe.time - start).GetSeconds());
            h.Send(TcpHeader::ACK, rcv, una + 10 * kSeg, 0, 0); // still closed
        }
    }
    ASSERT_GE(at.size(), 5u);
    EXPECT_NEAR(at[0], 1.0, 0.01);
    EXPECT_NEAR(at[1], 3.0, 0.01);
    EXPECT_NEAR(at[2], 7.0, 0.01);
    EXPECT_NEAR(at[3], 15.0, 0.01);
    EXPECT_EQ(s->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(s->GetTcb()->m_congState.Get(), TcpSocketState::CA_OPEN);
    // The window opens (the last probe byte taken): sending resumes with the same cwnd.
    h.Send(TcpHeader::ACK, rcv, una + 10 * kSeg + 1, 0, 65535);
    h.Advance(MilliSeconds(1));
    std::vector<Sent> resumed = h.Take();
    EXPECT_EQ(s->GetTcb()->m_cWnd.Get(), cwnd) << "probing is no loss";
    ASSERT_FALSE(resumed.empty());
    EXPECT_EQ(resumed.front().seq, una + 10 * kSeg + 1);
    EXPECT_GE(resumed.size(), 9u); // the rest of the data, cwnd permitting
}

TEST_F(Recovery, ZeroWindow_UnansweredProbes_EndTheConnectionAfterDataRetries)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    WindowClosedAfterTenSegments(h, s);
    h.Advance(Seconds(100)); // the peer is gone: nothing answers
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
}

TEST_F(Recovery, QuickAck_FirstSegmentsAckedAtOnce_ThenDelayed_AgainAfterOutOfOrderData)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("QuickAckSegments", UintegerValue(3));
    s->SetAttribute("QuickAckOnOutOfOrder", BooleanValue(true));
    uint32_t una = OpenReceiver(h, s);
    uint32_t seq = SocketHarness::kPeerIss + 1;
    auto data = [&](uint32_t at) { return DataAnswers(h, una, at); };
    // Linux's quick-ACK mode: the first three segments are each acknowledged at once.
    for (int i = 0; i < 3; ++i)
    {
        EXPECT_EQ(data(seq), 1u) << "segment " << i;
        seq += 500;
    }
    // Then the delayed-ACK rules: an ACK for every second segment.
    EXPECT_EQ(data(seq), 0u);
    seq += 500;
    EXPECT_EQ(data(seq), 1u);
    seq += 500;
    // Out-of-order data is acknowledged at once and starts quick ACKs again.
    EXPECT_EQ(data(seq + 500), 1u);
    EXPECT_EQ(data(seq), 1u); // fills the gap
    seq += 1000;
    EXPECT_EQ(data(seq), 1u);
    seq += 500;
    EXPECT_EQ(data(seq), 1u);
}

TEST_F(Recovery, QuickAck_FirstDataSegmentAckedAtOnceByDefault_AsStock)
{
    // Stock ns-3 acknowledges the first data segment of a connection at once ("always respond
    // to first data packet"), then one ACK for every second segment.
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    uint32_t una = OpenReceiver(h, s);
    uint32_t seq = SocketHarness::kPeerIss + 1;
    auto data = [&](uint32_t at) { return DataAnswers(h, una, at); };
    EXPECT_EQ(data(seq), 1u) << "the first data segment is acknowledged at once";
    seq += 500;
    EXPECT_EQ(data(seq), 0u) << "the second waits for the delayed ACK";
    seq += 500;
    EXPECT_EQ(data(seq), 1u) << "the third completes a pair";
}

TEST_F(Recovery, QuickAck_Zero_DelaysFromTheFirstSegment)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("QuickAckSegments", UintegerValue(0));
    uint32_t una = OpenReceiver(h, s);
    EXPECT_EQ(DataAnswers(h, una, SocketHarness::kPeerIss + 1), 0u)
        << "RFC 5681 4.2: the first segment waits for the delayed ACK";
}
