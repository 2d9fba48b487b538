/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-cdf.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace synfin
{
namespace plot
{

Figure
MakeCdf(const RunFolder& run)
{
    std::vector<double> handshake;
    std::vector<double> close;
    for (const auto& c : run.Connections())
    {
        // Empty cells: the handshake or close did not happen (refused, still open).
        if (c.handshake && *c.handshake > 0)
        {
            handshake.push_back(*c.handshake);
        }
        if (c.closeTime && *c.closeTime > 0)
        {
            close.push_back(*c.closeTime);
        }
    }
    if (handshake.empty() && close.empty())
    {
        throw PlotError(run.Dir() + "/connections.csv: no connection has handshake_s or "
                                    "close_time_s, nothing to draw");
    }

    Figure fig;
    fig.name = "cdf";
    fig.summary = "CDFs of handshake time and close time";
    fig.heightInches = 2.7;
    double lo = 0;
    double hi = 0;
    bool first = true;
    std::ostringstream plot;
    std::size_t series = 0;
    for (auto& [values, file, title] :
         {std::make_tuple(&handshake, "cdf-handshake.dat", "handshake: connect to ESTABLISHED"),
          std::make_tuple(&close, "cdf-close.dat", "close: first close to both CLOSED")})
    {
        if (values->empty())
        {
            continue;
        }
        std::sort(values->begin(), values->end());
        DataFile data{file, "seconds fraction_of_connections", {}};
        // Start at 0 so the first step rises at the smallest value.
        data.rows.push_back({Num(values->front(), 9), "0"});
        const double n = static_cast<double>(values->size());
        for (std::size_t i = 0; i < values->size(); ++i)
        {
            data.rows.push_back({Num((*values)[i], 9), Num((i + 1) / n, 6)});
        }
        lo = first ? values->front() : std::min(lo, values->front());
        hi = first ? values->back() : std::max(hi, values->back());
        first = false;
        plot << (series ? ", \\\n" : "") << "    '" << file << "' using 1:2 with steps lw 1.4 "
             << "lc rgb '" << PlotStyle::SeriesColour(series == 0 ? 1 : 0) << "' title "
             << GpString(std::string(title) + ", n=" + std::to_string(values->size()));
        fig.data.push_back(std::move(data));
        ++series;
    }
    // Whole decades around the data, so the log axis has labelled ends.
    const double xLo = std::pow(10.0, std::floor(std::log10(lo)));
    const double xHi = std::pow(10.0, std::ceil(std::log10(hi * 1.0001)));

    std::ostringstream b;
    fig.title = "Handshake and close times";
    b << "set xlabel 'time (s, log scale)'\nset ylabel 'fraction of connections'\n";
    b << "set logscale x\nset format x '%g'\n";
    b << "set xrange [" << Num(xLo, 9) << ":" << Num(xHi, 9) << "]\n";
    b << "set yrange [0:1.05]\nset ytics 0,0.2,1\n";
    // Below the axes: inside, the key would cover one of the curves wherever it went.
    b << "set key below Left reverse samplen 2 font ',6'\n";
    b << "plot \\\n" << plot.str() << "\n";
    fig.body = b.str();
    return fig;
}

} // namespace plot
} // namespace synfin
