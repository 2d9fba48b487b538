/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-sweep end to end: it runs synfin-run per point and replication and writes the same
 * results whatever the parallelism, resumes after a crash without losing or doubling a
 * run, keeps a failing run from failing the sweep, and refuses bad input before running.
 */

#include "cli-test-util.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;
using synfin_test::Outcome;
using synfin_test::RunCommand;
using synfin_test::Slurp;

namespace
{

/// \return a fresh folder for one test
fs::path
Scratch(const std::string& name)
{
    fs::path dir =
        fs::temp_directory_path() / ("synfin-sweep-test-" + std::to_string(getpid())) / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

/// \return the lines of \p text
std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
    {
        out.push_back(line);
    }
    return out;
}

/// Run synfin-sweep with \p args.
Outcome
Sweep(const std::string& args)
{
    return RunCommand(std::string(SYNFIN_SWEEP_BIN) + " " + args);
}

/// A small, quick experiment: a few connections each run.
const std::string kSmall = " --connections 4 --interval 50ms";

} // namespace

TEST(SweepProgram, ProductTimesRuns_OneRowPerRun_SummaryPerPoint)
{
    fs::path dir = Scratch("product");
    Outcome o = Sweep("--loss 0,0.05 --delay 5ms:10ms:5ms --runs 2 --jobs 2 --plots --output " +
                      dir.string() + kSmall);
    ASSERT_EQ(o.status, 0) << o.output;
    std::vector<std::string> runs = Lines(Slurp(dir / "runs.csv"));
    ASSERT_EQ(runs.size(), 1u + 2 * 2 * 2) << Slurp(dir / "runs.csv");
    EXPECT_EQ(runs[0].rfind("point,loss,delay,run,connections,", 0), 0u) << runs[0];
    // Point order, the last option varying fastest, then the run.
    EXPECT_EQ(runs[1].rfind("0,0,5ms,1,4,", 0), 0u) << runs[1];
    EXPECT_EQ(runs[2].rfind("0,0,5ms,2,4,", 0), 0u) << runs[2];
    EXPECT_EQ(runs[3].rfind("1,0,10ms,1,", 0), 0u) << runs[3];
    EXPECT_EQ(runs[8].rfind("3,0.05,10ms,2,", 0), 0u) << runs[8];
    std::vector<std::string> summary = Lines(Slurp(dir / "summary.csv"));
    ASSERT_EQ(summary.size(), 5u);
    EXPECT_NE(summary[0].find("handshake_mean_s_mean"), std::string::npos) << summary[0];
    EXPECT_EQ(summary[1].rfind("0,0,5ms,2,0,", 0), 0u) << summary[1];
    EXPECT_EQ(Lines(Slurp(dir / "failures.csv")).size(), 1u) << "a header only";
    EXPECT_EQ(Lines(Slurp(dir / "timing.csv")).size(), 9u);
    EXPECT_FALSE(fs::exists(dir / "work")) << "no run folders left behind";
    // --plots: the metrics against the first varied option, one line per value of the second.
    EXPECT_GT(fs::file_size(dir / "plots" / "sweep-handshake_p99_s-vs-loss-by-delay.png"), 1000u);
    EXPECT_TRUE(fs::exists(dir / "plots" / "sweep-failure_rate-vs-loss-by-delay.pdf"));
}

TEST(SweepProgram, AnyJobs_ByteIdenticalResults)
{
    fs::path dir = Scratch("jobs");
    const std::string common = " --loss 0,0.1 --runs 3" + kSmall;
    ASSERT_EQ(Sweep("--jobs 1 --output " + (dir / "a").string() + common).status, 0);
    ASSERT_EQ(Sweep("--jobs 3 --output " + (dir / "b").string() + common).status, 0);
    EXPECT_EQ(Slurp(dir / "a" / "runs.csv"), Slurp(dir / "b" / "runs.csv"));
    EXPECT_EQ(Slurp(dir / "a" / "summary.csv"), Slurp(dir / "b" / "summary.csv"));
    // Replications differ: the runs are independent.
    std::vector<std::string> runs = Lines(Slurp(dir / "a" / "runs.csv"));
    EXPECT_NE(runs[4].substr(runs[4].find(',', 8)), runs[5].substr(runs[5].find(',', 8)));
}

/// Start synfin-sweep with \p args in the background; \return its pid.
pid_t
StartSweep(const std::vector<std::string>& args)
{
    pid_t pid = fork();
    if (pid == 0)
    {
        std::vector<char*> argv{const_cast<char*>(SYNFIN_SWEEP_BIN)};
        for (const std::string& a : args)
        {
            argv.push_back(const_cast<char*>(a.c_str()));
        }
        argv.push_back(nullptr);
        // Quiet: its progress is not the test's output.
        freopen("/dev/null", "w", stderr);
        freopen("/dev/null", "w", stdout);
        execv(SYNFIN_SWEEP_BIN, argv.data());
        _exit(127);
    }
    return pid;
}

/// Wait until \p journal has at least \p lines lines (or 60 s).
void
WaitForLines(const fs::path& journal, std::size_t lines)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (Lines(Slurp(journal)).size() < lines && std::chrono::steady_clock::now() < deadline)
    {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST(SweepProgram, KilledAtAnyMoment_SameCommandRunsOnlyWhatIsMissing)
{
    fs::path dir = Scratch("resume");
    const std::vector<std::string>
        common{"--loss", "0,0.02,0.05", "--runs", "4", "--jobs", "2", "--connections", "30"};
    std::string commonText;
    for (const std::string& a : common)
    {
        commonText += " " + a;
    }
    ASSERT_EQ(Sweep("--output " + (dir / "whole").string() + commonText).status, 0);

    // Interrupted again and again: SIGKILL before anything committed, SIGKILL after a few
    // runs, SIGTERM later; then a half-written journal line, as a power loss leaves.
    const fs::path part = dir / "part";
    const fs::path journal = part / "journal.txt";
    std::vector<std::string> args = common;
    args.push_back("--output=" + part.string());

    struct Interruption
    {
        int signal;
        std::size_t afterLines;
    };

    for (const Interruption& cut :
         {Interruption{SIGKILL, 0}, Interruption{SIGKILL, 3}, Interruption{SIGTERM, 7}})
    {
        pid_t pid = StartSweep(args);
        ASSERT_GT(pid, 0);
        WaitForLines(journal, cut.afterLines);
        kill(pid, cut.signal);
        int status = 0;
        waitpid(pid, &status, 0);
        if (cut.signal == SIGTERM)
        {
            // Stopped cleanly: the runs in progress are killed and not committed.
            ASSERT_TRUE(WIFEXITED(status)) << "SIGTERM is handled";
            EXPECT_EQ(WEXITSTATUS(status), 143);
        }
        ASSERT_FALSE(fs::exists(part / "runs.csv")) << "interrupted before the end";
        EXPECT_GE(Lines(Slurp(journal)).size(), cut.afterLines);
    }
    std::ofstream(journal, std::ios::app) << "R\t2\t1\tok\t0.1";

    Outcome again = Sweep("--output " + part.string() + commonText);
    ASSERT_EQ(again.status, 0) << again.output;
    EXPECT_NE(again.output.find("resuming"), std::string::npos) << again.output;
    EXPECT_EQ(Slurp(dir / "whole" / "runs.csv"), Slurp(part / "runs.csv"));
    EXPECT_EQ(Slurp(dir / "whole" / "summary.csv"), Slurp(part / "summary.csv"));
    EXPECT_FALSE(fs::exists(part / "work")) << "no run folder of an interrupted run left";
    // Finished: the same command once more runs nothing and changes nothing.
    const std::string before = Slurp(part / "runs.csv");
    Outcome third = Sweep("--output " + part.string() + commonText);
    ASSERT_EQ(third.status, 0) << third.output;
    EXPECT_NE(third.output.find("12 of 12 runs already done"), std::string::npos) << third.output;
    EXPECT_EQ(before, Slurp(part / "runs.csv"));
}

TEST(SweepProgram, KeepRuns_EachRunsRecorderFolderKept)
{
    fs::path dir = Scratch("keep");
    ASSERT_EQ(Sweep("--loss 0,0.1 --keep-runs --output " + dir.string() + kSmall).status, 0);
    EXPECT_TRUE(fs::exists(dir / "runs" / "p000000-r0001" / "connections.csv"));
    EXPECT_TRUE(fs::exists(dir / "runs" / "p000001-r0001" / "segments.csv"));
    EXPECT_TRUE(fs::exists(dir / "runs" / "p000001-r0001" / "synfin-run.log"));
    fs::path plain = Scratch("no-keep");
    ASSERT_EQ(Sweep("--loss 0,0.1 --output " + plain.string() + kSmall).status, 0);
    EXPECT_FALSE(fs::exists(plain / "runs"));
}

TEST(SweepProgram, OtherSweepInTheFolder_RefusedSayingWhatDiffers_UnlessForced)
{
    fs::path dir = Scratch("other");
    ASSERT_EQ(Sweep("--loss 0,0.1 --output " + dir.string() + kSmall).status, 0);
    const std::string runs = Slurp(dir / "runs.csv");
    Outcome o = Sweep("--loss 0,0.2 --output " + dir.string() + kSmall);
    EXPECT_EQ(o.status, 2) << o.output;
    EXPECT_NE(o.output.find("holds another sweep"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("axis.loss = 0,0.1"), std::string::npos) << o.output;
    EXPECT_NE(o.output.find("axis.loss = 0,0.2"), std::string::npos) << o.output;
    EXPECT_EQ(runs, Slurp(dir / "runs.csv")) << "nothing touched";
    Outcome forced = Sweep("--loss 0,0.2 --force --output " + dir.string() + kSmall);
    ASSERT_EQ(forced.status, 0) << forced.output;
    EXPECT_NE(Slurp(dir / "runs.csv").find("\n1,0.2,1,"), std::string::npos);
}

TEST(SweepProgram, FailingRuns_RetriedOnceThenReported_OthersComplete)
{
    fs::path dir = Scratch("fail");
    // A synfin-run that crashes on run 2 and hangs on run 3 of every point.
    const fs::path fake = dir / "fake-synfin-run";
    const std::string real = fs::path(SYNFIN_SWEEP_BIN).parent_path() / "synfin-run";
    std::ofstream(fake) << "#!/bin/sh\n"
                        << "case \" $* \" in\n"
                        << "  *' --run=2 '*) kill -SEGV $$ ;;\n"
                        << "  *' --run=3 '*) sleep 30 ;;\n"
                        << "esac\n"
                        << "exec '" << real << "' \"$@\"\n";
    fs::permissions(fake, fs::perms::owner_all);
    const fs::path out = dir / "out";
    Outcome o = Sweep("--synfin-run " + fake.string() + " --loss 0,0.1 --runs 3 --jobs 4 " +
                      "--run-timeout 1s --output " + out.string() + kSmall);
    EXPECT_EQ(o.status, 3) << o.output;
    EXPECT_EQ(Lines(Slurp(out / "runs.csv")).size(), 3u) << "run 1 of both points";
    std::vector<std::string> failures = Lines(Slurp(out / "failures.csv"));
    ASSERT_EQ(failures.size(), 5u) << Slurp(out / "failures.csv");
    EXPECT_EQ(failures[0], "point,loss,run,attempts,failure,command");
    EXPECT_NE(failures[1].find("0,0,2,2,killed by signal 11"), std::string::npos) << failures[1];
    EXPECT_NE(failures[2].find("0,0,3,2,timed out after 1 s"), std::string::npos) << failures[2];
    // The command reproduces it.
    EXPECT_NE(failures[1].find("--loss=0 --seed=1 --run=2"), std::string::npos) << failures[1];
    EXPECT_NE(o.output.find("2 succeeded, 4 failed"), std::string::npos) << o.output;
}

TEST(SweepProgram, BadInput_RefusedBeforeAnythingRuns_NothingWritten)
{
    fs::path dir = Scratch("bad");
    const fs::path out = dir / "out";

    struct Case
    {
        std::string args;
        std::string expected;
    };

    const std::vector<Case> cases{
        {"--loss 0:1:0", "--loss"},
        {"--loss 0,2", "--loss=2: expected a probability from 0 to 1 (at point loss=2)"},
        {"--delay 5ms,soon", "--delay=soon"},
        {"--runs 0", "--runs=0: expected a whole number from 1"},
        {"--jobs x", "--jobs=x"},
        {"--run-timeout -1s", "--run-timeout=-1s"},
        {"--colour blue", "--colour: no such option"},
        {"--run 3", "--run: the sweep sets it for each run itself"},
        {"--loss 0 --loss 0.1", "--loss is given twice"},
        {"stray", "unexpected argument 'stray'"},
        {"--points " + (dir / "missing.csv").string(), "missing.csv"},
        {"--synfin-run /nonexistent/synfin-run", "--synfin-run=/nonexistent/synfin-run"},
    };
    for (const Case& c : cases)
    {
        Outcome o = Sweep(c.args + " --output " + out.string() + kSmall);
        EXPECT_EQ(o.status, 2) << c.args << "\n" << o.output;
        EXPECT_NE(o.output.find(c.expected), std::string::npos)
            << c.args << ": expected \"" << c.expected << "\" in:\n"
            << o.output;
        EXPECT_FALSE(fs::exists(out)) << c.args << ": left " << out;
    }
}

TEST(SweepProgram, PointsFileAndConfig_SameOptionsFromFiles)
{
    fs::path dir = Scratch("files");
    std::ofstream(dir / "points.csv") << "loss,closer\n0,client\n0.05,server\n";
    std::ofstream(dir / "sweep.ini") << "# a sweep for a paper\nruns = 2\nconnections = 4\n"
                                        "interval = 50ms\n";
    Outcome o = Sweep("--config " + (dir / "sweep.ini").string() + " --points " +
                      (dir / "points.csv").string() + " --output " + (dir / "out").string());
    ASSERT_EQ(o.status, 0) << o.output;
    std::vector<std::string> runs = Lines(Slurp(dir / "out" / "runs.csv"));
    ASSERT_EQ(runs.size(), 5u);
    EXPECT_EQ(runs[0].rfind("point,loss,closer,run,connections,", 0), 0u) << runs[0];
    EXPECT_EQ(runs[3].rfind("1,0.05,server,1,4,", 0), 0u) << runs[3];
}

TEST(SweepProgram, ShardsMerged_SameAsOneMachine_MissingOrDoubledShardRefused)
{
    fs::path dir = Scratch("shards");
    const std::string common = " --loss 0,0.05 --closer client,server --runs 3" + kSmall;
    ASSERT_EQ(Sweep("--output " + (dir / "local").string() + common).status, 0);
    std::string shards;
    for (int i = 1; i <= 3; ++i)
    {
        const fs::path shard = dir / ("s" + std::to_string(i));
        Outcome o =
            Sweep("--shard " + std::to_string(i) + "/3 --output " + shard.string() + common);
        ASSERT_EQ(o.status, 0) << o.output;
        EXPECT_EQ(Lines(Slurp(shard / "runs.csv")).size(), 5u) << "12 runs, 4 each";
        EXPECT_FALSE(fs::exists(shard / "summary.csv")) << "a point's runs are in every shard";
        shards += " " + shard.string();
    }
    Outcome merged = Sweep("merge " + (dir / "merged").string() + shards);
    ASSERT_EQ(merged.status, 0) << merged.output;
    EXPECT_EQ(Slurp(dir / "local" / "runs.csv"), Slurp(dir / "merged" / "runs.csv"));
    EXPECT_EQ(Slurp(dir / "local" / "summary.csv"), Slurp(dir / "merged" / "summary.csv"));

    const std::string s1 = (dir / "s1").string();
    const std::string s3 = (dir / "s3").string();
    Outcome missing = Sweep("merge " + (dir / "m2").string() + " " + s1 + " " + s3);
    EXPECT_EQ(missing.status, 2);
    EXPECT_NE(missing.output.find("shard 2/3 is missing"), std::string::npos) << missing.output;
    Outcome doubled = Sweep("merge " + (dir / "m2").string() + " " + s1 + " " + s1 + " " + s3);
    EXPECT_EQ(doubled.status, 2);
    EXPECT_NE(doubled.output.find("shard 1/3 is given twice"), std::string::npos) << doubled.output;
    // A shard that lost a run (its journal line gone) is refused until run again.
    std::vector<std::string> journal = Lines(Slurp(dir / "s2" / "journal.txt"));
    std::ofstream cut(dir / "s2" / "journal.txt", std::ios::trunc);
    for (std::size_t i = 0; i + 1 < journal.size(); ++i)
    {
        cut << journal[i] << "\n";
    }
    cut.close();
    Outcome incomplete = Sweep("merge " + (dir / "m3").string() + shards);
    EXPECT_EQ(incomplete.status, 2);
    EXPECT_NE(incomplete.output.find("1 runs have no result"), std::string::npos)
        << incomplete.output;
    EXPECT_NE(incomplete.output.find("(shard 2/3)"), std::string::npos) << incomplete.output;
    EXPECT_FALSE(fs::exists(dir / "m3")) << "nothing written";
}

TEST(SweepProgram, EmitJobs_ThroughGnuParallel_MergedSameAsOneMachine)
{
    if (RunCommand("command -v parallel").status != 0)
    {
        GTEST_SKIP() << "GNU parallel is not installed (make deps installs it: apt-get install "
                        "parallel)";
    }
    fs::path dir = Scratch("parallel");
    const std::string common = " --loss 0,0.05 --runs 2" + kSmall;
    ASSERT_EQ(Sweep("--output " + (dir / "local").string() + common).status, 0);
    const fs::path jobs = dir / "jobs.txt";
    Outcome emit = Sweep("--emit-jobs " + jobs.string() + " --shards 3 --output " +
                         (dir / "cluster").string() + common);
    ASSERT_EQ(emit.status, 0) << emit.output;
    EXPECT_FALSE(fs::exists(dir / "cluster" / "runs.csv")) << "emitting runs nothing";
    std::size_t commands = 0;
    for (const std::string& line : Lines(Slurp(jobs)))
    {
        commands += !line.empty() && line[0] != '#';
    }
    EXPECT_EQ(commands, 3u);
    Outcome run = RunCommand("parallel --will-cite --jobs 2 < " + jobs.string());
    ASSERT_EQ(run.status, 0) << run.output;
    Outcome merged = Sweep(
        "merge " + (dir / "cluster").string() + " " + (dir / "cluster" / "shard-1").string() + " " +
        (dir / "cluster" / "shard-2").string() + " " + (dir / "cluster" / "shard-3").string());
    ASSERT_EQ(merged.status, 0) << merged.output;
    EXPECT_EQ(Slurp(dir / "local" / "runs.csv"), Slurp(dir / "cluster" / "runs.csv"));
    EXPECT_EQ(Slurp(dir / "local" / "summary.csv"), Slurp(dir / "cluster" / "summary.csv"));
}

TEST(SweepProgram, EmitSlurm_EachArrayTaskRunsItsShard_FirstSubmitsTheMergeAfterOk)
{
    // The script as SLURM runs it, with a stand-in sbatch that records what it is asked to
    // submit. (A real cluster: see the SLURM integration test.)
    fs::path dir = Scratch("slurm");
    const std::string common = " --loss 0,0.05 --runs 2" + kSmall;
    ASSERT_EQ(Sweep("--output " + (dir / "local").string() + common).status, 0);
    const fs::path script = dir / "sweep.sbatch";
    Outcome emit = Sweep("--emit-slurm " + script.string() + " --shards 2 --output " +
                         (dir / "cluster").string() + common);
    ASSERT_EQ(emit.status, 0) << emit.output;
    const std::string text = Slurp(script);
    EXPECT_NE(text.find("#SBATCH --array=1-2\n"), std::string::npos) << text;
    EXPECT_NE(text.find("--dependency=afterok:${SLURM_ARRAY_JOB_ID}"), std::string::npos) << text;
    EXPECT_TRUE(fs::is_directory(dir / "cluster" / "logs")) << "SLURM does not make log folders";

    const fs::path bin = dir / "bin";
    fs::create_directories(bin);
    std::ofstream(bin / "sbatch") << "#!/bin/sh\n"
                                  << "for a in \"$@\"; do case $a in\n"
                                  << "  --wrap=*) printf '%s\\n' \"${a#--wrap=}\" > '"
                                  << (dir / "merge.sh").string() << "' ;;\n"
                                  << "  --dependency=*) printf '%s\\n' \"$a\" > '"
                                  << (dir / "dependency").string() << "' ;;\n"
                                  << "esac; done\n";
    fs::permissions(bin / "sbatch", fs::perms::owner_all);
    for (int task = 1; task <= 2; ++task)
    {
        Outcome o =
            RunCommand("PATH=" + bin.string() + ":$PATH SLURM_ARRAY_JOB_ID=42 " +
                       "SLURM_ARRAY_TASK_ID=" + std::to_string(task) + " sh " + script.string());
        ASSERT_EQ(o.status, 0) << o.output;
    }
    EXPECT_EQ(Slurp(dir / "dependency"), "--dependency=afterok:42\n");
    Outcome merge = RunCommand("sh " + (dir / "merge.sh").string());
    ASSERT_EQ(merge.status, 0) << merge.output;
    EXPECT_EQ(Slurp(dir / "local" / "runs.csv"), Slurp(dir / "cluster" / "runs.csv"));
    EXPECT_EQ(Slurp(dir / "local" / "summary.csv"), Slurp(dir / "cluster" / "summary.csv"));
}
