/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_REPORT_H
#define SYNFIN_SWEEP_REPORT_H

#include "synfin-sweep-grid.h"
#include "synfin-sweep-store.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * A sweep's result files, as text.
 */
struct SweepTables
{
    std::string runs;         //!< runs.csv: a row per successful run
    std::string summary;      //!< summary.csv: a row per point
    std::string timing;       //!< timing.csv: wall-clock time of every run
    std::string failures;     //!< failures.csv: a row per failed run
    std::size_t succeeded{0}; //!< successful runs
    std::size_t failed{0};    //!< failed runs
};

/**
 * \brief The result files of a sweep, from its committed runs.
 *
 * Rows are in point order, then run order, whatever order the runs finished in: the same
 * sweep gives byte-identical runs.csv and summary.csv with any --jobs. Wall-clock times go to
 * timing.csv only, for the same reason.
 *
 * - runs.csv: point, one column per varied option, run, then every metric (MetricNames).
 * - summary.csv: point, the varied options, runs (successful), failed, then per metric
 *   NAME_n, NAME_mean, NAME_sd, NAME_ci95_low, NAME_ci95_high (Student t over the runs that
 *   have the metric; empty when none has it).
 * - timing.csv: point, run, attempts, wall_s.
 * - failures.csv: point, the varied options, run, attempts, failure, command.
 *
 * \param columns the varied options
 * \param points the sweep's points
 * \param runs replications per point
 * \param records the committed runs, by (point, run)
 * \return the tables
 */
SweepTables MakeTables(const std::vector<std::string>& columns,
                       const std::vector<Point>& points,
                       uint32_t runs,
                       const std::map<std::pair<std::size_t, uint32_t>, RunRecord>& records);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_REPORT_H */
