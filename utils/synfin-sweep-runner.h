/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_RUNNER_H
#define SYNFIN_SWEEP_RUNNER_H

#include "synfin-sweep-store.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * One simulation to run: a point of the grid and a replication.
 */
struct RunTask
{
    std::size_t point{0};          //!< index of the point
    uint32_t run{0};               //!< the replication (ns-3 RngRun)
    std::vector<std::string> args; //!< synfin-run's options for the point ("--loss=0.02", ...)
};

/**
 * \ingroup synfin
 * How the runs are run.
 */
struct RunnerSettings
{
    std::string program;      //!< the synfin-run executable
    std::string seed{"1"};    //!< --seed for every run
    std::string workDir;      //!< where runs write while they run (made if missing)
    std::string keepDir;      //!< where finished runs' folders go; empty: deleted
    std::string failedDir;    //!< where the logs of failed runs go
    unsigned jobs{1};         //!< runs at once
    double timeoutSeconds{0}; //!< a run is killed after this long; 0: never
    unsigned attempts{2};     //!< tries per run: a failure is tried once more
};

/**
 * \ingroup synfin
 * Runs synfin-run once per task, each in a process of its own, several at once.
 *
 * A run that crashes, exits non-zero or exceeds the timeout costs that run only: it is tried
 * again (RunnerSettings::attempts in all), then reported as failed with what happened and the
 * command that reproduces it. A run that succeeds is measured (ComputeMetrics) and its
 * folder deleted, or kept. Children die with the sweep (PR_SET_PDEATHSIG), so killing the
 * sweep leaves no simulation running.
 */
class SweepRunner
{
  public:
    /// Called once per finished task, one call at a time, in the order they finish.
    using Finished = std::function<void(const RunRecord&)>;

    /**
     * \brief Run \p tasks.
     * \param tasks the runs, started in this order
     * \param settings how
     * \param finished called with each finished run
     * \param stop once true, no run starts and running ones are killed and not reported
     */
    static void Run(const std::vector<RunTask>& tasks,
                    const RunnerSettings& settings,
                    const Finished& finished,
                    const std::atomic<bool>& stop);

    /// \return the name of a run's folder: "p000012-r0003"
    static std::string FolderName(std::size_t point, uint32_t run);

    /// \return \p args as one shell command line, quoted where needed
    static std::string ShellCommand(const std::vector<std::string>& args);
};

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_RUNNER_H */
