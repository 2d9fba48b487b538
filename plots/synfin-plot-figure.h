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
    std::string name;           //!< base name of every output: NAME.gp, NAME.pdf, NAME.png
    std::string summary;        //!< one line for the script's header comment
    double heightInches{2.4};   //!< height at column width
    std::vector<DataFile> data; //!< the .dat files the body reads
    std::string body;           //!< gnuplot commands: settings, then one plot
};

/// The output formats synfin can render.
const std::vector<std::string>& KnownFormats();

/**
 * \return \p list ("pdf,png") split and checked
 * \throws PlotError naming the bad value and the formats allowed
 */
std::vector<std::string> ParseFormats(const std::string& list);

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
                        const std::vector<std::string>& formats);

/**
 * Writes the sources (WriteFigureSources) and runs gnuplot on them through
 * gnuplot-iostream, which honours GNUPLOT_IOSTREAM_CMD.
 *
 * \return the paths of every file written
 * \throws std::runtime_error if gnuplot reports an error or an output is missing
 */
std::vector<std::string> RenderFigure(const Figure& figure,
                                      const std::string& dir,
                                      const std::vector<std::string>& formats);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_FIGURE_H */
