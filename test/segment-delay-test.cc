/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinSegmentDelayModel: chosen segments delivered late or twice. The old duplicates it
 * makes are what the three-way handshake protects against (RFC 9293 3.4.1): the standard
 * server shrugs off an old SYN, the two-way-handshake variant accepts a connection nobody
 * opened and the stale request riding behind it.
 */

#include "synfin-test-util.h"

#include "ns3/synfin-error-model-chain.h"
#include "ns3/synfin-segment-delay-model.h"
#include "ns3/synfin-topology-helper.h"
#include "ns3/synfin-workload-helper.h"

#include <algorithm>

using namespace ns3;

namespace
{

/// One client, one server, 10 ms apart; one request/response connection; the client
/// closes first. A delay model sits where the server receives.
struct OldDuplicateRun
{
    OldDuplicateRun(const std::string& variant,
                    const std::string& rules,
                    Time delay,
                    SynFinSegmentDelayModel::Mode mode)
    {
        SynFinVariant v;
        EXPECT_TRUE(SynFinStateMachine::ParseVariant(variant, v));
        Config::SetDefault("ns3::SynFinSocket::Variant", EnumValue(v));
        SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
        topo = builder.Build();
        delayModel = CreateObject<SynFinSegmentDelayModel>();
        delayModel->SetAttribute("Rules", StringValue(rules));
        delayModel->SetAttribute("Delay", TimeValue(delay));
        delayModel->SetAttribute("Mode", EnumValue(mode));
        delayModel->SetDevice(topo.links[0].serverSide);
        topo.links[0].serverSide->SetAttribute("ReceiveErrorModel", PointerValue(delayModel));
        SynFinWorkloadSpec w;
        w.connections = 1;
        w.requestBytes = 100;
        w.responseBytes = 1000;
        w.timeout = Seconds(30);
        apps = std::make_unique<SynFinWorkloadHelper>(w);
        apps->Install(topo);
        Simulator::Stop(Seconds(200));
        Simulator::Run();
        server = DynamicCast<SynFinWorkloadServer>(apps->GetServers().Get(0));
        client = DynamicCast<SynFinWorkloadClient>(apps->GetClients().Get(0));
    }

    ~OldDuplicateRun()
    {
        Simulator::Destroy();
        Config::Reset();
    }

    SynFinTopology topo;
    Ptr<SynFinSegmentDelayModel> delayModel;
    std::unique_ptr<SynFinWorkloadHelper> apps;
    Ptr<SynFinWorkloadServer> server;
    Ptr<SynFinWorkloadClient> client;
};

// The original connection is over at the server after about 75 ms; its SYN and its request
// come back 150 ms after they first arrived. RFC 6528's clock has moved the new ISN on by
// 150 ms / 4 us = 37500, less than the 65535-byte window: a stale ACK is "old", not
// "unacceptable", so the stale request's text is processed (RFC 5961 5.2).
constexpr const char* kOldSynAndRequest = "SYN#1;ACK#1:data";

} // namespace

TEST(SegmentDelay, Duplicate_LateCopyArrivesDelayLater_OriginalOnTime)
{
    OldDuplicateRun run("standard", "SYN#1", MilliSeconds(500), SynFinSegmentDelayModel::DUPLICATE);
    EXPECT_EQ(run.delayModel->GetSelectedCount(), 1u);
    EXPECT_EQ(run.delayModel->GetDeliveredCount(), 1u);
    EXPECT_EQ(run.client->GetCompleted(), 1u); // the original went through untouched
}

TEST(SegmentDelay, Hold_ReordersTheSegment_ConnectionStillCompletes)
{
    OldDuplicateRun run("standard", "ACK#1:data", MilliSeconds(30), SynFinSegmentDelayModel::HOLD);
    EXPECT_EQ(run.delayModel->GetDeliveredCount(), 1u);
    EXPECT_EQ(run.client->GetCompleted(), 1u);
    EXPECT_EQ(run.server->GetBytesReceived(), 100u); // delivered once, late
}

TEST(SegmentDelay, Standard_OldDuplicateSynAndRequest_NoConnectionNoStrayBytes)
{
    OldDuplicateRun run("standard",
                        kOldSynAndRequest,
                        MilliSeconds(150),
                        SynFinSegmentDelayModel::DUPLICATE);
    EXPECT_EQ(run.delayModel->GetDeliveredCount(), 2u);
    // RFC 9293 3.4.1 figure 8: the old SYN's SYN-ACK is refused by the client, the stale
    // request cannot complete a handshake: nothing reaches the application.
    EXPECT_EQ(run.server->GetAccepted(), 1u);
    EXPECT_EQ(run.server->GetBytesReceived(), 100u);
}

TEST(SegmentDelay, TwoWayHandshake_OldDuplicateSynAndRequest_ConnectionAndStrayBytesAccepted)
{
    OldDuplicateRun run("two-way-handshake",
                        kOldSynAndRequest,
                        MilliSeconds(150),
                        SynFinSegmentDelayModel::DUPLICATE);
    EXPECT_EQ(run.delayModel->GetDeliveredCount(), 2u);
    // The old SYN alone opened a connection, and the old request was delivered into it.
    EXPECT_EQ(run.server->GetAccepted(), 2u);
    EXPECT_EQ(run.server->GetBytesReceived(), 200u);
}

TEST(SegmentDelay, Jitter_DelayWithinTheBound_DrawnAnewEachRun)
{
    // The client's first SYN is held 5 ms plus up to 20 ms where the server receives; one
    // run per run number.
    std::vector<Time> delays;
    for (uint32_t run = 1; run <= 8; ++run)
    {
        RngSeedManager::SetRun(run);
        SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
        builder.SetLateSegments("SYN#1",
                                MilliSeconds(5),
                                MilliSeconds(20),
                                SynFinSegmentDelayModel::HOLD);
        SynFinTopology topo = builder.Build();
        PointerValue value;
        topo.links[0].serverSide->GetAttribute("ReceiveErrorModel", value);
        Ptr<SynFinErrorModelChain> chain = value.Get<SynFinErrorModelChain>();
        ASSERT_TRUE(chain && chain->GetN() == 1);
        Ptr<SynFinSegmentDelayModel> late = DynamicCast<SynFinSegmentDelayModel>(chain->Get(0));
        ASSERT_TRUE(late);
        Time held{-1};
        Time delivered{-1};
        late->TraceConnectWithoutContext(
            "Delayed",
            MakeSynFinCallback<void, Ptr<const Packet>>(
                [&held](Ptr<const Packet>) { held = Simulator::Now(); }));
        late->TraceConnectWithoutContext(
            "Delivered",
            MakeSynFinCallback<void, Ptr<const Packet>>(
                [&delivered](Ptr<const Packet>) { delivered = Simulator::Now(); }));
        SynFinWorkloadSpec w;
        w.connections = 1;
        SynFinWorkloadHelper apps(w);
        apps.Install(topo);
        Simulator::Stop(Seconds(30));
        Simulator::Run();
        auto client = DynamicCast<SynFinWorkloadClient>(apps.GetClients().Get(0));
        EXPECT_EQ(client->GetCompleted(), 1u);
        Simulator::Destroy();
        Config::Reset();
        ASSERT_GE(held, Time(0));
        delays.push_back(delivered - held);
    }
    RngSeedManager::SetRun(1);
    for (Time d : delays)
    {
        EXPECT_GE(d, MilliSeconds(5));
        EXPECT_LE(d, MilliSeconds(25));
    }
    auto [lo, hi] = std::minmax_element(delays.begin(), delays.end());
    EXPECT_GT(*hi - *lo, MilliSeconds(5)); // drawn over the jitter, not one value
}
