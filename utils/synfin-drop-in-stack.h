/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Runs an unmodified ns-3 program on synfin: compile the program with
 *
 *     g++ -include synfin-drop-in-stack.h program.cc ...
 *
 * and every InternetStackHelper the program declares installs synfin's TCP
 * (ns3::SynFinL4Protocol) instead of ns3::TcpL4Protocol. Nothing else changes: the program's
 * attributes, Config::SetDefault calls, routing helpers and applications stay as written,
 * which is what the check is about. utils/run-stock-program.sh does the compile and the run.
 *
 * How: the header declares InternetStackHelper first (its include guard keeps the program's
 * own #include from declaring it again), then a subclass, and finally renames
 * InternetStackHelper to that subclass for the rest of the translation unit. The subclass
 * installs the same protocols as InternetStackHelper::Install, in the same order, with
 * synfin's TCP in TcpL4Protocol's place. It cannot ask InternetStackHelper to do it: from
 * ns-3.39 Install always adds ns3::TcpL4Protocol (SetTcp is gone), and a node cannot hold
 * two TCPs. So it keeps its own copy of what the program configures (routing helpers,
 * which IP versions, jitter) through the setters it shadows.
 *
 * synfin's TCP runs over IPv4; an IPv6 stack is installed as the program asks, but TCP over
 * IPv6 is refused (RX_ENDPOINT_UNREACH, and connecting fails).
 */

#ifndef SYNFIN_DROP_IN_STACK_H
#define SYNFIN_DROP_IN_STACK_H

#include "ns3/arp-l3-protocol.h"
#include "ns3/icmpv4-l4-protocol.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-list-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6.h"
#include "ns3/names.h"
#include "ns3/packet-socket-factory.h"
#include "ns3/string.h"
#include "ns3/synfin-l4-protocol.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/udp-l4-protocol.h"

#include <memory>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief InternetStackHelper whose TCP is synfin's; stands in for it in unmodified programs.
 */
class SynFinDropInStackHelper : public InternetStackHelper
{
  public:
    SynFinDropInStackHelper()
    {
        UseDefaultRouting();
    }

    SynFinDropInStackHelper(const SynFinDropInStackHelper& other)
        : InternetStackHelper(other)
    {
        CopyFrom(other);
    }

    SynFinDropInStackHelper& operator=(const SynFinDropInStackHelper& other)
    {
        if (this != &other)
        {
            InternetStackHelper::operator=(other);
            CopyFrom(other);
        }
        return *this;
    }

    /// As InternetStackHelper::Reset: back to the default configuration.
    void Reset()
    {
        InternetStackHelper::Reset();
        m_ipv4 = true;
        m_ipv6 = true;
        m_arpJitter = true;
        m_nsRsJitter = true;
        UseDefaultRouting();
    }

    /// \param routing the IPv4 routing the nodes installed from now on get
    void SetRoutingHelper(const Ipv4RoutingHelper& routing)
    {
        InternetStackHelper::SetRoutingHelper(routing);
        m_routing.reset(routing.Copy());
    }

    /// \param routing the IPv6 routing the nodes installed from now on get
    void SetRoutingHelper(const Ipv6RoutingHelper& routing)
    {
        InternetStackHelper::SetRoutingHelper(routing);
        m_routingv6.reset(routing.Copy());
    }

    /// \param enable whether Install adds an IPv4 stack
    void SetIpv4StackInstall(bool enable)
    {
        InternetStackHelper::SetIpv4StackInstall(enable);
        m_ipv4 = enable;
    }

    /// \param enable whether Install adds an IPv6 stack
    void SetIpv6StackInstall(bool enable)
    {
        InternetStackHelper::SetIpv6StackInstall(enable);
        m_ipv6 = enable;
    }

    /// \param enable whether ARP requests keep their random jitter
    void SetIpv4ArpJitter(bool enable)
    {
        InternetStackHelper::SetIpv4ArpJitter(enable);
        m_arpJitter = enable;
    }

    /// \param enable whether IPv6 NS and RS keep their random jitter
    void SetIpv6NsRsJitter(bool enable)
    {
        InternetStackHelper::SetIpv6NsRsJitter(enable);
        m_nsRsJitter = enable;
    }

    /// \param nodeName the name (ns3::Names) of the node to install on
    void Install(std::string nodeName) const
    {
        Install(Names::Find<Node>(nodeName));
    }

    /// \param nodes the nodes to install on
    void Install(NodeContainer nodes) const
    {
        for (auto it = nodes.Begin(); it != nodes.End(); ++it)
        {
            Install(*it);
        }
    }

    /// Installs on every node of the simulation.
    void InstallAll() const
    {
        Install(NodeContainer::GetGlobal());
    }

    /**
     * \brief What InternetStackHelper::Install(node) installs, with synfin's TCP.
     * \param node the node
     */
    void Install(Ptr<Node> node) const
    {
        if (m_ipv4)
        {
            NS_ABORT_MSG_IF(node->GetObject<Ipv4>(),
                            "InternetStackHelper::Install (synfin): node "
                                << node->GetId() << " already has an IPv4 stack");
            AddIfMissing<ArpL3Protocol>(node);
            AddIfMissing<Ipv4L3Protocol>(node);
            AddIfMissing<Icmpv4L4Protocol>(node);
            if (!m_arpJitter)
            {
                node->GetObject<ArpL3Protocol>()->SetAttribute(
                    "RequestJitter",
                    StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
            }
            node->GetObject<Ipv4>()->SetRoutingProtocol(m_routing->Create(node));
        }
        if (m_ipv6)
        {
            NS_ABORT_MSG_IF(node->GetObject<Ipv6>(),
                            "InternetStackHelper::Install (synfin): node "
                                << node->GetId() << " already has an IPv6 stack");
            AddIfMissing<Ipv6L3Protocol>(node);
            AddIfMissing<Icmpv6L4Protocol>(node);
            if (!m_nsRsJitter)
            {
                node->GetObject<Icmpv6L4Protocol>()->SetAttribute(
                    "SolicitationJitter",
                    StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
            }
            Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
            ipv6->SetRoutingProtocol(m_routingv6->Create(node));
            ipv6->RegisterExtensions();
            ipv6->RegisterOptions();
        }
        if (m_ipv4 || m_ipv6)
        {
            AddIfMissing<TrafficControlLayer>(node);
            AddIfMissing<UdpL4Protocol>(node);
            AddIfMissing<SynFinL4Protocol>(node);
            AddIfMissing<PacketSocketFactory>(node);
        }
        if (m_ipv4)
        {
            node->GetObject<ArpL3Protocol>()->SetTrafficControl(
                node->GetObject<TrafficControlLayer>());
        }
    }

  private:
    /// Aggregates a new T to the node unless it has one.
    template <typename T>
    static void AddIfMissing(Ptr<Node> node)
    {
        if (!node->GetObject<T>())
        {
            node->AggregateObject(CreateObject<T>());
        }
    }

    /// InternetStackHelper's default routing: static, then global, for IPv4; static for IPv6.
    void UseDefaultRouting()
    {
        Ipv4StaticRoutingHelper staticRouting;
        Ipv4GlobalRoutingHelper globalRouting;
        Ipv4ListRoutingHelper listRouting;
        listRouting.Add(staticRouting, 0);
        listRouting.Add(globalRouting, -10);
        m_routing.reset(listRouting.Copy());
        Ipv6StaticRoutingHelper staticRoutingv6;
        Ipv6ListRoutingHelper listRoutingv6;
        listRoutingv6.Add(staticRoutingv6, 0);
        m_routingv6.reset(listRoutingv6.Copy());
    }

    /// Deep copy of another helper's configuration.
    void CopyFrom(const SynFinDropInStackHelper& other)
    {
        m_routing.reset(other.m_routing->Copy());
        m_routingv6.reset(other.m_routingv6->Copy());
        m_ipv4 = other.m_ipv4;
        m_ipv6 = other.m_ipv6;
        m_arpJitter = other.m_arpJitter;
        m_nsRsJitter = other.m_nsRsJitter;
    }

    std::unique_ptr<Ipv4RoutingHelper> m_routing;   //!< IPv4 routing of new nodes
    std::unique_ptr<Ipv6RoutingHelper> m_routingv6; //!< IPv6 routing of new nodes
    bool m_ipv4{true};                              //!< install IPv4
    bool m_ipv6{true};                              //!< install IPv6
    bool m_arpJitter{true};                         //!< ARP request jitter kept
    bool m_nsRsJitter{true};                        //!< IPv6 NS/RS jitter kept
};

} // namespace ns3

#define InternetStackHelper SynFinDropInStackHelper

#endif /* SYNFIN_DROP_IN_STACK_H */
