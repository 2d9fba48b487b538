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

/**
 * \ingroup synfin
 * TIME_WAIT occupancy over time ("timewait"): one step line per node from timewait.csv,
 * with the 2 MSL horizon marked: from the first TIME_WAIT entry plus 2 MSL on, records
 * expire as fast as new ones arrive, so the occupancy has reached its steady level (MSL
 * from meta.json's ns3::SynFinSocket::Msl, else the 120 s default, as the title says).
 *
 * \throws PlotError if timewait.csv is missing, malformed or empty
 */
Figure MakeTimeWait(const RunFolder& run);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_TIMEWAIT_H */
