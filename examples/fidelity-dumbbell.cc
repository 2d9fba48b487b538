/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One run of the fidelity comparison: the same dumbbell, the same applications, the same
 * congestion control, loss and random numbers, with either stock ns-3 TCP or synfin's as the
 * hosts' TCP. utils/fidelity-table.py runs it for both stacks over many runs and compares.
 *
 *   left1 --+                                    +-- right1
 *   left2 --+-- routerL ==== bottleneck ==== routerR --+-- right2
 *   ...     +                                    +   ...
 *
 * Access links: 100 Mb/s, 1 ms. Bottleneck: 10 Mb/s, 20 ms, a DropTail queue of 50 packets in
 * each direction (about 1.3 bandwidth-delay products: the base RTT is 44 ms, so one NewReno
 * flow keeps the link busy after it halves its window). No queue disc: the device's queue is
 * the only one, so what is measured is the TCP, not an AQM. --loss drops packets of the data
 * direction (routerL to routerR) at random where they arrive at routerR.
 *
 * Workloads, with ns-3's own applications on both stacks (BulkSendApplication, PacketSink):
 *   short  --flows flows of --flowBytes bytes each (50 kB: 35 segments, through slow start
 *          in a few RTTs, with room for a loss and its recovery), leftK to rightK with K the
 *          flow number modulo --hosts, arriving as a Poisson process whose rate offers
 *          --load of the bottleneck's rate in payload. Each flow has a sink of its own.
 *          Measured per flow: the flow completion time, from the sending application's
 *          start to the arrival of the flow's last byte at its sink, and the flow's goodput
 *          (its bytes over that time).
 *   bulk   one flow from left1 to right1 for --duration (60 s). Measured: the goodput, the
 *          bytes delivered to the sink over the duration.
 *
 * The CSV (--out, else stdout; columns in doc/synfin.rst, "Fidelity against stock ns-3 TCP")
 * has one row per flow. The same options, --seed and --run give a byte-identical CSV: the
 * arrivals, the loss and both stacks draw from fixed random streams.
 *
 *   ./fidelity-dumbbell --stack=stock --workload=short --out=stock.csv
 *   ./fidelity-dumbbell --stack=synfin --workload=bulk --cc=TcpCubic --loss=0.01 --run=3
 */

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"
#include "ns3/traffic-control-module.h"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;

namespace
{

namespace fs = std::filesystem;

const char* const kProgram = "fidelity-dumbbell";

/// The CSV's header; doc/synfin.rst explains each column.
const char* const kHeader = "stack,workload,cc,cc_applied,loss,seed,run,flow,size_bytes,rx_bytes,"
                            "start_s,end_s,fct_s,goodput_bps";

// Fixed random streams: a run's draws depend on the seed and run number only, and the
// arrivals and the loss are drawn alike whichever stack runs.
const int64_t kArrivalStream = 0; //!< the short flows' arrival gaps
const int64_t kLossStream = 1;    //!< the bottleneck's error model
const int64_t kStackStreams = 16; //!< the first of the stacks' streams (ISNs, routing, ...)

/// The first sink port on each right host; a host's flows take the ports from here up.
const uint16_t kFirstPort = 10000;

/// The options of one run, checked.
struct Options
{
    std::string stack;          //!< "stock" or "synfin"
    std::string workload;       //!< "short" or "bulk"
    uint64_t flows{1000};       //!< short flows
    uint64_t flowBytes{50000};  //!< bytes of each short flow
    double load{0.6};           //!< offered payload load of the short flows
    Time duration;              //!< length of the bulk flow
    Time drain;                 //!< how long a short run goes on after the last start
    std::string cc;             //!< congestion control, without "ns3::"
    TypeId ccTid;               //!< its TypeId
    std::string lossText;       //!< --loss as the CSV writes it
    double loss{0};             //!< packet error rate of the bottleneck's data direction
    uint64_t seed{1};           //!< RngSeedManager seed
    uint64_t run{1};            //!< RngSeedManager run
    uint64_t segmentSize{1448}; //!< ns3::TcpSocket::SegmentSize
    bool sack{true};            //!< ns3::TcpSocketBase::Sack on both stacks
    std::string cwndTrace;      //!< bulk: file for the sender's cwnd and ssthresh over time
    uint64_t hosts{10};         //!< hosts on each side
    DataRate bottleneckRate;    //!< bottleneck rate
    Time bottleneckDelay;       //!< bottleneck one-way delay
    DataRate accessRate;        //!< access links' rate
    Time accessDelay;           //!< access links' one-way delay
    uint64_t queuePackets{50};  //!< bottleneck queue, each direction
    std::string out;            //!< CSV path; empty: stdout
};

/// One flow's measurements.
struct FlowRecord
{
    uint32_t index{0};             //!< flow number, from 0
    uint64_t size{0};              //!< bytes to deliver; 0 for the bulk flow (unlimited)
    Time start;                    //!< the sending application's start
    uint64_t rx{0};                //!< bytes delivered to its sink so far
    bool done{false};              //!< all of size delivered
    Time end;                      //!< when the last byte arrived (if done)
    uint64_t* unfinished{nullptr}; //!< short flows not done yet, shared by all
};

/**
 * \brief PacketSink "Rx": count the bytes delivered to a flow's sink; a short flow is done
 *        when the last of its bytes arrives, and the run stops when every flow is done.
 * \param flow the flow
 * \param packet the bytes the sink read
 */
void
OnSinkRx(FlowRecord* flow, Ptr<const Packet> packet, const Address& /* from */)
{
    flow->rx += packet->GetSize();
    if (flow->size > 0 && !flow->done && flow->rx >= flow->size)
    {
        flow->done = true;
        flow->end = Simulator::Now();
        if (--*flow->unfinished == 0)
        {
            // Nothing else is measured: the closes and TIME-WAIT that follow need not run.
            Simulator::Stop();
        }
    }
}

/// \return \p ns nanoseconds as seconds with nine decimals, exactly ("12.000450000")
std::string
FormatSeconds(int64_t ns)
{
    std::ostringstream out;
    out << ns / 1000000000 << "." << std::setw(9) << std::setfill('0') << ns % 1000000000;
    return out.str();
}

/// \return \p bytes over \p ns nanoseconds in bits per second, with three decimals
std::string
FormatRate(uint64_t bytes, int64_t ns)
{
    std::ostringstream out;
    out << std::fixed << std::setprecision(3)
        << static_cast<double>(bytes) * 8.0 * 1e9 / static_cast<double>(ns);
    return out.str();
}

/**
 * \param tid a TypeId
 * \return true if it makes a congestion control. Its TypeId's parents say so, except where
 *         they are wrong: ns-3.37's TcpCubic names TcpSocketBase as its parent, so the
 *         subclasses of TcpSocketBase are checked on an instance.
 */
bool
IsCongestionControl(TypeId tid)
{
    TypeId base = TcpCongestionOps::GetTypeId();
    if (!tid.HasConstructor() || tid == base)
    {
        return false;
    }
    if (tid.IsChildOf(base))
    {
        return true;
    }
    if (!tid.IsChildOf(TcpSocketBase::GetTypeId()))
    {
        return false;
    }
    ObjectFactory factory;
    factory.SetTypeId(tid);
    return DynamicCast<TcpCongestionOps>(factory.Create()) != nullptr;
}

/// \return the congestion controls this ns-3 has, short names
std::vector<std::string>
CongestionControls()
{
    std::vector<std::string> names;
    for (uint16_t i = 0; i < TypeId::GetRegisteredN(); ++i)
    {
        TypeId tid = TypeId::GetRegistered(i);
        if (IsCongestionControl(tid))
        {
            std::string name = tid.GetName();
            names.push_back(name.rfind("ns3::", 0) == 0 ? name.substr(5) : name);
        }
    }
    std::sort(names.begin(), names.end());
    return names;
}

/// \return \p items joined by ", "
std::string
Join(const std::vector<std::string>& items)
{
    std::string all;
    for (const std::string& item : items)
    {
        all += (all.empty() ? "" : ", ") + item;
    }
    return all;
}

/// Print "fidelity-dumbbell: --name=value: reason" and return false.
bool
Bad(const std::string& name, const std::string& value, const std::string& reason)
{
    std::cerr << kProgram << ": --" << name << "=" << value << ": " << reason << std::endl;
    return false;
}

/// Read a whole-number option in [min, max]; false (after a message) if it is not one.
bool
ReadCount(const std::string& name,
          const std::string& text,
          uint64_t min,
          uint64_t max,
          uint64_t& out)
{
    std::string error;
    return SynFinValueParse::Count(text, min, max, out, error) || Bad(name, text, error);
}

/// Read a rate option; false (after a message) if it is not one.
bool
ReadRate(const std::string& name, const std::string& text, DataRate& out)
{
    std::string error;
    return SynFinValueParse::Rate(text, out, error) || Bad(name, text, error);
}

/// Read a fraction option in (0, 1] (\p zeroAllowed: [0, 1)); false after a message.
bool
ReadFraction(const std::string& name, const std::string& text, bool zeroAllowed, double& out)
{
    std::string error;
    if (!SynFinValueParse::Probability(text, out, error))
    {
        return Bad(name, text, error);
    }
    if (!zeroAllowed && out == 0)
    {
        return Bad(name, text, "must be above 0");
    }
    if (zeroAllowed && out == 1)
    {
        // Every data segment lost: no flow could complete.
        return Bad(name, text, "must be below 1");
    }
    return true;
}

/**
 * \brief Configure TCP for both stacks alike: the congestion control, the segment size,
 *        SACK. ns3::TcpL4Protocol::SocketType is the stock setting synfin follows too;
 *        ns3::SynFinL4Protocol::SocketType is set as well where synfin has it.
 */
void
ConfigureTcp(const Options& o)
{
    Config::SetDefault("ns3::TcpL4Protocol::SocketType", TypeIdValue(o.ccTid));
    TypeId synfinL4;
    TypeId::AttributeInformation info;
    if (TypeId::LookupByNameFailSafe("ns3::SynFinL4Protocol", &synfinL4) &&
        synfinL4.LookupAttributeByName("SocketType", &info))
    {
        Config::SetDefault("ns3::SynFinL4Protocol::SocketType", TypeIdValue(o.ccTid));
    }
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(o.segmentSize));
    Config::SetDefault("ns3::TcpSocketBase::Sack", BooleanValue(o.sack));
}

/**
 * \return false if synfin said it did not apply the congestion control asked for (it warns
 *         on stderr and lists the setting as not applied); stock always applies it
 */
bool
CcApplied(const Options& o)
{
    if (o.stack != "synfin")
    {
        return true;
    }
    for (const SynFinStockSetting& s : SynFinStockAttributes::GetNotApplied())
    {
        if (s.name.size() >= 12 && s.name.compare(s.name.size() - 12, 12, "::SocketType") == 0)
        {
            return false;
        }
    }
    return true;
}

/// Packets the bottleneck's forward queue dropped and accepted, for the summary line.
uint64_t g_bottleneckDrops = 0;
uint64_t g_bottleneckEnqueues = 0; //!< \copydoc g_bottleneckDrops

/// Count one bottleneck drop. \param packet the dropped packet
void
CountBottleneckDrop(Ptr<const Packet> /* packet */)
{
    ++g_bottleneckDrops;
}

/// Count one bottleneck enqueue. \param packet the queued packet
void
CountBottleneckEnqueue(Ptr<const Packet> /* packet */)
{
    ++g_bottleneckEnqueues;
}

/// The dumbbell's hosts and the addresses of the right-hand ones.
struct Dumbbell
{
    NodeContainer left;                    //!< senders
    NodeContainer right;                   //!< receivers
    std::vector<Ipv4Address> rightAddress; //!< each right host's address
};

/**
 * \brief Build the dumbbell with the chosen stack on every node.
 * \param o the options
 * \return the hosts
 */
Dumbbell
BuildDumbbell(const Options& o)
{
    Dumbbell d;
    NodeContainer routers;
    d.left.Create(o.hosts);
    d.right.Create(o.hosts);
    routers.Create(2);
    NodeContainer all(d.left, routers, d.right);

    if (o.stack == "synfin")
    {
        SynFinStackHelper stack;
        stack.Install(all);
    }
    else
    {
        // IPv4 only, as synfin's stack: the same layers under TCP on both sides.
        InternetStackHelper stack;
        stack.SetIpv6StackInstall(false);
        stack.Install(all);
    }

    PointToPointHelper access;
    access.SetDeviceAttribute("DataRate", DataRateValue(o.accessRate));
    access.SetChannelAttribute("Delay", TimeValue(o.accessDelay));
    PointToPointHelper bottleneck;
    bottleneck.SetDeviceAttribute("DataRate", DataRateValue(o.bottleneckRate));
    bottleneck.SetChannelAttribute("Delay", TimeValue(o.bottleneckDelay));
    bottleneck.SetQueue("ns3::DropTailQueue<Packet>",
                        "MaxSize",
                        QueueSizeValue(QueueSize(QueueSizeUnit::PACKETS, o.queuePackets)));

    Ipv4AddressHelper address;
    TrafficControlHelper tc;
    // Ipv4AddressHelper puts ns-3's default queue disc on every device it numbers; removing
    // it leaves the devices' DropTail queues as the only queues.
    auto number = [&](NetDeviceContainer devices, const std::string& subnet) {
        address.SetBase(subnet.c_str(), "255.255.255.0");
        Ipv4InterfaceContainer interfaces = address.Assign(devices);
        tc.Uninstall(devices);
        return interfaces;
    };
    NetDeviceContainer core = bottleneck.Install(routers.Get(0), routers.Get(1));
    number(core, "10.0.0.0");
    Ptr<Queue<Packet>> forward = DynamicCast<PointToPointNetDevice>(core.Get(0))->GetQueue();
    forward->TraceConnectWithoutContext("Drop", MakeCallback(&CountBottleneckDrop));
    // With no queue disc, ns-3's traffic control layer drops what arrives while the device's
    // queue is stopped (full) before the queue sees it; those drops are the bottleneck's too.
    bool tcConnected = routers.Get(0)->GetObject<TrafficControlLayer>()->TraceConnectWithoutContext(
        "TcDrop",
        MakeCallback(&CountBottleneckDrop));
    NS_ABORT_MSG_UNLESS(tcConnected, "no TcDrop trace on the bottleneck router");
    forward->TraceConnectWithoutContext("Enqueue", MakeCallback(&CountBottleneckEnqueue));
    Ptr<RateErrorModel> loss = CreateObject<RateErrorModel>();
    loss->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
    loss->SetAttribute("ErrorRate", DoubleValue(o.loss));
    loss->AssignStreams(kLossStream);
    core.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(loss));

    for (uint32_t i = 0; i < o.hosts; ++i)
    {
        // 10.1.i.0 on the left, 10.2.i.0 on the right (--hosts is at most 250).
        number(access.Install(d.left.Get(i), routers.Get(0)), "10.1." + std::to_string(i) + ".0");
        Ipv4InterfaceContainer r = number(access.Install(routers.Get(1), d.right.Get(i)),
                                          "10.2." + std::to_string(i) + ".0");
        d.rightAddress.push_back(r.GetAddress(1));
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    if (o.stack == "synfin")
    {
        SynFinStackHelper::AssignStreams(all, kStackStreams);
    }
    else
    {
        InternetStackHelper stack;
        stack.AssignStreams(all, kStackStreams);
    }
    return d;
}

/**
 * \brief Give flow \p flow a sink on its right host and a sender on its left host.
 * \param d the dumbbell
 * \param flow the flow; its start and size are set
 * \param segmentSize the bytes BulkSend writes at a time
 */
void
InstallFlow(const Dumbbell& d, FlowRecord& flow, uint64_t segmentSize)
{
    uint32_t host = flow.index % d.left.GetN();
    uint16_t port = kFirstPort + flow.index / d.left.GetN();

    PacketSinkHelper sinkHelper("ns3::TcpSocketFactory",
                                InetSocketAddress(Ipv4Address::GetAny(), port));
    ApplicationContainer sink = sinkHelper.Install(d.right.Get(host));
    sink.Start(Seconds(0));
    sink.Get(0)->TraceConnectWithoutContext("Rx", MakeBoundCallback(&OnSinkRx, &flow));

    BulkSendHelper sender("ns3::TcpSocketFactory", InetSocketAddress(d.rightAddress[host], port));
    sender.SetAttribute("MaxBytes", UintegerValue(flow.size));
    sender.SetAttribute("SendSize", UintegerValue(segmentSize));
    ApplicationContainer app = sender.Install(d.left.Get(host));
    app.Start(flow.start);
}

bool WriteAtomically(const fs::path& path, const std::string& text);

/**
 * \brief Record a window trace as CSV rows.
 * \param out the rows
 * \param what "cwnd", "ssthresh" or "inflight"
 * \param now the new value
 */
void
RecordWindow(std::ostringstream* out, const char* what, uint32_t, uint32_t now)
{
    *out << FormatSeconds(Simulator::Now().GetNanoSeconds()) << "," << what << "," << now << "\n";
}

/// The highest sequence number a traced sender has sent, to tell retransmissions.
SequenceNumber32 g_highestSent;

/**
 * \brief Record a retransmitted data segment as a CSV row (its sequence number as "bytes").
 * \param out the rows
 * \param p the payload
 * \param h the header
 * \tparam SocketType the socket class whose Tx trace calls it
 */
template <typename SocketType>
void
RecordRetransmission(std::ostringstream* out,
                     Ptr<const Packet> p,
                     const TcpHeader& h,
                     Ptr<const SocketType>)
{
    SequenceNumber32 end = h.GetSequenceNumber() + p->GetSize();
    static bool started = false;
    if (p->GetSize() > 0 && started && end <= g_highestSent)
    {
        *out << FormatSeconds(Simulator::Now().GetNanoSeconds()) << ",retransmission,"
             << h.GetSequenceNumber().GetValue() << "\n";
    }
    g_highestSent = started ? std::max(g_highestSent, end) : end;
    started = true;
}

/**
 * \brief Connect a node's first socket's CongestionWindow and SlowStartThreshold traces,
 *        through the Config path of whichever TCP the node has.
 * \param node the node's id
 * \param out the rows
 */
void
ConnectWindowTraces(uint32_t node, std::ostringstream& out)
{
    // One path per node: on a synfin node `$ns3::TcpL4Protocol` reaches synfin's sockets too,
    // and connecting through both would record every change twice.
    bool synfin = NodeList::GetNode(node)->GetObject<SynFinL4Protocol>() != nullptr;
    std::string base = "/NodeList/" + std::to_string(node) + "/$" +
                       (synfin ? "ns3::SynFinL4Protocol" : "ns3::TcpL4Protocol") + "/SocketList/0/";
    Config::ConnectWithoutContext(base + "CongestionWindow",
                                  MakeBoundCallback(&RecordWindow, &out, "cwnd"));
    Config::ConnectWithoutContext(base + "SlowStartThreshold",
                                  MakeBoundCallback(&RecordWindow, &out, "ssthresh"));
    Config::ConnectWithoutContext(base + "BytesInFlight",
                                  MakeBoundCallback(&RecordWindow, &out, "inflight"));
    // The Tx traces differ in their socket argument.
    if (synfin)
    {
        Config::ConnectWithoutContext(base + "Tx",
                                      MakeBoundCallback(&RecordRetransmission<SynFinSocket>, &out));
    }
    else
    {
        Config::ConnectWithoutContext(
            base + "Tx",
            MakeBoundCallback(&RecordRetransmission<TcpSocketBase>, &out));
    }
}

/**
 * \brief Build the run and simulate it.
 * \param o the options
 * \param flows receives the flows, measured
 * \return false if the window trace could not be written
 */
bool
Simulate(const Options& o, std::vector<FlowRecord>& flows)
{
    RngSeedManager::SetSeed(static_cast<uint32_t>(o.seed));
    RngSeedManager::SetRun(o.run);
    ConfigureTcp(o);
    Dumbbell d = BuildDumbbell(o);

    // The records must not move once the sinks' traces point at them.
    uint64_t unfinished = 0;
    flows.clear();
    std::ostringstream cwnd;
    if (o.workload == "bulk")
    {
        flows.resize(1);
        flows[0].unfinished = &unfinished;
        InstallFlow(d, flows[0], o.segmentSize);
        Simulator::Stop(o.duration);
        if (!o.cwndTrace.empty())
        {
            // The sender's socket exists once its application has started.
            uint32_t sender = d.left.Get(0)->GetId();
            Simulator::Schedule(flows[0].start + NanoSeconds(1),
                                [sender, &cwnd]() { ConnectWindowTraces(sender, cwnd); });
        }
    }
    else
    {
        flows.resize(o.flows);
        unfinished = o.flows;
        // Poisson arrivals: exponential gaps whose mean makes the offered payload --load
        // of the bottleneck's rate.
        double perSecond = o.load * static_cast<double>(o.bottleneckRate.GetBitRate()) /
                           (8.0 * static_cast<double>(o.flowBytes));
        Ptr<ExponentialRandomVariable> gap = CreateObject<ExponentialRandomVariable>();
        gap->SetAttribute("Mean", DoubleValue(1.0 / perSecond));
        gap->SetStream(kArrivalStream);
        Time at;
        for (uint32_t i = 0; i < o.flows; ++i)
        {
            at += Seconds(gap->GetValue());
            flows[i].index = i;
            flows[i].size = o.flowBytes;
            flows[i].start = at;
            flows[i].unfinished = &unfinished;
            InstallFlow(d, flows[i], o.segmentSize);
        }
        // Normally the last flow's last byte stops the run (OnSinkRx); this bounds a run
        // whose flows cannot all complete.
        Simulator::Stop(at + o.drain);
    }
    Simulator::Run();
    if (o.workload == "bulk")
    {
        flows[0].end = o.duration;
        if (!o.cwndTrace.empty() &&
            !WriteAtomically(o.cwndTrace, "time_s,what,bytes\n" + cwnd.str()))
        {
            return false;
        }
    }
    return true;
}

/**
 * \param o the options
 * \param flows the flows, measured
 * \param ccApplied whether the stack applied the congestion control asked for
 * \return the CSV of the measured flows
 */
std::string
Csv(const Options& o, const std::vector<FlowRecord>& flows, bool ccApplied)
{
    std::ostringstream csv;
    csv << kHeader << "\n";
    for (const FlowRecord& f : flows)
    {
        csv << o.stack << "," << o.workload << "," << o.cc << "," << (ccApplied ? 1 : 0) << ","
            << o.lossText << "," << o.seed << "," << o.run << "," << f.index << ",";
        if (o.workload == "bulk")
        {
            // Unlimited size, no completion: the goodput over the fixed duration.
            const int64_t ns = o.duration.GetNanoSeconds();
            csv << "," << f.rx << "," << FormatSeconds(f.start.GetNanoSeconds()) << ","
                << FormatSeconds(f.end.GetNanoSeconds()) << ",," << FormatRate(f.rx, ns);
        }
        else
        {
            csv << f.size << "," << f.rx << "," << FormatSeconds(f.start.GetNanoSeconds()) << ",";
            if (f.done)
            {
                const int64_t fct = (f.end - f.start).GetNanoSeconds();
                csv << FormatSeconds(f.end.GetNanoSeconds()) << "," << FormatSeconds(fct) << ","
                    << FormatRate(f.size, fct);
            }
            else
            {
                csv << ",,";
            }
        }
        csv << "\n";
    }
    return csv.str();
}

/**
 * \brief Write \p text to \p path whole or not at all: into a file beside it, renamed over
 *        it once complete.
 * \return true on success; false after a message
 */
bool
WriteAtomically(const fs::path& path, const std::string& text)
{
    std::error_code ec;
    if (path.has_parent_path())
    {
        fs::create_directories(path.parent_path(), ec);
    }
    fs::path partial = path;
    partial += ".partial." + std::to_string(getpid());
    std::ofstream out(partial, std::ios::binary);
    out << text;
    out.close();
    if (!out.fail())
    {
        fs::rename(partial, path, ec);
        if (!ec)
        {
            return true;
        }
    }
    fs::remove(partial, ec);
    std::cerr << kProgram << ": cannot write " << path.string() << std::endl;
    return false;
}

} // namespace

int
main(int argc, char* argv[])
{
    std::string stack = "synfin";
    std::string workload = "short";
    std::string flowsText = "1000";
    std::string flowBytesText = "50000";
    std::string loadText = "0.6";
    std::string durationText = "60s";
    std::string drainText = "300s";
    std::string cc = "TcpNewReno";
    std::string lossText = "0";
    std::string seedText = "1";
    std::string runText = "1";
    std::string segmentSizeText = "1448";
    bool sack = true;
    std::string hostsText = "10";
    std::string bottleneckRateText = "10Mbps";
    std::string bottleneckDelayText = "20ms";
    std::string accessRateText = "100Mbps";
    std::string accessDelayText = "1ms";
    std::string queueText = "50";
    std::string out;
    bool listCc = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("stack", "The hosts' TCP: stock (ns-3's TcpL4Protocol) or synfin", stack);
    cmd.AddValue("workload",
                 "short (--flows flows of --flowBytes, Poisson arrivals) or bulk (one flow "
                 "for --duration)",
                 workload);
    cmd.AddValue("flows", "Number of short flows", flowsText);
    cmd.AddValue("flowBytes", "Bytes of each short flow", flowBytesText);
    cmd.AddValue("load",
                 "Offered load of the short flows, a fraction of the bottleneck's rate in "
                 "payload; sets the Poisson arrival rate",
                 loadText);
    cmd.AddValue("duration", "Length of the bulk flow (an ns-3 time)", durationText);
    cmd.AddValue("drain",
                 "Short flows: how long the run may go on after the last flow starts; flows "
                 "not complete by then have an empty fct_s",
                 drainText);
    cmd.AddValue("cc",
                 "Congestion control, a TcpCongestionOps TypeId (TcpNewReno, TcpCubic, ...)",
                 cc);
    cmd.AddValue("loss",
                 "Packet error rate of the bottleneck's data direction (RateErrorModel), "
                 "in [0, 1)",
                 lossText);
    cmd.AddValue("seed", "Random number seed (RngSeedManager), at least 1", seedText);
    cmd.AddValue("run", "Random number run (RngSeedManager)", runText);
    cmd.AddValue("segmentSize", "ns3::TcpSocket::SegmentSize, bytes (1 to 1448)", segmentSizeText);
    cmd.AddValue("sack", "SACK (ns3::TcpSocketBase::Sack) on both stacks", sack);
    cmd.AddValue("hosts", "Hosts on each side of the dumbbell (1 to 250)", hostsText);
    cmd.AddValue("bottleneckRate", "Bottleneck rate", bottleneckRateText);
    cmd.AddValue("bottleneckDelay", "Bottleneck one-way delay", bottleneckDelayText);
    cmd.AddValue("accessRate", "Access links' rate", accessRateText);
    cmd.AddValue("accessDelay", "Access links' one-way delay", accessDelayText);
    cmd.AddValue("queue", "Bottleneck DropTail queue, packets in each direction", queueText);
    cmd.AddValue("out", "CSV file, written whole or not at all; default: stdout", out);
    std::string cwndTrace;
    cmd.AddValue("cwndTrace",
                 "Bulk: CSV file of the sender's cwnd and ssthresh over time (time_s,what,bytes)",
                 cwndTrace);
    cmd.AddValue("listCc",
                 "Print the congestion controls --cc takes, one a line, and exit",
                 listCc);
    cmd.Parse(argc, argv);
    if (listCc)
    {
        // For scripts: ns-3's own type list also names types that are no congestion
        // control (ns-3.37 has an ns3::TcpCubic that is a socket).
        for (const std::string& name : CongestionControls())
        {
            std::cout << name << "\n";
        }
        return 0;
    }

    Options o;
    o.stack = stack;
    o.workload = workload;
    o.lossText = lossText;
    o.sack = sack;
    o.out = out;
    o.cwndTrace = cwndTrace;
    bool ok = SynFinCommandLine::NoStrayWords(kProgram, cmd);
    ok = ok && (stack == "stock" || stack == "synfin" ||
                Bad("stack", stack, "unknown stack; allowed: stock, synfin"));
    ok = ok && (workload == "short" || workload == "bulk" ||
                Bad("workload", workload, "unknown workload; allowed: short, bulk"));
    ok = ok && ReadCount("flows", flowsText, 1, 100000, o.flows);
    ok = ok && ReadCount("flowBytes", flowBytesText, 1, 1000000000, o.flowBytes);
    ok = ok && ReadFraction("load", loadText, false, o.load);
    ok = ok && SynFinCommandLine::ReadTime(kProgram, "duration", durationText, o.duration);
    ok =
        ok && (o.duration.IsStrictlyPositive() || Bad("duration", durationText, "must be above 0"));
    ok = ok && SynFinCommandLine::ReadTime(kProgram, "drain", drainText, o.drain);
    ok = ok && ReadFraction("loss", lossText, true, o.loss);
    ok = ok && ReadCount("seed", seedText, 1, std::numeric_limits<uint32_t>::max(), o.seed);
    ok = ok && ReadCount("run", runText, 0, std::numeric_limits<int64_t>::max(), o.run);
    // 1448 bytes and the TCP and IP headers with timestamps fill the links' 1500-byte MTU;
    // a larger segment would be fragmented by IP.
    ok = ok && ReadCount("segmentSize", segmentSizeText, 1, 1448, o.segmentSize);
    ok = ok && ReadCount("hosts", hostsText, 1, 250, o.hosts);
    ok = ok && ReadRate("bottleneckRate", bottleneckRateText, o.bottleneckRate);
    ok = ok && SynFinCommandLine::ReadTime(kProgram,
                                           "bottleneckDelay",
                                           bottleneckDelayText,
                                           o.bottleneckDelay);
    ok = ok && ReadRate("accessRate", accessRateText, o.accessRate);
    ok = ok && SynFinCommandLine::ReadTime(kProgram, "accessDelay", accessDelayText, o.accessDelay);
    ok = ok && ReadCount("queue", queueText, 1, 1000000, o.queuePackets);
    if (ok)
    {
        o.cc = cc.rfind("ns3::", 0) == 0 ? cc.substr(5) : cc;
        ok = (TypeId::LookupByNameFailSafe("ns3::" + o.cc, &o.ccTid) &&
              IsCongestionControl(o.ccTid)) ||
             Bad("cc", cc, "not a congestion control; allowed: " + Join(CongestionControls()));
    }
    if (ok && o.workload == "short" && (o.flows + o.hosts - 1) / o.hosts > 50000)
    {
        // Each right host gives each of its flows a port of its own.
        ok = Bad("flows",
                 flowsText,
                 "more than 50000 flows per right host; raise --hosts or lower --flows");
    }
    if (!ok)
    {
        return 2;
    }

    std::vector<FlowRecord> flows;
    bool traced = Simulate(o, flows);
    const bool ccApplied = CcApplied(o);
    Simulator::Destroy();
    if (!traced)
    {
        return 1;
    }

    const std::string csv = Csv(o, flows, ccApplied);
    if (out.empty())
    {
        std::cout << csv << std::flush;
    }
    else if (!WriteAtomically(out, csv))
    {
        return 1;
    }

    // One line for people, on stderr where the CSV is on stdout.
    std::ostream& note = out.empty() ? std::cerr : std::cout;
    note << kProgram << ": " << o.stack << " " << o.workload << " " << o.cc << " loss "
         << o.lossText << " seed " << o.seed << " run " << o.run << ": ";
    if (o.workload == "bulk")
    {
        note << "goodput " << FormatRate(flows[0].rx, o.duration.GetNanoSeconds()) << " b/s";
    }
    else
    {
        uint64_t done = 0;
        int64_t fctSum = 0;
        for (const FlowRecord& f : flows)
        {
            if (f.done)
            {
                ++done;
                fctSum += (f.end - f.start).GetNanoSeconds();
            }
        }
        note << done << "/" << flows.size() << " flows complete";
        if (done > 0)
        {
            note << ", mean FCT " << FormatSeconds(fctSum / static_cast<int64_t>(done)) << " s";
        }
    }
    note << "; bottleneck queue " << g_bottleneckEnqueues << " packets queued, "
         << g_bottleneckDrops << " dropped";
    if (!ccApplied)
    {
        note << " (synfin did not apply " << o.cc << ": cc_applied=0)";
    }
    note << std::endl;
    return 0;
}
