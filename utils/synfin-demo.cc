/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-demo: the flagship scenario. A client and a server three hops apart (tens of ms
 * of latency, a few percent loss) run a batch of short connections in which the server
 * closes first, so TIME-WAIT piles up on the server; one extra connection loses its final
 * handshake ACK and its own first FIN deterministically. The lifecycle recorder writes
 * states.csv, segments.csv, connections.csv, timewait.csv, listeners.csv, nodes.csv and
 * meta.json into the output folder, with pcaps of both hosts.
 *
 *   synfin-demo --output=out/demo --msl=5s
 */

#include "synfin-cli.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"

#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

using namespace ns3;
namespace po = boost::program_options;
namespace fs = std::filesystem;
namespace cli = synfin_cli;

namespace
{

/// The scenario's knobs.
struct DemoParams
{
    std::string output{"out/demo"};
    uint32_t connections{20};
    double loss{0.02};
    uint32_t seed{1};
    uint32_t run{1};
    Time msl{Seconds(5)};
};

/// The server side: accept, read the request, close first.
class DemoServer
{
  public:
    void Start(Ptr<Node> node)
    {
        m_listener = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&DemoServer::Accepted, this));
    }

  private:
    void Accepted(Ptr<Socket> s, const Address&)
    {
        s->SetRecvCallback(MakeCallback(&DemoServer::Read, this));
    }

    void Read(Ptr<Socket> s)
    {
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
        }
        s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        s->Send(Create<Packet>(200)); // the response
        s->Close();
    }

    Ptr<Socket> m_listener;
};

/// Read and discard whatever has arrived (the client does not look at the response).
void
DrainSocket(Ptr<Socket> sock)
{
    while (Ptr<Packet> p = sock->Recv())
    {
        if (p->GetSize() == 0)
        {
            break;
        }
    }
}

/// Send the request.
void
SendRequest(Ptr<Socket> sock)
{
    sock->Send(Create<Packet>(100));
}

/// Connected: send the request `delay` later.
void
RequestAfter(Time delay, Ptr<Socket> sock)
{
    Simulator::Schedule(delay, &SendRequest, sock);
}

/// The server has closed: close too.
void
CloseSocket(Ptr<Socket> sock)
{
    sock->Close();
}

/**
 * The client side: connect (from localPort, 0 for an ephemeral one), send a request
 * requestDelay after the handshake, read the response, close when the server has closed.
 */
void
OpenConnection(Ptr<Node> node, Ipv4Address server, uint16_t localPort, Time requestDelay)
{
    Ptr<Socket> s = Socket::CreateSocket(node, TcpSocketFactory::GetTypeId());
    s->Bind(InetSocketAddress(Ipv4Address::GetAny(), localPort));
    s->SetConnectCallback(MakeBoundCallback(&RequestAfter, requestDelay),
                          MakeNullCallback<void, Ptr<Socket>>());
    s->SetRecvCallback(MakeCallback(&DrainSocket));
    s->SetCloseCallbacks(MakeCallback(&CloseSocket), MakeNullCallback<void, Ptr<Socket>>());
    s->Connect(InetSocketAddress(server, 80));
}

} // namespace

int
main(int argc, char* argv[])
{
    DemoParams p;
    std::string connections = "20";
    std::string loss = "0.02";
    std::string msl = "5s";
    std::string seed = "1";
    std::string run = "1";
    po::options_description opts("synfin-demo: the flagship handshake/close/TIME-WAIT scenario");
    opts.add_options()("help,h", "show this help")(
        "output",
        po::value<std::string>(&p.output)->default_value(p.output),
        "output folder (created; its CSV is replaced only when the run completes)")(
        "connections",
        po::value(&connections)->default_value(connections),
        "short connections in the batch (1 to 100000)")(
        "loss",
        po::value(&loss)->default_value(loss),
        "packet loss rate on the middle hop, 0 to 0.5")(
        "msl",
        po::value(&msl)->default_value(msl),
        "maximum segment lifetime, an ns-3 time (TIME-WAIT is 2*msl), up to 600s")(
        "seed",
        po::value(&seed)->default_value(seed),
        "ns-3 RNG seed (at least 1)")("run",
                                      po::value(&run)->default_value(run),
                                      "ns-3 run number")(
        "ns3::Type::Attribute=value",
        "any ns-3 attribute default; --PrintAttributes=TYPE lists a type's");
    po::variables_map vm;
    std::vector<std::pair<std::string, std::string>> ns3Attributes;
    int exitCode = 0;
    if (!cli::ParseCommandLine("synfin-demo", argc, argv, opts, vm, ns3Attributes, exitCode))
    {
        return exitCode;
    }
    try
    {
        p.connections = static_cast<uint32_t>(cli::Count("connections", connections, 1, 100000));
        p.loss = cli::Probability("loss", loss);
        if (p.loss > 0.5)
        {
            throw cli::BadInput(cli::Flag("loss", loss) + ": allowed: 0 to 0.5");
        }
        p.msl = cli::Time("msl", msl, true);
        if (p.msl > Seconds(600))
        {
            throw cli::BadInput(cli::Flag("msl", msl) + ": allowed: up to 600s");
        }
        p.seed = static_cast<uint32_t>(cli::Count("seed", seed, 1, UINT32_MAX));
        p.run = static_cast<uint32_t>(cli::Count("run", run, 0, UINT32_MAX));
    }
    catch (const cli::BadInput& e)
    {
        return cli::Fail("synfin-demo", e.what());
    }
    std::error_code ec;
    fs::create_directories(p.output, ec);
    if (ec)
    {
        return cli::Fail("synfin-demo", "cannot create --output=" + p.output + ": " + ec.message());
    }

    RngSeedManager::SetSeed(p.seed);
    RngSeedManager::SetRun(p.run);
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(p.msl));
    cli::ApplyNs3Attributes(ns3Attributes); // --ns3:: wins over the options above

    // client - r1 - r2 - server, 10 ms + 20 ms + 10 ms one way.
    NodeContainer nodes;
    nodes.Create(4);
    PointToPointHelper edge;
    edge.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    edge.SetChannelAttribute("Delay", StringValue("10ms"));
    PointToPointHelper core;
    core.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    core.SetChannelAttribute("Delay", StringValue("20ms"));
    NetDeviceContainer d0 = edge.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer d1 = core.Install(nodes.Get(1), nodes.Get(2));
    NetDeviceContainer d2 = edge.Install(nodes.Get(2), nodes.Get(3));
    SynFinStackHelper stack;
    stack.Install(nodes);
    SynFinStackHelper::AssignStreams(nodes, 0);
    Ipv4AddressHelper addr;
    addr.SetBase("10.1.1.0", "255.255.255.0");
    addr.Assign(d0);
    addr.SetBase("10.1.2.0", "255.255.255.0");
    addr.Assign(d1);
    addr.SetBase("10.1.3.0", "255.255.255.0");
    Ipv4InterfaceContainer serverIf = addr.Assign(d2);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Random loss on the middle hop, both directions.
    for (uint32_t i = 0; i < 2; ++i)
    {
        Ptr<RateErrorModel> em = CreateObject<RateErrorModel>();
        em->SetAttribute("ErrorRate", DoubleValue(p.loss));
        em->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        em->AssignStreams(100 + i);
        d1.Get(i)->SetAttribute("ReceiveErrorModel", PointerValue(em));
    }
    // The last connection (from client port 40000) loses its final handshake ACK and the
    // client's first FIN, deterministically, at the server's link. It sends its request
    // only after the server's SYN-ACK retransmission, so the handshake visibly completes
    // through that retransmission rather than through the request's ACK.
    Ptr<SynFinSegmentErrorModel> atServer = CreateObject<SynFinSegmentErrorModel>();
    atServer->SetAttribute("Rules",
                           StringValue("ACK#1@10.1.1.1:40000:empty;+FIN#1@10.1.1.1:40000"));
    d2.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(atServer));

    SynFinLifecycleRecorder recorder;
    recorder.Attach(NodeContainer(nodes.Get(0), nodes.Get(3)));
    recorder.AttachDropModel(atServer, 3);
    recorder.AttachDeviceDrops(d1.Get(0));
    recorder.AttachDeviceDrops(d1.Get(1));
    recorder.AttachQueueDrops(d1.Get(0));
    recorder.AttachQueueDrops(d1.Get(1));
    recorder.SetParameter("connections", std::to_string(p.connections));
    recorder.SetParameter("loss", std::to_string(p.loss));
    recorder.SetParameter("msl_s", std::to_string(p.msl.GetSeconds()));
    recorder.SetParameter("topology", "client-r1-r2-server, 10ms+20ms+10ms, loss on r1-r2");

    DemoServer server;
    server.Start(nodes.Get(3));
    Ipv4Address serverAddr = serverIf.GetAddress(1);
    for (uint32_t i = 0; i < p.connections; ++i)
    {
        Simulator::Schedule(Seconds(1) + MilliSeconds(200) * i,
                            &OpenConnection,
                            nodes.Get(0),
                            serverAddr,
                            0,
                            Time(0));
    }
    Time special = Seconds(2) + MilliSeconds(200) * p.connections;
    Simulator::Schedule(special, &OpenConnection, nodes.Get(0), serverAddr, 40000, Seconds(4));

    edge.EnablePcap((fs::path(p.output) / "client.pcap").string(), d0.Get(0), true, true);
    edge.EnablePcap((fs::path(p.output) / "server.pcap").string(), d2.Get(1), true, true);

    Simulator::Stop(special + Seconds(60) + p.msl * 2);
    Simulator::Run();
    uint64_t peak = nodes.Get(3)->GetObject<SynFinL4Protocol>()->GetTimeWaitTable().Peak();
    std::string error;
    bool written = recorder.Write(p.output, error);
    Simulator::Destroy();
    if (!written)
    {
        return cli::Fail("synfin-demo", error, 1);
    }
    std::cout << "synfin-demo: " << p.connections + 1 << " connections; peak TIME-WAIT on the "
              << "server: " << peak << "\n";
    for (const auto& name : SynFinLifecycleRecorder::GetFileNames())
    {
        std::cout << "  " << (fs::path(p.output) / name).string() << "\n";
    }
    std::cout << "  " << (fs::path(p.output) / "client.pcap").string() << ", "
              << (fs::path(p.output) / "server.pcap").string() << std::endl;
    return 0;
}
