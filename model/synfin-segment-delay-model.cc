/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Chosen segments delivered late, or twice: old duplicates on demand.
 */

#include "synfin-segment-delay-model.h"

#include "synfin-ns3-compat.h"
#include "synfin-segment-error-model.h"

#include "ns3/enum.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/random-variable-stream.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSegmentDelayModel");
NS_OBJECT_ENSURE_REGISTERED(SynFinSegmentDelayModel);

TypeId
SynFinSegmentDelayModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinSegmentDelayModel")
            .SetParent<ErrorModel>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinSegmentDelayModel>()
            .AddAttribute("Rules",
                          "Which segments, in SynFinSegmentErrorModel's rule grammar",
                          StringValue(""),
                          MakeStringAccessor(&SynFinSegmentDelayModel::SetRules,
                                             &SynFinSegmentDelayModel::GetRules),
                          MakeStringChecker())
            .AddAttribute("Delay",
                          "How much later the selected segments are delivered (again)",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&SynFinSegmentDelayModel::m_delay),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Jitter",
                          "Each selected segment is delivered Delay plus a uniform random "
                          "time in [0, Jitter] later, which reorders segments close together",
                          TimeValue(Time(0)),
                          MakeTimeAccessor(&SynFinSegmentDelayModel::m_jitter),
                          MakeTimeChecker(Time(0)))
            .AddAttribute("Mode",
                          "Duplicate (now and Delay later) or Hold (Delay later only)",
                          EnumValue(DUPLICATE),
                          MakeSynFinEnumAccessor<Mode>(&SynFinSegmentDelayModel::m_mode),
                          MakeEnumChecker(DUPLICATE, "Duplicate", HOLD, "Hold"))
            .AddTraceSource("Delayed",
                            "A segment was selected; its late copy is on its way",
                            MakeTraceSourceAccessor(&SynFinSegmentDelayModel::m_delayedTrace),
                            "ns3::SynFinSegmentDelayModel::FrameTracedCallback")
            .AddTraceSource("Delivered",
                            "A late copy entered the device's receive path",
                            MakeTraceSourceAccessor(&SynFinSegmentDelayModel::m_deliveredTrace),
                            "ns3::SynFinSegmentDelayModel::FrameTracedCallback");
    return tid;
}

SynFinSegmentDelayModel::SynFinSegmentDelayModel()
    : m_selector(CreateObject<SynFinSegmentErrorModel>()),
      m_jitterRng(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

int64_t
SynFinSegmentDelayModel::AssignStreams(int64_t stream)
{
    m_jitterRng->SetStream(stream);
    return 1;
}

SynFinSegmentDelayModel::~SynFinSegmentDelayModel()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinSegmentDelayModel::SetDevice(Ptr<NetDevice> device)
{
    m_device = DynamicCast<PointToPointNetDevice>(device);
    NS_ABORT_MSG_UNLESS(m_device,
                        "SynFinSegmentDelayModel: late copies can be delivered through a "
                        "PointToPointNetDevice only");
}

void
SynFinSegmentDelayModel::SetRules(const std::string& rules)
{
    m_selector->SetAttribute("Rules", StringValue(rules));
}

std::string
SynFinSegmentDelayModel::GetRules() const
{
    StringValue rules;
    m_selector->GetAttribute("Rules", rules);
    return rules.Get();
}

bool
SynFinSegmentDelayModel::DoCorrupt(Ptr<Packet> p)
{
    if (!IsEnabled() || m_delivering)
    {
        return false; // a late copy coming in is not selected again
    }
    if (!m_selector->IsCorrupt(p))
    {
        return false;
    }
    NS_ABORT_MSG_UNLESS(m_device, "SynFinSegmentDelayModel: SetDevice was not called");
    ++m_selected;
    m_delayedTrace(p);
    // The event holds the model, so replacing it on the device cannot leave the event dangling.
    Time delay = m_delay;
    if (m_jitter.IsStrictlyPositive())
    {
        delay += TimeStep(static_cast<uint64_t>(
            m_jitterRng->GetValue(0, static_cast<double>(m_jitter.GetTimeStep()))));
    }
    Simulator::Schedule(delay,
                        &SynFinSegmentDelayModel::Deliver,
                        Ptr<SynFinSegmentDelayModel>(this),
                        p->Copy());
    return m_mode == HOLD;
}

void
SynFinSegmentDelayModel::Deliver(Ptr<Packet> frame)
{
    NS_LOG_FUNCTION(this << frame);
    ++m_delivered;
    m_deliveredTrace(frame);
    m_delivering = true;
    m_device->Receive(frame);
    m_delivering = false;
}

void
SynFinSegmentDelayModel::DoReset()
{
    m_selector->Reset();
    m_selected = 0;
    m_delivered = 0;
}

void
SynFinSegmentDelayModel::DoDispose()
{
    m_device = nullptr;
    m_selector = nullptr;
    m_jitterRng = nullptr;
    ErrorModel::DoDispose();
}

uint64_t
SynFinSegmentDelayModel::GetSelectedCount() const
{
    return m_selected;
}

uint64_t
SynFinSegmentDelayModel::GetDeliveredCount() const
{
    return m_delivered;
}

} // namespace ns3
