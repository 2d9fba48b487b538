/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TCP options negotiated in the SYN exchange: window scaling and timestamps (RFC 7323),
 * SACK (RFC 2018).
 */

#include "socket-harness.h"
#include "synfin-test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

class Options : public SimulatorTest
{
};

/// A Window Scale option with the given shift, as read off the wire (SetScale() refuses
/// shifts above 14 in ns-3 debug builds; a peer may still send them).
Ptr<const TcpOption>
WindowScale(uint8_t shift)
{
    Buffer wire;
    wire.AddAtStart(3);
    Buffer::Iterator i = wire.Begin();
    i.WriteU8(TcpOption::WINSCALE);
    i.WriteU8(3);
    i.WriteU8(shift);
    Ptr<TcpOptionWinScale> ws = CreateObject<TcpOptionWinScale>();
    ws->Deserialize(wire.Begin());
    return ws;
}

/// An MSS option.
Ptr<const TcpOption>
Mss(uint16_t mss)
{
    Ptr<TcpOptionMSS> option = CreateObject<TcpOptionMSS>();
    option->SetMSS(mss);
    return option;
}

/// A Timestamps option.
Ptr<const TcpOption>
Timestamp(uint32_t value, uint32_t echo)
{
    Ptr<TcpOptionTS> ts = CreateObject<TcpOptionTS>();
    ts->SetTimestamp(value);
    ts->SetEcho(echo);
    return ts;
}

/// A SACK-permitted option.
Ptr<const TcpOption>
SackPermitted()
{
    return CreateObject<TcpOptionSackPermitted>();
}

/// Blocks as the harness reports them.
using Blocks = std::vector<std::pair<uint32_t, uint32_t>>;

/// Total payload of the segments in `sent`.
uint32_t
PayloadOf(const std::vector<Sent>& sent)
{
    uint32_t total = 0;
    for (const Sent& s : sent)
    {
        total += s.length;
    }
    return total;
}

/// A socket sending 1024-byte segments with room for 100 of them in its first window.
Ptr<SynFinSocket>
BulkSocket(SocketHarness& h)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("SegmentSize", UintegerValue(1024));
    s->SetAttribute("InitialCwnd", UintegerValue(100));
    return s;
}

/**
 * An active opener whose peer answered with a SYN-ACK carrying `options` and offering
 * `window`; the socket has sent its handshake ACK, which is returned.
 */
Sent
Open(SocketHarness& h,
     Ptr<SynFinSocket> s,
     const std::vector<Ptr<const TcpOption>>& options,
     uint16_t window = 1000)
{
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    EXPECT_EQ(syn.size(), 1u);
    h.SendWithOptions(TcpHeader::SYN | TcpHeader::ACK,
                      SocketHarness::kPeerIss,
                      syn.at(0).seq + 1,
                      0,
                      window,
                      options);
    return h.Expect({TcpHeader::ACK, syn.at(0).seq + 1, SocketHarness::kPeerIss + 1});
}

} // namespace

TEST_F(Options, Syn_OffersStockShiftForTheBuffer_InAnUnscaledWindow)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket(); // RcvBufSize 131072: shift 2, as stock ns-3
    h.Connect(s);
    Sent syn = h.Expect({TcpHeader::SYN});
    EXPECT_EQ(syn.wscale, 2);
    EXPECT_EQ(syn.window, 65535); // RFC 7323 2.2: a SYN's window is never scaled

    SocketHarness big;
    Ptr<SynFinSocket> b = big.NewSocket();
    b->SetAttribute("RcvBufSize", UintegerValue(4u << 20));
    big.Connect(b);
    EXPECT_EQ(big.Expect({TcpHeader::SYN}).wscale, 7); // 4 MiB >> 7 = 32768 =< 65535

    SocketHarness off;
    Ptr<SynFinSocket> o = off.NewSocket();
    o->SetAttribute("WindowScaling", BooleanValue(false));
    off.Connect(o);
    EXPECT_EQ(off.Expect({TcpHeader::SYN}).wscale, -1);
}

TEST_F(Options, BothOffer_WindowFieldsAreScaledBothWays)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Mss(1024), WindowScale(3)});
    EXPECT_EQ(ack.window, 131072 >> 2); // our window, in units of 2^2
    EXPECT_EQ(ack.wscale, -1);          // options of the SYN only

    // The SYN-ACK's 1000 was taken as it stands; a later field of 100 means 800 bytes.
    ASSERT_EQ(s->Send(Create<Packet>(100000), 0), 100000);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(PayloadOf(h.Take()), 1000u);
    uint32_t una = ack.seq + 1000;
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una, 0, 100);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(PayloadOf(h.Take()), 800u);
    // A field of 16384 opens 65536 bytes: more than an unscaled window can say.
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, una + 800, 0, 16384 >> 1);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(PayloadOf(h.Take()), 65536u);
}

TEST_F(Options, PeerDoesNotOffer_NoScalingEitherWay)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Mss(1024)});
    EXPECT_EQ(ack.window, 65535); // 131072 bytes free, said unscaled: capped at 65535

    ASSERT_EQ(s->Send(Create<Packet>(50000), 0), 50000);
    h.Advance(MilliSeconds(1));
    h.Take();
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, ack.seq + 1000, 0, 3072);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(PayloadOf(h.Take()), 3072u); // the field as it stands
}

TEST_F(Options, ShiftAbove14_IsUsedAs14)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Mss(1024), WindowScale(15)});
    ASSERT_EQ(s->Send(Create<Packet>(50000), 0), 50000);
    h.Advance(MilliSeconds(1));
    h.Take();
    // RFC 7323 2.3: a shift above 14 is used as 14, so a field of 1 opens 16384 bytes.
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, ack.seq + 1000, 0, 1);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(PayloadOf(h.Take()), 16384u);
}

TEST_F(Options, FixedShift_OfferedAndUsedForOurWindow)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("WindowScaleShift", IntegerValue(7)); // Linux with its default tcp_rmem
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    ASSERT_EQ(syn.size(), 1u);
    EXPECT_EQ(syn[0].wscale, 7);
    h.SendWithOptions(TcpHeader::SYN | TcpHeader::ACK,
                      SocketHarness::kPeerIss,
                      syn[0].seq + 1,
                      0,
                      1000,
                      {WindowScale(0)});
    // A shift of 0 offered is still scaling agreed: our field is 131072 >> 7.
    h.Expect({TcpHeader::ACK, -1, -1, 131072 >> 7});
}

TEST_F(Options, Listener_AnswersWindowScaleOnlyToASynThatOfferedIt)
{
    for (bool offered : {true, false})
    {
        SCOPED_TRACE(offered ? "SYN with Window Scale" : "SYN without");
        SocketHarness h;
        h.Listen(h.NewSocket());
        std::vector<Ptr<const TcpOption>> options{Mss(1460)};
        if (offered)
        {
            options.push_back(WindowScale(6));
        }
        h.SendWithOptions(TcpHeader::SYN, SocketHarness::kPeerIss, 0, 0, 512, options);
        Sent synAck = h.Expect({TcpHeader::SYN | TcpHeader::ACK});
        EXPECT_EQ(synAck.wscale, offered ? 2 : -1); // RFC 7323 2.2
        EXPECT_EQ(synAck.window, 65535);
        h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, synAck.seq + 1, 0, 512);
        h.Advance(MilliSeconds(1));
        ASSERT_EQ(h.Accepted().size(), 1u);
        Ptr<Socket> child = h.Accepted()[0];
        // The child's first ACK shows its window as agreed.
        h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, synAck.seq + 1, 100, 512);
        h.Advance(MilliSeconds(300));
        Sent dataAck = h.Expect({TcpHeader::ACK, synAck.seq + 1, SocketHarness::kPeerIss + 101});
        EXPECT_EQ(dataAck.window, offered ? (131072 - 100) >> 2 : 65535);
    }
}

TEST_F(Options, HighBandwidthDelayPath_SenderKeepsMoreThan64KiBInFlight)
{
    // 100 Mb/s, 20 ms each way: 500 KB in flight fill the path. With 1 MiB buffers and
    // scaling, 2 MB take well under the 1.25 s a 64 KiB window needs at 40 ms a round trip.
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1u << 20));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1u << 20));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    TwoNodeNet net(MilliSeconds(20), false, false, "100Mbps");
    const uint32_t total = 2000000;
    uint32_t received = 0;
    Time done;
    net.Listen(80,
               MakeSynFinCallback<void, Ptr<Socket>, const Address&>([&](Ptr<Socket> conn,
                                                                         const Address&) {
                   conn->SetRecvCallback(MakeSynFinCallback<void, Ptr<Socket>>([&](Ptr<Socket> c) {
                       while (Ptr<Packet> p = c->Recv())
                       {
                           received += p->GetSize();
                       }
                       if (received == total && done.IsZero())
                       {
                           done = Simulator::Now();
                       }
                   }));
               }));
    Ptr<Socket> client = net.Socket(0);
    uint32_t queued = 0;
    auto fill = [&](Ptr<Socket> c, uint32_t) {
        while (queued < total && c->GetTxAvailable() > 0)
        {
            uint32_t n = std::min(total - queued, c->GetTxAvailable());
            queued += c->Send(Create<Packet>(n), 0);
        }
    };
    client->SetSendCallback(MakeSynFinCallback<void, Ptr<Socket>, uint32_t>(fill));
    Time started = Seconds(1);
    SynFinSchedule(started, [&]() {
        client->Connect(InetSocketAddress(net.Address(1), 80));
        fill(client, 0);
    });
    RunUntil(Seconds(20));

    EXPECT_EQ(received, total);
    ASSERT_FALSE(done.IsZero());
    EXPECT_LT((done - started).GetSeconds(), 1.0);
}

TEST_F(Options, Timestamps_Agreed_EverySegmentCarriesThemAndEchoesTsRecent)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    h.Advance(MilliSeconds(1500));
    h.Connect(s);
    std::vector<Sent> syn = h.Take();
    ASSERT_EQ(syn.size(), 1u);
    EXPECT_EQ(syn[0].tsVal, 1500); // the simulation clock in ms, as stock ns-3's
    EXPECT_EQ(syn[0].tsEcr, 0);
    h.Advance(MilliSeconds(10));
    h.SendWithOptions(TcpHeader::SYN | TcpHeader::ACK,
                      SocketHarness::kPeerIss,
                      syn[0].seq + 1,
                      0,
                      65535,
                      {Mss(1024), Timestamp(7000, 1500)});
    Sent ack = h.Expect({TcpHeader::ACK});
    EXPECT_EQ(ack.tsVal, 1510);
    EXPECT_EQ(ack.tsEcr, 7000);

    // Data: RFC 6691, the 12 option bytes come off each segment's payload.
    ASSERT_EQ(s->Send(Create<Packet>(3000), 0), 3000);
    h.Advance(MilliSeconds(1));
    std::vector<Sent> data = h.Take();
    ASSERT_FALSE(data.empty());
    EXPECT_EQ(data[0].length, 1024u - 12u);
    for (const Sent& d : data)
    {
        EXPECT_EQ(d.tsEcr, 7000) << d.ToString();
        EXPECT_EQ(d.tsVal, 1510) << d.ToString();
    }
    // The peer's next segment, in order, sets TS.Recent; the ACK echoes it.
    h.SendWithOptions(TcpHeader::ACK,
                      SocketHarness::kPeerIss + 1,
                      ack.seq + 3000,
                      100,
                      65535,
                      {Timestamp(7100, 1510)});
    h.Advance(MilliSeconds(300));
    Sent dataAck = h.Expect({TcpHeader::ACK, -1, SocketHarness::kPeerIss + 101});
    EXPECT_EQ(dataAck.tsEcr, 7100);
}

TEST_F(Options, Paws_OlderTimestamp_AcknowledgedAndDropped)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Timestamp(7000, 0)}, 65535);
    uint32_t seq = SocketHarness::kPeerIss + 1;
    h.SendWithOptions(TcpHeader::ACK, seq, ack.seq, 100, 65535, {Timestamp(7100, 0)});
    h.Advance(MilliSeconds(300));
    h.Take();
    ASSERT_EQ(s->GetRxAvailable(), 100u);

    // In the window, but stamped before TS.Recent: an old duplicate (RFC 7323 5.3 R1).
    h.SendWithOptions(TcpHeader::ACK, seq + 100, ack.seq, 100, 65535, {Timestamp(7050, 0)});
    h.Advance(MilliSeconds(1));
    Sent reply = h.Expect({TcpHeader::ACK, ack.seq, seq + 100});
    EXPECT_EQ(reply.tsEcr, 7100);
    EXPECT_EQ(s->GetRxAvailable(), 100u);

    // Timestamps 2^31 ahead count as older too (modular comparison, RFC 7323 5.2).
    h.Advance(MilliSeconds(600)); // past the throttle on ACKs to invalid segments
    h.SendWithOptions(TcpHeader::ACK,
                      seq + 100,
                      ack.seq,
                      100,
                      65535,
                      {Timestamp(7100u + 0x80000001u, 0)});
    h.Advance(MilliSeconds(1));
    h.Expect({TcpHeader::ACK, ack.seq, seq + 100});
    EXPECT_EQ(s->GetRxAvailable(), 100u);

    // The same bytes stamped newer are taken.
    h.SendWithOptions(TcpHeader::ACK, seq + 100, ack.seq, 100, 65535, {Timestamp(7200, 0)});
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(s->GetRxAvailable(), 200u);
}

TEST_F(Options, Timestamps_SegmentWithoutOne_DroppedSilently)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Timestamp(7000, 0)}, 65535);
    // RFC 7323 3.2: once timestamps are in use, a non-RST segment without one is dropped.
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, ack.seq, 100);
    h.Advance(MilliSeconds(300));
    h.ExpectNothing();
    EXPECT_EQ(s->GetRxAvailable(), 0u);
    // A RST is judged without its timestamp.
    h.Send(TcpHeader::RST, SocketHarness::kPeerIss + 1, 0);
    h.Advance(MilliSeconds(1));
    EXPECT_EQ(s->GetState(), TcpSocket::CLOSED);
}

TEST_F(Options, Timestamps_OnlyWhenBothOffer)
{
    // The peer's SYN-ACK has none: none are sent afterwards, full-size payloads.
    SocketHarness h;
    Ptr<SynFinSocket> s = BulkSocket(h);
    Sent ack = Open(h, s, {Mss(1024)});
    EXPECT_EQ(ack.tsVal, -1);
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 1, ack.seq, 0, 65535); // window opens
    ASSERT_EQ(s->Send(Create<Packet>(3000), 0), 3000);
    h.Advance(MilliSeconds(1));
    Sent data = h.Expect({TcpHeader::ACK, -1, -1, -1, 1024});
    EXPECT_EQ(data.tsVal, -1);

    // We do not offer them: our SYN has none and a listener's SYN-ACK answers none.
    for (bool listener : {false, true})
    {
        SocketHarness off;
        Ptr<SynFinSocket> o = off.NewSocket();
        o->SetAttribute("Timestamp", BooleanValue(false));
        if (listener)
        {
            off.Listen(o);
            off.SendWithOptions(TcpHeader::SYN,
                                SocketHarness::kPeerIss,
                                0,
                                0,
                                512,
                                {Timestamp(1, 0)});
            EXPECT_EQ(off.Expect({TcpHeader::SYN | TcpHeader::ACK}).tsVal, -1);
        }
        else
        {
            off.Connect(o);
            EXPECT_EQ(off.Expect({TcpHeader::SYN}).tsVal, -1);
        }
    }

    // A SYN with timestamps gets them back in the SYN-ACK, its TSval echoed.
    SocketHarness on;
    on.Listen(on.NewSocket());
    on.SendWithOptions(TcpHeader::SYN, SocketHarness::kPeerIss, 0, 0, 512, {Timestamp(4242, 0)});
    EXPECT_EQ(on.Expect({TcpHeader::SYN | TcpHeader::ACK}).tsEcr, 4242);
}

TEST_F(Options, Sack_PermittedOnlyWhenOfferedAndAnswered)
{
    SocketHarness h;
    h.Connect(h.NewSocket());
    EXPECT_TRUE(h.Expect({TcpHeader::SYN}).sackPermitted);

    for (bool offered : {true, false})
    {
        SCOPED_TRACE(offered ? "SYN with SACK-permitted" : "SYN without");
        SocketHarness l;
        l.Listen(l.NewSocket());
        std::vector<Ptr<const TcpOption>> options{Mss(1460)};
        if (offered)
        {
            options.push_back(SackPermitted());
        }
        l.SendWithOptions(TcpHeader::SYN, SocketHarness::kPeerIss, 0, 0, 512, options);
        EXPECT_EQ(l.Expect({TcpHeader::SYN | TcpHeader::ACK}).sackPermitted, offered);
    }

    SocketHarness off;
    Ptr<SynFinSocket> o = off.NewSocket();
    o->SetAttribute("Sack", BooleanValue(false));
    off.Connect(o);
    EXPECT_FALSE(off.Expect({TcpHeader::SYN}).sackPermitted);
}

TEST_F(Options, Sack_BlocksReportHeldRuns_LatestFirst_MergedAndDroppedAsGapsFill)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    Sent ack = Open(h, s, {Mss(1000), SackPermitted()});
    const uint32_t p = SocketHarness::kPeerIss + 1; // the peer's first data byte
    auto segment = [&](uint32_t k) {
        h.Send(TcpHeader::ACK, p + 100 * k, ack.seq, 100);
        h.Advance(MilliSeconds(1));
    };
    segment(0); // in order: no block (and a delayed ACK)
    h.Advance(MilliSeconds(300));
    EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, p + 100}).sack.empty());
    segment(2); // a hole at 1: one block
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack, (Blocks{{p + 200, p + 300}}));
    segment(5);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack,
              (Blocks{{p + 500, p + 600}, {p + 200, p + 300}}));
    segment(7);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack,
              (Blocks{{p + 700, p + 800}, {p + 500, p + 600}, {p + 200, p + 300}}));
    segment(3); // joins the run at 2: that run comes first, the others keep their order
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack,
              (Blocks{{p + 200, p + 400}, {p + 700, p + 800}, {p + 500, p + 600}}));
    segment(4); // bridges 2-3 and 5
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack,
              (Blocks{{p + 200, p + 600}, {p + 700, p + 800}}));
    segment(1); // fills the first hole: runs below RCV.NXT are no longer reported
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 600}).sack, (Blocks{{p + 700, p + 800}}));
    segment(6);
    EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, p + 800}).sack.empty());
}

TEST_F(Options, Sack_AsManyBlocksAsFit_FourAlone_ThreeBesideTimestamps)
{
    for (bool timestamps : {false, true})
    {
        SCOPED_TRACE(timestamps ? "with timestamps" : "without");
        SocketHarness h;
        Ptr<SynFinSocket> s = h.NewSocket();
        std::vector<Ptr<const TcpOption>> options{Mss(1000), SackPermitted()};
        if (timestamps)
        {
            options.push_back(Timestamp(7000, 0));
        }
        Sent ack = Open(h, s, options);
        const uint32_t p = SocketHarness::kPeerIss + 1;
        Sent last;
        for (uint32_t k : {2u, 4u, 6u, 8u, 10u})
        {
            h.SendWithOptions(TcpHeader::ACK,
                              p + 100 * k,
                              ack.seq,
                              100,
                              65535,
                              timestamps ? std::vector<Ptr<const TcpOption>>{Timestamp(7001, 0)}
                                         : std::vector<Ptr<const TcpOption>>{});
            h.Advance(MilliSeconds(1));
            last = h.Expect({TcpHeader::ACK, -1, p});
        }
        ASSERT_EQ(last.sack.size(), timestamps ? 3u : 4u);
        EXPECT_EQ(last.sack[0], std::make_pair(p + 1000, p + 1100));
    }
}

namespace
{

/// Open a connection with SACK agreed and D-SACK on; return the socket's handshake ACK.
Sent
OpenWithDsack(SocketHarness& h)
{
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("Dsack", BooleanValue(true));
    return Open(h, s, {Mss(1000), SackPermitted()});
}

} // namespace

TEST_F(Options, Dsack_DuplicatesReportedFirst_Once_OldPartialAndHeld)
{
    SocketHarness h;
    Sent ack = OpenWithDsack(h);
    const uint32_t p = SocketHarness::kPeerIss + 1;
    auto send = [&](uint32_t from, uint32_t to) {
        h.Send(TcpHeader::ACK, p + from, ack.seq, to - from);
        h.Advance(MilliSeconds(1));
    };
    send(0, 100);
    h.Advance(MilliSeconds(300));
    EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, p + 100}).sack.empty());
    // RFC 2883 4.1.1: the same segment again, below RCV.NXT: acknowledged at once, with it.
    send(0, 100);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 100}).sack, (Blocks{{p, p + 100}}));
    // Partly old: only the old part is a duplicate.
    send(50, 200);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 200}).sack, (Blocks{{p + 50, p + 100}}));
    // 4.1.2: held out of order, then again: the duplicate first, the run that holds it next.
    send(400, 500);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 200}).sack, (Blocks{{p + 400, p + 500}}));
    send(400, 500);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 200}).sack,
              (Blocks{{p + 400, p + 500}, {p + 400, p + 500}}));
    send(450, 550); // overlaps the held run: its overlap only
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 200}).sack,
              (Blocks{{p + 450, p + 500}, {p + 400, p + 550}}));
    // Reported once: the next ACK carries the SACK blocks alone.
    send(700, 800);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, p + 200}).sack,
              (Blocks{{p + 700, p + 800}, {p + 400, p + 550}}));
}

TEST_F(Options, Dsack_RetransmittedFinAfterFin_ReportsTheFin)
{
    SocketHarness h;
    Sent ack = OpenWithDsack(h);
    const uint32_t fin = SocketHarness::kPeerIss + 1;
    h.Send(TcpHeader::FIN | TcpHeader::ACK, fin, ack.seq, 0);
    EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, fin + 1}).sack.empty());
    h.Advance(MilliSeconds(100));
    h.Send(TcpHeader::FIN | TcpHeader::ACK, fin, ack.seq, 0);
    EXPECT_EQ(h.Expect({TcpHeader::ACK, -1, fin + 1}).sack, (Blocks{{fin, fin + 1}}));
}

TEST_F(Options, Dsack_OffOrSackNotAgreed_DuplicateDrawsPlainAck)
{
    for (bool dsack : {false, true})
    {
        SCOPED_TRACE(dsack ? "Dsack on, SACK not agreed" : "Dsack off (the default)");
        SocketHarness h;
        Ptr<SynFinSocket> s = h.NewSocket();
        if (dsack)
        {
            s->SetAttribute("Dsack", BooleanValue(true));
        }
        Sent ack = dsack ? Open(h, s, {Mss(1000)}) : Open(h, s, {Mss(1000), SackPermitted()});
        const uint32_t p = SocketHarness::kPeerIss + 1;
        h.Send(TcpHeader::ACK, p, ack.seq, 100);
        h.Advance(MilliSeconds(300));
        h.Take();
        h.Send(TcpHeader::ACK, p, ack.seq, 100);
        h.Advance(MilliSeconds(1));
        EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, p + 100}).sack.empty());
    }
}

namespace
{

/// Connect with \p layout; the peer's SYN (MSS only) crosses ours; return our SYN-ACK.
Sent
SimultaneousOpenSynAck(const std::string& layout)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    s->SetAttribute("OptionLayout", StringValue(layout));
    h.Connect(s);
    Sent syn = h.Expect({TcpHeader::SYN});
    EXPECT_GE(syn.tsVal, 0);
    EXPECT_TRUE(syn.sackPermitted);
    h.SendWithOptions(TcpHeader::SYN, SocketHarness::kPeerIss, 0, 0, 65535, {Mss(1000)});
    return h.Expect({TcpHeader::SYN | TcpHeader::ACK, syn.seq, SocketHarness::kPeerIss + 1});
}

} // namespace

TEST_F(Options, SimultaneousOpen_LinuxLayout_SynAckRepeatsTheSynsOptions)
{
    // Linux sends its SYN again with ACK set (tcp_send_synack): what the SYN offered, with
    // TSecr 0 as the peer's SYN carried no timestamp.
    Sent synAck = SimultaneousOpenSynAck("Linux");
    EXPECT_GE(synAck.tsVal, 0);
    EXPECT_EQ(synAck.tsEcr, 0);
    EXPECT_TRUE(synAck.sackPermitted);
    EXPECT_GE(synAck.wscale, 0);
}

TEST_F(Options, SimultaneousOpen_StockLayout_SynAckAnswersOnlyWhatThePeerOffered)
{
    // RFC 7323 2.2 and 3.2, RFC 2018 section 2: the peer's SYN offered none of them.
    Sent synAck = SimultaneousOpenSynAck("Stock");
    EXPECT_EQ(synAck.tsVal, -1);
    EXPECT_FALSE(synAck.sackPermitted);
    EXPECT_EQ(synAck.wscale, -1);
}

TEST_F(Options, Sack_NotAgreed_NoBlocks)
{
    SocketHarness h;
    Ptr<SynFinSocket> s = h.NewSocket();
    Sent ack = Open(h, s, {Mss(1000)});
    h.Send(TcpHeader::ACK, SocketHarness::kPeerIss + 201, ack.seq, 100);
    h.Advance(MilliSeconds(1));
    EXPECT_TRUE(h.Expect({TcpHeader::ACK, -1, SocketHarness::kPeerIss + 1}).sack.empty());
}
