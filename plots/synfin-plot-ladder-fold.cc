/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-ladder-fold.h"

#include "synfin-plot-figure.h"

#include <algorithm>
#include <optional>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

/// \return whether \p a may be folded: plain data or a plain ACK, delivered, sent once
bool
Foldable(const LadderArrow& a)
{
    const std::string& f = a.tx->flags;
    const bool plain = f == "ACK" || f == "PSH|ACK" || f == "ACK|PSH";
    return plain && !a.retx && !a.lost && a.end != nullptr;
}

/// What one direction carried inside a band.
struct DirectionTally
{
    std::size_t data{0};          //!< data segments
    std::size_t acks{0};          //!< plain ACKs
    std::size_t duplicates{0};    //!< of which duplicate ACKs
    std::optional<uint32_t> low;  //!< first relative sequence number
    std::optional<uint32_t> high; //!< relative sequence number after the last byte
};

} // namespace

std::string
Thousands(uint64_t value)
{
    std::string digits = std::to_string(value);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3)
    {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

std::vector<LadderBand>
FoldDataRuns(const LadderEvents& events, std::size_t minSegments)
{
    const auto& arrows = events.arrows;
    // State changes cut runs: a band never hides one.
    std::vector<double> changes;
    for (const auto* list : {&events.clientStates, &events.serverStates})
    {
        for (const auto& e : *list)
        {
            changes.push_back(e.time);
        }
    }
    std::sort(changes.begin(), changes.end());
    auto changeBetween = [&](double from, double to) {
        const auto it = std::upper_bound(changes.begin(), changes.end(), from);
        return it != changes.end() && *it <= to;
    };

    // Which arrows may fold, and which of them are duplicate ACKs (a plain ACK repeating
    // its side's last acknowledgement): a band counts those apart, as loss signals.
    std::vector<bool> foldable(arrows.size());
    std::vector<bool> duplicate(arrows.size());
    std::optional<uint32_t> lastAck[2];
    for (std::size_t i = 0; i < arrows.size(); ++i)
    {
        const LadderArrow& a = arrows[i];
        auto& last = lastAck[a.fromClient ? 0 : 1];
        duplicate[i] = a.tx->len == 0 && last && *last == a.tx->ack;
        foldable[i] = Foldable(a);
        if (a.tx->HasFlag("ACK"))
        {
            last = a.tx->ack;
        }
    }

    std::vector<LadderBand> bands;
    for (std::size_t i = 0; i < arrows.size();)
    {
        if (!foldable[i])
        {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < arrows.size() && foldable[j + 1] &&
               !changeBetween(arrows[j].tx->time, arrows[j + 1].tx->time))
        {
            ++j;
        }
        DirectionTally tally[2];
        double end = arrows[i].tx->time;
        for (std::size_t k = i; k <= j; ++k)
        {
            const LadderArrow& a = arrows[k];
            DirectionTally& t = tally[a.fromClient ? 0 : 1];
            end = std::max(end, a.end->time);
            if (a.tx->len == 0)
            {
                ++t.acks;
                t.duplicates += duplicate[k];
                continue;
            }
            ++t.data;
            const uint32_t isn = a.fromClient ? *events.isnClient : *events.isnServer;
            const uint32_t from = a.tx->seq - isn;
            const uint32_t to = from + a.tx->len;
            t.low = t.low ? std::min(*t.low, from) : from;
            t.high = t.high ? std::max(*t.high, to) : to;
        }
        // The band ends before the next drawn segment leaves and before a state change.
        const double lastTx = arrows[j].tx->time;
        if (j + 1 < arrows.size())
        {
            end = std::min(end, std::max(lastTx, arrows[j + 1].tx->time));
        }
        const auto change = std::upper_bound(changes.begin(), changes.end(), lastTx);
        if (change != changes.end())
        {
            end = std::min(end, std::max(lastTx, *change));
        }
        const double start = arrows[i].tx->time;
        if (j + 1 - i >= minSegments && end > start)
        {
            std::ostringstream label;
            const bool both = tally[0].data > 0 && tally[1].data > 0;
            std::size_t acks = 0;
            std::size_t duplicates = 0;
            for (int side = 0; side < 2; ++side)
            {
                const DirectionTally& t = tally[side];
                acks += t.acks;
                duplicates += t.duplicates;
                if (t.data == 0)
                {
                    continue;
                }
                if (label.tellp() > 0)
                {
                    label << "\\n";
                }
                label << (both ? (side == 0 ? "client: " : "server: ") : "") << t.data
                      << " data segment" << (t.data == 1 ? "" : "s") << ", " << Thousands(*t.low)
                      << "-" << Thousands(*t.high);
            }
            if (label.tellp() > 0)
            {
                label << "\\n";
            }
            if (acks > 0)
            {
                label << acks << " ACK" << (acks == 1 ? "" : "s");
                if (duplicates > 0)
                {
                    label << " (" << duplicates << " duplicate)";
                }
                label << ", ";
            }
            const double span = end - start;
            label << "over " << (span < 1 ? Num(span * 1000, 1) + " ms" : Num(span, 2) + " s");
            bands.push_back({i, j, start, end, label.str()});
        }
        i = j + 1;
    }
    return bands;
}

} // namespace plot
} // namespace synfin
