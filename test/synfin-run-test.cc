/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-run as a user meets it: the program is run, its exit status, messages and output
 * folder checked. Bad input of every class is refused before anything runs, naming the
 * option and the value, and leaves no output behind.
 */

#include "cli-test-util.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using synfin_test::Outcome;
using synfin_test::RunCommand;
using synfin_test::Slurp;

namespace
{

/// A fresh, empty folder for one test.
fs::path
Scratch(const std::string& name)
{
    fs::path dir = fs::temp_directory_path() / ("synfin-run-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// Run synfin-run with \p args (already shell-quoted where needed).
Outcome
RunProgram(const std::string& args)
{
    return RunCommand(std::string(SYNFIN_RUN_BIN) + " " + args);
}

/// The CSV files of a run folder, concatenated.
std::string
AllCsv(const fs::path& dir)
{
    std::string all;
    for (const char* name : {"states.csv",
                             "segments.csv",
                             "connections.csv",
                             "timewait.csv",
                             "listeners.csv",
                             "nodes.csv"})
    {
        all += Slurp(dir / name);
    }
    return all;
}

/// The rows of a CSV file, split on commas.
std::vector<std::vector<std::string>>
Rows(const fs::path& file)
{
    std::vector<std::vector<std::string>> rows;
    std::istringstream in(Slurp(file));
    std::string line;
    while (std::getline(in, line))
    {
        std::vector<std::string> cells;
        std::string cell;
        std::istringstream l(line);
        while (std::getline(l, cell, ','))
        {
            cells.push_back(cell);
        }
        if (!line.empty() && line.back() == ',')
        {
            cells.emplace_back();
        }
        rows.push_back(cells);
    }
    return rows;
}

/// The value of \p column in data row \p row (0 is the first after the header).
std::string
Cell(const std::vector<std::vector<std::string>>& rows, std::size_t row, const std::string& column)
{
    const std::vector<std::string>& header = rows.at(0);
    for (std::size_t i = 0; i < header.size(); ++i)
    {
        if (header[i] == column)
        {
            return rows.at(row + 1).at(i);
        }
    }
    ADD_FAILURE() << "no column " << column;
    return "";
}

/// \return data segments that arrived below the highest sequence number already received on
///         their connection, per receiving node, in a segments.csv
uint32_t
OutOfOrder(const fs::path& file)
{
    std::vector<std::vector<std::string>> rows = Rows(file);
    const auto& h = rows[0];
    auto col = [&h](const char* name) { return std::find(h.begin(), h.end(), name) - h.begin(); };
    std::map<std::string, uint64_t> highest;
    uint32_t count = 0;
    for (std::size_t i = 1; i < rows.size(); ++i)
    {
        const auto& r = rows[i];
        if (r[col("event")] != "rx" || r[col("len")] == "0")
        {
            continue;
        }
        std::string key = r[col("node")] + "/" + r[col("conn")];
        uint64_t seq = std::stoull(r[col("seq")]);
        count += highest.count(key) && seq < highest[key] ? 1 : 0;
        highest[key] = std::max(highest[key], seq);
    }
    return count;
}

} // namespace

TEST(SynFinRun, Help_ListsTheOptionGroups)
{
    Outcome o = RunProgram("--help");
    EXPECT_EQ(o.status, 0);
    for (const char* group : {"Topology", "Impairments", "Workload", "Stack", "Output"})
    {
        EXPECT_NE(o.output.find(group), std::string::npos) << group;
    }
}

TEST(SynFinRun, BadInput_EveryClass_RefusedNamingOptionAndValue_NothingWritten)
{
    fs::path dir = Scratch("bad");
    fs::path file = dir / "a-file";
    std::ofstream(file) << "x";
    fs::path out = dir / "out";

    struct Case
    {
        std::string args;     //!< the bad arguments
        std::string expected; //!< what the message must contain
    };

    const std::vector<Case> cases{
        {"--loss=1.5", "--loss=1.5: expected a probability from 0 to 1"},
        {"--loss=-0.1", "--loss=-0.1"},
        {"--loss-forward=2", "--loss-forward=2"},
        {"--delay=-5ms", "--delay=-5ms: a time must not be negative"},
        {"--delay=5xs", "--delay=5xs: unknown time unit 'xs'"},
        {"--interval=soon", "--interval=soon"},
        {"--rate=10Mbs", "--rate=10Mbs: unknown rate unit 'Mbs'"},
        {"--rate=-1Mbps", "--rate=-1Mbps"},
        {"--connections=0", "--connections=0: expected a whole number from 1 to 10000000"},
        {"--connections=-5", "--connections=-5"},
        {"--pairs=0 --topology=dumbbell", "--pairs=0"},
        {"--request-bytes=lots", "--request-bytes=lots"},
        {"--topology=ring", "--topology=ring: unknown topology; allowed: single, chain"},
        {"--closer=nobody", "--closer=nobody: allowed: client, server, both"},
        {"--arrival=burst", "--arrival=burst: allowed: closed-loop, poisson"},
        {"--drop='FOO#1'", "--drop=FOO#1"},
        {"--drop='ACK[3s,2s]'", "--drop=ACK[3s,2s]"},
        {"--burst-loss=0.1", "--burst-loss=0.1: expected p,r"},
        {"--link=bottleneck:rate=1Mbps", "no link 'bottleneck' in this topology; its links: link"},
        {"--link=link:speed=1", "'speed=1' is not a link setting"},
        {"--stock-nodes=hub", "--stock-nodes=hub: no node 'hub'"},
        {"--half-close --closer=server", "--half-close"},
        {"--abort-fraction=0.6 --closed-port-fraction=0.6", "must not exceed 1"},
        {"--stop=0.5s", "--stop=0.5s: must be after --start"},
        {"--seed=0", "--seed=0"},
        {"--profile=bsd", "--profile=bsd: unknown profile; allowed: rfc9293, linux"},
        {"--variant=one-way", "--variant=one-way: unknown variant; allowed: standard, two-way"},
        {"--msl=0s", "--msl=0s: the maximum segment lifetime must be positive"},
        {"--node-profile=router=linux", "'router=linux' is not NODE=PROFILE for a synfin node"},
        {"--node-profile=client=bsd", "--node-profile=client=bsd: unknown profile 'bsd'"},
        {"--stock-nodes=server --node-profile=server=linux", "is not NODE=PROFILE"},
        {"--syn-cookies=maybe", "--syn-cookies=maybe: allowed: never, when-full, always"},
        {"--late=ANY", "--late=ANY: needs a --late-delay or --late-jitter above 0s"},
        {"--late=SYNN --late-delay=1s", "--late=SYNN: rule 1 'SYNN': unknown flag"},
        {"--late=ANY --late-delay=1s --late-mode=twice", "--late-mode=twice: allowed: duplicate"},
        {"--late=ANY --late-jitter=-1ms", "--late-jitter=-1ms: a time must not be negative"},
        {"--jitter=-1ms", "--jitter=-1ms: a time must not be negative"},
        {"--link=link:jitter=often", "--link=link jitter=often"},
        {"--syn-backlog=0", "--syn-backlog=0: expected a whole number from 1"},
        {"--syn-flood=-3", "--syn-flood=-3"},
        {"--syn-flood=10 --syn-flood-from=mallory", "--syn-flood-from=mallory: no such node"},
        {"--syn-flood=10 --syn-flood-duration=50ms", "--syn-flood-duration=50ms: too short"},
        {"--ns3::TcpSocket::NoSuch=1", "ns3::TcpSocket has no attribute 'NoSuch'"},
        {"--ns3::NoSuchType::X=1", "no ns-3 type 'ns3::NoSuchType'"},
        {"--ns3::TcpSocket::SegmentSize=abc", "not a valid value for ns3::TcpSocket::SegmentSize"},
        {"--config=" + (dir / "missing.ini").string(), "cannot read this file"},
        {"stray-word", "unexpected argument 'stray-word'"},
        {"--no-such-option=1", "no-such-option"},
    };
    for (const Case& c : cases)
    {
        Outcome o = RunProgram("--output=" + out.string() + " " + c.args);
        EXPECT_EQ(o.status, 2) << c.args << "\n" << o.output;
        EXPECT_NE(o.output.find(c.expected), std::string::npos)
            << c.args << ": expected \"" << c.expected << "\" in:\n"
            << o.output;
        EXPECT_FALSE(fs::exists(out / "connections.csv")) << c.args;
    }
    // An output folder that cannot be made.
    Outcome o = RunProgram("--output=" + (file / "sub").string());
    EXPECT_EQ(o.status, 2) << o.output;
    EXPECT_NE(o.output.find("--output=" + (file / "sub").string() + ": cannot create"),
              std::string::npos)
        << o.output;
    // A config file with an unknown key.
    fs::path ini = dir / "bad.ini";
    std::ofstream(ini) << "connections = 2\nspeed = 3\n";
    o = RunProgram("--output=" + out.string() + " --config=" + ini.string());
    EXPECT_EQ(o.status, 2) << o.output;
    EXPECT_NE(o.output.find("unknown option 'speed'"), std::string::npos) << o.output;
    EXPECT_FALSE(fs::exists(out / "connections.csv"));
}

TEST(SynFinRun, SameSeedAndRun_ByteIdenticalCsv_OtherRunDiffers)
{
    fs::path dir = Scratch("repro");
    const std::string args = " --topology=dumbbell --pairs=2 --loss=0.05 --connections=15 "
                             "--arrival=poisson --interval=30ms --abort-fraction=0.1 --timeout=20s "
                             "--closer=both";
    ASSERT_EQ(RunProgram("--output=" + (dir / "a").string() + args).status, 0);
    ASSERT_EQ(RunProgram("--output=" + (dir / "b").string() + args).status, 0);
    ASSERT_EQ(RunProgram("--output=" + (dir / "c").string() + args + " --run=2").status, 0);
    std::string a = AllCsv(dir / "a");
    EXPECT_GT(a.size(), 1000u);
    EXPECT_EQ(a, AllCsv(dir / "b"));
    EXPECT_NE(a, AllCsv(dir / "c"));
}

TEST(SynFinRun, Dumbbell_EveryClientOpensItsConnections_MetaRecordsTheCommand)
{
    fs::path dir = Scratch("dumbbell");
    Outcome o = RunProgram("--output=" + dir.string() +
                           " --topology dumbbell --pairs 3 --connections 4 --closer server "
                           "--link bottleneck:delay=40ms");
    ASSERT_EQ(o.status, 0) << o.output;
    EXPECT_NE(o.output.find("12 connections started"), std::string::npos) << o.output;
    auto rows = Rows(dir / "connections.csv");
    ASSERT_EQ(rows.size(), 13u);
    for (std::size_t r = 0; r < 12; ++r)
    {
        EXPECT_EQ(Cell(rows, r, "closer"), "server");
        EXPECT_EQ(Cell(rows, r, "outcome"), "completed");
        // 2 x (10 + 40 + 10) ms of delay, plus serialization at 10 Mbps.
        double handshake = std::stod(Cell(rows, r, "handshake_s"));
        EXPECT_GT(handshake, 0.120);
        EXPECT_LT(handshake, 0.122);
    }
    std::string meta = Slurp(dir / "meta.json");
    EXPECT_NE(meta.find("\"command\": "), std::string::npos);
    EXPECT_NE(meta.find("--link bottleneck:delay=40ms"), std::string::npos) << meta;
    EXPECT_NE(meta.find("\"option.pairs\": \"3\""), std::string::npos) << meta;

    // nodes.csv: every node by id, named as synfin-run names them; the hosts by what their
    // sockets did, the two routers in the middle (not recorded themselves) by forwarding.
    auto nodes = Rows(dir / "nodes.csv");
    ASSERT_EQ(nodes.size(), 9u);
    EXPECT_EQ(nodes[0], (std::vector<std::string>{"node", "name", "role", "addresses"}));
    std::map<std::string, std::string> roles;
    std::map<std::string, std::size_t> addresses;
    for (std::size_t r = 0; r < 8; ++r)
    {
        EXPECT_EQ(Cell(nodes, r, "node"), std::to_string(r));
        const std::string cell = Cell(nodes, r, "addresses");
        roles[Cell(nodes, r, "name")] = Cell(nodes, r, "role");
        addresses[Cell(nodes, r, "name")] = std::count(cell.begin(), cell.end(), ' ') + 1;
    }
    EXPECT_EQ(roles,
              (std::map<std::string, std::string>{{"client1", "client"},
                                                  {"client2", "client"},
                                                  {"client3", "client"},
                                                  {"left", "router"},
                                                  {"right", "router"},
                                                  {"server1", "server"},
                                                  {"server2", "server"},
                                                  {"server3", "server"}}));
    EXPECT_EQ(addresses["left"], 4u) << "three access links and the bottleneck";
    EXPECT_EQ(addresses["server2"], 1u);
}

TEST(SynFinRun, ConfigFile_SetsOptions_CommandLineWins_Ns3AttributesApply)
{
    fs::path dir = Scratch("config");
    fs::path ini = dir / "run.ini";
    std::ofstream(ini) << "# an experiment\ntopology = chain\nhops = 2\nconnections = 5\n"
                          "ns3::SynFinSocket::Msl = 7s\n";
    Outcome o = RunProgram("--output=" + (dir / "out").string() + " --config=" + ini.string() +
                           " --connections=2");
    ASSERT_EQ(o.status, 0) << o.output;
    auto rows = Rows(dir / "out" / "connections.csv");
    ASSERT_EQ(rows.size(), 3u); // the command line's 2, not the file's 5
    // TIME-WAIT lasts 2 x 7 s: the file's ns-3 attribute took effect.
    double enter = std::stod(Cell(rows, 0, "time_wait_enter_s"));
    double leave = std::stod(Cell(rows, 0, "time_wait_leave_s"));
    EXPECT_NEAR(leave - enter, 14.0, 1e-9);
    std::string meta = Slurp(dir / "out" / "meta.json");
    EXPECT_NE(meta.find("\"option.topology\": \"chain\""), std::string::npos) << meta;
    EXPECT_NE(meta.find("\"option.ns3::SynFinSocket::Msl\": \"7s\""), std::string::npos);

    // On the command line, the ns-3 attribute overrides --msl.
    o = RunProgram("--output=" + (dir / "out2").string() +
                   " --connections=1 --msl=30s --ns3::SynFinSocket::Msl=2s");
    ASSERT_EQ(o.status, 0) << o.output;
    rows = Rows(dir / "out2" / "connections.csv");
    enter = std::stod(Cell(rows, 0, "time_wait_enter_s"));
    leave = std::stod(Cell(rows, 0, "time_wait_leave_s"));
    EXPECT_NEAR(leave - enter, 4.0, 1e-9);
}

TEST(SynFinRun, FailureKnobs_ShowInOutcomes)
{
    fs::path dir = Scratch("failures");
    Outcome o =
        RunProgram("--output=" + dir.string() +
                   " --connections 40 --dead-host-fraction 0.25 --closed-port-fraction 0.25 "
                   "--abort-fraction 0.25 --ns3::TcpSocket::ConnCount=2");
    ASSERT_EQ(o.status, 0) << o.output;
    auto rows = Rows(dir / "connections.csv");
    std::map<std::string, int> outcomes;
    for (std::size_t r = 0; r + 1 < rows.size(); ++r)
    {
        ++outcomes[Cell(rows, r, "outcome")];
    }
    EXPECT_GT(outcomes["timed_out"], 0);
    EXPECT_GT(outcomes["refused"], 0);
    EXPECT_GT(outcomes["reset"], 0);
    EXPECT_GT(outcomes["completed"], 0);
}

TEST(SynFinRun, Pcap_OneCapturePerHost)
{
    fs::path dir = Scratch("pcap");
    ASSERT_EQ(RunProgram("--output=" + dir.string() +
                         " --topology=star --leaves=2 --connections=1 "
                         "--pcap")
                  .status,
              0);
    for (const char* host : {"client1", "client2", "server"})
    {
        fs::path pcap = dir / "pcap" / (std::string(host) + ".pcap");
        ASSERT_TRUE(fs::exists(pcap)) << pcap;
        EXPECT_GT(fs::file_size(pcap), 24u + 10 * 16u) << pcap; // header and packets
    }
    EXPECT_FALSE(fs::exists(dir / "pcap" / "hub.pcap"));
}

#ifdef SYNFIN_PLOT_BIN
TEST(SynFinRun, Plots_DrawsEveryFigure)
{
    fs::path dir = Scratch("plots");
    Outcome o = RunProgram("--output=" + dir.string() + " --connections=3 --plots");
    ASSERT_EQ(o.status, 0) << o.output;
    EXPECT_TRUE(fs::exists(dir / "plots" / "timeline.pdf"));
    EXPECT_TRUE(fs::exists(dir / "plots" / "timewait.png"));
}
#endif

TEST(SynFinRun, ProfileLinux_ThreeSegmentCloses_SixtySecondTimeWait_MslOverrides)
{
    fs::path dir = Scratch("profile");
    Outcome o = RunProgram("--output=" + (dir / "linux").string() +
                           " --profile=linux --connections=3 --closer=client");
    ASSERT_EQ(o.status, 0) << o.output;
    auto rows = Rows(dir / "linux" / "connections.csv");
    ASSERT_EQ(rows.size(), 4u);
    for (std::size_t r = 0; r < 3; ++r)
    {
        // The server closes as soon as it reads EOF: its FIN carries the delayed ACK.
        EXPECT_EQ(Cell(rows, r, "close_shape"), "three");
        double enter = std::stod(Cell(rows, r, "time_wait_enter_s"));
        double leave = std::stod(Cell(rows, r, "time_wait_leave_s"));
        EXPECT_NEAR(leave - enter, 60.0, 1e-9);
    }
    std::string meta = Slurp(dir / "linux" / "meta.json");
    EXPECT_NE(meta.find("\"option.profile\": \"linux\""), std::string::npos);

    o = RunProgram("--output=" + (dir / "msl").string() +
                   " --profile=linux --msl=3s --connections=1 --closer=client");
    ASSERT_EQ(o.status, 0) << o.output;
    rows = Rows(dir / "msl" / "connections.csv");
    double enter = std::stod(Cell(rows, 0, "time_wait_enter_s"));
    double leave = std::stod(Cell(rows, 0, "time_wait_leave_s"));
    EXPECT_NEAR(leave - enter, 6.0, 1e-9);
}

TEST(SynFinRun, VariantTwoWayClose_HalfClosedClientLosesTheResponse)
{
    fs::path dir = Scratch("variant");
    const std::string common =
        " --connections=3 --half-close --response-bytes=20000 --closer=client";
    Outcome standard = RunProgram("--output=" + (dir / "standard").string() + common);
    ASSERT_EQ(standard.status, 0) << standard.output;
    EXPECT_NE(standard.output.find("3 completed"), std::string::npos) << standard.output;
    Outcome twoWay =
        RunProgram("--output=" + (dir / "two-way").string() + common + " --variant=two-way-close");
    ASSERT_EQ(twoWay.status, 0) << twoWay.output;
    // The client dropped its state when its FIN was acknowledged: the response it was
    // still reading met a closed port.
    EXPECT_NE(twoWay.output.find("0 completed"), std::string::npos) << twoWay.output;
    std::string meta = Slurp(dir / "two-way" / "meta.json");
    EXPECT_NE(meta.find("\"option.variant\": \"two-way-close\""), std::string::npos);
}

TEST(SynFinRun, SynFlood_CookiesKeepHandshakesShort_WithoutThemClientsWait)
{
    fs::path dir = Scratch("flood");
    const std::string common = " --connections=5 --interval=200ms --syn-flood=200 "
                               "--syn-flood-duration=2s --syn-backlog=32";
    Outcome never =
        RunProgram("--output=" + (dir / "never").string() + common + " --syn-cookies=never");
    ASSERT_EQ(never.status, 0) << never.output;
    EXPECT_NE(never.output.find("400 spoofed SYNs sent"), std::string::npos) << never.output;
    EXPECT_EQ(never.output.find(" 0 SYNs dropped"), std::string::npos) << never.output;
    Outcome cookies = RunProgram("--output=" + (dir / "cookies").string() + common);
    ASSERT_EQ(cookies.status, 0) << cookies.output;
    EXPECT_NE(cookies.output.find(" 0 SYNs dropped"), std::string::npos) << cookies.output;

    // The client's connections, by the handshake_s column of connections.csv: the spoofed
    // half-open ones have no client side (no conn_client).
    auto handshakes = [](const fs::path& file) {
        std::vector<double> seconds;
        std::vector<std::vector<std::string>> rows = Rows(file);
        auto column = std::find(rows[0].begin(), rows[0].end(), "handshake_s") - rows[0].begin();
        for (std::size_t i = 1; i < rows.size(); ++i)
        {
            if (!rows[i][0].empty())
            {
                seconds.push_back(std::stod(rows[i][column]));
            }
        }
        return seconds;
    };
    std::vector<double> withCookies = handshakes(dir / "cookies" / "connections.csv");
    std::vector<double> without = handshakes(dir / "never" / "connections.csv");
    ASSERT_EQ(withCookies.size(), 5u);
    ASSERT_EQ(without.size(), 5u);
    for (double s : withCookies)
    {
        EXPECT_LT(s, 0.025); // one round trip of 20 ms
    }
    // Without cookies the SYN queue is full of spoofed entries: the first SYN is dropped
    // and the client waits for a retransmission (ns-3's ConnTimeout, 3 s) at least.
    EXPECT_GE(*std::max_element(without.begin(), without.end()), 3.0);

    // listeners.csv: a row per host, named as synfin-run names them; the server's counters
    // show the flood's effect (drops without cookies, cookies and no drops with them).
    for (const char* run : {"never", "cookies"})
    {
        auto rows = Rows(dir / run / "listeners.csv");
        ASSERT_EQ(rows.size(), 3u) << run;
        EXPECT_EQ(Cell(rows, 0, "node"), "0");
        EXPECT_EQ(Cell(rows, 0, "name"), "client");
        EXPECT_EQ(Cell(rows, 0, "syn_queue_drops"), "0");
        EXPECT_EQ(Cell(rows, 0, "cookies_sent"), "0");
        EXPECT_EQ(Cell(rows, 1, "node"), "1");
        EXPECT_EQ(Cell(rows, 1, "name"), "server");
    }
    auto neverRows = Rows(dir / "never" / "listeners.csv");
    EXPECT_GT(std::stoull(Cell(neverRows, 1, "syn_queue_drops")), 0u);
    EXPECT_EQ(Cell(neverRows, 1, "cookies_sent"), "0");
    auto cookieRows = Rows(dir / "cookies" / "listeners.csv");
    EXPECT_EQ(Cell(cookieRows, 1, "syn_queue_drops"), "0");
    EXPECT_GT(std::stoull(Cell(cookieRows, 1, "cookies_sent")), 0u);
}

TEST(SynFinRun, LinkJitter_DelaysVary_OrderKeptUnlessReorderAsked)
{
    fs::path dir = Scratch("jitter");
    const std::string common = " --connections=4 --response-bytes=20000 --rate=100Mbps";
    // Handshake times of a run, in ms.
    auto handshakes = [](const fs::path& run) {
        std::vector<std::vector<std::string>> rows = Rows(run / "connections.csv");
        auto c = std::find(rows[0].begin(), rows[0].end(), "handshake_s") - rows[0].begin();
        std::set<std::string> distinct;
        for (std::size_t i = 1; i < rows.size(); ++i)
        {
            distinct.insert(rows[i][c]);
        }
        return distinct.size();
    };
    ASSERT_EQ(RunProgram("--output=" + (dir / "plain").string() + common).status, 0);
    EXPECT_EQ(handshakes(dir / "plain"), 1u) << "every handshake takes one fixed round trip";
    for (const std::string jitter : {"--jitter=5ms", "--link=link:jitter=5ms"})
    {
        fs::path run = dir / (jitter[2] == 'j' ? "fifo" : "per-link");
        Outcome o = RunProgram("--output=" + run.string() + common + " " + jitter);
        ASSERT_EQ(o.status, 0) << o.output;
        EXPECT_NE(o.output.find("4 completed"), std::string::npos) << o.output;
        EXPECT_EQ(OutOfOrder(run / "segments.csv"), 0u) << jitter;
        EXPECT_GT(handshakes(run), 1u) << jitter << ": the round trip varies";
    }
    Outcome o = RunProgram("--output=" + (dir / "reorder").string() + common +
                           " --jitter=5ms --jitter-reorder");
    ASSERT_EQ(o.status, 0) << o.output;
    EXPECT_GT(OutOfOrder(dir / "reorder" / "segments.csv"), 20u);
}

TEST(SynFinRun, QueueDrops_RecordedWhereTheQueueIs_EachSentAgain)
{
    fs::path dir = Scratch("queue");
    Outcome o = RunProgram("--output=" + dir.string() +
                           " --topology=dumbbell --pairs=4 --queue=2 --connections=2"
                           " --response-bytes=100000 --link=bottleneck:rate=1Mbps");
    ASSERT_EQ(o.status, 0) << o.output;
    std::vector<std::vector<std::string>> rows = Rows(dir / "segments.csv");
    const auto& h = rows[0];
    auto col = [&h](const char* name) { return std::find(h.begin(), h.end(), name) - h.begin(); };
    // Nodes by name: the bottleneck's ends are the routers "left" and "right".
    const std::string meta = Slurp(dir / "meta.json");
    std::size_t drops = 0;
    std::size_t atRouters = 0;
    std::size_t resent = 0;
    for (std::size_t i = 1; i < rows.size(); ++i)
    {
        const auto& r = rows[i];
        if (r[col("event")] != "drop" || r[col("where")] != "queue")
        {
            continue;
        }
        EXPECT_FALSE(r[col("conn")].empty()) << "a queue drop belongs to its sender's connection";
        if (r[col("len")] == "0" && r[col("flags")] == "ACK")
        {
            continue; // a bare ACK is never sent again; later data may start at its seq
        }
        ++drops;
        // The routers at the bottleneck's two ends ("left", "right") feed a 1 Mbit/s link
        // from 10 Mbit/s ones: most drops are theirs (hosts' own queues drop some bursts).
        atRouters += meta.find("\"node." + r[col("node")] + "\": \"left\"") != std::string::npos ||
                     meta.find("\"node." + r[col("node")] + "\": \"right\"") != std::string::npos;
        // The sender sends the same bytes again later.
        for (std::size_t k = i + 1; k < rows.size(); ++k)
        {
            const auto& later = rows[k];
            bool same = true;
            for (const char* column :
                 {"from_address", "from_port", "to_address", "to_port", "seq", "flags"})
            {
                same = same && later[col(column)] == r[col(column)];
            }
            if (later[col("event")] == "tx" && same)
            {
                // Sent again: the recorder marks it as a retransmission.
                EXPECT_EQ(later[col("retx")], "1") << "resent at " << later[col("time_s")];
                ++resent;
                break;
            }
        }
    }
    EXPECT_GT(drops, 20u) << "a 2-packet queue at 1 Mbit/s overflows";
    EXPECT_GT(atRouters, 10u) << "the bottleneck's queues drop";
    EXPECT_GE(resent * 10, drops * 9) << resent << " of " << drops << " dropped segments resent";
}

TEST(SynFinRun, LateSegments_JitterReorders_DuplicatesArriveTwice)
{
    fs::path dir = Scratch("late");
    const std::string common = " --connections=3 --response-bytes=20000";
    ASSERT_EQ(RunProgram("--output=" + (dir / "plain").string() + common).status, 0);
    Outcome jitter = RunProgram("--output=" + (dir / "jitter").string() + common +
                                " --late=ANY --late-mode=hold --late-jitter=5ms");
    ASSERT_EQ(jitter.status, 0) << jitter.output;
    EXPECT_NE(jitter.output.find("3 completed"), std::string::npos) << jitter.output;
    EXPECT_EQ(OutOfOrder(dir / "plain" / "segments.csv"), 0u);
    EXPECT_GT(OutOfOrder(dir / "jitter" / "segments.csv"), 5u);

    Outcome dup = RunProgram("--output=" + (dir / "dup").string() + common +
                             " --late=SYN --late-delay=300ms");
    ASSERT_EQ(dup.status, 0) << dup.output;
    std::istringstream segments(Slurp(dir / "dup" / "segments.csv"));
    std::size_t synsReceived = 0;
    for (std::string line; std::getline(segments, line);)
    {
        synsReceived +=
            line.find(",rx,") != std::string::npos && line.find(",SYN,") != std::string::npos;
    }
    EXPECT_EQ(synsReceived, 6u); // each of the three SYNs, on time and 300 ms later
}

TEST(SynFinRun, VariantNoTimeWait_FourSegmentCloseWithoutTimeWait)
{
    fs::path dir = Scratch("no-time-wait");
    Outcome o = RunProgram("--output=" + dir.string() + " --connections=2 --variant=no-time-wait");
    ASSERT_EQ(o.status, 0) << o.output;
    std::vector<std::vector<std::string>> rows = Rows(dir / "connections.csv");
    ASSERT_EQ(rows.size(), 3u);
    auto col = [&rows](const char* name) {
        return std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin();
    };
    for (std::size_t i = 1; i < rows.size(); ++i)
    {
        EXPECT_EQ(rows[i][col("close_shape")], "four");
        EXPECT_EQ(rows[i][col("outcome")], "completed");
        EXPECT_EQ(rows[i][col("time_wait_enter_s")], "");
    }
}

TEST(SynFinRun, NodeProfile_OnlyThatNodeTakesIt)
{
    fs::path dir = Scratch("node-profile");
    // The client closes first and keeps TIME-WAIT: 60 s under Linux, 2 x 120 s otherwise.
    auto timeWait = [](const fs::path& run) {
        std::vector<std::vector<std::string>> rows = Rows(run / "connections.csv");
        auto col = [&rows](const char* name) {
            return std::find(rows[0].begin(), rows[0].end(), name) - rows[0].begin();
        };
        return std::stod(rows.at(1)[col("time_wait_leave_s")]) -
               std::stod(rows.at(1)[col("time_wait_enter_s")]);
    };
    ASSERT_EQ(RunProgram("--output=" + (dir / "client").string() +
                         " --connections=1 --node-profile=client=linux")
                  .status,
              0);
    ASSERT_EQ(RunProgram("--output=" + (dir / "server").string() +
                         " --connections=1 --node-profile=server=linux")
                  .status,
              0);
    EXPECT_NEAR(timeWait(dir / "client"), 60, 1e-6);
    EXPECT_NEAR(timeWait(dir / "server"), 240, 1e-6);
}
