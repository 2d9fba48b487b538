/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-timewait.h"

#include "synfin-plot-error.h"
#include "synfin-plot-roles.h"
#include "synfin-plot-span.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <map>
#include <optional>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

/// \return \p seconds in the unit a reader expects for it ("500 ms", "4 s", "4 min")
std::string
Duration(double seconds)
{
    std::ostringstream out;
    if (seconds < 1.0)
    {
        out << Num(seconds * 1000, seconds * 1000 < 10 ? 1 : 0) << " ms";
    }
    else if (seconds < 600)
    {
        out << Num(seconds, seconds == static_cast<long>(seconds) ? 0 : 2) << " s";
    }
    else
    {
        out << Num(seconds / 60, 1) << " min";
    }
    return out.str();
}

/// \return "3 clients" for \p n nodes of \p role ("client")
std::string
Nodes(std::size_t n, const std::string& role)
{
    // "client+server" has no plural of its own.
    const std::string noun = role.find('+') != std::string::npos ? role + " node" : role;
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

} // namespace

Figure
MakeTimeWait(const RunFolder& run, const TimeWaitOptions& options)
{
    const auto& steps = run.TimeWait();
    if (steps.empty())
    {
        throw PlotError(run.Dir() + "/timewait.csv: no rows, nothing to draw");
    }
    const RunMeta& meta = run.Meta();
    const TimeSpan span = FigureSpan(run, options.fullRun);
    // Names are a courtesy: a folder with timewait.csv but without the files that tell
    // the roles (states.csv) still gets its figure, with bare node ids.
    std::optional<NodeNames> names;
    try
    {
        names.emplace(run);
    }
    catch (const PlotError&)
    {
    }
    auto label = [&names](int64_t node) {
        return names ? names->Label(node) : "node " + std::to_string(node);
    };

    double tEnd = 0;
    std::map<int64_t, std::vector<const TimeWaitStep*>> byNode;
    std::optional<double> firstEntry;
    for (const auto& s : steps)
    {
        byNode[s.node].push_back(&s);
        tEnd = std::max(tEnd, s.time);
        if (s.count > 0 && (!firstEntry || s.time < *firstEntry))
        {
            firstEntry = s.time;
        }
    }
    // The run's end, so a node's last level is drawn up to it rather than stopping at its
    // last change; meta.json knows it, else the last change anywhere is the best we have.
    if (meta.stopSeconds)
    {
        tEnd = std::max(tEnd, *meta.stopSeconds);
    }
    if (tEnd <= 0)
    {
        tEnd = 1;
    }

    Figure fig;
    fig.name = "timewait";
    fig.summary = "TIME_WAIT records per node over time";
    fig.title = "TIME_WAIT occupancy, MSL = " + Duration(meta.mslSeconds) +
                (meta.mslFromMeta ? "" : " (default)");
    fig.heightInches = 2.7;
    std::ostringstream plot;
    std::size_t series = 0;
    int64_t peak = 0;
    // Nodes that never hold a TIME_WAIT record would be flat lines on the x axis, hiding
    // it; they are left out unless no node has any.
    bool anyNonZero = false;
    for (const auto& s : steps)
    {
        anyNonZero = anyNonZero || s.count > 0;
    }
    std::vector<int64_t> idle;
    for (auto& [node, rows] : byNode)
    {
        const bool nonZero =
            std::any_of(rows.begin(), rows.end(), [](auto* r) { return r->count > 0; });
        if (anyNonZero && !nonZero)
        {
            idle.push_back(node);
            continue;
        }
        std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) {
            return a->time < b->time;
        });
        DataFile data{"timewait-node" + std::to_string(node) + ".dat",
                      "time_s count (" + label(node) + ", node " + std::to_string(node) + ")",
                      {}};
        for (const auto* r : rows)
        {
            data.rows.push_back({Num(r->time, 9), std::to_string(r->count)});
            peak = std::max(peak, r->count);
        }
        // 'with steps' holds each level until the next point: repeat the last at the end.
        data.rows.push_back({Num(tEnd, 9), std::to_string(rows.back()->count)});
        plot << (series ? ", \\\n" : "") << "    '" << data.name
             << "' using 1:2 with steps lw 1.4 lc rgb '" << PlotStyle::SeriesColour(series)
             << "' title " << GpString(label(node));
        fig.data.push_back(std::move(data));
        ++series;
    }

    const double timeWait = meta.TimeWaitSeconds();
    const double x0 = span.from;
    const double x1 = span.to;
    std::ostringstream b;
    b << "set xlabel 'time (s)'\nset ylabel 'sockets in TIME_WAIT'\n";
    b << "set xrange [" << Num(x0, 6) << ":" << Num(x1, 6) << "]\n";
    // Headroom above the peak for the 2 MSL annotation: about a third, so the annotation
    // (at graph 0.93) lies above the top tick label as well as above the data.
    const int64_t top = std::max<int64_t>(2, peak + std::max<int64_t>(1, (peak * 3 + 9) / 10));
    b << "set yrange [0:" << top << "]\n";
    if (top <= 6)
    {
        // Whole sockets: gnuplot would tick a short axis in halves.
        b << "set ytics 1\n";
    }
    // Below the axes, as in every synfin figure: inside, it would sit on a step line.
    b << "set key below horizontal Left reverse samplen 2 font ',6'\n";
    if (firstEntry)
    {
        // A record lasts 2 MSL from its own entry: the first one expires, and the
        // occupancy stops growing, 2 MSL after the first entry, not after time 0.
        const double horizon = *firstEntry + timeWait;
        const std::string text =
            (meta.timeWaitSeconds ? "TIME_WAIT = " : "2 MSL = ") + Duration(timeWait);
        if (horizon <= x1)
        {
            // The span from the first entry to the horizon, and the horizon itself.
            b << "set arrow 1 from " << Num(horizon, 6) << ", graph 0 to " << Num(horizon, 6)
              << ", graph 1 nohead dt 2 lw 1 lc rgb '#555555'\n";
            b << "set arrow 2 from " << Num(*firstEntry, 6) << ", graph 0.93 to " << Num(horizon, 6)
              << ", graph 0.93 heads size screen 0.01,25 lw 0.8 lc rgb "
                 "'#555555'\n";
            // Centred over the span if it fits there. A span narrower than the text would
            // push the text over the y axis's tick labels and through the dashed horizon:
            // then the text goes just right of the horizon, on the arrow's line, if there
            // is room. Text width estimated from its length (6 pt, about 0.06 in a
            // character) on a plot about 2.8 in wide.
            const double width = text.size() * 0.06 / 2.8 * (x1 - x0);
            if (width * 1.1 > horizon - *firstEntry && horizon + width * 1.2 < x1)
            {
                b << "set label 1 " << GpString(text) << " at " << Num(horizon, 6)
                  << ", graph 0.93 left offset 0.6,0 font ',6'\n";
            }
            else
            {
                const double centre =
                    std::min(std::max((*firstEntry + horizon) / 2, x0 + width * 0.55),
                             x1 - width * 0.55);
                b << "set label 1 " << GpString(text) << " at " << Num(centre, 6)
                  << ", graph 0.93 center offset 0,0.6 font ',6'\n";
            }
        }
        else
        {
            // The horizon lies past the axis: occupancy never levelled off in view. Kept to
            // one short line, which must fit the plot's width from its right end: when
            // would not matter once it is after the run.
            b << "set label 1 "
              << GpString(text + ": first expiry " +
                          (horizon > tEnd ? "after the run" : "at " + Num(horizon, 1) + " s"))
              << " at graph 0.98, graph 0.93 right font ',6'\n";
            b << "set arrow 2 from " << Num(*firstEntry, 6) << ", graph 0.86 to graph 1, "
              << "graph 0.86 head size screen 0.01,25 lw 0.8 dt 2 lc rgb '#555555'\n";
        }
    }
    if (!anyNonZero)
    {
        // Flat lines on the axis alone could be a drawing that failed.
        b << "set label 2 'no socket entered TIME_WAIT' at graph 0.5, graph 0.5 center "
             "font ',6'\n";
    }
    if (!idle.empty())
    {
        // Named in the key, so a reader does not wonder where those nodes went; by role
        // when there are many, so the key stays a line.
        std::string note = "no TIME_WAIT on ";
        if (idle.size() <= 2)
        {
            for (std::size_t i = 0; i < idle.size(); ++i)
            {
                note += (i ? ", " : "") + label(idle[i]);
            }
        }
        else
        {
            std::map<std::string, std::size_t> byRole;
            for (const int64_t node : idle)
            {
                const std::string role = names ? names->Role(node) : "";
                ++byRole[role.empty() ? "other node" : role];
            }
            bool first = true;
            for (const auto& [role, n] : byRole)
            {
                note += (first ? "" : ", ") + Nodes(n, role);
                first = false;
            }
        }
        plot << ", \\\n    keyentry with lines lc rgb 'white' title " << GpString(note);
    }
    if (firstEntry && !meta.timeWaitSeconds && !meta.mslFromMeta)
    {
        // The horizon rests on an assumption the reader must know of; a title is
        // not drawn in a paper's figure, so it goes into the key.
        plot << ", \\\n    keyentry with lines lc rgb 'white' title "
             << GpString("MSL not recorded: " + Duration(meta.mslSeconds) + " default assumed");
    }
    b << "plot \\\n" << plot.str() << "\n";
    fig.body = b.str();
    return fig;
}

} // namespace plot
} // namespace synfin
