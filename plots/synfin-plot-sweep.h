/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_SWEEP_H
#define SYNFIN_PLOT_SWEEP_H

#include "synfin-plot-figure.h"

#include <map>
#include <string>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * What to draw from a sweep's summary.csv.
 */
struct SweepFigureSpec
{
    std::string x;  //!< the varied option on the x axis (a summary.csv column)
    std::string y;  //!< the metric ("handshake_p99_s"; "handshake_p99" finds it too)
    std::string by; //!< optional: one line per value of this varied option
    /// the other varied options, each held at one value (option -> value)
    std::map<std::string, std::string> where;
};

/**
 * \brief A metric against a varied option, with 95% confidence intervals as error bars, one
 *        line per value of a second option, from the summary.csv of synfin-sweep's folder.
 *
 * The x values are numbers with an optional unit (0.02, 20ms, 10Mbps: the unit, the same for
 * every value, goes into the axis label) or names (linux, rfc9293: one tick each, in the
 * sweep's order). When every x value is positive and they grow by one factor (a geometric
 * range), the x axis is logarithmic. Points whose metric no run had are left out.
 *
 * \param folder the sweep's folder (holding summary.csv)
 * \param spec what to draw
 * \return the figure, named sweep-Y-vs-X[-by-BY]
 * \throws PlotError if summary.csv is missing or malformed, a column is not in it, another
 *         option varies and is not fixed by \p spec.where (the message names it and its
 *         values), or nothing is left to draw
 */
Figure MakeSweepFigure(const std::string& folder, const SweepFigureSpec& spec);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_SWEEP_H */
