/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Puts synfin's request/response workload on a topology.
 */

#include "synfin-workload-helper.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/enum.h"
#include "ns3/inet-socket-address.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinWorkloadHelper");

SynFinWorkloadHelper::SynFinWorkloadHelper(const SynFinWorkloadSpec& spec)
    : m_spec(spec)
{
}

int64_t
SynFinWorkloadHelper::Install(const SynFinTopology& topology, int64_t stream)
{
    const int64_t first = stream;
    NS_ABORT_MSG_IF(m_spec.deadHostFraction > 0 && !topology.deadHost,
                    "SynFinWorkloadHelper: deadHostFraction needs a topology with a dead host");
    std::vector<Ptr<SynFinWorkloadServer>> servers;
    for (uint32_t i = 0; i < topology.servers.GetN(); ++i)
    {
        Ptr<SynFinWorkloadServer> server = CreateObject<SynFinWorkloadServer>();
        server->SetAttribute("Port", UintegerValue(m_spec.port));
        server->SetAttribute("RequestBytes", UintegerValue(m_spec.requestBytes));
        server->SetAttribute("ResponseBytes", UintegerValue(m_spec.responseBytes));
        server->SetAttribute("Closer", EnumValue(m_spec.closer));
        server->SetAttribute("CloseDelay", TimeValue(m_spec.closeDelay));
        server->SetStartTime(Time(0));
        topology.servers.Get(i)->AddApplication(server);
        servers.push_back(server);
        m_servers.Add(server);
    }

    uint32_t nodes = topology.clients.GetN();
    uint32_t apps = m_spec.clients == 0 ? nodes : m_spec.clients;
    for (uint32_t a = 0; a < apps; ++a)
    {
        uint32_t node = a % nodes;
        uint32_t s = topology.ServerOf(node);
        Ptr<SynFinWorkloadClient> client = CreateObject<SynFinWorkloadClient>();
        client->SetAttribute(
            "Remote",
            AddressValue(InetSocketAddress(topology.serverAddresses[s], m_spec.port)));
        client->SetAttribute("Connections", UintegerValue(m_spec.connections));
        client->SetAttribute("Arrival", EnumValue(m_spec.arrival));
        client->SetAttribute("Interval", TimeValue(m_spec.interval));
        client->SetAttribute("RequestBytes", UintegerValue(m_spec.requestBytes));
        client->SetAttribute("ResponseBytes", UintegerValue(m_spec.responseBytes));
        client->SetAttribute("Closer", EnumValue(m_spec.closer));
        client->SetAttribute("CloseDelay", TimeValue(m_spec.closeDelay));
        client->SetAttribute("HalfClose", BooleanValue(m_spec.halfClose));
        client->SetAttribute("AbortFraction", DoubleValue(m_spec.abortFraction));
        client->SetAttribute("ClosedPortFraction", DoubleValue(m_spec.closedPortFraction));
        client->SetAttribute("ClosedPort", UintegerValue(m_spec.closedPort));
        client->SetAttribute("DeadHostFraction", DoubleValue(m_spec.deadHostFraction));
        client->SetAttribute("Timeout", TimeValue(m_spec.timeout));
        if (topology.deadHost)
        {
            client->SetAttribute(
                "DeadHost",
                AddressValue(InetSocketAddress(topology.deadHostAddress, m_spec.port)));
        }
        client->SetPeerServer(servers[s]);
        stream += client->AssignStreams(stream);
        client->SetStartTime(m_spec.start + MilliSeconds(a));
        topology.clients.Get(node)->AddApplication(client);
        m_clients.Add(client);
    }
    return stream - first;
}

const ApplicationContainer&
SynFinWorkloadHelper::GetClients() const
{
    return m_clients;
}

const ApplicationContainer&
SynFinWorkloadHelper::GetServers() const
{
    return m_servers;
}

} // namespace ns3
