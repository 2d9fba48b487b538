/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-stack-helper.h"

#include "synfin-l4-protocol.h"
#include "synfin-ns3-compat.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet-socket-factory.h"
#include "ns3/string.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-l4-protocol.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinStackHelper");

namespace
{
/// InternetStackHelper::SetTcp exists up to ns-3.38 (probed by the build).
constexpr bool kHaveSetTcp = SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP;
} // namespace

SynFinStackHelper::SynFinStackHelper()
    : m_assemble(!kHaveSetTcp)
{
}

void
SynFinStackHelper::SetAssembleStack(bool assemble)
{
    m_assemble = assemble || !kHaveSetTcp;
}

void
SynFinStackHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
SynFinStackHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(node->GetObject<Ipv4>(),
                    "SynFinStackHelper::Install: node " << node->GetId()
                                                        << " already has an internet stack; "
                                                           "install once per node");
    if (m_assemble)
    {
        Assemble(node);
        return;
    }
#if SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP
    InternetStackHelper internet;
    internet.SetIpv6StackInstall(false);
    internet.SetTcp("ns3::SynFinL4Protocol");
    internet.Install(node);
#endif
}

void
SynFinStackHelper::InstallStock(NodeContainer nodes) const
{
    InternetStackHelper internet;
    internet.SetIpv6StackInstall(false);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        NS_ABORT_MSG_IF((*it)->GetObject<Ipv4>(),
                        "SynFinStackHelper::InstallStock: node "
                            << (*it)->GetId() << " already has an internet stack");
        internet.Install(*it);
    }
}

void
SynFinStackHelper::Assemble(Ptr<Node> node) const
{
    // The same pieces, in the same order, that InternetStackHelper aggregates for IPv4,
    // with SynFinL4Protocol where TcpL4Protocol would be.
    Ptr<ArpL3Protocol> arp = CreateObject<ArpL3Protocol>();
    node->AggregateObject(arp);
    node->AggregateObject(CreateObject<Ipv4L3Protocol>());
    node->AggregateObject(CreateObject<Icmpv4L4Protocol>());
    arp->SetAttribute("RequestJitter", StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));

    Ipv4StaticRoutingHelper staticRouting;
    Ipv4GlobalRoutingHelper globalRouting;
    Ipv4ListRoutingHelper listRouting;
    listRouting.Add(staticRouting, 0);
    listRouting.Add(globalRouting, -10);
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    ipv4->SetRoutingProtocol(listRouting.Create(node));

    Ptr<TrafficControlLayer> tc = CreateObject<TrafficControlLayer>();
    node->AggregateObject(tc);
    node->AggregateObject(CreateObject<UdpL4Protocol>());
    node->AggregateObject(CreateObject<SynFinL4Protocol>());
    node->AggregateObject(CreateObject<PacketSocketFactory>());
    arp->SetTrafficControl(tc);
}

int64_t
SynFinStackHelper::AssignStreams(NodeContainer nodes, int64_t stream)
{
    int64_t current = stream;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<SynFinL4Protocol> tcp = (*it)->GetObject<SynFinL4Protocol>();
        if (tcp)
        {
            current += tcp->AssignStreams(current);
        }
    }
    InternetStackHelper internet;
    current += internet.AssignStreams(nodes, current);
    return current - stream;
}

bool
SynFinStackHelper::HasSynFin(Ptr<Node> node)
{
    return node->GetObject<SynFinL4Protocol>() != nullptr;
}

} // namespace ns3
