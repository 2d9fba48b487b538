/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder-events.h"

#include "synfin-plot-error.h"
#include "synfin-plot-figure.h"
#include "synfin-retransmission-tracker.h"

#include <algorithm>
#include <deque>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>

namespace synfin
{
namespace plot
{

namespace
{

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

/// What makes two records the same segment: direction, numbers, length and flags.
struct SegmentKey
{
    bool fromClient;   //!< direction
    uint32_t seq;      //!< sequence number
    uint32_t ack;      //!< acknowledgement number
    uint32_t len;      //!< payload bytes
    std::string flags; //!< flag names

    /// \return whether both describe the same segment
    bool operator==(const SegmentKey& o) const
    {
        return std::tie(fromClient, seq, ack, len, flags) ==
               std::tie(o.fromClient, o.seq, o.ack, o.len, o.flags);
    }
};

/// Hashes a SegmentKey (the numbers carry nearly all of the entropy).
struct SegmentKeyHash
{
    /// \return the hash of \p k
    std::size_t operator()(const SegmentKey& k) const
    {
        uint64_t h = (static_cast<uint64_t>(k.seq) << 32) ^ k.ack;
        h ^= (static_cast<uint64_t>(k.len) << 1) ^ (k.fromClient ? 0x9e3779b97f4a7c15ULL : 0);
        return std::hash<uint64_t>()(h) ^ std::hash<std::string>()(k.flags);
    }
};

/// \return the entries of one socket's states; its final CLOSED is the end of its last
///         row (unless recording just stopped)
std::vector<LadderStateEntry>
Entries(const std::vector<const StateInterval*>& states)
{
    std::vector<LadderStateEntry> out;
    for (const auto* s : states)
    {
        out.push_back({s->enter, s->state});
    }
    if (!states.empty())
    {
        const auto* final = *std::max_element(states.begin(), states.end(), [](auto* a, auto* b) {
            return a->leave < b->leave;
        });
        if (final->causeExit != "end_of_run")
        {
            out.push_back({final->leave, "CLOSED"});
        }
    }
    return out;
}

} // namespace

const ConnectionRecord&
FindLadderConnection(const RunFolder& run, int64_t conn)
{
    for (const auto& c : run.Connections())
    {
        if (c.connClient == conn || c.connServer == conn)
        {
            return c;
        }
    }
    throw PlotError("--conn " + std::to_string(conn) + ": no such connection in " + run.Dir() +
                    "/connections.csv (conns there: " + ConnRanges(run.Connections()) + ")");
}

LadderEvents
CollectLadderEvents(const RunFolder& run, const ConnectionRecord& rec)
{
    LadderEvents out;
    out.connection = &rec;

    // The connection's events: its 4-tuple, owned by one of its two conns where the
    // recorder says who owns it (the same 4-tuple may be reused by a later connection).
    auto owned = [&](const SegmentEvent& s, bool fromClient) {
        const bool senderSide = s.event != "rx";
        const auto& expected = (fromClient == senderSide) ? rec.connClient : rec.connServer;
        return !s.conn || !expected || *s.conn == *expected;
    };

    // Pair every transmission with the first later arrival or loss of the same segment:
    // the unpaired transmissions of each distinct segment wait in a queue, oldest first.
    std::unordered_map<SegmentKey, std::deque<std::size_t>, SegmentKeyHash> waiting;
    std::vector<double> delays;
    // What each end has sent so far, for folders from before segments.csv's retx column.
    ns3::SynFinRetransmissionTracker sentByClient;
    ns3::SynFinRetransmissionTracker sentByServer;
    for (const auto& s : run.Segments())
    {
        const bool c2s = s.from == rec.client && s.to == rec.server;
        const bool s2c = s.from == rec.server && s.to == rec.client;
        if (!(c2s || s2c) || !owned(s, c2s))
        {
            continue;
        }
        SegmentKey key{c2s, s.seq, s.ack, s.len, s.flags};
        if (s.event == "tx")
        {
            LadderArrow a;
            a.tx = &s;
            a.fromClient = c2s;
            auto& isn = c2s ? out.isnClient : out.isnServer;
            if (!isn && s.HasFlag("SYN"))
            {
                isn = s.seq;
            }
            // The recorder's flag; in folders from before it, the same rule here: a
            // retransmission repeats sequence space (payload, SYN or FIN already sent).
            auto& sent = c2s ? sentByClient : sentByServer;
            a.retx =
                s.retx
                    ? *s.retx
                    : sent.Send(s.seq, s.len, s.HasFlag("SYN"), s.HasFlag("ACK"), s.HasFlag("FIN"))
                          .Any();
            a.lost = true; // until its arrival is found
            waiting[std::move(key)].push_back(out.arrows.size());
            out.arrows.push_back(a);
            continue;
        }
        const auto it = waiting.find(key);
        if (it == waiting.end() || it->second.empty())
        {
            continue; // an arrival whose transmission was not recorded
        }
        LadderArrow& a = out.arrows[it->second.front()];
        it->second.pop_front();
        a.end = &s;
        a.lost = s.event == "drop";
        if (!a.lost)
        {
            delays.push_back(s.time - a.tx->time);
        }
    }
    // Without a SYN in the record, number from the first segment, as Wireshark does.
    for (const auto& a : out.arrows)
    {
        auto& isn = a.fromClient ? out.isnClient : out.isnServer;
        if (!isn)
        {
            isn = a.tx->seq - (a.tx->HasFlag("SYN") ? 0 : 1);
        }
    }
    if (!delays.empty())
    {
        // A low percentile, not the median: in a bulk transfer most segments wait in a
        // queue, and the ladder's scale should follow the path's own delay.
        const std::size_t k = delays.size() / 10;
        std::nth_element(delays.begin(), delays.begin() + k, delays.end());
        out.oneWay = delays[k];
    }

    std::vector<const StateInterval*> clientStates;
    std::vector<const StateInterval*> serverStates;
    for (const auto& s : run.States())
    {
        if (rec.connClient && s.conn == *rec.connClient)
        {
            clientStates.push_back(&s);
        }
        if (rec.connServer && s.conn == *rec.connServer)
        {
            serverStates.push_back(&s);
        }
    }
    out.clientStates = Entries(clientStates);
    out.serverStates = Entries(serverStates);
    return out;
}

void
ApplyLadderWindow(LadderEvents& events, const LadderWindow& window, double zero)
{
    if (!window.from && !window.to && !window.first && !window.last)
    {
        return;
    }
    const std::size_t total = events.arrows.size();
    std::vector<LadderArrow> kept;
    for (std::size_t i = 0; i < total; ++i)
    {
        const LadderArrow& a = events.arrows[i];
        const double t = a.tx->time - zero;
        // A little slack: times typed from the axis's milliseconds are rounded.
        const bool inTime =
            (!window.from || t >= *window.from - 1e-9) && (!window.to || t <= *window.to + 1e-9);
        const bool inCount =
            (!window.first || i < *window.first) && (!window.last || i + *window.last >= total);
        if (inTime && inCount)
        {
            kept.push_back(a);
        }
    }
    if (kept.empty())
    {
        std::ostringstream msg;
        msg << "the window holds no segment of connection "
            << (events.connection->connClient ? *events.connection->connClient
                                              : *events.connection->connServer)
            << ": it has " << total << " transmissions";
        if (total > 0)
        {
            msg << ", sent from " << Num((events.arrows.front().tx->time - zero) * 1000, 3)
                << " ms to " << Num((events.arrows.back().tx->time - zero) * 1000, 3)
                << " ms after the connect call";
        }
        throw PlotError(msg.str());
    }
    double from = kept.front().tx->time;
    double to = from;
    for (const auto& a : kept)
    {
        to = std::max(to, a.end ? a.end->time : a.tx->time);
    }
    for (auto* list : {&events.clientStates, &events.serverStates})
    {
        list->erase(
            std::remove_if(list->begin(),
                           list->end(),
                           [&](const LadderStateEntry& e) { return e.time < from || e.time > to; }),
            list->end());
    }
    events.arrows = std::move(kept);
}

} // namespace plot
} // namespace synfin
