/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_AXIS_H
#define SYNFIN_PLOT_LADDER_AXIS_H

#include <string>
#include <utility>
#include <vector>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * The ladder's vertical axis: milliseconds of axis length, to scale, except that an idle
 * stretch longer than a threshold is squeezed to a fixed length, and so is each folded band
 * of the compact mode (a piecewise-linear map from time to axis position).
 */
class LadderTimeAxis
{
  public:
    /// A squeezed stretch: where it lies on the axis and how long it really is.
    struct Break
    {
        double yStart;  //!< axis position where the stretch begins (ms)
        double yEnd;    //!< where it ends
        double seconds; //!< the real time it stands for
        bool band;      //!< a folded band (labelled by the band), not an idle gap
    };

    /**
     * \param times every time something is drawn (s)
     * \param origin time drawn at 0
     * \param zero time the tic labels count from (the connect call), at or before \p origin
     * \param maxGap idle stretches longer than this (s) are squeezed ...
     * \param squeezed ... to this length (s)
     * \param bands stretches [start, end] (s) squeezed to \p bandLength whatever they
     *        hold: the folded runs of data segments; sorted, disjoint
     * \param bandLength their length on the axis (s)
     */
    LadderTimeAxis(std::vector<double> times,
                   double origin,
                   double zero,
                   double maxGap,
                   double squeezed,
                   const std::vector<std::pair<double, double>>& bands = {},
                   double bandLength = 0);

    /// \return the axis position (ms) of time \p t (s)
    double Y(double t) const;
    /// \return the last time on the axis
    double Last() const;
    /// \return the squeezed stretches, top to bottom
    const std::vector<Break>& Breaks() const;

    /**
     * \return a gnuplot tic list ("0" 0, "20" 20, ...) naming real milliseconds since the
     *         zero time: a nice step inside each to-scale stretch, none closer than a text
     *         line (\p inPerY inches per ms) to the previous
     */
    std::string TicList(double inPerY) const;

  private:
    /// \return the time at axis position \p y (inverse of Y on the breakpoints)
    double TimeAtY(double y) const;

    double m_zero;               //!< time the tic labels count from
    std::vector<double> m_t;     //!< breakpoint times (s)
    std::vector<double> m_y;     //!< their axis positions (ms)
    std::vector<Break> m_breaks; //!< squeezed stretches
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_AXIS_H */
