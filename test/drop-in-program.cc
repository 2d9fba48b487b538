/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A program written as for stock ns-3 (it names no synfin type in its code): a bulk transfer
 * over TCP between two nodes, one of them configured through the helper's setters and a copy
 * of the helper. The build compiles it with utils/synfin-drop-in-stack.h forced in, as
 * utils/run-stock-program.sh does with ns-3's own programs, and runs it as a test: it exits
 * 0 only if every byte arrived and the nodes' TCP is synfin's, not ns-3's.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t bytes = 200000;
    CommandLine cmd(__FILE__);
    cmd.AddValue("bytes", "bytes to send", bytes);
    cmd.Parse(argc, argv);

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer devices = link.Install(nodes);

    InternetStackHelper stack;
    stack.Install(nodes.Get(0));
    // The second node through a copy, with the setters programs commonly call.
    InternetStackHelper second = stack;
    second.SetIpv6StackInstall(false);
    second.SetIpv4ArpJitter(false);
    Ipv4StaticRoutingHelper staticOnly;
    second.SetRoutingHelper(staticOnly);
    second.Install(nodes.Get(1));

    Ipv4AddressHelper address;
    address.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = address.Assign(devices);

    uint16_t port = 9;
    BulkSendHelper source("ns3::TcpSocketFactory",
                          InetSocketAddress(interfaces.GetAddress(1), port));
    source.SetAttribute("MaxBytes", UintegerValue(bytes));
    ApplicationContainer sourceApps = source.Install(nodes.Get(0));
    sourceApps.Start(Seconds(0.1));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sinkApps = sink.Install(nodes.Get(1));
    sinkApps.Start(Seconds(0.0));

    Simulator::Stop(Seconds(10));
    Simulator::Run();

    uint64_t received = DynamicCast<PacketSink>(sinkApps.Get(0))->GetTotalRx();
    TypeId stock = TypeId::LookupByName("ns3::TcpL4Protocol");
    TypeId dropIn = TypeId::LookupByName("ns3::SynFinL4Protocol");
    bool ok = received == bytes;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        bool hasStock = node->GetObject<Object>(stock) != nullptr;
        bool hasDropIn = node->GetObject<Object>(dropIn) != nullptr;
        bool hasIpv6 = node->GetObject<Ipv6>() != nullptr;
        std::cout << "node " << i << ": ns3::TcpL4Protocol " << (hasStock ? "yes" : "no")
                  << ", ns3::SynFinL4Protocol " << (hasDropIn ? "yes" : "no") << ", IPv6 "
                  << (hasIpv6 ? "yes" : "no") << "\n";
        ok = ok && !hasStock && hasDropIn && hasIpv6 == (i == 0);
    }
    std::cout << "received " << received << " of " << bytes << " bytes\n";
    Simulator::Destroy();
    return ok ? 0 : 1;
}
