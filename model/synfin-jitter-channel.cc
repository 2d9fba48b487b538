/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-jitter-channel.h"

#include "ns3/boolean.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinJitterChannel");

NS_OBJECT_ENSURE_REGISTERED(SynFinJitterChannel);

TypeId
SynFinJitterChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinJitterChannel")
            .SetParent<PointToPointChannel>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinJitterChannel>()
            .AddAttribute("Jitter",
                          "Upper bound of the uniform random time added to Delay, per packet",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&SynFinJitterChannel::m_jitter),
                          MakeTimeChecker(Seconds(0)))
            .AddAttribute("KeepOrder",
                          "Whether a packet waits for the one sent before it in the same "
                          "direction (no reordering)",
                          BooleanValue(true),
                          MakeBooleanAccessor(&SynFinJitterChannel::m_keepOrder),
                          MakeBooleanChecker());
    return tid;
}

SynFinJitterChannel::SynFinJitterChannel()
    : m_rng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

SynFinJitterChannel::~SynFinJitterChannel() = default;

int64_t
SynFinJitterChannel::AssignStreams(int64_t stream)
{
    m_rng->SetStream(stream);
    return 1;
}

bool
SynFinJitterChannel::TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime)
{
    NS_LOG_FUNCTION(this << p << src << txTime);
    NS_ASSERT_MSG(IsInitialized(), "SynFinJitterChannel: both devices must be attached");
    const uint32_t wire = src == GetSource(0) ? 0 : 1;
    Ptr<PointToPointNetDevice> dst = GetDestination(wire);

    Time delay = txTime + GetDelay();
    if (m_jitter.IsStrictlyPositive())
    {
        delay += TimeStep(
            static_cast<uint64_t>(m_rng->GetValue(0, static_cast<double>(m_jitter.GetTimeStep()))));
    }
    Time arrival = Simulator::Now() + delay;
    if (m_keepOrder)
    {
        // If the packet ahead of it is still on its way, it arrives right behind it. Events
        // at one time run in the order scheduled, so the two are delivered in sending order.
        arrival = std::max(arrival, m_lastArrival[wire]);
        m_lastArrival[wire] = arrival;
    }
    Simulator::ScheduleWithContext(dst->GetNode()->GetId(),
                                   arrival - Simulator::Now(),
                                   &PointToPointNetDevice::Receive,
                                   dst,
                                   p->Copy());
    return true;
}

void
SynFinJitterChannel::DoDispose()
{
    m_rng = nullptr;
    PointToPointChannel::DoDispose();
}

} // namespace ns3
