/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_LADDER_FOLD_H
#define SYNFIN_PLOT_LADDER_FOLD_H

#include "synfin-plot-ladder-events.h"

#include <cstddef>
#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/// A run of plain data segments and their ACKs drawn as one labelled band.
struct LadderBand
{
    std::size_t first; //!< index of its first arrow in LadderEvents::arrows
    std::size_t last;  //!< index of its last arrow (inclusive)
    double start;      //!< its first transmission (s)
    double end;        //!< where the band ends (s): its last arrival, or sooner if the next
                       //!< drawn segment or a state change comes first
    std::string label; //!< "37 data segments, 1-53,601\n18 ACKs, over 9.81 s"
};

/**
 * \ingroup synfin
 * The compact ladder's folding: every maximal run of consecutive segments that are plain
 * data or plain ACKs, delivered and not retransmitted, with no state change of either end
 * among them, at least \p minSegments long, becomes one band, whose label
 * counts the data segments with their sequence range, the ACKs and among them the
 * duplicate ACKs. What a reader looks at a ladder for stays drawn segment by segment: the
 * handshake, each lost segment and each retransmission, the close.
 *
 * \return the bands, in time order
 */
std::vector<LadderBand> FoldDataRuns(const LadderEvents& events, std::size_t minSegments = 4);

/// \return \p value with thousands separated by commas ("53,601"), as the band labels
///         write sequence numbers
std::string Thousands(uint64_t value);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_LADDER_FOLD_H */
