/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Why four segments to close, and why TIME-WAIT: after a handshake, one end closes
 * (--closer=client|server) or both close at once (--closer=both, the simultaneous close
 * through CLOSING). The other end closes when it sees the peer's FIN, so each direction
 * is shut down by its own FIN and ACK. The active closer holds TIME-WAIT for 2 * Msl.
 * With --dropLastAck the active closer's final ACK is lost: the passive closer repeats its
 * FIN from LAST-ACK and the TIME-WAIT record answers it and restarts 2 * MSL.
 *
 *   ./four-way-close --closer=client --msl=2s --dropLastAck=1
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

/// Close a socket (a scheduled event or a close callback).
static void
CloseSocket(Ptr<Socket> s)
{
    s->Close();
}

/// Open a connection (a scheduled event).
static void
ConnectTo(Ptr<Socket> s, Address to)
{
    s->Connect(to);
}

/// The server's side of a new connection: it closes 1 s after accepting when the server
/// closes first (or both do), else when the client's FIN arrives (normal close).
static void
OnAccept(bool serverClosesFirst, Ptr<Socket> s, const Address& /* from */)
{
    auto ignore = MakeNullCallback<void, Ptr<Socket>>();
    s->SetCloseCallbacks(serverClosesFirst ? ignore : MakeCallback(&CloseSocket), ignore);
    if (serverClosesFirst)
    {
        Simulator::Schedule(Seconds(1), &CloseSocket, s);
    }
}

int
main(int argc, char* argv[])
{
    std::string delayText = "20ms";
    std::string mslText = "2s";
    std::string closer = "client";
    bool dropLastAck = false;
    bool pcap = true;

    CommandLine cmd(__FILE__);
    cmd.AddValue("delay", "One-way link delay (an ns-3 time, not negative)", delayText);
    cmd.AddValue("msl", "Maximum segment lifetime (TIME-WAIT lasts 2*msl)", mslText);
    cmd.AddValue("closer", "Who closes first: client, server or both", closer);
    cmd.AddValue("dropLastAck", "Lose the active closer's final ACK once", dropLastAck);
    cmd.AddValue("pcap", "Write four-way-close-<node>-<device>.pcap files", pcap);
    cmd.Parse(argc, argv);
    Time delay;
    Time msl;
    if (!SynFinCommandLine::NoStrayWords("four-way-close", cmd) ||
        !SynFinCommandLine::ReadTime("four-way-close", "delay", delayText, delay) ||
        !SynFinCommandLine::ReadTime("four-way-close", "msl", mslText, msl))
    {
        return 2;
    }
    if (closer != "client" && closer != "server" && closer != "both")
    {
        std::cerr << "four-way-close: --closer=" << closer
                  << " is not allowed; use client, server or both" << std::endl;
        return 2;
    }
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(msl));

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

    if (dropLastAck && closer != "both")
    {
        // The active closer's last ACK is its first empty ACK after the handshake's.
        uint32_t passive = (closer == "client") ? 1 : 0;
        std::string from = (closer == "client") ? "10.1.1.1" : "10.1.1.2";
        std::string nth = (closer == "client") ? "2" : "1";
        Ptr<SynFinSegmentErrorModel> drop = CreateObject<SynFinSegmentErrorModel>();
        drop->SetAttribute("Rules", StringValue("ACK#" + nth + "@" + from + ":empty"));
        devices.Get(passive)->SetAttribute("ReceiveErrorModel", PointerValue(drop));
    }
    for (uint32_t i = 0; i < nodes.GetN(); ++i)
    {
        nodes.Get(i)->GetObject<SynFinL4Protocol>()->TraceConnectWithoutContext(
            "Transition",
            MakeCallback(&PrintChange));
    }

    Ptr<Socket> listener = Socket::CreateSocket(nodes.Get(1), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
    listener->Listen();
    Ptr<Socket> client = Socket::CreateSocket(nodes.Get(0), TcpSocketFactory::GetTypeId());
    // Whoever does not close first closes when the peer's FIN arrives (normal close).
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeBoundCallback(&OnAccept, closer != "client"));
    auto ignore = MakeNullCallback<void, Ptr<Socket>>();
    client->SetCloseCallbacks(closer == "server" ? MakeCallback(&CloseSocket) : ignore, ignore);
    Simulator::Schedule(Seconds(1),
                        &ConnectTo,
                        client,
                        Address(InetSocketAddress(interfaces.GetAddress(1), 80)));
    if (closer != "server")
    {
        // The client closes 1 s after the server accepted (the handshake's third segment
        // reaches the server 3 delays after the SYN left), so in "both" the two FINs cross.
        Simulator::Schedule(Seconds(2) + 3 * delay, &CloseSocket, client);
    }

    if (pcap)
    {
        p2p.EnablePcapAll("four-way-close");
    }
    Simulator::Stop(Seconds(30) + 4 * msl);
    Simulator::Run();
    Simulator::Destroy();
    return 0;
}
