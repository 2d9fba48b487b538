/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-runner.h"

#include "synfin-sweep-error.h"
#include "synfin-sweep-metrics.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synfin
{
namespace sweep
{

namespace
{

/// How one attempt ended.
struct Attempt
{
    bool ok{false};      //!< exit status 0
    std::string failure; //!< otherwise, what happened
    double seconds{0};   //!< wall-clock time
    bool stopped{false}; //!< killed because the sweep is stopping
};

/// \return the last non-empty line of the file \p path ("" if none)
std::string
LastLine(const fs::path& path)
{
    std::ifstream in(path);
    std::string last;
    for (std::string line; std::getline(in, line);)
    {
        if (!line.empty())
        {
            last = line;
        }
    }
    return last;
}

/// Run \p argv with its output in \p log; wait for it, killing it on timeout or stop.
Attempt
Execute(const std::vector<std::string>& argv,
        const fs::path& log,
        double timeoutSeconds,
        const std::atomic<bool>& stop)
{
    using Clock = std::chrono::steady_clock;
    Attempt a;
    if (stop.load())
    {
        a.stopped = true; // no process to start for a sweep that is stopping
        return a;
    }
    std::vector<char*> cargv;
    for (const std::string& s : argv)
    {
        cargv.push_back(const_cast<char*>(s.c_str()));
    }
    cargv.push_back(nullptr);
    const std::string logPath = log.string();
    const pid_t parent = ::getpid();
    const auto start = Clock::now();
    pid_t pid = ::fork();
    if (pid < 0)
    {
        a.failure = std::string("cannot start a process: ") + std::strerror(errno);
        return a;
    }
    if (pid == 0)
    {
        // Only async-signal-safe calls from here to exec: the parent has threads.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL); // die with the sweep's worker thread
        if (::getppid() != parent)
        {
            ::_exit(127); // the sweep is already gone
        }
        int fd = ::open(logPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0)
        {
            ::dup2(fd, 1);
            ::dup2(fd, 2);
            ::close(fd);
        }
        ::execv(cargv[0], cargv.data());
        ::_exit(127);
    }
    int status = 0;
    bool killed = false;
    std::string killedFor;
    while (true)
    {
        pid_t done = ::waitpid(pid, &status, killed ? 0 : WNOHANG);
        if (done == pid)
        {
            break;
        }
        if (done < 0 && errno != EINTR)
        {
            break;
        }
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        if (!killed && (stop.load() || (timeoutSeconds > 0 && elapsed > timeoutSeconds)))
        {
            killedFor = stop.load() ? "stopped" : "timeout";
            ::kill(pid, SIGKILL);
            killed = true;
            continue;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    a.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (killedFor == "stopped")
    {
        a.stopped = true;
        return a;
    }
    if (killedFor == "timeout")
    {
        char text[96];
        std::snprintf(text, sizeof(text), "timed out after %g s (--run-timeout)", timeoutSeconds);
        a.failure = text;
        return a;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
    {
        a.ok = true;
        return a;
    }
    if (WIFEXITED(status))
    {
        a.failure = "exit status " + std::to_string(WEXITSTATUS(status));
        if (WEXITSTATUS(status) == 127)
        {
            a.failure += " (could not run " + argv[0] + ")";
        }
    }
    else if (WIFSIGNALED(status))
    {
        a.failure = "killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
                    ::strsignal(WTERMSIG(status)) + ")";
    }
    const std::string last = LastLine(log);
    if (!last.empty())
    {
        a.failure += ": " + last;
    }
    return a;
}

} // namespace

std::string
SweepRunner::FolderName(std::size_t point, uint32_t run)
{
    char name[48];
    std::snprintf(name, sizeof(name), "p%06zu-r%04u", point, run);
    return name;
}

std::string
SweepRunner::ShellCommand(const std::vector<std::string>& args)
{
    std::string out;
    for (const std::string& a : args)
    {
        if (!out.empty())
        {
            out += ' ';
        }
        const bool plain =
            !a.empty() && a.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_./=:,+@%") == std::string::npos;
        if (plain)
        {
            out += a;
            continue;
        }
        out += '\'';
        for (char c : a)
        {
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        }
        out += '\'';
    }
    return out;
}

void
SweepRunner::Run(const std::vector<RunTask>& tasks,
                 const RunnerSettings& settings,
                 const Finished& finished,
                 const std::atomic<bool>& stop)
{
    fs::create_directories(settings.workDir);
    if (!settings.keepDir.empty())
    {
        fs::create_directories(settings.keepDir);
    }
    std::mutex lock;
    std::size_t next = 0;

    auto worker = [&]() {
        while (true)
        {
            std::size_t index;
            {
                std::lock_guard<std::mutex> guard(lock);
                if (next >= tasks.size() || stop.load())
                {
                    return;
                }
                index = next++;
            }
            const RunTask& task = tasks[index];
            const std::string name = FolderName(task.point, task.run);
            const fs::path folder = fs::path(settings.workDir) / name;
            const fs::path log = fs::path(settings.workDir) / (name + ".log");
            std::vector<std::string> argv{settings.program};
            argv.insert(argv.end(), task.args.begin(), task.args.end());
            argv.push_back("--seed=" + settings.seed);
            argv.push_back("--run=" + std::to_string(task.run));
            std::vector<std::string> shown = argv;
            argv.push_back("--output=" + folder.string());
            shown.push_back("--output=out/" + name);

            RunRecord record;
            record.point = task.point;
            record.run = task.run;
            bool stopped = false;
            for (unsigned attempt = 1; attempt <= settings.attempts; ++attempt)
            {
                std::error_code ec;
                fs::remove_all(folder, ec);
                Attempt a = Execute(argv, log, settings.timeoutSeconds, stop);
                record.attempts = attempt;
                record.wallSeconds = a.seconds;
                if (a.stopped)
                {
                    stopped = true;
                    break;
                }
                if (a.ok)
                {
                    try
                    {
                        const RunMetrics m = ComputeMetrics(folder.string());
                        record.metrics.clear();
                        for (const auto& [metric, value] : m.values)
                        {
                            record.metrics.push_back(FormatMetric(metric, value));
                        }
                        record.ok = true;
                        break;
                    }
                    catch (const std::exception& e)
                    {
                        a.failure = std::string("its output could not be measured: ") + e.what();
                    }
                }
                record.failure = a.failure;
            }
            std::error_code ec;
            if (stopped)
            {
                fs::remove_all(folder, ec);
                fs::remove(log, ec);
                return;
            }
            if (record.ok)
            {
                record.failure.clear();
                if (!settings.keepDir.empty())
                {
                    const fs::path kept = fs::path(settings.keepDir) / name;
                    fs::remove_all(kept, ec);
                    fs::rename(folder, kept, ec);
                    fs::rename(log, kept / "synfin-run.log", ec);
                }
                fs::remove_all(folder, ec);
                fs::remove(log, ec);
            }
            else
            {
                record.command = ShellCommand(shown);
                if (!settings.failedDir.empty())
                {
                    fs::create_directories(settings.failedDir, ec);
                    fs::rename(log, fs::path(settings.failedDir) / (name + ".log"), ec);
                }
                fs::remove_all(folder, ec);
                fs::remove(log, ec);
            }
            std::lock_guard<std::mutex> guard(lock);
            finished(record);
        }
    };

    std::vector<std::thread> threads;
    const unsigned jobs = std::max(1u, settings.jobs);
    for (unsigned j = 0; j < jobs; ++j)
    {
        threads.emplace_back(worker);
    }
    for (std::thread& t : threads)
    {
        t.join();
    }
}

} // namespace sweep
} // namespace synfin
