/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_STYLE_H
#define SYNFIN_PLOT_STYLE_H

#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * The look every figure shares, so that a state has the same colour in every figure of a
 * paper and the fonts match from one figure to the next.
 */
class PlotStyle
{
  public:
    /// Width of one column of a two-column paper (IEEE, ACM): figures fit it unscaled.
    static constexpr double kColumnWidthInches = 3.5;
    /// PNG resolution: sharp on a slide or a review site, still a small file.
    static constexpr int kPngDpi = 200;
    /// Font size (pt) of tick labels, keys and titles at column width.
    static constexpr int kFontPoints = 7;
    /// Font size (pt) of annotations inside the plot (ladder labels, state names).
    static constexpr int kSmallFontPoints = 6;

    /// \return the TCP states in RFC 9293 order, the order of every legend and stack
    static const std::vector<std::string>& StateOrder();
    /// \return "#rrggbb" of \p state (TcpStateName spelling); grey for an unknown name
    static std::string StateColour(const std::string& state);
    /// \return the i-th colour of the series palette (nodes, curves), cycling
    static std::string SeriesColour(std::size_t i);

    /**
     * \return the gnuplot commands selecting the terminal of \p format (pdf, png, svg or tex) for
     *         a figure \p heightInches tall and one column wide
     */
    static std::string Terminal(const std::string& format, double heightInches);
    /// \return the settings every figure starts from (font, grid, border, key)
    static std::string Common();
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_STYLE_H */
