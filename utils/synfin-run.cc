/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-run: one experiment from the command line. A topology (single link, chain,
 * dumbbell, star) with per-link rate, delay, queue and loss; a request/response workload
 * of short connections; the lifecycle recorder's CSV and meta.json in the output folder,
 * with --plots the figures and with --pcap a capture of every host.
 *
 *   synfin-run --topology dumbbell --pairs 4 --delay 20ms --rate 10Mbps --loss 0.02 \
 *              --connections 200 --closer server --output out/run1 --plots
 */

#include "synfin-cli.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/synfin-module.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
namespace po = boost::program_options;
namespace fs = std::filesystem;
namespace cli = synfin_cli;

namespace
{

/// Every option as typed (strings, validated by hand so messages can name them).
struct Options
{
    std::string topology{"single"};
    std::string hops{"3"};
    std::string pairs{"2"};
    std::string leaves{"4"};
    std::string rate{"10Mbps"};
    std::string delay{"10ms"};
    std::string jitter{"0s"};
    bool jitterReorder{false};
    std::string queue{"100"};
    std::vector<std::string> links;
    std::string stockNodes;
    std::string loss{"0"};
    std::string lossForward;
    std::string lossReverse;
    std::string burstLoss;
    std::string drop;
    std::string late;
    std::string lateDelay{"0s"};
    std::string lateJitter{"0s"};
    std::string lateMode{"duplicate"};
    std::string clients{"0"};
    std::string connections{"10"};
    std::string arrival{"closed-loop"};
    std::string interval{"100ms"};
    std::string requestBytes{"100"};
    std::string responseBytes{"1000"};
    std::string closer{"client"};
    std::string closeDelay{"0s"};
    bool halfClose{false};
    std::string abortFraction{"0"};
    std::string closedPortFraction{"0"};
    std::string deadHostFraction{"0"};
    std::string synFlood{"0"};
    std::string synFloodFrom;
    std::string synFloodStart{"0s"};
    std::string synFloodDuration{"10s"};
    std::string start{"1s"};
    std::string timeout{"0s"};
    std::string stop{"0s"};
    std::string msl;
    std::string synCookies;
    std::string synBacklog;
    std::string profile;
    std::string nodeProfiles;
    std::string variant{"standard"};
    std::string output{"out/run"};
    bool plots{false};
    bool pcap{false};
    bool checkOnly{false};
    bool listOptions{false};
    std::string seed{"1"};
    std::string run{"1"};
    std::string config;
};

/// The checked experiment.
struct Experiment
{
    SynFinTopologyHelper::Kind kind{SynFinTopologyHelper::Kind::SINGLE};
    uint32_t count{1};
    SynFinLinkSpec defaultLink;
    std::map<std::string, SynFinLinkSpec> links;
    std::set<std::string> stock;
    std::string drop;
    std::string late;
    Time lateDelay;
    Time lateJitter;
    SynFinSegmentDelayModel::Mode lateMode{SynFinSegmentDelayModel::DUPLICATE};
    SynFinWorkloadSpec workload;
    Time stop;
    std::optional<Time> msl;
    std::string synCookies; //!< the SynCookies attribute's value, if given
    uint32_t synBacklog{0}; //!< 0: the attribute's default
    uint64_t floodSyns{0};  //!< spoofed SYNs to send (0: no flood)
    Time floodInterval;     //!< between two of them
    Time floodStart;        //!< the first one
    std::string floodFrom;  //!< node name (empty: the first client)
    std::string profile;
    std::map<std::string, std::string> nodeProfiles; //!< node name -> profile
    SynFinVariant variant{VARIANT_STANDARD};
    uint32_t seed{1};
    uint32_t run{1};
    std::vector<std::pair<std::string, std::string>> ns3Attributes;
};

/// \return the names, comma-separated (for "allowed: ..." messages)
std::string
Join(const std::vector<std::string>& names)
{
    std::string all;
    for (const std::string& n : names)
    {
        all += (all.empty() ? "" : ", ") + n;
    }
    return all;
}

std::vector<std::string>
Split(const std::string& text, const std::string& separators)
{
    std::vector<std::string> parts;
    std::string part;
    for (char c : text)
    {
        if (separators.find(c) != std::string::npos)
        {
            parts.push_back(part);
            part.clear();
        }
        else
        {
            part.push_back(c);
        }
    }
    parts.push_back(part);
    return parts;
}

/// "p,r[,lossGood[,lossBad]]" (or with '/'), each a probability.
SynFinBurstLoss
CheckBurst(const std::string& name, const std::string& value)
{
    std::vector<std::string> parts = Split(value, ",/");
    if (parts.size() < 2 || parts.size() > 4)
    {
        throw cli::BadInput(cli::Flag(name, value) +
                            ": expected p,r[,loss-good[,loss-bad]]: the probabilities of going "
                            "good->bad and bad->good per packet, and of loss in each state "
                            "(defaults 0 and 1), e.g. 0.01,0.3");
    }
    SynFinBurstLoss burst;
    burst.p = cli::Probability(name + " p", parts[0]);
    burst.r = cli::Probability(name + " r", parts[1]);
    if (parts.size() > 2)
    {
        burst.lossGood = cli::Probability(name + " loss-good", parts[2]);
    }
    if (parts.size() > 3)
    {
        burst.lossBad = cli::Probability(name + " loss-bad", parts[3]);
    }
    return burst;
}

/// \return \p rules once SynFinSegmentErrorModel's grammar accepts them (empty: none)
std::string
CheckRules(const std::string& name, const std::string& rules)
{
    std::vector<SynFinSegmentErrorModel::Rule> parsed;
    std::string error;
    if (!rules.empty() && !SynFinSegmentErrorModel::ParseRules(rules, parsed, error))
    {
        throw cli::BadInput(cli::Flag(name, rules) + ": " + error);
    }
    return rules;
}

/// Apply one "key=value" of a --link to a link spec.
void
ApplyLinkSetting(SynFinLinkSpec& spec, const std::string& option, const std::string& setting)
{
    std::size_t eq = setting.find('=');
    std::string key = setting.substr(0, eq);
    std::string value = eq == std::string::npos ? "" : setting.substr(eq + 1);
    std::string name = option + " " + key;
    if (key == "rate")
    {
        spec.rate = cli::Rate(name, value);
    }
    else if (key == "delay")
    {
        spec.delay = cli::Time(name, value);
    }
    else if (key == "jitter")
    {
        spec.jitter = cli::Time(name, value);
    }
    else if (key == "queue")
    {
        spec.queuePackets = static_cast<uint32_t>(cli::Count(name, value, 1, 1000000));
    }
    else if (key == "loss")
    {
        spec.lossForward = spec.lossReverse = cli::Probability(name, value);
    }
    else if (key == "loss-forward")
    {
        spec.lossForward = cli::Probability(name, value);
    }
    else if (key == "loss-reverse")
    {
        spec.lossReverse = cli::Probability(name, value);
    }
    else if (key == "burst-loss")
    {
        spec.burstForward = spec.burstReverse = CheckBurst(name, value);
    }
    else
    {
        throw cli::BadInput("--link: '" + setting +
                            "' is not a link setting; allowed: rate, delay, jitter, queue, "
                            "loss, loss-forward, loss-reverse, burst-loss (each key=value)");
    }
}

/// Check every option; build the experiment they describe.
Experiment
Check(const Options& o)
{
    Experiment x;
    if (!SynFinTopologyHelper::ParseKind(o.topology, x.kind))
    {
        throw cli::BadInput(cli::Flag("topology", o.topology) +
                            ": unknown topology; allowed: " + SynFinTopologyHelper::KindNames());
    }
    switch (x.kind)
    {
    case SynFinTopologyHelper::Kind::CHAIN:
        x.count = static_cast<uint32_t>(cli::Count("hops", o.hops, 1, 254));
        break;
    case SynFinTopologyHelper::Kind::DUMBBELL:
        x.count = static_cast<uint32_t>(cli::Count("pairs", o.pairs, 1, 10000));
        break;
    case SynFinTopologyHelper::Kind::STAR:
        x.count = static_cast<uint32_t>(cli::Count("leaves", o.leaves, 1, 10000));
        break;
    case SynFinTopologyHelper::Kind::SINGLE:
        x.count = 1;
        break;
    }

    SynFinLinkSpec& d = x.defaultLink;
    d.rate = cli::Rate("rate", o.rate);
    d.delay = cli::Time("delay", o.delay);
    d.jitter = cli::Time("jitter", o.jitter);
    d.jitterKeepsOrder = !o.jitterReorder;
    d.queuePackets = static_cast<uint32_t>(cli::Count("queue", o.queue, 1, 1000000));
    d.lossForward = d.lossReverse = cli::Probability("loss", o.loss);
    if (!o.lossForward.empty())
    {
        d.lossForward = cli::Probability("loss-forward", o.lossForward);
    }
    if (!o.lossReverse.empty())
    {
        d.lossReverse = cli::Probability("loss-reverse", o.lossReverse);
    }
    if (!o.burstLoss.empty())
    {
        d.burstForward = d.burstReverse = CheckBurst("burst-loss", o.burstLoss);
    }

    std::vector<std::string> linkNames = SynFinTopologyHelper::LinkNames(x.kind, x.count);
    for (const std::string& link : o.links)
    {
        std::size_t colon = link.find(':');
        std::string name = link.substr(0, colon);
        // A trailing '*' names every link that starts with the rest ("access*").
        bool prefix = !name.empty() && name.back() == '*';
        std::string stem = prefix ? name.substr(0, name.size() - 1) : name;
        std::vector<std::string> matched;
        for (const std::string& candidate : linkNames)
        {
            if (prefix ? candidate.compare(0, stem.size(), stem) == 0 : candidate == name)
            {
                matched.push_back(candidate);
            }
        }
        if (colon == std::string::npos || matched.empty())
        {
            std::string all = Join(linkNames);
            throw cli::BadInput(cli::Flag("link", link) +
                                (colon == std::string::npos
                                     ? ": expected NAME:key=value[,key=value...]"
                                     : ": no link '" + name + "' in this topology") +
                                "; its links: " + all);
        }
        for (const std::string& n : matched)
        {
            SynFinLinkSpec spec = x.links.count(n) ? x.links[n] : d;
            for (const std::string& setting : Split(link.substr(colon + 1), ","))
            {
                ApplyLinkSetting(spec, "link=" + name, setting);
            }
            x.links[n] = spec;
        }
    }

    if (!o.stockNodes.empty())
    {
        std::vector<std::string> nodes = SynFinTopologyHelper::NodeNames(x.kind, x.count);
        for (const std::string& name : Split(o.stockNodes, ","))
        {
            bool any = false;
            for (const std::string& n : nodes)
            {
                bool group = (name == "all") ||
                             (name == "clients" && n.compare(0, 6, "client") == 0) ||
                             (name == "servers" && n.compare(0, 6, "server") == 0);
                if (group || n == name)
                {
                    x.stock.insert(n);
                    any = true;
                }
            }
            if (!any)
            {
                std::string all;
                for (const std::string& n : nodes)
                {
                    all += ", " + n;
                }
                throw cli::BadInput(cli::Flag("stock-nodes", o.stockNodes) + ": no node '" + name +
                                    "' in this topology; allowed: all, clients, servers" + all);
            }
        }
    }

    x.drop = CheckRules("drop", o.drop);
    x.late = CheckRules("late", o.late);
    if (!x.late.empty())
    {
        x.lateDelay = cli::Time("late-delay", o.lateDelay);
        x.lateJitter = cli::Time("late-jitter", o.lateJitter);
        if (o.lateMode == "duplicate" || o.lateMode == "hold")
        {
            x.lateMode = o.lateMode == "hold" ? SynFinSegmentDelayModel::HOLD
                                              : SynFinSegmentDelayModel::DUPLICATE;
        }
        else
        {
            throw cli::BadInput(cli::Flag("late-mode", o.lateMode) + ": allowed: duplicate, hold");
        }
        if (x.lateDelay.IsZero() && x.lateJitter.IsZero())
        {
            throw cli::BadInput("--late=" + o.late +
                                ": needs a --late-delay or --late-jitter above 0s");
        }
    }

    SynFinWorkloadSpec& w = x.workload;
    w.clients = static_cast<uint32_t>(cli::Count("clients", o.clients, 0, 100000));
    w.connections = static_cast<uint32_t>(cli::Count("connections", o.connections, 1, 10000000));
    if (o.arrival == "closed-loop")
    {
        w.arrival = ARRIVAL_CLOSED_LOOP;
    }
    else if (o.arrival == "poisson")
    {
        w.arrival = ARRIVAL_POISSON;
    }
    else
    {
        throw cli::BadInput(cli::Flag("arrival", o.arrival) + ": allowed: closed-loop, poisson");
    }
    w.interval = cli::Time("interval", o.interval);
    if (w.arrival == ARRIVAL_POISSON && w.interval.IsZero())
    {
        throw cli::BadInput(cli::Flag("interval", o.interval) +
                            ": Poisson arrivals need a positive mean interval");
    }
    w.requestBytes =
        static_cast<uint32_t>(cli::Count("request-bytes", o.requestBytes, 0, UINT32_MAX));
    w.responseBytes =
        static_cast<uint32_t>(cli::Count("response-bytes", o.responseBytes, 0, UINT32_MAX));
    if (o.closer == "client")
    {
        w.closer = CLOSER_CLIENT;
    }
    else if (o.closer == "server")
    {
        w.closer = CLOSER_SERVER;
    }
    else if (o.closer == "both")
    {
        w.closer = CLOSER_BOTH;
    }
    else
    {
        throw cli::BadInput(cli::Flag("closer", o.closer) + ": allowed: client, server, both");
    }
    w.closeDelay = cli::Time("close-delay", o.closeDelay);
    w.halfClose = o.halfClose;
    if (w.halfClose && w.closer != CLOSER_CLIENT)
    {
        throw cli::BadInput(
            "--half-close: the client half-closes, so it needs --closer=client (not " + o.closer +
            ")");
    }
    w.abortFraction = cli::Probability("abort-fraction", o.abortFraction);
    w.closedPortFraction = cli::Probability("closed-port-fraction", o.closedPortFraction);
    w.deadHostFraction = cli::Probability("dead-host-fraction", o.deadHostFraction);
    if (w.abortFraction + w.closedPortFraction + w.deadHostFraction > 1)
    {
        throw cli::BadInput(
            "--abort-fraction + --closed-port-fraction + --dead-host-fraction = " +
            std::to_string(w.abortFraction + w.closedPortFraction + w.deadHostFraction) +
            ": their sum must not exceed 1");
    }
    uint64_t floodRate = cli::Count("syn-flood", o.synFlood, 0, 1000000);
    if (floodRate > 0)
    {
        Time duration = cli::Time("syn-flood-duration", o.synFloodDuration);
        x.floodInterval = Seconds(1.0 / static_cast<double>(floodRate));
        x.floodSyns = static_cast<uint64_t>(duration.GetSeconds() * floodRate);
        if (x.floodSyns == 0)
        {
            throw cli::BadInput(cli::Flag("syn-flood-duration", o.synFloodDuration) +
                                ": too short for one SYN at --syn-flood=" + o.synFlood +
                                " per second");
        }
        x.floodStart = cli::Time("syn-flood-start", o.synFloodStart);
        if (!o.synFloodFrom.empty())
        {
            std::vector<std::string> nodes = SynFinTopologyHelper::NodeNames(x.kind, x.count);
            if (std::find(nodes.begin(), nodes.end(), o.synFloodFrom) == nodes.end())
            {
                std::string all = Join(nodes);
                throw cli::BadInput(cli::Flag("syn-flood-from", o.synFloodFrom) +
                                    ": no such node in this topology; allowed: " + all);
            }
            x.floodFrom = o.synFloodFrom;
        }
    }
    w.start = cli::Time("start", o.start);
    w.timeout = cli::Time("timeout", o.timeout);
    x.stop = cli::Time("stop", o.stop);
    if (!x.stop.IsZero() && x.stop <= w.start)
    {
        throw cli::BadInput(cli::Flag("stop", o.stop) + ": must be after --start (" + o.start +
                            "), or 0s to run until every connection is over");
    }
    if (!o.msl.empty())
    {
        x.msl = cli::Time("msl", o.msl);
        if (x.msl->IsZero())
        {
            throw cli::BadInput(cli::Flag("msl", o.msl) + ": the maximum segment lifetime must be "
                                                          "positive");
        }
    }
    if (!o.synCookies.empty())
    {
        static const std::map<std::string, std::string> kModes{{"never", "Never"},
                                                               {"when-full", "WhenFull"},
                                                               {"always", "Always"}};
        auto mode = kModes.find(o.synCookies);
        if (mode == kModes.end())
        {
            throw cli::BadInput(cli::Flag("syn-cookies", o.synCookies) +
                                ": allowed: never, when-full, always");
        }
        x.synCookies = mode->second;
    }
    if (!o.synBacklog.empty())
    {
        x.synBacklog = static_cast<uint32_t>(cli::Count("syn-backlog", o.synBacklog, 1, 1000000));
    }
    if (!o.profile.empty())
    {
        if (!SynFinProfile::Exists(o.profile))
        {
            std::string names = Join(SynFinProfile::GetNames());
            throw cli::BadInput(cli::Flag("profile", o.profile) +
                                ": unknown profile; allowed: " + names);
        }
        x.profile = o.profile;
    }
    if (!o.nodeProfiles.empty())
    {
        std::vector<std::string> nodes = SynFinTopologyHelper::NodeNames(x.kind, x.count);
        for (const std::string& item : Split(o.nodeProfiles, ","))
        {
            std::size_t eq = item.find('=');
            std::string node = item.substr(0, eq);
            std::string profile = eq == std::string::npos ? "" : item.substr(eq + 1);
            if (eq == std::string::npos ||
                std::find(nodes.begin(), nodes.end(), node) == nodes.end() || x.stock.count(node))
            {
                std::string all = Join(nodes);
                throw cli::BadInput(cli::Flag("node-profile", o.nodeProfiles) + ": '" + item +
                                    "' is not NODE=PROFILE for a synfin node of this topology; "
                                    "its nodes: " +
                                    all);
            }
            if (!SynFinProfile::Exists(profile))
            {
                std::string names = Join(SynFinProfile::GetNames());
                throw cli::BadInput(cli::Flag("node-profile", o.nodeProfiles) +
                                    ": unknown profile '" + profile + "'; allowed: " + names);
            }
            x.nodeProfiles[node] = profile;
        }
    }
    if (!SynFinStateMachine::ParseVariant(o.variant, x.variant))
    {
        std::string keys;
        for (uint32_t v = 0; v < VARIANT_COUNT; ++v)
        {
            keys += std::string(keys.empty() ? "" : ", ") +
                    SynFinStateMachine::VariantKey(static_cast<SynFinVariant>(v));
        }
        throw cli::BadInput(cli::Flag("variant", o.variant) +
                            ": unknown variant; allowed: " + keys);
    }
    x.seed = static_cast<uint32_t>(cli::Count("seed", o.seed, 1, UINT32_MAX));
    x.run = static_cast<uint32_t>(cli::Count("run", o.run, 0, UINT32_MAX));
    return x;
}

/// The folder of this program, where synfin-plot is built too.
fs::path
ProgramDir(const char* argv0)
{
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path(argv0).parent_path() : self.parent_path();
}

/// Run synfin-plot on the output folder; true if it succeeded.
bool
MakePlots(const fs::path& programDir, const std::string& output)
{
    fs::path plot = programDir / "synfin-plot";
    if (!fs::exists(plot))
    {
        std::cerr << "synfin-run: --plots: " << plot.string()
                  << " is missing (it is built when gnuplot-iostream is installed)" << std::endl;
        return false;
    }
    pid_t pid = fork();
    if (pid == 0)
    {
        execl(plot.c_str(), "synfin-plot", "all", output.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    return pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

/// Make sure the output folder can be written before anything runs.
void
CheckOutput(const std::string& output)
{
    std::error_code ec;
    fs::create_directories(output, ec);
    if (ec || !fs::is_directory(output))
    {
        throw cli::BadInput(cli::Flag("output", output) + ": cannot create this folder" +
                            (ec ? " (" + ec.message() + ")" : std::string()));
    }
    fs::path probe = fs::path(output) / ".synfin-run-write-test";
    std::FILE* f = std::fopen(probe.c_str(), "wb");
    if (!f)
    {
        throw cli::BadInput(cli::Flag("output", output) + ": cannot write into this folder");
    }
    std::fclose(f);
    fs::remove(probe, ec);
}

/// Every option with its final value, for meta.json.
void
RecordOptions(SynFinLifecycleRecorder& recorder, const po::variables_map& vm)
{
    for (const auto& [name, value] : vm)
    {
        std::string text;
        const boost::any& any = value.value();
        if (const auto* s = boost::any_cast<std::string>(&any))
        {
            text = *s;
        }
        else if (const auto* b = boost::any_cast<bool>(&any))
        {
            text = *b ? "true" : "false";
        }
        else if (const auto* list = boost::any_cast<std::vector<std::string>>(&any))
        {
            for (const std::string& item : *list)
            {
                text += (text.empty() ? "" : " ") + item;
            }
        }
        recorder.SetParameter("option." + name, text);
    }
}

} // namespace

/// Print \p options as --list-options does: "NAME<TAB>flag|value<TAB>DEFAULT" a line.
void
ListOptions(std::ostream& out, const po::options_description& options, const po::variables_map& vm)
{
    for (const auto& option : options.options())
    {
        const std::string& name = option->long_name();
        if (name == "stray" || name == "list-options")
        {
            continue;
        }
        const bool flag = option->semantic()->max_tokens() == 0;
        std::string value;
        auto it = vm.find(name);
        if (it != vm.end() && it->second.defaulted())
        {
            if (const auto* text = boost::any_cast<std::string>(&it->second.value()))
            {
                value = *text;
            }
        }
        out << name << '\t' << (flag ? "flag" : "value") << '\t' << value << '\n';
    }
}

int
main(int argc, char* argv[])
{
    Options o;
    po::options_description topology("Topology");
    topology.add_options()("topology",
                           po::value(&o.topology)->default_value(o.topology),
                           "single, chain, dumbbell or star")(
        "hops",
        po::value(&o.hops)->default_value(o.hops),
        "chain: links between client and server (1 to 254)")(
        "pairs",
        po::value(&o.pairs)->default_value(o.pairs),
        "dumbbell: client/server pairs (1 to 10000)")("leaves",
                                                      po::value(&o.leaves)->default_value(o.leaves),
                                                      "star: clients around the hub (1 to 10000)")(
        "rate",
        po::value(&o.rate)->default_value(o.rate),
        "data rate of every link (ns-3 syntax: 10Mbps, 1Gbps)")(
        "delay",
        po::value(&o.delay)->default_value(o.delay),
        "one-way delay of every link (20ms, 1.5s)")(
        "jitter",
        po::value(&o.jitter)->default_value(o.jitter),
        "plus a uniform random time up to this, per packet, on every link; packets keep "
        "their order (a FIFO path) unless --jitter-reorder")(
        "jitter-reorder",
        po::bool_switch(&o.jitterReorder),
        "jittered packets may overtake each other (parallel paths)")(
        "queue",
        po::value(&o.queue)->default_value(o.queue),
        "device queue of every link, packets (1 to 1000000)")(
        "link",
        po::value(&o.links)->multitoken(),
        "one link's own settings, NAME:key=value[,key=value...]; keys rate, delay, jitter, queue, "
        "loss, loss-forward, loss-reverse, burst-loss (p/r/loss-good/loss-bad); NAME* "
        "names every link starting with NAME. Links: single: link; chain: hop1..hopN; "
        "dumbbell: access1..N, bottleneck, egress1..N; star: spoke1..N, uplink")(
        "stock-nodes",
        po::value(&o.stockNodes),
        "nodes that run ns-3's stock TCP instead of synfin, comma-separated: node names "
        "(client, client3, server2, left, hub, router1, ...) or all, clients, servers");

    po::options_description impairments("Impairments (forward: client side to server side)");
    impairments.add_options()("loss",
                              po::value(&o.loss)->default_value(o.loss),
                              "uniform packet loss rate on every link, both directions")(
        "loss-forward",
        po::value(&o.lossForward),
        "uniform loss, forward direction only")("loss-reverse",
                                                po::value(&o.lossReverse),
                                                "uniform loss, reverse direction only")(
        "burst-loss",
        po::value(&o.burstLoss),
        "Gilbert-Elliott bursty loss on every link, both directions: "
        "p,r[,loss-good[,loss-bad]]")("drop",
                                      po::value(&o.drop),
                                      "targeted drops where each host receives, in "
                                      "SynFinSegmentErrorModel's rule grammar, e.g. "
                                      "\"SYN|ACK#1;ACK:empty[2s,3s]\"")(
        "late",
        po::value(&o.late),
        "segments delivered late where each host receives, same grammar (ANY: every "
        "segment): old duplicates, reordering, jitter")(
        "late-delay",
        po::value(&o.lateDelay)->default_value(o.lateDelay),
        "how much later they arrive")(
        "late-jitter",
        po::value(&o.lateJitter)->default_value(o.lateJitter),
        "plus a uniform random time up to this, per segment (reorders)")(
        "late-mode",
        po::value(&o.lateMode)->default_value(o.lateMode),
        "duplicate (delivered on time and again late) or hold (late only)");

    po::options_description workload("Workload");
    workload.add_options()("clients",
                           po::value(&o.clients)->default_value(o.clients),
                           "client applications, spread over the client nodes (0: one per "
                           "client node)")("connections",
                                           po::value(&o.connections)->default_value(o.connections),
                                           "connections each client opens (1 to 10000000)")(
        "arrival",
        po::value(&o.arrival)->default_value(o.arrival),
        "closed-loop (next one --interval after the previous ended) or poisson (mean gap "
        "--interval)")("interval",
                       po::value(&o.interval)->default_value(o.interval),
                       "gap between connections")(
        "request-bytes",
        po::value(&o.requestBytes)->default_value(o.requestBytes),
        "bytes client to server per connection")(
        "response-bytes",
        po::value(&o.responseBytes)->default_value(o.responseBytes),
        "bytes server to client per connection")(
        "closer",
        po::value(&o.closer)->default_value(o.closer),
        "who closes first: client, server, or both (simultaneous close)")(
        "close-delay",
        po::value(&o.closeDelay)->default_value(o.closeDelay),
        "time between the peer's FIN and the passive closer's close (time in CLOSE-WAIT)")(
        "half-close",
        po::bool_switch(&o.halfClose),
        "the client sends its FIN right after the request and reads the response "
        "half-closed (needs --closer=client)")(
        "abort-fraction",
        po::value(&o.abortFraction)->default_value(o.abortFraction),
        "fraction of connections the client aborts with RST")(
        "closed-port-fraction",
        po::value(&o.closedPortFraction)->default_value(o.closedPortFraction),
        "fraction of connections to a server port nothing listens on (RST)")(
        "dead-host-fraction",
        po::value(&o.deadHostFraction)->default_value(o.deadHostFraction),
        "fraction of connections to a host that never answers (SYN timeout)")(
        "syn-flood",
        po::value(&o.synFlood)->default_value(o.synFlood),
        "SYNs per second from spoofed, unrouted sources (198.18.0.0/15) against the first "
        "server's port: half-open connections that fill its SYN queue (0: none)")(
        "syn-flood-from",
        po::value(&o.synFloodFrom),
        "the node that sends them (default: the first client node)")(
        "syn-flood-start",
        po::value(&o.synFloodStart)->default_value(o.synFloodStart),
        "when the flood starts")("syn-flood-duration",
                                 po::value(&o.synFloodDuration)->default_value(o.synFloodDuration),
                                 "how long it lasts")("start",
                                                      po::value(&o.start)->default_value(o.start),
                                                      "when the clients start")(
        "timeout",
        po::value(&o.timeout)->default_value(o.timeout),
        "a client aborts a connection not over this long after it "
        "started (0s: never; TCP alone can wait forever)")(
        "stop",
        po::value(&o.stop)->default_value(o.stop),
        "end of the simulation (0s: when nothing is left to do)");

    po::options_description stack("Stack");
    stack.add_options()("profile",
                        po::value(&o.profile),
                        "the numbers of a real stack (RTO and retry schedules, TIME-WAIT, "
                        "delayed ACK, ports): rfc9293, linux (= linux-6), linux-5, freebsd, "
                        "windows; --msl and --ns3:: override single values")(
        "node-profile",
        po::value(&o.nodeProfiles),
        "profiles of single nodes over the rest, NODE=PROFILE[,NODE=PROFILE...], e.g. "
        "client=linux,server=windows (a node's own profile wins over --msl and --ns3::)")(
        "msl",
        po::value(&o.msl),
        "maximum segment lifetime; TIME-WAIT then lasts 2*msl, also under a profile; default: "
        "ns3::SynFinSocket::Msl")(
        "syn-cookies",
        po::value(&o.synCookies),
        "when a listener answers a SYN with a SYN cookie and keeps no state: never, "
        "when-full (its SYN queue is full; Linux's default) or always; default: the profile's, "
        "else ns3::SynFinSocket::SynCookies")(
        "syn-backlog",
        po::value(&o.synBacklog),
        "half-open connections a listener keeps (its SYN queue); default: "
        "ns3::SynFinSocket::SynBacklog")("ns3::Type::Attribute=value",
                                         "any ns-3 attribute default, e.g. "
                                         "--ns3::TcpSocket::SegmentSize=1448");

    po::options_description variant("What-if variant");
    variant.add_options()("variant",
                          po::value(&o.variant)->default_value(o.variant),
                          "the state table every synfin node runs: standard (RFC 9293), or a "
                          "deliberately wrong one: two-way-handshake, two-way-close, "
                          "three-way-close, no-time-wait, five-way-close (see synfin-table "
                          "--dot --variant NAME); a short TIME-WAIT is --msl");

    po::options_description output("Output");
    output.add_options()(
        "output",
        po::value(&o.output)->default_value(o.output),
        "folder for states.csv, segments.csv, connections.csv, timewait.csv, listeners.csv, "
        "nodes.csv, meta.json")("plots",
                                po::bool_switch(&o.plots),
                                "draw every figure into OUTPUT/plots")(
        "pcap",
        po::bool_switch(&o.pcap),
        "capture every host's link into OUTPUT/pcap/NODE.pcap")(
        "seed",
        po::value(&o.seed)->default_value(o.seed),
        "ns-3 RNG seed (at least 1)")("run",
                                      po::value(&o.run)->default_value(o.run),
                                      "ns-3 RNG run number")(
        "config",
        po::value(&o.config),
        "INI file of these options (key = value, without --); the command line wins")(
        "check",
        po::bool_switch(&o.checkOnly),
        "check every option and stop: exit status 0 if the experiment would run, 2 (and "
        "what is wrong) if not; nothing is simulated (the output folder is made, to check "
        "that it can be written)")(
        "list-options",
        po::bool_switch(&o.listOptions),
        "print every option, one a line: NAME, flag or value, its default (for programs "
        "that drive synfin-run, such as synfin-sweep)")("help,h", "show this help");

    po::options_description all("synfin-run: one experiment; options");
    all.add(topology).add(impairments).add(workload).add(stack).add(variant).add(output);
    po::options_description parsed;
    parsed.add(topology).add(impairments).add(workload).add(variant).add(output);
    parsed.add_options()("msl", po::value(&o.msl))("profile", po::value(&o.profile))(
        "node-profile",
        po::value(&o.nodeProfiles))("syn-cookies",
                                    po::value(&o.synCookies))("syn-backlog",
                                                              po::value(&o.synBacklog));

    // ns-3's own options (--ns3::Type::Attribute=value, --PrintHelp, --PrintAttributes=T)
    // are taken out before Boost sees the rest.
    cli::Ns3Arguments ns3Args;
    try
    {
        ns3Args = cli::SplitArguments(argc, argv);
    }
    catch (const cli::BadInput& e)
    {
        return cli::Fail("synfin-run", e.what());
    }
    std::vector<std::pair<std::string, std::string>> ns3Attributes = ns3Args.attributes;
    const std::vector<std::string>& args = ns3Args.rest;
    if (ns3Args.printHelp)
    {
        std::cout << all << std::endl;
        return 0;
    }
    if (!ns3Args.printAttributes.empty())
    {
        try
        {
            for (const std::string& type : ns3Args.printAttributes)
            {
                cli::PrintAttributes(std::cout, type);
            }
        }
        catch (const cli::BadInput& e)
        {
            return cli::Fail("synfin-run", e.what());
        }
        return 0;
    }

    // Words that are not options are collected, to be named in the error.
    std::vector<std::string> stray;
    parsed.add_options()("stray", po::value(&stray));
    po::positional_options_description strays;
    strays.add("stray", -1);

    po::variables_map vm;
    try
    {
        po::store(po::command_line_parser(args).options(parsed).positional(strays).run(), vm);
        if (vm.count("config"))
        {
            std::string file = vm["config"].as<std::string>();
            std::ifstream in(file);
            if (!in)
            {
                return cli::Fail("synfin-run", "--config=" + file + ": cannot read this file", 2);
            }
            po::parsed_options fromFile = po::parse_config_file(in, parsed, true);
            std::ptrdiff_t fromFileCount = 0;
            for (const po::option& opt : fromFile.options)
            {
                if (!opt.unregistered)
                {
                    continue;
                }
                if (opt.string_key.rfind("ns3::", 0) != 0 || opt.value.size() != 1)
                {
                    return cli::Fail("synfin-run",
                                     "--config=" + file + ": unknown option '" + opt.string_key +
                                         "' (see --help; ns-3 attributes are ns3::Type::Attribute "
                                         "= value)",
                                     2);
                }
                // In the file's order, and before the command line's, which therefore wins.
                ns3Attributes.insert(ns3Attributes.begin() + fromFileCount++,
                                     {opt.string_key, opt.value[0]});
            }
            po::store(fromFile, vm);
        }
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        return cli::Fail("synfin-run", std::string(e.what()) + " (see --help)", 2);
    }
    if (vm.count("help"))
    {
        std::cout << all << std::endl;
        return 0;
    }
    if (o.listOptions)
    {
        ListOptions(std::cout, parsed, vm);
        return 0;
    }
    if (!stray.empty())
    {
        return cli::Fail("synfin-run",
                         "unexpected argument '" + stray.front() +
                             "': every option starts with -- (see --help)",
                         2);
    }

    Experiment x;
    try
    {
        x = Check(o);
        RngSeedManager::SetSeed(x.seed);
        RngSeedManager::SetRun(x.run);
        std::string error;
        if (!x.profile.empty() && !SynFinProfile::Apply(x.profile, error))
        {
            throw cli::BadInput(cli::Flag("profile", x.profile) + ": " + error);
        }
        Config::SetDefault("ns3::SynFinSocket::Variant", EnumValue(x.variant));
        if (x.msl)
        {
            Config::SetDefault("ns3::SynFinSocket::Msl", TimeValue(*x.msl));
            // TIME-WAIT is then 2 MSL, also under a profile that fixes it (Linux's 60 s).
            Config::SetDefault("ns3::SynFinSocket::TimeWaitDuration", TimeValue(Time(0)));
        }
        if (!x.synCookies.empty())
        {
            Config::SetDefault("ns3::SynFinSocket::SynCookies", StringValue(x.synCookies));
        }
        if (x.synBacklog)
        {
            Config::SetDefault("ns3::SynFinSocket::SynBacklog", UintegerValue(x.synBacklog));
        }
        for (const auto& [path, value] : ns3Attributes)
        {
            cli::ApplyNs3Attribute(path, value);
        }
        CheckOutput(o.output);
    }
    catch (const cli::BadInput& e)
    {
        return cli::Fail("synfin-run", e.what(), 2);
    }

    SynFinTopologyHelper builder(x.kind, x.count);
    builder.SetDefaultLink(x.defaultLink);
    for (const auto& [name, spec] : x.links)
    {
        builder.SetLink(name, spec);
    }
    builder.SetStockNodes(x.stock);
    builder.SetDeadHost(x.workload.deadHostFraction > 0);
    builder.SetDropRules(x.drop);
    builder.SetLateSegments(x.late, x.lateDelay, x.lateJitter, x.lateMode);
    SynFinTopology topo = builder.Build();
    for (const auto& [id, name] : topo.nodeNames)
    {
        auto own = x.nodeProfiles.find(name);
        std::string error;
        if (own != x.nodeProfiles.end() &&
            !SynFinProfile::ApplyTo(own->second, NodeList::GetNode(id), error))
        {
            return cli::Fail("synfin-run", "--node-profile: " + error, 2);
        }
    }

    if (o.checkOnly)
    {
        return 0; // everything checked: the options, the topology's names, the profiles
    }

    SynFinWorkloadHelper apps(x.workload);
    int64_t stream = builder.GetNextStream();
    stream += apps.Install(topo, stream); // streams of their own, whatever the size
    Ptr<SynFinSynFlood> flood;
    if (x.floodSyns > 0)
    {
        Ptr<Node> from = topo.clients.Get(0);
        for (const auto& [id, name] : topo.nodeNames)
        {
            if (name == x.floodFrom)
            {
                from = NodeList::GetNode(id);
            }
        }
        flood = CreateObject<SynFinSynFlood>();
        flood->SetAttribute(
            "Remote",
            AddressValue(InetSocketAddress(topo.serverAddresses[0], x.workload.port)));
        flood->SetAttribute("Interval", TimeValue(x.floodInterval));
        flood->SetAttribute("MaxSyns", UintegerValue(x.floodSyns));
        flood->AssignStreams(stream);
        from->AddApplication(flood);
        flood->SetStartTime(x.floodStart);
    }

    SynFinLifecycleRecorder recorder;
    recorder.Attach(topo.Hosts());
    for (const auto& [model, node] : builder.GetDropModels())
    {
        recorder.AttachDropModel(model, node);
    }
    for (const SynFinTopology::Link& link : topo.links)
    {
        for (Ptr<NetDevice> device : {link.clientSide, link.serverSide})
        {
            recorder.AttachQueueDrops(device);
            PointerValue em;
            device->GetAttribute("ReceiveErrorModel", em);
            if (em.Get<ErrorModel>())
            {
                recorder.AttachDeviceDrops(device);
            }
        }
    }
    recorder.SetParameter("command", cli::QuotedCommand(argc, argv));
    RecordOptions(recorder, vm);
    for (const auto& [path, value] : ns3Attributes)
    {
        recorder.SetParameter("option." + path, value);
    }
    for (const auto& [id, name] : topo.nodeNames)
    {
        recorder.SetParameter("node." + std::to_string(id), name);
    }

    if (o.pcap)
    {
        fs::create_directories(fs::path(o.output) / "pcap");
        PointToPointHelper p2p;
        for (const SynFinTopology::Link& link : topo.links)
        {
            for (Ptr<NetDevice> device : {link.clientSide, link.serverSide})
            {
                uint32_t id = device->GetNode()->GetId();
                if (topo.Hosts().Contains(id))
                {
                    fs::path file = fs::path(o.output) / "pcap" / (topo.nodeNames.at(id) + ".pcap");
                    p2p.EnablePcap(file.string(), device, false, true);
                }
            }
        }
    }

    if (!x.stop.IsZero())
    {
        Simulator::Stop(x.stop);
    }
    Simulator::Run();

    uint64_t started = 0;
    uint64_t established = 0;
    uint64_t failed = 0;
    uint64_t aborted = 0;
    uint64_t completed = 0;
    uint64_t timedOut = 0;
    uint64_t open = 0;
    for (uint32_t i = 0; i < apps.GetClients().GetN(); ++i)
    {
        Ptr<SynFinWorkloadClient> c = DynamicCast<SynFinWorkloadClient>(apps.GetClients().Get(i));
        started += c->GetStarted();
        established += c->GetEstablished();
        failed += c->GetFailed();
        aborted += c->GetAborted();
        completed += c->GetCompleted();
        timedOut += c->GetTimedOut();
        open += c->GetOpen();
    }
    std::string error;
    bool written = recorder.Write(o.output, error);
    Simulator::Destroy();
    if (!written)
    {
        return cli::Fail("synfin-run", error, 1);
    }
    std::cout << "synfin-run: " << started << " connections started, " << established
              << " established, " << completed << " completed, " << failed << " failed, " << aborted
              << " aborted, " << timedOut << " timed out\n";
    if (flood)
    {
        Ptr<SynFinL4Protocol> tcp = topo.servers.Get(0)->GetObject<SynFinL4Protocol>();
        std::cout << "synfin-run: " << flood->GetSent() << " spoofed SYNs sent";
        if (tcp)
        {
            const SynFinListenCounters& c = tcp->GetListenCounters();
            std::cout << "; " << topo.nodeNames.at(topo.servers.Get(0)->GetId()) << ": "
                      << c.synQueueDrops << " SYNs dropped (SYN queue full), " << c.cookiesSent
                      << " SYN cookies sent, " << c.cookiesAccepted << " returned";
        }
        std::cout << "\n";
    }
    if (open > 0)
    {
        std::cout << "synfin-run: " << open
                  << " connections never ended (waiting on a peer that gave up; see --timeout)\n";
    }
    for (const auto& name : SynFinLifecycleRecorder::GetFileNames())
    {
        std::cout << "  " << (fs::path(o.output) / name).string() << "\n";
    }
    std::cout << std::flush;
    if (o.plots && !MakePlots(ProgramDir(argv[0]), o.output))
    {
        return cli::Fail("synfin-run", "--plots: the figures could not be drawn", 1);
    }
    return 0;
}
