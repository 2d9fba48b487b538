/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_H
#define SYNFIN_PLOT_LADDER_H

#include "synfin-plot-figure.h"
#include "synfin-plot-ladder-events.h"
#include "synfin-plot-run.h"

#include <cstdint>
#include <optional>

namespace synfin
{
namespace plot
{

/// How much of a connection a ladder shows, and how.
struct LadderOptions
{
    LadderWindow window; //!< the part shown (all of it by default)
    bool compact{false}; //!< fold runs of data segments and their ACKs into bands
};

/**
 * \ingroup synfin
 * The ladder (sequence) diagram of one connection ("ladder-connN"): the client's time axis
 * on the left, the server's on the right, time running down; each segment an arrow from
 * its transmission to its arrival, labelled with flags and sequence and acknowledgement
 * numbers relative to each side's ISN (as Wireshark shows them) and the payload length;
 * lost segments stop half way at a cross, retransmissions are dashed; each side's states
 * are written beside its axis at their entry times.
 *
 * A long connection stays readable two ways: a window (LadderOptions::window) shows part
 * of it, by time or by the first or last N segments; the compact mode folds each run of
 * plain data segments and their ACKs into one labelled band (FoldDataRuns), leaving the
 * handshake, loss episodes and the close drawn segment by segment.
 *
 * \param conn the conn of either end (connections.csv conn_client or conn_server)
 * \throws PlotError if \p conn is in no row of connections.csv (the message lists the
 *         conns there are), the window holds no segment, or a file is missing or malformed
 */
Figure MakeLadder(const RunFolder& run, int64_t conn, const LadderOptions& options = {});

/// \return the conn a ladder shows when none is asked for: the client end of the first
///         connection in connections.csv, or nothing if there is none
std::optional<int64_t> DefaultLadderConn(const RunFolder& run);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_H */
