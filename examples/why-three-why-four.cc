/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Why three segments to open, why four to close, why TIME-WAIT: each what-if variant runs
 * the experiment that exposes it, next to the standard (RFC 9293) table in the same
 * experiment, and the difference is measured:
 *
 *   two-way-handshake  an old duplicate SYN and request (delivered again 150 ms later)
 *                      -> connections the server accepted, stale bytes it delivered
 *   two-way-close      a half-closed client reads a 20000-byte response
 *                      -> response bytes lost
 *   three-way-close    the client closes first
 *                      -> the server's time in LAST-ACK, its FIN retransmissions, RSTs
 *   no-time-wait       the client's last ACK is lost
 *                      -> the server's FIN retransmissions answered by RST instead of ACK
 *                      the client opens its next connection from the same port as soon as
 *                      the port is free, while copies of its previous connection's data
 *                      segments arrive 1 s late (within the 5 s MSL)
 *                      -> bytes of the old connection the server reads on the new one
 *   five-way-close     the client closes first
 *                      -> segments sent from the first FIN on
 *
 * It prints the comparison as a table and writes comparison.csv and, per run, the lifecycle
 * recorder's folder (draw a ladder with synfin-plot ladder OUTPUT/RUN):
 *
 *   ./why-three-why-four --output=out/why-three-why-four
 */

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

using namespace ns3;

namespace
{

/// What a run measured.
struct Measured
{
    uint64_t accepted{0};       //!< connections the server application accepted
    uint64_t serverBytes{0};    //!< request bytes the server application received
    uint64_t clientBytes{0};    //!< response bytes the client application received
    uint64_t rsts{0};           //!< RSTs sent, by anyone
    uint64_t finRetx{0};        //!< FIN retransmissions
    uint64_t closeSegments{0};  //!< segments sent from the first FIN on
    double lastAckSeconds{0};   //!< time the server spent in LAST-ACK
    uint64_t staleBytes{0};     //!< bytes the server read that another incarnation wrote
    Time portWait;              //!< from the same-port client's FIN to its next bind
    Time firstFin{Time::Max()}; //!< when the first FIN left
    std::set<std::pair<uint32_t, uint32_t>> fins; //!< (node, seq) of every FIN sent
};

/// One experiment: its variant, what it does, and how to read its result.
struct Experiment
{
    std::string variant;  //!< SynFinStateMachine::VariantKey
    std::string scenario; //!< what the run does
    std::string metric;   //!< what is compared
    bool halfClose{false};
    uint32_t responseBytes{1000};
    std::string duplicate; //!< rules of segments delivered again 150 ms later, at the server
    std::string drop;      //!< rules of segments lost at the server
    uint64_t (*value)(const Measured&);
    bool reincarnate{false}; //!< the same-port client replaces the workload
};

Measured* g_measured = nullptr; //!< the run in progress

void
OnTx(uint32_t node, Ptr<const Packet>, const TcpHeader& h, Ipv4Address, Ipv4Address)
{
    uint8_t f = h.GetFlags();
    if (f & TcpHeader::RST)
    {
        ++g_measured->rsts;
    }
    if (f & TcpHeader::FIN)
    {
        if (g_measured->firstFin == Time::Max())
        {
            g_measured->firstFin = Simulator::Now();
        }
        // A FIN sent again with the same sequence number is a retransmission.
        if (!g_measured->fins.insert({node, h.GetSequenceNumber().GetValue()}).second)
        {
            ++g_measured->finRetx;
        }
    }
    if (g_measured->firstFin != Time::Max())
    {
        ++g_measured->closeSegments;
    }
}

void
OnTransition(const SynFinStateChange& c)
{
    if (c.from == TcpSocket::LAST_ACK)
    {
        g_measured->lastAckSeconds += c.time.GetSeconds();
    }
    if (c.to == TcpSocket::LAST_ACK)
    {
        g_measured->lastAckSeconds -= c.time.GetSeconds();
    }
}

/*
 * The same 4-tuple used again (RFC 9293 3.4.2, 3.6.1): a client bound to one port opens
 * connection k, waits kThink, writes kIncarnationBytes bytes of value k and closes; it tries
 * to bind the port again every 100 ms until the stack gives it back, for two incarnations.
 * The server echoes what it reads and counts the bytes of another incarnation's value. The
 * pause before writing is the window in which late copies of the previous incarnation's
 * segments reach the new connection ahead of its own data.
 *
 * Why an echo: an old segment passes the new connection's checks only if both its sequence
 * number falls in the receive window and its acknowledgment number is within MAX.SND.WND
 * of SND.UNA (RFC 5961 5.2). Both ISNs advance with the RFC 6528 clock, so that happens
 * when the old connection moved data in both directions faster than the clock.
 */
const uint16_t kClientPort = 50000;
const uint16_t kServerPort = 80;
const uint32_t kIncarnationBytes = 1000000;
const Time kThink = Seconds(1);

struct SamePortClient
{
    Ptr<Node> node;
    Address server;
    uint32_t opened{0};
    Time closed; //!< when the last incarnation called Close()
};

SamePortClient g_samePort;

void OpenIncarnation();

void
WriteIncarnation(Ptr<Socket> socket, uint8_t value)
{
    std::vector<uint8_t> bytes(kIncarnationBytes, value);
    socket->Send(Create<Packet>(bytes.data(), bytes.size()));
    // Half-close: the client sends its FIN first (and so is the one that waits in
    // TIME-WAIT) but still reads the echo; after a full Close() the echo would be data for a
    // socket that can read nothing, which TCP answers with a RST (RFC 1122 4.2.2.13). The
    // client closes when the server's FIN arrives.
    socket->ShutdownSend();
    g_samePort.closed = Simulator::Now();
    Simulator::Schedule(MilliSeconds(100), &OpenIncarnation);
}

void
Discard(Ptr<Socket> socket)
{
    while (socket->Recv())
    {
    }
}

void
IncarnationFailed(Ptr<Socket>)
{
}

void
CloseWhenPeerCloses(Ptr<Socket> socket)
{
    socket->Close();
}

void
IncarnationConnected(Ptr<Socket> socket)
{
    socket->SetRecvCallback(MakeCallback(&Discard));
    socket->SetCloseCallbacks(MakeCallback(&CloseWhenPeerCloses), MakeCallback(&IncarnationFailed));
    Simulator::Schedule(kThink, &WriteIncarnation, socket, static_cast<uint8_t>(g_samePort.opened));
}

void
OpenIncarnation()
{
    if (g_samePort.opened == 2)
    {
        return;
    }
    Ptr<Socket> socket = Socket::CreateSocket(g_samePort.node, TcpSocketFactory::GetTypeId());
    if (socket->Bind(InetSocketAddress(Ipv4Address::GetAny(), kClientPort)) != 0)
    {
        // EADDRINUSE: the previous incarnation still holds the port (closing or TIME-WAIT).
        socket->Close();
        Simulator::Schedule(MilliSeconds(100), &OpenIncarnation);
        return;
    }
    if (++g_samePort.opened > 1)
    {
        g_measured->portWait = Simulator::Now() - g_samePort.closed;
    }
    socket->SetConnectCallback(MakeCallback(&IncarnationConnected),
                               MakeCallback(&IncarnationFailed));
    socket->Connect(g_samePort.server);
}

/// Reads one server connection; \p value is the byte its incarnation writes.
void
ReadIncarnation(uint8_t value, Ptr<Socket> socket)
{
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> p = socket->Recv())
    {
        bytes.resize(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        g_measured->staleBytes +=
            std::count_if(bytes.begin(), bytes.end(), [value](uint8_t b) { return b != value; });
        g_measured->serverBytes += bytes.size();
        socket->Send(p);
    }
}

void
CloseIncarnation(Ptr<Socket> socket)
{
    socket->Close();
}

void
AcceptIncarnation(Ptr<Socket> socket, const Address&)
{
    // Only this client connects, one incarnation at a time, so the k-th accepted
    // connection is incarnation k.
    auto value = static_cast<uint8_t>(++g_measured->accepted);
    socket->SetRecvCallback(MakeBoundCallback(&ReadIncarnation, value));
    socket->SetCloseCallbacks(MakeCallback(&CloseIncarnation), MakeCallback(&IncarnationFailed));
}

void
InstallSamePortClient(const SynFinTopology& topo)
{
    Ptr<Socket> listener = Socket::CreateSocket(topo.servers.Get(0), TcpSocketFactory::GetTypeId());
    listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), kServerPort));
    listener->Listen();
    listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                MakeCallback(&AcceptIncarnation));
    g_samePort = SamePortClient();
    g_samePort.node = topo.clients.Get(0);
    g_samePort.server = InetSocketAddress(topo.serverAddresses[0], kServerPort);
    Simulator::Schedule(Seconds(0), &OpenIncarnation);
}

Measured
Run(const Experiment& e, const std::string& variant, const std::filesystem::path& folder)
{
    Config::Reset();
    SynFinVariant v;
    SynFinStateMachine::ParseVariant(variant, v);
    Config::SetDefault("ns3::SynFinSocket::Variant", EnumValue(v));
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(Seconds(5)));
    // The protocol as RFC 9293 has it, whose hazards the table prevents: without RFC 7323's
    // options. With timestamps, PAWS (RFC 7323 section 5) would turn old data away by
    // itself, which is a second answer to "why TIME-WAIT", not the one shown here.
    Config::SetDefault("ns3::SynFinSocket::Timestamp", BooleanValue(false));
    Config::SetDefault("ns3::SynFinSocket::WindowScaling", BooleanValue(false));

    SynFinTopologyHelper builder(SynFinTopologyHelper::Kind::SINGLE, 1);
    builder.SetDropRules(e.drop);
    if (e.reincarnate)
    {
        // Old segments can land in a new connection's window only where data moves faster
        // than the RFC 6528 ISN clock (250,000 a second): here about 3 MB/s, limited by the
        // unscaled 64 KiB window over 20 ms, and the whole megabyte fits in the send buffer.
        SynFinLinkSpec fast;
        fast.rate = "100Mbps";
        builder.SetDefaultLink(fast);
        Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(kIncarnationBytes));
    }
    SynFinTopology topo = builder.Build();
    Ptr<NetDevice> atServer = topo.links[0].serverSide;
    if (!e.duplicate.empty())
    {
        Ptr<SynFinSegmentDelayModel> late = CreateObject<SynFinSegmentDelayModel>();
        late->SetAttribute("Rules", StringValue(e.duplicate));
        // The same-port client's old segments must outlive its previous connection and
        // reach the next one during its pause before writing.
        late->SetAttribute("Delay", TimeValue(MilliSeconds(e.reincarnate ? 1000 : 150)));
        late->SetDevice(atServer);
        atServer->SetAttribute("ReceiveErrorModel", PointerValue(late));
    }

    SynFinWorkloadSpec w;
    w.connections = 1;
    w.requestBytes = 100;
    w.responseBytes = e.responseBytes;
    w.halfClose = e.halfClose;
    w.timeout = Seconds(60);
    SynFinWorkloadHelper apps(w);
    if (e.reincarnate)
    {
        InstallSamePortClient(topo);
    }
    else
    {
        apps.Install(topo);
    }

    SynFinLifecycleRecorder recorder;
    recorder.Attach(topo.Hosts());
    for (const auto& [model, node] : builder.GetDropModels())
    {
        recorder.AttachDropModel(model, node);
    }
    recorder.SetParameter("variant", variant);
    recorder.SetParameter("experiment", e.variant);

    Measured m;
    g_measured = &m;
    for (uint32_t i = 0; i < topo.Hosts().GetN(); ++i)
    {
        Ptr<SynFinL4Protocol> tcp = topo.Hosts().Get(i)->GetObject<SynFinL4Protocol>();
        tcp->TraceConnectWithoutContext("Tx",
                                        MakeBoundCallback(&OnTx, topo.Hosts().Get(i)->GetId()));
        tcp->TraceConnectWithoutContext("Transition", MakeCallback(&OnTransition));
    }
    Simulator::Stop(Seconds(300));
    Simulator::Run();
    if (!e.reincarnate)
    {
        auto server = DynamicCast<SynFinWorkloadServer>(apps.GetServers().Get(0));
        auto client = DynamicCast<SynFinWorkloadClient>(apps.GetClients().Get(0));
        m.accepted = server->GetAccepted();
        m.serverBytes = server->GetBytesReceived();
        m.clientBytes = client->GetBytesReceived();
    }
    std::string error;
    if (!recorder.Write(folder.string(), error))
    {
        std::cerr << "why-three-why-four: " << error << std::endl;
    }
    Simulator::Destroy();
    g_measured = nullptr;
    return m;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string output = "out/why-three-why-four";
    CommandLine cmd(__FILE__);
    cmd.AddValue("output", "Folder for comparison.csv and one recorder folder per run", output);
    cmd.Parse(argc, argv);
    if (!SynFinCommandLine::NoStrayWords("why-three-why-four", cmd))
    {
        return 2;
    }

    const std::vector<Experiment> experiments{
        {"two-way-handshake",
         "old SYN and request delivered again 150 ms later",
         "connections accepted",
         false,
         1000,
         "SYN#1;ACK#1:data",
         "",
         [](const Measured& m) { return m.accepted; }},
        {"two-way-handshake",
         "old SYN and request delivered again 150 ms later",
         "request bytes delivered (100 sent)",
         false,
         1000,
         "SYN#1;ACK#1:data",
         "",
         [](const Measured& m) { return m.serverBytes; }},
        {"two-way-close",
         "half-closed client reads a 20000-byte response",
         "response bytes received (20000 sent)",
         true,
         20000,
         "",
         "",
         [](const Measured& m) { return m.clientBytes; }},
        {"three-way-close",
         "client closes first",
         "server FIN retransmissions",
         false,
         1000,
         "",
         "",
         [](const Measured& m) { return m.finRetx; }},
        {"three-way-close",
         "client closes first",
         "server milliseconds in LAST-ACK",
         false,
         1000,
         "",
         "",
         [](const Measured& m) {
             return static_cast<uint64_t>(std::max(0.0, m.lastAckSeconds) * 1000);
         }},
        {"three-way-close",
         "client closes first",
         "RSTs sent",
         false,
         1000,
         "",
         "",
         [](const Measured& m) { return m.rsts; }},
        {"no-time-wait",
         "client's last ACK lost",
         "RSTs sent",
         false,
         1000,
         "",
         // The handshake's ACK is the first bare one, the ACK of the response's first segment
         // the second (sent at once, as stock acknowledges a connection's first data); the
         // client reads the rest and closes at once, so the ACK of it rides on its FIN and the
         // third bare ACK is the last one.
         "ACK#3:empty",
         [](const Measured& m) { return m.rsts; }},
        {"no-time-wait",
         "same client port again; old data 1 s late",
         "old bytes read on the new connection",
         false,
         0,
         "ACK:data",
         "",
         [](const Measured& m) { return m.staleBytes; },
         true},
        {"no-time-wait",
         "same client port again; old data 1 s late",
         "ms from the client's FIN until the port was free",
         false,
         0,
         "ACK:data",
         "",
         [](const Measured& m) { return static_cast<uint64_t>(m.portWait.GetMilliSeconds()); },
         true},
        {"five-way-close",
         "client closes first",
         "segments from the first FIN on",
         false,
         1000,
         "",
         "",
         [](const Measured& m) { return m.closeSegments; }},
    };

    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec)
    {
        std::cerr << "why-three-why-four: cannot create --output=" << output << ": " << ec.message()
                  << std::endl;
        return 2;
    }
    std::ostringstream csv;
    csv << "variant,scenario,metric,standard,variant_value\n";
    std::cout << std::left << std::setw(19) << "variant" << std::setw(50) << "scenario"
              << std::setw(38) << "metric" << std::right << std::setw(9) << "standard"
              << std::setw(9) << "variant"
              << "\n";
    std::map<std::string, Measured> runs; // each (scenario, table) once
    for (const Experiment& e : experiments)
    {
        std::string key = e.variant + "/" + e.scenario;
        for (const std::string& table : {std::string("standard"), e.variant})
        {
            std::string runKey = key + "/" + table;
            if (!runs.count(runKey))
            {
                // A variant with a second experiment gets a folder of its own for it.
                std::string name = e.variant + (e.reincarnate ? "-port-reuse" : "");
                runs[runKey] = Run(e, table, fs::path(output) / (name + "-" + table));
            }
        }
        uint64_t standard = e.value(runs[key + "/standard"]);
        uint64_t variant = e.value(runs[key + "/" + e.variant]);
        csv << e.variant << "," << e.scenario << "," << e.metric << "," << standard << ","
            << variant << "\n";
        std::cout << std::left << std::setw(19) << e.variant << std::setw(50) << e.scenario
                  << std::setw(38) << e.metric << std::right << std::setw(9) << standard
                  << std::setw(9) << variant << "\n";
    }
    fs::path table = fs::path(output) / "comparison.csv";
    std::ofstream(table.string() + ".partial") << csv.str();
    fs::rename(table.string() + ".partial", table, ec);
    std::cout << "\n"
              << table.string() << "; ladders: synfin-plot ladder " << output
              << "/<variant>-<table>" << std::endl;
    return ec ? 1 : 0;
}
