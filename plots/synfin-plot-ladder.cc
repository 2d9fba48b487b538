/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"
#include "synfin-retransmission-tracker.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <set>
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
constexpr double kLabelClearIn = 0.02; //!< space between an arrow and its label (in)
constexpr double kStateLineIn = 0.11;  //!< a state name's line pitch at kStateFont (in)

/// A box on paper (inches, y up), turned like the text it holds: the room a label takes.
struct Box
{
    double cx;     //!< centre
    double cy;     //!< centre
    double hw;     //!< half width, along the text
    double hh;     //!< half height
    double rad{0}; //!< turned by (radians, counter-clockwise)

    /// \return half the box's extent along the unit vector (\p nx, \p ny)
    double Reach(double nx, double ny) const
    {
        return hw * std::abs(std::cos(rad) * nx + std::sin(rad) * ny) +
               hh * std::abs(-std::sin(rad) * nx + std::cos(rad) * ny);
    }

    /// \return whether the boxes share any area (separating axis test: the turned boxes
    /// of parallel arrows are close together, far closer than their upright bounds)
    bool Overlaps(const Box& o) const
    {
        for (double r : {rad, rad + M_PI / 2, o.rad, o.rad + M_PI / 2})
        {
            const double nx = std::cos(r);
            const double ny = std::sin(r);
            if (std::abs((o.cx - cx) * nx + (o.cy - cy) * ny) >= Reach(nx, ny) + o.Reach(nx, ny))
            {
                return false;
            }
        }
        return true;
    }
};

/**
 * \return whether the line \p seg (x0 y0 x1 y1, inches) runs through a text \p w by \p h
 *         inches centred at (\p cx, \p cy) and turned by \p rad: a line through a label
 *         strikes its text out
 */
bool
CrossesText(const std::array<double, 4>& seg, double cx, double cy, double rad, double w, double h)
{
    // Into the text's own frame, where it is an axis-parallel box; then clip (Liang-Barsky).
    auto local = [&](double x, double y) {
        const double dx = x - cx;
        const double dy = y - cy;
        return std::make_pair(dx * std::cos(rad) + dy * std::sin(rad),
                              -dx * std::sin(rad) + dy * std::cos(rad));
    };
    const auto [ax, ay] = local(seg[0], seg[1]);
    const auto [bx, by] = local(seg[2], seg[3]);
    double t0 = 0;
    double t1 = 1;
    const double p[] = {-(bx - ax), bx - ax, -(by - ay), by - ay};
    const double q[] = {ax + w / 2, w / 2 - ax, ay + h / 2, h / 2 - ay};
    for (int k = 0; k < 4; ++k)
    {
        if (p[k] == 0)
        {
            if (q[k] < 0)
            {
                return false;
            }
            continue;
        }
        const double r = q[k] / p[k];
        if (p[k] < 0)
        {
            t0 = std::max(t0, r);
        }
        else
        {
            t1 = std::min(t1, r);
        }
    }
    return t0 < t1;
}

/// One transmitted segment of the connection and what became of it.
struct Arrow
{
    const SegmentEvent* tx{nullptr};  //!< the transmission
    const SegmentEvent* end{nullptr}; //!< its rx or drop, if recorded
    bool fromClient{true};            //!< direction
    bool retx{false};                 //!< a retransmission (SynFinRetransmissionTracker)
    bool lost{false};                 //!< dropped (or never seen arriving)
};

/// \return "SYN,ACK" from "SYN|ACK": shorter in a label and reads like Wireshark
std::string
FlagsLabel(const std::string& flags)
{
    std::string out = flags.empty() ? std::string("none") : flags;
    std::replace(out.begin(), out.end(), '|', ',');
    return out;
}

/// \return the conns of \p rows as "1-3, 7" for error messages
std::string
ConnRanges(const std::vector<ConnectionRecord>& rows)
{
    std::set<int64_t> conns;
    for (const auto& c : rows)
    {
        for (const auto& side : {c.connClient, c.connServer})
        {
            if (side)
            {
                conns.insert(*side);
            }
        }
    }
    std::ostringstream out;
    for (auto it = conns.begin(); it != conns.end();)
    {
        const int64_t start = *it;
        int64_t end = start;
        while (++it != conns.end() && *it == end + 1)
        {
            ++end;
        }
        out << (out.tellp() > 0 ? ", " : "") << start;
        if (end != start)
        {
            out << "-" << end;
        }
    }
    return conns.empty() ? std::string("none") : out.str();
}

/// A state name beside an axis.
struct StateMark
{
    double y;         //!< entry time on the axis
    std::string text; //!< state name (and time, if moved)
};

/// Spreads \p marks downwards so no two overlap; \p gap is one text line in y units.
void
Spread(std::vector<StateMark>& marks, double gap)
{
    std::stable_sort(marks.begin(), marks.end(), [](const auto& a, const auto& b) {
        return a.y < b.y;
    });
    for (std::size_t i = 1; i < marks.size(); ++i)
    {
        marks[i].y = std::max(marks[i].y, marks[i - 1].y + gap);
    }
}

/**
 * The ladder's vertical axis: milliseconds since the origin, to scale, except that an idle
 * stretch longer than a threshold is squeezed to a fixed length (a piecewise-linear map).
 */
class TimeAxis
{
  public:
    /// A squeezed gap: where it lies on the axis and how long it really is.
    struct Break
    {
        double yStart;  //!< axis position where the gap begins (ms)
        double yEnd;    //!< where it ends
        double seconds; //!< the real time it stands for
    };

    /**
     * \param times every time something is drawn (s)
     * \param origin time drawn at 0
     * \param maxGap idle stretches longer than this (s) are squeezed ...
     * \param squeezed ... to this length (s)
     */
    TimeAxis(std::vector<double> times, double origin, double maxGap, double squeezed)
    {
        times.push_back(origin);
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        const auto first = std::find(times.begin(), times.end(), origin);
        double y = 0;
        m_t.push_back(origin);
        m_y.push_back(0);
        for (auto it = first + 1; it != times.end(); ++it)
        {
            const double delta = *it - *(it - 1);
            if (delta > maxGap)
            {
                m_breaks.push_back({y, y + squeezed * 1000, delta});
                y += squeezed * 1000;
            }
            else
            {
                y += delta * 1000;
            }
            m_t.push_back(*it);
            m_y.push_back(y);
        }
    }

    /// \return the axis position (ms) of time \p t (s)
    double Y(double t) const
    {
        if (t <= m_t.front())
        {
            return (t - m_t.front()) * 1000;
        }
        if (t >= m_t.back())
        {
            return m_y.back() + (t - m_t.back()) * 1000;
        }
        const auto hi = std::upper_bound(m_t.begin(), m_t.end(), t) - m_t.begin();
        const auto lo = hi - 1;
        const double f = (t - m_t[lo]) / (m_t[hi] - m_t[lo]);
        return m_y[lo] + f * (m_y[hi] - m_y[lo]);
    }

    /// \return the last time on the axis
    double Last() const
    {
        return m_t.back();
    }

    /// \return the squeezed gaps, top to bottom
    const std::vector<Break>& Breaks() const
    {
        return m_breaks;
    }

    /**
     * \return a gnuplot tic list ("0" 0, "20" 20, ...) naming real milliseconds since the
     *         origin: a nice step inside each to-scale stretch, none closer than a text
     *         line (\p inPerY inches per ms) to the previous
     */
    std::string TicList(double inPerY) const
    {
        static const double nice[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000};
        double step = nice[0];
        for (double n : nice)
        {
            step = n;
            if (n * inPerY >= 0.3)
            {
                break;
            }
        }
        std::ostringstream out;
        double lastY = -1e300;
        auto tic = [&](double t) {
            const double y = Y(t);
            if ((y - lastY) * inPerY < 0.12)
            {
                return;
            }
            out << (lastY > -1e300 ? ", " : "") << "\"" << Num((t - m_t.front()) * 1000, 0) << "\" "
                << Num(y, 3);
            lastY = y;
        };
        // Stretches run between breaks; each starts with a tic at its own first time.
        double stretchStart = m_t.front();
        for (std::size_t i = 0; i <= m_breaks.size(); ++i)
        {
            const double stretchEnd =
                i < m_breaks.size() ? TimeAtY(m_breaks[i].yStart) : m_t.back();
            tic(stretchStart);
            const double rel0 = (stretchStart - m_t.front()) * 1000;
            for (double rel = std::ceil(rel0 / step + 1e-9) * step;
                 m_t.front() + rel / 1000 <= stretchEnd + 1e-12;
                 rel += step)
            {
                tic(m_t.front() + rel / 1000);
            }
            if (i < m_breaks.size())
            {
                stretchStart = TimeAtY(m_breaks[i].yEnd);
            }
        }
        return out.str();
    }

  private:
    /// \return the time at axis position \p y (inverse of Y on the breakpoints)
    double TimeAtY(double y) const
    {
        for (std::size_t i = 0; i < m_y.size(); ++i)
        {
            if (std::abs(m_y[i] - y) < 1e-9)
            {
                return m_t[i];
            }
        }
        return m_t.front() + y / 1000;
    }

    std::vector<double> m_t;     //!< breakpoint times (s)
    std::vector<double> m_y;     //!< their axis positions (ms)
    std::vector<Break> m_breaks; //!< squeezed gaps
};

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
MakeLadder(const RunFolder& run, int64_t conn)
{
    const ConnectionRecord* rec = nullptr;
    for (const auto& c : run.Connections())
    {
        if (c.connClient == conn || c.connServer == conn)
        {
            rec = &c;
            break;
        }
    }
    if (rec == nullptr)
    {
        throw PlotError("--conn " + std::to_string(conn) + ": no such connection in " + run.Dir() +
                        "/connections.csv (conns there: " + ConnRanges(run.Connections()) + ")");
    }

    // The connection's events: its 4-tuple, owned by one of its two conns where the
    // recorder says who owns it (the same 4-tuple may be reused by a later connection).
    auto owned = [&](const SegmentEvent& s, bool fromClient) {
        const bool senderSide = s.event != "rx";
        const auto& expected = (fromClient == senderSide) ? rec->connClient : rec->connServer;
        return !s.conn || !expected || *s.conn == *expected;
    };
    std::vector<const SegmentEvent*> events;
    for (const auto& s : run.Segments())
    {
        const bool c2s = s.from == rec->client && s.to == rec->server;
        const bool s2c = s.from == rec->server && s.to == rec->client;
        if ((c2s || s2c) && owned(s, c2s))
        {
            events.push_back(&s);
        }
    }

    // Pair every transmission with the first later arrival or loss of the same segment.
    std::vector<Arrow> arrows;
    std::vector<bool> used(events.size(), false);
    std::optional<uint32_t> isnClient;
    std::optional<uint32_t> isnServer;
    std::vector<double> delays;
    // What each end has sent so far: the recorder's retx counts use the same definition.
    ns3::SynFinRetransmissionTracker sentByClient;
    ns3::SynFinRetransmissionTracker sentByServer;
    for (std::size_t i = 0; i < events.size(); ++i)
    {
        const SegmentEvent& tx = *events[i];
        if (tx.event != "tx")
        {
            continue;
        }
        Arrow a;
        a.tx = &tx;
        a.fromClient = tx.from == rec->client;
        auto& isn = a.fromClient ? isnClient : isnServer;
        if (!isn && tx.HasFlag("SYN"))
        {
            isn = tx.seq;
        }
        for (std::size_t j = i + 1; j < events.size(); ++j)
        {
            const SegmentEvent& e = *events[j];
            if (!used[j] && e.event != "tx" && e.from == tx.from && e.seq == tx.seq &&
                e.ack == tx.ack && e.len == tx.len && e.flags == tx.flags)
            {
                used[j] = true;
                a.end = &e;
                break;
            }
        }
        a.lost = a.end == nullptr || a.end->event == "drop";
        if (!a.lost)
        {
            delays.push_back(a.end->time - tx.time);
        }
        // A retransmission repeats sequence space: payload, SYN or FIN already sent.
        auto& sent = a.fromClient ? sentByClient : sentByServer;
        a.retx = sent.Send(tx.seq, tx.len, tx.HasFlag("SYN"), tx.HasFlag("ACK"), tx.HasFlag("FIN"))
                     .Any();
        arrows.push_back(a);
    }
    // Without a SYN in the record, number from the first segment, as Wireshark does.
    for (const auto& a : arrows)
    {
        auto& isn = a.fromClient ? isnClient : isnServer;
        if (!isn)
        {
            isn = a.tx->seq - (a.tx->HasFlag("SYN") ? 0 : 1);
        }
    }

    // The sockets' states, for the names beside the axes.
    std::vector<const StateInterval*> clientStates;
    std::vector<const StateInterval*> serverStates;
    for (const auto& s : run.States())
    {
        if (rec->connClient && s.conn == *rec->connClient)
        {
            clientStates.push_back(&s);
        }
        if (rec->connServer && s.conn == *rec->connServer)
        {
            serverStates.push_back(&s);
        }
    }
    // A socket's final CLOSED is the end of its last row (unless recording just stopped).
    auto entries = [](const std::vector<const StateInterval*>& states) {
        std::vector<std::pair<double, std::string>> out;
        for (const auto* s : states)
        {
            out.emplace_back(s->enter, s->state);
        }
        if (!states.empty())
        {
            const auto* final =
                *std::max_element(states.begin(), states.end(), [](auto* a, auto* b) {
                    return a->leave < b->leave;
                });
            if (final->causeExit != "end_of_run")
            {
                out.emplace_back(final->leave, "CLOSED");
            }
        }
        return out;
    };
    const auto clientEntries = entries(clientStates);
    const auto serverEntries = entries(serverStates);

    std::sort(delays.begin(), delays.end());
    const double oneWay = delays.empty() ? 0.02 : delays[delays.size() / 2];
    std::vector<double> times;
    for (const auto& a : arrows)
    {
        times.push_back(a.tx->time);
        if (a.end)
        {
            times.push_back(a.end->time);
        }
    }
    for (const auto* list : {&clientEntries, &serverEntries})
    {
        for (const auto& [t, name] : *list)
        {
            // A listener-forked child has no LISTEN row, but guard anyway: LISTEN may
            // date from the start of the run.
            if (name != "LISTEN")
            {
                times.push_back(t);
            }
        }
    }
    if (times.empty())
    {
        throw PlotError("--conn " + std::to_string(conn) +
                        ": the connection has no states "
                        "or segments in " +
                        run.Dir() + " to draw");
    }
    const double origin = rec->connect.value_or(*std::min_element(times.begin(), times.end()));
    // Idle stretches (retransmission timeouts, 2 MSL) longer than a few one-way delays are
    // squeezed to two: the exchanges stay legible and the gap is labelled with its length.
    const TimeAxis axis(times, origin, 5 * oneWay, 1.5 * oneWay);
    const double span = std::max(axis.Y(times.empty() ? origin : axis.Last()), 1.0);
    const double yMin = -0.05 * span;
    const double yMax = span * 1.05;

    // Label text first: it does not depend on the layout, and its size decides the layout.
    std::vector<std::string> labels;
    for (const auto& a : arrows)
    {
        const SegmentEvent& tx = *a.tx;
        const uint32_t isnOwn = a.fromClient ? *isnClient : *isnServer;
        const auto& isnPeer = a.fromClient ? isnServer : isnClient;
        // What the segment is, then where it is in sequence space: gnuplot expands the \n
        // inside a double-quoted data string.
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
        labels.push_back(label.str());
    }

    // The layout is tried at the default height, then taller and taller: segments that
    // cross within a few ms (a request, its response and a FIN) leave too little room for
    // their labels at a fixed height, and the time scale must stay linear inside an
    // exchange, so the figure grows instead of the labels shrinking.
    const double plotW = PlotStyle::kColumnWidthInches * (kRight - kLeft);
    const double inPerX = plotW / (kXMax - kXMin);
    const std::string name = "ladder-conn" + std::to_string(conn);
    DataFile segs;
    DataFile stateData;
    double height = kHeight;
    double inPerY = 0;
    for (;; height += kHeightStep)
    {
        inPerY = (height - kHeaderIn - kFooterIn) / (yMax - yMin);
        segs = {name + "-segments.dat",
                "x0 y0 dx dy retx lost label_x label_y angle label time_s flags seq ack len",
                {}};
        stateData = {name + "-states.dat",
                     "x y align state time_s (align 0: text ends at x, 1: starts at x)",
                     {}};
        // Everything a label must not cover, in inches with y up (paper coordinates).
        std::vector<Box> taken;

        // State names at their entry times, spread a full text line apart so names entered
        // at (nearly) the same time, like CLOSE_WAIT and LAST_ACK, stack instead of
        // overprinting.
        const double gap = kStateLineIn / inPerY;
        for (const auto& [x, align, list] : {std::make_tuple(-0.035, 0, &clientEntries),
                                             std::make_tuple(1.035, 1, &serverEntries)})
        {
            std::vector<StateMark> marks;
            for (const auto& [t, state] : *list)
            {
                marks.push_back({std::max(axis.Y(t), yMin + gap / 2), state});
            }
            Spread(marks, gap);
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
        // The "+2.92 s" of each squeezed gap.
        for (const auto& br : axis.Breaks())
        {
            taken.push_back({0.5 * inPerX,
                             -(br.yStart + br.yEnd) / 2 * inPerY,
                             4 * kCharIn * kStateFont / kLabelFont,
                             kStateLineIn / 2});
        }

        // The arrows, in paper inches: labels should not sit on another arrow.
        std::vector<std::array<double, 4>> lines;
        std::vector<std::array<double, 4>> geometry; // per arrow, data units: x0 y0 x1 y1
        for (std::size_t i = 0; i < arrows.size(); ++i)
        {
            const Arrow& a = arrows[i];
            const double x0 = a.fromClient ? 0.0 : 1.0;
            double y0 = axis.Y(a.tx->time);
            double x1 = a.fromClient ? 1.0 : 0.0;
            double y1 = a.end ? axis.Y(a.end->time) : y0 + oneWay * 1000;
            if (a.lost)
            {
                // Stop half way across: the segment never reached the other axis.
                x1 = 0.5;
                y1 = y0 + oneWay * 1000 / 2;
            }
            // Segments sent in the same instant by the same side (an ACK and data, an ACK
            // and a FIN, even if one of them is lost half way) would be drawn as one
            // line: nudge each further one down by a line's width so all are seen. The
            // time columns keep the true times.
            int coincident = 0;
            for (std::size_t j = 0; j < i; ++j)
            {
                coincident +=
                    arrows[j].fromClient == a.fromClient && arrows[j].tx->time == a.tx->time;
            }
            y0 += coincident * 0.045 / inPerY;
            y1 += coincident * 0.045 / inPerY;
            geometry.push_back({x0, y0, x1, y1});
            lines.push_back({x0 * inPerX, -y0 * inPerY, x1 * inPerX, -y1 * inPerY});
        }

        // Every arrow's candidate label places, with what they cost on their own: 1000
        // for covering a state name or gap label or leaving the space between the axes
        // (a must-not), 30 for each arrow struck through, and the rank of the place.
        struct Candidate
        {
            Box box;     //!< where the text goes
            double cost; //!< before other labels are counted
        };

        std::vector<std::vector<Candidate>> candidates(arrows.size());
        std::vector<double> angles(arrows.size());
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
            angles[i] = angle;
            const double rad = angle * M_PI / 180.0;
            // The label's size on paper, from its longest line and its line count.
            std::size_t longest = 0;
            std::size_t nLines = 1;
            for (std::size_t from = 0;; ++nLines)
            {
                const std::size_t nl = labels[i].find("\\n", from);
                longest =
                    std::max(longest, (nl == std::string::npos ? labels[i].size() : nl) - from);
                if (nl == std::string::npos)
                {
                    break;
                }
                from = nl + 2;
            }
            const double w = longest * kCharIn;
            const double h = nLines * kLabelLineIn;
            // Half way above the line as in a textbook first, then nearer either end, then
            // below the line (crossing arrows leave room toward their ends), then a label's
            // height further off: a slot of its own beyond a parallel neighbour's label.
            static const double alongs[] = {0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8};
            int rank = 0;
            const double near = h / 2 + kLabelClearIn;
            for (const double off :
                 {near, -near, near + h + kLabelClearIn, -near - h - kLabelClearIn})
            {
                for (double along : alongs)
                {
                    const double cx = (x0 + (x1 - x0) * along) * inPerX - std::sin(rad) * off;
                    const double cy = -(y0 + (y1 - y0) * along) * inPerY + std::cos(rad) * off;
                    Candidate c{{cx, cy, w / 2, h / 2, rad}, static_cast<double>(rank++)};
                    // Between the axes, where the state names are not.
                    if (cx - c.box.Reach(1, 0) < -0.04 * inPerX ||
                        cx + c.box.Reach(1, 0) > 1.04 * inPerX)
                    {
                        c.cost += 1000;
                    }
                    for (const auto& t : taken)
                    {
                        c.cost += 1000 * c.box.Overlaps(t);
                    }
                    for (std::size_t j = 0; j < lines.size(); ++j)
                    {
                        c.cost += 30 * (j != i && CrossesText(lines[j], cx, cy, rad, w, h));
                    }
                    candidates[i].push_back(c);
                }
            }
            std::stable_sort(candidates[i].begin(),
                             candidates[i].end(),
                             [](const auto& p, const auto& q) { return p.cost < q.cost; });
        }

        // Depth first, in time order: each label takes its cheapest place that covers no
        // earlier label; a dead end revisits the earlier choices (a greedy choice often
        // blocks the only room of a later, crossing segment). Bounded, then the figure
        // grows.
        std::vector<std::size_t> choice(arrows.size(), 0);
        long budget = 20000;
        std::function<bool(std::size_t)> place = [&](std::size_t i) {
            if (i == arrows.size())
            {
                return true;
            }
            for (std::size_t k = 0; k < candidates[i].size() && budget-- > 0; ++k)
            {
                const Candidate& c = candidates[i][k];
                if (c.cost >= 1000)
                {
                    break;
                }
                bool clear = true;
                for (std::size_t j = 0; j < i && clear; ++j)
                {
                    clear = !c.box.Overlaps(candidates[j][choice[j]].box);
                }
                if (clear)
                {
                    choice[i] = k;
                    if (place(i + 1))
                    {
                        return true;
                    }
                }
            }
            return false;
        };
        const bool fits = place(0);
        if (!fits)
        {
            // No clean layout at the tallest height: the least bad place for each label.
            for (std::size_t i = 0; i < arrows.size(); ++i)
            {
                double best = 1e300;
                for (std::size_t k = 0; k < candidates[i].size(); ++k)
                {
                    double cost = candidates[i][k].cost;
                    for (std::size_t j = 0; j < i; ++j)
                    {
                        cost += 1000 * candidates[i][k].box.Overlaps(candidates[j][choice[j]].box);
                    }
                    if (cost < best)
                    {
                        best = cost;
                        choice[i] = k;
                    }
                }
            }
        }

        for (std::size_t i = 0; i < arrows.size(); ++i)
        {
            const Arrow& a = arrows[i];
            const auto [x0, y0, x1, y1] = geometry[i];
            const Box& box = candidates[i][choice[i]].box;
            // gnuplot centres the first line of a turned multi-line label on its point and
            // writes the others below it: move the point up to centre the whole text.
            const double up = (box.hh * 2 / kLabelLineIn - 1) / 2 * kLabelLineIn;
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
        if (fits || height >= kMaxHeight)
        {
            break;
        }
    }

    // The time axes, solid where time is to scale and dotted across squeezed gaps, each
    // gap labelled with the time it stands for.
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
        std::ostringstream text;
        text << "+"
             << (b.seconds < 1 ? Num(b.seconds * 1000, 0) + " ms" : Num(b.seconds, 2) + " s");
        breaks.rows.push_back({"0.5", Num((b.yStart + b.yEnd) / 2, 6), Quoted(text.str())});
    }
    for (const char* x : {"0", "1"})
    {
        axes.rows.push_back({x, Num(from, 6), "0", Num(yMax - from, 6), "0"});
    }

    bool anyRetx = false;
    bool anyLost = false;
    for (const auto& a : arrows)
    {
        anyRetx = anyRetx || a.retx;
        anyLost = anyLost || a.lost;
    }

    Figure fig;
    fig.name = name;
    fig.summary = "ladder diagram of connection " + std::to_string(conn);
    fig.heightInches = height;
    std::ostringstream b;
    auto side = [](const std::optional<int64_t>& c) {
        return c ? std::to_string(*c) : std::string("-");
    };
    b << "set title "
      << GpString("Connection " + side(rec->connClient) + " (client) / " + side(rec->connServer) +
                  " (server)")
      << " offset 0,0.6\n";
    b << "set lmargin at screen " << kLeft << "\nset rmargin at screen " << kRight
      << "\nset tmargin at screen " << 1 - kHeaderIn / height << "\nset bmargin at screen "
      << kFooterIn / height << "\n";
    b << "set xrange [" << kXMin << ":" << kXMax << "]\n";
    // Time runs downwards, as in every textbook ladder.
    b << "set yrange [" << Num(yMax, 6) << ":" << Num(yMin, 6) << "]\n";
    // The axis title sits at a fixed screen position: as a ylabel, gnuplot pushes it out of
    // the fixed left margin once the tics have five digits.
    b << "set label 99 'time since connect (ms)' at screen 0.018, graph 0.5 center rotate by 90\n";
    if (!axis.Breaks().empty())
    {
        // Squeezed gaps make the axis piecewise: tics name real times.
        // The gap labels say how long each squeezed gap is.
        b << "set ytics (" << axis.TicList(inPerY) << ")\n";
    }
    b << "unset xtics\nset border 2 lw 0.8\nset grid noxtics ytics\n";
    // Double quotes: gnuplot expands \n only there.
    b << "set label 1 \"client\\n"
      << rec->client << "\" at first 0, graph 1 center offset 0,1.1 font ',6'\n";
    b << "set label 2 \"server\\n"
      << rec->server << "\" at first 1, graph 1 center offset 0,1.1 font ',6'\n";
    b << "set key at screen 0.5, screen 0.0 center bottom horizontal samplen 2.5 font ',6'\n";
    const std::string sf = "'" + segs.name + "'";
    b << "plot \\\n";
    b << "    '" << axes.name << "' using ($5==0 ? $1 : NaN):2:3:4 with vectors nohead lw 1.5 "
      << "lc rgb '#444444', \\\n";
    if (!axis.Breaks().empty())
    {
        b << "    '" << axes.name << "' using ($5==1 ? $1 : NaN):2:3:4 with vectors nohead "
          << "lw 1.5 dt 3 lc rgb '#888888', \\\n";
        b << "    '" << breaks.name << "' using 1:2:3 with labels center font ',5.5' "
          << "tc rgb '#666666', \\\n";
    }
    b << "    " << sf << " using ($5==0 && $6==0 ? $1 : NaN):2:3:4 with vectors "
      << "head filled size screen 0.012,18 lw 0.8 lc rgb 'black' title 'segment', \\\n";
    if (anyRetx)
    {
        b << "    " << sf << " using ($5==1 && $6==0 ? $1 : NaN):2:3:4 with vectors "
          << "head filled size screen 0.012,18 lw 0.9 dt 2 lc rgb '" << PlotStyle::SeriesColour(1)
          << "' title 'retransmission', \\\n";
    }
    if (anyLost)
    {
        b << "    " << sf << " using ($6==1 ? $1 : NaN):2:3:4 with vectors nohead lw 0.9 "
          << "lc rgb '" << PlotStyle::SeriesColour(0) << "' notitle, \\\n";
        b << "    " << sf << " using ($6==1 ? $1+$3 : NaN):($2+$4) with points pt 2 ps 0.9 "
          << "lw 1.5 lc rgb '" << PlotStyle::SeriesColour(0) << "' title 'lost', \\\n";
    }
    b << "    " << sf << " using 7:8:10:9 with labels rotate variable center font ',5' "
      << "notitle, \\\n";
    b << "    '" << stateData.name << "' using ($3==0 ? $1 : NaN):2:4 with labels right "
      << "font ',5.5' tc rgb '#333333' notitle, \\\n";
    b << "    '" << stateData.name << "' using ($3==1 ? $1 : NaN):2:4 with labels left "
      << "font ',5.5' tc rgb '#333333' notitle\n";
    fig.body = b.str();
    fig.data = {axes, segs, stateData};
    if (!axis.Breaks().empty())
    {
        fig.data.push_back(breaks);
    }
    return fig;
}

} // namespace plot
} // namespace synfin
