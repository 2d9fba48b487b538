/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_SHARDS_H
#define SYNFIN_SWEEP_SHARDS_H

#include "synfin-sweep-report.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \brief Combine the folders of a sweep's shards (synfin-sweep --shard I/N) into \p out:
 *        sweep.ini, journal.txt, runs.csv, summary.csv, timing.csv and failures.csv, as one
 *        sweep on one machine writes them (byte for byte).
 *
 * \param out the folder for the whole sweep
 * \param shardDirs the shards' folders, each shard exactly once
 * \param force replace another sweep's results in \p out
 * \return the tables written
 * \throws SweepError, before writing anything, if a folder is not a shard, the shards are of
 *         different sweeps, a shard is missing or given twice, a shard holds a run that is not
 *         its own, or a run has no result in any shard (the message says which and how to
 *         finish it)
 */
SweepTables MergeShards(const std::string& out,
                        const std::vector<std::string>& shardDirs,
                        bool force);

/**
 * \ingroup synfin
 * A sweep to hand to a scheduler, split into shards.
 */
struct EmitSpec
{
    std::string program;           //!< synfin-sweep, as an absolute path
    std::vector<std::string> args; //!< the sweep's options, without --output, --jobs, --shard
    std::string output;            //!< the sweep's folder (absolute); shards go in OUT/shard-I
    uint32_t shards{1};            //!< how many shards
};

/// \return the folder of shard \p index of a sweep in \p output
std::string ShardDir(const std::string& output, uint32_t index);

/**
 * \return one shell command per shard, a line each, for GNU parallel (`parallel --jobs J <
 *         FILE`, or `--sshloginfile` across machines); comment lines say how to merge
 */
std::string EmitJobs(const EmitSpec& spec);

/**
 * \return a SLURM batch script: a job array with one task per shard (one folder and log
 *         each) whose first task submits the merge with --dependency=afterok on the array, so
 *         that `sbatch FILE` runs the whole sweep
 */
std::string EmitSlurm(const EmitSpec& spec);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_SHARDS_H */
