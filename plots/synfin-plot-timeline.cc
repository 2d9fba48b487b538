/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-timeline.h"

#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
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
    std::vector<const StateInterval*> intervals; //!< what it held, in time order
};

/// \return the states of \p present in legend order, CLOSED left out: a closed socket
///         is drawn as no band at all
std::vector<std::string>
LegendStates(const std::set<std::string>& present)
{
    std::vector<std::string> states;
    for (const auto& s : PlotStyle::StateOrder())
    {
        if (s != "CLOSED" && present.count(s) != 0)
        {
            states.push_back(s);
        }
    }
    // States outside RFC 9293's list still get drawn (in grey), after the known ones.
    for (const auto& s : present)
    {
        if (s != "CLOSED" && std::find(states.begin(), states.end(), s) == states.end())
        {
            states.push_back(s);
        }
    }
    return states;
}

/**
 * \return the key settings: three columns, sample before name (the widest key that fits a
 *         paper column), centred on the page rather than on the plot area, which long
 *         socket names push to the right, with a bottom margin that makes room for it
 */
std::string
KeyBelow(std::size_t entries)
{
    const std::size_t rows = (entries + 2) / 3;
    std::ostringstream k;
    k << "set key at screen 0.5, screen 0.01 center bottom horizontal maxcols 3 reverse Left "
         "samplen 1 width -1 font ',6'\n";
    k << "set bmargin " << rows + 3 << "\n";
    return k.str();
}

/// The band per socket figure.
Figure
Bands(const RunFolder& run,
      const std::vector<Socket>& sockets,
      double t0,
      double t1,
      const std::set<std::string>& present)
{
    Figure fig;
    fig.name = "timeline";
    fig.summary = "state of each socket over time";
    // Room for title, axis and key, then a band per socket that stays legible.
    // Title, axis and a key of up to four rows, then a band per socket that stays legible.
    fig.heightInches = 1.6 + 0.17 * static_cast<double>(sockets.size());

    std::map<int64_t, std::size_t> band; // conn -> y
    DataFile states{"timeline-states.dat", "y enter_s leave_s state conn node role", {}};
    std::ostringstream ytics;
    for (std::size_t y = 0; y < sockets.size(); ++y)
    {
        const Socket& s = sockets[y];
        band[s.conn] = y;
        for (const auto* i : s.intervals)
        {
            states.rows.push_back({std::to_string(y),
                                   Num(i->enter, 9),
                                   Num(i->leave, 9),
                                   i->state,
                                   std::to_string(s.conn),
                                   std::to_string(s.node),
                                   s.role});
        }
        ytics << (y ? ", " : "") << "\"" << s.conn << " " << s.role << " n" << s.node << "\" " << y;
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

    const double pad = (t1 - t0) * 0.02;
    std::ostringstream b;
    b << "set title " << GpString("Socket states (" + std::to_string(sockets.size()) + " sockets)")
      << "\n";
    b << "set xlabel 'time (s)'\n";
    b << "set xrange [" << Num(t0 - pad, 6) << ":" << Num(t1 + pad, 6) << "]\n";
    // First connection on top, as one reads.
    b << "set yrange [" << sockets.size() << "-0.5:-0.5]\n";
    b << "set ytics (" << ytics.str() << ") font ',6' scale 0\n";
    b << "set grid noytics\n";
    b << KeyBelow(LegendStates(present).size() + kinds.size());
    b << "set style fill solid 1.0 noborder\n";
    b << "plot \\\n";
    bool first = true;
    for (const auto& state : LegendStates(present))
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
            b << ", \\\n    'timeline-marks.dat' using (strcol(3) eq '" << kind
              << "' ? $1 : NaN):2 with points " << style;
        }
    }
    b << "\n";
    fig.body = b.str();
    fig.data = {states, marks};
    return fig;
}

/// The aggregated figure: stacked areas of the socket count per state.
Figure
Counts(const std::vector<Socket>& sockets,
       double t0,
       double t1,
       const std::set<std::string>& present,
       std::size_t threshold)
{
    Figure fig;
    fig.name = "timeline";
    fig.summary = "sockets per state over time (aggregated)";
    fig.heightInches = 2.9;
    const auto states = LegendStates(present);

    // Every instant a count changes; between two of them the counts are constant.
    std::vector<std::pair<double, std::pair<std::size_t, int>>> changes;
    for (const auto& s : sockets)
    {
        for (const auto* i : s.intervals)
        {
            auto k = std::find(states.begin(), states.end(), i->state);
            if (k == states.end())
            {
                continue;
            }
            const auto index = static_cast<std::size_t>(k - states.begin());
            changes.push_back({i->enter, {index, +1}});
            changes.push_back({i->leave, {index, -1}});
        }
    }
    // At one instant apply leaves before enters, so a transition never counts twice.
    std::sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) {
        return a.first < b.first || (a.first == b.first && a.second.second < b.second.second);
    });

    std::string header = "time_s zero";
    for (const auto& s : states)
    {
        header += " cum_" + s;
    }
    DataFile data{"timeline-counts.dat",
                  header + " (cumulative counts, stacked in this order)",
                  {}};
    std::vector<long> count(states.size(), 0);
    auto row = [&](double t) {
        std::vector<std::string> cells{Num(t, 9), "0"};
        long sum = 0;
        for (long c : count)
        {
            sum += c;
            cells.push_back(std::to_string(sum));
        }
        data.rows.push_back(std::move(cells));
    };
    // What happened before the axis starts (a listener's LISTEN) is the starting level.
    std::size_t i = 0;
    for (; i < changes.size() && changes[i].first <= t0; ++i)
    {
        count[changes[i].second.first] += changes[i].second.second;
    }
    row(t0);
    while (i < changes.size() && changes[i].first < t1)
    {
        const double t = changes[i].first;
        // Two rows per instant, before and after, draw the steps as vertical edges.
        row(t);
        while (i < changes.size() && changes[i].first == t)
        {
            count[changes[i].second.first] += changes[i].second.second;
            ++i;
        }
        row(t);
    }
    row(t1);

    std::ostringstream b;
    // The title says the figure is aggregated: a reader expecting bands must not guess.
    b << "set title "
      << GpString("States of " + std::to_string(sockets.size()) + " sockets (aggregated: > " +
                  std::to_string(threshold) + ")")
      << "\n";
    b << "set xlabel 'time (s)'\n";
    b << "set ylabel 'sockets'\n";
    b << "set xrange [" << Num(t0, 6) << ":" << Num(t1, 6) << "]\n";
    b << "set yrange [0:*]\n";
    b << KeyBelow(states.size());
    b << "set style fill solid 1.0 noborder\n";
    b << "plot \\\n";
    for (std::size_t k = 0; k < states.size(); ++k)
    {
        b << (k ? ", \\\n" : "") << "    'timeline-counts.dat' using 1:" << (k + 2) << ":"
          << (k + 3) << " with filledcurves lc rgb '" << PlotStyle::StateColour(states[k])
          << "' title '" << states[k] << "'";
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
    std::set<std::string> present;
    double t0 = 0;
    double t1 = 0;
    bool haveRange = false;
    for (const auto& r : rows)
    {
        Socket& s = byConn[r.conn];
        s.conn = r.conn;
        s.node = r.node;
        s.role = r.role;
        s.intervals.push_back(&r);
        present.insert(r.state);
        // A listener's LISTEN spans the whole run from time 0; the connections are what the
        // axis should frame.
        if (r.state != "LISTEN" && r.state != "CLOSED")
        {
            t0 = haveRange ? std::min(t0, r.enter) : r.enter;
            t1 = haveRange ? std::max(t1, r.leave) : r.leave;
            haveRange = true;
        }
    }
    if (!haveRange)
    {
        for (const auto& r : rows)
        {
            t0 = haveRange ? std::min(t0, r.enter) : r.enter;
            t1 = haveRange ? std::max(t1, r.leave) : r.leave;
            haveRange = true;
        }
    }
    if (t1 <= t0)
    {
        t1 = t0 + 1.0;
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

    if (ordered.size() > options.aggregateAbove)
    {
        return Counts(ordered, t0, t1, present, options.aggregateAbove);
    }
    return Bands(run, ordered, t0, t1, present);
}

} // namespace plot
} // namespace synfin
