/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * SynFinJitterChannel: a point-to-point link whose delay varies per packet, keeping the
 * packets in line unless told not to.
 */

#include "synfin-test-util.h"

#include "ns3/inet-socket-address.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/socket.h"
#include "ns3/synfin-jitter-channel.h"
#include "ns3/synfin-topology-helper.h"

#include <algorithm>

using namespace ns3;
using namespace synfin_test;

namespace
{

/// One link (client -> server), a jitter channel on it, a UDP packet from the client
/// every Gap; records when each arrives at the server, in the order they arrive.
struct JitterRun
{
    JitterRun(Time jitter, bool keepOrder, uint32_t packets, Time gap, int64_t stream = 1)
    {
        SynFinLinkSpec spec;
        spec.rate = "1Gbps";
        spec.delay = MilliSeconds(10);
        spec.jitter = jitter;
        spec.jitterKeepsOrder = keepOrder;
        SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
        builder.SetDefaultLink(spec);
        topo = builder.Build(stream);

        Ptr<Socket> sink = Socket::CreateSocket(topo.servers.Get(0),
                                                TypeId::LookupByName("ns3::UdpSocketFactory"));
        sink->Bind(InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink->SetRecvCallback(MakeCallback(&JitterRun::Receive, this));
        Ptr<Socket> source = Socket::CreateSocket(topo.clients.Get(0),
                                                  TypeId::LookupByName("ns3::UdpSocketFactory"));
        source->Connect(InetSocketAddress(topo.serverAddresses[0], 9));
        for (uint32_t i = 0; i < packets; ++i)
        {
            SynFinSchedule(gap * i, [this, source, i]() {
                uint8_t bytes[4] = {static_cast<uint8_t>(i >> 24),
                                    static_cast<uint8_t>(i >> 16),
                                    static_cast<uint8_t>(i >> 8),
                                    static_cast<uint8_t>(i)};
                sent.push_back(Simulator::Now());
                source->Send(Create<Packet>(bytes, sizeof(bytes)));
            });
        }
        Simulator::Run();
        Simulator::Destroy();
    }

    void Receive(Ptr<Socket> socket)
    {
        while (Ptr<Packet> p = socket->Recv())
        {
            uint8_t b[4];
            p->CopyData(b, sizeof(b));
            order.push_back((uint32_t(b[0]) << 24) | (uint32_t(b[1]) << 16) |
                            (uint32_t(b[2]) << 8) | b[3]);
            arrival.push_back(Simulator::Now());
        }
    }

    /// \return packet i's one-way time
    Time Transit(std::size_t k) const
    {
        return arrival[k] - sent[order[k]];
    }

    SynFinTopology topo;
    std::vector<Time> sent;      //!< by packet number
    std::vector<uint32_t> order; //!< packet numbers, in arrival order
    std::vector<Time> arrival;   //!< in arrival order
};

/// \return how many packets arrived after one numbered higher
std::size_t
Overtaken(const std::vector<uint32_t>& order)
{
    std::size_t n = 0;
    uint32_t highest = 0;
    for (std::size_t k = 0; k < order.size(); ++k)
    {
        n += k > 0 && order[k] < highest ? 1 : 0;
        highest = std::max(highest, order[k]);
    }
    return n;
}

} // namespace

TEST(JitterChannel, NoJitter_EveryPacketTakesTheDelay)
{
    JitterRun run(Seconds(0), true, 50, MicroSeconds(100));
    ASSERT_EQ(run.order.size(), 50u);
    const Time first = run.Transit(0);
    EXPECT_GE(first, MilliSeconds(10));
    EXPECT_LT(first, MilliSeconds(10) + MicroSeconds(5)) << "10 ms plus serialization";
    for (std::size_t k = 0; k < run.order.size(); ++k)
    {
        EXPECT_EQ(run.Transit(k), first) << k;
    }
}

TEST(JitterChannel, KeepOrder_DelaysVaryWithinTheBoundAndNobodyOvertakes)
{
    // Packets 100 us apart, jitter up to 5 ms: without the FIFO rule most would overtake.
    JitterRun run(MilliSeconds(5), true, 400, MicroSeconds(100));
    ASSERT_EQ(run.order.size(), 400u);
    EXPECT_EQ(Overtaken(run.order), 0u);
    Time lo = Seconds(1);
    Time hi = Seconds(0);
    for (std::size_t k = 0; k < run.order.size(); ++k)
    {
        EXPECT_EQ(run.order[k], k);
        lo = std::min(lo, run.Transit(k));
        hi = std::max(hi, run.Transit(k));
    }
    EXPECT_GE(lo, MilliSeconds(10));
    // A packet waits for the one ahead, never more than the largest draw past it.
    EXPECT_LE(hi, MilliSeconds(15) + MicroSeconds(5));
    EXPECT_GT(hi - lo, MilliSeconds(1)) << "the delay really varies";
}

TEST(JitterChannel, Reorder_IndependentDelaysOvertake)
{
    JitterRun run(MilliSeconds(5), false, 400, MicroSeconds(100));
    ASSERT_EQ(run.order.size(), 400u);
    EXPECT_GT(Overtaken(run.order), 100u);
    for (std::size_t k = 0; k < run.order.size(); ++k)
    {
        EXPECT_GE(run.Transit(k), MilliSeconds(10));
        EXPECT_LE(run.Transit(k), MilliSeconds(15) + MicroSeconds(5));
    }
}

TEST(JitterChannel, SameStream_SameArrivals)
{
    JitterRun a(MilliSeconds(5), false, 100, MicroSeconds(100), 7);
    JitterRun b(MilliSeconds(5), false, 100, MicroSeconds(100), 7);
    JitterRun c(MilliSeconds(5), false, 100, MicroSeconds(100), 8);
    EXPECT_EQ(a.arrival, b.arrival);
    EXPECT_NE(a.arrival, c.arrival);
}
