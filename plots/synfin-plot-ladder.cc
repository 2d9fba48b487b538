/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder.h"

#include "synfin-plot-error.h"
#include "synfin-plot-ladder-axis.h"
#include "synfin-plot-ladder-fold.h"
#include "synfin-plot-ladder-layout.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

// Fixed plot-area geometry: label angles along the arrows are computed from it, so gnuplot
// must not choose the margins itself. The header (title, axis names) and the key keep
// their size in inches when the figure grows taller (see kHeightStep).
constexpr double kLeft = 0.18;      //!< left margin (screen fraction)
constexpr double kRight = 0.99;     //!< right margin
constexpr double kHeaderIn = 0.598; //!< above the plot area: title and axis headers (in)
constexpr double kFooterIn = 0.46;  //!< below it: the key (in)
constexpr double kXMin = -0.56;     //!< room for the client's state names
constexpr double kXMax = 1.56;      //!< room for the server's
constexpr double kHeight = 4.6;     //!< figure height (in) when every label fits in it
constexpr double kHeightStep = 0.4; //!< growth per try when labels would collide (in)
constexpr double kMaxHeight = 12.0; //!< give up growing here: a page is not taller
constexpr double kLabelFont = 5;    //!< segment label font (pt)
constexpr double kStateFont = 5.5;  //!< state name font (pt)
// Text size as pngcairo and pdfcairo set these fonts, measured on the rendered figures
// (a little generous, so estimated boxes err toward more room).
constexpr double kCharIn = 0.056;      //!< mean character width at kLabelFont (in)
constexpr double kLabelLineIn = 0.115; //!< a text line at kLabelFont (in)
constexpr double kStateLineIn = 0.11;  //!< a state name's line pitch at kStateFont (in)
// Above this many drawn segments no height lets every label fit: lay out once, at the
// tallest height, instead of trying every height in between.
constexpr std::size_t kManyArrows = 150;

/// \return "SYN,ACK" from "SYN|ACK": shorter in a label and reads like Wireshark
std::string
FlagsLabel(const std::string& flags)
{
    std::string out = flags.empty() ? std::string("none") : flags;
    std::replace(out.begin(), out.end(), '|', ',');
    return out;
}

/// \return the lines of a label written with gnuplot's "\n" line breaks
std::vector<std::string>
LabelLines(const std::string& text)
{
    std::vector<std::string> lines;
    for (std::size_t from = 0;;)
    {
        const std::size_t nl = text.find("\\n", from);
        lines.push_back(text.substr(from, nl - from));
        if (nl == std::string::npos)
        {
            return lines;
        }
        from = nl + 2;
    }
}

/// \return the width (in) and height (in) of a label at kLabelFont from its text
std::pair<double, double>
LabelSize(const std::string& text)
{
    const auto lines = LabelLines(text);
    std::size_t longest = 0;
    for (const auto& line : lines)
    {
        longest = std::max(longest, line.size());
    }
    return {longest * kCharIn, lines.size() * kLabelLineIn};
}

/**
 * \return every time the ladder draws: the transmissions and arrivals of \p arrows, the
 *         state entries of both ends (not LISTEN, which may date from the start of the
 *         run) and the ends of \p bands; the axis starts and squeezes from these
 */
std::vector<double>
DrawnTimes(const std::vector<const LadderArrow*>& arrows,
           const LadderEvents& events,
           const std::vector<std::pair<double, double>>& bands)
{
    std::vector<double> times;
    for (const auto* a : arrows)
    {
        times.push_back(a->tx->time);
        if (a->end)
        {
            times.push_back(a->end->time);
        }
    }
    for (const auto* list : {&events.clientStates, &events.serverStates})
    {
        for (const auto& e : *list)
        {
            if (e.state != "LISTEN")
            {
                times.push_back(e.time);
            }
        }
    }
    for (const auto& [start, end] : bands)
    {
        times.push_back(start);
        times.push_back(end);
    }
    return times;
}

/// \return the label of segment \p a: what it is, then where it is in sequence space
std::string
SegmentLabel(const LadderArrow& a, const LadderEvents& ev)
{
    const SegmentEvent& tx = *a.tx;
    const uint32_t isnOwn = a.fromClient ? *ev.isnClient : *ev.isnServer;
    const auto& isnPeer = a.fromClient ? ev.isnServer : ev.isnClient;
    // gnuplot expands the \n inside a double-quoted data string.
    std::ostringstream label;
    label << (a.retx ? "retx " : "") << FlagsLabel(tx.flags);
    if (tx.len > 0)
    {
        label << " len=" << tx.len;
    }
    label << "\\nseq=" << static_cast<uint32_t>(tx.seq - isnOwn);
    if (tx.HasFlag("ACK") && isnPeer)
    {
        label << " ack=" << static_cast<uint32_t>(tx.ack - *isnPeer);
    }
    return label.str();
}

/// \return "+2.92 s" or "+480 ms": the real length of a squeezed gap
std::string
GapText(double seconds)
{
    return "+" + (seconds < 1 ? Num(seconds * 1000, 0) + " ms" : Num(seconds, 2) + " s");
}

} // namespace

std::optional<int64_t>
DefaultLadderConn(const RunFolder& run)
{
    for (const auto& c : run.Connections())
    {
        if (c.connClient)
        {
            return c.connClient;
        }
        if (c.connServer)
        {
            return c.connServer;
        }
    }
    return std::nullopt;
}

Figure
MakeLadder(const RunFolder& run, int64_t conn, const LadderOptions& options)
{
    const ConnectionRecord& rec = FindLadderConnection(run, conn);
    LadderEvents ev = CollectLadderEvents(run, rec);

    std::vector<const LadderArrow*> all;
    for (const auto& a : ev.arrows)
    {
        all.push_back(&a);
    }
    const auto allTimes = DrawnTimes(all, ev, {});
    if (allTimes.empty())
    {
        throw PlotError("--conn " + std::to_string(conn) + ": the connection has no states " +
                        "or segments in " + run.Dir() + " to draw");
    }
    // Times on the axis count from the connect call: the tic labels of a window too.
    const double zero = rec.connect.value_or(*std::min_element(allTimes.begin(), allTimes.end()));
    const LadderWindow& window = options.window;
    const bool windowed = window.from || window.to || window.first || window.last;
    ApplyLadderWindow(ev, window, zero);

    const std::vector<LadderBand> bands =
        options.compact ? FoldDataRuns(ev) : std::vector<LadderBand>{};
    std::vector<bool> folded(ev.arrows.size(), false);
    std::vector<std::pair<double, double>> bandSpans;
    for (const auto& band : bands)
    {
        std::fill(folded.begin() + band.first, folded.begin() + band.last + 1, true);
        bandSpans.emplace_back(band.start, band.end);
    }
    std::vector<const LadderArrow*> arrows;
    for (std::size_t i = 0; i < ev.arrows.size(); ++i)
    {
        if (!folded[i])
        {
            arrows.push_back(&ev.arrows[i]);
        }
    }

    const double oneWay = ev.oneWay;
    const std::vector<double> times = DrawnTimes(arrows, ev, bandSpans);
    const double origin = windowed ? *std::min_element(times.begin(), times.end()) : zero;
    // Idle stretches (retransmission timeouts, 2 MSL) longer than a few one-way delays are
    // squeezed to two: the exchanges stay legible and the gap is labelled with its length.
    // A folded band takes four, room for its label.
    const LadderTimeAxis axis(times, origin, zero, 5 * oneWay, 1.5 * oneWay, bandSpans, 4 * oneWay);
    const double span = std::max(axis.Y(axis.Last()), 1.0);
    const double yMin = -0.05 * span;
    const double yMax = span * 1.05;

    // Label text first: it does not depend on the layout, and its size decides the layout.
    std::vector<std::string> labels;
    for (const auto* a : arrows)
    {
        labels.push_back(SegmentLabel(*a, ev));
    }

    // The layout is tried at the default height, then taller and taller: segments that
    // cross within a few ms (a request, its response and a FIN) leave too little room for
    // their labels at a fixed height, and the time scale must stay linear inside an
    // exchange, so the figure grows instead of the labels shrinking.
    const double plotW = PlotStyle::kColumnWidthInches * (kRight - kLeft);
    const double inPerX = plotW / (kXMax - kXMin);
    std::string name = "ladder-conn" + std::to_string(conn);
    DataFile segs;
    DataFile labelLines;
    DataFile stateData;
    DataFile bandData;
    double height = arrows.size() > kManyArrows ? kMaxHeight : kHeight;
    double inPerY = 0;
    for (;; height += kHeightStep)
    {
        inPerY = (height - kHeaderIn - kFooterIn) / (yMax - yMin);
        segs = {name + "-segments.dat",
                "x0 y0 dx dy retx lost label_x label_y angle label time_s flags seq ack len",
                {}};
        labelLines = {name + "-labels.dat",
                      "x y angle text (one line of a segment label; lines stacked across the "
                      "text, not down the page, so turned labels keep their shape)",
                      {}};
        stateData = {name + "-states.dat",
                     "x y align state time_s (align 0: text ends at x, 1: starts at x)",
                     {}};
        bandData = {name + "-bands.dat",
                    "y_start y_end label (a folded run of data segments and ACKs)",
                    {}};
        // Everything a label must not cover, in inches with y up (paper coordinates).
        std::vector<LabelBox> taken;

        // State names at their entry times, spread a full text line apart so names entered
        // at (nearly) the same time, like CLOSE_WAIT and LAST_ACK, stack instead of
        // overprinting.
        const double gap = kStateLineIn / inPerY;
        for (const auto& [x, align, list] : {std::make_tuple(-0.035, 0, &ev.clientStates),
                                             std::make_tuple(1.035, 1, &ev.serverStates)})
        {
            std::vector<AxisMark> marks;
            for (const auto& e : *list)
            {
                marks.push_back({std::max(axis.Y(e.time), yMin + gap / 2), e.state});
            }
            SpreadMarks(marks, gap);
            for (const auto& m : marks)
            {
                stateData.rows.push_back(
                    {Num(x, 3), Num(m.y, 6), std::to_string(align), Quoted(m.text)});
                const double w = m.text.size() * kCharIn * kStateFont / kLabelFont;
                taken.push_back({x * inPerX + (align == 0 ? -w / 2 : w / 2),
                                 -m.y * inPerY,
                                 w / 2,
                                 kStateLineIn / 2});
            }
        }
        // The "+2.92 s" of each squeezed gap and the label of each band. A segment label
        // may sit on a band's light fill, which a lost segment or a retransmission between
        // two bands often crosses, but not on its text.
        for (const auto& band : bands)
        {
            const auto [w, h] = LabelSize(band.label);
            taken.push_back({0.5 * inPerX,
                             -(axis.Y(band.start) + axis.Y(band.end)) / 2 * inPerY,
                             w / 2,
                             h / 2});
        }
        for (const auto& br : axis.Breaks())
        {
            if (br.band)
            {
                continue;
            }
            taken.push_back({0.5 * inPerX,
                             -(br.yStart + br.yEnd) / 2 * inPerY,
                             GapText(br.seconds).size() / 2.0 * kCharIn * kStateFont / kLabelFont,
                             kStateLineIn / 2});
        }
        for (const auto& band : bands)
        {
            bandData.rows.push_back(
                {Num(axis.Y(band.start), 6), Num(axis.Y(band.end), 6), Quoted(band.label)});
        }

        // The arrows, in paper inches: labels should not sit on another arrow.
        std::vector<PaperLine> lines;
        std::vector<PaperLine> guides;
        std::vector<std::array<double, 4>> geometry; // per arrow, data units: x0 y0 x1 y1
        std::map<std::pair<bool, double>, int> sentAt;
        for (const auto* a : arrows)
        {
            const double x0 = a->fromClient ? 0.0 : 1.0;
            double y0 = axis.Y(a->tx->time);
            double x1 = a->fromClient ? 1.0 : 0.0;
            double y1 = a->end ? axis.Y(a->end->time) : y0 + oneWay * 1000;
            double xFull = x1;
            double yFull = y1;
            if (a->lost)
            {
                // Stop half way across: the segment never reached the other axis.
                x1 = 0.5;
                y1 = y0 + oneWay * 1000 / 2;
                xFull = a->fromClient ? 1.0 : 0.0;
                yFull = y0 + oneWay * 1000;
            }
            // Segments sent in the same instant by the same side (an ACK and data, an ACK
            // and a FIN, even if one of them is lost half way) would be drawn as one
            // line: nudge each further one down by a line's width so all are seen. The
            // time columns keep the true times.
            const int coincident = sentAt[{a->fromClient, a->tx->time}]++;
            y0 += coincident * 0.045 / inPerY;
            y1 += coincident * 0.045 / inPerY;
            geometry.push_back({x0, y0, x1, y1});
            lines.push_back({x0 * inPerX, -y0 * inPerY, x1 * inPerX, -y1 * inPerY});
            guides.push_back({x0 * inPerX,
                              -y0 * inPerY,
                              xFull * inPerX,
                              -(yFull + coincident * 0.045 / inPerY) * inPerY});
        }

        std::vector<LabelRequest> requests;
        std::vector<double> angles;
        for (std::size_t i = 0; i < arrows.size(); ++i)
        {
            const auto [x0, y0, x1, y1] = geometry[i];
            // Along the arrow on paper; text must read left to right.
            double angle = std::atan2(-(y1 - y0) * inPerY, (x1 - x0) * inPerX) * 180.0 / M_PI;
            if (angle > 90)
            {
                angle -= 180;
            }
            else if (angle < -90)
            {
                angle += 180;
            }
            angles.push_back(angle);
            const auto [w, h] = LabelSize(labels[i]);
            requests.push_back({lines[i], guides[i], w, h, angle * M_PI / 180.0});
        }
        // Between the axes, where the state names are not.
        const LabelLayout layout =
            PlaceLabels(requests, lines, taken, -0.04 * inPerX, 1.04 * inPerX);

        for (std::size_t i = 0; i < arrows.size(); ++i)
        {
            const LadderArrow& a = *arrows[i];
            const auto [x0, y0, x1, y1] = geometry[i];
            const LabelBox& box = layout.boxes[i];
            // Each line its own label, a line's height apart across the text, the first
            // above the box's centre by half the others' height: gnuplot would stack the
            // lines of one turned label straight down the page, shearing it.
            const auto lines = LabelLines(labels[i]);
            const double up = (lines.size() - 1) / 2.0 * kLabelLineIn;
            for (std::size_t line = 0; line < lines.size(); ++line)
            {
                const double across = up - line * kLabelLineIn;
                const double px = box.cx - std::sin(box.rad) * across;
                const double py = box.cy + std::cos(box.rad) * across;
                labelLines.rows.push_back({Num(px / inPerX, 4),
                                           Num(-py / inPerY, 6),
                                           Num(angles[i], 2),
                                           Quoted(lines[line])});
            }
            // segments.dat keeps the whole label at its first line, for readers of the data.
            const double lx = box.cx - std::sin(box.rad) * up;
            const double ly = box.cy + std::cos(box.rad) * up;
            const SegmentEvent& tx = *a.tx;
            segs.rows.push_back({Num(x0, 3),
                                 Num(y0, 6),
                                 Num(x1 - x0, 3),
                                 Num(y1 - y0, 6),
                                 a.retx ? "1" : "0",
                                 a.lost ? "1" : "0",
                                 Num(lx / inPerX, 4),
                                 Num(-ly / inPerY, 6),
                                 Num(angles[i], 2),
                                 Quoted(labels[i]),
                                 Num(tx.time, 9),
                                 tx.flags,
                                 std::to_string(tx.seq),
                                 std::to_string(tx.ack),
                                 std::to_string(tx.len)});
        }
        if (layout.clean || height >= kMaxHeight)
        {
            break;
        }
    }

    // The time axes, solid where time is to scale and dotted across squeezed gaps, each
    // gap labelled with the time it stands for (a band says it in its own label).
    DataFile axes{name + "-axes.dat", "x y0 dx dy squeezed", {}};
    DataFile breaks{name + "-gaps.dat", "x y label (time a squeezed gap stands for)", {}};
    double from = yMin;
    for (const auto& b : axis.Breaks())
    {
        for (const char* x : {"0", "1"})
        {
            axes.rows.push_back({x, Num(from, 6), "0", Num(b.yStart - from, 6), "0"});
            axes.rows.push_back({x, Num(b.yStart, 6), "0", Num(b.yEnd - b.yStart, 6), "1"});
        }
        from = b.yEnd;
        if (!b.band)
        {
            breaks.rows.push_back(
                {"0.5", Num((b.yStart + b.yEnd) / 2, 6), Quoted(GapText(b.seconds))});
        }
    }
    for (const char* x : {"0", "1"})
    {
        axes.rows.push_back({x, Num(from, 6), "0", Num(yMax - from, 6), "0"});
    }

    bool anyRetx = false;
    bool anyLost = false;
    for (const auto* a : arrows)
    {
        anyRetx = anyRetx || a->retx;
        anyLost = anyLost || a->lost;
    }

    Figure fig;
    fig.name = name;
    fig.summary = "ladder diagram of connection " + std::to_string(conn);
    fig.heightInches = height;
    auto side = [](const std::optional<int64_t>& c) {
        return c ? std::to_string(*c) : std::string("-");
    };
    fig.title =
        "Connection " + side(rec.connClient) + " (client) / " + side(rec.connServer) + " (server)";
    if (windowed)
    {
        fig.title += ", " + Num((origin - zero) * 1000, 0) + "-" +
                     Num((axis.Last() - zero) * 1000, 0) + " ms";
        fig.summary += " (window)";
    }
    if (options.compact)
    {
        fig.summary += " (compact)";
    }
    fig.titleOptions = "offset 0,0.6";
    std::ostringstream b;
    b << "set lmargin at screen " << kLeft << "\nset rmargin at screen " << kRight
      << "\nset tmargin at screen " << 1 - kHeaderIn / height << "\nset bmargin at screen "
      << kFooterIn / height << "\n";
    b << "set xrange [" << kXMin << ":" << kXMax << "]\n";
    // Time runs downwards, as in every textbook ladder.
    b << "set yrange [" << Num(yMax, 6) << ":" << Num(yMin, 6) << "]\n";
    // The axis title sits at a fixed screen position: as a ylabel, gnuplot pushes it out of
    // the fixed left margin once the tics have five digits.
    b << "set label 99 'time since connect (ms)' at screen 0.018, graph 0.5 center rotate by 90\n";
    if (!axis.Breaks().empty() || origin != zero)
    {
        // Squeezed gaps make the axis piecewise, and a window starts later than the
        // connect call: tics name real times since the connect call.
        b << "set ytics (" << axis.TicList(inPerY) << ")\n";
    }
    b << "unset xtics\nset border 2 lw 0.8\nset grid noxtics ytics\n";
    // Double quotes: gnuplot expands \n only there.
    b << "set label 1 \"client\\n"
      << rec.client << "\" at first 0, graph 1 center offset 0,1.1 font ',6'\n";
    b << "set label 2 \"server\\n"
      << rec.server << "\" at first 1, graph 1 center offset 0,1.1 font ',6'\n";
    b << "set key at screen 0.5, screen 0.0 center bottom horizontal samplen 2.5 font ',6'\n";
    const std::string sf = "'" + segs.name + "'";
    // One clause per thing drawn, joined at the end: which ones there are depends on the
    // connection (and gnuplot warns about a clause whose data is empty).
    std::vector<std::string> plot;
    auto clause = [&plot](const std::string& text) { plot.push_back(text); };
    if (!bands.empty())
    {
        // Under everything else: a light band between the axes, its label in the middle.
        clause("'" + bandData.name + "' using (0.5):(($1+$2)/2):(0):(1):1:2 with boxxyerror " +
               "fs solid 0.18 noborder lc rgb '" + PlotStyle::SeriesColour(1) +
               "' title 'folded data'");
        clause("'" + bandData.name + "' using (0.5):(($1+$2)/2):3 with labels center font ',5' " +
               "notitle");
    }
    clause("'" + axes.name + "' using ($5==0 ? $1 : NaN):2:3:4 with vectors nohead lw 1.5 " +
           "lc rgb '#444444'");
    if (!axis.Breaks().empty())
    {
        clause("'" + axes.name + "' using ($5==1 ? $1 : NaN):2:3:4 with vectors nohead lw 1.5 " +
               "dt 3 lc rgb '#888888'");
    }
    if (!breaks.rows.empty())
    {
        clause("'" + breaks.name + "' using 1:2:3 with labels center font ',5.5' " +
               "tc rgb '#666666'");
    }
    if (!arrows.empty())
    {
        clause(sf + " using ($5==0 && $6==0 ? $1 : NaN):2:3:4 with vectors head filled size " +
               "screen 0.012,18 lw 0.8 lc rgb 'black' title 'segment'");
    }
    if (anyRetx)
    {
        clause(sf + " using ($5==1 && $6==0 ? $1 : NaN):2:3:4 with vectors head filled size " +
               "screen 0.012,18 lw 0.9 dt 2 lc rgb '" + PlotStyle::SeriesColour(1) +
               "' title 'retransmission'");
    }
    if (anyLost)
    {
        clause(sf + " using ($6==1 ? $1 : NaN):2:3:4 with vectors nohead lw 0.9 lc rgb '" +
               PlotStyle::SeriesColour(0) + "' notitle");
        clause(sf + " using ($6==1 ? $1+$3 : NaN):($2+$4) with points pt 2 ps 0.9 lw 1.5 " +
               "lc rgb '" + PlotStyle::SeriesColour(0) + "' title 'lost'");
    }
    if (!arrows.empty())
    {
        clause("'" + labelLines.name + "' using 1:2:4:3 with labels rotate variable center " +
               "font ',5' notitle");
    }
    for (const auto& [align, where] : {std::make_pair(0, "right"), std::make_pair(1, "left")})
    {
        const bool any =
            std::any_of(stateData.rows.begin(), stateData.rows.end(), [a = align](const auto& r) {
                return r[2] == std::to_string(a);
            });
        if (any)
        {
            clause("'" + stateData.name + "' using ($3==" + std::to_string(align) +
                   " ? $1 : NaN):2:4 with labels " + where + " font ',5.5' tc rgb '#333333' " +
                   "notitle");
        }
    }
    b << "plot";
    for (std::size_t i = 0; i < plot.size(); ++i)
    {
        b << (i ? ", \\\n    " : " \\\n    ") << plot[i];
    }
    b << "\n";
    fig.body = b.str();
    fig.data = {axes};
    if (!arrows.empty())
    {
        fig.data.push_back(segs);
        fig.data.push_back(labelLines);
    }
    if (!stateData.rows.empty())
    {
        fig.data.push_back(stateData);
    }
    if (!breaks.rows.empty())
    {
        fig.data.push_back(breaks);
    }
    if (!bands.empty())
    {
        fig.data.push_back(bandData);
    }
    return fig;
}

} // namespace plot
} // namespace synfin
