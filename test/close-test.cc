/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Connection termination at packet level: RFC 9293 sections 3.6, 3.10.4, 3.10.5 and 3.10.7,
 * retransmission of FINs (RFC 6298), resets and their RFC 5961 acceptance rules.
 */

#include "synfin-test-util.h"

#include <functional>
#include <gtest/gtest.h>

using namespace ns3;
using namespace synfin_test;

namespace
{

const Time kConnectAt = Seconds(1);
const Time kCloseAt = Seconds(2);

/// The handshake followed by the given segments.
Strings
AfterHandshake(const Strings& rest)
{
    Strings out = kHandshake;
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

/// The bytes 0..n-1 of a pattern that no shifted or truncated copy matches by accident.
std::vector<uint8_t>
Pattern(std::size_t n)
{
    std::vector<uint8_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        out[i] = static_cast<uint8_t>((i * 7 + i / 251) & 0xff);
    }
    return out;
}

/**
 * One end of a connection as the application sees it: close callbacks counted, received
 * bytes kept (unless told not to read), and an optional reaction to the peer's FIN (the
 * normal-close callback an ns-3 socket fires in CLOSE-WAIT).
 */
struct Peer
{
    Ptr<ns3::Socket> socket;
    int normalClose{0};
    int errorClose{0};
    Time normalCloseAt{-1};
    bool read{true};
    std::vector<uint8_t> received;
    std::function<void(Ptr<ns3::Socket>)> onNormalClose;

    void Attach(Ptr<ns3::Socket> s)
    {
        socket = s;
        s->SetCloseCallbacks(MakeCallback(&Peer::OnNormalClose, this),
                             MakeCallback(&Peer::OnErrorClose, this));
        s->SetRecvCallback(MakeCallback(&Peer::OnRecv, this));
    }

    void OnNormalClose(Ptr<ns3::Socket> s)
    {
        ++normalClose;
        normalCloseAt = Simulator::Now();
        if (onNormalClose)
        {
            onNormalClose(s);
        }
    }

    void OnErrorClose(Ptr<ns3::Socket>)
    {
        ++errorClose;
    }

    void OnRecv(Ptr<ns3::Socket> s)
    {
        if (!read)
        {
            return;
        }
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break; // end of stream
            }
            std::vector<uint8_t> buf(p->GetSize());
            p->CopyData(buf.data(), buf.size());
            received.insert(received.end(), buf.begin(), buf.end());
        }
    }
};

/// A listener on port 80; its one child is `conn`.
struct Server
{
    Ptr<ns3::Socket> listener;
    Peer conn;
    uint32_t accepted{0};

    void Start(TwoNodeNet& net, uint16_t port = 80)
    {
        listener = net.Listen(port, MakeCallback(&Server::OnAccept, this));
    }

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        ++accepted;
        conn.Attach(s);
    }
};

/// The active opener.
struct Client
{
    Peer conn;
    int connected{0};

    void Connect(TwoNodeNet& net, uint16_t port = 80)
    {
        Ptr<ns3::Socket> s = net.Socket(0);
        conn.Attach(s);
        s->SetConnectCallback(MakeCallback(&Client::OnConnected, this),
                              MakeNullCallback<void, Ptr<ns3::Socket>>());
        EXPECT_EQ(s->Connect(InetSocketAddress(net.Address(1), port)), 0);
    }

    void OnConnected(Ptr<ns3::Socket>)
    {
        ++connected;
    }
};

/// Start a server on node 1 and connect the client to it at kConnectAt.
void
Open(TwoNodeNet& net, Server& server, Client& client)
{
    server.Start(net);
    Simulator::Schedule(kConnectAt, &Client::Connect, &client, std::ref(net), 80);
}

/// Open(), then the client closes at kCloseAt and the server closes on its FIN.
void
OpenThenCloseActively(TwoNodeNet& net, Server& server, Client& client)
{
    server.conn.onNormalClose = CloseIt;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&client]() { client.conn.socket->Close(); });
}

/// The client's connection id (node 0 has one connection).
uint64_t
ClientConn(const TwoNodeNet& net)
{
    auto ids = net.Connections(0);
    return ids.empty() ? 0 : ids.front();
}

/// The server child's connection id (node 1: the listener, then the child).
uint64_t
ServerConn(const TwoNodeNet& net)
{
    auto ids = net.Connections(1);
    return ids.size() < 2 ? 0 : ids[1];
}

/// The segments a node sent whose flags contain `flags`.
std::vector<SegmentRecord>
SentWith(const TwoNodeNet& net, uint32_t node, uint8_t flags)
{
    std::vector<SegmentRecord> out;
    for (const auto& s : net.Segments())
    {
        if (s.node == node && (s.flags & flags) == flags)
        {
            out.push_back(s);
        }
    }
    return out;
}

/// Sequence numbers of the handshake: the ISSs and the client's port.
struct Isn
{
    uint32_t client{0};
    uint32_t server{0};
    uint16_t clientPort{0};
};

Isn
HandshakeNumbers(const TwoNodeNet& net)
{
    const auto& s = net.Segments();
    if (s.size() < 2)
    {
        ADD_FAILURE() << "no handshake";
        return {};
    }
    return {s[0].seq, s[1].seq, s[0].srcPort};
}

/// The RTO synfin uses after a handshake whose only RTT sample is `rtt` (RFC 6298 (2.2)).
Time
RtoAfterOneSample(Time rtt, Time minRto)
{
    Time rto = rtt + (rtt / 2) * 4;
    return std::max(rto, minRto);
}

class Close : public SimulatorTest
{
};

class CloseRst : public Close
{
};

} // namespace

// ---------------------------------------------------------------------------------------------
// The four-way close (RFC 9293 section 3.6, Figure 12)

TEST_F(Close, ActiveClose_PeerClosesOnFin_FourSegments_TimeWaitLasts2Msl)
{
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(1)));
    TwoNodeNet net;
    Server server;
    Client client;
    OpenThenCloseActively(net, server, client);
    RunUntil(Seconds(6));

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "1:ACK", "1:FIN|ACK", "0:ACK"}));
    uint64_t c = ClientConn(net);
    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(0, c), kActiveCloserStates);
    EXPECT_EQ(net.States(1, s), kPassiveCloserStates);

    // Sequence numbers: each FIN occupies one sequence number.
    Isn isn = HandshakeNumbers(net);
    const auto& seg = net.Segments();
    ASSERT_EQ(seg.size(), 7u);
    EXPECT_EQ(seg[3].seq, isn.client + 1);
    EXPECT_EQ(seg[3].ack, isn.server + 1);
    EXPECT_EQ(seg[4].ack, isn.client + 2);
    EXPECT_EQ(seg[5].seq, isn.server + 1);
    EXPECT_EQ(seg[5].ack, isn.client + 2);
    EXPECT_EQ(seg[6].seq, isn.client + 2);
    EXPECT_EQ(seg[6].ack, isn.server + 2);

    // TIME-WAIT lasts exactly 2*MSL.
    Time twAt = net.EnteredAt(0, c, TcpSocket::TIME_WAIT);
    const SynFinStateChange* end = net.ChangeTo(0, c, TcpSocket::CLOSED);
    ASSERT_TRUE(twAt.IsPositive());
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->from, TcpSocket::TIME_WAIT);
    EXPECT_EQ(end->cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(end->time - twAt, Seconds(2));
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
    EXPECT_EQ(Sf(client.conn.socket)->GetState(), TcpSocket::CLOSED);

    // One normal close on each side, no error: the client's when it enters TIME-WAIT (as
    // stock ns-3), the server's when the peer's FIN arrives.
    EXPECT_EQ(client.conn.normalClose, 1);
    EXPECT_EQ(client.conn.errorClose, 0);
    EXPECT_EQ(client.conn.normalCloseAt, twAt);
    EXPECT_EQ(server.conn.normalClose, 1);
    EXPECT_EQ(server.conn.errorClose, 0);
    EXPECT_EQ(server.conn.normalCloseAt, net.EnteredAt(1, s, TcpSocket::CLOSE_WAIT));
}

TEST_F(Close, SocketReconnectedAfterTimeWait_SecondConnectionStartsClean)
{
    // Nothing of the first connection (its FIN, its close) may leak into the second: with
    // the old FIN still "sent", the second connection refused data and took any ACK for the
    // ACK of its FIN (found by the fuzzer).
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(1)));
    TwoNodeNet net;
    Server server;
    Client client;
    OpenThenCloseActively(net, server, client);
    int sent = 0;
    SynFinSchedule(Seconds(6), [&]() {
        EXPECT_EQ(client.conn.socket->Connect(InetSocketAddress(net.Address(1), 80)), 0);
    });
    SynFinSchedule(Seconds(7), [&]() {
        std::vector<uint8_t> bytes = Pattern(100);
        sent = client.conn.socket->Send(Create<Packet>(bytes.data(), bytes.size()), 0);
    });
    SynFinSchedule(Seconds(8), [&]() { client.conn.socket->Close(); });
    RunUntil(Seconds(14));

    std::vector<uint64_t> ids = net.Connections(0);
    ASSERT_EQ(ids.size(), 2u) << "the second connection needs an id of its own";
    EXPECT_EQ(net.States(0, ids[0]), kActiveCloserStates);
    EXPECT_EQ(net.States(0, ids[1]), kActiveCloserStates);
    EXPECT_EQ(sent, 100);
    EXPECT_EQ(server.conn.received, Pattern(100));
    EXPECT_EQ(client.conn.normalClose, 2);
    EXPECT_EQ(client.conn.errorClose, 0);
    EXPECT_EQ(SentWith(net, 0, TcpHeader::FIN).size(), 2u) << "one FIN per connection";
}

TEST_F(Close, FinWait1_FinAckCoversOurFin_StraightToTimeWait)
{
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(1)));
    TwoNodeNet net;
    net.DropAtClient("ACK#1@10.1.1.2:empty"); // the server's pure ACK of the client's FIN
    Server server;
    Client client;
    OpenThenCloseActively(net, server, client);
    RunUntil(Seconds(6));

    EXPECT_EQ(net.DropsAtClient(), 1u);
    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "1:ACK", "1:FIN|ACK", "0:ACK"}));
    uint64_t c = ClientConn(net);
    EXPECT_EQ(net.States(0, c),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "TIME-WAIT", "CLOSED"}));
    const SynFinStateChange* tw = net.ChangeTo(0, c, TcpSocket::TIME_WAIT);
    ASSERT_NE(tw, nullptr);
    EXPECT_EQ(tw->from, TcpSocket::FIN_WAIT_1);
    EXPECT_EQ(tw->cause, SynFinEvent::RCV_FIN_ACKING_OUR_FIN);
    EXPECT_EQ(tw->segmentFlags, TcpHeader::FIN | TcpHeader::ACK);
    EXPECT_EQ(net.EnteredAt(0, c, TcpSocket::CLOSED) - tw->time, Seconds(2));
    EXPECT_EQ(net.States(1, ServerConn(net)), kPassiveCloserStates);
    EXPECT_EQ(client.conn.normalClose, 1);
    EXPECT_EQ(client.conn.errorClose, 0);
}

TEST_F(Close, Simultaneous_BothThroughClosing_ThenTimeWait)
{
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(1)));
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&]() {
        client.conn.socket->Close();
        server.conn.socket->Close();
    });
    RunUntil(Seconds(6));

    // The client's FIN left first, so it arrives first and is ACKed first.
    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "1:FIN|ACK", "1:ACK", "0:ACK"}));
    const Strings both{"ESTABLISHED", "FIN-WAIT-1", "CLOSING", "TIME-WAIT", "CLOSED"};
    Strings clientStates = net.States(0, ClientConn(net));
    Strings serverStates = net.States(1, ServerConn(net));
    ASSERT_GE(clientStates.size(), both.size());
    ASSERT_GE(serverStates.size(), both.size());
    EXPECT_EQ(Strings(clientStates.end() - both.size(), clientStates.end()), both);
    EXPECT_EQ(Strings(serverStates.end() - both.size(), serverStates.end()), both);
    for (uint32_t node = 0; node < 2; ++node)
    {
        uint64_t conn = node == 0 ? ClientConn(net) : ServerConn(net);
        EXPECT_EQ(net.EnteredAt(node, conn, TcpSocket::CLOSED) -
                      net.EnteredAt(node, conn, TcpSocket::TIME_WAIT),
                  Seconds(2))
            << "node " << node;
    }
    // Each ACK acknowledges the other side's FIN.
    Isn isn = HandshakeNumbers(net);
    const auto& seg = net.Segments();
    ASSERT_EQ(seg.size(), 7u);
    EXPECT_EQ(seg[5].ack, isn.client + 2);
    EXPECT_EQ(seg[6].ack, isn.server + 2);
    EXPECT_EQ(client.conn.normalClose, 1);
    EXPECT_EQ(server.conn.normalClose, 1);
    EXPECT_EQ(client.conn.errorClose + server.conn.errorClose, 0);
}

TEST_F(Close, LostFinalAck_PeerRetransmitsFin_TimeWaitReAcksAndRestarts2Msl)
{
    const Time msl = Seconds(2);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    net.DropAtServer("ACK#2@10.1.1.1:empty"); // #1 is the handshake's ACK
    Server server;
    Client client;
    OpenThenCloseActively(net, server, client);
    // Look at the client's TIME-WAIT record before and after the retransmitted FIN.
    int64_t expiryBefore = -1;
    int64_t expiryAfter = -1;
    std::size_t socketsInTimeWait = 99;
    auto probe = [&](int64_t* out) {
        const SynFinTimeWaitRecord* rec =
            net.Tcp(0)->GetTimeWaitTable().Find(Sf(client.conn.socket)->GetFourTuple());
        *out = rec ? rec->expiresAt : -1;
        socketsInTimeWait = net.Tcp(0)->GetSocketCount();
    };
    SynFinSchedule(Seconds(2.5), [&]() { probe(&expiryBefore); });
    SynFinSchedule(Seconds(5), [&]() { probe(&expiryAfter); });
    RunUntil(Seconds(9));

    EXPECT_EQ(net.DropsAtServer(), 1u);
    EXPECT_EQ(net.Exchange(),
              AfterHandshake({"0:FIN|ACK", "1:ACK", "1:FIN|ACK", "0:ACK", "1:FIN|ACK", "0:ACK"}));
    const auto& seg = net.Segments();
    ASSERT_EQ(seg.size(), 9u);
    // The server's RTO: its one RTT sample (~20 ms) is far below MinRto (1 s).
    EXPECT_EQ(seg[7].time - seg[5].time, Seconds(1));
    EXPECT_EQ(seg[7].seq, seg[5].seq); // the same FIN again
    // The TIME-WAIT record answers it like the socket would: <SEQ=SND.NXT><ACK=RCV.NXT>.
    EXPECT_EQ(seg[8].seq, seg[6].seq);
    EXPECT_EQ(seg[8].ack, seg[6].ack);

    uint64_t c = ClientConn(net);
    Time twAt = net.EnteredAt(0, c, TcpSocket::TIME_WAIT);
    Time reAckAt = seg[8].time; // = arrival of the retransmitted FIN
    EXPECT_EQ(expiryBefore, (twAt + 2 * msl).GetTimeStep());
    EXPECT_EQ(expiryAfter, (reAckAt + 2 * msl).GetTimeStep());
    EXPECT_EQ(socketsInTimeWait, 0u); // the record, not a socket, holds TIME-WAIT
    EXPECT_EQ(net.EnteredAt(0, c, TcpSocket::CLOSED), reAckAt + 2 * msl);
    EXPECT_EQ(net.States(0, c), kActiveCloserStates);

    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(1, s), kPassiveCloserStates);
    const SynFinStateChange* serverEnd = net.ChangeTo(1, s, TcpSocket::CLOSED);
    ASSERT_NE(serverEnd, nullptr);
    EXPECT_EQ(serverEnd->cause, SynFinEvent::RCV_ACK_OF_FIN);
    EXPECT_EQ(server.conn.normalClose, 1);
    EXPECT_EQ(server.conn.errorClose, 0);
}

// ---------------------------------------------------------------------------------------------
// FIN retransmission (RFC 9293 3.8.1, RFC 6298 (5.5)) and giving up (RFC 9293 3.8.3 R2)

TEST_F(Close, FinWait1_FinLost_RetransmittedWithExponentialBackoff_ThenDropped)
{
    // MinRto low enough that the handshake's RTT sample sets the RTO.
    const Time minRto = MilliSeconds(10);
    Config::SetDefault("ns3::SynFinSocket::MinRto", TimeValue(minRto));
    Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(3));
    TwoNodeNet net;
    net.DropAtServer("+FIN#0");
    Server server;
    Client client;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&]() { client.conn.socket->Close(); });
    RunUntil(Seconds(5));

    const auto& seg = net.Segments();
    ASSERT_GE(seg.size(), 3u);
    // The client's only sample: SYN sent to SYN-ACK received (= its ACK sent).
    Time rto = RtoAfterOneSample(seg[2].time - seg[0].time, minRto);
    EXPECT_LT(rto, MilliSeconds(100)); // the sample is in, not InitialRto (1 s)

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "0:FIN|ACK", "0:FIN|ACK", "0:FIN|ACK"}));
    auto fins = SentWith(net, 0, TcpHeader::FIN);
    ASSERT_EQ(fins.size(), 4u); // the FIN and DataRetries (3) retransmissions
    EXPECT_EQ(fins[0].time, kCloseAt);
    EXPECT_EQ(fins[1].time - fins[0].time, rto);
    EXPECT_EQ(fins[2].time - fins[1].time, 2 * rto);
    EXPECT_EQ(fins[3].time - fins[2].time, 4 * rto);
    for (const auto& f : fins)
    {
        EXPECT_EQ(f.seq, fins[0].seq);
    }

    uint64_t c = ClientConn(net);
    EXPECT_EQ(net.States(0, c),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "CLOSED"}));
    const SynFinStateChange* end = net.ChangeTo(0, c, TcpSocket::CLOSED);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->cause, SynFinEvent::TIMER_RETRIES_EXHAUSTED);
    EXPECT_EQ(end->time - fins[3].time, 8 * rto);
    EXPECT_EQ(client.conn.errorClose, 1);
    EXPECT_EQ(client.conn.normalClose, 0);
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
}

TEST_F(Close, LastAck_FinLost_RetransmittedWithExponentialBackoff_ThenDroppedWithErrorClose)
{
    Config::SetDefault("ns3::TcpSocket::DataRetries", UintegerValue(3));
    TwoNodeNet net;
    net.DropAtClient("+FIN#0"); // the server's FIN never arrives
    Server server;
    Client client;
    OpenThenCloseActively(net, server, client);
    RunUntil(Seconds(22));

    EXPECT_EQ(
        net.Exchange(),
        AfterHandshake({"0:FIN|ACK", "1:ACK", "1:FIN|ACK", "1:FIN|ACK", "1:FIN|ACK", "1:FIN|ACK"}));
    // The server's RTO: MinRto (1 s), its ~20 ms sample gives less.
    const Time rto = Seconds(1);
    auto fins = SentWith(net, 1, TcpHeader::FIN);
    ASSERT_EQ(fins.size(), 4u);
    EXPECT_EQ(fins[1].time - fins[0].time, rto);
    EXPECT_EQ(fins[2].time - fins[1].time, 2 * rto);
    EXPECT_EQ(fins[3].time - fins[2].time, 4 * rto);

    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(1, s), kPassiveCloserStates);
    const SynFinStateChange* end = net.ChangeTo(1, s, TcpSocket::CLOSED);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->cause, SynFinEvent::TIMER_RETRIES_EXHAUSTED);
    EXPECT_EQ(end->time - fins[3].time, 8 * rto);
    EXPECT_EQ(server.conn.normalClose, 1); // the peer's FIN
    // The FIN was never acknowledged: the application learns that the connection failed
    // (RFC 9293 3.8.3 R2; stock ns-3 TcpSocketBase::LastAckTimeout calls NotifyErrorClose).
    EXPECT_EQ(server.conn.errorClose, 1);
    // The client, orphaned in FIN-WAIT-2, is still waiting (FinWait2Timeout is 60 s).
    EXPECT_EQ(Sf(client.conn.socket)->GetState(), TcpSocket::FIN_WAIT_2);
}

// ---------------------------------------------------------------------------------------------
// FIN-WAIT-2

TEST_F(Close, OrphanFinWait2_PeerNeverCloses_ClosedAfterFinWait2Timeout)
{
    Config::SetDefault("ns3::SynFinSocket::FinWait2Timeout", TimeValue(Seconds(3)));
    TwoNodeNet net;
    Server server; // never closes
    Client client;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&]() { client.conn.socket->Close(); });
    RunUntil(Seconds(8));

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "1:ACK"})); // and nothing on timeout
    uint64_t c = ClientConn(net);
    EXPECT_EQ(net.States(0, c),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "CLOSED"}));
    const SynFinStateChange* end = net.ChangeTo(0, c, TcpSocket::CLOSED);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->cause, SynFinEvent::TIMER_FIN_WAIT_2);
    EXPECT_EQ(end->time - net.EnteredAt(0, c, TcpSocket::FIN_WAIT_2), Seconds(3));
    EXPECT_EQ(Sf(server.conn.socket)->GetState(), TcpSocket::CLOSE_WAIT);
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
}

TEST_F(Close, HalfClosedFinWait2_NotOrphaned_WaitsPastFinWait2Timeout)
{
    Config::SetDefault("ns3::SynFinSocket::FinWait2Timeout", TimeValue(Seconds(3)));
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&]() { client.conn.socket->ShutdownSend(); });
    RunUntil(Seconds(12));

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:FIN|ACK", "1:ACK"}));
    EXPECT_EQ(net.States(0, ClientConn(net)),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2"}));
    EXPECT_EQ(Sf(client.conn.socket)->GetState(), TcpSocket::FIN_WAIT_2);
    EXPECT_EQ(client.conn.normalClose + client.conn.errorClose, 0);
}

// ---------------------------------------------------------------------------------------------
// Half-close (RFC 9293 3.6: CLOSE-WAIT may still send)

TEST_F(Close, HalfClose_PeerSendsInCloseWait_AllBytesArriveIntact_ThenBothClose)
{
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(1)));
    const std::vector<uint8_t> data = Pattern(5000);
    const uint32_t firstPart = 2500;
    TwoNodeNet net;
    Server server;
    int sentFirst = -2;
    int sentSecond = -2;
    SynFinState stateAtSecondSend = TcpSocket::CLOSED;
    server.conn.onNormalClose = [&](Ptr<ns3::Socket> s) {
        sentFirst = s->Send(Create<Packet>(data.data(), firstPart), 0);
        SynFinSchedule(MilliSeconds(500), [&, s]() {
            stateAtSecondSend = Sf(s)->GetState();
            sentSecond =
                s->Send(Create<Packet>(data.data() + firstPart, data.size() - firstPart), 0);
        });
        SynFinSchedule(Seconds(1), [s]() { s->Close(); });
    };
    Client client;
    Open(net, server, client);
    int sendAfterShutdown = 0;
    SynFinSchedule(kCloseAt, [&]() {
        client.conn.socket->ShutdownSend();
        sendAfterShutdown = client.conn.socket->Send(Create<Packet>(10), 0);
    });
    RunUntil(Seconds(7));

    EXPECT_EQ(sendAfterShutdown, -1);
    EXPECT_EQ(sentFirst, static_cast<int>(firstPart));
    EXPECT_EQ(sentSecond, static_cast<int>(data.size() - firstPart));
    EXPECT_EQ(stateAtSecondSend, TcpSocket::CLOSE_WAIT);
    EXPECT_EQ(client.conn.received.size(), data.size());
    EXPECT_TRUE(client.conn.received == data) << "received bytes differ from those sent";
    // After the peer's FIN, as in stock ns-3, Recv() gives an empty packet: end of stream.
    Ptr<Packet> eof = client.conn.socket->Recv();
    ASSERT_TRUE(eof);
    EXPECT_EQ(eof->GetSize(), 0u);

    // All server payload left in CLOSE-WAIT, after the client's FIN and before its own.
    uint64_t s = ServerConn(net);
    Time closeWaitAt = net.EnteredAt(1, s, TcpSocket::CLOSE_WAIT);
    Time lastAckAt = net.EnteredAt(1, s, TcpSocket::LAST_ACK);
    uint32_t bytes = 0;
    for (const auto& seg : net.Segments())
    {
        if (seg.node == 1 && seg.payload > 0)
        {
            bytes += seg.payload;
            EXPECT_GE(seg.time, closeWaitAt);
            EXPECT_LT(seg.time, lastAckAt);
        }
    }
    EXPECT_EQ(bytes, data.size()); // nothing lost, nothing resent

    EXPECT_EQ(net.States(0, ClientConn(net)), kActiveCloserStates);
    EXPECT_EQ(net.States(1, s), kPassiveCloserStates);
    auto last = SentWith(net, 1, TcpHeader::FIN);
    ASSERT_EQ(last.size(), 1u);
    EXPECT_EQ(last[0].payload, 0u);
    EXPECT_EQ(client.conn.normalClose, 1);
    EXPECT_EQ(server.conn.normalClose, 1);
    EXPECT_EQ(client.conn.errorClose + server.conn.errorClose, 0);
}

// ---------------------------------------------------------------------------------------------
// Abort (RFC 9293 3.10.4 and 3.10.5, RFC 2525 2.17)

TEST_F(Close, CloseWithUnreadData_SendsRst_PeerErrorCloses)
{
    TwoNodeNet net;
    Server server;
    server.conn.read = false; // the 100 bytes stay unread
    Client client;
    Open(net, server, client);
    SynFinSchedule(Seconds(1.5), [&]() { client.conn.socket->Send(Create<Packet>(100), 0); });
    SynFinSchedule(kCloseAt, [&]() {
        EXPECT_EQ(server.conn.socket->GetRxAvailable(), 100u);
        EXPECT_EQ(server.conn.socket->Close(), 0);
    });
    RunUntil(Seconds(4));

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:ACK+data", "1:ACK", "1:RST"}));
    Isn isn = HandshakeNumbers(net);
    auto rst = SentWith(net, 1, TcpHeader::RST);
    ASSERT_EQ(rst.size(), 1u);
    EXPECT_EQ(rst[0].flags, TcpHeader::RST);
    EXPECT_EQ(rst[0].seq, isn.server + 1); // <SEQ=SND.NXT><CTL=RST>
    EXPECT_EQ(rst[0].time, kCloseAt);

    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(1, s), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(net.ChangeTo(1, s, TcpSocket::CLOSED)->cause, SynFinEvent::APP_ABORT);
    uint64_t c = ClientConn(net);
    EXPECT_EQ(net.States(0, c), (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(net.ChangeTo(0, c, TcpSocket::CLOSED)->cause, SynFinEvent::RCV_RST);
    EXPECT_EQ(client.conn.errorClose, 1);
    EXPECT_EQ(client.conn.normalClose, 0);
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
    EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Size(), 0u);
}

TEST_F(Close, LingerZero_CloseSendsRst_PeerErrorCloses)
{
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&]() {
        client.conn.socket->SetAttribute("LingerZero", BooleanValue(true));
        EXPECT_EQ(client.conn.socket->Close(), 0);
    });
    RunUntil(Seconds(4));

    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:RST"}));
    Isn isn = HandshakeNumbers(net);
    EXPECT_EQ(net.Segments().back().seq, isn.client + 1);
    uint64_t c = ClientConn(net);
    EXPECT_EQ(net.States(0, c), (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(net.ChangeTo(0, c, TcpSocket::CLOSED)->cause, SynFinEvent::APP_ABORT);
    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(1, s), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(net.ChangeTo(1, s, TcpSocket::CLOSED)->cause, SynFinEvent::RCV_RST);
    EXPECT_EQ(server.conn.errorClose, 1);
    EXPECT_EQ(server.conn.normalClose, 0);
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u); // no TIME-WAIT after an abort
}

TEST_F(Close, AbortCall_SendsRst_PeerErrorCloses_SecondAbortFails)
{
    TwoNodeNet net;
    Server server;
    Client client;
    Open(net, server, client);
    int first = -2;
    int second = -2;
    Socket::SocketErrno secondErrno = Socket::ERROR_NOTERROR;
    SynFinSchedule(kCloseAt, [&]() {
        first = Sf(client.conn.socket)->Abort();
        second = Sf(client.conn.socket)->Abort();
        secondErrno = client.conn.socket->GetErrno();
    });
    RunUntil(Seconds(4));

    EXPECT_EQ(first, 0);
    EXPECT_EQ(second, -1);
    EXPECT_EQ(secondErrno, Socket::ERROR_NOTCONN);
    EXPECT_EQ(net.Exchange(), AfterHandshake({"0:RST"}));
    Isn isn = HandshakeNumbers(net);
    EXPECT_EQ(net.Segments().back().seq, isn.client + 1);
    EXPECT_EQ(net.States(0, ClientConn(net)),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(net.States(1, ServerConn(net)),
              (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSED"}));
    EXPECT_EQ(server.conn.errorClose, 1);
    EXPECT_EQ(server.conn.normalClose, 0);
}

// ---------------------------------------------------------------------------------------------
// RST acceptance and challenge ACKs (RFC 9293 3.10.7.4, RFC 5961 sections 3 and 4), by
// segments injected into the server's protocol on a live connection.

namespace
{

/// Connect, then at 2 s inject into the server what `inject` builds from the ISNs.
void
RunWithInjection(TwoNodeNet& net,
                 Server& server,
                 Client& client,
                 std::function<void(const Isn&)> inject)
{
    Open(net, server, client);
    SynFinSchedule(kCloseAt, [&net, inject]() { inject(HandshakeNumbers(net)); });
    RunUntil(Seconds(4));
}

} // namespace

TEST_F(CloseRst, RstAtRcvNxt_ResetsConnection_ErrorClose)
{
    TwoNodeNet net;
    Server server;
    Client client;
    RunWithInjection(net, server, client, [&net](const Isn& isn) {
        net.Inject(1, TcpHeader::RST, isn.client + 1, 0, isn.clientPort, 80);
    });

    EXPECT_EQ(net.Exchange(), kHandshake); // a RST is never answered
    uint64_t s = ServerConn(net);
    EXPECT_EQ(net.States(1, s), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED", "CLOSED"}));
    const SynFinStateChange* end = net.ChangeTo(1, s, TcpSocket::CLOSED);
    ASSERT_NE(end, nullptr);
    EXPECT_EQ(end->cause, SynFinEvent::RCV_RST);
    EXPECT_EQ(end->time, kCloseAt);
    EXPECT_EQ(server.conn.errorClose, 1);
    EXPECT_EQ(server.conn.normalClose, 0);
    EXPECT_EQ(Sf(client.conn.socket)->GetState(), TcpSocket::ESTABLISHED);
}

TEST_F(CloseRst, RstInWindowNotAtRcvNxt_DrawsChallengeAck_StateUnchanged)
{
    TwoNodeNet net;
    Server server;
    Client client;
    RunWithInjection(net, server, client, [&net](const Isn& isn) {
        net.Inject(1, TcpHeader::RST, isn.client + 1 + 1000, 0, isn.clientPort, 80);
        net.Inject(1,
                   TcpHeader::RST | TcpHeader::ACK,
                   isn.client + 2,
                   isn.server + 1,
                   isn.clientPort,
                   80);
    });

    // Two invalid segments at one instant draw one challenge ACK: RFC 5961 section 7
    // throttling (InvalidAckRateLimit, 500 ms as Linux).
    EXPECT_EQ(net.Exchange(), AfterHandshake({"1:ACK"}));
    Isn isn = HandshakeNumbers(net);
    for (std::size_t i = 3; i < net.Segments().size(); ++i)
    {
        const auto& ack = net.Segments()[i];
        EXPECT_EQ(ack.seq, isn.server + 1); // <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        EXPECT_EQ(ack.ack, isn.client + 1);
        EXPECT_EQ(ack.time, kCloseAt);
    }
    EXPECT_EQ(net.States(1, ServerConn(net)), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(Sf(server.conn.socket)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(Sf(client.conn.socket)->GetState(), TcpSocket::ESTABLISHED);
    EXPECT_EQ(server.conn.errorClose + server.conn.normalClose, 0);
}

TEST_F(CloseRst, RstOutOfWindow_IgnoredSilently)
{
    TwoNodeNet net;
    Server server;
    Client client;
    RunWithInjection(net, server, client, [&net](const Isn& isn) {
        net.Inject(1, TcpHeader::RST, isn.client + 1 + (1u << 30), 0, isn.clientPort, 80);
        net.Inject(1, TcpHeader::RST, isn.client, 0, isn.clientPort, 80); // just below
    });

    EXPECT_EQ(net.Exchange(), kHandshake);
    EXPECT_EQ(net.States(1, ServerConn(net)), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(server.conn.errorClose + server.conn.normalClose, 0);
}

TEST_F(CloseRst, SynOnEstablished_DrawsChallengeAck_StateUnchanged)
{
    TwoNodeNet net;
    Server server;
    Client client;
    RunWithInjection(net, server, client, [&net](const Isn& isn) {
        // RFC 5961 section 4.2: "irrespective of the sequence number".
        net.Inject(1, TcpHeader::SYN, isn.client + 1 + 500, 0, isn.clientPort, 80);
        net.Inject(1, TcpHeader::SYN, isn.client - 100000, 0, isn.clientPort, 80);
    });

    // Two invalid segments at one instant draw one challenge ACK: RFC 5961 section 7
    // throttling (InvalidAckRateLimit, 500 ms as Linux).
    EXPECT_EQ(net.Exchange(), AfterHandshake({"1:ACK"}));
    Isn isn = HandshakeNumbers(net);
    for (std::size_t i = 3; i < net.Segments().size(); ++i)
    {
        EXPECT_EQ(net.Segments()[i].seq, isn.server + 1);
        EXPECT_EQ(net.Segments()[i].ack, isn.client + 1);
    }
    EXPECT_EQ(net.States(1, ServerConn(net)), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(server.accepted, 1u); // no second connection
    EXPECT_EQ(net.Connections(1).size(), 2u);
    EXPECT_EQ(server.conn.errorClose + server.conn.normalClose, 0);
}

// ---------------------------------------------------------------------------------------------
// Segments for a port with no socket (RFC 9293 3.10.7.1)

namespace
{

/// Inject into node 1, port 9 (nobody there), from 10.1.1.1:4000, at 1 s.
void
RunNoSocket(std::function<void()> inject)
{
    SynFinSchedule(Seconds(1), inject);
    RunUntil(Seconds(2));
}

} // namespace

TEST_F(CloseRst, NoSocket_SegmentWithAck_RstWithSeqFromSegAck)
{
    TwoNodeNet net;
    RunNoSocket([&net]() {
        net.Inject(1, TcpHeader::ACK, 1000, 5000, 4000, 9);
        net.Inject(1, TcpHeader::ACK | TcpHeader::FIN, 2000, 6000, 4000, 9, 10);
    });

    EXPECT_EQ(net.Exchange(), (Strings{"1:RST", "1:RST"})); // <SEQ=SEG.ACK><CTL=RST>
    const auto& s = net.Segments();
    ASSERT_EQ(s.size(), 2u);
    EXPECT_EQ(s[0].seq, 5000u);
    EXPECT_EQ(s[1].seq, 6000u);
    for (const auto& seg : s)
    {
        EXPECT_EQ(seg.srcPort, 9);
        EXPECT_EQ(seg.dstPort, 4000);
        EXPECT_EQ(seg.payload, 0u);
    }
}

TEST_F(CloseRst, NoSocket_SegmentWithoutAck_RstAckCoveringSegLen)
{
    TwoNodeNet net;
    RunNoSocket([&net]() {
        net.Inject(1, TcpHeader::FIN, 7000, 0, 4000, 9);
        net.Inject(1, 0, 8000, 0, 4000, 9, 10);             // bare data
        net.Inject(1, TcpHeader::FIN, 100, 0, 4000, 9, 10); // data and FIN
        net.Inject(1, TcpHeader::SYN | TcpHeader::FIN, 300, 0, 4000, 9);
        net.Inject(1, TcpHeader::FIN, 0xffffffffu, 0, 4000, 9); // wraps
    });

    EXPECT_EQ(net.Exchange(), (Strings(5, "1:RST|ACK"))); // <SEQ=0><ACK=SEG.SEQ+SEG.LEN>
    const auto& s = net.Segments();
    ASSERT_EQ(s.size(), 5u);
    const uint32_t expectedAck[] = {7001, 8010, 111, 302, 0};
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        EXPECT_EQ(s[i].seq, 0u) << i;
        EXPECT_EQ(s[i].ack, expectedAck[i]) << i;
        EXPECT_EQ(s[i].srcPort, 9) << i;
        EXPECT_EQ(s[i].dstPort, 4000) << i;
    }
}

TEST_F(CloseRst, NoSocket_IncomingRst_DrawsNothing)
{
    TwoNodeNet net;
    RunNoSocket([&net]() {
        net.Inject(1, TcpHeader::RST, 1000, 0, 4000, 9);
        net.Inject(1, TcpHeader::RST | TcpHeader::ACK, 1000, 2000, 4000, 9);
    });

    EXPECT_TRUE(net.Segments().empty());
}
