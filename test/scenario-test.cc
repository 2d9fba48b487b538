/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The experiment building blocks end to end: SynFinTopologyHelper's topologies (their
 * shape, delays, queues, stock nodes and dead host) and the request/response workload
 * (arrivals, who closes, half-close, aborts, refused and timed-out connections).
 */

#include "synfin-test-util.h"

#include "ns3/point-to-point-module.h"
#include "ns3/synfin-topology-helper.h"
#include "ns3/synfin-workload-helper.h"
#include "ns3/traffic-control-module.h"

#include <map>

using namespace ns3;

namespace
{

/// Every state change on every node of a topology, and every segment sent.
class Watch
{
  public:
    /// Listen to every node's synfin TCP.
    explicit Watch(const NodeContainer& nodes)
    {
        for (uint32_t i = 0; i < nodes.GetN(); ++i)
        {
            Ptr<SynFinL4Protocol> tcp = nodes.Get(i)->GetObject<SynFinL4Protocol>();
            if (tcp)
            {
                tcp->TraceConnectWithoutContext("Transition", MakeCallback(&Watch::Change, this));
                tcp->TraceConnectWithoutContext(
                    "Tx",
                    MakeBoundCallback(&Watch::Sent, this, nodes.Get(i)->GetId()));
            }
        }
    }

    /// \return how many times any node entered \p state
    uint32_t Entered(SynFinState state) const
    {
        auto it = m_entered.find(state);
        return it == m_entered.end() ? 0 : it->second;
    }

    /// \return how many times \p node entered \p state
    uint32_t EnteredOn(uint32_t node, SynFinState state) const
    {
        uint32_t n = 0;
        for (const SynFinStateChange& c : m_changes)
        {
            n += c.nodeId == node && c.to == state;
        }
        return n;
    }

    /// \return the state changes seen
    const std::vector<SynFinStateChange>& Changes() const
    {
        return m_changes;
    }

    /// \return segments sent by \p node whose flags are exactly \p flags
    uint32_t SentBy(uint32_t node, uint8_t flags) const
    {
        uint32_t n = 0;
        for (const auto& [from, f] : m_sent)
        {
            n += from == node && f == flags;
        }
        return n;
    }

  private:
    void Change(const SynFinStateChange& change)
    {
        m_changes.push_back(change);
        ++m_entered[change.to];
    }

    static void Sent(Watch* self,
                     uint32_t node,
                     Ptr<const Packet>,
                     const TcpHeader& header,
                     Ipv4Address,
                     Ipv4Address)
    {
        self->m_sent.emplace_back(node, header.GetFlags() & ~TcpHeader::PSH);
    }

    std::vector<SynFinStateChange> m_changes;         //!< every change
    std::map<SynFinState, uint32_t> m_entered;        //!< entries per state
    std::vector<std::pair<uint32_t, uint8_t>> m_sent; //!< (node, flags) per segment
};

/// One connection's handshake time: from Connect() to the connect callback.
struct HandshakeClock
{
    Time started;  //!< Connect() called
    Time finished; //!< connect callback

    static void Connected(HandshakeClock* clock, Ptr<Socket>)
    {
        clock->finished = Simulator::Now();
    }
};

/// Connect once from \p client to \p server:80, with a workload server listening there.
Time
MeasureHandshake(const SynFinTopology& topo, uint32_t client, uint32_t server)
{
    Ptr<SynFinWorkloadServer> app = CreateObject<SynFinWorkloadServer>();
    topo.servers.Get(server)->AddApplication(app);
    HandshakeClock clock;
    Ptr<Socket> s = Socket::CreateSocket(topo.clients.Get(client), TcpSocketFactory::GetTypeId());
    s->SetConnectCallback(MakeBoundCallback(&HandshakeClock::Connected, &clock),
                          MakeNullCallback<void, Ptr<Socket>>());
    SynFinScheduleNow([&]() {
        clock.started = Simulator::Now();
        s->Connect(InetSocketAddress(topo.serverAddresses.at(server), 80));
    });
    Simulator::Stop(Seconds(30));
    Simulator::Run();
    Time handshake = clock.finished - clock.started;
    Simulator::Destroy();
    return handshake;
}

/// PhyRxDrop: count it.
void
CountDrop(uint64_t* count, Ptr<const Packet>)
{
    ++*count;
}

/// A link so fast that serialization is negligible next to the delays.
SynFinLinkSpec
FastLink(Time delay)
{
    SynFinLinkSpec spec;
    spec.rate = "100Gbps";
    spec.delay = delay;
    return spec;
}

/// What every workload test runs on unless it says otherwise.
SynFinWorkloadSpec
SmallWorkload(uint32_t connections)
{
    SynFinWorkloadSpec w;
    w.connections = connections;
    w.interval = MilliSeconds(10);
    w.requestBytes = 300;
    w.responseBytes = 3000;
    return w;
}

/// The counters of every client application, summed.
struct ClientTotals
{
    uint64_t started{0};
    uint64_t established{0};
    uint64_t completed{0};
    uint64_t failed{0};
    uint64_t aborted{0};
    uint64_t timedOut{0};
    uint64_t bytes{0};
    uint64_t open{0};
};

ClientTotals
Totals(const SynFinWorkloadHelper& apps)
{
    ClientTotals t;
    for (uint32_t i = 0; i < apps.GetClients().GetN(); ++i)
    {
        Ptr<SynFinWorkloadClient> c = DynamicCast<SynFinWorkloadClient>(apps.GetClients().Get(i));
        t.started += c->GetStarted();
        t.established += c->GetEstablished();
        t.completed += c->GetCompleted();
        t.failed += c->GetFailed();
        t.aborted += c->GetAborted();
        t.timedOut += c->GetTimedOut();
        t.bytes += c->GetBytesReceived();
        t.open += c->GetOpen();
    }
    return t;
}

/// The server application of server node \p i.
Ptr<SynFinWorkloadServer>
Server(const SynFinWorkloadHelper& apps, uint32_t i)
{
    return DynamicCast<SynFinWorkloadServer>(apps.GetServers().Get(i));
}

/// Build a single link of 10 ms, run \p spec on it to the end, and report.
struct SingleRun
{
    explicit SingleRun(const SynFinWorkloadSpec& spec, bool deadHost = false)
        : apps(spec)
    {
        SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
        builder.SetDeadHost(deadHost);
        topo = builder.Build();
        watch = std::make_unique<Watch>(topo.Hosts());
        apps.Install(topo);
    }

    void Run(Time stop = Seconds(600))
    {
        Simulator::Stop(stop);
        Simulator::Run();
        totals = Totals(apps);
        accepted = Server(apps, 0)->GetAccepted();
        serverErrors = Server(apps, 0)->GetClosedInError();
        clientId = topo.clients.Get(0)->GetId();
        serverId = topo.servers.Get(0)->GetId();
    }

    ~SingleRun()
    {
        Simulator::Destroy();
    }

    SynFinTopology topo;
    SynFinWorkloadHelper apps;
    std::unique_ptr<Watch> watch;
    ClientTotals totals;
    uint64_t accepted{0};
    uint64_t serverErrors{0};
    uint32_t clientId{0};
    uint32_t serverId{0};
};

} // namespace

TEST(Topology, EveryKind_NamesItsNodesAndLinks)
{
    using K = SynFinTopologyHelper::Kind;
    EXPECT_EQ(SynFinTopologyHelper::LinkNames(K::SINGLE, 7), synfin_test::Strings({"link"}));
    EXPECT_EQ(SynFinTopologyHelper::LinkNames(K::CHAIN, 3),
              synfin_test::Strings({"hop1", "hop2", "hop3"}));
    EXPECT_EQ(SynFinTopologyHelper::NodeNames(K::CHAIN, 3),
              synfin_test::Strings({"client", "router1", "router2", "server"}));
    EXPECT_EQ(SynFinTopologyHelper::LinkNames(K::DUMBBELL, 2),
              synfin_test::Strings({"access1", "access2", "bottleneck", "egress1", "egress2"}));
    EXPECT_EQ(SynFinTopologyHelper::LinkNames(K::STAR, 2),
              synfin_test::Strings({"spoke1", "spoke2", "uplink"}));
    K kind;
    EXPECT_TRUE(SynFinTopologyHelper::ParseKind("dumbbell", kind));
    EXPECT_EQ(kind, K::DUMBBELL);
    EXPECT_FALSE(SynFinTopologyHelper::ParseKind("ring", kind));
}

TEST(Topology, Chain_HandshakeTakesOneRoundTripOverEveryHop)
{
    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::CHAIN, 4);
    builder.SetDefaultLink(FastLink(MilliSeconds(5)));
    builder.SetLink("hop3", FastLink(MilliSeconds(30)));
    SynFinTopology topo = builder.Build();
    EXPECT_EQ(topo.routers.GetN(), 3u);
    EXPECT_EQ(topo.links.size(), 4u);
    // SYN out and SYN-ACK back over 5 + 5 + 30 + 5 ms.
    Time handshake = MeasureHandshake(topo, 0, 0);
    EXPECT_NEAR(handshake.GetSeconds(), 0.090, 0.0005);
}

TEST(Topology, Dumbbell_EachClientReachesItsOwnServerAcrossTheBottleneck)
{
    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::DUMBBELL, 3);
    builder.SetDefaultLink(FastLink(MilliSeconds(1)));
    builder.SetLink("bottleneck", FastLink(MilliSeconds(20)));
    SynFinTopology topo = builder.Build();
    ASSERT_EQ(topo.clients.GetN(), 3u);
    ASSERT_EQ(topo.servers.GetN(), 3u);
    EXPECT_EQ(topo.ServerOf(2), 2u);
    EXPECT_EQ(topo.nodeNames.at(topo.servers.Get(1)->GetId()), "server2");
    Time handshake = MeasureHandshake(topo, 2, 2);
    EXPECT_NEAR(handshake.GetSeconds(), 2 * 0.022, 0.0005);
}

TEST(Topology, Star_EveryClientTalksToTheOneServer)
{
    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::STAR, 4);
    SynFinTopology topo = builder.Build();
    ASSERT_EQ(topo.servers.GetN(), 1u);
    for (uint32_t c = 0; c < 4; ++c)
    {
        EXPECT_EQ(topo.ServerOf(c), 0u);
    }
    SynFinWorkloadSpec spec = SmallWorkload(2);
    SynFinWorkloadHelper apps(spec);
    apps.Install(topo);
    Simulator::Stop(Seconds(100));
    Simulator::Run();
    EXPECT_EQ(Server(apps, 0)->GetAccepted(), 8u);
    EXPECT_EQ(Totals(apps).completed, 8u);
    Simulator::Destroy();
}

TEST(Topology, QueueRateAndStockNodes_AreAsConfigured)
{
    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::DUMBBELL, 2);
    SynFinLinkSpec bottleneck;
    bottleneck.rate = "2Mbps";
    bottleneck.queuePackets = 7;
    builder.SetLink("bottleneck", bottleneck);
    builder.SetStockNodes({"server2"});
    SynFinTopology topo = builder.Build();
    const SynFinTopology::Link* link = nullptr;
    for (const auto& l : topo.links)
    {
        link = l.name == "bottleneck" ? &l : link;
    }
    ASSERT_NE(link, nullptr);
    Ptr<PointToPointNetDevice> dev = DynamicCast<PointToPointNetDevice>(link->clientSide);
    EXPECT_EQ(dev->GetQueue()->GetMaxSize(), QueueSize("7p"));
    DataRateValue rate;
    dev->GetAttribute("DataRate", rate);
    EXPECT_EQ(rate.Get(), DataRate("2Mbps"));
    // The device queue is the only queue: no queue disc in front of it.
    Ptr<TrafficControlLayer> tc = dev->GetNode()->GetObject<TrafficControlLayer>();
    EXPECT_EQ(tc->GetRootQueueDiscOnDevice(dev), nullptr);
    EXPECT_TRUE(SynFinStackHelper::HasSynFin(topo.servers.Get(0)));
    EXPECT_FALSE(SynFinStackHelper::HasSynFin(topo.servers.Get(1)));
    Simulator::Destroy();
}

TEST(Topology, UniformLoss_DropsAboutThatShareOfPacketsOneWay)
{
    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
    SynFinLinkSpec spec;
    spec.lossForward = 0.2;
    builder.SetDefaultLink(spec);
    SynFinTopology topo = builder.Build();
    Watch watch(topo.Hosts());
    SynFinWorkloadSpec w = SmallWorkload(60);
    w.timeout = Seconds(20);
    SynFinWorkloadHelper apps(w);
    apps.Install(topo);
    uint64_t lostForward = 0;
    uint64_t lostReverse = 0;
    topo.links[0].serverSide->TraceConnectWithoutContext(
        "PhyRxDrop",
        MakeBoundCallback(&CountDrop, &lostForward));
    topo.links[0].clientSide->TraceConnectWithoutContext(
        "PhyRxDrop",
        MakeBoundCallback(&CountDrop, &lostReverse));
    Simulator::Run();
    uint32_t clientSegments = 0;
    for (uint8_t flags : {0, 2, 16, 17, 18, 4, 20})
    {
        clientSegments += watch.SentBy(topo.clients.Get(0)->GetId(), flags);
    }
    EXPECT_EQ(lostReverse, 0u);
    EXPECT_GT(lostForward, 0.1 * clientSegments);
    EXPECT_LT(lostForward, 0.3 * clientSegments);
    Simulator::Destroy();
}

TEST(Topology, DeadHost_SwallowsSynsUntilTheClientGivesUp)
{
    SynFinWorkloadSpec w = SmallWorkload(2);
    w.deadHostFraction = 1;
    Config::SetDefault("ns3::TcpSocket::ConnCount", UintegerValue(2));
    SingleRun run(w, true);
    run.Run();
    EXPECT_EQ(run.totals.failed, 2u);
    EXPECT_EQ(run.totals.established, 0u);
    EXPECT_EQ(run.accepted, 0u);
    // The first SYN and ConnCount retransmissions of it, each connection.
    EXPECT_EQ(run.watch->SentBy(run.clientId, TcpHeader::SYN), 2u * 3u);
    Config::Reset();
}

TEST(Workload, ClosedLoop_EveryConnectionExchangesItsBytesAndCloses)
{
    SingleRun run(SmallWorkload(5));
    run.Run();
    EXPECT_EQ(run.totals.started, 5u);
    EXPECT_EQ(run.totals.completed, 5u);
    EXPECT_EQ(run.totals.bytes, 5u * 3000u);
    EXPECT_EQ(run.totals.open, 0u);
    EXPECT_EQ(run.accepted, 5u);
    EXPECT_EQ(Server(run.apps, 0)->GetBytesReceived(), 5u * 300u);
    // Closed loop: the next connection starts only once the client has closed the
    // previous one (its TIME-WAIT may overlap the next).
    int open = 0;
    int most = 0;
    for (const SynFinStateChange& c : run.watch->Changes())
    {
        if (c.nodeId == run.clientId && c.to == TcpSocket::SYN_SENT)
        {
            most = std::max(most, ++open);
        }
        if (c.nodeId == run.clientId && c.to == TcpSocket::FIN_WAIT_1)
        {
            --open;
        }
    }
    EXPECT_EQ(most, 1);
}

TEST(Workload, Poisson_ConnectionsOverlap)
{
    SynFinWorkloadSpec w = SmallWorkload(30);
    w.arrival = ARRIVAL_POISSON;
    w.interval = MilliSeconds(5); // far shorter than a connection (several 20 ms RTTs)
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.completed, 30u);
    int open = 0;
    int most = 0;
    for (const SynFinStateChange& c : run.watch->Changes())
    {
        if (c.nodeId == run.clientId && c.to == TcpSocket::SYN_SENT)
        {
            most = std::max(most, ++open);
        }
        if (c.nodeId == run.clientId && c.to == TcpSocket::TIME_WAIT)
        {
            --open;
        }
    }
    EXPECT_GT(most, 2);
}

TEST(Workload, CloserClient_TimeWaitIsOnTheClient)
{
    SynFinWorkloadSpec w = SmallWorkload(4);
    w.closer = CLOSER_CLIENT;
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::TIME_WAIT), 4u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::TIME_WAIT), 0u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::LAST_ACK), 4u);
}

TEST(Workload, CloserServer_TimeWaitIsOnTheServer)
{
    SynFinWorkloadSpec w = SmallWorkload(4);
    w.closer = CLOSER_SERVER;
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.completed, 4u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::TIME_WAIT), 4u);
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::TIME_WAIT), 0u);
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::CLOSE_WAIT), 4u);
}

TEST(Workload, CloserBoth_FinsCross_BothEndsPassThroughClosing)
{
    SynFinWorkloadSpec w = SmallWorkload(3);
    w.closer = CLOSER_BOTH;
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.completed, 3u);
    // RFC 9293 3.6 figure 13: FIN-WAIT-1 -> CLOSING -> TIME-WAIT on both sides.
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::CLOSING), 3u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::CLOSING), 3u);
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::TIME_WAIT), 3u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::TIME_WAIT), 3u);
}

TEST(Workload, CloseDelay_PassiveCloserWaitsThatLongInCloseWait)
{
    SynFinWorkloadSpec w = SmallWorkload(1);
    w.closer = CLOSER_CLIENT;
    w.closeDelay = MilliSeconds(700);
    SingleRun run(w);
    run.Run();
    Time entered;
    Time left;
    for (const SynFinStateChange& c : run.watch->Changes())
    {
        if (c.nodeId == run.serverId && c.to == TcpSocket::CLOSE_WAIT)
        {
            entered = c.time;
        }
        if (c.nodeId == run.serverId && c.from == TcpSocket::CLOSE_WAIT)
        {
            left = c.time;
        }
    }
    EXPECT_EQ(left - entered, MilliSeconds(700));
}

TEST(Workload, HalfClose_ClientFinPrecedesTheResponse_ResponseStillArrives)
{
    SynFinWorkloadSpec w = SmallWorkload(3);
    w.halfClose = true;
    w.responseBytes = 20000; // many segments after the client's FIN
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.completed, 3u);
    EXPECT_EQ(run.totals.bytes, 3u * 20000u);
    // The client's FIN went out before the server sent a byte back: the server is in
    // CLOSE-WAIT while it answers, and the client reads in FIN-WAIT-2.
    EXPECT_EQ(run.watch->EnteredOn(run.clientId, TcpSocket::FIN_WAIT_2), 3u);
    EXPECT_EQ(run.watch->EnteredOn(run.serverId, TcpSocket::CLOSE_WAIT), 3u);
    EXPECT_EQ(run.serverErrors, 0u);
}

TEST(Workload, AbortFraction_One_EveryConnectionEndsInRst)
{
    SynFinWorkloadSpec w = SmallWorkload(4);
    w.abortFraction = 1;
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.aborted, 4u);
    EXPECT_EQ(run.totals.completed, 0u);
    EXPECT_EQ(run.serverErrors, 4u);
    EXPECT_GE(run.watch->SentBy(run.clientId, TcpHeader::RST | TcpHeader::ACK) +
                  run.watch->SentBy(run.clientId, TcpHeader::RST),
              4u);
}

TEST(Workload, ClosedPortFraction_One_EveryConnectionIsRefused)
{
    SynFinWorkloadSpec w = SmallWorkload(3);
    w.closedPortFraction = 1;
    SingleRun run(w);
    run.Run();
    EXPECT_EQ(run.totals.failed, 3u);
    EXPECT_EQ(run.accepted, 0u);
    EXPECT_EQ(run.watch->SentBy(run.serverId, TcpHeader::RST | TcpHeader::ACK), 3u);
}

TEST(Workload, Timeout_AbortsConnectionsThatHang)
{
    SynFinWorkloadSpec w = SmallWorkload(2);
    w.deadHostFraction = 1;
    w.timeout = Seconds(2); // well before the SYN retransmissions give up
    SingleRun run(w, true);
    run.Run();
    EXPECT_EQ(run.totals.timedOut, 2u);
    EXPECT_EQ(run.totals.failed, 0u);
    EXPECT_EQ(run.totals.open, 0u);
}

TEST(Workload, SameSeedAndStreams_SameConnectionTimes)
{
    auto times = []() {
        SynFinWorkloadSpec w = SmallWorkload(10);
        w.arrival = ARRIVAL_POISSON;
        w.abortFraction = 0.3;
        SingleRun run(w);
        run.Run();
        std::vector<int64_t> t;
        for (const SynFinStateChange& c : run.watch->Changes())
        {
            t.push_back(c.time.GetNanoSeconds());
        }
        return t;
    };
    std::vector<int64_t> first = times();
    EXPECT_FALSE(first.empty());
    EXPECT_EQ(first, times());
}

TEST(Workload, NoPortLeft_ConnectFailsAtOnce_CountedAndTheLoopGoesOn)
{
    // One ephemeral port, held by TIME-WAIT after the first connection (the client closes).
    Config::SetDefault("ns3::SynFinL4Protocol::EphemeralPortFirst", UintegerValue(50000));
    Config::SetDefault("ns3::SynFinL4Protocol::EphemeralPortLast", UintegerValue(50000));
    SynFinWorkloadSpec w = SmallWorkload(3);
    w.closer = CLOSER_CLIENT;
    {
        SingleRun run(w);
        run.Run(Seconds(100)); // well inside TIME-WAIT's 240 s
        EXPECT_EQ(run.totals.started, 3u);
        EXPECT_EQ(run.totals.completed, 1u);
        EXPECT_EQ(run.totals.failed, 2u);
        EXPECT_EQ(run.totals.open, 0u);
    }
    Config::Reset();
}
