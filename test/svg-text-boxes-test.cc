/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

/**
 * \file
 * The checker of overlapping and clipped text in gnuplot's SVG figures
 * (test/svg-text-boxes.h), against the real font and real gnuplot renders.
 *
 * The widths come from the TrueType file itself, so they are checked against what does
 * not come from it: the ratios any sans font has, and the box gnuplot's cairo terminal
 * draws around a label from pango's layout of the same font. The geometry is checked on
 * hand-made boxes (rotated boxes whose axis-aligned bounds overlap though they do not),
 * then on labels gnuplot placed where the measured widths and heights say they touch,
 * and one pixel closer.
 */

#include "plots-test-util.h"
#include "svg-text-boxes.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using namespace synfin_test;
using synfin::plot::test::Slurp;
using synfin::plot::test::TempDir;
namespace fs = std::filesystem;

namespace
{

constexpr double kTolerance = 0.3; //!< what the figures' checks allow (px)
constexpr double kCanvasW = 252;   //!< test canvas width (px)
constexpr double kCanvasH = 173;   //!< test canvas height (px)
constexpr double kPi = 3.14159265358979323846;

/// \return the regular Sans metrics, loaded once; null if fontconfig names no font
const FontMetrics*
Sans()
{
    static std::unique_ptr<FontMetrics> font = [] {
        std::string path = SansFontFile();
        return path.empty() ? nullptr : std::make_unique<FontMetrics>(FontMetrics::Load(path));
    }();
    return font.get();
}

/// \return the bold Sans metrics, loaded once; null if fontconfig names no font
const FontMetrics*
SansBold()
{
    static std::unique_ptr<FontMetrics> font = [] {
        std::string path = FontFile("Sans:bold");
        return path.empty() ? nullptr : std::make_unique<FontMetrics>(FontMetrics::Load(path));
    }();
    return font.get();
}

/// Skips the test when there is no font to measure with.
#define REQUIRE_SANS()                                                                             \
    if (Sans() == nullptr)                                                                         \
    {                                                                                              \
        GTEST_SKIP() << "fc-match names no font file for Sans: no widths to measure";              \
    }

/// Skips the test when there is no gnuplot to render with.
#define REQUIRE_GNUPLOT()                                                                          \
    if (std::system("gnuplot --version > /dev/null 2>&1") != 0)                                    \
    {                                                                                              \
        GTEST_SKIP() << "gnuplot is not installed";                                                \
    }

/**
 * Runs gnuplot on \p script in \p dir.
 * \return "" on success, else what went wrong with gnuplot's messages
 */
std::string
RunGnuplot(const fs::path& dir, const std::string& script)
{
    std::ofstream(dir / "figure.gp") << script;
    std::string cmd = "cd '" + dir.string() + "' && gnuplot figure.gp > gnuplot.log 2>&1";
    if (std::system(cmd.c_str()) != 0)
    {
        return "gnuplot failed on\n" + script + "\n" + Slurp(dir / "gnuplot.log");
    }
    return "";
}

/**
 * Renders \p body with the svg terminal as synfin sets it (7 pt Sans, 1 px = 1 pt).
 * \param bare true to draw no border, tics or key: only what \p body adds
 * \return the SVG's path
 */
fs::path
RenderSvg(const TempDir& dir,
          const std::string& body,
          bool bare = true,
          const std::string& mode = "noenhanced dynamic")
{
    std::ostringstream s;
    s << "set terminal svg " << mode << " font 'Sans,7' background '#ffffff' size " << kCanvasW
      << "," << kCanvasH << "\n"
      << "set output 'figure.svg'\n";
    if (bare)
    {
        // An empty graph: the function lies outside the y range, so only labels remain.
        s << "unset border\nunset tics\nunset key\nset xrange [0:1]\nset yrange [0:1]\n"
          << body << "plot 2 notitle\n";
    }
    else
    {
        s << body;
    }
    std::string error = RunGnuplot(dir.Path(), s.str());
    if (!error.empty())
    {
        throw std::runtime_error(error);
    }
    return dir.Path() / "figure.svg";
}

/// \return "at screen X, screen Y" for the SVG point (x, y): gnuplot's screen y points up
std::string
At(double x, double y)
{
    char buf[96];
    std::snprintf(buf, sizeof buf, "at screen %.6f, screen %.6f", x / kCanvasW, 1 - y / kCanvasH);
    return buf;
}

/// \return the box whose text is \p text; fails the test if there is none or several
const TextBox&
Find(const std::vector<TextBox>& boxes, const std::string& text)
{
    const TextBox* found = nullptr;
    for (const TextBox& b : boxes)
    {
        if (b.text == text)
        {
            EXPECT_EQ(found, nullptr) << "\"" << text << "\" twice";
            found = &b;
        }
    }
    if (found == nullptr)
    {
        ADD_FAILURE() << "no text \"" << text << "\"";
        static const TextBox none{};
        return none;
    }
    return *found;
}

/// \return a hand-made box (no font involved)
TextBox
Box(const std::string& text, double cx, double cy, double w, double h, double angleDeg)
{
    TextBox b{};
    b.text = text;
    b.anchor = {cx, cy};
    b.cx = cx;
    b.cy = cy;
    b.halfW = w / 2;
    b.halfH = h / 2;
    b.angleDeg = angleDeg;
    return b;
}

/// \return \p problems one a line, for failure messages
std::string
Lines(const std::vector<std::string>& problems)
{
    std::string out;
    for (const std::string& p : problems)
    {
        out += "  " + p + "\n";
    }
    return out.empty() ? "  (none)\n" : out;
}

/// \return true if \p s contains \p part
bool
Has(const std::string& s, const std::string& part)
{
    return s.find(part) != std::string::npos;
}

} // namespace

TEST(SvgTextFont, Advances_FollowTheFontAndScaleWithSize)
{
    REQUIRE_SANS();
    const FontMetrics& f = *Sans();
    // Every sans face has a wide M and a narrow i: about 3 to 4 times narrower.
    double ratio = f.Advance("M", 10) / f.Advance("i", 10);
    EXPECT_GT(ratio, 2.5);
    EXPECT_LT(ratio, 4.5);
    EXPECT_DOUBLE_EQ(f.Advance("MMMM", 10), 4 * f.Advance("M", 10));
    EXPECT_DOUBLE_EQ(f.Advance("seq=1 ack=1", 14), 2 * f.Advance("seq=1 ack=1", 7));
    EXPECT_DOUBLE_EQ(f.Advance("", 7), 0);
    EXPECT_GT(f.Ascent(7), f.Descent(7));
    EXPECT_GT(f.Descent(7), 0);
    EXPECT_GT(f.Ascent(7) + f.Descent(7), 7.0); // line gap fits accents and descenders

    if (Has(SansFontFile(), "DejaVuSans.ttf"))
    {
        // DejaVu Sans's own numbers (hmtx, head, hhea), as a font editor shows them.
        EXPECT_EQ(f.UnitsPerEm(), 2048);
        EXPECT_EQ(f.AdvanceUnits('M'), 1767);
        EXPECT_EQ(f.AdvanceUnits('i'), 569);
        EXPECT_EQ(f.AdvanceUnits(' '), 651);
        EXPECT_NEAR(f.Ascent(2048), 1901, 1e-9);
        EXPECT_NEAR(f.Descent(2048), 483, 1e-9);
    }
}

TEST(SvgTextFont, Utf8_CountsOneGlyphPerCharacter)
{
    REQUIRE_SANS();
    const FontMetrics& f = *Sans();
    ASSERT_TRUE(f.HasGlyph(0xE9)); // é
    EXPECT_DOUBLE_EQ(f.Advance("\xC3\xA9", f.UnitsPerEm()), f.AdvanceUnits(0xE9));
    // Read as two Latin-1 characters, the same bytes would be two glyphs wide.
    EXPECT_NE(f.AdvanceUnits(0xE9), f.AdvanceUnits(0xC3) + f.AdvanceUnits(0xA9));
    // Outside the cmap (and malformed bytes): .notdef's width, not nothing.
    EXPECT_FALSE(f.HasGlyph(0x10FFFF));
    EXPECT_EQ(f.AdvanceUnits(0x10FFFF), f.AdvanceUnits(0xFFFF));
    EXPECT_GT(f.Advance("\xFF", 10), 0);
}

TEST(SvgTextFont, Load_RefusesWhatIsNotAWholeFont)
{
    REQUIRE_SANS();
    TempDir dir;
    std::ofstream(dir.Path() / "not-a-font.ttf") << "<svg></svg>";
    std::string font = Slurp(SansFontFile());
    std::ofstream(dir.Path() / "truncated.ttf", std::ios::binary) << font.substr(0, 3000);
    for (const char* name : {"not-a-font.ttf", "truncated.ttf", "missing.ttf"})
    {
        std::string path = (dir.Path() / name).string();
        try
        {
            FontMetrics::Load(path);
            ADD_FAILURE() << name << " loaded";
        }
        catch (const std::runtime_error& e)
        {
            EXPECT_TRUE(Has(e.what(), path)) << e.what();
        }
    }
}

// pango, through gnuplot's cairo terminal, lays the same font out independently of the
// parser under test; the box gnuplot draws around a "boxed" label is pango's measure.
TEST(SvgTextFont, Width_MatchesPangosLayoutInGnuplotsCairoTerminal)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    TempDir dir;
    const std::string text = "seq=482 ack=122 CLOSE_WAIT";
    std::string error =
        RunGnuplot(dir.Path(),
                   "set terminal epscairo noenhanced font 'Sans,60' size 16in,2in\n"
                   "set output 'figure.eps'\n"
                   "unset border\nunset tics\nunset key\nset xrange [0:1]\nset yrange [0:1]\n"
                   "set style textbox opaque margins 0,0 border\n"
                   "set label 1 '" +
                       text +
                       "' at screen 0.02,0.5 left boxed\n"
                       "plot 2 notitle\n");
    if (Has(error, "unknown or ambiguous terminal"))
    {
        GTEST_SKIP() << "this gnuplot has no epscairo terminal";
    }
    ASSERT_EQ(error, "");

    // cairo's PostScript: "S 0 0 -S X Y Tm" sets the text's size S; "X Y W H re S" strokes
    // the box.
    std::istringstream eps(Slurp(dir.Path() / "figure.eps"));
    std::string line;
    double size = 0;
    double boxWidth = 0;
    while (std::getline(eps, line))
    {
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string word; words >> word;)
        {
            w.push_back(word);
        }
        if (w.size() == 7 && w[6] == "Tm")
        {
            size = std::stod(w[0]);
        }
        if (w.size() >= 6 && w[4] == "re" && w[5] == "S")
        {
            boxWidth = std::stod(w[2]);
        }
    }
    ASSERT_GT(size, 0) << "no text matrix in the EPS";
    ASSERT_GT(boxWidth, 0) << "no box stroked in the EPS";
    // pango's box ends at the last glyph's ink, short of its advance by its side bearing.
    double width = Sans()->Advance(text, size);
    EXPECT_NEAR(width, boxWidth, 0.02 * boxWidth)
        << "measured " << width << " pt at " << size << " pt, pango's box " << boxWidth;
}

TEST(SvgTextGeometry, AxisAlignedBoxes_OverlapByTheirCommonWidth)
{
    TextBox a = Box("a", 10, 10, 20, 8, 0);                                // x 0..20, y 6..14
    EXPECT_NEAR(OverlapDepth(a, Box("b", 30, 10, 20, 8, 0)), 0, 1e-9);     // touching
    EXPECT_NEAR(OverlapDepth(a, Box("b", 29, 10, 20, 8, 0)), 1, 1e-9);     // 1 px in
    EXPECT_NEAR(OverlapDepth(a, Box("b", 33, 10, 20, 8, 0)), -3, 1e-9);    // 3 px gap
    EXPECT_NEAR(OverlapDepth(a, Box("b", 10, 17.5, 20, 8, 0)), 0.5, 1e-9); // below, 0.5 in

    SvgCanvas canvas{100, 100};
    EXPECT_TRUE(FindTextProblems({a, Box("b", 30, 10, 20, 8, 0)}, canvas, kTolerance).empty());
    EXPECT_TRUE(FindTextProblems({a, Box("b", 29.8, 10, 20, 8, 0)}, canvas, kTolerance).empty());
    std::vector<std::string> p = FindTextProblems({a, Box("b", 29, 10, 20, 8, 0)}, canvas, 0.3);
    ASSERT_EQ(p.size(), 1u) << Lines(p);
    EXPECT_EQ(p[0], "overlap: \"a\" at (10.0,10.0) and \"b\" at (29.0,10.0) by 1.0 px");
}

// Rotated boxes side by side: their axis-aligned bounds overlap, they do not.
TEST(SvgTextGeometry, RotatedParallelBoxes_SeparateAcrossTheirBaselines)
{
    const double h = 6;
    const double angle = -30; // gnuplot's "rotate by 30"
    double r = angle * kPi / 180;
    // Across the baseline, towards the descent.
    double vx = -std::sin(r);
    double vy = std::cos(r);
    TextBox a = Box("a", 100, 100, 60, h, angle);
    for (double gap : {0.5, 2.0})
    {
        TextBox apart = Box("b", 100 + (h + gap) * vx, 100 + (h + gap) * vy, 60, h, angle);
        EXPECT_NEAR(OverlapDepth(a, apart), -gap, 1e-9);
        TextBox into = Box("b", 100 + (h - gap) * vx, 100 + (h - gap) * vy, 60, h, angle);
        EXPECT_NEAR(OverlapDepth(a, into), gap, 1e-9);
    }
    // Crossed at right angles through one centre: on either box's axes, one half length
    // plus the other's half height.
    EXPECT_NEAR(OverlapDepth(a, Box("b", 100, 100, 60, h, angle + 90)), 30 + h / 2, 1e-9);
}

TEST(SvgTextGeometry, Clipping_NamesEachEdgeAndTheExcess)
{
    SvgCanvas canvas{100, 50};
    std::vector<TextBox> boxes = {Box("inside", 50, 25, 20, 8, 0),
                                  Box("corner", 95, 48, 20, 8, 0),
                                  Box("edge", 10, 4.2, 20, 8, 0),
                                  Box("tilted", 80, 45, 40, 4, 90)};
    std::vector<std::string> p = FindTextProblems(boxes, canvas, kTolerance);
    ASSERT_EQ(p.size(), 3u) << Lines(p);
    EXPECT_EQ(p[0], "clipped: \"corner\" at (95.0,48.0) extends past the right edge by 5.0 px");
    EXPECT_EQ(p[1], "clipped: \"corner\" at (95.0,48.0) extends past the bottom edge by 2.0 px");
    EXPECT_EQ(p[2], "clipped: \"tilted\" at (80.0,45.0) extends past the bottom edge by 15.0 px");
}

TEST(SvgTextRead, ReadsTheTextsGnuplotWrites)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    TempDir dir;
    fs::path svg = RenderSvg(dir,
                             "set label 1 'x&y <z> \"q\"' " + At(60, 40) +
                                 " left\n"
                                 "set label 2 \"top\\n\\nbottom\" " +
                                 At(60, 80) +
                                 " left\n"
                                 "set label 3 'up' " +
                                 At(150, 100) +
                                 " center rotate by 90\n"
                                 "set label 4 'tilted' " +
                                 At(150, 40) +
                                 " right rotate by 30 font ',5'\n"
                                 "set label 5 '' " +
                                 At(20, 20) + "\n");
    SvgCanvas canvas = ReadSvgCanvas(svg.string());
    EXPECT_EQ(canvas.w, kCanvasW);
    EXPECT_EQ(canvas.h, kCanvasH);

    std::vector<TextBox> boxes = ReadSvgTexts(svg.string(), *Sans());
    // The empty label and the empty middle line are not texts.
    ASSERT_EQ(boxes.size(), 5u);
    const FontMetrics& f = *Sans();
    const TextBox& escaped = Find(boxes, "x&y <z> \"q\"");
    EXPECT_NEAR(escaped.anchor.x, 60, 0.06);
    EXPECT_NEAR(2 * escaped.halfW, f.Advance("x&y <z> \"q\"", 7), 1e-9);
    EXPECT_NEAR(2 * escaped.halfH, f.Ascent(7) + f.Descent(7), 1e-9);
    EXPECT_EQ(escaped.anchorName, "start");
    EXPECT_NEAR(escaped.cx, escaped.anchor.x + escaped.halfW, 1e-9);
    // The baseline is at the anchor: the box reaches the ascent above it.
    EXPECT_NEAR(escaped.cy - escaped.halfH, escaped.anchor.y - f.Ascent(7), 1e-9);

    // The lines of one label: same x, one line pitch apart, the empty one skipped.
    const TextBox& top = Find(boxes, "top");
    const TextBox& bottom = Find(boxes, "bottom");
    EXPECT_NEAR(top.anchor.x, bottom.anchor.x, 1e-9);
    EXPECT_GT(bottom.anchor.y - top.anchor.y, 2 * 7);

    // gnuplot's counter-clockwise degrees are SVG's clockwise ones.
    const TextBox& up = Find(boxes, "up");
    EXPECT_DOUBLE_EQ(up.angleDeg, -90);
    // Centred, reading upwards: the ascent lies to the left of the anchor.
    EXPECT_NEAR(up.cy, up.anchor.y, 1e-6);
    EXPECT_NEAR(up.cx, up.anchor.x - (f.Ascent(7) - f.Descent(7)) / 2, 1e-6);
    const TextBox& tilted = Find(boxes, "tilted");
    EXPECT_DOUBLE_EQ(tilted.angleDeg, -30);
    EXPECT_DOUBLE_EQ(tilted.fontSize, 5);
    EXPECT_EQ(tilted.anchorName, "end");
    // Right-aligned: the box ends at the anchor, up and to the left along -30 degrees.
    double r = -30 * kPi / 180;
    double along =
        (tilted.anchor.x - tilted.cx) * std::cos(r) + (tilted.anchor.y - tilted.cy) * std::sin(r);
    EXPECT_NEAR(along, tilted.halfW, 1e-6);
}

TEST(SvgTextRead, TickLabels_LoseTheSpaceGnuplotPutsBeforeThem)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    TempDir dir;
    fs::path svg = RenderSvg(dir,
                             "set xrange [0:1]\nset yrange [0:1]\nset xtics 0.5\n"
                             "set ytics 0.5\nunset key\nplot x\n",
                             false);
    ASSERT_TRUE(Has(Slurp(svg), "<text> 0.5</text>")) << "gnuplot writes the space";
    std::vector<TextBox> boxes = ReadSvgTexts(svg.string(), *Sans());
    // An SVG viewer drops it (no xml:space="preserve"), so it takes no width.
    for (const TextBox& b : boxes)
    {
        EXPECT_EQ(b.text.find(' '), std::string::npos) << b.text;
    }
    EXPECT_TRUE(FindTextProblems(boxes, ReadSvgCanvas(svg.string()), kTolerance).empty());
}

TEST(SvgTextRead, RefusesTextItCannotMeasure)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    {
        // Enhanced text is split into <tspan>s with their own sizes and shifts.
        TempDir dir;
        fs::path svg =
            RenderSvg(dir, "set label 'x^2_i' " + At(100, 80) + "\n", true, "enhanced dynamic");
        try
        {
            ReadSvgTexts(svg.string(), *Sans());
            ADD_FAILURE() << "enhanced text read";
        }
        catch (const std::runtime_error& e)
        {
            EXPECT_TRUE(Has(e.what(), "noenhanced")) << e.what();
            EXPECT_TRUE(Has(e.what(), svg.string() + ":")) << e.what();
        }
    }
    {
        // Bold is wider than regular: measuring it with the regular font would understate it.
        TempDir dir;
        fs::path svg =
            RenderSvg(dir, "set label 'Strong words' " + At(100, 80) + " font 'Sans Bold,7'\n");
        EXPECT_THROW(ReadSvgTexts(svg.string(), *Sans()), std::runtime_error);
        if (SansBold() != nullptr)
        {
            std::vector<TextBox> boxes = ReadSvgTexts(svg.string(), *Sans(), SansBold());
            ASSERT_EQ(boxes.size(), 1u);
            EXPECT_TRUE(boxes[0].bold);
            EXPECT_GT(2 * boxes[0].halfW, Sans()->Advance("Strong words", 7) * 1.05);
        }
    }
}

TEST(SvgTextRead, ReadsTheCanvasOfFixedSizeSvgToo)
{
    REQUIRE_GNUPLOT();
    TempDir dir;
    fs::path svg = RenderSvg(dir, "set label 'x' " + At(100, 80) + "\n", true, "noenhanced fixed");
    ASSERT_TRUE(Has(Slurp(svg), "width=\"252\" height=\"173\""));
    SvgCanvas canvas = ReadSvgCanvas(svg.string());
    EXPECT_EQ(canvas.w, kCanvasW);
    EXPECT_EQ(canvas.h, kCanvasH);
}

// Where the measured widths say two labels gnuplot placed meet, they must not overlap;
// one pixel closer, they must.
TEST(SvgTextLayout, LabelsPlacedAtTheMeasuredEnd_TouchAndOnePixelInOverlap)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    const std::string first = "seq=1 ack=1 PSH,ACK";
    const double x0 = 30;
    const double end = x0 + Sans()->Advance(first, 7);
    for (double into : {0.0, 1.0})
    {
        TempDir dir;
        // Left-aligned after left-aligned: the first's end is where the widths put it.
        fs::path svg = RenderSvg(dir,
                                 "set label 1 '" + first + "' " + At(x0, 60) +
                                     " left\n"
                                     "set label 2 'CLOSE_WAIT' " +
                                     At(end - into, 60) +
                                     " left\n"
                                     // Right-aligned against left-aligned at one point.
                                     "set label 3 'ESTABLISHED' " +
                                     At(120 + into, 120) +
                                     " right\n"
                                     "set label 4 'LAST_ACK' " +
                                     At(120, 120) + " left\n");
        std::vector<TextBox> boxes = ReadSvgTexts(svg.string(), *Sans());
        ASSERT_EQ(boxes.size(), 4u);
        std::vector<std::string> p =
            FindTextProblems(boxes, ReadSvgCanvas(svg.string()), kTolerance);
        if (into == 0)
        {
            EXPECT_TRUE(p.empty()) << Lines(p);
            const TextBox& a = Find(boxes, first);
            EXPECT_NEAR(a.cx + a.halfW, Find(boxes, "CLOSE_WAIT").anchor.x, 0.06);
        }
        else
        {
            ASSERT_EQ(p.size(), 2u) << Lines(p);
            EXPECT_TRUE(Has(p[0], "overlap: \"" + first + "\"")) << p[0];
            EXPECT_TRUE(Has(p[0], "\"CLOSE_WAIT\"")) << p[0];
            EXPECT_TRUE(Has(p[1], "overlap: \"ESTABLISHED\"")) << p[1];
            EXPECT_TRUE(Has(p[1], "\"LAST_ACK\"")) << p[1];
        }
    }
}

// Two segment labels along one sloped arrow, as the ladder draws them.
TEST(SvgTextLayout, RotatedParallelLabels_OverlapOnlyCloserThanTheirHeight)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    const double height = Sans()->Ascent(7) + Sans()->Descent(7);
    // gnuplot's "rotate by 30" is SVG's rotate(-30); across its baseline, downwards:
    double r = -30 * kPi / 180;
    double vx = -std::sin(r);
    double vy = std::cos(r);
    for (double apart : {height + 0.6, height - 0.6})
    {
        TempDir dir;
        fs::path svg =
            RenderSvg(dir,
                      "set label 1 'FIN,ACK len=480' " + At(120, 80) +
                          " center rotate by 30\n"
                          "set label 2 'seq=481 ack=121' " +
                          At(120 + apart * vx, 80 + apart * vy) + " center rotate by 30\n");
        std::vector<TextBox> boxes = ReadSvgTexts(svg.string(), *Sans());
        ASSERT_EQ(boxes.size(), 2u);
        // gnuplot placed them as asked: the distance across the baselines is `apart`.
        double across = (boxes[1].anchor.x - boxes[0].anchor.x) * vx +
                        (boxes[1].anchor.y - boxes[0].anchor.y) * vy;
        EXPECT_NEAR(across, apart, 0.1);
        std::vector<std::string> p =
            FindTextProblems(boxes, ReadSvgCanvas(svg.string()), kTolerance);
        if (apart > height)
        {
            EXPECT_TRUE(p.empty()) << Lines(p);
        }
        else
        {
            ASSERT_EQ(p.size(), 1u) << Lines(p);
            EXPECT_TRUE(Has(p[0], "overlap: \"FIN,ACK len=480\"")) << p[0];
        }
    }
}

TEST(SvgTextLayout, LabelsAtTheCanvasEdge_AreClipped)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    TempDir dir;
    fs::path svg = RenderSvg(dir,
                             "set label 1 'lost' " + At(120, kCanvasH) +
                                 " center\n"
                                 "set label 2 'retx' " +
                                 At(kCanvasW - 5, 80) +
                                 " left\n"
                                 "set label 3 'up the side' " +
                                 At(3, 80) +
                                 " center rotate by 90\n"
                                 "set label 4 'kept' " +
                                 At(120, 80) + " center\n");
    std::vector<std::string> p = CheckSvgText(svg.string(), *Sans(), kTolerance);
    ASSERT_EQ(p.size(), 3u) << Lines(p);
    EXPECT_TRUE(Has(p[0], "clipped: \"lost\"") && Has(p[0], "past the bottom edge")) << p[0];
    EXPECT_TRUE(Has(p[1], "clipped: \"retx\"") && Has(p[1], "past the right edge")) << p[1];
    EXPECT_TRUE(Has(p[2], "clipped: \"up the side\"") && Has(p[2], "past the left edge")) << p[2];
}

// A whole figure: title, axis labels, tick labels, a key and data labels.
TEST(SvgTextLayout, RealPlot_ReportsOverlappingLabelsAndOnlyThose)
{
    REQUIRE_SANS();
    REQUIRE_GNUPLOT();
    auto render = [](const TempDir& dir, double secondX) {
        std::ofstream(dir.Path() / "labels.dat") << "0.20 0.30 SYN_SENT\n"
                                                 << secondX << " 0.32 ESTABLISHED\n"
                                                 << "0.50 0.80 TIME_WAIT\n";
        return RenderSvg(dir,
                         "set title 'Connection 2'\nset xlabel 'time (s)'\n"
                         "set ylabel 'sequence number'\nset key top left\n"
                         "set xrange [0:1]\nset yrange [0:1]\n"
                         "plot 'labels.dat' using 1:2:3 with labels left title 'states', "
                         "x title 'x & y'\n",
                         false);
    };
    {
        TempDir dir;
        fs::path svg = render(dir, 0.75);
        std::vector<std::string> p = CheckSvgText(svg.string(), *Sans(), kTolerance);
        EXPECT_TRUE(p.empty()) << Lines(p);
        EXPECT_GT(ReadSvgTexts(svg.string(), *Sans()).size(), 10u);
    }
    {
        TempDir dir;
        fs::path svg = render(dir, 0.25);
        std::vector<std::string> p = CheckSvgText(svg.string(), *Sans(), kTolerance);
        ASSERT_EQ(p.size(), 1u) << Lines(p);
        EXPECT_TRUE(Has(p[0], "overlap: \"SYN_SENT\"")) << p[0];
        EXPECT_TRUE(Has(p[0], "and \"ESTABLISHED\"")) << p[0];
    }
}
