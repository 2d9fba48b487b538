/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A program written as for stock ns-3 (it names no synfin type in its code): a bulk transfer
 * over TCP between two nodes, one of them configured through the helper's setters and a copy
 * of the helper, its congestion control chosen and its sockets traced the ways ns-3's own
 * examples do it (tcp-validation.cc, tcp-variants-comparison.cc): through the node's
 * TcpL4Protocol and `$ns3::TcpL4Protocol/SocketList/...` Config paths. The build compiles it
 * with utils/synfin-drop-in-stack.h forced in, as utils/run-stock-program.sh does with
 * ns-3's own programs, and runs it as a test: it exits 0 only if every byte arrived, the
 * nodes' TCP is synfin's, not ns-3's, and the traces reported what happened.
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

#include <iostream>
#include <string>

using namespace ns3;

namespace
{

uint32_t g_cwndChanges = 0;   //!< CongestionWindow changes seen
uint32_t g_nextTxChanges = 0; //!< NextTxSequence changes seen
bool g_rxSeen = false;        //!< NextRxSequence has fired
SequenceNumber32 g_firstRx;   //!< NextRxSequence before the first change
SequenceNumber32 g_lastRx;    //!< NextRxSequence after the last change
std::string g_senderCc;       //!< the sender's congestion control

void
CwndChange(uint32_t /* oldValue */, uint32_t /* newValue */)
{
    ++g_cwndChanges;
}

void
NextTxChange(SequenceNumber32 /* oldValue */, SequenceNumber32 /* newValue */)
{
    ++g_nextTxChanges;
}

void
NextRxChange(SequenceNumber32 oldValue, SequenceNumber32 newValue)
{
    if (!g_rxSeen)
    {
        g_rxSeen = true;
        g_firstRx = oldValue;
    }
    g_lastRx = newValue;
}

/// As tcp-variants-comparison.cc does, once the sockets exist: the sender's first socket,
/// the receiver's second (its first is the listener).
void
ConnectTraces()
{
    Config::MatchContainer sender =
        Config::LookupMatches("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0");
    if (sender.GetN() == 1)
    {
        PointerValue cc;
        sender.Get(0)->GetAttribute("CongestionOps", cc);
        g_senderCc = cc.GetObject() ? cc.GetObject()->GetInstanceTypeId().GetName() : "none";
    }
    Config::ConnectWithoutContext("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/CongestionWindow",
                                  MakeCallback(&CwndChange));
    Config::ConnectWithoutContext("/NodeList/0/$ns3::TcpL4Protocol/SocketList/0/NextTxSequence",
                                  MakeCallback(&NextTxChange));
    Config::ConnectWithoutContext(
        "/NodeList/1/$ns3::TcpL4Protocol/SocketList/1/RxBuffer/NextRxSequence",
        MakeCallback(&NextRxChange));
}

} // namespace

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

    // The per-node choice tcp-validation.cc makes, on the protocol object itself.
    TypeId newReno = TypeId::LookupByName("ns3::TcpNewReno");
    nodes.Get(0)->GetObject<TcpL4Protocol>()->SetAttribute("SocketType", TypeIdValue(newReno));

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

    // After the SYN has reached the receiver (0.1 s + 5 ms), before the first data segment.
    Simulator::Schedule(Seconds(0.108), &ConnectTraces);

    Simulator::Stop(Seconds(10));
    Simulator::Run();

    uint64_t received = DynamicCast<PacketSink>(sinkApps.Get(0))->GetTotalRx();
    TypeId stock = TypeId::LookupByName("ns3::TcpL4Protocol");
    TypeId dropIn = TypeId::LookupByName("ns3::SynFinL4Protocol");
    bool ok = received == bytes;
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        Ptr<Node> node = nodes.Get(i);
        // A program's lookup of the node's TCP finds synfin's view of itself, not ns-3's.
        Ptr<TcpL4Protocol> tcp = node->GetObject<TcpL4Protocol>();
        bool hasStock = tcp && tcp->GetInstanceTypeId() == stock;
        bool hasDropIn = node->GetObject<Object>(dropIn) != nullptr;
        bool hasIpv6 = node->GetObject<Ipv6>() != nullptr;
        std::cout << "node " << i << ": ns3::TcpL4Protocol " << (hasStock ? "yes" : "no")
                  << ", ns3::SynFinL4Protocol " << (hasDropIn ? "yes" : "no") << ", IPv6 "
                  << (hasIpv6 ? "yes" : "no") << "\n";
        ok = ok && !hasStock && hasDropIn && hasIpv6 == (i == 0);
    }
    TypeIdValue chosen;
    nodes.Get(0)->GetObject<TcpL4Protocol>()->GetAttribute("SocketType", chosen);
    std::cout << "received " << received << " of " << bytes << " bytes\n"
              << "node 0 SocketType " << chosen.Get().GetName() << ", its socket's " << g_senderCc
              << "\n"
              << "CongestionWindow changes " << g_cwndChanges << ", NextTxSequence changes "
              << g_nextTxChanges << "\n"
              << "NextRxSequence advanced by " << (g_lastRx - g_firstRx) << "\n";
    ok = ok && chosen.Get() == newReno && g_senderCc == newReno.GetName() && g_cwndChanges > 0 &&
         g_nextTxChanges > 0;
    // Every byte and the FIN.
    ok = ok && g_rxSeen && static_cast<uint32_t>(g_lastRx - g_firstRx) == bytes + 1;
    Simulator::Destroy();
    return ok ? 0 : 1;
}
