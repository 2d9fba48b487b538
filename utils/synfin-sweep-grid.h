/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_GRID_H
#define SYNFIN_SWEEP_GRID_H

#include "synfin-sweep-error.h"

#include <string>
#include <utility>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * One swept option and its values, as synfin-run text.
 */
struct Axis
{
    std::string option;              //!< synfin-run option name, without the leading "--"
    std::vector<std::string> values; //!< its values in sweep order, each passed as written
};

/**
 * \ingroup synfin
 * \brief Expand one option's spec into the values it stands for.
 *
 * A spec is one of
 * - a single value (`0.02`, `20ms`, `linux`), kept exactly as written;
 * - a comma-separated list (`0,0.01,0.05`), each item a single value or a range, in the
 *   order written;
 * - a linear range `START:END:STEP` (`0:0.2:0.02`, `10ms:50ms:10ms`): START + i * STEP for
 *   i = 0 .. floor((END - START) / STEP + 1e-9), so END is included when it is on the grid;
 * - a geometric range `START:END:xFACTOR` (`5ms:320ms:x2`): START * FACTOR^i while it is at
 *   most END * (1 + 1e-9).
 *
 * Range parts are numbers with an optional unit: time (ns, us, ms, s, min, h), data rate
 * (bps, kbps, Kbps, Mbps, Gbps, Bps, KBps, MBps, GBps) or none; START, END and STEP have the
 * same kind of unit (FACTOR has none). Mixed units of one kind are computed and printed in
 * the smallest of them. Generated values are printed with at most 12 significant digits,
 * without exponent, trailing zeros or trailing dot, followed by the unit as written.
 *
 * \param option the option's name (with or without the leading "--"), for error messages
 * \param spec the text given for the option
 * \param splittable false for options whose values may themselves hold ',' or ':' (such as
 *        --link or ns-3 attributes): the spec is then exactly one value
 * \return the values, in order, at least one and at most 100000
 * \throws SweepError naming the option, the bad value and what is allowed, for an empty
 *         value or list item, a duplicate value (also numerically equal ones such as `0.02`
 *         and `0.020`), a malformed range, START > END, STEP <= 0, FACTOR <= 1, a geometric
 *         START <= 0, parts of different unit kinds or more than 100000 values
 */
std::vector<std::string> ExpandValues(const std::string& option,
                                      const std::string& spec,
                                      bool splittable = true);

/**
 * \ingroup synfin
 * One point of the grid: (option, value) pairs in axis order.
 */
struct Point
{
    std::vector<std::pair<std::string, std::string>> settings; //!< (option, value) pairs

    /**
     * \brief A stable, human-readable key of the point.
     * \return option=value joined by ',' in settings order, e.g. "loss=0.02,delay=20ms";
     *         empty for a point without settings
     */
    std::string Key() const;
};

/**
 * \ingroup synfin
 * \brief The cartesian product of the axes, the LAST axis varying fastest (like nested
 * loops in axis order).
 * \param axes the swept options; no axes gives one empty point
 * \return the points, each with one setting per axis, in axis order
 * \throws SweepError if the product has more than 10,000,000 points (saying how many), an
 *         axis has no values or two axes name the same option
 */
std::vector<Point> CartesianProduct(const std::vector<Axis>& axes);

/**
 * \ingroup synfin
 * \brief Read the points listed in a CSV file.
 *
 * The first line is a header of option names (without "--"; a leading "--" is dropped),
 * then one row per point, each cell one value taken literally (no range expansion). A cell
 * is quoted with "..." to include a comma; "" inside quotes is one quote; quoted cells do
 * not span lines. Blank lines and lines starting with '#' are skipped; a trailing '\r' is
 * dropped.
 *
 * \param path the CSV file
 * \return the points in file order, settings in column order
 * \throws SweepError naming file:line for an unreadable file, a missing or empty header, an
 *         empty or duplicate column name, a malformed quote, a row with a different number
 *         of fields, an empty cell, no rows, or duplicate points (same values in every column)
 */
std::vector<Point> ReadPoints(const std::string& path);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_GRID_H */
