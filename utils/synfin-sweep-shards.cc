/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-shards.h"

#include "synfin-sweep-error.h"
#include "synfin-sweep-plan.h"
#include "synfin-sweep-runner.h"
#include "synfin-sweep-store.h"

#include <filesystem>
#include <map>
#include <sstream>

namespace fs = std::filesystem;

namespace synfin
{
namespace sweep
{

namespace
{

/// \return "point P run R"
std::string
RunName(std::size_t point, uint32_t run)
{
    return "point " + std::to_string(point) + " run " + std::to_string(run);
}

/// \return the shard command of shard \p index
std::string
ShardCommand(const EmitSpec& spec, const std::string& index)
{
    std::vector<std::string> argv{spec.program};
    argv.insert(argv.end(), spec.args.begin(), spec.args.end());
    argv.push_back("--jobs=1");
    std::string command = SweepRunner::ShellCommand(argv);
    // The index may be a shell variable: left outside the quotes.
    command += " --shard=" + index + "/" + std::to_string(spec.shards) +
               " --output=" + SweepRunner::ShellCommand({spec.output}) + "/shard-" + index;
    return command;
}

/// \return the merge command
std::string
MergeCommand(const EmitSpec& spec)
{
    return SweepRunner::ShellCommand({spec.program, "merge", spec.output}) + " " +
           SweepRunner::ShellCommand({spec.output}) + "/shard-*";
}

} // namespace

std::string
ShardDir(const std::string& output, uint32_t index)
{
    return (fs::path(output) / ("shard-" + std::to_string(index))).string();
}

SweepTables
MergeShards(const std::string& out, const std::vector<std::string>& shardDirs, bool force)
{
    if (shardDirs.empty())
    {
        throw SweepError("merge: no shard folders given (usage: synfin-sweep merge OUT "
                         "SHARD_DIR...)");
    }
    std::optional<Plan> base;
    std::string baseDir;
    std::map<uint32_t, std::string> seen; // shard index -> its folder
    std::map<std::pair<std::size_t, uint32_t>, RunRecord> records;
    for (const std::string& dir : shardDirs)
    {
        const std::string where = (fs::path(dir) / "sweep.ini").string();
        const Plan plan = ParseDefinition(SweepStore::ReadDefinition(dir), where);
        if (!plan.shard)
        {
            throw SweepError("merge: " + dir +
                             " is not a shard (its sweep.ini has no shard = "
                             "line); merge combines the folders of --shard runs");
        }
        if (!base)
        {
            base = plan;
            baseDir = dir;
        }
        else if (plan.BaseDefinition() != base->BaseDefinition() ||
                 plan.shard->count != base->shard->count)
        {
            throw SweepError("merge: " + dir + " and " + baseDir +
                             " are shards of different sweeps (compare their sweep.ini)");
        }
        auto [at, fresh] = seen.emplace(plan.shard->index, dir);
        if (!fresh)
        {
            throw SweepError("merge: shard " + std::to_string(plan.shard->index) + "/" +
                             std::to_string(plan.shard->count) + " is given twice: " + at->second +
                             " and " + dir);
        }
        std::size_t dropped = 0;
        for (const auto& [key, record] : SweepStore::ReadRecords(dir, dropped))
        {
            if (key.first >= plan.points.size() || key.second < 1 || key.second > plan.runs ||
                !plan.Owns(key.first, key.second))
            {
                throw SweepError("merge: " + dir + " holds " + RunName(key.first, key.second) +
                                 ", which is not shard " + std::to_string(plan.shard->index) + "/" +
                                 std::to_string(plan.shard->count) + "'s");
            }
            records[key] = record;
        }
    }
    const uint32_t count = base->shard->count;
    for (uint32_t i = 1; i <= count; ++i)
    {
        if (!seen.count(i))
        {
            throw SweepError("merge: shard " + std::to_string(i) + "/" + std::to_string(count) +
                             " is missing (no folder given holds it)");
        }
    }
    std::size_t missing = 0;
    std::string first;
    for (std::size_t p = 0; p < base->points.size(); ++p)
    {
        for (uint32_t r = 1; r <= base->runs; ++r)
        {
            if (!records.count({p, r}))
            {
                if (missing++ == 0)
                {
                    const uint64_t k = static_cast<uint64_t>(p) * base->runs + (r - 1);
                    first = RunName(p, r) + " (shard " + std::to_string(k % count + 1) + "/" +
                            std::to_string(count) + ")";
                }
            }
        }
    }
    if (missing > 0)
    {
        throw SweepError("merge: " + std::to_string(missing) + " runs have no result, e.g. " +
                         first +
                         "; run that shard's command again (it resumes) and merge once more");
    }

    // The merged folder is the whole sweep's: its definition without a shard.
    const std::string definition = base->BaseDefinition();
    const fs::path journal = fs::path(out) / "journal.txt";
    if (fs::exists(fs::path(out) / "sweep.ini") && SweepStore::ReadDefinition(out) == definition)
    {
        std::error_code ec;
        fs::remove(journal, ec); // merged again: replaced, not appended to
    }
    SweepStore store(out, definition, force);
    std::vector<RunRecord> all;
    for (const auto& [key, record] : records)
    {
        all.push_back(record);
    }
    store.CommitAll(all);
    SweepTables tables = MakeTables(base->columns, base->points, base->runs, store.Records());
    store.WriteFile("runs.csv", tables.runs);
    store.WriteFile("summary.csv", tables.summary);
    store.WriteFile("timing.csv", tables.timing);
    store.WriteFile("failures.csv", tables.failures);
    return tables;
}

std::string
EmitJobs(const EmitSpec& spec)
{
    std::ostringstream out;
    out << "# synfin-sweep in " << spec.shards << " shards, one command a line:\n"
        << "#   parallel --jobs J < THIS_FILE   (or --sshloginfile FILE across machines)\n"
        << "# then: " << MergeCommand(spec) << "\n";
    for (uint32_t i = 1; i <= spec.shards; ++i)
    {
        out << ShardCommand(spec, std::to_string(i)) << "\n";
    }
    return out.str();
}

std::string
EmitSlurm(const EmitSpec& spec)
{
    const std::string logs = SweepRunner::ShellCommand({spec.output + "/logs"});
    std::ostringstream out;
    out << "#!/bin/sh\n"
        << "#SBATCH --job-name=synfin-sweep\n"
        << "#SBATCH --array=1-" << spec.shards << "\n"
        << "#SBATCH --ntasks=1\n"
        << "#SBATCH --cpus-per-task=1\n"
        << "#SBATCH --output=" << spec.output << "/logs/shard-%a.log\n"
        << "#\n"
        << "# synfin-sweep in " << spec.shards << " shards: submit as is, sbatch THIS_FILE.\n"
        << "# Task I runs shard I into " << spec.output << "/shard-I; the first task submits\n"
        << "# the merge, which runs once every task has succeeded (afterok). Submitting the\n"
        << "# file again resumes every shard where it stopped.\n"
        << "set -e\n"
        << "i=${SLURM_ARRAY_TASK_ID:?submit this script with sbatch, which sets "
           "SLURM_ARRAY_TASK_ID}\n"
        << "mkdir -p " << logs << "\n"
        << "if [ \"$i\" = 1 ]; then\n"
        << "    sbatch --job-name=synfin-sweep-merge --dependency=afterok:${SLURM_ARRAY_JOB_ID} "
        << "--output=" << logs
        << "/merge.log --wrap=" << SweepRunner::ShellCommand({MergeCommand(spec)}) << "\n"
        << "fi\n"
        << "exec " << ShardCommand(spec, "$i") << "\n";
    return out.str();
}

} // namespace sweep
} // namespace synfin
