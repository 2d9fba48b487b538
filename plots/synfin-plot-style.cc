/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-style.h"

#include <cmath>
#include <map>
#include <sstream>

namespace synfin
{
namespace plot
{

const std::vector<std::string>&
PlotStyle::StateOrder()
{
    static const std::vector<std::string> order{"CLOSED",
                                                "LISTEN",
                                                "SYN_SENT",
                                                "SYN_RCVD",
                                                "ESTABLISHED",
                                                "FIN_WAIT_1",
                                                "FIN_WAIT_2",
                                                "CLOSE_WAIT",
                                                "CLOSING",
                                                "LAST_ACK",
                                                "TIME_WAIT"};
    return order;
}

std::string
PlotStyle::StateColour(const std::string& state)
{
    // Okabe & Ito's palette (2008), distinguishable with every common colour-vision
    // deficiency, plus greys for the states that are background rather than signal. The
    // handshake is blue, the data phase green, the active closer's path warm (orange,
    // yellow, then vermillion for TIME_WAIT, the state this module exists to study), the
    // passive closer's path purple and dark grey. Eleven states cannot all get hues, so
    // the rare ones (CLOSED, CLOSING) get the extremes black and pale grey.
    static const std::map<std::string, std::string> colours{{"CLOSED", "#DDDDDD"},
                                                            {"LISTEN", "#999999"},
                                                            {"SYN_SENT", "#56B4E9"},
                                                            {"SYN_RCVD", "#0072B2"},
                                                            {"ESTABLISHED", "#009E73"},
                                                            {"FIN_WAIT_1", "#E69F00"},
                                                            {"FIN_WAIT_2", "#F0E442"},
                                                            {"CLOSE_WAIT", "#CC79A7"},
                                                            {"CLOSING", "#000000"},
                                                            {"LAST_ACK", "#555555"},
                                                            {"TIME_WAIT", "#D55E00"}};
    auto it = colours.find(state);
    return it == colours.end() ? "#888888" : it->second;
}

std::string
PlotStyle::SeriesColour(std::size_t i)
{
    // Okabe-Ito again, led by vermillion so a single node's TIME_WAIT line has
    // TIME_WAIT's colour.
    static const char* const palette[] =
        {"#D55E00", "#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
    return palette[i % (sizeof(palette) / sizeof(palette[0]))];
}

std::string
PlotStyle::Terminal(const std::string& format, double heightInches)
{
    std::ostringstream t;
    t.setf(std::ios::fixed);
    t.precision(2);
    // noenhanced: state names are full of underscores, which enhanced text would turn
    // into subscripts.
    if (format == "pdf")
    {
        t << "set terminal pdfcairo noenhanced color font 'Sans," << kFontPoints << "' size "
          << kColumnWidthInches << "in," << heightInches << "in";
    }
    else if (format == "svg")
    {
        // SVG sizes are in pixels of 1/72 in here, so the points of the fonts match the PDF.
        t << "set terminal svg noenhanced dynamic font 'Sans," << kFontPoints
          << "' background '#ffffff' size " << std::lround(kColumnWidthInches * 72) << ","
          << std::lround(heightInches * 72);
    }
    else if (format == "tex")
    {
        // Text is left to LaTeX (the paper's fonts); the tikz terminal has no enhanced
        // text mode to switch off. createstyle writes the style files the \input needs.
        t << "set terminal tikz createstyle color font '," << kFontPoints << "' size "
          << kColumnWidthInches << "in," << heightInches << "in";
    }
    else
    {
        // pngcairo measures fonts and lines at 72 dpi: scale both by dpi/72 so the PNG is
        // the PDF at kPngDpi, not a thumbnail with huge text.
        const double scale = kPngDpi / 72.0;
        t << "set terminal pngcairo noenhanced color font 'Sans," << kFontPoints << "' fontscale "
          << scale << " linewidth " << scale << " pointscale " << scale << " size "
          << std::lround(kColumnWidthInches * kPngDpi) << ","
          << std::lround(heightInches * kPngDpi);
    }
    return t.str();
}

std::string
PlotStyle::Common()
{
    return "set border 3 lw 0.8\n"
           "set tics nomirror out scale 0.6\n"
           "set grid xtics ytics lw 0.4 lc rgb '#DDDDDD'\n"
           "set key noautotitle\n";
}

} // namespace plot
} // namespace synfin
