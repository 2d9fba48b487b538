/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Connection establishment at packet level: RFC 9293 section 3.5 and 3.10.7.
 */

#include "synfin-test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

/// A server that listens on port 80 and accepts everything; counts new connections.
struct Server
{
    Ptr<ns3::Socket> listener;
    uint32_t accepted{0};
    std::vector<Ptr<ns3::Socket>> children;

    void Start(TwoNodeNet& net, uint16_t port = 80)
    {
        listener = net.Listen(port, MakeCallback(&Server::OnAccept, this));
    }

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        ++accepted;
        children.push_back(s);
    }
};

/// A client socket with its connect outcome.
struct Client
{
    Ptr<ns3::Socket> socket;
    int succeeded{0};
    int failed{0};
    Time outcomeAt{-1};

    void Connect(TwoNodeNet& net, uint16_t port = 80)
    {
        socket = net.Socket(0);
        socket->SetConnectCallback(MakeCallback(&Client::OnSuccess, this),
                                   MakeCallback(&Client::OnFailure, this));
        EXPECT_EQ(socket->Connect(InetSocketAddress(net.Address(1), port)), 0);
    }

    void OnSuccess(Ptr<ns3::Socket>)
    {
        ++succeeded;
        outcomeAt = Simulator::Now();
    }

    void OnFailure(Ptr<ns3::Socket>)
    {
        ++failed;
        outcomeAt = Simulator::Now();
    }
};

/// Start a server on port 80 of node 1 and connect the client to it at 1 s.
void
Open(TwoNodeNet& net, Server& server, Client& client)
{
    server.Start(net);
    Simulator::Schedule(Seconds(1), &Client::Connect, &client, std::ref(net), 80);
}

class Handshake : public SimulatorTest
{
};

} // namespace

TEST_F(Handshake, Lossless_ThreeSegments_BothEndsEstablished)
{
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    RunUntil(Seconds(5));

    EXPECT_EQ(net.Exchange(), kHandshake);
    EXPECT_EQ(client.succeeded, 1);
    EXPECT_EQ(client.failed, 0);
    EXPECT_EQ(server.accepted, 1u);
    // 10 ms each way: the SYN-ACK arrives 20 ms after the SYN (plus serialisation).
    EXPECT_GT(client.outcomeAt, Seconds(1.020));
    EXPECT_LT(client.outcomeAt, Seconds(1.025));

    auto clientConn = net.Connections(0);
    ASSERT_EQ(clientConn.size(), 1u);
    EXPECT_EQ(net.States(0, clientConn[0]), (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED"}));
    auto serverConn = net.Connections(1);
    ASSERT_EQ(serverConn.size(), 2u); // the listener, then its child
    EXPECT_EQ(net.States(1, serverConn[0]), (Strings{"CLOSED", "LISTEN"}));
    EXPECT_EQ(net.States(1, serverConn[1]), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
}

TEST_F(Handshake, SegmentNumbers_FollowIsnArithmetic)
{
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    RunUntil(Seconds(3));

    const auto& s = net.Segments();
    ASSERT_EQ(s.size(), 3u);
    uint32_t clientIss = s[0].seq;
    uint32_t serverIss = s[1].seq;
    EXPECT_EQ(s[1].ack, clientIss + 1); // SYN occupies one sequence number
    EXPECT_EQ(s[2].seq, clientIss + 1);
    EXPECT_EQ(s[2].ack, serverIss + 1);
    EXPECT_NE(clientIss, 0u); // RFC 6528: not the fixed 0 of stock ns-3
    EXPECT_NE(clientIss, serverIss);
}

TEST_F(Handshake, LostFinalAck_ServerRetransmitsSynAck_ClientReAcks)
{
    TwoNodeNet net;
    net.DropAtServer("ACK#1@10.1.1.1:empty");
    Server server;
    Client client;
    Open(net, server, client);
    RunUntil(Seconds(10));

    EXPECT_EQ(net.DropsAtServer(), 1u);
    EXPECT_EQ(net.Exchange(), (Strings{"0:SYN", "1:SYN|ACK", "0:ACK", "1:SYN|ACK", "0:ACK"}));
    EXPECT_EQ(client.succeeded, 1);
    EXPECT_EQ(server.accepted, 1u);
    // The retransmitted SYN-ACK leaves one ConnTimeout (3 s) after the first.
    const auto& s = net.Segments();
    ASSERT_GE(s.size(), 4u);
    EXPECT_EQ(s[3].time - s[1].time, Seconds(3));
    auto serverConn = net.Connections(1);
    ASSERT_EQ(serverConn.size(), 2u);
    EXPECT_EQ(net.States(1, serverConn[1]), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
}

TEST_F(Handshake, LostSynAck_ClientRetransmitsSyn_ServerResendsSynAck)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    net.DropAtClient("SYN|ACK#1");
    Server server;
    Client client;
    // Both ends now retransmit about 1 s later: the client its SYN, the server its SYN-ACK
    // (and again when the duplicate SYN reaches it in SYN-RECEIVED).
    Open(net, server, client);
    RunUntil(Seconds(10));

    EXPECT_EQ(net.DropsAtClient(), 1u);
    EXPECT_EQ(client.succeeded, 1);
    EXPECT_EQ(server.accepted, 1u);
    auto ex = net.Exchange();
    ASSERT_GE(ex.size(), 5u);
    EXPECT_EQ(ex[0], "0:SYN");
    EXPECT_EQ(ex[1], "1:SYN|ACK");
    EXPECT_GE(std::count(ex.begin(), ex.end(), "1:SYN|ACK"), 2);
    EXPECT_EQ(std::count(ex.begin(), ex.end(), "0:SYN"), 2);
}

TEST_F(Handshake, NoListener_RstAck_RefusesAtOnce)
{
    TwoNodeNet net;
    Client client;
    Simulator::Schedule(Seconds(1), &Client::Connect, &client, std::ref(net), 81);
    RunUntil(Seconds(30));

    EXPECT_EQ(net.Exchange(), (Strings{"0:SYN", "1:RST|ACK"}));
    EXPECT_EQ(client.failed, 1);
    EXPECT_EQ(client.succeeded, 0);
    EXPECT_LT(client.outcomeAt, Seconds(1.1)); // one round trip, not the SYN retries
    const auto& s = net.Segments();
    EXPECT_EQ(s[1].seq, 0u);           // RFC 9293 3.10.7.1: <SEQ=0>
    EXPECT_EQ(s[1].ack, s[0].seq + 1); // <ACK=SEG.SEQ+SEG.LEN>
    auto conn = net.Connections(0);
    ASSERT_EQ(conn.size(), 1u);
    EXPECT_EQ(net.States(0, conn[0]), (Strings{"CLOSED", "SYN-SENT", "CLOSED"}));
    EXPECT_EQ(Sf(client.socket)->GetState(), TcpSocket::CLOSED);
}

TEST_F(Handshake, SynNeverAnswered_ExponentialBackoff_ThenConnectionFailed)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    Config::SetDefault("ns3::TcpSocket::ConnCount", UintegerValue(3));
    net.DropAtServer("SYN#0");
    Server server;
    Client client;
    Open(net, server, client);
    RunUntil(Seconds(60));

    // One SYN and three retransmissions, 1, 2 and 4 s apart; failure 8 s after the last.
    const auto& s = net.Segments();
    ASSERT_EQ(s.size(), 4u);
    EXPECT_EQ(s[0].time, Seconds(1));
    EXPECT_EQ(s[1].time, Seconds(2));
    EXPECT_EQ(s[2].time, Seconds(4));
    EXPECT_EQ(s[3].time, Seconds(8));
    for (const auto& seg : s)
    {
        EXPECT_EQ(seg.flags, TcpHeader::SYN);
        EXPECT_EQ(seg.seq, s[0].seq); // a retransmission reuses the ISS
    }
    EXPECT_EQ(client.failed, 1);
    EXPECT_EQ(client.outcomeAt, Seconds(16));
    EXPECT_EQ(server.accepted, 0u);
}

TEST_F(Handshake, SynAckRetriesExhausted_HalfOpenChildDropped)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(Seconds(1)));
    Config::SetDefault("ns3::SynFinSocket::SynAckRetries", UintegerValue(2));
    net.DropAtServer("ACK#0@10.1.1.1"); // nothing the client ACKs arrives
    Server server;
    Client client;
    Open(net, server, client);
    RunUntil(Seconds(30));

    auto serverConn = net.Connections(1);
    ASSERT_EQ(serverConn.size(), 2u);
    EXPECT_EQ(net.States(1, serverConn[1]), (Strings{"LISTEN", "SYN-RECEIVED", "CLOSED"}));
    std::vector<Time> synAcks;
    for (const auto& seg : net.Segments())
    {
        if (seg.node == 1 && seg.flags == (TcpHeader::SYN | TcpHeader::ACK))
        {
            synAcks.push_back(seg.time);
        }
    }
    ASSERT_EQ(synAcks.size(), 3u); // the first and two retransmissions, 1 s then 2 s apart
    EXPECT_EQ(synAcks[1] - synAcks[0], Seconds(1));
    EXPECT_EQ(synAcks[2] - synAcks[1], Seconds(2));
    // The child gives up one doubled RTO (4 s) after the last SYN-ACK.
    auto changes = net.Changes();
    EXPECT_EQ(changes.back().to, TcpSocket::CLOSED);
    EXPECT_EQ(changes.back().time - synAcks[2], Seconds(4));
    EXPECT_EQ(server.accepted, 0u); // the application never saw it
}

TEST_F(Handshake, SimultaneousOpen_BothThroughSynReceived)
{
    TwoNodeNet net;
    Ptr<ns3::Socket> a = net.Socket(0);
    Ptr<ns3::Socket> b = net.Socket(1);
    ASSERT_EQ(a->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000)), 0);
    ASSERT_EQ(b->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6000)), 0);
    int connected = 0;
    auto onConnect = [&connected](Ptr<ns3::Socket>) { ++connected; };
    auto cb = MakeSynFinCallback<void, Ptr<ns3::Socket>>(onConnect);
    a->SetConnectCallback(cb, MakeNullCallback<void, Ptr<ns3::Socket>>());
    b->SetConnectCallback(cb, MakeNullCallback<void, Ptr<ns3::Socket>>());
    SynFinSchedule(Seconds(1), [&]() {
        a->Connect(InetSocketAddress(net.Address(1), 6000));
        b->Connect(InetSocketAddress(net.Address(0), 5000));
    });
    RunUntil(Seconds(5));

    EXPECT_EQ(connected, 2);
    for (uint32_t node = 0; node < 2; ++node)
    {
        auto conn = net.Connections(node);
        ASSERT_EQ(conn.size(), 1u);
        EXPECT_EQ(net.States(node, conn[0]),
                  (Strings{"CLOSED", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED"}));
    }
}

TEST_F(Handshake, SimultaneousOpen_RstInSynReceived_ReportedAsFailedConnect)
{
    TwoNodeNet net;
    net.DropAtClient("SYN|ACK#0;ACK#0"); // nothing acknowledges node 0's SYN: SYN-RECEIVED
    Ptr<ns3::Socket> a = net.Socket(0);
    Ptr<ns3::Socket> b = net.Socket(1);
    ASSERT_EQ(a->Bind(InetSocketAddress(Ipv4Address::GetAny(), 5000)), 0);
    ASSERT_EQ(b->Bind(InetSocketAddress(Ipv4Address::GetAny(), 6000)), 0);
    int connected = 0;
    int failed = 0;
    int errorClosed = 0;
    a->SetConnectCallback(
        MakeSynFinCallback<void, Ptr<ns3::Socket>>([&connected](Ptr<ns3::Socket>) { ++connected; }),
        MakeSynFinCallback<void, Ptr<ns3::Socket>>([&failed](Ptr<ns3::Socket>) { ++failed; }));
    a->SetCloseCallbacks(MakeNullCallback<void, Ptr<ns3::Socket>>(),
                         MakeSynFinCallback<void, Ptr<ns3::Socket>>(
                             [&errorClosed](Ptr<ns3::Socket>) { ++errorClosed; }));
    SynFinSchedule(Seconds(1), [&]() {
        a->Connect(InetSocketAddress(net.Address(1), 6000));
        b->Connect(InetSocketAddress(net.Address(0), 5000));
    });
    // Once both SYNs have crossed, node 0 sits in SYN-RECEIVED; a RST at its RCV.NXT
    // (node 1's ISS + 1) refuses the connection (RFC 9293 3.10.7.4, second check).
    SynFinSchedule(Seconds(1.5), [&]() {
        ASSERT_EQ(Sf(a)->GetState(), TcpSocket::SYN_RCVD);
        uint32_t peerIss = 0;
        for (const auto& seg : net.Segments())
        {
            if (seg.node == 1 && seg.flags == TcpHeader::SYN)
            {
                peerIss = seg.seq;
            }
        }
        net.Inject(0, TcpHeader::RST, peerIss + 1, 0, 6000, 5000);
    });
    RunUntil(Seconds(2));

    EXPECT_EQ(Sf(a)->GetState(), TcpSocket::CLOSED);
    EXPECT_EQ(connected, 0);
    EXPECT_EQ(failed, 1);      // never connected: connect failed, as from SYN-SENT
    EXPECT_EQ(errorClosed, 0); // not the close of an established connection
}

TEST_F(Handshake, SynBacklogFull_WithoutCookies_FurtherSynsDroppedSilently)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(2));
    Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue("Never"));
    net.DropAtServer("ACK#0@10.1.1.1"); // keep the children half-open
    Server server;
    server.Start(net);
    std::vector<Client> clients(3);
    for (uint32_t i = 0; i < 3; ++i)
    {
        Simulator::Schedule(Seconds(1) + MilliSeconds(i),
                            &Client::Connect,
                            &clients[i],
                            std::ref(net),
                            80);
    }
    RunUntil(Seconds(2));

    uint32_t synAcks = 0;
    for (const auto& seg : net.Segments())
    {
        synAcks += (seg.node == 1 && seg.flags == (TcpHeader::SYN | TcpHeader::ACK)) ? 1 : 0;
    }
    EXPECT_EQ(synAcks, 2u); // the third SYN got no answer at all: no SYN-ACK, no RST
    for (const auto& seg : net.Segments())
    {
        EXPECT_FALSE(seg.flags & TcpHeader::RST);
    }
    EXPECT_EQ(net.Tcp(1)->GetListenCounters().synQueueDrops, 1u);
}

TEST_F(Handshake, SynCarriesMssOption_PeerMssLimitsSegments)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1000));
    Server server;
    Client client;
    Open(net, server, client);
    SynFinSchedule(Seconds(2), [&]() { client.socket->Send(Create<Packet>(2500), 0); });
    RunUntil(Seconds(4));

    std::vector<uint32_t> sizes;
    for (const auto& seg : net.Segments())
    {
        if (seg.node == 0 && seg.payload > 0)
        {
            sizes.push_back(seg.payload);
        }
    }
    // RFC 6691: the MSS counts no options, so each segment carries 12 bytes less payload
    // than the MSS when timestamps are in use (as Linux sends 1448 for an MSS of 1460).
    EXPECT_EQ(sizes, (std::vector<uint32_t>{988, 988, 524}));
}

// Linux (tcp_conn_request): while the accept queue is full a new SYN is dropped; the client's
// SYN retransmission finds room once the application has accepted.
TEST_F(Handshake, ManualAccept_FullAcceptQueue_DropsSynUntilAccepted)
{
    TwoNodeNet net;
    Config::SetDefault("ns3::SynFinSocket::ManualAccept", BooleanValue(true));
    Config::SetDefault("ns3::SynFinSocket::AcceptBacklog", UintegerValue(1));
    Server server;
    server.Start(net);
    uint32_t readable = 0;
    server.listener->SetRecvCallback(
        MakeSynFinCallback<void, Ptr<ns3::Socket>>([&readable](Ptr<ns3::Socket>) { ++readable; }));
    std::vector<Client> clients(2);
    Simulator::Schedule(Seconds(1), &Client::Connect, &clients[0], std::ref(net), 80);
    Simulator::Schedule(Seconds(1.5), &Client::Connect, &clients[1], std::ref(net), 80);
    auto listener = Sf(server.listener);
    Ptr<ns3::Socket> first;
    Ptr<ns3::Socket> second;
    SynFinSchedule(Seconds(2), [&]() {
        EXPECT_EQ(listener->GetAcceptQueueLength(), 1u);
        EXPECT_EQ(listener->GetSynQueueLength(), 0u); // the second SYN was dropped
        first = listener->Accept();
    });
    SynFinSchedule(Seconds(10), [&]() { second = listener->Accept(); });
    RunUntil(Seconds(12));

    EXPECT_EQ(server.accepted, 0u); // no push-style new-connection callback
    EXPECT_EQ(readable, 2u);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(Sf(first)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(Sf(second)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(listener->Accept(), nullptr);
    EXPECT_EQ(listener->GetErrno(), ns3::Socket::ERROR_AGAIN);
    // The second child exists only since the client's SYN retransmission (ConnTimeout, 3 s
    // after the first SYN), which met a queue with room.
    auto conn = net.Connections(1);
    ASSERT_EQ(conn.size(), 3u);
    Time establishedAt = net.EnteredAt(1, conn[2], TcpSocket::ESTABLISHED);
    EXPECT_GT(establishedAt, Seconds(4.5));
    EXPECT_LT(establishedAt, Seconds(4.6));
}
