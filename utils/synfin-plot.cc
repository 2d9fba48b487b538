/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-plot: the figures of a lifecycle-recorder run folder, as PDF and PNG plus the
 * gnuplot script and data that made them. Needs gnuplot, not ns-3.
 *
 *   synfin-plot timeline OUT/            socket states over time
 *   synfin-plot ladder OUT/ --conn 3     ladder diagram of one connection (either end's conn);
 *                                        --from/--to T, --first/--last N: part of it;
 *                                        --compact: runs of data folded into bands
 *   synfin-plot timewait OUT/            TIME_WAIT occupancy per node, 2 MSL marked
 *   synfin-plot cdf OUT/                 handshake-time and close-time CDFs
 *   synfin-plot all OUT/                 all four
 *   synfin-plot whatif W3W4/             the what-if comparison of why-three-why-four's
 *                                        output folder (its comparison.csv)
 *   synfin-plot sweep SWEEP/ --x loss --y handshake_p99 [--by profile] [--where k=v]
 *                                        a metric of synfin-sweep's summary.csv against
 *                                        a varied option, with 95% confidence intervals
 *
 * Options: --output DIR (default OUT/plots), --format pdf,png,svg,tex (default pdf,png),
 * --title auto|on|off (default auto: on the PNG previews only), --full-run (timeline and
 * timewait from 0 s instead of the span with activity they share by default).
 * Exit status: 0 success, 2 bad usage or input (the message says what), 1 anything else.
 */

#include "synfin-plot-cdf.h"
#include "synfin-plot-error.h"
#include "synfin-plot-figure.h"
#include "synfin-plot-ladder.h"
#include "synfin-plot-meta.h"
#include "synfin-plot-output.h"
#include "synfin-plot-run.h"
#include "synfin-plot-sweep.h"
#include "synfin-plot-timeline.h"
#include "synfin-plot-timewait.h"
#include "synfin-plot-whatif.h"

#include <algorithm>
#include <boost/program_options.hpp>
#include <cctype>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace synfin::plot;

namespace
{

constexpr int kExitUsage = 2;   //!< the user's input is wrong; the message says how
constexpr int kExitFailure = 1; //!< something else went wrong

/// The figures of one run folder, in the order `all` draws them.
const std::vector<std::string> kFigures{"timeline", "ladder", "timewait", "cdf"};
/// The figure of why-three-why-four's folder, which is not a run folder.
const std::string kWhatIf = "whatif";
/// The figure of synfin-sweep's folder.
const std::string kSweep = "sweep";

/// \return the usage text
std::string
Usage(const po::options_description& options)
{
    std::ostringstream out;
    out << "usage: synfin-plot FIGURE RUN_FOLDER [options]\n"
           "       synfin-plot whatif FOLDER [options]\n"
           "       synfin-plot sweep FOLDER --x OPTION --y METRIC [--by OPTION] [options]\n"
           "  FIGURE: timeline | ladder | timewait | cdf | all\n"
           "  RUN_FOLDER: the lifecycle recorder's output folder\n"
           "  whatif: the what-if comparison; FOLDER is why-three-why-four's --output\n"
           "  sweep: a metric against a varied option; FOLDER is synfin-sweep's --output\n\n"
        << options;
    return out.str();
}

/**
 * \return the time of option \p name: an ns-3 time with its unit, since the connect call
 * \throws PlotError naming the value and what is allowed
 */
std::optional<double>
WindowTime(const po::variables_map& vm, const char* name)
{
    if (!vm.count(name))
    {
        return std::nullopt;
    }
    const std::string text = vm[name].as<std::string>();
    const auto seconds = ParseTimeSeconds(text);
    const bool hasUnit = !text.empty() && std::isalpha(static_cast<unsigned char>(text.back()));
    if (!seconds || !hasUnit || *seconds < 0)
    {
        throw PlotError(std::string("--") + name + " " + text +
                        ": expected a time since the connect call with its unit, such as "
                        "4150ms or 4.15s (units: s, ms, us, ns, min)");
    }
    return seconds;
}

/// \return the ladder options given on the command line
LadderOptions
LadderOptionsOf(const po::variables_map& vm)
{
    LadderOptions options;
    options.window.from = WindowTime(vm, "from");
    options.window.to = WindowTime(vm, "to");
    if (options.window.from && options.window.to && *options.window.from > *options.window.to)
    {
        throw PlotError("--from " + vm["from"].as<std::string>() + " is after --to " +
                        vm["to"].as<std::string>());
    }
    for (const char* name : {"first", "last"})
    {
        if (vm.count(name) && vm[name].as<int64_t>() < 1)
        {
            throw PlotError(std::string("--") + name + " " +
                            std::to_string(vm[name].as<int64_t>()) +
                            ": expected a number of segments, 1 or more");
        }
    }
    if (vm.count("first"))
    {
        options.window.first = static_cast<std::size_t>(vm["first"].as<int64_t>());
    }
    if (vm.count("last"))
    {
        options.window.last = static_cast<std::size_t>(vm["last"].as<int64_t>());
    }
    options.compact = vm.count("compact") > 0;
    return options;
}

} // namespace

int
main(int argc, char** argv)
{
    po::options_description visible("options");
    visible.add_options()("help,h",
                          "show this help")("output,o",
                                            po::value<std::string>(),
                                            "folder for the figures (default RUN_FOLDER/plots)")(
        "format,f",
        po::value<std::string>()->default_value("pdf,png"),
        "output formats, comma-separated: pdf, png, svg, tex (TikZ for LaTeX); the .gp and "
        ".dat files are always written")(
        "title",
        po::value<std::string>()->default_value("auto"),
        "titles above the figures: auto (PNG previews only; a paper has captions), on, off")(
        "conn,c",
        po::value<int64_t>(),
        "ladder: the connection to draw, by the conn of either end (default: the first)")(
        "from",
        po::value<std::string>(),
        "ladder: draw from this time on, since the connect call, with a unit (4150ms, 4.15s)")(
        "to",
        po::value<std::string>(),
        "ladder: draw up to this time, since the connect call, with a unit")(
        "first",
        po::value<int64_t>(),
        "ladder: draw only the first N segments sent")(
        "last",
        po::value<int64_t>(),
        "ladder: draw only the last N segments sent")(
        "full-run",
        "timeline, timewait: draw the whole run from 0 s, not only the span with activity")(
        "compact",
        "ladder: fold each run of plain data segments and their ACKs into one labelled band")(
        "x",
        po::value<std::string>(),
        "sweep: the varied option on the x axis")("y",
                                                  po::value<std::string>(),
                                                  "sweep: the metric (e.g. handshake_p99)")(
        "by",
        po::value<std::string>(),
        "sweep: one line per value of this varied option")(
        "where",
        po::value<std::vector<std::string>>()->multitoken(),
        "sweep: OPTION=VALUE holding another varied option at one value");
    po::options_description all;
    all.add(visible).add_options()("figure", po::value<std::string>())("run",
                                                                       po::value<std::string>());
    po::positional_options_description positional;
    positional.add("figure", 1).add("run", 1);

    po::variables_map vm;
    try
    {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(),
                  vm);
        po::notify(vm);
    }
    catch (const po::error& e)
    {
        std::cerr << "synfin-plot: " << e.what() << "\n\n" << Usage(visible);
        return kExitUsage;
    }
    if (vm.count("help"))
    {
        std::cout << Usage(visible);
        return 0;
    }
    if (!vm.count("figure") || !vm.count("run"))
    {
        std::cerr << "synfin-plot: need a FIGURE and a RUN_FOLDER\n\n" << Usage(visible);
        return kExitUsage;
    }

    const std::string figure = vm["figure"].as<std::string>();
    const std::string runDir = vm["run"].as<std::string>();
    std::vector<std::string> wanted;
    if (figure == "all")
    {
        wanted = kFigures;
    }
    else if (figure == kWhatIf || figure == kSweep)
    {
        wanted = {figure};
    }
    else if (std::find(kFigures.begin(), kFigures.end(), figure) != kFigures.end())
    {
        wanted = {figure};
    }
    else
    {
        std::cerr << "synfin-plot: unknown figure '" << figure
                  << "' (allowed: timeline, ladder, timewait, cdf, all, whatif, sweep)\n";
        return kExitUsage;
    }
    if (vm.count("full-run") &&
        std::find(wanted.begin(), wanted.end(), "timeline") == wanted.end() &&
        std::find(wanted.begin(), wanted.end(), "timewait") == wanted.end())
    {
        std::cerr << "synfin-plot: --full-run applies to the timeline and timewait figures only "
                  << "(asked for '" << figure << "')\n";
        return kExitUsage;
    }
    for (const char* option : {"x", "y", "by", "where"})
    {
        if (vm.count(option) && figure != kSweep)
        {
            std::cerr << "synfin-plot: --" << option << " applies to the sweep figure only (asked "
                      << "for '" << figure << "')\n";
            return kExitUsage;
        }
    }
    if (figure == kSweep && (!vm.count("x") || !vm.count("y")))
    {
        std::cerr << "synfin-plot: sweep needs --x OPTION and --y METRIC\n";
        return kExitUsage;
    }
    for (const char* option : {"conn", "from", "to", "first", "last", "compact"})
    {
        if (vm.count(option) && std::find(wanted.begin(), wanted.end(), "ladder") == wanted.end())
        {
            std::cerr << "synfin-plot: --" << option
                      << " applies to the ladder figure only (asked for '" << figure << "')\n";
            return kExitUsage;
        }
    }
    if (vm.count("first") && vm.count("last"))
    {
        std::cerr << "synfin-plot: --first and --last exclude each other (give one)\n";
        return kExitUsage;
    }

    try
    {
        const auto formats = ParseFormats(vm["format"].as<std::string>());
        const TitleMode titles = ParseTitleMode(vm["title"].as<std::string>());
        const std::optional<RunFolder> run = figure == kWhatIf || figure == kSweep
                                                 ? std::nullopt
                                                 : std::optional<RunFolder>(std::in_place, runDir);
        const std::string output = vm.count("output") ? vm["output"].as<std::string>()
                                                      : (fs::path(runDir) / "plots").string();

        // Build every figure before rendering any: input errors surface before gnuplot
        // runs, and nothing is written for a run that cannot be drawn whole.
        std::vector<Figure> figures;
        for (const auto& name : wanted)
        {
            if (name == kWhatIf)
            {
                figures.push_back(MakeWhatIf(runDir));
            }
            else if (name == kSweep)
            {
                SweepFigureSpec spec;
                spec.x = vm["x"].as<std::string>();
                spec.y = vm["y"].as<std::string>();
                spec.by = vm.count("by") ? vm["by"].as<std::string>() : "";
                if (vm.count("where"))
                {
                    for (const std::string& w : vm["where"].as<std::vector<std::string>>())
                    {
                        const std::size_t eq = w.find('=');
                        if (eq == std::string::npos || eq == 0)
                        {
                            throw PlotError("--where " + w + ": expected OPTION=VALUE");
                        }
                        spec.where[w.substr(0, eq)] = w.substr(eq + 1);
                    }
                }
                figures.push_back(MakeSweepFigure(runDir, spec));
            }
            else if (name == "timeline")
            {
                TimelineOptions options;
                options.fullRun = vm.count("full-run") > 0;
                figures.push_back(MakeTimeline(*run, options));
            }
            else if (name == "ladder")
            {
                auto conn = vm.count("conn") ? std::optional<int64_t>(vm["conn"].as<int64_t>())
                                             : DefaultLadderConn(*run);
                if (!conn)
                {
                    throw PlotError(runDir + "/connections.csv: no connections, no ladder "
                                             "to draw");
                }
                figures.push_back(MakeLadder(*run, *conn, LadderOptionsOf(vm)));
            }
            else if (name == "timewait")
            {
                TimeWaitOptions options;
                options.fullRun = vm.count("full-run") > 0;
                figures.push_back(MakeTimeWait(*run, options));
            }
            else
            {
                figures.push_back(MakeCdf(*run));
            }
        }

        StagedOutput staged(output);
        for (const auto& f : figures)
        {
            RenderFigure(f, staged.Dir(), formats, titles);
        }
        staged.Commit();
        for (const auto& f : figures)
        {
            std::cout << "synfin-plot: " << f.name << " (" << f.summary << ") -> "
                      << (fs::path(output) / f.name).string() << ".{gp";
            for (const auto& format : formats)
            {
                std::cout << "," << format;
            }
            std::cout << "}\n";
        }
        return 0;
    }
    catch (const PlotError& e)
    {
        std::cerr << "synfin-plot: " << e.what() << "\n";
        return kExitUsage;
    }
    catch (const std::exception& e)
    {
        std::cerr << "synfin-plot: " << e.what() << "\n";
        return kExitFailure;
    }
}
