/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_SPAN_H
#define SYNFIN_PLOT_SPAN_H

#include "synfin-plot-run.h"

namespace synfin
{
namespace plot
{

/// A stretch of simulated time, in seconds: [from, to].
struct TimeSpan
{
    double from{0}; //!< start (s)
    double to{0};   //!< end (s)
};

/**
 * \ingroup synfin
 * \return the stretch of \p run in which something happens, unpadded: from the first
 *         activity (the first connect call, the first state entered other than LISTEN
 *         and CLOSED, the first segment) to the last (the last state change, TIME_WAIT
 *         leaving included, the last segment, the last change of a TIME_WAIT count).
 *
 * What a run does before its first connection and after its last change is waiting: a
 * listener's LISTEN from time 0, the state every socket still holds when the run stops.
 * So neither the entry into LISTEN, nor the end of a LISTEN, nor a state ended only by the
 * end of the run counts. Reads whichever of states.csv, connections.csv, segments.csv and
 * timewait.csv the folder has, so that every figure of a run gets the same span whatever
 * files it needs itself; without any activity it is FullRunSpan().
 *
 * \throws PlotError if one of those files is present but malformed
 */
TimeSpan ActivitySpan(const RunFolder& run);

/**
 * \ingroup synfin
 * \return 0 to the end of \p run: meta.json's stop time, or the last time any record of
 *         the folder names, whichever is later (so that no record falls off the axis),
 *         never an empty span
 * \throws PlotError if one of the run's files is present but malformed
 */
TimeSpan FullRunSpan(const RunFolder& run);

/**
 * \ingroup synfin
 * \return the time axis of every figure of \p run that has one: FullRunSpan() if
 *         \p fullRun, else ActivitySpan() widened by 2 % on either side (not before 0 nor
 *         past the end of the run), so that what happens at its ends is not drawn on the
 *         axes' border.
 *
 * The one place that decides it: the timeline and the TIME_WAIT figure of a run must
 * share their time axis to be read side by side.
 */
TimeSpan FigureSpan(const RunFolder& run, bool fullRun);

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_SPAN_H */
