/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_CDF_H
#define SYNFIN_PLOT_CDF_H

#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * Empirical CDFs of handshake time and close time over the run's connections ("cdf"), from
 * connections.csv's handshake_s and close_time_s, on one logarithmic time axis: a
 * handshake takes round trips, a close takes 2 MSL, and a retransmission moves either by
 * seconds, so only a log axis shows both shapes.
 *
 * \throws PlotError if connections.csv is missing or malformed, or no connection has
 *         either time
 */
Figure MakeCdf(const RunFolder& run);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_CDF_H */
