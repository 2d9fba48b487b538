/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-timeline.h"

#include "synfin-plot-error.h"
#include "synfin-plot-roles.h"
#include "synfin-plot-span.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

/// One socket of the run: its band in the figure.
struct Socket
{
    int64_t conn{0};                             //!< recorder-wide conn
    int64_t node{0};                             //!< node id
    std::string role;                            //!< client, server, listener
    std::string local;                           //!< local address:port
    std::vector<const StateInterval*> intervals; //!< what it held, in time order
};

/**
 * \return the states some socket holds for a while within \p span, in legend order,
 *         CLOSED left out: a closed socket is drawn as no band at all, and a state left
 *         the instant it is entered (the passive closer's CLOSE_WAIT when the application
 *         closes at once) draws nothing, so a key entry for it would name a colour the
 *         reader cannot find
 */
std::vector<std::string>
OccurringStates(const std::vector<StateInterval>& rows, const TimeSpan& span)
{
    std::set<std::string> present;
    for (const auto& r : rows)
    {
        if (r.state != "CLOSED" && r.leave > r.enter && r.leave > span.from && r.enter < span.to)
        {
            present.insert(r.state);
        }
    }
    std::vector<std::string> states;
    for (const auto& s : PlotStyle::StateOrder())
    {
        if (present.count(s) != 0)
        {
            states.push_back(s);
        }
    }
    // States outside RFC 9293's list still get drawn (in grey), after the known ones.
    for (const auto& s : present)
    {
        if (std::find(states.begin(), states.end(), s) == states.end())
        {
            states.push_back(s);
        }
    }
    return states;
}

/**
 * \return the key settings: three columns, sample before name (the widest key that fits a
 *         paper column), centred on the page rather than on the plot area, which long
 *         socket names push to the right, with a bottom margin that makes room for it and
 *         for \p extraLines lines above it (a key title)
 */
std::string
KeyBelow(std::size_t entries, std::size_t extraLines = 0)
{
    const std::size_t rows = (entries + 2) / 3 + extraLines;
    std::ostringstream k;
    k << "set key at screen 0.5, screen 0.01 center bottom horizontal maxcols 3 reverse Left "
         "samplen 1 width -1 font ',6'\n";
    k << "set bmargin " << rows + 3 << "\n";
    return k.str();
}

/**
 * \return the name of \p socket's band: its conn (what `synfin-plot ladder --conn` takes),
 *         its role and its node's address ("#2 client 10.1.1.1"); short, since a paper
 *         column leaves the tick labels about an inch
 */
std::string
BandName(const Socket& socket, const NodeNames& names)
{
    std::string address = names.Address(socket.node);
    if (address.empty())
    {
        // A node known only by a listener may still have a specific local address.
        const std::string local = AddressOf(socket.local);
        address = local == "0.0.0.0" ? "" : local;
    }
    return "#" + std::to_string(socket.conn) + " " + socket.role + " " +
           (address.empty() ? "on " + names.Label(socket.node) : address);
}

/**
 * \return the smallest step of 1, 2 or 5 times a power of ten (gnuplot's own choice of
 *         steps) whose tick labels, on a time axis \p span long and \p widthInches wide,
 *         keep clear of each other: a label of n characters of the 7 pt tick font takes
 *         about 0.06 n in, and 0.2 in between two keeps them apart
 */
double
TickStep(const TimeSpan& span, double widthInches)
{
    const double range = span.to - span.from;
    const auto intDigits = static_cast<double>(
        std::to_string(static_cast<long long>(std::max(1.0, std::floor(span.to)))).size());
    double power = std::pow(10.0, std::floor(std::log10(range / 50)));
    for (int decade = 0; decade < 6; ++decade, power *= 10)
    {
        for (const double m : {1.0, 2.0, 5.0})
        {
            const double step = m * power;
            const double decimals = step >= 1 ? 0 : std::ceil(-std::log10(step) - 1e-9);
            const double chars = intDigits + (decimals > 0 ? decimals + 1 : 0);
            if (widthInches * step / range >= 0.06 * chars + 0.2)
            {
                return step;
            }
        }
    }
    return range;
}

/// The band per socket figure.
Figure
Bands(const RunFolder& run,
      const std::vector<Socket>& sockets,
      const TimeSpan& span,
      const std::vector<std::string>& states)
{
    Figure fig;
    fig.name = "timeline";
    fig.summary = "state of each socket over time";
    fig.title = "Socket states (" + std::to_string(sockets.size()) + " sockets)";
    // Axis and a key of up to four rows, then a band per socket that stays legible.
    fig.heightInches = 1.6 + 0.17 * static_cast<double>(sockets.size());

    const NodeNames names(run);
    std::map<int64_t, std::size_t> band; // conn -> y
    DataFile data{"timeline-states.dat", "y enter_s leave_s state conn node role", {}};
    std::ostringstream ytics;
    std::size_t longest = 0;
    for (std::size_t y = 0; y < sockets.size(); ++y)
    {
        const Socket& s = sockets[y];
        band[s.conn] = y;
        for (const auto* i : s.intervals)
        {
            data.rows.push_back({std::to_string(y),
                                 Num(i->enter, 9),
                                 Num(i->leave, 9),
                                 i->state,
                                 std::to_string(s.conn),
                                 std::to_string(s.node),
                                 s.role});
        }
        const std::string name = BandName(s, names);
        longest = std::max(longest, name.size());
        ytics << (y ? ", " : "") << "\"" << name << "\" " << y;
    }

    // SYN and FIN transmissions (a retransmission is one more mark) and their losses, on
    // the sender's band: the handshake and the close at a glance.
    DataFile marks{"timeline-marks.dat", "time_s y kind", {}};
    std::set<std::string> kinds;
    for (const auto& seg : run.Segments())
    {
        if (!seg.conn || band.count(*seg.conn) == 0 || seg.event == "rx")
        {
            continue;
        }
        std::string kind;
        if (seg.event == "drop" && (seg.HasFlag("SYN") || seg.HasFlag("FIN")))
        {
            kind = "lost";
        }
        else if (seg.event == "tx" && seg.HasFlag("SYN"))
        {
            kind = "SYN";
        }
        else if (seg.event == "tx" && seg.HasFlag("FIN"))
        {
            kind = "FIN";
        }
        else
        {
            continue;
        }
        kinds.insert(kind);
        marks.rows.push_back({Num(seg.time, 9), std::to_string(band[*seg.conn]), kind});
    }

    std::ostringstream b;
    b << "set xlabel 'time (s)'\n";
    b << "set xrange [" << Num(span.from, 6) << ":" << Num(span.to, 6) << "]\n";
    // The band names take an inch or more of the column, and gnuplot, choosing its time
    // ticks before it knows that, would crowd what is left with tick labels that run into
    // each other. The margin it keeps for the names is about 0.09 in a character.
    const double plotWidth =
        std::max(0.8, PlotStyle::kColumnWidthInches - 0.09 * static_cast<double>(longest) - 0.3);
    b << "set xtics " << Num(TickStep(span, plotWidth), 9) << "\n";
    // First connection on top, as one reads.
    b << "set yrange [" << sockets.size() << "-0.5:-0.5]\n";
    b << "set ytics (" << ytics.str() << ") font ',6' scale 0\n";
    b << "set grid noytics\n";
    b << KeyBelow(states.size() + kinds.size());
    b << "set style fill solid 1.0 noborder\n";
    b << "plot \\\n";
    bool first = true;
    for (const auto& state : states)
    {
        b << (first ? "" : ", \\\n") << "    'timeline-states.dat' using "
          << "(strcol(4) eq '" << state << "' ? ($2+$3)/2 : NaN):1:(($3-$2)/2):(0.36) "
          << "with boxxyerror lc rgb '" << PlotStyle::StateColour(state) << "' title '" << state
          << "'";
        first = false;
    }
    // Open up-triangles for SYN, down-triangles for FIN, a cross for a loss: shapes that
    // read on every state colour and in greyscale.
    const std::pair<const char*, const char*> markStyles[] = {
        {"SYN", "pt 8 ps 0.55 lw 0.8 lc rgb 'black' title 'SYN sent'"},
        {"FIN", "pt 10 ps 0.55 lw 0.8 lc rgb 'black' title 'FIN sent'"},
        {"lost", "pt 2 ps 0.7 lw 1.2 lc rgb 'black' title 'SYN/FIN lost'"}};
    for (const auto& [kind, style] : markStyles)
    {
        if (kinds.count(kind) != 0)
        {
            b << (first ? "" : ", \\\n") << "    'timeline-marks.dat' using (strcol(3) eq '" << kind
              << "' ? $1 : NaN):2 with points " << style;
            first = false;
        }
    }
    b << "\n";
    fig.body = b.str();
    fig.data = {data, marks};
    return fig;
}

/// Changes of the counts less than this fraction of the time axis apart are drawn as one
/// step: about a pixel of a column-wide PNG preview. A state held for less than that
/// (a SYN_RCVD of a few milliseconds on an axis of minutes, a TIME_WAIT record entered
/// microseconds before another expires) would draw as a hairline spike, which a reader
/// takes for a drawing error rather than for data.
constexpr double kMergeFraction = 1.0 / 1000;

/// One change of a state's socket count.
struct CountChange
{
    double time{0};       //!< when (s)
    std::size_t state{0}; //!< index into the figure's states
    int delta{0};         //!< +1 entered, -1 left
};

/**
 * The aggregated figure: how many sockets hold each state at each instant, stacked.
 *
 * Drawn as steps: a count holds from one change to the next, and a ramp between two rows
 * (filledcurves) would invent sockets half-way between states. Every change at one
 * instant, and every change less than kMergeFraction of the axis after it, is applied
 * before the row of that instant is written, so that a socket passing through a state
 * (ESTABLISHED, CLOSE_WAIT, LAST_ACK at one time) or two sockets swapping states never
 * draw a zero-width spike: the data has one row per instant, the levels in it last at
 * least a pixel.
 */
Figure
Counts(const std::vector<Socket>& sockets,
       const TimeSpan& span,
       const std::vector<std::string>& states)
{
    Figure fig;
    fig.name = "timeline";
    fig.summary = "sockets in each state over time, stacked";
    fig.title = "States of " + std::to_string(sockets.size()) + " sockets";
    fig.heightInches = 3.1;

    std::vector<CountChange> changes;
    for (const auto& s : sockets)
    {
        for (const auto* i : s.intervals)
        {
            const auto k = std::find(states.begin(), states.end(), i->state);
            // A state that never lasts (not in the key) changes no count for any time.
            if (k == states.end() || i->leave <= i->enter)
            {
                continue;
            }
            const auto index = static_cast<std::size_t>(k - states.begin());
            changes.push_back({i->enter, index, +1});
            // The end of the run ends the recording, not the state: a count that fell to
            // zero there would read as every socket closing at once.
            if (i->causeExit != "end_of_run")
            {
                changes.push_back({i->leave, index, -1});
            }
        }
    }
    std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
        return a.time < b.time;
    });

    std::string header = "time_s";
    for (const auto& s : states)
    {
        header += " cum_" + s;
    }
    DataFile data{"timeline-counts.dat",
                  header + " (sockets from this time to the next row; cumulative: each "
                           "column adds its state's count to the one before)",
                  {}};
    std::vector<long> count(states.size(), 0);
    std::vector<long> written;
    auto row = [&](double t, bool always) {
        if (!always && count == written)
        {
            return; // changes that cancel out at one instant: no step to draw
        }
        std::vector<std::string> cells{Num(t, 9)};
        long sum = 0;
        for (long c : count)
        {
            sum += c;
            cells.push_back(std::to_string(sum));
        }
        data.rows.push_back(std::move(cells));
        written = count;
    };
    // What happened before the axis starts (a listener's LISTEN) is the starting level.
    std::size_t i = 0;
    for (; i < changes.size() && changes[i].time <= span.from; ++i)
    {
        count[changes[i].state] += changes[i].delta;
    }
    row(span.from, true);
    const double resolution = (span.to - span.from) * kMergeFraction;
    while (i < changes.size() && changes[i].time < span.to)
    {
        const double t = changes[i].time;
        for (; i < changes.size() && changes[i].time < span.to && changes[i].time - t < resolution;
             ++i)
        {
            count[changes[i].state] += changes[i].delta;
        }
        row(t, false);
    }
    // 'steps' holds a level until the next row: repeat the last one at the axis' end.
    row(span.to, true);

    std::ostringstream b;
    // Said on the figure itself, not only in the title (which papers drop): the height is
    // a count of sockets, the colours split it by state.
    b << "set xlabel 'time (s)'\n";
    b << "set ylabel 'sockets per state (stacked)'\n";
    b << "set xrange [" << Num(span.from, 6) << ":" << Num(span.to, 6) << "]\n";
    b << "set yrange [0:*]\n";
    long highest = 0;
    for (const auto& r : data.rows)
    {
        highest = std::max(highest, std::stol(r.back()));
    }
    if (highest <= 5)
    {
        // Whole sockets: gnuplot would tick a short axis in halves.
        b << "set ytics 1\n";
    }
    b << KeyBelow(states.size(), 1);
    b << "set key title " << GpString(std::to_string(sockets.size()) + " sockets in all") << "\n";
    b << "set style fill solid 1.0 noborder\n";
    b << "plot \\\n";
    // Each cumulative column filled down to zero, the top of the stack first: every later
    // (lower) layer covers the one before, so adjacent states share one exact edge.
    for (std::size_t k = states.size(); k-- > 0;)
    {
        b << (k + 1 < states.size() ? ", \\\n" : "")
          << "    'timeline-counts.dat' using 1:" << (k + 2) << " with fillsteps lc rgb '"
          << PlotStyle::StateColour(states[k]) << "' notitle";
    }
    // The key in RFC 9293's order, as in the band figure, whatever the drawing order.
    for (const auto& state : states)
    {
        b << ", \\\n    keyentry with boxes lc rgb '" << PlotStyle::StateColour(state)
          << "' title '" << state << "'";
    }
    b << "\n";
    fig.body = b.str();
    fig.data = {data};
    return fig;
}

} // namespace

Figure
MakeTimeline(const RunFolder& run, const TimelineOptions& options)
{
    const auto& rows = run.States();
    if (rows.empty())
    {
        throw PlotError(run.Dir() + "/states.csv: no rows, nothing to draw");
    }
    std::map<int64_t, Socket> byConn;
    for (const auto& r : rows)
    {
        Socket& s = byConn[r.conn];
        s.conn = r.conn;
        s.node = r.node;
        s.role = r.role;
        s.local = r.local;
        s.intervals.push_back(&r);
    }
    for (auto& [conn, s] : byConn)
    {
        std::sort(s.intervals.begin(), s.intervals.end(), [](const auto* a, const auto* b) {
            return a->enter < b->enter;
        });
    }

    // Both ends of each connection adjacent, client first, in connections.csv's order; then
    // whatever no connection claims (listeners, unpaired ends) in conn order.
    std::vector<Socket> ordered;
    std::set<int64_t> placed;
    for (const auto& c : run.Connections())
    {
        for (const auto& side : {c.connClient, c.connServer})
        {
            if (side && byConn.count(*side) != 0 && placed.insert(*side).second)
            {
                ordered.push_back(byConn[*side]);
            }
        }
    }
    for (const auto& [conn, s] : byConn)
    {
        if (placed.insert(conn).second)
        {
            ordered.push_back(s);
        }
    }

    const TimeSpan span = FigureSpan(run, options.fullRun);
    const auto states = OccurringStates(rows, span);
    if (ordered.size() > options.aggregateAbove)
    {
        return Counts(ordered, span, states);
    }
    return Bands(run, ordered, span, states);
}

} // namespace plot
} // namespace synfin
