/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOTS_TEST_UTIL_H
#define SYNFIN_PLOTS_TEST_UTIL_H

#include "synfin-plot-figure.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

/**
 * \file
 * What the figure tests share: fixtures, temporary folders, a PNG decoder to ask whether
 * anything is drawn and in which colours, and a runner for the synfin-plot program.
 */

namespace synfin
{
namespace plot
{
namespace test
{

namespace fs = std::filesystem;

/// \return the synfin source directory: $SYNFIN_SOURCE_DIR, else the one compiled in
std::string SourceDir();
/// \return the path of fixture \p name
std::string Fixture(const std::string& name);
/// \return the whole file \p path ("" if unreadable)
std::string Slurp(const fs::path& path);

/// A fresh temporary folder per test, removed afterwards.
class TempDir
{
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    /// \return the folder
    const fs::path& Path() const;

  private:
    fs::path m_path; //!< the folder
};

/// \return \p fixture copied into \p dir (so tests may break it or write plots/ into it)
fs::path CopyFixture(const std::string& fixture, const fs::path& dir);

/// A decoded 8-bit RGB(A) PNG, enough to ask "is anything drawn, and in which colours".
struct Image
{
    uint32_t width{0};         //!< pixels
    uint32_t height{0};        //!< pixels
    std::vector<uint32_t> rgb; //!< 0xRRGGBB per pixel, alpha dropped
};

/**
 * Decodes \p path: chunks, zlib (Boost.Iostreams, which gnuplot-iostream links already)
 * and the five PNG row filters. Only what pngcairo writes: 8-bit RGB or RGBA, not
 * interlaced. \return nothing useful (width 0) if the file is something else
 */
Image DecodePng(const fs::path& path);
/// \return the fraction of \p image's pixels that are not white
double InkFraction(const Image& image);
/// \return how many pixels of \p image have exactly colour \p hex ("#RRGGBB")
std::size_t CountColour(const Image& image, const std::string& hex);

/// Checks that \p dir holds NAME.gp, NAME.pdf and NAME.png, and that the two images are
/// real, non-blank pictures; \return the decoded PNG for colour checks
Image ExpectRendered(const fs::path& dir, const std::string& name);

/**
 * Writes the sources (.gp, .dat) of \p figures and compares each file with its golden copy
 * in \p golden (a folder under test/fixtures), written for \p formats with \p titles; with
 * SYNFIN_UPDATE_GOLDEN set, rewrites the
 * golden copies first (after an intended change).
 */
void ExpectMatchesGolden(const std::vector<Figure>& figures,
                         const std::string& golden,
                         const std::vector<std::string>& formats = {"pdf", "png"},
                         TitleMode titles = TitleMode::Previews);

/// Space two texts' boxes may share in a ladder (px, 1/72 in): the boxes run from the
/// font's ascender to its descender, taller than any ink, so touching boxes leave a gap.
constexpr double kLadderTolerancePx = 0.3;
/// The same for the other figures, whose key sits close under the x axis's label.
constexpr double kFigureTolerancePx = 1.0;

/// \return whether there is a font file to measure text with (fc-match finds Sans)
bool CanMeasureText();
/// \return what the text checker (svg-text-boxes.h) finds wrong in the SVG \p svg:
///         overlapping or clipped texts, measured with the font gnuplot used
std::vector<std::string> SvgTextProblems(const fs::path& svg, double tolerancePx);
/// Renders \p fig as SVG into \p dir; \return SvgTextProblems of it
std::vector<std::string> TextProblems(const Figure& fig, const fs::path& dir, double tolerancePx);
/// \return \p problems as one message, a line each
std::string Joined(const std::vector<std::string>& problems);

/// Result of running synfin-plot.
struct CliResult
{
    int exitCode{-1};   //!< process exit status
    std::string output; //!< stdout and stderr together
};

/// Runs synfin-plot with \p args (shell words) and \p env prefix; \return its result
CliResult RunCli(const std::string& args, const fs::path& scratch, const std::string& env = "");

} // namespace test
} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOTS_TEST_UTIL_H */
