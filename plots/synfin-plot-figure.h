/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_FIGURE_H
#define SYNFIN_PLOT_FIGURE_H

#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/// One data file of a figure: NAME-part.dat beside NAME.gp.
struct DataFile
{
    std::string name;                           //!< file name, relative (e.g. "cdf-handshake.dat")
    std::string header;                         //!< column description, written as a # comment
    std::vector<std::vector<std::string>> rows; //!< cells, already formatted
};

/**
 * \ingroup synfin
 * A figure as gnuplot will draw it: the data files and the commands, with no terminal.
 *
 * The figure builders (timeline, ladder, ...) compute everything into this; rendering is
 * then one generic step, and a test can compare the text of the script and data.
 */
struct Figure
{
    std::string name;    //!< base name of every output: NAME.gp, NAME.pdf, NAME.png
    std::string summary; //!< one line for the script's header comment
    /// The title drawn above the plot in the formats that take one (PNG previews by
    /// default; papers put captions outside the figure). Never part of \c body.
    std::string title;
    /// gnuplot options after the title text (e.g. "offset 0,0.6"), when it is drawn
    std::string titleOptions;
    double heightInches{2.4};   //!< height at column width
    std::vector<DataFile> data; //!< the .dat files the body reads
    std::string body;           //!< gnuplot commands: settings, then one plot
};

/// The output formats synfin can render: pdf, png, svg and tex (TikZ, whose text is set
/// by LaTeX in the paper's own fonts).
const std::vector<std::string>& KnownFormats();

/**
 * \return \p list ("pdf,png,svg,tex") split and checked, in the order given, repeats
 *         dropped
 * \throws PlotError naming the bad value and the formats allowed
 */
std::vector<std::string> ParseFormats(const std::string& list);

/// Which outputs draw Figure::title.
enum class TitleMode
{
    Previews, //!< PNG only: previews need a title, a paper has a caption (the default)
    All,      //!< every format
    None      //!< no format
};

/**
 * \return the mode \p text names: "auto" (Previews), "on" (All) or "off" (None)
 * \throws PlotError naming the bad value and the values allowed
 */
TitleMode ParseTitleMode(const std::string& text);

/// \return \p value with \p decimals fixed decimals: deterministic text for .dat files
std::string Num(double value, int decimals);
/// \return \p text double-quoted for a .dat column (gnuplot reads it as one string)
std::string Quoted(const std::string& text);
/// \return \p text as a gnuplot single-quoted string literal
std::string GpString(const std::string& text);

/**
 * Writes NAME.gp and the .dat files of \p figure into \p dir. The script references the
 * data by relative names and draws one output per entry of \p formats, so
 * `gnuplot NAME.gp` run in \p dir re-creates them.
 */
void WriteFigureSources(const Figure& figure,
                        const std::string& dir,
                        const std::vector<std::string>& formats,
                        TitleMode titles = TitleMode::Previews);

/**
 * \return \p tikz (the tikz terminal's output) with the characters LaTeX reads as
 *         commands in text (_ % & #) escaped inside every node's text: state names such
 *         as SYN_SENT would otherwise become subscripts or errors in the paper
 */
std::string EscapeTikzText(const std::string& tikz);

/**
 * Writes the sources (WriteFigureSources) and runs gnuplot on them through
 * gnuplot-iostream, which honours GNUPLOT_IOSTREAM_CMD; then escapes the text of the tex
 * output for LaTeX (EscapeTikzText).
 *
 * \return the paths of every file written
 * \throws std::runtime_error if gnuplot reports an error or an output is missing
 */
std::vector<std::string> RenderFigure(const Figure& figure,
                                      const std::string& dir,
                                      const std::vector<std::string>& formats,
                                      TitleMode titles = TitleMode::Previews);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_FIGURE_H */
