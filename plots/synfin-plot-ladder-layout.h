/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_LAYOUT_H
#define SYNFIN_PLOT_LADDER_LAYOUT_H

#include <array>
#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/// A box on paper (inches, y up), turned like the text it holds: the room a label takes.
struct LabelBox
{
    /// A box centred at (\p x, \p y), \p halfW by \p halfH, turned by \p turn radians.
    LabelBox(double x, double y, double halfW, double halfH, double turn = 0);

    double cx;   //!< centre
    double cy;   //!< centre
    double hw;   //!< half width, along the text
    double hh;   //!< half height
    double rad;  //!< turned by (radians, counter-clockwise)
    double cosr; //!< cos(rad), kept: layouts test millions of pairs
    double sinr; //!< sin(rad)

    /// \return half the box's extent along the unit vector (\p nx, \p ny)
    double Reach(double nx, double ny) const;
    /// \return whether the boxes share any area (separating axis test: the turned boxes of
    ///         parallel arrows are close together, far closer than their upright bounds)
    bool Overlaps(const LabelBox& o) const;
};

/// A line on paper: x0 y0 x1 y1 (inches, y up).
using PaperLine = std::array<double, 4>;

/// \return whether \p line runs through the text in \p box: a line through a label
///         strikes its text out
bool CrossesText(const PaperLine& line, const LabelBox& box);

/// A text beside an axis (a state name), at the axis position of its time.
struct AxisMark
{
    double y;         //!< position (axis units, growing downwards)
    std::string text; //!< what it says
};

/// Spreads \p marks downwards so that no two are closer than \p gap (one text line).
void SpreadMarks(std::vector<AxisMark>& marks, double gap);

/// The label of one arrow, to be placed.
struct LabelRequest
{
    PaperLine arrow; //!< the arrow it names, as drawn
    /// the line its places are chosen along: the arrow, or for a lost segment, which stops
    /// half way, the whole way across it would have gone (its label is as long as any)
    PaperLine guide;
    double width;  //!< text width (in)
    double height; //!< text height, all lines (in)
    double rad;    //!< text direction: along the arrow, reading left to right
};

/// Where the labels went.
struct LabelLayout
{
    std::vector<LabelBox> boxes; //!< per request
    /// No label covers another or a taken box, except the labels with no allowed place at
    /// all (a taller figure cannot help those; they take their least bad place)
    bool clean{false};
};

/**
 * Places each label beside its arrow: half way along and above it as in a textbook if it
 * can, else nearer either end, below, or a label's height further off. A place is refused
 * if it covers a box of \p taken (state names, band labels) or reaches outside
 * [\p left, \p right]; it costs more for every other arrow of \p lines it strikes through.
 * The requests are placed in order (time order: neighbours on paper are neighbours in the
 * list) by a bounded depth-first search that revisits earlier choices when a later label
 * finds no room; without a clean layout, each label takes its least bad place.
 *
 * Only boxes and lines near a candidate are compared with it, so a ladder of thousands of
 * segments is laid out in well under a second.
 */
LabelLayout PlaceLabels(const std::vector<LabelRequest>& requests,
                        const std::vector<PaperLine>& lines,
                        const std::vector<LabelBox>& taken,
                        double left,
                        double right);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_LAYOUT_H */
