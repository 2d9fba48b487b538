/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

// Fixed plot-area geometry: label angles along the arrows are computed from it, so gnuplot
// must not choose the margins itself.
constexpr double kLeft = 0.18;       //!< left margin (screen fraction)
constexpr double kRight = 0.99;      //!< right margin
constexpr double kTop = 0.87;        //!< top margin, below the axis headers
constexpr double kBottom = 0.10;     //!< bottom margin, above the key
constexpr double kXMin = -0.56;      //!< room for the client's state names
constexpr double kXMax = 1.56;       //!< room for the server's
constexpr double kHeight = 4.6;      //!< figure height (in)
constexpr double kLineGapIn = 0.095; //!< a text line at the small font (in)

/// One transmitted segment of the connection and what became of it.
struct Arrow
{
    const SegmentEvent* tx{nullptr};  //!< the transmission
    const SegmentEvent* end{nullptr}; //!< its rx or drop, if recorded
    bool fromClient{true};            //!< direction
    bool retx{false};                 //!< same payload or SYN/FIN sent before
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
        const bool occupies = tx.len > 0 || tx.HasFlag("SYN") || tx.HasFlag("FIN");
        for (const auto& earlier : arrows)
        {
            a.retx = a.retx ||
                     (occupies && earlier.fromClient == a.fromClient && earlier.tx->seq == tx.seq &&
                      earlier.tx->flags == tx.flags && earlier.tx->len == tx.len);
        }
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

    // Inches per data unit, for label angles and offsets along the arrows.
    const double plotW = PlotStyle::kColumnWidthInches * (kRight - kLeft);
    const double plotH = kHeight * (kTop - kBottom);
    const double inPerX = plotW / (kXMax - kXMin);
    const double inPerY = plotH / (yMax - yMin);

    const std::string name = "ladder-conn" + std::to_string(conn);
    DataFile segs{name + "-segments.dat",
                  "x0 y0 dx dy retx lost label_x label_y angle label time_s flags seq ack len",
                  {}};
    std::vector<std::pair<double, double>> drawn[2]; // per direction: (y0, y1) so far
    for (const auto& a : arrows)
    {
        const SegmentEvent& tx = *a.tx;
        const double x0 = a.fromClient ? 0.0 : 1.0;
        double y0 = axis.Y(tx.time);
        double x1 = a.fromClient ? 1.0 : 0.0;
        double y1 = a.end ? axis.Y(a.end->time) : y0 + oneWay * 1000;
        if (a.lost)
        {
            // Stop half way across: the segment never reached the other axis.
            x1 = 0.5;
            y1 = y0 + oneWay * 1000 / 2;
        }
        // Along the arrow on paper; text must read left to right.
        const double dxIn = (x1 - x0) * inPerX;
        const double dyIn = -(y1 - y0) * inPerY;
        double angle = std::atan2(dyIn, dxIn) * 180.0 / M_PI;
        if (angle > 90)
        {
            angle -= 180;
        }
        else if (angle < -90)
        {
            angle += 180;
        }
        // Arrows that (nearly) coincide with an earlier one of the same direction, e.g. an
        // ACK and a data segment sent together, put their labels below the line instead.
        int overlaps = 0;
        int coincident = 0;
        auto& same = drawn[a.fromClient ? 0 : 1];
        for (const auto& [py0, py1] : same)
        {
            if (std::abs(py0 - y0) * inPerY < 0.02 && std::abs(py1 - y1) * inPerY < 0.02)
            {
                ++coincident;
            }
            if (std::abs(py0 - y0) * inPerY < 2 * kLineGapIn &&
                std::abs(py1 - y1) * inPerY < 2 * kLineGapIn)
            {
                ++overlaps;
            }
        }
        same.emplace_back(y0, y1);
        // Segments sent in the same instant (an ACK and data, data and FIN) would be drawn
        // as one arrow: nudge each further one down by a line's width so all are seen. The
        // time columns keep the true times.
        y0 += coincident * 0.045 / inPerY;
        y1 += coincident * 0.045 / inPerY;
        const double offsetIn = 0.085 - overlaps * 0.17;
        const double rad = angle * M_PI / 180.0;
        // Half way along, on two short lines rather than one long one: a long label
        // reaches the tip of the arrow, where the next arrow's label starts. A label pushed
        // below a parallel neighbour moves toward its sender, away from the tip where the
        // reply's label sits.
        const double along = overlaps > 0 && !a.lost ? 0.3 : 0.5;
        const double lx = x0 + (x1 - x0) * along - std::sin(rad) * offsetIn / inPerX;
        const double ly = y0 + (y1 - y0) * along - std::cos(rad) * offsetIn / inPerY;

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
        segs.rows.push_back({Num(x0, 3),
                             Num(y0, 6),
                             Num(x1 - x0, 3),
                             Num(y1 - y0, 6),
                             a.retx ? "1" : "0",
                             a.lost ? "1" : "0",
                             Num(lx, 4),
                             Num(ly, 6),
                             Num(angle, 2),
                             Quoted(label.str()),
                             Num(tx.time, 9),
                             tx.flags,
                             std::to_string(tx.seq),
                             std::to_string(tx.ack),
                             std::to_string(tx.len)});
    }

    // State names at their entry times, spread so none overlaps the next.
    const double gap = kLineGapIn / inPerY;
    DataFile stateData{name + "-states.dat",
                       "x y align state time_s (align 0: text ends at x, 1: starts at x)",
                       {}};
    for (const auto& [x, align, list] :
         {std::make_tuple(-0.035, 0, &clientEntries), std::make_tuple(1.035, 1, &serverEntries)})
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
    fig.heightInches = kHeight;
    std::ostringstream b;
    auto side = [](const std::optional<int64_t>& c) {
        return c ? std::to_string(*c) : std::string("-");
    };
    b << "set title "
      << GpString("Connection " + side(rec->connClient) + " (client) / " + side(rec->connServer) +
                  " (server)")
      << " offset 0,0.6\n";
    b << "set lmargin at screen " << kLeft << "\nset rmargin at screen " << kRight
      << "\nset tmargin at screen " << kTop << "\nset bmargin at screen " << kBottom << "\n";
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
