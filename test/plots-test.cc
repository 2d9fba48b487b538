/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The figures (plots/) and synfin-plot, from the hand-made recorder output in
 * test/fixtures/run-basic (one lossless connection) and run-lossy (50 connections with
 * losses, TIME_WAIT piling up on the server).
 *
 * Three kinds of check: the text gnuplot receives (golden copies of the basic fixture's
 * .gp and .dat files in test/fixtures/golden; SYNFIN_UPDATE_GOLDEN=1 rewrites them after an
 * intended change), the images gnuplot makes (a PDF that is a PDF, a PNG that decodes to
 * a picture with the expected colours in it), and the command line's exit codes and
 * messages.
 */

#include "plots-test-util.h"
#include "synfin-plot-cdf.h"
#include "synfin-plot-csv.h"
#include "synfin-plot-error.h"
#include "synfin-plot-figure.h"
#include "synfin-plot-ladder.h"
#include "synfin-plot-meta.h"
#include "synfin-plot-run.h"
#include "synfin-plot-style.h"
#include "synfin-plot-sweep.h"
#include "synfin-plot-timeline.h"
#include "synfin-plot-timewait.h"
#include "synfin-plot-whatif.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <set>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

using namespace synfin::plot;
using namespace synfin::plot::test;

namespace
{

/// \return the figures of the basic fixture, by output name
std::vector<Figure>
BasicFigures()
{
    const RunFolder run(Fixture("run-basic"));
    return {MakeTimeline(run), MakeLadder(run, 2), MakeTimeWait(run), MakeCdf(run)};
}

} // namespace

// ---------------------------------------------------------------------------------------
// CSV reader
// ---------------------------------------------------------------------------------------

TEST(PlotCsv, MissingFile_ErrorNamesFile)
{
    try
    {
        CsvTable::Load("/nonexistent/states.csv", {});
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/states.csv"), std::string::npos);
    }
}

TEST(PlotCsv, MissingColumn_ErrorNamesFileLineAndColumn)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "t.csv") << "a,b\n1,2\n";
    try
    {
        CsvTable::Load((tmp.Path() / "t.csv").string(), {"a", "c"});
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("t.csv:1: missing column 'c'"), std::string::npos)
            << e.what();
    }
}

TEST(PlotCsv, MalformedNumber_ErrorNamesLineColumnAndValue)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "t.csv") << "a,b\n1,2\n3,4x\n";
    const auto table = CsvTable::Load((tmp.Path() / "t.csv").string(), {"a", "b"});
    EXPECT_EQ(table.Double(0, "b"), 2.0);
    try
    {
        table.Double(1, "b");
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("t.csv:3: column 'b': '4x' is not a number"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PlotCsv, WrongFieldCount_ErrorNamesLine)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "t.csv") << "a,b\n1,2\n3\n";
    try
    {
        CsvTable::Load((tmp.Path() / "t.csv").string(), {});
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("t.csv:3: 1 fields, but the header has 2"),
                  std::string::npos)
            << e.what();
    }
}

TEST(PlotCsv, EmptyCell_OptionalIsNothing)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "t.csv") << "a,b\r\n,7\r\n";
    const auto table = CsvTable::Load((tmp.Path() / "t.csv").string(), {"a", "b"});
    EXPECT_FALSE(table.OptionalDouble(0, "a").has_value());
    EXPECT_EQ(table.OptionalInteger(0, "b"), 7);
}

// ---------------------------------------------------------------------------------------
// meta.json
// ---------------------------------------------------------------------------------------

TEST(PlotMeta, TimeValueSpellings_ParsedToSeconds)
{
    EXPECT_DOUBLE_EQ(*ParseTimeSeconds("+500ms"), 0.5);
    EXPECT_DOUBLE_EQ(*ParseTimeSeconds("+2e+09ns"), 2.0);
    EXPECT_DOUBLE_EQ(*ParseTimeSeconds("120s"), 120.0);
    EXPECT_DOUBLE_EQ(*ParseTimeSeconds("30"), 30.0);
    EXPECT_DOUBLE_EQ(*ParseTimeSeconds("1min"), 60.0);
    EXPECT_FALSE(ParseTimeSeconds("fast").has_value());
    EXPECT_FALSE(ParseTimeSeconds("5 parsecs").has_value());
}

TEST(PlotMeta, MslAttribute_Read)
{
    const RunMeta meta = LoadRunMeta(Fixture("run-lossy") + "/meta.json");
    EXPECT_TRUE(meta.mslFromMeta);
    EXPECT_DOUBLE_EQ(meta.mslSeconds, 2.0);
    EXPECT_DOUBLE_EQ(*meta.stopSeconds, 9.0);
}

TEST(PlotMeta, NoMetaFile_Msl120Default)
{
    const RunMeta meta = LoadRunMeta("/nonexistent/meta.json");
    EXPECT_FALSE(meta.mslFromMeta);
    EXPECT_DOUBLE_EQ(meta.mslSeconds, kDefaultMslSeconds);
}

TEST(PlotMeta, TimeWaitDuration_OutranksTwiceTheMsl)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "meta.json")
        << "{\"attributes\": {\"ns3::SynFinSocket::Msl\": \"+30s\", "
           "\"ns3::SynFinSocket::TimeWaitDuration\": \"+60s\"}}\n";
    const RunMeta linux = LoadRunMeta((tmp.Path() / "meta.json").string());
    EXPECT_DOUBLE_EQ(linux.TimeWaitSeconds(), 60.0);
    std::ofstream(tmp.Path() / "meta.json")
        << "{\"attributes\": {\"ns3::SynFinSocket::Msl\": \"+7s\"}}\n";
    EXPECT_DOUBLE_EQ(LoadRunMeta((tmp.Path() / "meta.json").string()).TimeWaitSeconds(), 14.0);
}

TEST(PlotMeta, UnparsableMsl_ErrorNamesValue)
{
    TempDir tmp;
    std::ofstream(tmp.Path() / "meta.json")
        << "{\"attributes\": {\"ns3::SynFinSocket::Msl\": \"soon\"}}\n";
    try
    {
        LoadRunMeta((tmp.Path() / "meta.json").string());
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("'soon'"), std::string::npos) << e.what();
    }
}

// ---------------------------------------------------------------------------------------
// What the figures compute
// ---------------------------------------------------------------------------------------

TEST(PlotTimeline, Basic_BothEndsAdjacentListenerLast)
{
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-basic")));
    // Each band named by conn, role and its node's address.
    const auto client = fig.body.find("\"#2 client 10.1.1.1\" 0");
    const auto server = fig.body.find("\"#3 server 10.1.1.2\" 1");
    const auto listener = fig.body.find("\"#1 listener 10.1.1.2\" 2");
    EXPECT_NE(client, std::string::npos) << fig.body;
    EXPECT_NE(server, std::string::npos) << fig.body;
    EXPECT_NE(listener, std::string::npos) << fig.body;
}

TEST(PlotTimeline, Basic_MarksSynAndFinOfBothEnds)
{
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-basic")));
    std::multiset<std::string> kinds;
    for (const auto& df : fig.data)
    {
        if (df.name == "timeline-marks.dat")
        {
            for (const auto& row : df.rows)
            {
                kinds.insert(row[2]);
            }
        }
    }
    EXPECT_EQ(kinds.count("SYN"), 2U); // SYN and SYN-ACK
    EXPECT_EQ(kinds.count("FIN"), 2U);
    EXPECT_EQ(kinds.count("lost"), 0U);
}

TEST(PlotTimeline, LossyAboveThreshold_AggregatesAndSaysSo)
{
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-lossy")));
    // Said in the figure itself, not only in the title a paper leaves out.
    EXPECT_NE(fig.body.find("sockets per state (stacked)"), std::string::npos) << fig.body;
    EXPECT_NE(fig.body.find("101 sockets"), std::string::npos) << fig.body;
    ASSERT_EQ(fig.data.size(), 1U);
    EXPECT_EQ(fig.data[0].name, "timeline-counts.dat");
    // The stack's top is the socket count: the listener plus at most 50 connections.
    for (const auto& row : fig.data[0].rows)
    {
        EXPECT_LE(std::stol(row.back()), 101);
        EXPECT_GE(std::stol(row.back()), 1);
    }
}

TEST(PlotTimeline, LossyBelowRaisedThreshold_OneBandPerSocket)
{
    TimelineOptions options;
    options.aggregateAbove = 1000;
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-lossy")), options);
    EXPECT_EQ(fig.body.find("stacked"), std::string::npos);
    EXPECT_NE(fig.title.find("(101 sockets)"), std::string::npos) << fig.title;
}

/// \return the ladder label column of \p fig, in order
std::vector<std::string>
LadderLabels(const Figure& fig)
{
    std::vector<std::string> labels;
    for (const auto& df : fig.data)
    {
        if (df.name.find("-segments.dat") != std::string::npos)
        {
            for (const auto& row : df.rows)
            {
                labels.push_back(row[9]);
            }
        }
    }
    return labels;
}

TEST(PlotLadder, Basic_RelativeNumbersAsWireshark)
{
    const auto labels = LadderLabels(MakeLadder(RunFolder(Fixture("run-basic")), 2));
    ASSERT_EQ(labels.size(), 9U);
    EXPECT_EQ(labels[0], "\"SYN\\nseq=0\"");
    EXPECT_EQ(labels[1], "\"SYN,ACK\\nseq=0 ack=1\"");
    EXPECT_EQ(labels[2], "\"ACK\\nseq=1 ack=1\"");
    EXPECT_EQ(labels[3], "\"PSH,ACK len=200\\nseq=1 ack=1\"");
    EXPECT_EQ(labels[4], "\"PSH,ACK len=300\\nseq=1 ack=201\"");
    EXPECT_EQ(labels[5], "\"FIN,ACK\\nseq=201 ack=301\"");
    EXPECT_EQ(labels[8], "\"ACK\\nseq=202 ack=302\"");
}

TEST(PlotLadder, ServerEndConn_SameConnectionDrawn)
{
    const RunFolder run(Fixture("run-basic"));
    EXPECT_EQ(LadderLabels(MakeLadder(run, 3)), LadderLabels(MakeLadder(run, 2)));
    EXPECT_EQ(MakeLadder(run, 3).name, "ladder-conn3");
}

TEST(PlotLadder, IsnNearWrap_RelativeNumbersWrapToo)
{
    const RunFolder run(Fixture("run-lossy"));
    std::optional<int64_t> conn;
    for (const auto& c : run.Connections())
    {
        // The fixture gives this connection a server ISN 150 below 2^32.
        if (c.client == "10.1.1.1:49165")
        {
            conn = c.connClient;
        }
    }
    ASSERT_TRUE(conn.has_value());
    const auto labels = LadderLabels(MakeLadder(run, *conn));
    ASSERT_GE(labels.size(), 2U);
    EXPECT_EQ(labels[1], "\"SYN,ACK\\nseq=0 ack=1\"");
}

TEST(PlotLadder, LostSyn_DrawnLostThenRetransmissionDashed)
{
    const Figure fig = MakeLadder(RunFolder(Fixture("run-lossy")), 6);
    const auto& rows = fig.data[1].rows;
    ASSERT_GE(rows.size(), 2U);
    EXPECT_EQ(rows[0][11], "SYN");
    EXPECT_EQ(rows[0][5], "1") << "first SYN not drawn as lost";
    EXPECT_EQ(rows[1][4], "1") << "second SYN not marked as retransmission";
    EXPECT_EQ(rows[1][9], "\"retx SYN\\nseq=0\"");
    EXPECT_NE(fig.body.find("title 'lost'"), std::string::npos);
    EXPECT_NE(fig.body.find("title 'retransmission'"), std::string::npos);
    // The 1 s retransmission timeout is squeezed and labelled.
    EXPECT_NE(fig.body.find("-gaps.dat"), std::string::npos);
}

TEST(PlotLadder, UnknownConn_ErrorListsConnsThere)
{
    try
    {
        MakeLadder(RunFolder(Fixture("run-basic")), 99);
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("--conn 99"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("conns there: 2-3"), std::string::npos) << e.what();
    }
}

TEST(PlotTimeWait, Msl_TwoMslHorizonLabelled)
{
    EXPECT_NE(MakeTimeWait(RunFolder(Fixture("run-basic"))).body.find("2 MSL = 1 s"),
              std::string::npos);
    const Figure lossy = MakeTimeWait(RunFolder(Fixture("run-lossy")));
    EXPECT_NE(lossy.body.find("2 MSL = 4 s"), std::string::npos);
    // Only node 3 (the server) ever holds TIME_WAIT; node 0 (the client) is named in the
    // key, not drawn.
    ASSERT_EQ(lossy.data.size(), 1U);
    EXPECT_EQ(lossy.data[0].name, "timewait-node3.dat");
    EXPECT_NE(lossy.body.find("title 'server 10.1.3.2'"), std::string::npos) << lossy.body;
    EXPECT_NE(lossy.body.find("no TIME_WAIT on client 10.1.1.1"), std::string::npos) << lossy.body;
}

TEST(PlotTimeWait, NoMeta_DefaultMslSaidInTitle)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    fs::remove(run / "meta.json");
    const Figure fig = MakeTimeWait(RunFolder(run.string()));
    EXPECT_NE(fig.title.find("MSL = 120 s (default)"), std::string::npos) << fig.title;
    // In the figure too, which a paper shows without its title.
    EXPECT_NE(fig.body.find("MSL not recorded: 120 s default assumed"), std::string::npos)
        << fig.body;
    // 2 MSL = 240 s lies past the 2.14 s of data: said, not drawn off the axis.
    EXPECT_NE(fig.body.find("after the run"), std::string::npos) << fig.body;
}

TEST(PlotCdf, Lossy_OnePointPerConnectionWithTheTime)
{
    const Figure fig = MakeCdf(RunFolder(Fixture("run-lossy")));
    ASSERT_EQ(fig.data.size(), 2U);
    // 50 handshakes; a leading 0 row starts each step curve.
    EXPECT_EQ(fig.data[0].rows.size(), 51U);
    EXPECT_EQ(fig.data[0].rows.back()[1], "1.000000");
    // Connections still in TIME_WAIT at the end have no close time.
    EXPECT_LT(fig.data[1].rows.size(), 51U);
}

/// Writes a comparison.csv of \p rows (after the header) into \p dir.
void
WriteComparison(const fs::path& dir, const std::string& rows)
{
    std::ofstream(dir / "comparison.csv") << "variant,scenario,metric,standard,variant_value\n"
                                          << rows;
}

TEST(PlotWhatIf, TwoVariants_GroupedRowsScaledToTheirLargerValue)
{
    TempDir tmp;
    WriteComparison(tmp.Path(),
                    "two-way-close,half-close,response bytes,20000,5360\n"
                    "no-time-wait,last ACK lost,RSTs sent,0,1\n"
                    "no-time-wait,port reuse,old bytes,0,65223\n");
    const Figure fig = MakeWhatIf(tmp.Path().string());
    EXPECT_EQ(fig.name, "whatif");
    ASSERT_EQ(fig.data.size(), 5U);
    const auto& variants = fig.data[0].rows;
    const auto& scenarios = fig.data[1].rows;
    const auto& names = fig.data[2].rows;
    const auto& standard = fig.data[3].rows;
    const auto& variant = fig.data[4].rows;
    // One heading per variant, one line per scenario, one name and two bars per row.
    ASSERT_EQ(variants.size(), 2U);
    EXPECT_EQ(variants[1][1], "\"no-time-wait\"");
    ASSERT_EQ(scenarios.size(), 3U);
    ASSERT_EQ(names.size(), 3U);
    ASSERT_EQ(standard.size(), 3U);
    ASSERT_EQ(variant.size(), 3U);
    // The larger value is a full bar; the smaller its share; the printed value as measured.
    EXPECT_EQ(standard[0][1], "1.000000");
    EXPECT_EQ(variant[0][1], "0.268000");
    EXPECT_EQ(variant[0][2], "\"5360\"");
    // A zero stays visible as a tick, and prints as 0.
    EXPECT_GT(std::stod(standard[2][1]), 0.0);
    EXPECT_LT(std::stod(standard[2][1]), 0.01);
    EXPECT_EQ(standard[2][2], "\"0\"");
    // Top to bottom: each row below the previous one, the variant's bar below the standard's.
    for (std::size_t i = 0; i < 3; ++i)
    {
        EXPECT_LT(std::stod(names[i][0]), std::stod(standard[i][0]));
        EXPECT_LT(std::stod(standard[i][0]), std::stod(variant[i][0]));
        if (i > 0)
        {
            EXPECT_LT(std::stod(variant[i - 1][0]), std::stod(names[i][0]));
        }
    }
}

TEST(PlotWhatIf, BadComparison_ErrorNamesFileAndValue)
{
    TempDir tmp;
    try
    {
        MakeWhatIf(tmp.Path().string());
        ADD_FAILURE() << "no comparison.csv accepted";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("comparison.csv: not found"), std::string::npos)
            << e.what();
    }
    WriteComparison(tmp.Path(), "two-way-close,half-close,response bytes,-3,5360\n");
    try
    {
        MakeWhatIf(tmp.Path().string());
        ADD_FAILURE() << "a negative value accepted";
    }
    catch (const PlotError& e)
    {
        EXPECT_NE(std::string(e.what()).find("'standard'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("negative"), std::string::npos) << e.what();
    }
}

/// Writes a synfin-sweep summary.csv varying delay and profile, with metric m.
void
WriteSweepSummary(const fs::path& dir)
{
    std::ofstream(dir / "summary.csv")
        << "point,delay,profile,runs,failed,m_s_n,m_s_mean,m_s_sd,m_s_ci95_low,m_s_ci95_high\n"
        << "0,5ms,linux,3,0,3,1.5,0.1,1.25,1.75\n"
        << "1,5ms,rfc9293,3,0,3,2.5,0.1,2.25,2.75\n"
        << "2,10ms,linux,3,0,3,2,0.1,1.75,2.25\n"
        << "3,10ms,rfc9293,3,0,0,,,,\n"
        << "4,20ms,linux,3,0,1,3,0,3,3\n"
        << "5,20ms,rfc9293,3,0,3,4,0.1,3.75,4.25\n";
}

TEST(PlotSweep, ByProfile_OneLinePerValue_UnitInLabel_GeometricXIsLog)
{
    TempDir tmp;
    WriteSweepSummary(tmp.Path());
    SweepFigureSpec spec{"delay", "m", "profile", {}};
    const Figure fig = MakeSweepFigure(tmp.Path().string(), spec);
    EXPECT_EQ(fig.name, "sweep-m_s-vs-delay-by-profile") << "m found as m_s";
    ASSERT_EQ(fig.data.size(), 2U);
    // linux: three points in x order, mean and CI as given.
    ASSERT_EQ(fig.data[0].rows.size(), 3U);
    EXPECT_EQ(fig.data[0].rows[0][0], "5.000000000");
    EXPECT_EQ(fig.data[0].rows[0][1], "1.500000000");
    EXPECT_EQ(fig.data[0].rows[0][2], "1.250000000");
    EXPECT_EQ(fig.data[0].rows[2][3], "3.000000000");
    // rfc9293 at 10ms has no value: left out, not drawn at 0.
    EXPECT_EQ(fig.data[1].rows.size(), 2U);
    EXPECT_NE(fig.body.find("set xlabel 'delay (ms)'"), std::string::npos) << fig.body;
    EXPECT_NE(fig.body.find("set logscale x"), std::string::npos) << "5, 10, 20: x2 each";
    EXPECT_NE(fig.body.find("title 'profile rfc9293'"), std::string::npos) << fig.body;
    EXPECT_NE(fig.body.find("yerrorlines"), std::string::npos);
}

TEST(PlotSweep, NamesOnX_OneTickEach_WhereHoldsTheOther)
{
    TempDir tmp;
    WriteSweepSummary(tmp.Path());
    SweepFigureSpec spec{"profile", "m_s", "", {{"delay", "20ms"}}};
    const Figure fig = MakeSweepFigure(tmp.Path().string(), spec);
    ASSERT_EQ(fig.data.size(), 1U);
    ASSERT_EQ(fig.data[0].rows.size(), 2U);
    EXPECT_EQ(fig.data[0].rows[1][0], "1.000000000") << "rfc9293 is the second name";
    EXPECT_EQ(fig.data[0].rows[1][1], "4.000000000");
    EXPECT_NE(fig.body.find("set xtics ('linux' 0, 'rfc9293' 1)"), std::string::npos) << fig.body;
    EXPECT_EQ(fig.body.find("logscale"), std::string::npos);
}

TEST(PlotFormats, WhatIfAndSweep_EveryFormatValid_NoTextOverlapsOrIsClipped)
{
    TempDir tmp;
    WriteComparison(tmp.Path(),
                    "two-way-close,half-close,response bytes,20000,5360\n"
                    "no-time-wait,last ACK lost,RSTs sent,0,1\n"
                    "no-time-wait,port reuse,old bytes,0,65223\n");
    WriteSweepSummary(tmp.Path());
    const fs::path out = tmp.Path() / "out";
    fs::create_directories(out);
    for (const auto& fig : {MakeWhatIf(tmp.Path().string()),
                            MakeSweepFigure(tmp.Path().string(), {"delay", "m", "profile", {}})})
    {
        RenderFigure(fig, out.string(), KnownFormats());
        ExpectRendered(out, fig.name);
        EXPECT_NE(Slurp(out / (fig.name + ".svg")).find("</svg>"), std::string::npos);
        EXPECT_NE(Slurp(out / (fig.name + ".tex")).find("\\end{tikzpicture}"), std::string::npos);
        if (CanMeasureText())
        {
            const auto problems = SvgTextProblems(out / (fig.name + ".svg"), kFigureTolerancePx);
            EXPECT_TRUE(problems.empty()) << fig.name << ":\n" << Joined(problems);
        }
    }
}

TEST(PlotSweep, BadSpec_ErrorSaysWhatIsAllowed)
{
    TempDir tmp;
    WriteSweepSummary(tmp.Path());
    auto error = [&tmp](SweepFigureSpec spec) {
        try
        {
            MakeSweepFigure(tmp.Path().string(), spec);
        }
        catch (const PlotError& e)
        {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error({"delay", "m", "", {}}).find("'profile' varies too (linux, rfc9293)"),
              std::string::npos);
    EXPECT_NE(error({"loss", "m", "profile", {}})
                  .find("--x loss: not an option this sweep "
                        "varies (it varies: delay, profile)"),
              std::string::npos);
    EXPECT_NE(error({"delay", "speed", "profile", {}})
                  .find("--y speed: not a metric of this "
                        "sweep (metrics: m_s)"),
              std::string::npos);
    EXPECT_NE(error({"profile", "m", "", {{"delay", "7ms"}}}).find("no point of this sweep"),
              std::string::npos);
}

// ---------------------------------------------------------------------------------------
// Golden files: the exact text gnuplot gets for the basic fixture
// ---------------------------------------------------------------------------------------

TEST(PlotGolden, BasicFixture_ScriptsAndDataMatchGolden)
{
    ExpectMatchesGolden(BasicFigures(), "golden");
}

TEST(PlotGolden, Scripts_UseRelativeDataNamesOnly)
{
    TempDir tmp;
    for (const auto& fig : BasicFigures())
    {
        WriteFigureSources(fig, tmp.Path().string(), {"pdf", "png"});
        const std::string gp = Slurp(tmp.Path() / (fig.name + ".gp"));
        EXPECT_EQ(gp.find(tmp.Path().string()), std::string::npos) << fig.name;
        EXPECT_EQ(gp.find(SourceDir()), std::string::npos) << fig.name;
        for (const auto& df : fig.data)
        {
            EXPECT_NE(gp.find("'" + df.name + "'"), std::string::npos)
                << fig.name << " " << df.name;
        }
    }
}

// ---------------------------------------------------------------------------------------
// Rendering with gnuplot
// ---------------------------------------------------------------------------------------

TEST(PlotRender, BasicFixture_EveryFigureRendersPdfAndPng)
{
    TempDir tmp;
    for (const auto& fig : BasicFigures())
    {
        RenderFigure(fig, tmp.Path().string(), {"pdf", "png"});
        const Image png = ExpectRendered(tmp.Path(), fig.name);
        if (fig.name == "timeline")
        {
            // Every state the connection went through shows in its own colour.
            for (const char* state : {"SYN_SENT",
                                      "ESTABLISHED",
                                      "FIN_WAIT_1",
                                      "TIME_WAIT",
                                      "CLOSE_WAIT",
                                      "LAST_ACK",
                                      "LISTEN"})
            {
                EXPECT_GT(CountColour(png, PlotStyle::StateColour(state)), 50U) << state;
            }
        }
        if (fig.name == "timewait")
        {
            EXPECT_GT(CountColour(png, PlotStyle::SeriesColour(0)), 200U);
        }
    }
}

TEST(PlotRender, LossyFixture_EveryFigureRendersPdfAndPng)
{
    TempDir tmp;
    const RunFolder run(Fixture("run-lossy"));
    for (const auto& fig : {MakeTimeline(run), MakeLadder(run, 6), MakeTimeWait(run), MakeCdf(run)})
    {
        RenderFigure(fig, tmp.Path().string(), {"pdf", "png"});
        const Image png = ExpectRendered(tmp.Path(), fig.name);
        if (fig.name == "timeline")
        {
            // The aggregated stack is mostly TIME_WAIT piling up on the server.
            EXPECT_GT(CountColour(png, PlotStyle::StateColour("TIME_WAIT")), 20000U);
        }
        if (fig.name == "ladder-conn6")
        {
            // The lost SYN's cross.
            EXPECT_GT(CountColour(png, PlotStyle::SeriesColour(0)), 50U);
        }
    }
}

TEST(PlotRender, GpScript_RerunInItsFolder_RecreatesOutputs)
{
    TempDir tmp;
    const auto fig = MakeLadder(RunFolder(Fixture("run-basic")), 2);
    RenderFigure(fig, tmp.Path().string(), {"pdf", "png"});
    fs::remove(tmp.Path() / "ladder-conn2.pdf");
    fs::remove(tmp.Path() / "ladder-conn2.png");
    const std::string cmd =
        "cd '" + tmp.Path().string() + "' && gnuplot ladder-conn2.gp >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    ExpectRendered(tmp.Path(), "ladder-conn2");
}

TEST(PlotRender, PdfOnly_ScriptAndOutputsHaveNoPng)
{
    TempDir tmp;
    const auto fig = MakeCdf(RunFolder(Fixture("run-basic")));
    RenderFigure(fig, tmp.Path().string(), {"pdf"});
    EXPECT_TRUE(fs::exists(tmp.Path() / "cdf.pdf"));
    EXPECT_FALSE(fs::exists(tmp.Path() / "cdf.png"));
    EXPECT_NE(Slurp(tmp.Path() / "cdf.gp").find("formats = \"pdf\""), std::string::npos);
}

// ---------------------------------------------------------------------------------------
// synfin-plot, the command line
// ---------------------------------------------------------------------------------------

TEST(PlotCli, AllOnBasic_WritesEveryFigureIntoRunPlots)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    const auto r = RunCli("all '" + run.string() + "'", tmp.Path());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    for (const char* name : {"timeline", "ladder-conn2", "timewait", "cdf"})
    {
        ExpectRendered(run / "plots", name);
    }
    // No staging folder is left behind.
    for (const auto& entry : fs::directory_iterator(run))
    {
        EXPECT_EQ(entry.path().filename().string().find(".plots.partial"), std::string::npos);
    }
}

TEST(PlotCli, LadderConnAndFormat_OnlyThatFigureAndFormat)
{
    TempDir tmp;
    const fs::path out = tmp.Path() / "figs";
    const auto r = RunCli("ladder '" + Fixture("run-lossy") + "' --conn 6 --format png --output '" +
                              out.string() + "'",
                          tmp.Path());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(fs::exists(out / "ladder-conn6.png"));
    EXPECT_FALSE(fs::exists(out / "ladder-conn6.pdf"));
    EXPECT_TRUE(fs::exists(out / "ladder-conn6.gp"));
}

TEST(PlotCli, WhatIf_RendersTheComparisonFigure)
{
    TempDir tmp;
    WriteComparison(tmp.Path(), "five-way-close,client closes first,segments,4,5\n");
    const auto r = RunCli("whatif '" + tmp.Path().string() + "'", tmp.Path());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    const Image png = ExpectRendered(tmp.Path() / "plots", "whatif");
    // Both bars are drawn in their colours.
    EXPECT_GT(CountColour(png, "#0072B2"), 200U);
    EXPECT_GT(CountColour(png, "#D55E00"), 200U);
}

TEST(PlotCli, UnknownFigure_Exit2NamesValueAndAllowed)
{
    TempDir tmp;
    const auto r = RunCli("histogram '" + Fixture("run-basic") + "'", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("unknown figure 'histogram'"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("timeline, ladder, timewait, cdf, all, whatif, sweep"),
              std::string::npos)
        << r.output;
}

TEST(PlotCli, MissingFolder_Exit2NamesFolder)
{
    TempDir tmp;
    const auto r = RunCli("cdf /nonexistent/run", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("/nonexistent/run: no such run folder"), std::string::npos) << r.output;
}

TEST(PlotCli, MissingCsv_Exit2NamesFile)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    fs::remove(run / "segments.csv");
    const auto r = RunCli("timeline '" + run.string() + "'", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("segments.csv: cannot read file"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(run / "plots"));
}

TEST(PlotCli, MalformedCsv_Exit2NamesLineAndNothingWritten)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    std::string states = Slurp(run / "states.csv");
    states.replace(states.find("1.040064000"), 11, "soon");
    std::ofstream(run / "states.csv") << states;
    const auto r = RunCli("all '" + run.string() + "'", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("states.csv:3: column 'leave_s': 'soon' is not a number"),
              std::string::npos)
        << r.output;
    EXPECT_FALSE(fs::exists(run / "plots"));
}

TEST(PlotCli, UnknownConn_Exit2ListsConns)
{
    TempDir tmp;
    const auto r = RunCli("ladder '" + Fixture("run-basic") + "' --conn 42 --output '" +
                              (tmp.Path() / "o").string() + "'",
                          tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("--conn 42: no such connection"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(tmp.Path() / "o"));
}

TEST(PlotCli, BadFormat_Exit2NamesValueAndAllowed)
{
    TempDir tmp;
    const auto r = RunCli("cdf '" + Fixture("run-basic") + "' --format pdf,jpg", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("unknown format 'jpg' (allowed: pdf, png"), std::string::npos)
        << r.output;
}

TEST(PlotCli, ConnWithoutLadder_Exit2)
{
    TempDir tmp;
    const auto r = RunCli("cdf '" + Fixture("run-basic") + "' --conn 2", tmp.Path());
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.output.find("--conn applies to the ladder figure only"), std::string::npos)
        << r.output;
}

TEST(PlotCli, GnuplotFails_Exit1AndNoPartialOutput)
{
    TempDir tmp;
    const fs::path out = tmp.Path() / "o";
    // A "gnuplot" that reads nothing and fails: the first figure cannot be made.
    const auto r = RunCli("all '" + Fixture("run-basic") + "' --output '" + out.string() + "'",
                          tmp.Path(),
                          "GNUPLOT_IOSTREAM_CMD=false");
    EXPECT_EQ(r.exitCode, 1) << r.output;
    EXPECT_NE(r.output.find("gnuplot failed"), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out));
    for (const auto& entry : fs::directory_iterator(tmp.Path()))
    {
        EXPECT_EQ(entry.path().filename().string().find(".o.partial"), std::string::npos)
            << "staging folder left behind";
    }
}

TEST(PlotCli, GnuplotIostreamCmd_Honoured)
{
    TempDir tmp;
    const fs::path session = tmp.Path() / "session.gp";
    const auto r =
        RunCli("cdf '" + Fixture("run-basic") + "' --output '" + (tmp.Path() / "o").string() + "'",
               tmp.Path(),
               "GNUPLOT_IOSTREAM_CMD=\"tee '" + session.string() + "' | gnuplot\"");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_NE(Slurp(session).find("load 'cdf.gp'"), std::string::npos) << Slurp(session);
}
