/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The state timeline and TIME_WAIT figures: their time axis, legends and wording.
 *
 * What an author of a paper relies on when putting the two figures of a run side by side:
 * one time axis for both (the stretch with activity by default, the whole run on
 * request), the 2 MSL marker measured from the first TIME_WAIT entry, an aggregated
 * timeline that says what it shows and draws steps without spikes, nodes named by role
 * and address, and no information that only the title (left out of a paper's figure)
 * would carry.
 */

#include "plots-test-util.h"
#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"
#include "synfin-plot-span.h"
#include "synfin-plot-timeline.h"
#include "synfin-plot-timewait.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace synfin::plot;
using namespace synfin::plot::test;

namespace
{

/// The x range a figure's body sets.
struct XRange
{
    double from{-1}; //!< left end (s)
    double to{-1};   //!< right end (s)
};

/// \return the "set xrange [A:B]" of \p fig; ADD_FAILURE if there is none
XRange
XRangeOf(const Figure& fig)
{
    static const std::regex pattern(R"(set xrange \[([-0-9.e+]+):([-0-9.e+]+)\])");
    std::smatch m;
    if (!std::regex_search(fig.body, m, pattern))
    {
        ADD_FAILURE() << fig.name << ": no xrange in\n" << fig.body;
        return {};
    }
    return {std::stod(m[1]), std::stod(m[2])};
}

/// The 2 MSL span arrow of a TIME_WAIT figure.
struct Arrow
{
    double from{-1}; //!< where it starts (s)
    double to{-1};   //!< where it ends (s)
};

/// \return "set arrow 2 from A, graph 0.93 to B, graph 0.93" of \p fig
Arrow
MslArrowOf(const Figure& fig)
{
    static const std::regex pattern(R"(set arrow 2 from ([-0-9.]+), graph [0-9.]+ to ([-0-9.]+),)");
    std::smatch m;
    if (!std::regex_search(fig.body, m, pattern))
    {
        ADD_FAILURE() << fig.name << ": no 2 MSL arrow in\n" << fig.body;
        return {};
    }
    return {std::stod(m[1]), std::stod(m[2])};
}

/// \return the key entries of \p fig: every "title 'X'" of its plot command, in order
std::vector<std::string>
KeyOf(const Figure& fig)
{
    static const std::regex pattern(R"(title '([^']*)')");
    std::vector<std::string> key;
    // Not the settings before it: "set key title" is the key's heading, not an entry.
    const std::string plot = fig.body.substr(std::min(fig.body.size(), fig.body.find("plot \\")));
    for (std::sregex_iterator i(plot.begin(), plot.end(), pattern), end; i != end; ++i)
    {
        key.push_back((*i)[1]);
    }
    return key;
}

/// \return the data file \p name of \p fig; ADD_FAILURE and an empty one if it has none
DataFile
DataOf(const Figure& fig, const std::string& name)
{
    for (const auto& df : fig.data)
    {
        if (df.name == name)
        {
            return df;
        }
    }
    ADD_FAILURE() << fig.name << " has no " << name;
    return {};
}

/// \return the time of the first TIME_WAIT entry anywhere in \p run, from timewait.csv
double
FirstTimeWaitEntry(const RunFolder& run)
{
    double first = 1e300;
    for (const auto& s : run.TimeWait())
    {
        if (s.count > 0)
        {
            first = std::min(first, s.time);
        }
    }
    return first;
}

/**
 * Writes a run folder into \p dir: \p states (rows of states.csv after its header), no
 * segments, no connections, a timewait.csv derived from the TIME_WAIT rows, and a
 * meta.json with \p stop and an MSL of 1 s.
 */
void
WriteRun(const fs::path& dir, const std::vector<std::string>& states, double stop)
{
    fs::create_directories(dir);
    std::ofstream s(dir / "states.csv");
    s << "conn,node,node_conn,role,local,remote,state,enter_s,leave_s,cause_enter,cause_exit\n";
    std::map<double, int> twChanges;
    for (const auto& row : states)
    {
        s << row << "\n";
        std::vector<std::string> cells;
        std::stringstream in(row);
        for (std::string cell; std::getline(in, cell, ',');)
        {
            cells.push_back(cell);
        }
        if (cells[6] == "TIME_WAIT")
        {
            ++twChanges[std::stod(cells[7])];
            if (cells[10] != "end_of_run")
            {
                --twChanges[std::stod(cells[8])];
            }
        }
    }
    std::ofstream(dir / "segments.csv")
        << "time_s,event,node,conn,from,to,flags,seq,ack,len,win,where\n";
    std::ofstream(dir / "connections.csv")
        << "conn_client,conn_server,client,server,connect_s,handshake_s,close_time_s,outcome\n";
    std::ofstream tw(dir / "timewait.csv");
    tw << "time_s,node,count\n0.000000000,0,0\n";
    int count = 0;
    for (const auto& [t, delta] : twChanges)
    {
        count += delta;
        tw << t << ",0," << count << "\n";
    }
    std::ofstream(dir / "meta.json") << "{\n  \"stop_time_s\": " << stop
                                     << ",\n  \"attributes\": {\n"
                                        "    \"ns3::SynFinSocket::Msl\": \"+1e+09ns\"\n  }\n}\n";
}

/**
 * \return states.csv rows of \p n client sockets (conn 10..) on node 0 that all connect
 *         at 1 s, are established at 2 s, close at 3 s and then, one after another every
 *         0.1 s from 3 s on, leave TIME_WAIT for good: so at 2 s and 3 s every socket
 *         changes state at one instant, and at 3 s + 2 s... one leaves exactly when
 *         nothing else happens
 */
std::vector<std::string>
LockstepSockets(int n)
{
    std::vector<std::string> rows;
    for (int i = 0; i < n; ++i)
    {
        const std::string head = std::to_string(10 + i) + ",0," + std::to_string(i + 1) +
                                 ",client,10.0.0.1:" + std::to_string(40000 + i) + ",10.0.0.2:80,";
        const std::string leave = Num(4.0 + 0.1 * i, 9);
        rows.push_back(head + "SYN_SENT,1.000000000,2.000000000,app_connect,rcv_syn_ack");
        rows.push_back(head + "ESTABLISHED,2.000000000,3.000000000,rcv_syn_ack,rcv_fin");
        // A CLOSE_WAIT left the instant it is entered: it never shows, so not in the key.
        rows.push_back(head + "CLOSE_WAIT,3.000000000,3.000000000,rcv_fin,app_close");
        rows.push_back(head + "TIME_WAIT,3.000000000," + leave + ",app_close,timer_2msl");
    }
    rows.push_back("1,1,1,listener,10.0.0.2:80,0.0.0.0:0,LISTEN,0.000000000,9.000000000,"
                   "app_listen,end_of_run");
    return rows;
}

} // namespace

// ---------------------------------------------------------------------------------------
// One time axis for the figures of a run
// ---------------------------------------------------------------------------------------

TEST(PlotSpan, Basic_FromFirstConnectToTimeWaitLeaving)
{
    // The connect at 1 s to the client's TIME_WAIT ending at 2.140592 s: not the listener's
    // LISTEN from 0 s, not the end of the run at 2.5 s.
    const TimeSpan span = ActivitySpan(RunFolder(Fixture("run-basic")));
    EXPECT_DOUBLE_EQ(span.from, 1.0);
    EXPECT_DOUBLE_EQ(span.to, 2.140592);
}

TEST(PlotSpan, Lossy_EndOfRunEndsNoActivity)
{
    // 14 sockets still hold TIME_WAIT, and the listener LISTEN, when the run stops at 9 s:
    // those ends are no activity. The last change is the last LAST_ACK leaving at
    // 9.32032 s (the fixture's segments and states run past its stop time).
    const TimeSpan span = ActivitySpan(RunFolder(Fixture("run-lossy")));
    EXPECT_DOUBLE_EQ(span.from, 1.0);
    EXPECT_DOUBLE_EQ(span.to, 9.32032);
}

TEST(PlotSpan, FigureSpan_PaddedALittleNeverBeforeZeroNorPastTheRun)
{
    for (const char* fixture : {"run-basic", "run-lossy"})
    {
        const RunFolder run(Fixture(fixture));
        const TimeSpan activity = ActivitySpan(run);
        const TimeSpan axis = FigureSpan(run, false);
        const double width = activity.to - activity.from;
        EXPECT_LE(axis.from, activity.from) << fixture;
        EXPECT_GE(axis.from, activity.from - 0.05 * width) << fixture;
        EXPECT_GE(axis.to, activity.to) << fixture;
        EXPECT_LE(axis.to, activity.to + 0.05 * width) << fixture;
        EXPECT_GE(axis.from, 0.0) << fixture;
    }

    // Activity up to the very end of the run: the axis ends there too, where the last
    // TIME_WAIT record expires.
    TempDir tmp;
    WriteRun(tmp.Path() / "run",
             {"2,0,1,client,10.0.0.1:40000,10.0.0.2:80,SYN_SENT,0.500000000,1.000000000,"
              "app_connect,rcv_syn_ack",
              "2,0,1,client,10.0.0.1:40000,10.0.0.2:80,TIME_WAIT,1.000000000,3.000000000,"
              "rcv_fin,timer_2msl"},
             3.0);
    const RunFolder run((tmp.Path() / "run").string());
    EXPECT_DOUBLE_EQ(FigureSpan(run, false).to, 3.0);
    EXPECT_GE(FigureSpan(run, false).from, 0.0);
}

TEST(PlotSpan, Lossy_BothFiguresShareTheActivityAxis)
{
    const RunFolder run(Fixture("run-lossy"));
    const XRange timeline = XRangeOf(MakeTimeline(run));
    const XRange timewait = XRangeOf(MakeTimeWait(run));
    EXPECT_DOUBLE_EQ(timeline.from, timewait.from);
    EXPECT_DOUBLE_EQ(timeline.to, timewait.to);
    // Written with 6 decimals.
    const TimeSpan axis = FigureSpan(run, false);
    EXPECT_NEAR(timeline.from, axis.from, 1e-6);
    EXPECT_NEAR(timeline.to, axis.to, 1e-6);
    // Not the run from 0 s, where the TIME_WAIT figure used to start.
    EXPECT_GT(timewait.from, 0.5);
}

TEST(PlotSpan, Basic_BothFiguresShareTheActivityAxis)
{
    // The band figure this time, not the aggregated one.
    const RunFolder run(Fixture("run-basic"));
    const XRange timeline = XRangeOf(MakeTimeline(run));
    const XRange timewait = XRangeOf(MakeTimeWait(run));
    EXPECT_DOUBLE_EQ(timeline.from, timewait.from);
    EXPECT_DOUBLE_EQ(timeline.to, timewait.to);
    EXPECT_NEAR(timeline.from, FigureSpan(run, false).from, 1e-6);
    EXPECT_NEAR(timeline.to, FigureSpan(run, false).to, 1e-6);
}

TEST(PlotSpan, FullRunOption_ZeroToTheStopTimeInBoth)
{
    const RunFolder basic(Fixture("run-basic"));
    TimelineOptions timelineOptions;
    timelineOptions.fullRun = true;
    TimeWaitOptions timeWaitOptions;
    timeWaitOptions.fullRun = true;
    for (const XRange& x : {XRangeOf(MakeTimeline(basic, timelineOptions)),
                            XRangeOf(MakeTimeWait(basic, timeWaitOptions))})
    {
        EXPECT_DOUBLE_EQ(x.from, 0.0);
        EXPECT_DOUBLE_EQ(x.to, 2.5); // meta.json's stop_time_s
    }

    // The aggregated timeline too; the fixture's records past its 9 s stop stay in view.
    const RunFolder lossy(Fixture("run-lossy"));
    const XRange timeline = XRangeOf(MakeTimeline(lossy, timelineOptions));
    const XRange timewait = XRangeOf(MakeTimeWait(lossy, timeWaitOptions));
    EXPECT_DOUBLE_EQ(timeline.from, 0.0);
    EXPECT_DOUBLE_EQ(timewait.from, 0.0);
    EXPECT_DOUBLE_EQ(timeline.to, timewait.to);
    EXPECT_GE(timeline.to, 9.0);
    EXPECT_NEAR(timeline.to, FullRunSpan(lossy).to, 1e-6);
}

// ---------------------------------------------------------------------------------------
// The 2 MSL marker
// ---------------------------------------------------------------------------------------

TEST(PlotTimeWaitMarker, Lossy_StartsAtTheFirstTimeWaitEntry)
{
    const RunFolder run(Fixture("run-lossy"));
    const double first = FirstTimeWaitEntry(run);
    ASSERT_DOUBLE_EQ(first, 1.100736);
    // The same instant in states.csv: the first socket entering TIME_WAIT.
    double firstState = 1e300;
    for (const auto& s : run.States())
    {
        if (s.state == "TIME_WAIT")
        {
            firstState = std::min(firstState, s.enter);
        }
    }
    EXPECT_DOUBLE_EQ(firstState, first);

    TimeWaitOptions full;
    full.fullRun = true;
    for (const Figure& fig : {MakeTimeWait(run), MakeTimeWait(run, full)})
    {
        // From the first entry, 2 MSL = 4 s long, whether the axis starts at 0 or not.
        const Arrow arrow = MslArrowOf(fig);
        EXPECT_NEAR(arrow.from, first, 1e-6) << fig.body;
        EXPECT_NEAR(arrow.to, first + 4.0, 1e-6) << fig.body;
        EXPECT_NE(fig.body.find("set arrow 1 from 5.100736, graph 0"), std::string::npos)
            << fig.body;
    }
}

TEST(PlotTimeWaitMarker, Basic_StartsAtTheFirstTimeWaitEntry)
{
    const RunFolder run(Fixture("run-basic"));
    const Arrow arrow = MslArrowOf(MakeTimeWait(run));
    EXPECT_NEAR(arrow.from, 1.140592, 1e-6);
    EXPECT_NEAR(arrow.to, 2.140592, 1e-6);
}

TEST(PlotTimeWaitMarker, NoMeta_DefaultMslInTheKeyNotOnlyTheTitle)
{
    TempDir tmp;
    const fs::path run = tmp.Path() / "run-basic";
    fs::copy(Fixture("run-basic"), run, fs::copy_options::recursive);
    fs::remove(run / "meta.json");
    const Figure fig = MakeTimeWait(RunFolder(run.string()));
    const auto key = KeyOf(fig);
    EXPECT_NE(std::find(key.begin(), key.end(), "MSL not recorded: 120 s default assumed"),
              key.end())
        << fig.body;

    // With the MSL recorded, no such note.
    const auto recorded = KeyOf(MakeTimeWait(RunFolder(Fixture("run-basic"))));
    for (const auto& entry : recorded)
    {
        EXPECT_EQ(entry.find("MSL"), std::string::npos) << entry;
    }
}

// ---------------------------------------------------------------------------------------
// The aggregated timeline
// ---------------------------------------------------------------------------------------

TEST(PlotTimelineCounts, Lossy_KeyListsOnlyStatesThatShow)
{
    const RunFolder run(Fixture("run-lossy"));
    const Figure fig = MakeTimeline(run);
    ASSERT_NE(fig.body.find("fillsteps"), std::string::npos) << "not the aggregated figure";
    // Every socket of the fixture leaves CLOSE_WAIT the instant it enters it: nothing of
    // it shows, so the key must not name it. The others are held for a while.
    const std::vector<std::string> expected{"LISTEN",
                                            "SYN_SENT",
                                            "SYN_RCVD",
                                            "ESTABLISHED",
                                            "FIN_WAIT_1",
                                            "FIN_WAIT_2",
                                            "LAST_ACK",
                                            "TIME_WAIT"};
    EXPECT_EQ(KeyOf(fig), expected) << fig.body;
    // One cumulative column per state in the key, and nothing else.
    const DataFile counts = DataOf(fig, "timeline-counts.dat");
    ASSERT_FALSE(counts.rows.empty());
    EXPECT_EQ(counts.rows[0].size(), 1 + expected.size());
}

TEST(PlotTimelineCounts, Lockstep_KeyListsOnlyStatesThatOccur)
{
    TempDir tmp;
    WriteRun(tmp.Path() / "run", LockstepSockets(40), 9.0);
    const Figure fig = MakeTimeline(RunFolder((tmp.Path() / "run").string()));
    const std::vector<std::string> expected{"LISTEN", "SYN_SENT", "ESTABLISHED", "TIME_WAIT"};
    EXPECT_EQ(KeyOf(fig), expected) << fig.body;
}

TEST(PlotTimelineCounts, Lossy_OneRowPerInstantNoSpikes)
{
    const RunFolder run(Fixture("run-lossy"));
    const Figure fig = MakeTimeline(run);
    const DataFile counts = DataOf(fig, "timeline-counts.dat");
    ASSERT_GE(counts.rows.size(), 3U);
    const XRange x = XRangeOf(fig);
    for (std::size_t i = 1; i < counts.rows.size(); ++i)
    {
        const double before = std::stod(counts.rows[i - 1][0]);
        const double t = std::stod(counts.rows[i][0]);
        // Two rows at one time draw a zero-width spike.
        EXPECT_GT(t, before) << "rows " << i - 1 << " and " << i << " at " << t;
        // Nor may a level last less than a thousandth of the axis (a hairline spike),
        // except the last row, which only carries the last level to the axis' end.
        if (i + 1 < counts.rows.size())
        {
            EXPECT_GE(t - before, (x.to - x.from) / 1000 * 0.999) << "at " << t;
        }
    }
    // Drawn as steps, never as ramps between rows.
    EXPECT_EQ(fig.body.find("filledcurves"), std::string::npos) << fig.body;
    EXPECT_EQ(fig.body.find("with lines"), std::string::npos) << fig.body;
}

TEST(PlotTimelineCounts, Lockstep_SimultaneousChangesAreOneStep)
{
    TempDir tmp;
    WriteRun(tmp.Path() / "run", LockstepSockets(40), 9.0);
    const Figure fig = MakeTimeline(RunFolder((tmp.Path() / "run").string()));
    const DataFile counts = DataOf(fig, "timeline-counts.dat");
    // Columns: time, then cumulative LISTEN, SYN_SENT, ESTABLISHED, TIME_WAIT.
    std::map<std::string, std::vector<std::string>> at;
    std::set<std::string> times;
    for (const auto& row : counts.rows)
    {
        EXPECT_TRUE(times.insert(row[0]).second) << "two rows at " << row[0];
        at[row[0]] = row;
    }
    ASSERT_EQ(at.count("2.000000000"), 1U);
    ASSERT_EQ(at.count("3.000000000"), 1U);
    // At 2 s all 40 go from SYN_SENT to ESTABLISHED; at 3 s all 40 on to TIME_WAIT (their
    // CLOSE_WAIT lasting no time): one row each, holding the state after the instant.
    EXPECT_EQ(at["2.000000000"], (std::vector<std::string>{"2.000000000", "1", "1", "41", "41"}));
    EXPECT_EQ(at["3.000000000"], (std::vector<std::string>{"3.000000000", "1", "1", "1", "41"}));
    // The TIME_WAITs expire one by one from 4 s; the stack's top steps down by one each.
    ASSERT_EQ(at.count("4.000000000"), 1U);
    EXPECT_EQ(at["4.000000000"].back(), "40");
    // The listener's end of run is no change: the stack keeps its LISTEN to the end.
    EXPECT_EQ(counts.rows.back()[1], "1");
}

TEST(PlotTimelineCounts, Lossy_SaysWhatItShowsInTheFigure)
{
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-lossy")));
    // What the height is and how the states combine, and how many sockets there were, in
    // the figure (the title is left out of a paper's figure).
    EXPECT_NE(fig.body.find("set ylabel 'sockets per state (stacked)'"), std::string::npos)
        << fig.body;
    EXPECT_NE(fig.body.find("101 sockets in all"), std::string::npos) << fig.body;
    // No jargon from the code ("aggregated", "> 30").
    EXPECT_EQ(fig.body.find("aggregated"), std::string::npos) << fig.body;
    EXPECT_EQ(fig.title.find("aggregated"), std::string::npos) << fig.title;
    EXPECT_EQ(fig.title.find(">"), std::string::npos) << fig.title;
    EXPECT_NE(fig.title.find("101 sockets"), std::string::npos) << fig.title;
}

// ---------------------------------------------------------------------------------------
// Names and titles
// ---------------------------------------------------------------------------------------

TEST(PlotTimelineNames, NodesByRoleAndAddressNotById)
{
    const std::regex bareNode(R"(\bnode [0-9]|\bn[0-9]+\b)");
    for (const char* fixture : {"run-basic", "run-lossy"})
    {
        const RunFolder run(Fixture(fixture));
        TimelineOptions bands;
        bands.aggregateAbove = 1000;
        for (const Figure& fig : {MakeTimeline(run), MakeTimeline(run, bands), MakeTimeWait(run)})
        {
            EXPECT_FALSE(std::regex_search(fig.body, bareNode))
                << fixture << " " << fig.name << ":\n"
                << fig.body;
        }
    }
    const Figure timeline = MakeTimeline(RunFolder(Fixture("run-basic")));
    EXPECT_NE(timeline.body.find("\"#2 client 10.1.1.1\" 0"), std::string::npos) << timeline.body;
    EXPECT_NE(timeline.body.find("\"#3 server 10.1.1.2\" 1"), std::string::npos) << timeline.body;
    const auto key = KeyOf(MakeTimeWait(RunFolder(Fixture("run-lossy"))));
    EXPECT_NE(std::find(key.begin(), key.end(), "server 10.1.3.2"), key.end());
    EXPECT_NE(std::find(key.begin(), key.end(), "no TIME_WAIT on client 10.1.1.1"), key.end());
}

TEST(PlotTimelineNames, BandNamesFitAColumn)
{
    // About an inch of a 3.5 in column at 6 pt: room for some 22 characters.
    TimelineOptions bands;
    bands.aggregateAbove = 1000;
    const Figure fig = MakeTimeline(RunFolder(Fixture("run-lossy")), bands);
    const std::regex tic(R"xx("([^"]*)" [0-9]+)xx");
    std::size_t names = 0;
    for (std::sregex_iterator i(fig.body.begin(), fig.body.end(), tic), end; i != end; ++i)
    {
        EXPECT_LE((*i)[1].length(), 22U) << (*i)[1];
        ++names;
    }
    EXPECT_EQ(names, 101U);
}

TEST(PlotTimelineTitles, InTheFigureTitleNeverInTheBody)
{
    for (const char* fixture : {"run-basic", "run-lossy"})
    {
        const RunFolder run(Fixture(fixture));
        TimelineOptions bands;
        bands.aggregateAbove = 1000;
        for (const Figure& fig : {MakeTimeline(run), MakeTimeline(run, bands), MakeTimeWait(run)})
        {
            EXPECT_FALSE(fig.title.empty()) << fixture << " " << fig.name;
            EXPECT_EQ(fig.body.find("set title"), std::string::npos)
                << fixture << " " << fig.name << ":\n"
                << fig.body;
        }
    }
}
