/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * TIME-WAIT as a compact record held by the L4 protocol: 2*MSL (RFC 9293 section 3.4.2),
 * re-ACK of a retransmitted FIN and restart of 2*MSL (3.10.7.4), the RST policy
 * (RFC 9293 / RFC 1337, RFC 5961 section 3.2), the SYN-reuse policy (RFC 6191 / RFC 5961
 * section 4), ephemeral ports held by records, scale, and the node-wide trace paths.
 */

#include "synfin-test-util.h"

#include <chrono>
#include <functional>
#include <gtest/gtest.h>
#include <iostream>
#include <map>
#include <set>

using namespace ns3;
using namespace synfin_test;

namespace
{

const Time kConnectAt = Seconds(1);
const Time kCloseAt = Seconds(1.5);

/// Local port of a socket.
uint16_t
PortOf(Ptr<ns3::Socket> s)
{
    Address a;
    s->GetSockName(a);
    return InetSocketAddress::ConvertFrom(a).GetPort();
}

/**
 * A listener on port 80. Either it closes each child as soon as it is accepted (it is the
 * active closer, `closeFirst`), or it closes a child when the peer's FIN arrives.
 */
struct Server
{
    Ptr<ns3::Socket> listener;
    std::vector<Ptr<ns3::Socket>> children;
    bool closeFirst{false};
    bool keepChildren{true};
    uint32_t accepted{0};

    void Start(TwoNodeNet& net, uint16_t port = 80)
    {
        listener = net.Listen(port, MakeCallback(&Server::OnAccept, this));
    }

    void OnAccept(Ptr<ns3::Socket> s, const Address&)
    {
        ++accepted;
        if (keepChildren)
        {
            children.push_back(s);
        }
        if (closeFirst)
        {
            // Not from inside the accept callback: the socket is still in its ACK step.
            Simulator::ScheduleNow(&CloseIt, s);
        }
        else
        {
            s->SetCloseCallbacks(MakeCallback(&CloseIt),
                                 MakeNullCallback<void, Ptr<ns3::Socket>>());
        }
    }
};

/// The active opener; it closes on the peer's FIN when `closeOnPeerFin`.
struct Client
{
    Ptr<ns3::Socket> socket;
    int connected{0};
    int failed{0};
    Time connectedAt{-1};
    bool closeOnPeerFin{false};

    void Connect(TwoNodeNet& net, uint16_t localPort = 0, uint16_t port = 80)
    {
        socket = net.Socket(0);
        socket->SetConnectCallback(MakeCallback(&Client::OnConnected, this),
                                   MakeCallback(&Client::OnFailed, this));
        if (closeOnPeerFin)
        {
            socket->SetCloseCallbacks(MakeCallback(&CloseIt),
                                      MakeNullCallback<void, Ptr<ns3::Socket>>());
        }
        if (localPort != 0)
        {
            EXPECT_EQ(socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort)), 0);
        }
        EXPECT_EQ(socket->Connect(InetSocketAddress(net.Address(1), port)), 0);
    }

    void OnConnected(Ptr<ns3::Socket>)
    {
        ++connected;
        connectedAt = Simulator::Now();
    }

    void OnFailed(Ptr<ns3::Socket>)
    {
        ++failed;
    }
};

/// The client connects at kConnectAt and closes first at kCloseAt; the server closes on FIN.
void
ClientClosesFirst(TwoNodeNet& net, Server& server, Client& client)
{
    server.Start(net);
    SynFinSchedule(kConnectAt, [&net, &client]() { client.Connect(net); });
    SynFinSchedule(kCloseAt, [&client]() { client.socket->Close(); });
}

/// The first change of a connection from `from` to `to` (nullptr if none).
const SynFinStateChange*
FindChange(const TwoNodeNet& net, uint32_t node, uint64_t conn, SynFinState from, SynFinState to)
{
    for (const auto& c : net.Changes())
    {
        if (c.nodeId == node && c.connectionId == conn && c.from == from && c.to == to)
        {
            return &c;
        }
    }
    return nullptr;
}

/// Every TIME-WAIT -> CLOSED change on a node.
std::vector<SynFinStateChange>
TimeWaitEnds(const TwoNodeNet& net, uint32_t node)
{
    std::vector<SynFinStateChange> out;
    for (const auto& c : net.Changes())
    {
        if (c.nodeId == node && c.from == TcpSocket::TIME_WAIT)
        {
            out.push_back(c);
        }
    }
    return out;
}

/// The segments sent at or after `since`.
std::vector<SegmentRecord>
SentSince(const TwoNodeNet& net, Time since)
{
    std::vector<SegmentRecord> out;
    for (const auto& s : net.Segments())
    {
        if (s.time >= since)
        {
            out.push_back(s);
        }
    }
    return out;
}

/// The four-way close after the handshake, when the client closes first.
Strings
ClientFirstClose()
{
    Strings out = kHandshake;
    for (const char* s : {"0:FIN|ACK", "1:ACK", "1:FIN|ACK", "0:ACK"})
    {
        out.emplace_back(s);
    }
    return out;
}

/// One State trace firing.
struct StateStep
{
    TcpSocket::TcpStates_t from;
    TcpSocket::TcpStates_t to;
    Time at;
};

/// Collects the firings of a State trace.
struct StateLog
{
    std::vector<StateStep> steps;

    void OnState(TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to)
    {
        steps.push_back({from, to, Simulator::Now()});
    }

    Strings Names() const
    {
        Strings out;
        for (const auto& s : steps)
        {
            if (out.empty())
            {
                out.emplace_back(SynFinStateMachine::StateName(s.from));
            }
            out.emplace_back(SynFinStateMachine::StateName(s.to));
        }
        return out;
    }
};

class TimeWait : public SimulatorTest
{
};

class TimeWaitRst : public TimeWait
{
};

class TimeWaitSyn : public TimeWait
{
};

class TimeWaitPorts : public TimeWait
{
};

class TimeWaitScale : public TimeWait
{
};

class TimeWaitTrace : public TimeWait
{
};

} // namespace

// ---------------------------------------------------------------------------------------------
// 2*MSL (RFC 9293 section 3.4.2) and the compact record

TEST_F(TimeWait, ActiveClose_Lasts2Msl_RecordEndsItWithSocketsConnectionId)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    StateLog socketStates;
    std::vector<SynFinStateChange> socketTransitions;
    SynFinSchedule(kConnectAt + MilliSeconds(1), [&]() {
        client.socket->TraceConnectWithoutContext("State",
                                                  MakeCallback(&StateLog::OnState, &socketStates));
        client.socket->TraceConnectWithoutContext(
            "Transition",
            MakeSynFinCallback<void, const SynFinStateChange&>(
                [&socketTransitions](const SynFinStateChange& c) {
                    socketTransitions.push_back(c);
                }));
    });
    SynFinState midState = TcpSocket::CLOSED;
    SynFinSchedule(Seconds(3), [&]() { midState = Sf(client.socket)->GetState(); });
    RunUntil(Seconds(8));

    ASSERT_EQ(net.Exchange(), ClientFirstClose());
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    ASSERT_EQ(net.Connections(0), (std::vector<uint64_t>{conn}));
    EXPECT_EQ(net.States(0, conn), kActiveCloserStates);

    const SynFinStateChange* enter =
        FindChange(net, 0, conn, TcpSocket::FIN_WAIT_2, TcpSocket::TIME_WAIT);
    const SynFinStateChange* leave =
        FindChange(net, 0, conn, TcpSocket::TIME_WAIT, TcpSocket::CLOSED);
    ASSERT_NE(enter, nullptr);
    ASSERT_NE(leave, nullptr);
    // Entered when the server's FIN arrived, i.e. when the final ACK left.
    EXPECT_EQ(enter->time, net.Segments().back().time);
    EXPECT_EQ(leave->time - enter->time, 2 * msl);
    EXPECT_EQ(leave->cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(leave->segmentFlags, 0);
    EXPECT_EQ(leave->connectionId, conn);
    EXPECT_EQ(leave->tuple, Sf(client.socket)->GetFourTuple());
    EXPECT_FALSE(leave->passive);
    EXPECT_EQ(TimeWaitEnds(net, 0).size(), 1u);

    // The socket the application still holds follows the record to CLOSED.
    EXPECT_EQ(midState, TcpSocket::TIME_WAIT);
    EXPECT_EQ(Sf(client.socket)->GetState(), TcpSocket::CLOSED);
    EXPECT_EQ(
        socketStates.Names(),
        (Strings{"SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT", "CLOSED"}));
    ASSERT_FALSE(socketStates.steps.empty());
    EXPECT_EQ(socketStates.steps.back().at, leave->time);
    ASSERT_FALSE(socketTransitions.empty());
    EXPECT_EQ(socketTransitions.back().from, TcpSocket::TIME_WAIT);
    EXPECT_EQ(socketTransitions.back().to, TcpSocket::CLOSED);
    EXPECT_EQ(socketTransitions.back().cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(socketTransitions.back().connectionId, conn);
    EXPECT_EQ(socketTransitions.back().time, leave->time);

    // The passive closer never enters TIME-WAIT.
    EXPECT_TRUE(TimeWaitEnds(net, 1).empty());
    EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Peak(), 0u);
}

TEST_F(TimeWait, ActiveClose_SocketLeavesSocketList_CompactRecordHoldsConnection)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    std::size_t socketsEstablished = 99;
    std::size_t socketsTimeWait = 99;
    std::size_t recordsEstablished = 99;
    std::size_t recordsTimeWait = 99;
    SynFinTimeWaitRecord record;
    bool found = false;
    auto& table = net.Tcp(0)->GetTimeWaitTable();
    SynFinSchedule(Seconds(1.2), [&]() {
        socketsEstablished = net.Tcp(0)->GetSocketCount();
        recordsEstablished = table.Size();
    });
    SynFinSchedule(Seconds(3), [&]() {
        socketsTimeWait = net.Tcp(0)->GetSocketCount();
        recordsTimeWait = table.Size();
        const SynFinTimeWaitRecord* r = table.Find(Sf(client.socket)->GetFourTuple());
        if (r)
        {
            record = *r;
            found = true;
        }
    });
    RunUntil(Seconds(8));

    ASSERT_EQ(net.Exchange(), ClientFirstClose());
    EXPECT_EQ(socketsEstablished, 1u);
    EXPECT_EQ(recordsEstablished, 0u);
    EXPECT_EQ(socketsTimeWait, 0u); // the socket handed off: SocketList no longer holds it
    EXPECT_EQ(recordsTimeWait, 1u);
    ASSERT_TRUE(found);
    // The record answers for the connection: <SEQ=SND.NXT><ACK=RCV.NXT> of the final ACK.
    const SegmentRecord& finalAck = net.Segments().back();
    EXPECT_EQ(record.connectionId, Sf(client.socket)->GetConnectionId());
    EXPECT_EQ(record.sndNxt, finalAck.seq);
    EXPECT_EQ(record.rcvNxt, finalAck.ack);
    EXPECT_EQ(record.duration, (2 * msl).GetTimeStep());
    EXPECT_EQ(record.owner, PeekPointer(Sf(client.socket)));
    EXPECT_FALSE(record.passive);
    EXPECT_EQ(record.rstPolicy, SynFinTimeWaitRstPolicy::TW_RST_CLOSE);
    EXPECT_EQ(record.synPolicy, SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER);

    EXPECT_EQ(table.Size(), 0u);
    EXPECT_EQ(table.Peak(), 1u);
    EXPECT_EQ(net.Tcp(0)->GetSocketCount(), 0u);

    std::cout << "[ INFO     ] SynFinTimeWaitTable::BytesPerRecord() = "
              << SynFinTimeWaitTable::BytesPerRecord()
              << ", sizeof(SynFinSocket) = " << sizeof(SynFinSocket) << std::endl;
    RecordProperty("BytesPerRecord", static_cast<int>(SynFinTimeWaitTable::BytesPerRecord()));
    RecordProperty("SizeofSynFinSocket", static_cast<int>(sizeof(SynFinSocket)));
    EXPECT_LT(SynFinTimeWaitTable::BytesPerRecord() * 4, sizeof(SynFinSocket));
    EXPECT_GE(SynFinTimeWaitTable::BytesPerRecord(),
              sizeof(SynFinTimeWaitRecord) + sizeof(SynFinFourTuple));
}

// ---------------------------------------------------------------------------------------------
// RFC 9293 3.10.7.4, TIME-WAIT FIN: "Remain in the TIME-WAIT state. Restart the 2 MSL
// time-wait timeout."

TEST_F(TimeWait, LostFinalAck_RetransmittedFin_ReAckedByRecord_2MslRestarted)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    net.DropAtServer("ACK#2@10.1.1.1:empty"); // #1 is the handshake's final ACK
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    // The server's FIN goes at ~1.51 s and again one RTO (MinRto, 1 s) later; the client
    // entered TIME-WAIT at ~1.52 s, so its first 2*MSL would end at ~4.52 s.
    std::size_t recordsAfterFirstExpiry = 99;
    SynFinState socketAfterFirstExpiry = TcpSocket::CLOSED;
    SynFinSchedule(Seconds(5), [&]() {
        recordsAfterFirstExpiry = net.Tcp(0)->GetTimeWaitTable().Size();
        socketAfterFirstExpiry = Sf(client.socket)->GetState();
    });
    RunUntil(Seconds(10));

    EXPECT_EQ(net.DropsAtServer(), 1u);
    Strings expected = ClientFirstClose();
    expected.emplace_back("1:FIN|ACK");
    expected.emplace_back("0:ACK");
    ASSERT_EQ(net.Exchange(), expected);
    const auto& seg = net.Segments();
    EXPECT_EQ(seg[7].seq, seg[5].seq); // the same FIN again
    EXPECT_EQ(seg[8].seq, seg[6].seq); // re-ACKed exactly as the first time
    EXPECT_EQ(seg[8].ack, seg[6].ack);
    EXPECT_EQ(seg[8].srcPort, seg[6].srcPort);
    // The record answered the moment the FIN arrived (one 10 ms hop plus serialisation).
    EXPECT_GT(seg[8].time, seg[7].time + MilliSeconds(10));
    EXPECT_LT(seg[8].time, seg[7].time + MilliSeconds(11));

    uint64_t conn = Sf(client.socket)->GetConnectionId();
    Time twAt = net.EnteredAt(0, conn, TcpSocket::TIME_WAIT);
    ASSERT_TRUE(twAt.IsPositive());
    EXPECT_EQ(twAt, seg[6].time);
    EXPECT_LT(seg[8].time, twAt + 2 * msl); // the FIN came back within the first 2*MSL

    EXPECT_EQ(recordsAfterFirstExpiry, 1u);
    EXPECT_EQ(socketAfterFirstExpiry, TcpSocket::TIME_WAIT);
    auto ends = TimeWaitEnds(net, 0);
    ASSERT_EQ(ends.size(), 1u); // one TIME-WAIT, one end: the restart is not a new entry
    EXPECT_EQ(ends[0].connectionId, conn);
    EXPECT_EQ(ends[0].cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(ends[0].time, seg[8].time + 2 * msl); // 2*MSL from the re-ACK, not from entry
    EXPECT_EQ(net.States(0, conn), kActiveCloserStates);
    EXPECT_EQ(Sf(client.socket)->GetState(), TcpSocket::CLOSED);
    // The server's LAST-ACK ended on the re-ACK.
    uint64_t serverConn = net.Connections(1).at(1);
    EXPECT_GT(net.EnteredAt(1, serverConn, TcpSocket::CLOSED), seg[8].time + MilliSeconds(10));
    EXPECT_LT(net.EnteredAt(1, serverConn, TcpSocket::CLOSED), seg[8].time + MilliSeconds(11));
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
}

// ---------------------------------------------------------------------------------------------
// RST in TIME-WAIT: RFC 9293 3.10.7.4 (an acceptable RST closes), RFC 1337 section 4 (ignore),
// RFC 5961 section 3.2 (only an exact match is acceptable; in-window draws a challenge ACK)

namespace
{

/// The client's record once the four-way close is over (a copy; zero if none).
struct RecordProbe
{
    SynFinTimeWaitRecord record;
    bool found{false};
    uint16_t localPort{0};

    void Take(TwoNodeNet& net, Ptr<ns3::Socket> socket)
    {
        const SynFinTimeWaitRecord* r =
            net.Tcp(0)->GetTimeWaitTable().Find(Sf(socket)->GetFourTuple());
        found = r != nullptr;
        if (r)
        {
            record = *r;
        }
        localPort = Sf(socket)->GetFourTuple().localPort;
    }
};

} // namespace

TEST_F(TimeWaitRst, PolicyClose_ExactRst_EndsTimeWaitAtOnce)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    RecordProbe probe;
    const Time rstAt = Seconds(2.5);
    SynFinSchedule(rstAt, [&]() {
        probe.Take(net, client.socket);
        if (probe.found)
        {
            net.Inject(0, TcpHeader::RST, probe.record.rcvNxt, 0, 80, probe.localPort);
        }
    });
    RunUntil(Seconds(8));

    ASSERT_TRUE(probe.found);
    EXPECT_EQ(probe.record.rstPolicy, SynFinTimeWaitRstPolicy::TW_RST_CLOSE); // the default
    EXPECT_EQ(net.Exchange(), ClientFirstClose()); // a RST is never answered
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    auto ends = TimeWaitEnds(net, 0);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].connectionId, conn);
    EXPECT_EQ(ends[0].cause, SynFinEvent::RCV_RST);
    EXPECT_EQ(ends[0].segmentFlags, TcpHeader::RST);
    EXPECT_EQ(ends[0].to, TcpSocket::CLOSED);
    EXPECT_EQ(ends[0].time, rstAt);
    EXPECT_EQ(net.States(0, conn), kActiveCloserStates);
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Size(), 0u);
    EXPECT_FALSE(net.Tcp(0)->GetTimeWaitTable().UsesLocalPort(probe.localPort));
    EXPECT_EQ(Sf(client.socket)->GetState(), TcpSocket::CLOSED);
}

TEST_F(TimeWaitRst, PolicyIgnore_ExactRstDropped_TimeWaitLastsFull2Msl)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    Config::SetDefault("ns3::SynFinSocket::TimeWaitRstPolicy", StringValue("Ignore"));
    TwoNodeNet net;
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    RecordProbe probe;
    std::size_t recordsAfterRst = 99;
    const Time rstAt = Seconds(2.5);
    SynFinSchedule(rstAt, [&]() {
        probe.Take(net, client.socket);
        if (probe.found)
        {
            net.Inject(0, TcpHeader::RST, probe.record.rcvNxt, 0, 80, probe.localPort);
            recordsAfterRst = net.Tcp(0)->GetTimeWaitTable().Size();
        }
    });
    RunUntil(Seconds(8));

    ASSERT_TRUE(probe.found);
    EXPECT_EQ(probe.record.rstPolicy, SynFinTimeWaitRstPolicy::TW_RST_IGNORE);
    EXPECT_EQ(recordsAfterRst, 1u);
    EXPECT_EQ(net.Exchange(), ClientFirstClose()); // dropped silently
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    auto ends = TimeWaitEnds(net, 0);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(ends[0].time - net.EnteredAt(0, conn, TcpSocket::TIME_WAIT), 2 * msl);
    EXPECT_EQ(Sf(client.socket)->GetState(), TcpSocket::CLOSED);
}

TEST_F(TimeWaitRst, WrongSequence_InWindowDrawsChallengeAck_OutOfWindowNothing_NeitherCloses)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    // Each challenge ACK reaches the server, whose connection is gone: it answers
    // <SEQ=SEG.ACK><CTL=RST> (3.10.7.1), and SEG.ACK is the record's RCV.NXT, so that RST
    // would be exact and end TIME-WAIT (the RFC 1337 hazard). Keep those RSTs off the link
    // to see what the injected RSTs alone do.
    net.DropAtClient("RST#0@10.1.1.2");
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    RecordProbe probe;
    std::vector<std::size_t> recordsAfter;
    std::vector<std::size_t> segmentsAfter;
    auto note = [&]() {
        recordsAfter.push_back(net.Tcp(0)->GetTimeWaitTable().Size());
        segmentsAfter.push_back(net.Segments().size());
    };
    SynFinSchedule(Seconds(2.5), [&]() {
        probe.Take(net, client.socket);
        if (!probe.found)
        {
            return;
        }
        uint32_t rcvNxt = probe.record.rcvNxt;
        uint16_t port = probe.localPort;
        note();
        net.Inject(0, TcpHeader::RST, rcvNxt - 1, 0, 80, port); // just below RCV.NXT
        note();
        uint32_t window = static_cast<uint32_t>(probe.record.window) << probe.record.windowShift;
        net.Inject(0, TcpHeader::RST, rcvNxt + window, 0, 80, port); // past the window
        note();
        net.Inject(0,
                   TcpHeader::RST | TcpHeader::ACK,
                   rcvNxt + window + 68928,
                   probe.record.sndNxt,
                   80,
                   port);
        note();
        net.Inject(0, TcpHeader::RST, rcvNxt + 1, 0, 80, port); // in window, not exact
        note();
        net.Inject(0,
                   TcpHeader::RST | TcpHeader::ACK,
                   rcvNxt + 1000,
                   probe.record.sndNxt,
                   80,
                   port);
        note();
    });
    RunUntil(Seconds(8));

    ASSERT_TRUE(probe.found);
    // RcvBufSize 128 KiB with stock's window scaling: field 32768, shift 2 (RFC 7323 2.3).
    EXPECT_EQ(probe.record.window, 32768);
    EXPECT_EQ(probe.record.windowShift, 2);
    EXPECT_EQ(recordsAfter, (std::vector<std::size_t>{1, 1, 1, 1, 1, 1}));
    ASSERT_EQ(segmentsAfter.size(), 6u);
    // The out-of-window ones drew nothing; each in-window one drew one challenge ACK.
    const std::size_t before = segmentsAfter[0];
    EXPECT_EQ(segmentsAfter,
              (std::vector<std::size_t>{before, before, before, before, before + 1, before + 2}));
    Strings expected = ClientFirstClose();
    for (const char* seg : {"0:ACK", "0:ACK", "1:RST", "1:RST"})
    {
        expected.emplace_back(seg);
    }
    ASSERT_EQ(net.Exchange(), expected);
    EXPECT_EQ(net.DropsAtClient(), 2u);
    const auto& seg = net.Segments();
    for (std::size_t i : {7u, 8u})
    {
        // RFC 5961 section 3.2: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
        EXPECT_EQ(seg[i].seq, probe.record.sndNxt);
        EXPECT_EQ(seg[i].ack, probe.record.rcvNxt);
        EXPECT_EQ(seg[i].srcPort, probe.localPort);
        EXPECT_EQ(seg[i].dstPort, 80);
        EXPECT_EQ(seg[i].time, Seconds(2.5));
    }
    // TIME-WAIT was neither ended nor restarted.
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    auto ends = TimeWaitEnds(net, 0);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(ends[0].time - net.EnteredAt(0, conn, TcpSocket::TIME_WAIT), 2 * msl);
}

// ---------------------------------------------------------------------------------------------
// A new SYN for a 4-tuple in TIME-WAIT: RFC 6191 (accept a SYN beyond the old sequence
// space) or RFC 5961 section 4 / RFC 9293 3.10.7.4 (answer with an ACK)

namespace
{

/**
 * The server is the active closer of the first connection: it closes the child once accepted;
 * the client closes on the server's FIN. The client binds port 5000 and connects at 1 s; at
 * `secondAt` a second client socket binds port 5000 again and connects to the same server
 * port, which hits the server's TIME-WAIT record for (10.1.1.2:80, 10.1.1.1:5000). The
 * second connection is left open by both ends.
 */
struct ReuseScenario
{
    static constexpr uint16_t kClientPort = 5000;
    Server server;
    Client first;
    Client second;
    SynFinTimeWaitRecord record;
    bool recordFound{false};

    void Setup(TwoNodeNet& net, Time secondAt)
    {
        server.closeFirst = true;
        server.Start(net);
        first.closeOnPeerFin = true;
        second.closeOnPeerFin = false;
        SynFinSchedule(kConnectAt, [this, &net]() { first.Connect(net, kClientPort); });
        SynFinSchedule(secondAt, [this, &net]() {
            server.closeFirst = false; // the second connection stays open
            SynFinFourTuple t{net.Address(1), net.Address(0), 80, kClientPort};
            const SynFinTimeWaitRecord* r = net.Tcp(1)->GetTimeWaitTable().Find(t);
            recordFound = r != nullptr;
            if (r)
            {
                record = *r;
            }
            second.Connect(net, kClientPort);
        });
    }
};

const Strings
    kServerFirstClose{"0:SYN", "1:SYN|ACK", "0:ACK", "1:FIN|ACK", "0:ACK", "0:FIN|ACK", "1:ACK"};

} // namespace

TEST_F(TimeWaitSyn, AcceptIfNewer_NewerSyn_RecordEndsAndNewConnectionEstablishedAtOnce)
{
    const Time msl = Seconds(5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    ReuseScenario sc;
    const Time secondAt = Seconds(2);
    sc.Setup(net, secondAt);
    RunUntil(Seconds(4));

    ASSERT_TRUE(sc.recordFound);
    EXPECT_EQ(sc.record.synPolicy, SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER); // default
    EXPECT_TRUE(sc.record.passive);
    Strings expected = kServerFirstClose;
    expected.insert(expected.end(), kHandshake.begin(), kHandshake.end());
    ASSERT_EQ(net.Exchange(), expected);
    const auto& seg = net.Segments();
    for (const auto& s : seg)
    {
        EXPECT_EQ(s.node == 0 ? s.srcPort : s.dstPort, ReuseScenario::kClientPort);
    }
    // RFC 6528: same 4-tuple, later clock, larger ISN; beyond the old RCV.NXT.
    const SegmentRecord& newSyn = seg[7];
    EXPECT_EQ(newSyn.time, secondAt);
    EXPECT_GT(SequenceNumber32(newSyn.seq), SequenceNumber32(sc.record.rcvNxt));
    EXPECT_EQ(sc.record.rcvNxt, seg[0].seq + 2); // old ISS, its SYN and its FIN

    // The record left with cause RCV_SYN_REUSE when the SYN arrived, before the listener forked.
    auto ends = TimeWaitEnds(net, 1);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].connectionId, sc.record.connectionId);
    EXPECT_EQ(ends[0].cause, SynFinEvent::RCV_SYN_REUSE);
    EXPECT_EQ(ends[0].segmentFlags, TcpHeader::SYN);
    EXPECT_EQ(ends[0].to, TcpSocket::CLOSED);
    EXPECT_EQ(ends[0].time, seg[8].time); // the SYN|ACK left the moment the SYN arrived
    EXPECT_TRUE(ends[0].passive);
    EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Size(), 0u);

    auto serverConns = net.Connections(1);
    ASSERT_EQ(serverConns.size(), 3u); // listener, first child, second child
    EXPECT_EQ(serverConns[1], sc.record.connectionId);
    EXPECT_EQ(net.States(1, serverConns[1]),
              (Strings{"LISTEN",
                       "SYN-RECEIVED",
                       "ESTABLISHED",
                       "FIN-WAIT-1",
                       "FIN-WAIT-2",
                       "TIME-WAIT",
                       "CLOSED"}));
    EXPECT_EQ(net.States(1, serverConns[2]), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(seg[8].ack, newSyn.seq + 1);
    EXPECT_EQ(sc.second.connected, 1);
    EXPECT_EQ(sc.second.failed, 0);
    EXPECT_EQ(sc.second.connectedAt, seg[9].time); // when its ACK left
    EXPECT_EQ(sc.server.accepted, 2u);
    EXPECT_EQ(net.States(0, Sf(sc.second.socket)->GetConnectionId()),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED"}));
    // The first connection, on the client (passive closer): no TIME-WAIT there.
    EXPECT_EQ(net.States(0, Sf(sc.first.socket)->GetConnectionId()),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK", "CLOSED"}));
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Peak(), 0u);
}

TEST_F(TimeWaitSyn, AcceptIfNewer_OldSyn_AnsweredWithAck_RecordKept)
{
    const Time msl = Seconds(5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    // RFC 6191's rule by sequence number: the one that applies without timestamps.
    Config::SetDefault("ns3::SynFinSocket::Timestamp", BooleanValue(false));
    TwoNodeNet net;
    // The record's ACK reaches the client, where port 5000 has no connection any more: it
    // answers <SEQ=SEG.ACK><CTL=RST>, exact for the record. Keep that RST off the link to see
    // what the old SYN alone does.
    net.DropAtServer("RST#0@10.1.1.1");
    ReuseScenario sc;
    sc.server.closeFirst = true;
    sc.server.Start(net);
    sc.first.closeOnPeerFin = true;
    SynFinSchedule(kConnectAt, [&]() { sc.first.Connect(net, ReuseScenario::kClientPort); });
    std::size_t recordsAfter = 99;
    SynFinSchedule(Seconds(2), [&]() {
        SynFinFourTuple t{net.Address(1), net.Address(0), 80, ReuseScenario::kClientPort};
        const SynFinTimeWaitRecord* r = net.Tcp(1)->GetTimeWaitTable().Find(t);
        sc.recordFound = r != nullptr;
        if (r)
        {
            sc.record = *r;
            // A SYN at or below the old RCV.NXT could be an old duplicate of that incarnation.
            net.Inject(1, TcpHeader::SYN, r->rcvNxt - 1, 0, ReuseScenario::kClientPort, 80);
            recordsAfter = net.Tcp(1)->GetTimeWaitTable().Size();
        }
    });
    RunUntil(Seconds(3));

    ASSERT_TRUE(sc.recordFound);
    EXPECT_EQ(recordsAfter, 1u);
    Strings expected = kServerFirstClose;
    expected.emplace_back("1:ACK");
    expected.emplace_back("0:RST");
    ASSERT_EQ(net.Exchange(), expected);
    EXPECT_EQ(net.DropsAtServer(), 1u);
    const auto& seg = net.Segments();
    EXPECT_EQ(seg[7].seq, sc.record.sndNxt);
    EXPECT_EQ(seg[7].ack, sc.record.rcvNxt);
    EXPECT_TRUE(TimeWaitEnds(net, 1).empty());
    EXPECT_EQ(net.Connections(1).size(), 2u); // no new child
}

TEST_F(TimeWaitSyn, WithTimestamps_TheTimestampDecides_NotTheSequenceNumber)
{
    // RFC 6191 section 2, first condition: when both incarnations use timestamps, a SYN is
    // new if its TSval is newer than TS.Recent, whatever its sequence number; PAWS turns an
    // older one away even with a sequence number beyond RCV.NXT.
    for (bool newerTimestamp : {true, false})
    {
        SCOPED_TRACE(newerTimestamp ? "old sequence number, newer timestamp"
                                    : "newer sequence number, old timestamp");
        Config::Reset();
        Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(5)));
        TwoNodeNet net;
        net.DropAtServer("RST#0@10.1.1.1"); // as above: only the SYN's own effect
        ReuseScenario sc;
        sc.server.closeFirst = true;
        sc.server.Start(net);
        sc.first.closeOnPeerFin = true;
        SynFinSchedule(kConnectAt, [&]() { sc.first.Connect(net, ReuseScenario::kClientPort); });
        SynFinSchedule(Seconds(2), [&]() {
            SynFinFourTuple t{net.Address(1), net.Address(0), 80, ReuseScenario::kClientPort};
            const SynFinTimeWaitRecord* r = net.Tcp(1)->GetTimeWaitTable().Find(t);
            sc.recordFound = r != nullptr;
            if (!r)
            {
                return;
            }
            sc.record = *r;
            uint32_t seq = newerTimestamp ? r->rcvNxt - 1 : r->rcvNxt + 100000;
            int64_t tsValue = newerTimestamp ? -1 : int64_t{r->tsRecent} - 1;
            net.Inject(1, TcpHeader::SYN, seq, 0, ReuseScenario::kClientPort, 80, 0, tsValue);
        });
        RunUntil(Seconds(3));

        ASSERT_TRUE(sc.recordFound);
        EXPECT_TRUE(sc.record.timestamps);
        EXPECT_GT(sc.record.tsRecent, 0u);
        auto ends = TimeWaitEnds(net, 1);
        Strings expected = kServerFirstClose;
        if (newerTimestamp)
        {
            ASSERT_EQ(ends.size(), 1u);
            EXPECT_EQ(ends[0].cause, SynFinEvent::RCV_SYN_REUSE);
            expected.emplace_back("1:SYN|ACK"); // a new child answers
            EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Size(), 0u);
        }
        else
        {
            EXPECT_TRUE(ends.empty());
            expected.emplace_back("1:ACK"); // the record's ACK, as to any other old SYN
            EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Size(), 1u);
        }
        std::vector<std::string> got = net.Exchange();
        ASSERT_GE(got.size(), expected.size());
        got.resize(expected.size());
        EXPECT_EQ(got, expected);
        Simulator::Destroy();
    }
}

TEST_F(TimeWaitSyn, AcceptIfNewer_NewerSynButNoListener_RecordKept_SynAnsweredWithAck)
{
    // RFC 1122 4.2.2.13: TIME-WAIT "MAY accept a new SYN from the remote TCP to reopen the
    // connection directly from TIME-WAIT state". Only a listener can reopen it: with none on
    // the port (here the client's ephemeral port), nothing is reopened, so the record must
    // keep its 2*MSL and answer the SYN as any other unacceptable segment (as Linux's
    // tcp_v4_rcv does, TCP_TW_SYN falling through to TCP_TW_ACK without a listener).
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    // The ACK reaches the server's listener on port 80, which answers <SEQ=SEG.ACK><CTL=RST>
    // (3.10.7.2); that RST is exact for the record. Keep it off the link.
    net.DropAtClient("RST#0@10.1.1.2");
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    RecordProbe probe;
    std::size_t recordsAfter = 99;
    const Time synAt = Seconds(2.5);
    SynFinSchedule(synAt, [&]() {
        probe.Take(net, client.socket);
        if (probe.found)
        {
            net.Inject(0, TcpHeader::SYN, probe.record.rcvNxt + 1000, 0, 80, probe.localPort);
            recordsAfter = net.Tcp(0)->GetTimeWaitTable().Size();
        }
    });
    RunUntil(Seconds(8));

    ASSERT_TRUE(probe.found);
    EXPECT_EQ(probe.record.synPolicy, SynFinTimeWaitSynPolicy::TW_SYN_ACCEPT_IF_NEWER);
    EXPECT_EQ(recordsAfter, 1u);
    auto ends = TimeWaitEnds(net, 0);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].cause, SynFinEvent::TIMER_TIME_WAIT);
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    EXPECT_EQ(ends[0].time - net.EnteredAt(0, conn, TcpSocket::TIME_WAIT), 2 * msl);
    Strings expected = ClientFirstClose();
    expected.emplace_back("0:ACK");
    expected.emplace_back("1:RST");
    EXPECT_EQ(net.Exchange(), expected);
    const auto& seg = net.Segments();
    ASSERT_GE(seg.size(), 8u);
    EXPECT_EQ(seg[7].time, synAt);
    EXPECT_EQ(seg[7].seq, probe.record.sndNxt);
    EXPECT_EQ(seg[7].ack, probe.record.rcvNxt);
}

TEST_F(TimeWaitSyn, Reject_SynDrawsAck_ClientRsts_RecordCloses_SynRetransmissionConnects)
{
    const Time msl = Seconds(5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    Config::SetDefault("ns3::SynFinSocket::TimeWaitSynPolicy", StringValue("Reject"));
    TwoNodeNet net;
    ReuseScenario sc;
    const Time secondAt = Seconds(2);
    sc.Setup(net, secondAt);
    RunUntil(Seconds(8));

    ASSERT_TRUE(sc.recordFound);
    EXPECT_EQ(sc.record.synPolicy, SynFinTimeWaitSynPolicy::TW_SYN_REJECT);
    EXPECT_EQ(sc.record.rstPolicy, SynFinTimeWaitRstPolicy::TW_RST_CLOSE);
    // 1. The record answers the SYN with <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> (3.10.7.4,
    //    RFC 5961 section 4): an ACK of the old connection, not a SYN|ACK.
    // 2. The client, in SYN-SENT, finds SEG.ACK =< ISS (the old connection's sequence space
    //    is behind its new ISS) and answers <SEQ=SEG.ACK><CTL=RST> (3.10.7.3, first check).
    // 3. That RST's SEQ is exactly the record's RCV.NXT, so with the RST policy "Close" it
    //    ends TIME-WAIT (3.10.7.4, RFC 5961 section 3.2).
    // 4. The client's SYN, retransmitted one ConnTimeout (3 s) later, finds no record and
    //    is accepted by the listener.
    Strings expected = kServerFirstClose;
    for (const char* s : {"0:SYN", "1:ACK", "0:RST", "0:SYN", "1:SYN|ACK", "0:ACK"})
    {
        expected.emplace_back(s);
    }
    ASSERT_EQ(net.Exchange(), expected);
    const auto& seg = net.Segments();
    const SegmentRecord& syn = seg[7];
    const SegmentRecord& twAck = seg[8];
    const SegmentRecord& rst = seg[9];
    const SegmentRecord& synAgain = seg[10];
    EXPECT_EQ(syn.time, secondAt);
    EXPECT_EQ(twAck.seq, sc.record.sndNxt);
    EXPECT_EQ(twAck.ack, sc.record.rcvNxt);
    EXPECT_EQ(twAck.ack, seg[6].ack); // what the server's last ACK said
    EXPECT_EQ(twAck.seq, seg[6].seq);
    EXPECT_TRUE(SequenceNumber32(twAck.ack) <= SequenceNumber32(syn.seq)); // SEG.ACK =< ISS
    EXPECT_EQ(rst.flags, TcpHeader::RST); // no ACK bit: <SEQ=SEG.ACK><CTL=RST>
    EXPECT_EQ(rst.seq, twAck.ack);
    EXPECT_EQ(rst.srcPort, ReuseScenario::kClientPort);
    EXPECT_EQ(synAgain.seq, syn.seq); // a retransmission reuses the ISS
    EXPECT_EQ(synAgain.time - syn.time, Seconds(3));
    EXPECT_EQ(seg[11].ack, syn.seq + 1);

    auto ends = TimeWaitEnds(net, 1);
    ASSERT_EQ(ends.size(), 1u);
    EXPECT_EQ(ends[0].connectionId, sc.record.connectionId);
    EXPECT_EQ(ends[0].cause, SynFinEvent::RCV_RST);
    EXPECT_EQ(ends[0].segmentFlags, TcpHeader::RST);
    EXPECT_GT(ends[0].time, rst.time);
    EXPECT_LT(ends[0].time, synAgain.time);
    EXPECT_EQ(net.Tcp(1)->GetTimeWaitTable().Size(), 0u);

    // The client stayed in SYN-SENT throughout and connected on the retransmission.
    EXPECT_EQ(net.States(0, Sf(sc.second.socket)->GetConnectionId()),
              (Strings{"CLOSED", "SYN-SENT", "ESTABLISHED"}));
    EXPECT_EQ(sc.second.connected, 1);
    EXPECT_EQ(sc.second.failed, 0);
    EXPECT_GT(sc.second.connectedAt, synAgain.time);
    auto serverConns = net.Connections(1);
    ASSERT_EQ(serverConns.size(), 3u);
    EXPECT_EQ(net.States(1, serverConns[2]), (Strings{"LISTEN", "SYN-RECEIVED", "ESTABLISHED"}));
    EXPECT_EQ(sc.server.accepted, 2u);
}

// ---------------------------------------------------------------------------------------------
// RFC 9293 3.4.2: a port whose connection lingers in TIME-WAIT is not handed out again

namespace
{

/// Bind fresh sockets to ephemeral ports (and close them) until `last` comes out; the ports.
std::vector<uint16_t>
CycleEphemeralUntil(TwoNodeNet& net, uint16_t last, std::size_t limit = 70000)
{
    std::vector<uint16_t> ports;
    for (std::size_t i = 0; i < limit; ++i)
    {
        Ptr<ns3::Socket> s = net.Socket(0);
        if (s->Bind() != 0)
        {
            ADD_FAILURE() << "Bind failed: errno " << s->GetErrno();
            break;
        }
        uint16_t p = PortOf(s);
        s->Close();
        ports.push_back(p);
        if (p == last)
        {
            break;
        }
    }
    return ports;
}

} // namespace

TEST_F(TimeWaitPorts, EphemeralPortInTimeWait_NotReusedUntilRecordExpires)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    Server server;
    Client client;
    ClientClosesFirst(net, server, client);
    const uint16_t kFirst = 32768; // EphemeralPortFirst (Linux's ip_local_port_range)
    const uint16_t kLast = 60999;  // EphemeralPortLast
    uint16_t p = 0;
    bool inUseDuring = false;
    std::vector<uint16_t> cycleDuring;
    std::vector<Client> during(20);
    SynFinSchedule(Seconds(2), [&]() {
        p = PortOf(client.socket);
        inUseDuring = net.Tcp(0)->GetTimeWaitTable().UsesLocalPort(p);
        // Walk the allocator once round the whole range, so that the next port it considers
        // is P again; then open real connections.
        cycleDuring = CycleEphemeralUntil(net, kLast);
        for (auto& c : during)
        {
            c.Connect(net);
        }
    });
    bool inUseAfter = true;
    std::vector<uint16_t> cycleAfter;
    Client after;
    // TIME-WAIT entered at ~1.52 s ends at ~4.52 s.
    SynFinSchedule(Seconds(5), [&]() {
        inUseAfter = net.Tcp(0)->GetTimeWaitTable().UsesLocalPort(p);
        cycleAfter = CycleEphemeralUntil(net, kLast);
        after.Connect(net);
    });
    RunUntil(Seconds(6));

    ASSERT_EQ(p, kFirst); // the first ephemeral port
    EXPECT_TRUE(inUseDuring);
    uint64_t conn = Sf(client.socket)->GetConnectionId();
    const SynFinStateChange* end =
        FindChange(net, 0, conn, TcpSocket::TIME_WAIT, TcpSocket::CLOSED);
    ASSERT_NE(end, nullptr);
    EXPECT_GT(end->time, Seconds(2));
    EXPECT_LT(end->time, Seconds(5));

    // During TIME-WAIT: a whole round of the range never yields P ...
    ASSERT_FALSE(cycleDuring.empty());
    EXPECT_EQ(cycleDuring.front(), kFirst + 1);
    EXPECT_EQ(cycleDuring.back(), kLast);
    EXPECT_EQ(std::count(cycleDuring.begin(), cycleDuring.end(), p), 0);
    // ... and the real connections opened right after skip it too: none of their segments
    // leaves from P, and every one of them connected.
    std::set<uint16_t> duringPorts;
    for (auto& c : during)
    {
        EXPECT_EQ(c.connected, 1);
        duringPorts.insert(PortOf(c.socket));
    }
    EXPECT_EQ(duringPorts.size(), during.size());
    EXPECT_EQ(duringPorts.count(p), 0u);
    EXPECT_EQ(*duringPorts.begin(), kFirst + 1);
    std::size_t synsDuring = 0;
    for (const auto& s : SentSince(net, Seconds(2)))
    {
        if (s.time >= Seconds(5))
        {
            break;
        }
        EXPECT_NE(s.node == 0 ? s.srcPort : s.dstPort, p) << "segment at " << s.time.As(Time::S);
        synsDuring += (s.node == 0 && s.flags == TcpHeader::SYN) ? 1 : 0;
    }
    EXPECT_EQ(synsDuring, during.size());

    // After expiry the record no longer holds P: the allocator hands it out again.
    EXPECT_FALSE(inUseAfter);
    ASSERT_FALSE(cycleAfter.empty());
    EXPECT_EQ(cycleAfter.back(), kLast);
    EXPECT_EQ(PortOf(after.socket), p);
    EXPECT_EQ(after.connected, 1);
    auto synsAfter = SentSince(net, Seconds(5));
    ASSERT_FALSE(synsAfter.empty());
    EXPECT_EQ(synsAfter.front().flags, TcpHeader::SYN);
    EXPECT_EQ(synsAfter.front().srcPort, p);
}

// ---------------------------------------------------------------------------------------------
// Many records at once: one table, one pending event

TEST_F(TimeWaitScale, ServerClosesFirst_2000Connections_2000RecordsEachEndsOnce)
{
    const Time msl = Seconds(2.5);
    const uint32_t kConnections = 2000;
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net(MilliSeconds(10), false, false, "1Gbps");
    Server server;
    server.closeFirst = true;
    server.keepChildren = false; // records whose socket is gone (owner detached)
    server.Start(net);
    std::vector<Client> clients(kConnections);
    for (uint32_t i = 0; i < kConnections; ++i)
    {
        clients[i].closeOnPeerFin = true;
        SynFinSchedule(kConnectAt + MicroSeconds(500 * i),
                       [&net, &clients, i]() { clients[i].Connect(net); });
    }
    std::size_t sizeAtPeak = 0;
    // Connections open from 1 s to 2 s; each record lives 5 s from ~+30 ms.
    SynFinSchedule(Seconds(3), [&]() { sizeAtPeak = net.Tcp(1)->GetTimeWaitTable().Size(); });
    auto wallStart = std::chrono::steady_clock::now();
    RunUntil(Seconds(9));
    double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    std::cout << "[ INFO     ] " << kConnections << " connections through TIME-WAIT in " << wall
              << " s wall" << std::endl;

    const auto& table = net.Tcp(1)->GetTimeWaitTable();
    EXPECT_EQ(sizeAtPeak, kConnections);
    EXPECT_EQ(table.Peak(), kConnections);
    EXPECT_EQ(table.Size(), 0u);
    EXPECT_EQ(server.accepted, kConnections);

    std::map<uint64_t, Time> entered;
    std::map<uint64_t, std::vector<SynFinStateChange>> ended;
    std::set<uint16_t> clientPorts;
    for (const auto& c : net.Changes())
    {
        if (c.nodeId != 1)
        {
            continue;
        }
        if (c.to == TcpSocket::TIME_WAIT)
        {
            EXPECT_EQ(entered.count(c.connectionId), 0u);
            entered[c.connectionId] = c.time;
            clientPorts.insert(c.tuple.remotePort);
        }
        if (c.from == TcpSocket::TIME_WAIT)
        {
            ended[c.connectionId].push_back(c);
        }
    }
    EXPECT_EQ(entered.size(), kConnections);
    EXPECT_EQ(clientPorts.size(), kConnections);
    EXPECT_EQ(ended.size(), kConnections);
    uint32_t bad = 0;
    for (const auto& [id, at] : entered)
    {
        auto it = ended.find(id);
        if (it == ended.end() || it->second.size() != 1 ||
            it->second[0].cause != SynFinEvent::TIMER_TIME_WAIT ||
            it->second[0].to != TcpSocket::CLOSED || it->second[0].time != at + 2 * msl)
        {
            ++bad;
        }
    }
    EXPECT_EQ(bad, 0u);
    // The client, the passive closer, holds nothing.
    EXPECT_EQ(net.Tcp(0)->GetTimeWaitTable().Peak(), 0u);
    EXPECT_EQ(net.Tcp(0)->GetSocketCount(), 0u);
    EXPECT_EQ(net.Tcp(1)->GetSocketCount(), 1u); // the listener
    uint32_t connected = 0;
    for (const auto& c : clients)
    {
        connected += c.connected;
    }
    EXPECT_EQ(connected, kConnections);
}

// ---------------------------------------------------------------------------------------------
// The trace paths a stock ns-3 script uses, with one word changed (TcpL4Protocol ->
// SynFinL4Protocol)

namespace
{

/// Collects changes from a Config connection.
struct ChangeLog
{
    std::vector<SynFinStateChange> changes;

    void OnChange(const SynFinStateChange& c)
    {
        changes.push_back(c);
    }
};

bool
SameChange(const SynFinStateChange& a, const SynFinStateChange& b)
{
    return a.connectionId == b.connectionId && a.nodeId == b.nodeId && a.tuple == b.tuple &&
           a.from == b.from && a.to == b.to && a.cause == b.cause &&
           a.segmentFlags == b.segmentFlags && a.passive == b.passive && a.time == b.time;
}

} // namespace

TEST_F(TimeWaitTrace, ConfigPaths_NodeTransitionAndSocketListState_MatchFixtureLog)
{
    const Time msl = Seconds(1.5);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));
    TwoNodeNet net;
    ChangeLog node0;
    ChangeLog node1;
    Config::ConnectWithoutContext("/NodeList/1/$ns3::SynFinL4Protocol/Transition",
                                  MakeCallback(&ChangeLog::OnChange, &node1));
    Config::ConnectWithoutContext("/NodeList/0/$ns3::SynFinL4Protocol/Transition",
                                  MakeCallback(&ChangeLog::OnChange, &node0));
    Server server;
    server.Start(net);
    // The client socket exists (in SocketList) before it connects, as in a stock script that
    // creates its sockets at setup and connects later.
    Ptr<ns3::Socket> clientSocket = net.Socket(0);
    ASSERT_EQ(net.Tcp(0)->GetSocketCount(), 1u);
    StateLog viaConfig;
    Config::ConnectWithoutContext("/NodeList/0/$ns3::SynFinL4Protocol/SocketList/*/State",
                                  MakeCallback(&StateLog::OnState, &viaConfig));
    Config::MatchContainer matched =
        Config::LookupMatches("/NodeList/0/$ns3::SynFinL4Protocol/SocketList/*");
    EXPECT_EQ(matched.GetN(), 1u);
    SynFinSchedule(kConnectAt, [&]() {
        EXPECT_EQ(clientSocket->Connect(InetSocketAddress(net.Address(1), 80)), 0);
    });
    SynFinSchedule(kCloseAt, [&]() { clientSocket->Close(); });
    RunUntil(Seconds(6));

    ASSERT_EQ(net.Exchange(), ClientFirstClose());
    std::vector<SynFinStateChange> fixture0;
    std::vector<SynFinStateChange> fixture1;
    for (const auto& c : net.Changes())
    {
        (c.nodeId == 0 ? fixture0 : fixture1).push_back(c);
    }
    ASSERT_EQ(node1.changes.size(), fixture1.size());
    for (std::size_t i = 0; i < fixture1.size(); ++i)
    {
        EXPECT_TRUE(SameChange(node1.changes[i], fixture1[i])) << "node 1 change " << i;
    }
    ASSERT_EQ(node0.changes.size(), fixture0.size());
    for (std::size_t i = 0; i < fixture0.size(); ++i)
    {
        EXPECT_TRUE(SameChange(node0.changes[i], fixture0[i])) << "node 0 change " << i;
    }
    // The node-wide view includes the record's end.
    ASSERT_FALSE(node0.changes.empty());
    EXPECT_EQ(node0.changes.back().from, TcpSocket::TIME_WAIT);
    EXPECT_EQ(node0.changes.back().cause, SynFinEvent::TIMER_TIME_WAIT);
    EXPECT_EQ(node0.changes.back().connectionId, Sf(clientSocket)->GetConnectionId());

    // The per-socket State trace, reached through SocketList, saw the whole lifecycle.
    EXPECT_EQ(viaConfig.Names(), kActiveCloserStates);
    ASSERT_FALSE(viaConfig.steps.empty());
    EXPECT_EQ(viaConfig.steps.back().at, node0.changes.back().time);
    EXPECT_EQ(Sf(clientSocket)->GetState(), TcpSocket::CLOSED);
}
