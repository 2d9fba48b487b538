/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_WHATIF_H
#define SYNFIN_PLOT_WHATIF_H

#include "synfin-plot-figure.h"

#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * The what-if comparison in one figure ("whatif"), from the comparison.csv that
 * examples/why-three-why-four writes (columns variant, scenario, metric, standard,
 * variant_value).
 *
 * One row per measurement, grouped by variant: two horizontal bars, the standard table's
 * value and the variant's, each printed at the end of its bar. The measurements have
 * different units (connections, bytes, milliseconds, segments), so each row is scaled to
 * the larger of its two values: bar lengths compare within a row, the printed numbers
 * across rows. A zero is drawn as a tick at 0 so that "none" stays visible.
 *
 * \param folder the example's output folder (holding comparison.csv)
 * \throws PlotError if comparison.csv is missing, malformed, has a negative value, or no rows
 */
Figure MakeWhatIf(const std::string& folder);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_WHATIF_H */
