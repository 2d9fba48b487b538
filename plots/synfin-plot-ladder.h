/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_H
#define SYNFIN_PLOT_LADDER_H

#include "synfin-plot-figure.h"
#include "synfin-plot-run.h"

#include <cstdint>
#include <optional>

namespace synfin
{
namespace plot
{

/**
 * \ingroup synfin
 * The ladder (sequence) diagram of one connection ("ladder-connN"): the client's time axis
 * on the left, the server's on the right, time running down; each segment an arrow from
 * its transmission to its arrival, labelled with flags and sequence and acknowledgement
 * numbers relative to each side's ISN (as Wireshark shows them) and the payload length;
 * lost segments stop half way at a cross, retransmissions are dashed; each side's states
 * are written beside its axis at their entry times.
 *
 * \param conn the conn of either end (connections.csv conn_client or conn_server)
 * \throws PlotError if \p conn is in no row of connections.csv (the message lists the
 *         conns there are), or a file is missing or malformed
 */
Figure MakeLadder(const RunFolder& run, int64_t conn);

/// \return the conn a ladder shows when none is asked for: the client end of the first
///         connection in connections.csv, or nothing if there is none
std::optional<int64_t> DefaultLadderConn(const RunFolder& run);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_H */
