/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SVG_TEXT_BOXES_H
#define SYNFIN_SVG_TEXT_BOXES_H

#include <array>
#include <cstdint>
#include <string>
#include <vector>

/**
 * \file
 * Finds text that overlaps other text, or that the canvas edge cuts, in a figure gnuplot's
 * svg terminal drew: the layout as rendered, not as the script meant it.
 *
 * The svg terminal writes each text line as a <text> in a <g> whose transform places its
 * anchor ("translate(x,y) rotate(a)"), with the font size and text-anchor beside it. The
 * SVG does not say how wide the line is, so each line is measured with the advance widths
 * of the font the viewer will use (the TrueType file fontconfig picks for "Sans"), read
 * here without FreeType or cairo so the check depends on nothing the figures do not.
 *
 * A line's box spans its advance widths and, vertically, the font's ascender to
 * descender: taller than most ink (accents, descenders), so two boxes may touch by a
 * fraction of a pixel before the letters do; FindTextProblems() takes that allowance.
 */

namespace synfin_test
{

/// A point in the SVG's user units (gnuplot's: 1 unit = 1 px = 1/72 in here).
struct SvgPoint
{
    double x{0}; //!< rightwards
    double y{0}; //!< downwards, as in SVG
};

/**
 * One rendered text line: a rectangle rotated about its centre.
 */
struct TextBox
{
    std::string text;       //!< the line as displayed (entities decoded, spaces as SVG keeps them)
    SvgPoint anchor;        //!< where the transform puts the text's anchor, on the baseline
    double cx{0};           //!< centre of the box, x
    double cy{0};           //!< centre of the box, y
    double halfW{0};        //!< half the advance width (along the baseline)
    double halfH{0};        //!< half of ascent + descent (across the baseline)
    double angleDeg{0};     //!< rotation as SVG states it: clockwise on screen, y pointing down
    double fontSize{0};     //!< font-size in user units
    std::string anchorName; //!< text-anchor: "start", "middle" or "end"
    bool bold{false};       //!< font-weight bold (measured with the bold font's metrics)
    int line{0};            //!< line of the SVG file the <text> starts on (1-based)

    /// \return the box's corners, in order around it
    std::array<SvgPoint, 4> Corners() const;
};

/**
 * Horizontal metrics of one TrueType or OpenType font, from its own tables: 'head'
 * (unitsPerEm), 'hhea' (ascender, descender, numberOfHMetrics), 'hmtx' (advance widths)
 * and a format 4 'cmap' subtable (Unicode BMP, platform 3 encoding 1, or platform 0).
 *
 * Kerning and shaping are ignored: the width of a string is the sum of its characters'
 * advances, which for DejaVu Sans is how its renderers lay out Latin text to within a
 * fraction of a pixel at figure sizes.
 */
class FontMetrics
{
  public:
    /// Reads \p ttfPath. \throw std::runtime_error naming the file and what is wrong with it
    static FontMetrics Load(const std::string& ttfPath);

    /// \return the advance width of \p utf8 at \p size (user units per em)
    double Advance(const std::string& utf8, double size) const;
    /// \return how far the font's ascender reaches above the baseline at \p size
    double Ascent(double size) const;
    /// \return how far the font's descender reaches below the baseline at \p size (>= 0)
    double Descent(double size) const;

    /// \return the advance of \p codePoint in font units (that of .notdef if unmapped)
    int AdvanceUnits(char32_t codePoint) const;
    /// \return true if the cmap maps \p codePoint to a glyph
    bool HasGlyph(char32_t codePoint) const;
    /// \return the font's units per em
    int UnitsPerEm() const;

  private:
    FontMetrics() = default;

    int m_unitsPerEm{0};               //!< 'head' unitsPerEm
    int m_ascender{0};                 //!< 'hhea' ascender (font units, > 0)
    int m_descender{0};                //!< 'hhea' descender (font units, < 0)
    std::vector<uint16_t> m_glyphOf;   //!< BMP code point -> glyph id (0: unmapped)
    std::vector<uint16_t> m_advanceOf; //!< glyph id -> advance width
};

/// The canvas of an SVG: its viewBox (gnuplot's is always "0 0 w h").
struct SvgCanvas
{
    double w{0}; //!< width in user units
    double h{0}; //!< height in user units
};

/**
 * \param pattern a fontconfig pattern ("Sans", "Sans:bold")
 * \return the font file `fc-match` picks for \p pattern, or "" if fc-match is missing or
 *         names no readable file
 */
std::string FontFile(const std::string& pattern);

/// \return FontFile("Sans"): the font gnuplot's "Sans" becomes in an SVG viewer here
std::string SansFontFile();

/**
 * Reads the size of \p svgPath's canvas from its viewBox, else its width and height.
 * \throw std::runtime_error if the file cannot be read or names no usable size
 */
SvgCanvas ReadSvgCanvas(const std::string& svgPath);

/**
 * Reads every non-empty text line of \p svgPath and measures it.
 *
 * \param svgPath an SVG written by gnuplot's svg terminal (noenhanced: one <text> a line)
 * \param font metrics of the font the text is drawn in
 * \param boldFont metrics for text with font-weight bold; without them such text throws,
 *        as the regular font's widths would understate it
 * \return the boxes in the order the file draws them; lines that are empty or only
 *         spaces are left out (gnuplot writes some for empty titles and labels)
 * \throw std::runtime_error naming the file and line of any text the reader does not
 *        understand (enhanced-text <tspan>s, transforms other than translate and rotate,
 *        a font size it cannot read), rather than measuring it wrongly
 */
std::vector<TextBox> ReadSvgTexts(const std::string& svgPath,
                                  const FontMetrics& font,
                                  const FontMetrics* boldFont = nullptr);

/**
 * The text problems of a figure, one human-readable line each:
 *
 *     overlap: "seq=1 ack=1" at (120.3,88.1) and "CLOSE_WAIT" at (118.0,90.2) by 1.4 px
 *     clipped: "lost" at (30.0,172.1) extends past the bottom edge by 2.1 px
 *
 * "at" gives each text's anchor, the translate() of its <g> in the SVG.
 *
 * \param boxes the texts, as ReadSvgTexts() measured them
 * \param canvas the figure's size
 * \param tolerancePx how far two boxes may reach into each other, or a box past the canvas
 *        edge, before it counts: the boxes are taller than the letters
 * \return the overlapping pairs in the order of \p boxes, then the clipped texts; empty
 *         if there are none
 */
std::vector<std::string> FindTextProblems(const std::vector<TextBox>& boxes,
                                          SvgCanvas canvas,
                                          double tolerancePx);

/**
 * How far two boxes reach into each other: the smallest overlap of their projections over
 * the four axes of their edges (the separating axis theorem for two rectangles).
 * \return the depth in user units; <= 0 if some axis separates them (-gap)
 */
double OverlapDepth(const TextBox& a, const TextBox& b);

/**
 * ReadSvgCanvas(), ReadSvgTexts() and FindTextProblems() in one call.
 * \return the problems of \p svgPath's text
 */
std::vector<std::string> CheckSvgText(const std::string& svgPath,
                                      const FontMetrics& font,
                                      double tolerancePx,
                                      const FontMetrics* boldFont = nullptr);

} // namespace synfin_test

#endif // SYNFIN_SVG_TEXT_BOXES_H
