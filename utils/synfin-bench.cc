/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-bench: short-connection churn through a dumbbell, run on stock ns-3 TCP, on
 * synfin and on UDP (the floor: the same packets between the same nodes with no transport
 * state) in one invocation. Each variant runs in a child process so that its wall time,
 * peak memory and ns-3 global state are its own.
 *
 *   synfin-bench --connections=20000 --clients=8
 */

#include "synfin-cli.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-layout-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"

#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <set>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unordered_map>

using namespace ns3;
namespace po = boost::program_options;
namespace cli = synfin_cli;

namespace
{

/// What one variant measured.
struct Result
{
    double wallSeconds{0};
    uint64_t completed{0};    //!< connections that reached the end of their exchange
    uint64_t packets{0};      //!< packets sent by end hosts (both directions)
    uint64_t peakTimeWait{0}; //!< synfin only: peak TIME-WAIT records on the server
    long peakRssKb{0};        //!< from the child's rusage
};

/// The benchmark's parameters.
struct Params
{
    uint32_t connections{20000};
    uint32_t clients{8};
    uint32_t bytes{100};
    Time interval{MicroSeconds(500)};
    Time msl{Seconds(60)};
    uint32_t seed{1};
    uint32_t run{1};
    /// Packets per connection client->server and server->client for the UDP floor,
    /// taken from the synfin run so the floor carries the same packets.
    uint32_t udpUp{0};
    uint32_t udpDown{0};
    /// --ns3::Type::Attribute=value settings, applied after the benchmark's own defaults.
    std::vector<std::pair<std::string, std::string>> ns3Attributes;
};

/// Churn driver for TCP (stock or synfin): connect, send, and let the server close first.
class TcpChurn
{
  public:
    TcpChurn(const Params& p, NodeContainer clients, Ptr<Node> server, Ipv4Address serverAddr)
        : m_p(p),
          m_clients(clients),
          m_server(server),
          m_serverAddr(serverAddr)
    {
    }

    void Start()
    {
        m_listener = Socket::CreateSocket(m_server, TcpSocketFactory::GetTypeId());
        m_listener->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        m_listener->Listen();
        m_listener->SetAcceptCallback(MakeNullCallback<bool, Ptr<Socket>, const Address&>(),
                                      MakeCallback(&TcpChurn::Accepted, this));
        for (uint32_t i = 0; i < m_p.connections; ++i)
        {
            Simulator::Schedule(m_p.interval * i, &TcpChurn::Open, this, i % m_clients.GetN());
        }
    }

    uint64_t Completed() const
    {
        return m_completed;
    }

  private:
    void Open(uint32_t client)
    {
        Ptr<Socket> s = Socket::CreateSocket(m_clients.Get(client), TcpSocketFactory::GetTypeId());
        s->SetConnectCallback(MakeCallback(&TcpChurn::Connected, this),
                              MakeNullCallback<void, Ptr<Socket>>());
        s->SetCloseCallbacks(MakeCallback(&TcpChurn::ClientPeerClosed, this),
                             MakeNullCallback<void, Ptr<Socket>>());
        s->Connect(InetSocketAddress(m_serverAddr, 80));
    }

    void Connected(Ptr<Socket> s)
    {
        s->Send(Create<Packet>(m_p.bytes));
    }

    void ClientPeerClosed(Ptr<Socket> s)
    {
        ++m_completed;
        s->Close();
    }

    void Accepted(Ptr<Socket> s, const Address&)
    {
        s->SetRecvCallback(MakeCallback(&TcpChurn::ServerRead, this));
    }

    void ServerRead(Ptr<Socket> s)
    {
        uint32_t got = 0;
        while (Ptr<Packet> p = s->Recv())
        {
            if (p->GetSize() == 0)
            {
                break;
            }
            got += p->GetSize();
        }
        if (got > 0)
        {
            s->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
            s->Close(); // the server closes first: TIME-WAIT piles up on the server
        }
    }

    Params m_p;
    NodeContainer m_clients;
    Ptr<Node> m_server;
    Ipv4Address m_serverAddr;
    Ptr<Socket> m_listener;
    uint64_t m_completed{0};
};

/**
 * The floor: the same packets each way per connection over UDP, each "connection" from a
 * fresh client socket (a new ephemeral port, so a new 5-tuple and a new demux entry, as a
 * TCP connection has), closed when the server's last datagram is in. Datagrams are padded
 * by the 12 bytes a TCP header has over a UDP one, so the bytes on the wire match too.
 */
class UdpChurn
{
  public:
    /// Bytes a 20-byte TCP header carries beyond an 8-byte UDP header.
    static constexpr uint32_t kHeaderPadding = 12;

    UdpChurn(const Params& p, NodeContainer clients, Ptr<Node> server, Ipv4Address serverAddr)
        : m_p(p),
          m_clients(clients),
          m_server(server),
          m_serverAddr(serverAddr)
    {
    }

    void Start()
    {
        m_serverSocket = Socket::CreateSocket(m_server, UdpSocketFactory::GetTypeId());
        m_serverSocket->Bind(InetSocketAddress(Ipv4Address::GetAny(), 80));
        m_serverSocket->SetRecvCallback(MakeCallback(&UdpChurn::ServerRead, this));
        for (uint32_t i = 0; i < m_p.connections; ++i)
        {
            Simulator::Schedule(m_p.interval * i, &UdpChurn::Open, this, i % m_clients.GetN());
        }
    }

    uint64_t Completed() const
    {
        return m_completed;
    }

  private:
    void Open(uint32_t client)
    {
        Ptr<Socket> s = Socket::CreateSocket(m_clients.Get(client), UdpSocketFactory::GetTypeId());
        s->Bind();
        s->SetRecvCallback(MakeCallback(&UdpChurn::ClientRead, this));
        m_received[PeekPointer(s)] = {s, 0};
        // The first datagram carries the payload, the rest are header-sized like TCP's
        // control segments.
        for (uint32_t k = 0; k < m_p.udpUp; ++k)
        {
            uint32_t size = kHeaderPadding + (k == 0 ? m_p.bytes : 0);
            s->SendTo(Create<Packet>(size), 0, InetSocketAddress(m_serverAddr, 80));
        }
    }

    void ServerRead(Ptr<Socket> s)
    {
        Address from;
        while (Ptr<Packet> p = s->RecvFrom(from))
        {
            if (p->GetSize() > kHeaderPadding)
            {
                for (uint32_t k = 0; k < m_p.udpDown; ++k)
                {
                    s->SendTo(Create<Packet>(kHeaderPadding), 0, from);
                }
            }
        }
    }

    void ClientRead(Ptr<Socket> s)
    {
        auto it = m_received.find(PeekPointer(s));
        while (s->Recv())
        {
            if (it != m_received.end() && ++it->second.second == m_p.udpDown)
            {
                ++m_completed;
                s->Close();
                m_received.erase(it);
                return;
            }
        }
    }

    Params m_p;
    NodeContainer m_clients;
    Ptr<Node> m_server;
    Ipv4Address m_serverAddr;
    Ptr<Socket> m_serverSocket;
    /// Open client sockets and the datagrams each has received.
    std::unordered_map<Socket*, std::pair<Ptr<Socket>, uint32_t>> m_received;
    uint64_t m_completed{0};
};

/// Count packets leaving end hosts.
void
CountTx(uint64_t* counter, const Ipv4Header&, Ptr<const Packet>, uint32_t)
{
    ++*counter;
}

/// Build the dumbbell, run one variant, return what it measured.
Result
RunVariant(const std::string& variant, const Params& p)
{
    RngSeedManager::SetSeed(p.seed);
    RngSeedManager::SetRun(p.run);
    Config::SetDefault("ns3::TcpSocketBase::MaxSegLifetime", DoubleValue(p.msl.GetSeconds()));
    Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(p.msl));
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", StringValue("ns3::TcpNewReno"));
    cli::ApplyNs3Attributes(p.ns3Attributes); // --ns3:: wins over the defaults above

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    access.SetChannelAttribute("Delay", StringValue("1ms"));
    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
    bottleneck.SetChannelAttribute("Delay", StringValue("5ms"));
    PointToPointDumbbellHelper dumbbell(p.clients, access, 1, access, bottleneck);

    NodeContainer all;
    for (uint32_t i = 0; i < p.clients; ++i)
    {
        all.Add(dumbbell.GetLeft(i));
    }
    all.Add(dumbbell.GetLeft());
    all.Add(dumbbell.GetRight());
    all.Add(dumbbell.GetRight(0));
    SynFinStackHelper stack;
    if (variant == "synfin")
    {
        stack.Install(all);
    }
    else
    {
        stack.InstallStock(all);
    }
    dumbbell.AssignIpv4Addresses(Ipv4AddressHelper("10.1.0.0", "255.255.255.0"),
                                 Ipv4AddressHelper("10.2.0.0", "255.255.255.0"),
                                 Ipv4AddressHelper("10.3.0.0", "255.255.255.0"));
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    NodeContainer clients;
    for (uint32_t i = 0; i < p.clients; ++i)
    {
        clients.Add(dumbbell.GetLeft(i));
    }
    Ptr<Node> server = dumbbell.GetRight(0);
    Ipv4Address serverAddr = dumbbell.GetRightIpv4Address(0);

    uint64_t packets = 0;
    NodeContainer hosts(clients, NodeContainer(server));
    for (uint32_t i = 0; i < hosts.GetN(); ++i)
    {
        hosts.Get(i)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
            "SendOutgoing",
            MakeBoundCallback(&CountTx, &packets));
    }

    Result r;
    std::unique_ptr<TcpChurn> tcp;
    std::unique_ptr<UdpChurn> udp;
    if (variant == "udp")
    {
        udp = std::make_unique<UdpChurn>(p, clients, server, serverAddr);
        udp->Start();
    }
    else
    {
        tcp = std::make_unique<TcpChurn>(p, clients, server, serverAddr);
        tcp->Start();
    }
    Simulator::Stop(p.interval * p.connections + Seconds(5));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    r.wallSeconds = std::chrono::duration<double>(t1 - t0).count();
    r.completed = udp ? udp->Completed() : tcp->Completed();
    r.packets = packets;
    if (variant == "synfin")
    {
        r.peakTimeWait = server->GetObject<SynFinL4Protocol>()->GetTimeWaitTable().Peak();
    }
    Simulator::Destroy();
    return r;
}

/// Run a variant in a child process; parse its result line.
Result
RunIsolated(const std::string& variant, const Params& p)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        std::perror("synfin-bench: pipe");
        std::exit(1);
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        Result r = RunVariant(variant, p);
        std::ostringstream os;
        os << std::setprecision(17) << r.wallSeconds << ' ' << r.completed << ' ' << r.packets
           << ' ' << r.peakTimeWait << '\n';
        std::string line = os.str();
        ssize_t ignored = write(fds[1], line.data(), line.size());
        (void)ignored;
        close(fds[1]);
        _exit(0);
    }
    close(fds[1]);
    std::string line;
    char buf[256];
    ssize_t n;
    while ((n = read(fds[0], buf, sizeof(buf))) > 0)
    {
        line.append(buf, n);
    }
    close(fds[0]);
    int status = 0;
    struct rusage usage;
    wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || line.empty())
    {
        std::cerr << "synfin-bench: the " << variant << " run failed" << std::endl;
        std::exit(1);
    }
    Result r;
    std::istringstream is(line);
    is >> r.wallSeconds >> r.completed >> r.packets >> r.peakTimeWait;
    r.peakRssKb = usage.ru_maxrss;
    return r;
}

} // namespace

int
main(int argc, char* argv[])
{
    Params p;
    std::string connections = std::to_string(p.connections);
    std::string clients = std::to_string(p.clients);
    std::string bytes = std::to_string(p.bytes);
    std::string interval = "500us";
    std::string msl = "60s";
    std::string seed = "1";
    std::string run = "1";
    std::string only;
    std::string variants = "stock,synfin,udp";
    std::string repeat = "1";
    std::string csv;
    po::options_description opts("synfin-bench: short-connection churn, stock TCP vs synfin vs "
                                 "UDP floor");
    opts.add_options()("help,h", "show this help")(
        "connections",
        po::value(&connections)->default_value(connections),
        "connections to open, 1 to 100000000 (each: connect, send, server closes, client "
        "closes)")("clients",
                   po::value(&clients)->default_value(clients),
                   "client nodes on the left of the dumbbell, 1 to 1000")(
        "bytes",
        po::value(&bytes)->default_value(bytes),
        "bytes the client sends per connection, 1 to 1000000")(
        "interval",
        po::value(&interval)->default_value(interval),
        "time between connection starts (ns-3 time, e.g. 500us)")(
        "msl",
        po::value(&msl)->default_value(msl),
        "maximum segment lifetime for both TCPs (TIME-WAIT is 2*msl)")(
        "seed",
        po::value(&seed)->default_value(seed),
        "ns-3 RNG seed")("run", po::value(&run)->default_value(run), "ns-3 run")(
        "variants",
        po::value<std::string>(&variants)->default_value(variants),
        "variants to run, each in its own process: stock, synfin, udp, comma-separated "
        "(stock ns-3 TCP slows down with the connections it has seen: leave it out for "
        "runs of 100000 and more)")(
        "repeat",
        po::value(&repeat)->default_value(repeat),
        "runs of each variant, 1 to 100, interleaved; the fastest of each is reported (on a "
        "shared or virtual machine wall time varies from run to run)")(
        "only",
        po::value<std::string>(&only),
        "run one variant in this process (stock, synfin or udp), e.g. under perf")(
        "csv",
        po::value<std::string>(&csv),
        "also write the table to this CSV file (written whole, or not at all)")(
        "ns3::Type::Attribute=value",
        "any ns-3 attribute default; --PrintAttributes=TYPE lists a type's");
    po::variables_map vm;
    std::vector<std::pair<std::string, std::string>> ns3Attributes;
    int exitCode = 0;
    if (!cli::ParseCommandLine("synfin-bench", argc, argv, opts, vm, ns3Attributes, exitCode))
    {
        return exitCode;
    }
    p.ns3Attributes = ns3Attributes;
    uint32_t rounds = 1;
    try
    {
        p.connections = static_cast<uint32_t>(cli::Count("connections", connections, 1, 100000000));
        p.clients = static_cast<uint32_t>(cli::Count("clients", clients, 1, 1000));
        p.bytes = static_cast<uint32_t>(cli::Count("bytes", bytes, 1, 1000000));
        p.interval = cli::Time("interval", interval, true);
        p.msl = cli::Time("msl", msl, true);
        p.seed = static_cast<uint32_t>(cli::Count("seed", seed, 1, UINT32_MAX));
        p.run = static_cast<uint32_t>(cli::Count("run", run, 0, UINT32_MAX));
        rounds = static_cast<uint32_t>(cli::Count("repeat", repeat, 1, 100));
        if (!csv.empty() && !std::ofstream(csv + ".partial"))
        {
            throw cli::BadInput("--csv=" + csv + ": cannot write this file");
        }
        std::remove((csv + ".partial").c_str());
    }
    catch (const cli::BadInput& e)
    {
        return cli::Fail("synfin-bench", e.what());
    }

    if (!only.empty())
    {
        if (only != "stock" && only != "synfin" && only != "udp")
        {
            std::cerr << "synfin-bench: --only=" << only
                      << " is not a variant; allowed: stock, synfin, udp" << std::endl;
            return 2;
        }
        p.udpUp = 4; // the packet profile synfin's churn produces: 4 each way
        p.udpDown = 4;
        Result r = RunVariant(only, p);
        std::cout << only << ": " << r.completed << " connections in " << r.wallSeconds
                  << " s wall, " << r.completed / std::max(1e-9, r.wallSeconds) << " conn/wall-s"
                  << std::endl;
        return 0;
    }

    std::set<std::string> chosen;
    {
        std::istringstream list(variants);
        std::string name;
        while (std::getline(list, name, ','))
        {
            if (name != "stock" && name != "synfin" && name != "udp")
            {
                std::cerr << "synfin-bench: --variants=" << variants << ": '" << name
                          << "' is not a variant; allowed: stock, synfin, udp" << std::endl;
                return 2;
            }
            chosen.insert(name);
        }
        if (chosen.empty())
        {
            std::cerr << "synfin-bench: --variants is empty; allowed: stock, synfin, udp"
                      << std::endl;
            return 2;
        }
    }
    Result stock;
    Result synfin;
    Result udp;
    // Keep the fastest run of a variant (its peak memory is the largest seen).
    auto keep = [](Result& best, const Result& r, uint32_t round) {
        long rss = std::max(best.peakRssKb, r.peakRssKb);
        if (round == 0 || r.wallSeconds < best.wallSeconds)
        {
            best = r;
        }
        best.peakRssKb = rss;
    };
    p.udpUp = 4; // synfin's churn profile, unless synfin runs and says otherwise
    p.udpDown = 4;
    for (uint32_t round = 0; round < rounds; ++round)
    {
        if (chosen.count("stock"))
        {
            keep(stock, RunIsolated("stock", p), round);
        }
        if (chosen.count("synfin"))
        {
            keep(synfin, RunIsolated("synfin", p), round);
            // The floor carries what synfin carried: its packets per connection each way.
            double perConn =
                static_cast<double>(synfin.packets) / std::max<uint64_t>(1, synfin.completed);
            p.udpUp = static_cast<uint32_t>(perConn / 2 + 0.5);
            p.udpDown = std::max<uint32_t>(1, static_cast<uint32_t>(perConn + 0.5) - p.udpUp);
        }
        if (chosen.count("udp"))
        {
            keep(udp, RunIsolated("udp", p), round);
        }
    }

    auto rate = [](const Result& r) { return r.completed / std::max(1e-9, r.wallSeconds); };
    auto perConnPkts = [](const Result& r) {
        return static_cast<double>(r.packets) / std::max<uint64_t>(1, r.completed);
    };
    std::cout << std::fixed << std::setprecision(2);
    std::cout << "synfin-bench: " << p.connections << " connections, " << p.clients << " clients, "
              << p.bytes << " bytes each, one every " << interval << ", msl " << msl
              << ", fastest of " << rounds << " run(s) each\n";
    std::cout << std::left << std::setw(8) << "variant" << std::right << std::setw(12)
              << "completed" << std::setw(12) << "wall s" << std::setw(14) << "conn/wall-s"
              << std::setw(12) << "pkts/conn" << std::setw(14) << "peak RSS MB"
              << "\n";
    for (auto [name, r] :
         {std::pair<const char*, Result>{"stock", stock}, {"synfin", synfin}, {"udp", udp}})
    {
        if (!chosen.count(name))
        {
            continue;
        }
        std::cout << std::left << std::setw(8) << name << std::right << std::setw(12) << r.completed
                  << std::setw(12) << r.wallSeconds << std::setw(14) << rate(r) << std::setw(12)
                  << perConnPkts(r) << std::setw(14) << r.peakRssKb / 1024.0 << "\n";
    }
    // Ratios only between variants of this run.
    const bool haveStock = chosen.count("stock");
    const bool haveSynfin = chosen.count("synfin");
    const bool haveUdp = chosen.count("udp");
    if (haveSynfin && haveStock)
    {
        std::cout << "synfin / stock speed:  " << rate(synfin) / std::max(1e-9, rate(stock))
                  << "x\n";
    }
    if (haveSynfin && haveUdp)
    {
        std::cout << "synfin / floor speed:  " << 100.0 * rate(synfin) / std::max(1e-9, rate(udp))
                  << "% of UDP\n";
    }
    if (haveStock && haveUdp)
    {
        std::cout << "stock  / floor speed:  " << 100.0 * rate(stock) / std::max(1e-9, rate(udp))
                  << "% of UDP\n";
    }
    if (!csv.empty())
    {
        std::ostringstream table;
        table << "variant,connections,completed,wall_s,conn_per_wall_s,pkts_per_conn,"
                 "peak_rss_mb,peak_time_wait\n";
        for (auto [name, r] :
             {std::pair<const char*, Result>{"stock", stock}, {"synfin", synfin}, {"udp", udp}})
        {
            if (chosen.count(name))
            {
                table << name << "," << p.connections << "," << r.completed << "," << r.wallSeconds
                      << "," << rate(r) << "," << perConnPkts(r) << "," << r.peakRssKb / 1024.0
                      << "," << r.peakTimeWait << "\n";
            }
        }
        std::string partial = csv + ".partial";
        std::ofstream out(partial);
        out << table.str();
        out.close();
        if (!out || std::rename(partial.c_str(), csv.c_str()) != 0)
        {
            std::remove(partial.c_str());
            return cli::Fail("synfin-bench", "--csv=" + csv + ": cannot write this file", 1);
        }
    }
    if (haveSynfin)
    {
        std::cout << "peak TIME-WAIT records (synfin server): " << synfin.peakTimeWait << "\n";
        std::cout << "bytes per TIME-WAIT record (record + hash node + heap entry): "
                  << SynFinTimeWaitTable::BytesPerRecord() << "\n";
    }
    return 0;
}
