/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The topologies of synfin's experiments: single link, chain, dumbbell, star.
 */

#include "synfin-topology-helper.h"

#include "synfin-stack-helper.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/error-model.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/log.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/pointer.h"
#include "ns3/queue-size.h"
#include "ns3/string.h"
#include "ns3/synfin-error-model-chain.h"
#include "ns3/synfin-gilbert-elliott-error-model.h"
#include "ns3/synfin-jitter-channel.h"
#include "ns3/synfin-segment-error-model.h"
#include "ns3/traffic-control-helper.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinTopologyHelper");

namespace
{

/// A link to build: its name and its two ends by node name, client side first.
struct PlannedLink
{
    std::string name;   //!< link name
    std::string client; //!< node at the client-side end
    std::string server; //!< node at the server-side end
};

/// The plan of a topology: node names by role, and the links.
struct Plan
{
    std::vector<std::string> clients; //!< client names
    std::vector<std::string> servers; //!< server names
    std::vector<std::string> routers; //!< router names
    std::vector<PlannedLink> links;   //!< links, in build order
    std::string serverSide;           //!< the node a dead host hangs off
};

std::string
Numbered(const std::string& stem, uint32_t i)
{
    return stem + std::to_string(i);
}

Plan
MakePlan(SynFinTopologyHelper::Kind kind, uint32_t count)
{
    Plan plan;
    switch (kind)
    {
    case SynFinTopologyHelper::Kind::SINGLE:
        plan.clients = {"client"};
        plan.servers = {"server"};
        plan.links.push_back({"link", "client", "server"});
        plan.serverSide = "server";
        break;
    case SynFinTopologyHelper::Kind::CHAIN: {
        plan.clients = {"client"};
        plan.servers = {"server"};
        std::string previous = "client";
        for (uint32_t i = 1; i <= count; ++i)
        {
            std::string next = i == count ? "server" : Numbered("router", i);
            if (i != count)
            {
                plan.routers.push_back(next);
            }
            plan.links.push_back({Numbered("hop", i), previous, next});
            previous = next;
        }
        plan.serverSide = "server";
        break;
    }
    case SynFinTopologyHelper::Kind::DUMBBELL:
        plan.routers = {"left", "right"};
        for (uint32_t i = 1; i <= count; ++i)
        {
            plan.clients.push_back(Numbered("client", i));
            plan.links.push_back({Numbered("access", i), Numbered("client", i), "left"});
        }
        plan.links.push_back({"bottleneck", "left", "right"});
        for (uint32_t i = 1; i <= count; ++i)
        {
            plan.servers.push_back(Numbered("server", i));
            plan.links.push_back({Numbered("egress", i), "right", Numbered("server", i)});
        }
        plan.serverSide = "right";
        break;
    case SynFinTopologyHelper::Kind::STAR:
        plan.routers = {"hub"};
        plan.servers = {"server"};
        for (uint32_t i = 1; i <= count; ++i)
        {
            plan.clients.push_back(Numbered("client", i));
            plan.links.push_back({Numbered("spoke", i), Numbered("client", i), "hub"});
        }
        plan.links.push_back({"uplink", "hub", "server"});
        plan.serverSide = "hub";
        break;
    }
    return plan;
}

/// The /24 of the k-th link: 10.(1 + k / 256).(k % 256).0.
std::string
LinkSubnet(std::size_t k)
{
    std::ostringstream os;
    os << "10." << 1 + k / 256 << "." << k % 256 << ".0";
    return os.str();
}

} // namespace

uint32_t
SynFinTopology::ServerOf(uint32_t client) const
{
    return servers.GetN() == 1 ? 0 : client % servers.GetN();
}

NodeContainer
SynFinTopology::Hosts() const
{
    return NodeContainer(clients, servers);
}

bool
SynFinTopologyHelper::ParseKind(const std::string& name, Kind& kind)
{
    static const std::map<std::string, Kind> kinds{{"single", Kind::SINGLE},
                                                   {"chain", Kind::CHAIN},
                                                   {"dumbbell", Kind::DUMBBELL},
                                                   {"star", Kind::STAR}};
    auto it = kinds.find(name);
    if (it == kinds.end())
    {
        return false;
    }
    kind = it->second;
    return true;
}

std::string
SynFinTopologyHelper::KindNames()
{
    return "single, chain, dumbbell, star";
}

std::vector<std::string>
SynFinTopologyHelper::LinkNames(Kind kind, uint32_t count)
{
    std::vector<std::string> names;
    for (const PlannedLink& link : MakePlan(kind, count).links)
    {
        names.push_back(link.name);
    }
    return names;
}

std::vector<std::string>
SynFinTopologyHelper::NodeNames(Kind kind, uint32_t count)
{
    Plan plan = MakePlan(kind, count);
    std::vector<std::string> names = plan.clients;
    names.insert(names.end(), plan.routers.begin(), plan.routers.end());
    names.insert(names.end(), plan.servers.begin(), plan.servers.end());
    return names;
}

SynFinTopologyHelper::SynFinTopologyHelper(Kind kind, uint32_t count)
    : m_kind(kind),
      m_count(kind == Kind::SINGLE ? 1 : count)
{
    NS_ABORT_MSG_IF(m_count == 0, "SynFinTopologyHelper: the count must be at least 1");
}

void
SynFinTopologyHelper::SetDefaultLink(const SynFinLinkSpec& spec)
{
    m_default = spec;
}

void
SynFinTopologyHelper::SetLink(const std::string& name, const SynFinLinkSpec& spec)
{
    m_links[name] = spec;
}

SynFinLinkSpec
SynFinTopologyHelper::GetLink(const std::string& name) const
{
    auto it = m_links.find(name);
    return it == m_links.end() ? m_default : it->second;
}

void
SynFinTopologyHelper::SetStockNodes(const std::set<std::string>& names)
{
    m_stock = names;
}

void
SynFinTopologyHelper::SetDeadHost(bool enable)
{
    m_deadHost = enable;
}

void
SynFinTopologyHelper::SetDropRules(const std::string& rules)
{
    m_dropRules = rules;
}

void
SynFinTopologyHelper::SetLateSegments(const std::string& rules,
                                      Time delay,
                                      Time jitter,
                                      SynFinSegmentDelayModel::Mode mode)
{
    m_lateRules = rules;
    m_lateDelay = delay;
    m_lateJitter = jitter;
    m_lateMode = mode;
}

const std::vector<std::pair<Ptr<SynFinSegmentErrorModel>, uint32_t>>&
SynFinTopologyHelper::GetDropModels() const
{
    return m_dropModels;
}

int64_t
SynFinTopologyHelper::GetNextStream() const
{
    return m_nextStream;
}

void
SynFinTopologyHelper::Impair(Ptr<NetDevice> receiver,
                             double loss,
                             const std::optional<SynFinBurstLoss>& burst,
                             bool host,
                             int64_t& stream) const
{
    Ptr<SynFinErrorModelChain> chain = CreateObject<SynFinErrorModelChain>();
    if (loss > 0)
    {
        Ptr<RateErrorModel> uniform = CreateObject<RateErrorModel>();
        uniform->SetAttribute("ErrorRate", DoubleValue(loss));
        uniform->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        stream += uniform->AssignStreams(stream);
        chain->Add(uniform);
    }
    if (burst)
    {
        Ptr<SynFinGilbertElliottErrorModel> ge = CreateObject<SynFinGilbertElliottErrorModel>();
        ge->SetAttribute("P", DoubleValue(burst->p));
        ge->SetAttribute("R", DoubleValue(burst->r));
        ge->SetAttribute("LossGood", DoubleValue(burst->lossGood));
        ge->SetAttribute("LossBad", DoubleValue(burst->lossBad));
        stream += ge->AssignStreams(stream);
        chain->Add(ge);
    }
    if (host && !m_dropRules.empty())
    {
        Ptr<SynFinSegmentErrorModel> rules = CreateObject<SynFinSegmentErrorModel>();
        rules->SetAttribute("Rules", StringValue(m_dropRules));
        chain->Add(rules);
        m_dropModels.emplace_back(rules, receiver->GetNode()->GetId());
    }
    if (host && !m_lateRules.empty())
    {
        // It sees every segment, lost or not (the chain's rule), as a copy made upstream
        // would be; the late copy passes the chain again when it comes in, as a segment
        // crossing the link again would.
        Ptr<SynFinSegmentDelayModel> late = CreateObject<SynFinSegmentDelayModel>();
        late->SetAttribute("Rules", StringValue(m_lateRules));
        late->SetAttribute("Delay", TimeValue(m_lateDelay));
        late->SetAttribute("Jitter", TimeValue(m_lateJitter));
        late->SetAttribute("Mode", EnumValue(m_lateMode));
        late->SetDevice(receiver);
        stream += late->AssignStreams(stream);
        chain->Add(late);
    }
    if (chain->GetN() > 0)
    {
        receiver->SetAttribute("ReceiveErrorModel", PointerValue(chain));
    }
}

SynFinTopology
SynFinTopologyHelper::Build(int64_t stream) const
{
    NS_LOG_FUNCTION(this << stream);
    Plan plan = MakePlan(m_kind, m_count);
    if (m_deadHost)
    {
        plan.links.push_back({"dead", plan.serverSide, "dead"});
    }
    m_dropModels.clear();

    SynFinTopology topo;
    std::map<std::string, Ptr<Node>> byName;
    auto create = [&](const std::vector<std::string>& names, NodeContainer& role) {
        for (const std::string& name : names)
        {
            Ptr<Node> node = CreateObject<Node>();
            byName[name] = node;
            role.Add(node);
            topo.nodeNames[node->GetId()] = name;
        }
    };
    create(plan.clients, topo.clients);
    create(plan.routers, topo.routers);
    create(plan.servers, topo.servers);
    if (m_deadHost)
    {
        NodeContainer dead;
        create({"dead"}, dead);
        topo.deadHost = dead.Get(0);
    }

    SynFinStackHelper stack;
    for (const auto& [name, node] : byName)
    {
        if (m_stock.count(name))
        {
            stack.InstallStock(NodeContainer(node));
        }
        else
        {
            stack.Install(node);
        }
    }

    Ipv4AddressHelper address;
    TrafficControlHelper tc;
    for (std::size_t k = 0; k < plan.links.size(); ++k)
    {
        const PlannedLink& planned = plan.links[k];
        SynFinLinkSpec spec = planned.name == "dead" ? m_default : GetLink(planned.name);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue(spec.rate));
        p2p.SetChannelAttribute("Delay", TimeValue(spec.delay));
        p2p.SetQueue("ns3::DropTailQueue<Packet>",
                     "MaxSize",
                     QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, spec.queuePackets)));
        NetDeviceContainer devices =
            p2p.Install(byName.at(planned.client), byName.at(planned.server));
        address.SetBase(LinkSubnet(k).c_str(), "255.255.255.0");
        Ipv4InterfaceContainer interfaces = address.Assign(devices);
        tc.Uninstall(devices); // the device queue is the only queue

        if (planned.name == "dead")
        {
            topo.deadHostAddress = interfaces.GetAddress(1);
            Ptr<RateErrorModel> blackHole = CreateObject<RateErrorModel>();
            blackHole->SetAttribute("ErrorRate", DoubleValue(1.0));
            blackHole->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
            devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(blackHole));
            continue;
        }
        if (spec.jitter.IsStrictlyPositive())
        {
            // The helper builds ns-3's own channel; the devices move to one whose delay
            // varies (the first stays attached to nothing that sends).
            Ptr<SynFinJitterChannel> channel = CreateObject<SynFinJitterChannel>();
            channel->SetAttribute("Delay", TimeValue(spec.delay));
            channel->SetAttribute("Jitter", TimeValue(spec.jitter));
            channel->SetAttribute("KeepOrder", BooleanValue(spec.jitterKeepsOrder));
            stream += channel->AssignStreams(stream);
            for (uint32_t end = 0; end < 2; ++end)
            {
                DynamicCast<PointToPointNetDevice>(devices.Get(end))->Attach(channel);
            }
        }
        topo.links.push_back({planned.name, devices.Get(0), devices.Get(1), spec});
        bool clientIsHost = topo.clients.Contains(byName.at(planned.client)->GetId());
        bool serverIsHost = topo.servers.Contains(byName.at(planned.server)->GetId());
        Impair(devices.Get(1), spec.lossForward, spec.burstForward, serverIsHost, stream);
        Impair(devices.Get(0), spec.lossReverse, spec.burstReverse, clientIsHost, stream);
        if (serverIsHost)
        {
            topo.serverAddresses.resize(topo.servers.GetN());
            for (uint32_t i = 0; i < topo.servers.GetN(); ++i)
            {
                if (topo.servers.Get(i) == byName.at(planned.server))
                {
                    topo.serverAddresses[i] = interfaces.GetAddress(1);
                }
            }
        }
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    NodeContainer all;
    for (const auto& [name, node] : byName)
    {
        all.Add(node);
    }
    stream += SynFinStackHelper::AssignStreams(all, stream);
    m_nextStream = stream;
    return topo;
}

} // namespace ns3
