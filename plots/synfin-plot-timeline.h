/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_TIMELINE_H
#define SYNFIN_PLOT_TIMELINE_H

#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"

namespace synfin
{
namespace plot
{

/// Knobs of the state timeline.
struct TimelineOptions
{
    /// Above this many sockets one band each is unreadable at column width: the figure
    /// shows the number of sockets in each state over time instead.
    std::size_t aggregateAbove{30};
};

/**
 * \ingroup synfin
 * The state timeline of a run ("timeline"): one horizontal band per socket, coloured by
 * the state it holds, the two ends of each connection adjacent, SYN and FIN transmissions
 * and their losses marked; or, above TimelineOptions::aggregateAbove sockets, stacked
 * areas of the socket count per state.
 *
 * Reads states.csv, connections.csv and segments.csv.
 * \throws PlotError if a file is missing or malformed, or states.csv has no rows
 */
Figure MakeTimeline(const RunFolder& run, const TimelineOptions& options = {});

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_TIMELINE_H */
