/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

#include "synfin-gilbert-elliott-error-model.h"

#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/random-variable-stream.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinGilbertElliottErrorModel");

NS_OBJECT_ENSURE_REGISTERED(SynFinGilbertElliottErrorModel);

TypeId
SynFinGilbertElliottErrorModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinGilbertElliottErrorModel")
            .SetParent<ErrorModel>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinGilbertElliottErrorModel>()
            .AddAttribute("P",
                          "Probability of moving from the good to the bad state, per packet "
                          "(Gilbert's p).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SynFinGilbertElliottErrorModel::m_p),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("R",
                          "Probability of moving from the bad to the good state, per packet "
                          "(Gilbert's r).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SynFinGilbertElliottErrorModel::m_r),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("LossGood",
                          "Probability that a packet is lost in the good state (1-k).",
                          DoubleValue(0.0),
                          MakeDoubleAccessor(&SynFinGilbertElliottErrorModel::m_lossGood),
                          MakeDoubleChecker<double>(0.0, 1.0))
            .AddAttribute("LossBad",
                          "Probability that a packet is lost in the bad state (1-h).",
                          DoubleValue(1.0),
                          MakeDoubleAccessor(&SynFinGilbertElliottErrorModel::m_lossBad),
                          MakeDoubleChecker<double>(0.0, 1.0));
    return tid;
}

SynFinGilbertElliottErrorModel::SynFinGilbertElliottErrorModel()
    : m_p(0.0),
      m_r(1.0),
      m_lossGood(0.0),
      m_lossBad(1.0),
      m_bad(false),
      m_packets(0),
      m_drops(0),
      m_random(CreateObject<UniformRandomVariable>())
{
    NS_LOG_FUNCTION(this);
}

SynFinGilbertElliottErrorModel::~SynFinGilbertElliottErrorModel()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinGilbertElliottErrorModel::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_random = nullptr;
    ErrorModel::DoDispose();
}

int64_t
SynFinGilbertElliottErrorModel::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_random->SetStream(stream);
    return 1;
}

bool
SynFinGilbertElliottErrorModel::IsBad() const
{
    return m_bad;
}

uint64_t
SynFinGilbertElliottErrorModel::GetPacketCount() const
{
    return m_packets;
}

uint64_t
SynFinGilbertElliottErrorModel::GetDropCount() const
{
    return m_drops;
}

double
SynFinGilbertElliottErrorModel::StationaryLossRate(double p,
                                                   double r,
                                                   double lossGood,
                                                   double lossBad)
{
    // With p + r == 0 no transition ever happens, and the chain starts good.
    if (p + r <= 0.0)
    {
        return lossGood;
    }
    return (r * lossGood + p * lossBad) / (p + r);
}

bool
SynFinGilbertElliottErrorModel::DoCorrupt(Ptr<Packet> p)
{
    NS_LOG_FUNCTION(this << p);
    // ErrorModel::IsCorrupt leaves honouring Disable() to DoCorrupt; the chain must not
    // move while the model is off.
    if (!IsEnabled())
    {
        return false;
    }
    ++m_packets;

    // Both draws are made for every packet, even when a probability is 0 or 1, so that
    // the losses depend only on the stream and the packet count, not on which branch
    // happened to be taken before.
    double transition = m_random->GetValue();
    double loss = m_random->GetValue();

    // A draw in [0, 1) is below a probability q with probability q: q = 0 never fires,
    // q = 1 always does.
    bool wasBad = m_bad;
    m_bad = m_bad ? !(transition < m_r) : (transition < m_p);
    if (m_bad != wasBad)
    {
        NS_LOG_LOGIC("packet " << m_packets << ": state "
                               << (m_bad ? "good -> bad" : "bad -> good"));
    }

    bool lost = loss < (m_bad ? m_lossBad : m_lossGood);
    if (lost)
    {
        ++m_drops;
        NS_LOG_LOGIC("packet " << m_packets << " dropped in the " << (m_bad ? "bad" : "good")
                               << " state");
    }
    return lost;
}

void
SynFinGilbertElliottErrorModel::DoReset()
{
    NS_LOG_FUNCTION(this);
    m_bad = false;
    m_packets = 0;
    m_drops = 0;
}

} // namespace ns3
