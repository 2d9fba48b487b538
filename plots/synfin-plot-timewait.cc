/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-timewait.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <map>
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

} // namespace

Figure
MakeTimeWait(const RunFolder& run)
{
    const auto& steps = run.TimeWait();
    if (steps.empty())
    {
        throw PlotError(run.Dir() + "/timewait.csv: no rows, nothing to draw");
    }
    const RunMeta& meta = run.Meta();
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
                      "time_s count (node " + std::to_string(node) + ")",
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
             << "' title 'node " << node << "'";
        fig.data.push_back(std::move(data));
        ++series;
    }

    const double timeWait = meta.TimeWaitSeconds();
    std::ostringstream b;
    b << "set title "
      << GpString("TIME_WAIT occupancy, MSL = " + Duration(meta.mslSeconds) +
                  (meta.mslFromMeta ? "" : " (default)"))
      << "\n";
    b << "set xlabel 'time (s)'\nset ylabel 'sockets in TIME_WAIT'\n";
    b << "set xrange [0:" << Num(tEnd, 6) << "]\n";
    // Headroom above the peak for the 2 MSL annotation: about a third, so the annotation
    // (at graph 0.93) lies above the top tick label as well as above the data.
    b << "set yrange [0:" << std::max<int64_t>(2, peak + std::max<int64_t>(1, (peak * 3 + 9) / 10))
      << "]\n";
    // Below the axes, as in every synfin figure: inside, it would sit on a step line.
    b << "set key below horizontal Left reverse samplen 2 font ',6'\n";
    if (firstEntry)
    {
        const double horizon = *firstEntry + timeWait;
        const std::string text =
            (meta.timeWaitSeconds ? "TIME_WAIT = " : "2 MSL = ") + Duration(timeWait);
        if (horizon <= tEnd)
        {
            // The span from the first entry to the horizon, and the horizon itself.
            b << "set arrow 1 from " << Num(horizon, 6) << ", graph 0 to " << Num(horizon, 6)
              << ", graph 1 nohead dt 2 lw 1 lc rgb '#555555'\n";
            b << "set arrow 2 from " << Num(*firstEntry, 6) << ", graph 0.93 to " << Num(horizon, 6)
              << ", graph 0.93 heads size screen 0.01,25 lw 0.8 lc rgb "
                 "'#555555'\n";
            // Centred over the span if it fits there. A span narrower than the text (the
            // usual case: 2 MSL is short next to a long run) would push the text over the
            // y axis's tick labels and through the dashed horizon: then the text goes just
            // right of the horizon, on the arrow's line. Text width estimated from its
            // length (6 pt, about 0.06 in a character) on a plot about 2.8 in wide.
            const double width = text.size() * 0.06 / 2.8 * tEnd;
            if (width * 1.1 > horizon - *firstEntry && horizon + width * 1.2 < tEnd)
            {
                b << "set label 1 " << GpString(text) << " at " << Num(horizon, 6)
                  << ", graph 0.93 left offset 0.6,0 font ',6'\n";
            }
            else
            {
                const double centre = std::min(std::max((*firstEntry + horizon) / 2, width * 0.55),
                                               tEnd - width * 0.55);
                b << "set label 1 " << GpString(text) << " at " << Num(centre, 6)
                  << ", graph 0.93 center offset 0,0.6 font ',6'\n";
            }
        }
        else
        {
            // The horizon lies past the end of the run: occupancy never levelled off.
            b << "set label 1 "
              << GpString(text + ": first expiry at " + Num(horizon, 1) + " s, after the run")
              << " at graph 0.98, graph 0.93 right font ',6'\n";
            b << "set arrow 2 from " << Num(*firstEntry, 6) << ", graph 0.86 to graph 1, "
              << "graph 0.86 head size screen 0.01,25 lw 0.8 dt 2 lc rgb '#555555'\n";
        }
    }
    if (!idle.empty())
    {
        // Named in the key, so a reader does not wonder where those nodes went.
        std::string note;
        for (std::size_t i = 0; i < idle.size(); ++i)
        {
            note += (i ? ", " : "no TIME_WAIT on node ") + std::to_string(idle[i]);
        }
        plot << ", \\\n    keyentry with lines lc rgb 'white' title " << GpString(note);
    }
    b << "plot \\\n" << plot.str() << "\n";
    fig.body = b.str();
    return fig;
}

} // namespace plot
} // namespace synfin
