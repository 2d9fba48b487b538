/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_TIMEWAIT_H
#define SYNFIN_PLOT_TIMEWAIT_H

#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"

namespace synfin
{
namespace plot
{

/// Knobs of the TIME_WAIT figure.
struct TimeWaitOptions
{
    /// Draw the whole run, 0 to its stop time, instead of the stretch with activity
    /// (FigureSpan()): the same choice as TimelineOptions::fullRun, so that the two
    /// figures of a run keep sharing their time axis.
    bool fullRun{false};
};

/**
 * \ingroup synfin
 * TIME_WAIT occupancy over time ("timewait"): one step line per node from timewait.csv,
 * named by the node's role and address, with the 2 MSL horizon marked from the first
 * TIME_WAIT entry: a record lasts 2 MSL from when it starts, so from the first entry plus
 * 2 MSL on records expire as fast as new ones arrive and the occupancy has reached its
 * steady level. MSL comes from meta.json's ns3::SynFinSocket::Msl, else it is the 120 s
 * default, which the key then says.
 *
 * The time axis is FigureSpan(), the one the timeline of the run has too.
 *
 * \throws PlotError if timewait.csv is missing, malformed or empty
 */
Figure MakeTimeWait(const RunFolder& run, const TimeWaitOptions& options = {});

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_TIMEWAIT_H */
