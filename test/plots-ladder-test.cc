/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The ladder's windows and compact mode, and every figure in every output format with
 * its title where a title belongs.
 *
 * Fixtures: test/fixtures/run-basic (one lossless connection), run-lossy (50 connections
 * with losses) and run-bulk (one connection carrying about 1,000 segments with a lost data
 * segment; test/fixtures/make-run-bulk.sh re-creates it with synfin-run).
 */

#include "plots-test-util.h"
#include "synfin-plot-cdf.h"
#include "synfin-plot-error.h"
#include "synfin-plot-figure.h"
#include "synfin-plot-ladder-fold.h"
#include "synfin-plot-ladder.h"
#include "synfin-plot-roles.h"
#include "synfin-plot-run.h"
#include "synfin-plot-timeline.h"
#include "synfin-plot-timewait.h"

#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <set>

using namespace synfin::plot;
using namespace synfin::plot::test;

namespace
{

/// \return the rows of \p fig's data file whose name ends in \p suffix (none if absent)
std::vector<std::vector<std::string>>
Rows(const Figure& fig, const std::string& suffix)
{
    for (const auto& d : fig.data)
    {
        if (d.name.size() >= suffix.size() &&
            d.name.compare(d.name.size() - suffix.size(), suffix.size(), suffix) == 0)
        {
            return d.rows;
        }
    }
    return {};
}

/// Column of segments.dat: the transmission time (s).
constexpr std::size_t kTimeColumn = 10;
/// Column of segments.dat: the flags.
constexpr std::size_t kFlagsColumn = 11;
/// Column of segments.dat: the payload length.
constexpr std::size_t kLenColumn = 14;

/// \return the transmissions of the connection whose client end is \p conn, in order
std::vector<const SegmentEvent*>
Transmissions(const RunFolder& run, int64_t conn)
{
    const ConnectionRecord& c = FindLadderConnection(run, conn);
    std::vector<const SegmentEvent*> out;
    for (const auto& s : run.Segments())
    {
        const bool mine =
            (s.from == c.client && s.to == c.server) || (s.from == c.server && s.to == c.client);
        if (mine && s.event == "tx")
        {
            out.push_back(&s);
        }
    }
    return out;
}

/// \return the tic labels of the ladder's ytics list, as numbers
std::vector<double>
TicLabels(const Figure& fig)
{
    std::vector<double> out;
    const std::size_t at = fig.body.find("set ytics (");
    if (at == std::string::npos)
    {
        return out;
    }
    const std::string list = fig.body.substr(at, fig.body.find('\n', at) - at);
    const std::regex tic("\"(-?[0-9]+)\" ");
    for (std::sregex_iterator it(list.begin(), list.end(), tic), end; it != end; ++it)
    {
        out.push_back(std::stod((*it)[1]));
    }
    return out;
}

} // namespace

// ---------------------------------------------------------------------------------------
// Windows
// ---------------------------------------------------------------------------------------

TEST(PlotLadderWindow, FromTo_OnlySegmentsSentInside_TicsCountFromConnect)
{
    const RunFolder run(Fixture("run-basic"));
    LadderOptions options;
    options.window.from = 0.045; // after the request, before the response
    options.window.to = 0.095;
    const Figure fig = MakeLadder(run, 2, options);
    std::size_t expected = 0;
    for (const auto* s : Transmissions(run, 2))
    {
        expected += s->time >= 1.045 && s->time <= 1.095;
    }
    const auto rows = Rows(fig, "-segments.dat");
    ASSERT_EQ(rows.size(), expected);
    ASSERT_EQ(expected, 3U); // the request's data, the response, the client's FIN
    for (const auto& r : rows)
    {
        const double t = std::stod(r[kTimeColumn]);
        EXPECT_GE(t, 1.045);
        EXPECT_LE(t, 1.095);
    }
    // The axis starts at the window, but its tics still count from the connect call.
    const auto tics = TicLabels(fig);
    ASSERT_FALSE(tics.empty()) << fig.body;
    EXPECT_GE(tics.front(), 45);
    EXPECT_NE(fig.title.find("50-"), std::string::npos) << fig.title;
}

TEST(PlotLadderWindow, FirstAndLastN_ExactlyThoseSegments)
{
    const RunFolder run(Fixture("run-basic"));
    const auto all = Transmissions(run, 2);
    ASSERT_GT(all.size(), 6U);
    LadderOptions first;
    first.window.first = 3;
    const auto head = Rows(MakeLadder(run, 2, first), "-segments.dat");
    ASSERT_EQ(head.size(), 3U);
    EXPECT_EQ(head[0][kFlagsColumn], "SYN");
    EXPECT_EQ(head[2][kFlagsColumn], "ACK");
    LadderOptions last;
    last.window.last = 2;
    const auto tail = Rows(MakeLadder(run, 2, last), "-segments.dat");
    ASSERT_EQ(tail.size(), 2U);
    EXPECT_EQ(std::stod(tail[1][kTimeColumn]), all.back()->time);
    EXPECT_EQ(std::stod(tail[0][kTimeColumn]), all[all.size() - 2]->time);
}

TEST(PlotLadderWindow, WindowWithNoSegment_ErrorGivesTheConnectionsSpan)
{
    LadderOptions options;
    options.window.from = 5.0;
    try
    {
        MakeLadder(RunFolder(Fixture("run-basic")), 2, options);
        FAIL() << "no error";
    }
    catch (const PlotError& e)
    {
        const std::string what = e.what();
        EXPECT_NE(what.find("holds no segment"), std::string::npos) << what;
        EXPECT_NE(what.find("0.000 ms to 140.592 ms"), std::string::npos) << what;
    }
}

TEST(PlotLadder, RetransmissionFlag_TakenFromTheRecordersColumn)
{
    // The recorder's retx column decides, even where the ladder's own rule would not flag
    // the segment: one definition of a retransmission everywhere.
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    std::string csv = Slurp(run / "segments.csv");
    const std::string request =
        "tx,0,2,10.1.1.1,49152,10.1.1.2,80,PSH|ACK,3205861022,1176324010,200,0,";
    const std::size_t at = csv.find(request);
    ASSERT_NE(at, std::string::npos);
    csv.replace(at + request.size() - 2, 1, "1");
    std::ofstream(run / "segments.csv") << csv;
    const auto rows = Rows(MakeLadder(RunFolder(run.string()), 2), "-segments.dat");
    std::size_t flagged = 0;
    for (const auto& r : rows)
    {
        flagged += r[4] == "1";
        if (r[4] == "1")
        {
            EXPECT_EQ(r[kFlagsColumn], "PSH|ACK");
            EXPECT_EQ(r[9].rfind("\"retx PSH,ACK", 0), 0U) << r[9];
        }
    }
    EXPECT_EQ(flagged, 1U);
}

TEST(PlotNodeNames, RecordersNodesCsv_RolesWithAddressRoutersToo)
{
    const NodeNames lossy(RunFolder(Fixture("run-lossy")));
    EXPECT_EQ(lossy.Label(0), "client 10.1.1.1");
    EXPECT_EQ(lossy.Label(1), "router 10.1.1.2");
    EXPECT_EQ(lossy.Label(3), "server 10.1.3.2");
    EXPECT_EQ(lossy.Label(9), "node 9") << "a node the run says nothing of";
    // Without nodes.csv: who connected and who listened, from states.csv.
    const NodeNames basic(RunFolder(Fixture("run-basic")));
    EXPECT_EQ(basic.Label(0), "client 10.1.1.1");
    EXPECT_EQ(basic.Label(1), "server 10.1.1.2");
    EXPECT_EQ(basic.Role(1), "server");
}

// ---------------------------------------------------------------------------------------
// Compact mode
// ---------------------------------------------------------------------------------------

TEST(PlotLadderCompact, Bulk_BandsAndDrawnSegmentsAccountForEveryDataSegment)
{
    const RunFolder run(Fixture("run-bulk"));
    const auto conn = DefaultLadderConn(run);
    ASSERT_TRUE(conn);
    std::size_t dataSent = 0;
    for (const auto* s : Transmissions(run, *conn))
    {
        dataSent += s->len > 0;
    }
    ASSERT_GT(dataSent, 500U);
    LadderOptions options;
    options.compact = true;
    const Figure fig = MakeLadder(run, *conn, options);
    const auto bands = Rows(fig, "-bands.dat");
    ASSERT_GE(bands.size(), 2U) << "the lost segment splits the transfer";
    std::size_t folded = 0;
    const std::regex count("([0-9]+) data segments?, ([0-9,]+)-([0-9,]+)");
    for (const auto& b : bands)
    {
        std::smatch m;
        ASSERT_TRUE(std::regex_search(b[2], m, count)) << b[2];
        folded += std::stoul(m[1]);
    }
    std::size_t drawnData = 0;
    const auto drawn = Rows(fig, "-segments.dat");
    for (const auto& r : drawn)
    {
        drawnData += std::stoul(r[kLenColumn]) > 0;
    }
    EXPECT_EQ(folded + drawnData, dataSent);
    // What a reader looks for stays drawn: the handshake, the loss and the close.
    std::set<std::string> flags;
    bool lost = false;
    bool retx = false;
    for (const auto& r : drawn)
    {
        flags.insert(r[kFlagsColumn]);
        lost = lost || r[5] == "1";
        retx = retx || r[4] == "1";
    }
    EXPECT_TRUE(flags.count("SYN") && flags.count("SYN|ACK") && flags.count("FIN|ACK"));
    EXPECT_TRUE(lost);
    EXPECT_TRUE(retx);
    // A few dozen segments left to draw, not a thousand.
    EXPECT_LT(drawn.size(), 60U);
}

TEST(PlotLadderCompact, NothingLongEnoughToFold_SameAsTheFullLadder)
{
    const RunFolder run(Fixture("run-basic"));
    LadderOptions options;
    options.compact = true;
    const Figure compact = MakeLadder(run, 2, options);
    const Figure full = MakeLadder(run, 2);
    EXPECT_TRUE(Rows(compact, "-bands.dat").empty());
    EXPECT_EQ(Rows(compact, "-segments.dat"), Rows(full, "-segments.dat"));
}

TEST(PlotLadderCompact, Thousands_CommasEveryThreeDigits)
{
    EXPECT_EQ(Thousands(1), "1");
    EXPECT_EQ(Thousands(999), "999");
    EXPECT_EQ(Thousands(53601), "53,601");
    EXPECT_EQ(Thousands(1400001), "1,400,001");
}

TEST(PlotLadderGolden, WindowsAndCompact_ScriptsAndDataMatchGolden)
{
    const RunFolder basic(Fixture("run-basic"));
    const RunFolder bulk(Fixture("run-bulk"));
    std::vector<Figure> figures;
    auto add = [&](const RunFolder& run, const std::string& name, const LadderOptions& options) {
        Figure fig = MakeLadder(run, 2, options);
        // Distinct names: every figure here draws connection 2.
        for (auto& d : fig.data)
        {
            d.name.replace(0, fig.name.size(), name);
            const std::string quoted = "'" + fig.name;
            for (std::size_t at = fig.body.find(quoted); at != std::string::npos;
                 at = fig.body.find(quoted, at))
            {
                fig.body.replace(at + 1, fig.name.size(), name);
            }
        }
        fig.name = name;
        figures.push_back(fig);
    };
    LadderOptions window;
    window.window.from = 0.045;
    window.window.to = 0.095;
    add(basic, "ladder-basic-from-to", window);
    LadderOptions first;
    first.window.first = 3;
    add(basic, "ladder-basic-first", first);
    LadderOptions last;
    last.window.last = 4;
    add(basic, "ladder-basic-last", last);
    LadderOptions compact;
    compact.compact = true;
    add(bulk, "ladder-bulk-compact", compact);
    ExpectMatchesGolden(figures, "golden-ladder-options");
}

// ---------------------------------------------------------------------------------------
// Formats and titles

TEST(PlotOptionsGolden, FullRunFormatsAndTitles_ScriptsAndDataMatchGolden)
{
    const RunFolder basic(Fixture("run-basic"));
    TimelineOptions timeline;
    timeline.fullRun = true;
    TimeWaitOptions timewait;
    timewait.fullRun = true;
    ExpectMatchesGolden({MakeTimeline(basic, timeline), MakeTimeWait(basic, timewait)},
                        "golden-full-run");
    // Every format, no titles: the script's terminals and its empty "titled" list.
    ExpectMatchesGolden({MakeCdf(basic)}, "golden-formats", KnownFormats(), TitleMode::None);
}

// ---------------------------------------------------------------------------------------

TEST(PlotFormats, EveryFigureInEveryFormat_ValidAndNotBlank)
{
    for (const char* fixture : {"run-basic", "run-lossy"})
    {
        TempDir tmp;
        const RunFolder run(Fixture(fixture));
        LadderOptions compact;
        compact.compact = true;
        for (const auto& fig : {MakeTimeline(run),
                                MakeLadder(run, *DefaultLadderConn(run), compact),
                                MakeTimeWait(run),
                                MakeCdf(run)})
        {
            RenderFigure(fig, tmp.Path().string(), KnownFormats());
            ExpectRendered(tmp.Path(), fig.name);
            const std::string svg = Slurp(tmp.Path() / (fig.name + ".svg"));
            EXPECT_EQ(svg.rfind("<?xml", 0), 0U) << fig.name << ".svg";
            EXPECT_NE(svg.find("</svg>"), std::string::npos) << fig.name << ".svg is truncated";
            EXPECT_GT(std::count(svg.begin(), svg.end(), '\n'), 100) << fig.name << ".svg is empty";
            EXPECT_NE(svg.find("<path"), std::string::npos) << fig.name << ".svg draws nothing";
            const std::string tex = Slurp(tmp.Path() / (fig.name + ".tex"));
            EXPECT_EQ(tex.rfind("\\begin{tikzpicture}", 0), 0U) << fig.name << ".tex";
            EXPECT_NE(tex.find("\\end{tikzpicture}"), std::string::npos) << fig.name << ".tex";
            EXPECT_NE(tex.find("\\draw"), std::string::npos) << fig.name << ".tex draws nothing";
        }
        // The style files a LaTeX document needs to \input the TikZ figures.
        EXPECT_TRUE(fs::exists(tmp.Path() / "gnuplot-lua-tikz.sty"));
    }
}

TEST(PlotFormats, Tex_StateNamesEscapedForLatex)
{
    TempDir tmp;
    const Figure fig = MakeLadder(RunFolder(Fixture("run-basic")), 2);
    RenderFigure(fig, tmp.Path().string(), {"tex"});
    const std::string tex = Slurp(tmp.Path() / "ladder-conn2.tex");
    EXPECT_NE(tex.find("{SYN\\_SENT}"), std::string::npos);
    EXPECT_EQ(tex.find("{SYN_SENT}"), std::string::npos);
}

TEST(PlotFormats, EscapeTikzText_OnlyTextOfNodes)
{
    const std::string in = "\\draw[gp path] (1.0,2.0)--(3.0,4.0);\n"
                           "\\node[gp node right] at (0.8,0.4) {$0.5$};\n"
                           "\\node[gp node center,rotate=30] at (4.7,2.9) {a_b 95% R&D #1};\n"
                           "\\node[gp node left] at (1,1) {already\\_done};\n";
    const std::string out = EscapeTikzText(in);
    EXPECT_NE(out.find("{a\\_b 95\\% R\\&D \\#1};"), std::string::npos) << out;
    EXPECT_NE(out.find("{$0.5$};"), std::string::npos) << out;
    EXPECT_NE(out.find("{already\\_done};"), std::string::npos) << out;
    EXPECT_NE(out.find("\\draw[gp path] (1.0,2.0)--(3.0,4.0);"), std::string::npos) << out;
}

TEST(PlotTitles, PreviewsOnlyByDefault_OnAndOffOnRequest)
{
    const Figure fig = MakeCdf(RunFolder(Fixture("run-basic")));
    ASSERT_FALSE(fig.title.empty());
    ASSERT_EQ(fig.body.find("set title"), std::string::npos) << "titles belong in Figure::title";
    for (const auto& [mode, inSvg] : {std::make_pair(TitleMode::Previews, false),
                                      std::make_pair(TitleMode::All, true),
                                      std::make_pair(TitleMode::None, false)})
    {
        TempDir tmp;
        RenderFigure(fig, tmp.Path().string(), {"png", "svg"}, mode);
        const std::string svg = Slurp(tmp.Path() / "cdf.svg");
        EXPECT_EQ(svg.find(fig.title) != std::string::npos, inSvg) << int(mode);
        const std::string gp = Slurp(tmp.Path() / "cdf.gp");
        const bool pngTitled = gp.find("titled = \"png") != std::string::npos ||
                               gp.find("titled = \"pdf png") != std::string::npos;
        EXPECT_EQ(pngTitled, mode != TitleMode::None) << gp;
    }
    EXPECT_EQ(ParseTitleMode("auto"), TitleMode::Previews);
    EXPECT_THROW(ParseTitleMode("yes"), PlotError);
}

TEST(PlotTitles, NoFigureBodySetsItsOwnTitle)
{
    for (const char* fixture : {"run-basic", "run-lossy"})
    {
        const RunFolder run(Fixture(fixture));
        for (const auto& fig : {MakeTimeline(run),
                                MakeLadder(run, *DefaultLadderConn(run)),
                                MakeTimeWait(run),
                                MakeCdf(run)})
        {
            EXPECT_EQ(fig.body.find("set title"), std::string::npos) << fig.name;
            EXPECT_FALSE(fig.title.empty()) << fig.name;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The command line
// ---------------------------------------------------------------------------------------

TEST(PlotCli, LadderWindowAndCompact_WrittenInEveryFormatAsked)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    const auto r = RunCli("ladder '" + run.string() +
                              "' --from 40ms --to 100ms --compact --format svg,tex --title on",
                          tmp.Path());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_TRUE(fs::exists(run / "plots" / "ladder-conn2.svg"));
    EXPECT_TRUE(fs::exists(run / "plots" / "ladder-conn2.tex"));
    EXPECT_FALSE(fs::exists(run / "plots" / "ladder-conn2.pdf"));
    EXPECT_NE(Slurp(run / "plots" / "ladder-conn2.svg").find("Connection 2"), std::string::npos);
}

TEST(PlotCli, FullRun_TimelineAndTimeWaitFromZero)
{
    TempDir tmp;
    const fs::path run = CopyFixture("run-basic", tmp.Path());
    auto xrange = [](const std::string& gp) {
        const std::size_t at = gp.find("set xrange [");
        return gp.substr(at, gp.find(']', at) - at);
    };
    ASSERT_EQ(RunCli("timewait '" + run.string() + "' --format png", tmp.Path()).exitCode, 0);
    const std::string activity = xrange(Slurp(run / "plots" / "timewait.gp"));
    const auto r = RunCli("all '" + run.string() + "' --full-run --format png", tmp.Path());
    ASSERT_EQ(r.exitCode, 0) << r.output;
    for (const char* gp : {"timewait.gp", "timeline.gp"})
    {
        const std::string full = xrange(Slurp(run / "plots" / gp));
        EXPECT_EQ(full.rfind("set xrange [0", 0), 0U) << gp << ": " << full;
        EXPECT_NE(full, activity) << gp;
    }
    const auto bad = RunCli("cdf '" + run.string() + "' --full-run", tmp.Path());
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.output.find("--full-run applies to the timeline and timewait figures only"),
              std::string::npos)
        << bad.output;
}

TEST(PlotCli, BadLadderOptions_Exit2NamesValueAndWhatIsAllowed)
{
    TempDir tmp;
    const std::string run =
        "'" + Fixture("run-basic") + "' --output '" + (tmp.Path() / "out").string() + "'";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"ladder " + run + " --from 40", "--from 40: expected a time since the connect call"},
        {"ladder " + run + " --to soon", "--to soon: expected a time"},
        {"ladder " + run + " --from 90ms --to 40ms", "--from 90ms is after --to 40ms"},
        {"ladder " + run + " --first 0", "--first 0: expected a number of segments, 1 or more"},
        {"ladder " + run + " --first 2 --last 2", "--first and --last exclude each other"},
        {"timeline " + run + " --compact", "--compact applies to the ladder figure only"},
        {"ladder " + run + " --from 9s", "holds no segment"},
        {"cdf " + run + " --title maybe", "--title: unknown value 'maybe'"},
        {"cdf " + run + " --format pdf,eps", "unknown format 'eps' (allowed: pdf, png, svg, tex"},
    };
    for (const auto& [args, message] : cases)
    {
        const auto r = RunCli(args, tmp.Path());
        EXPECT_EQ(r.exitCode, 2) << args << "\n" << r.output;
        EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
        EXPECT_FALSE(fs::exists(tmp.Path() / "out")) << args << ": left output behind";
    }
}

// ---------------------------------------------------------------------------------------
// Text layout of the rendered figures: measured in their SVG with the real font
// ---------------------------------------------------------------------------------------

TEST(PlotTextLayout, Ladders_NoTextOverlapsOrIsClipped)
{
    if (!CanMeasureText())
    {
        GTEST_SKIP() << "fc-match finds no Sans font to measure text with";
    }
    TempDir tmp;
    std::vector<std::pair<std::string, Figure>> ladders;
    const RunFolder basic(Fixture("run-basic"));
    ladders.emplace_back("run-basic", MakeLadder(basic, 2));
    // Every lossy connection of run-lossy: lost SYNs, SYN-ACKs, FINs and their repeats.
    const RunFolder lossy(Fixture("run-lossy"));
    for (const auto& c : lossy.Connections())
    {
        const bool eventful =
            c.outcome != "completed" || c.handshake > 0.05 || (c.closeTime && *c.closeTime > 4.1);
        if (eventful && c.connClient)
        {
            ladders.emplace_back("run-lossy", MakeLadder(lossy, *c.connClient));
        }
    }
    ASSERT_GE(ladders.size(), 5U);
    // The bulk transfer: compact, and windows on its start and its end.
    const RunFolder bulk(Fixture("run-bulk"));
    LadderOptions compact;
    compact.compact = true;
    ladders.emplace_back("run-bulk --compact", MakeLadder(bulk, 2, compact));
    // (A burst of back-to-back segments has no room for a label each at any height:
    // that is what the compact mode is for, so the windows here are compact too.)
    LadderOptions head = compact;
    head.window.first = 400;
    ladders.emplace_back("run-bulk --compact --first 400", MakeLadder(bulk, 2, head));
    LadderOptions tail = compact;
    tail.window.last = 12;
    ladders.emplace_back("run-bulk --compact --last 12", MakeLadder(bulk, 2, tail));
    LadderOptions loss = compact;
    loss.window.from = 0.15;
    loss.window.to = 0.25;
    ladders.emplace_back("run-bulk --compact --from 150ms --to 250ms", MakeLadder(bulk, 2, loss));
    for (const auto& [what, fig] : ladders)
    {
        const auto problems = TextProblems(fig, tmp.Path(), kLadderTolerancePx);
        EXPECT_TRUE(problems.empty()) << what << " " << fig.name << ":\n" << Joined(problems);
    }
}

TEST(PlotTextLayout, OtherFigures_NoTextOverlapsOrIsClipped)
{
    if (!CanMeasureText())
    {
        GTEST_SKIP() << "fc-match finds no Sans font to measure text with";
    }
    TempDir tmp;
    for (const char* fixture : {"run-basic", "run-lossy", "run-bulk"})
    {
        const RunFolder run(Fixture(fixture));
        for (const auto& fig : {MakeTimeline(run), MakeTimeWait(run), MakeCdf(run)})
        {
            const auto problems = TextProblems(fig, tmp.Path(), kFigureTolerancePx);
            EXPECT_TRUE(problems.empty()) << fixture << " " << fig.name << ":\n"
                                          << Joined(problems);
        }
    }
}

/**
 * The figures of a real run, rendered as SVG by the CTest that runs the flagship scenario
 * (Demo.Ladders_NoTextOverlapsOrIsClipped): every .svg in $SYNFIN_SVG_CHECK_DIR.
 */
TEST(PlotTextLayout, SvgFilesOfARealRun_NoTextOverlapsOrIsClipped)
{
    const char* dir = std::getenv("SYNFIN_SVG_CHECK_DIR");
    if (dir == nullptr || *dir == '\0')
    {
        GTEST_SKIP() << "SYNFIN_SVG_CHECK_DIR is not set: the demo's CTest sets it";
    }
    if (!CanMeasureText())
    {
        GTEST_SKIP() << "fc-match finds no Sans font to measure text with";
    }
    std::size_t checked = 0;
    for (const auto& entry : fs::directory_iterator(dir))
    {
        if (entry.path().extension() != ".svg")
        {
            continue;
        }
        const bool ladder = entry.path().filename().string().rfind("ladder", 0) == 0;
        const auto problems =
            SvgTextProblems(entry.path(), ladder ? kLadderTolerancePx : kFigureTolerancePx);
        EXPECT_TRUE(problems.empty()) << entry.path() << ":\n" << Joined(problems);
        ++checked;
    }
    EXPECT_GT(checked, 0U) << "no .svg in " << dir;
}
