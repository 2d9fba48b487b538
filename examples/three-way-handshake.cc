/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Why three segments to open: a client and a server 2 x delay apart run one handshake.
 * Each end's state changes are printed as they happen, and a pcap of each end is written.
 * With --dropFinalAck the client's ACK (the third segment) is lost: the server stays in
 * SYN-RECEIVED until its SYN-ACK retransmission draws a second ACK from the client.
 *
 *   ./three-way-handshake --delay=20ms --dropFinalAck=1
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"

#include <iostream>

using namespace ns3;

/// Print one state change (node 0 is the client, node 1 the server).
static void
PrintChange(const SynFinStateChange& c)
{
    std::cout << c << std::endl;
}

/// Open a connection (a scheduled event).
static void
ConnectTo(Ptr<Socket> s, Address to)
{
    s->Connect(to);
}

int
main(int argc, char* argv[])
{
    std::string delayText = "20ms";
    bool dropFinalAck = false;
    bool pcap = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("delay", "One-way link delay (an ns-3 time, not negative)", delayText);
    cmd.AddValue("dropFinalAck", "Lose the client's handshake ACK once", dropFinalAck);
    cmd.AddValue("pcap", "Write three-way-handshake-<node>-<device>.pcap files", pcap);
    cmd.Parse(argc, argv);
    Time delay;
    if (!SynFinCommandLine::NoStrayWords("three-way-handshake", cmd) ||
        !SynFinCommandLine::ReadTime("three-way-handshake", "delay", delayText, delay))
    {
        return 2;
    }

    NodeContainer nodes;
    nodes.Create(2);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", TimeValue(delay));
    NetDeviceContainer devices = p2p.Install(nodes);

    SynFinStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper address;
    address.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer interfaces = address.Assign(devices);

    if (dropFinalAck)
    {
        Ptr<SynFinSegmentErrorModel> drop = CreateObject<SynFinSegmentErrorModel>();
        drop->SetAttribute("Rules", StringValue("ACK#1@10.1.1.1:empty"));
        devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(drop));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<SynFinL4Protocol>()->TraceConnectWithoutContext(
            "Transition",
            MakeCallback(&PrintChange));
    }

    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 80));
    sink.Install(nodes.Get(1)).Start(Seconds(0));

    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
    Simulator::Schedule(Seconds(1),
                        &ConnectTo,
                        client,
                        Address(InetSocketAddress(interfaces.GetAddress(1), 80)));

    if (pcap)
    {
        p2p.EnablePcapAll("three-way-handshake");
    }
    Simulator::Stop(Seconds(10));
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
