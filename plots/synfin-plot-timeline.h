/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_TIMELINE_H
#define SYNFIN_PLOT_TIMELINE_H

#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"

#include <cstddef>

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
    /// Draw the whole run, 0 to its stop time, instead of the stretch with activity
    /// (FigureSpan()): the same choice as TimeWaitOptions::fullRun, so that the two
    /// figures of a run keep sharing their time axis.
    bool fullRun{false};
};

/**
 * \ingroup synfin
 * The state timeline of a run ("timeline"): one horizontal band per socket, named by its
 * conn, its role and its node's address, coloured by the state it holds, the two ends of
 * each connection adjacent, SYN and FIN transmissions and their losses marked; or, above
 * TimelineOptions::aggregateAbove sockets, how many sockets hold each state at each
 * instant, stacked.
 *
 * The time axis is FigureSpan(), the one the TIME_WAIT figure of the run has too. The key
 * lists the states some socket holds for a while within it, in RFC 9293's order.
 *
 * Reads states.csv, connections.csv and segments.csv (timewait.csv, if present, for the
 * time axis).
 * \throws PlotError if a file is missing or malformed, or states.csv has no rows
 */
Figure MakeTimeline(const RunFolder& run, const TimelineOptions& options = {});

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_TIMELINE_H */
