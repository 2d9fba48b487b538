/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SYN floods and SYN cookies (RFC 4987): the cookie arithmetic, a listener whose SYN
 * queue a spoofed flood fills, with and without cookies, and what a cookie costs.
 */

#include "synfin-test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

SynFinFourTuple
Tuple()
{
    return {Ipv4Address("10.1.1.2"), Ipv4Address("10.1.1.1"), 80, 40000};
}

SynFinIsnGenerator
Keyed()
{
    SynFinIsnGenerator g;
    g.SetKey(0x0123456789abcdefULL);
    return g;
}

TEST(SynCookie, ReturnedCookie_ChecksAndCarriesTheMssStep)
{
    SynFinIsnGenerator g = Keyed();
    SequenceNumber32 isn(123456789);
    Time now = Seconds(10);
    // The largest step of 536, 1300, 1440, 1460 the peer's MSS allows, 536 below that.
    for (auto [announced, carried] : std::vector<std::pair<uint16_t, uint16_t>>{{1460, 1460},
                                                                                {9000, 1460},
                                                                                {1448, 1440},
                                                                                {1400, 1300},
                                                                                {1000, 536},
                                                                                {100, 536}})
    {
        SequenceNumber32 cookie = g.Cookie(now, Tuple(), isn, announced);
        auto mss = g.CheckCookie(now + MilliSeconds(50), Tuple(), isn, cookie);
        ASSERT_TRUE(mss.has_value()) << announced;
        EXPECT_EQ(*mss, carried) << announced;
    }
}

TEST(SynCookie, OtherTupleIsnOrValue_Fails)
{
    SynFinIsnGenerator g = Keyed();
    SequenceNumber32 isn(5000);
    SequenceNumber32 cookie = g.Cookie(Seconds(1), Tuple(), isn, 1460);
    SynFinFourTuple otherPort = Tuple();
    otherPort.remotePort = 40001;
    SynFinFourTuple otherAddress = Tuple();
    otherAddress.remoteAddress = Ipv4Address("10.1.1.3");
    EXPECT_FALSE(g.CheckCookie(Seconds(1), otherPort, isn, cookie));
    EXPECT_FALSE(g.CheckCookie(Seconds(1), otherAddress, isn, cookie));
    // The peer's ISN is covered only up to the MSS index: as in Linux, SEG.SEQ one lower
    // reads as the next MSS step; four off (past the last step) or one higher (below the
    // first from 1460) no longer checks.
    EXPECT_FALSE(g.CheckCookie(Seconds(1), Tuple(), isn + 4, cookie));
    EXPECT_FALSE(g.CheckCookie(Seconds(1), Tuple(), isn - 1, cookie));
    EXPECT_FALSE(g.CheckCookie(Seconds(1), Tuple(), isn, cookie + 1));
    SynFinIsnGenerator otherKey;
    otherKey.SetKey(42);
    EXPECT_FALSE(otherKey.CheckCookie(Seconds(1), Tuple(), isn, cookie));
    // Different SYNs of one tuple get different cookies.
    EXPECT_NE(g.Cookie(Seconds(1), Tuple(), isn + 1, 1460), cookie);
}

TEST(SynCookie, Age_ValidForTwoTicksThenRefused)
{
    SynFinIsnGenerator g = Keyed();
    SequenceNumber32 isn(77);
    Time tick = SynFinIsnGenerator::CookieTick();
    Time sent = tick * 5 + Seconds(1); // early in a tick
    SequenceNumber32 cookie = g.Cookie(sent, Tuple(), isn, 1460);
    EXPECT_TRUE(g.CheckCookie(sent + tick * 2, Tuple(), isn, cookie));  // age 2
    EXPECT_FALSE(g.CheckCookie(sent + tick * 3, Tuple(), isn, cookie)); // age 3
    EXPECT_FALSE(g.CheckCookie(sent - tick, Tuple(), isn, cookie));     // from the future
}

/// A listener on port 80 of the server that counts what it accepts and reads.
struct Server
{
    Ptr<ns3::Socket> listener;
    std::vector<Ptr<ns3::Socket>> children;
    uint64_t bytes{0};

    void Start(TwoNodeNet& net)
    {
        listener = net.Listen(80, MakeCallback(&Server::OnAccept, this));
    }

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        children.push_back(s);
        s->SetRecvCallback(MakeCallback(&Server::Read, this));
    }

    void Read(Ptr<ns3::Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            bytes += p->GetSize();
        }
    }
};

/// A client that connects at \p at and then sends \p bytes.
struct Client
{
    Ptr<ns3::Socket> socket;
    Time connectedAt{-1};
    uint32_t bytes{0};

    void Connect(TwoNodeNet* net)
    {
        socket = net->Socket(0);
        socket->SetConnectCallback(MakeCallback(&Client::Connected, this),
                                   MakeNullCallback<void, Ptr<ns3::Socket>>());
        socket->Connect(InetSocketAddress(net->Address(1), 80));
    }

    void Connected(Ptr<ns3::Socket> s)
    {
        connectedAt = Simulator::Now();
        if (bytes)
        {
            s->Send(Create<Packet>(bytes));
        }
    }
};

/// Spoofed SYNs from the client node: \p count of them, 1 ms apart, from time 0.
Ptr<SynFinSynFlood>
Flood(TwoNodeNet& net, uint64_t count)
{
    Ptr<SynFinSynFlood> flood = CreateObject<SynFinSynFlood>();
    flood->SetAttribute("Remote", AddressValue(InetSocketAddress(net.Address(1), 80)));
    flood->SetAttribute("Interval", TimeValue(MilliSeconds(1)));
    flood->SetAttribute("MaxSyns", UintegerValue(count));
    flood->AssignStreams(100);
    net.nodes.Get(0)->AddApplication(flood);
    flood->SetStartTime(Seconds(0));
    return flood;
}

class SynFlood : public SimulatorTest
{
};

TEST_F(SynFlood, WithoutCookies_FullSynQueueDropsTheLegitimateSyn)
{
    Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(4));
    Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue("Never"));
    TwoNodeNet net;
    Server server;
    server.Start(net);
    Ptr<SynFinSynFlood> flood = Flood(net, 4);
    Client client;
    Simulator::Schedule(MilliSeconds(100), &Client::Connect, &client, &net);
    RunUntil(Seconds(10));

    EXPECT_EQ(flood->GetSent(), 4u);
    // The four half-open children wait out their SYN-ACK retries (about a minute): the
    // client's SYN and its retransmissions find the queue full.
    EXPECT_EQ(Sf(server.listener)->GetSynQueueLength(), 4u);
    EXPECT_LT(client.connectedAt, Time(0));
    const SynFinListenCounters& c = net.Tcp(1)->GetListenCounters();
    EXPECT_GE(c.synQueueDrops, 3u); // the SYN at 0.1 s and its retransmissions
    EXPECT_EQ(c.cookiesSent, 0u);
    Address local;
    client.socket->GetSockName(local);
    uint16_t port = InetSocketAddress::ConvertFrom(local).GetPort();
    for (const auto& seg : net.Segments())
    {
        EXPECT_FALSE(seg.node == 1 && seg.dstPort == port) << "no answer to the client";
    }
}

TEST_F(SynFlood, WithCookies_LegitimateClientConnectsInOneRoundTrip)
{
    Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(4));
    TwoNodeNet net; // SynCookies: WhenFull by default, as Linux
    Server server;
    server.Start(net);
    Flood(net, 4);
    Client client;
    client.bytes = 3000;
    Simulator::Schedule(MilliSeconds(100), &Client::Connect, &client, &net);
    RunUntil(Seconds(10));

    ASSERT_GE(client.connectedAt, Time(0));
    EXPECT_LT(client.connectedAt, MilliSeconds(100 + 25)); // one round trip of 20 ms
    ASSERT_EQ(server.children.size(), 1u);
    EXPECT_EQ(server.bytes, 3000u);
    EXPECT_EQ(Sf(server.listener)->GetSynQueueLength(), 4u); // the flood's, untouched
    const SynFinListenCounters& c = net.Tcp(1)->GetListenCounters();
    EXPECT_EQ(c.cookiesSent, 1u);
    EXPECT_EQ(c.cookiesAccepted, 1u);
    EXPECT_EQ(c.cookiesFailed, 0u);
    EXPECT_EQ(c.synQueueDrops, 0u);
    // The server kept nothing between its SYN-ACK and the ACK: the child is born when the
    // ACK arrives, and goes through SYN-RECEIVED at that instant.
    uint64_t child = Sf(server.children[0])->GetConnectionId();
    EXPECT_EQ(net.States(1, child), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(net.EnteredAt(1, child, TcpSocket::SYN_RCVD),
              net.EnteredAt(1, child, TcpSocket::ESTABLISHED));
    EXPECT_GT(net.EnteredAt(1, child, TcpSocket::SYN_RCVD), client.connectedAt);
}

TEST_F(SynFlood, CookieConnection_SendsNoMoreThanTheMssStep)
{
    Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue("Always"));
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1400));
    TwoNodeNet net;
    Server server;
    server.Start(net);
    Client client;
    Simulator::Schedule(MilliSeconds(100), &Client::Connect, &client, &net);
    SynFinSchedule(Seconds(1), [&]() { server.children.at(0)->Send(Create<Packet>(5000)); });
    RunUntil(Seconds(3));

    // Both announced 1400; the cookie carries the step below it, 1300, and the server's
    // child sends no more (a SYN-RECEIVED child would have sent 1400).
    std::vector<uint32_t> sizes;
    for (const auto& seg : net.Segments())
    {
        if (seg.node == 1 && seg.payload > 0)
        {
            sizes.push_back(seg.payload);
        }
    }
    EXPECT_EQ(sizes, (std::vector<uint32_t>{1300, 1300, 1300, 1100}));
}

TEST_F(SynFlood, AlwaysCookies_LostSynAckIsAnsweredAgainOnlyWhenTheSynComesAgain)
{
    Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue("Always"));
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    TwoNodeNet net;
    net.DropAtClient("SYN|ACK#1");
    Server server;
    server.Start(net);
    Client client;
    Simulator::Schedule(MilliSeconds(100), &Client::Connect, &client, &net);
    RunUntil(Seconds(5));

    std::vector<Time> synAcks;
    for (const auto& seg : net.Segments())
    {
        if (seg.node == 1 && seg.flags == (TcpHeader::SYN | TcpHeader::ACK))
        {
            synAcks.push_back(seg.time);
        }
    }
    // No state, no timer: the second SYN-ACK answers the client's SYN retransmission (1 s
    // after its SYN), where a SYN-RECEIVED child would have retransmitted on its own.
    ASSERT_EQ(synAcks.size(), 2u);
    EXPECT_GT(synAcks[1], Seconds(1.1));
    EXPECT_LT(synAcks[1], Seconds(1.12));
    EXPECT_GT(client.connectedAt, synAcks[1]);
    EXPECT_EQ(net.Tcp(1)->GetListenCounters().cookiesSent, 2u);
    EXPECT_EQ(net.Tcp(1)->GetListenCounters().cookiesAccepted, 1u);
}

TEST_F(SynFlood, ForgedAck_NoConnectionAndReset)
{
    Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue("Always"));
    TwoNodeNet net;
    Server server;
    server.Start(net);
    // An ACK that no SYN-ACK asked for: its acknowledgment number is no cookie of ours.
    SynFinSchedule(Seconds(1), [&]() { net.Inject(1, TcpHeader::ACK, 1000, 123456, 40000, 80); });
    RunUntil(Seconds(2));

    EXPECT_TRUE(server.children.empty());
    EXPECT_EQ(net.Tcp(1)->GetListenCounters().cookiesFailed, 1u);
    ASSERT_EQ(net.Exchange(), (Strings{"1:RST"}));
    EXPECT_EQ(net.Segments()[0].seq, 123456u); // RFC 9293 3.10.7.2: <SEQ=SEG.ACK><CTL=RST>
}

TEST_F(SynFlood, WhenFull_AckToAListenerThatSentNoCookie_IsNotChecked)
{
    TwoNodeNet net; // WhenFull, and the queue never fills
    Server server;
    server.Start(net);
    SynFinSchedule(Seconds(1), [&]() { net.Inject(1, TcpHeader::ACK, 1000, 123456, 40000, 80); });
    RunUntil(Seconds(2));

    EXPECT_EQ(net.Tcp(1)->GetListenCounters().cookiesFailed, 0u);
    EXPECT_EQ(net.Exchange(), (Strings{"1:RST"}));
}

} // namespace
