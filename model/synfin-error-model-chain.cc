/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Several error models on one device.
 */

#include "synfin-error-model-chain.h"

#include "ns3/log.h"
#include "ns3/packet.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinErrorModelChain");
NS_OBJECT_ENSURE_REGISTERED(SynFinErrorModelChain);

TypeId
SynFinErrorModelChain::GetTypeId()
{
    static TypeId tid = TypeId("ns3::SynFinErrorModelChain")
                            .SetParent<ErrorModel>()
                            .SetGroupName("SynFin")
                            .AddConstructor<SynFinErrorModelChain>();
    return tid;
}

SynFinErrorModelChain::SynFinErrorModelChain()
{
    NS_LOG_FUNCTION(this);
}

SynFinErrorModelChain::~SynFinErrorModelChain()
{
    NS_LOG_FUNCTION(this);
}

void
SynFinErrorModelChain::Add(Ptr<ErrorModel> model)
{
    NS_ABORT_MSG_UNLESS(model, "SynFinErrorModelChain::Add: no model");
    m_models.push_back(model);
}

std::size_t
SynFinErrorModelChain::GetN() const
{
    return m_models.size();
}

Ptr<ErrorModel>
SynFinErrorModelChain::Get(std::size_t i) const
{
    return m_models.at(i);
}

bool
SynFinErrorModelChain::DoCorrupt(Ptr<Packet> p)
{
    if (!IsEnabled()) // ErrorModel::IsCorrupt leaves this to each model
    {
        return false;
    }
    bool lost = false;
    for (const Ptr<ErrorModel>& model : m_models)
    {
        lost = model->IsCorrupt(p) || lost; // every member sees the packet
    }
    return lost;
}

void
SynFinErrorModelChain::DoReset()
{
    for (const Ptr<ErrorModel>& model : m_models)
    {
        model->Reset();
    }
}

void
SynFinErrorModelChain::DoDispose()
{
    m_models.clear();
    ErrorModel::DoDispose();
}

} // namespace ns3
