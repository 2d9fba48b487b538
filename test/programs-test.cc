/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every synfin program takes the same option syntax: ns-3 times, bounded counts, ns-3's
 * --ns3::Type::Attribute=value and --PrintHelp/--PrintAttributes, and no stray words. A bad
 * value is refused with a message naming it and exit status 2, and nothing is written.
 */

#include "cli-test-util.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using synfin_test::Outcome;

namespace
{

Outcome
RunCommand(const std::string& program, const std::string& args)
{
    return synfin_test::RunCommand(program + " " + args);
}

/// A program's bad argument and what its message must say.
struct BadCase
{
    std::string program;  //!< path of the program
    std::string args;     //!< the arguments
    std::string expected; //!< part of the message
};

void
ExpectRefused(const BadCase& c)
{
    Outcome o = RunCommand(c.program, c.args);
    EXPECT_EQ(o.status, 2) << c.program << " " << c.args << "\n" << o.output;
    EXPECT_NE(o.output.find(c.expected), std::string::npos)
        << c.program << " " << c.args << ": expected \"" << c.expected << "\" in:\n"
        << o.output;
    EXPECT_EQ(o.output.find("aborted"), std::string::npos) << o.output; // no ns-3 abort
}

fs::path
Scratch(const std::string& name)
{
    fs::path dir = fs::temp_directory_path() / ("synfin-programs-test-" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

} // namespace

#if defined(SYNFIN_DEMO_BIN) && defined(SYNFIN_BENCH_BIN) && defined(SYNFIN_TABLE_BIN)
TEST(Programs, Utils_BadValuesRefusedNamingThem)
{
    fs::path dir = Scratch("utils");
    const std::string demo = std::string(SYNFIN_DEMO_BIN) + " --output=" + (dir / "d").string();
    const std::string bench = SYNFIN_BENCH_BIN;
    const std::vector<BadCase> cases{
        {demo, "--msl=5xs", "--msl=5xs: unknown time unit 'xs'"},
        {demo, "--msl=-1s", "--msl=-1s: a time must not be negative"},
        {demo, "--connections=-5", "--connections=-5: expected a whole number from 1 to 100000"},
        {demo, "--loss=0.7", "--loss=0.7: allowed: 0 to 0.5"},
        {demo, "extra", "unexpected argument 'extra'"},
        {demo, "--ns3::SynFinSocket::Nope=1", "ns3::SynFinSocket has no attribute 'Nope'"},
        {bench, "--connections=-5", "--connections=-5: expected a whole number from 1 to"},
        {bench, "--connections=0", "--connections=0"},
        {bench, "--interval=0s", "--interval=0s: must be positive"},
        {bench, "--interval=fast", "--interval=fast"},
        {bench, "--repeat=1000", "--repeat=1000"},
        {bench, "--csv=" + (dir / "no" / "such" / "dir.csv").string(), "cannot write this file"},
        {bench, "--ns3::TcpSocket::SegmentSize=big", "not a valid value"},
        {std::string(SYNFIN_TABLE_BIN), "--dot stray", "unexpected argument 'stray'"},
        {std::string(SYNFIN_TABLE_BIN), "--dot --variant=zero-way", "--variant=zero-way"},
    };
    for (const BadCase& c : cases)
    {
        ExpectRefused(c);
    }
    EXPECT_FALSE(fs::exists(dir / "d" / "connections.csv"));
}

TEST(Programs, Utils_TakeNs3TimesAndAttributes_PrintHelpAndAttributes)
{
    fs::path dir = Scratch("good");
    Outcome o = RunCommand(SYNFIN_DEMO_BIN,
                           "--connections=2 --msl=1500ms --ns3::SynFinSocket::MinRto=200ms "
                           "--output=" +
                               dir.string());
    ASSERT_EQ(o.status, 0) << o.output;
    std::ifstream meta(dir / "meta.json");
    std::stringstream text;
    text << meta.rdbuf();
    EXPECT_NE(text.str().find("\"ns3::SynFinSocket::Msl\": \"+1.5e+09ns\""), std::string::npos)
        << text.str();
    EXPECT_NE(text.str().find("\"ns3::SynFinSocket::MinRto\": \"+2e+08ns\""), std::string::npos);

    o = RunCommand(SYNFIN_BENCH_BIN, "--PrintHelp");
    EXPECT_EQ(o.status, 0);
    EXPECT_NE(o.output.find("--connections"), std::string::npos);
    o = RunCommand(SYNFIN_TABLE_BIN, "--PrintAttributes=ns3::SynFinSocket");
    EXPECT_EQ(o.status, 0);
    EXPECT_NE(o.output.find("--ns3::SynFinSocket::Msl=[+1.2e+11ns]"), std::string::npos)
        << o.output;
}

TEST(Programs, Bench_CsvHoldsTheTable)
{
    fs::path dir = Scratch("bench");
    Outcome o =
        RunCommand(SYNFIN_BENCH_BIN,
                   "--connections=200 --variants=synfin,udp --csv=" + (dir / "bench.csv").string());
    ASSERT_EQ(o.status, 0) << o.output;
    std::ifstream csv(dir / "bench.csv");
    std::string header;
    std::string synfin;
    std::string udp;
    std::getline(csv, header);
    std::getline(csv, synfin);
    std::getline(csv, udp);
    EXPECT_EQ(header.rfind("variant,connections,completed,wall_s,", 0), 0u) << header;
    EXPECT_EQ(synfin.rfind("synfin,200,200,", 0), 0u) << synfin;
    EXPECT_EQ(udp.rfind("udp,200,200,", 0), 0u) << udp;
    EXPECT_FALSE(fs::exists(dir / "bench.csv.partial"));
}
#endif

#if defined(THREE_WAY_HANDSHAKE_BIN) && defined(FOUR_WAY_CLOSE_BIN)
TEST(Programs, Examples_TimesCheckedNotAborted_StrayWordsRefused)
{
    const std::vector<BadCase> cases{
        {THREE_WAY_HANDSHAKE_BIN, "--delay=-5ms", "--delay=-5ms: a time must not be negative"},
        {THREE_WAY_HANDSHAKE_BIN, "--delay=5xs", "--delay=5xs: unknown time unit 'xs'"},
        {THREE_WAY_HANDSHAKE_BIN, "oops", "unexpected argument 'oops'"},
        {FOUR_WAY_CLOSE_BIN, "--msl=soon", "--msl=soon"},
        {FOUR_WAY_CLOSE_BIN, "--closer=nobody", "--closer=nobody"},
    };
    for (const BadCase& c : cases)
    {
        ExpectRefused(c);
    }
    Outcome o = RunCommand(FOUR_WAY_CLOSE_BIN, "--msl=1s --delay=5ms --pcap=0");
    EXPECT_EQ(o.status, 0) << o.output;
    EXPECT_NE(o.output.find("TIME-WAIT -> CLOSED"), std::string::npos) << o.output;
}
#endif
