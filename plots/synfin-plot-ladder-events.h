/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_EVENTS_H
#define SYNFIN_PLOT_LADDER_EVENTS_H

#include "synfin-plot-run.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/// One transmitted segment of a connection and what became of it.
struct LadderArrow
{
    const SegmentEvent* tx{nullptr};  //!< the transmission
    const SegmentEvent* end{nullptr}; //!< its rx or drop, if recorded
    bool fromClient{true};            //!< direction
    bool retx{false};                 //!< a retransmission, as the recorder counts them
    bool lost{false};                 //!< dropped (or never seen arriving)
};

/// A state entered by one end, for the names beside its axis.
struct LadderStateEntry
{
    double time;       //!< entry time (s)
    std::string state; //!< TcpStateName spelling
};

/**
 * \ingroup synfin
 * Everything the ladder of one connection draws, read from the run folder: its segments
 * paired with their fates, both ends' ISNs and the states each end entered.
 */
struct LadderEvents
{
    const ConnectionRecord* connection{nullptr}; //!< the connections.csv row
    std::vector<LadderArrow> arrows;             //!< in transmission order
    std::optional<uint32_t> isnClient;           //!< client's ISN (or what stands for it)
    std::optional<uint32_t> isnServer;           //!< server's
    std::vector<LadderStateEntry> clientStates;  //!< client's state entries
    std::vector<LadderStateEntry> serverStates;  //!< server's
    double oneWay{0.02};                         //!< one-way delay, 10th percentile (s)
};

/**
 * \return the connections.csv row that \p conn (either end's) belongs to
 * \throws PlotError if there is none; the message lists the conns there are
 */
const ConnectionRecord& FindLadderConnection(const RunFolder& run, int64_t conn);

/**
 * Reads the connection's segments and states. Each transmission is paired with the first
 * later arrival or drop of the identical segment (a hash map of the unpaired ones, so a
 * bulk transfer of thousands of segments pairs in linear time). The retransmission flag
 * is segments.csv's retx column, the recorder's own (the definition its *_retx counts use);
 * in folders from before that column, the same rule computed here
 * (SynFinRetransmissionTracker: payload, SYN or FIN sent before).
 */
LadderEvents CollectLadderEvents(const RunFolder& run, const ConnectionRecord& connection);

/// Which part of a connection a ladder shows.
struct LadderWindow
{
    std::optional<double> from;       //!< first time shown, s since the connect call
    std::optional<double> to;         //!< last time shown, s since the connect call
    std::optional<std::size_t> first; //!< only the first N transmissions
    std::optional<std::size_t> last;  //!< only the last N transmissions
};

/**
 * Keeps the arrows sent inside \p window, and the state entries between the first and the
 * last of them (all of them when the window is empty).
 * \throws PlotError if the window holds no segment (the message gives the connection's
 *         time span and segment count)
 */
void ApplyLadderWindow(LadderEvents& events, const LadderWindow& window, double zero);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_EVENTS_H */
