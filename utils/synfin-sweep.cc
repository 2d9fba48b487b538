/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-sweep: many synfin-run experiments, the cartesian product of the values given
 * (or the points of a CSV file) times --runs replications, in parallel worker processes;
 * resumable, with per-run metrics (runs.csv) and per-point means and Student-t confidence
 * intervals (summary.csv).
 *
 *   synfin-sweep --loss 0,0.02,0.05 --delay 5ms:40ms:x2 --runs 5 --output out/sweep1
 *
 * Exit status: 0 every run succeeded; 3 the sweep finished but some runs failed (see
 * failures.csv); 2 bad input (nothing was run); 130/143 interrupted (run the same command
 * again to finish); 1 anything else.
 */

#include "synfin-plot-error.h"
#include "synfin-plot-figure.h"
#include "synfin-plot-sweep.h"
#include "synfin-sweep-error.h"
#include "synfin-sweep-grid.h"
#include "synfin-sweep-metrics.h"
#include "synfin-sweep-plan.h"
#include "synfin-sweep-report.h"
#include "synfin-sweep-runner.h"
#include "synfin-sweep-shards.h"
#include "synfin-sweep-store.h"

#include <atomic>
#include <boost/program_options.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace synfin::sweep;

namespace
{

constexpr int kExitUsage = 2;         //!< bad input; nothing ran
constexpr int kExitFailure = 1;       //!< something else went wrong
constexpr int kExitFailedRuns = 3;    //!< finished, but some runs failed
constexpr int kExitInterrupted = 130; //!< stopped by a signal; resumable

std::atomic<bool> g_stop{false}; //!< set by SIGINT/SIGTERM
std::atomic<int> g_signal{0};    //!< which

/// SIGINT/SIGTERM: stop launching, kill the running simulations, keep what is committed.
extern "C" void
OnSignal(int signal)
{
    g_signal = signal;
    g_stop = true;
}

/// The sweep's own options; every other option is synfin-run's.
struct SweepOptions
{
    uint32_t runs{1};
    unsigned jobs{0};
    std::string output{"out/sweep"};
    bool force{false};
    bool keepRuns{false};
    double runTimeout{0};
    std::string points;
    std::string seed{"1"};
    std::string program;
    bool dryRun{false};
    bool plots{false};
    std::optional<Shard> shard;
    uint32_t shards{16};
    std::string emitJobs;
    std::string emitSlurm;
};

/// The sweep's own option names, and whether each is a flag.
const std::map<std::string, bool>&
OwnOptions()
{
    static const std::map<std::string, bool> own{{"runs", false},
                                                 {"jobs", false},
                                                 {"output", false},
                                                 {"force", true},
                                                 {"keep-runs", true},
                                                 {"run-timeout", false},
                                                 {"points", false},
                                                 {"seed", false},
                                                 {"synfin-run", false},
                                                 {"config", false},
                                                 {"dry-run", true},
                                                 {"plots", true},
                                                 {"shard", false},
                                                 {"shards", false},
                                                 {"emit-jobs", false},
                                                 {"emit-slurm", false},
                                                 {"help", true}};
    return own;
}

std::string
Usage()
{
    return "usage: synfin-sweep [SWEEP OPTIONS] [SYNFIN-RUN OPTIONS]\n"
           "       synfin-sweep merge OUT SHARD_DIR... [--force]\n"
           "\n"
           "Every synfin-run option (see synfin-run --help) takes one value, a list (--loss\n"
           "0,0.01,0.05), a linear range START:END:STEP (--loss 0:0.2:0.02, END included) or a\n"
           "geometric one START:END:xFACTOR (--delay 5ms:320ms:x2); the sweep runs the\n"
           "cartesian product of them, --runs times each (ns-3 RngRun 1..RUNS).\n"
           "\n"
           "Sweep options:\n"
           "  --runs R            replications of every point (default 1)\n"
           "  --jobs J            simulations at once (default: the number of cores)\n"
           "  --output DIR        the sweep's folder (default out/sweep): sweep.ini,\n"
           "                      journal.txt, runs.csv, summary.csv, timing.csv,\n"
           "                      failures.csv\n"
           "  --points FILE       the points from a CSV file (a header of option names, a row\n"
           "                      per point) instead of a product\n"
           "  --seed S            ns-3 RNG seed of every run (default 1)\n"
           "  --run-timeout T     kill a run after T (e.g. 10min; default: never); it is\n"
           "                      tried once more, then reported in failures.csv\n"
           "  --keep-runs         keep each run's recorder folder in DIR/runs/\n"
           "  --force             discard the results of another sweep in DIR\n"
           "  --config FILE       INI file of these options and synfin-run's (key = value);\n"
           "                      the command line wins\n"
           "  --synfin-run PATH   the synfin-run program (default: beside synfin-sweep)\n"
           "  --plots             draw the main metrics against the first varied option, one\n"
           "                      line per value of the second, into DIR/plots (synfin-plot\n"
           "                      sweep DIR draws any other)\n"
           "  --shard I/N         run shard I of N only (round robin over the runs); combine\n"
           "                      the shards' folders with synfin-sweep merge OUT DIR...\n"
           "  --emit-jobs FILE    write one shard command a line for GNU parallel, and stop\n"
           "  --emit-slurm FILE   write a SLURM batch script (an array of the shards and a\n"
           "                      merge that depends on it: sbatch FILE), and stop\n"
           "  --shards N          how many shards --emit-* makes (default 16)\n"
           "  --dry-run           list the points and stop\n"
           "  --help              this text\n"
           "\n"
           "Interrupted (Ctrl-C, kill, power loss), the same command resumes: only the runs\n"
           "not yet committed run. Exit status: 0 all runs succeeded, 3 some failed (see\n"
           "failures.csv), 2 bad input, 130 interrupted.\n";
}

/// \return this program's absolute path
std::string
SelfPath()
{
    std::error_code ec;
    fs::path self = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("synfin-sweep") : self.string();
}

/// \return the synfin-run next to this program
std::string
DefaultProgram()
{
    return (fs::path(SelfPath()).parent_path() / "synfin-run").string();
}

/// \return synfin-run's options: name -> is a flag
std::map<std::string, bool>
ListRunOptions(const std::string& program)
{
    if (::access(program.c_str(), X_OK) != 0)
    {
        throw SweepError("--synfin-run=" + program +
                         ": no such program (build synfin-run, or name it with --synfin-run)");
    }
    const std::string command = "'" + program + "' --list-options";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
    {
        throw std::runtime_error("cannot run " + command);
    }
    std::map<std::string, bool> options;
    char buffer[1024];
    while (std::fgets(buffer, sizeof(buffer), pipe))
    {
        std::string line(buffer);
        std::size_t tab = line.find('\t');
        if (tab == std::string::npos)
        {
            continue;
        }
        std::size_t tab2 = line.find('\t', tab + 1);
        options[line.substr(0, tab)] = line.substr(tab + 1, tab2 - tab - 1) == "flag";
    }
    if (::pclose(pipe) != 0 || options.empty())
    {
        throw SweepError("--synfin-run=" + program +
                         ": does not list its options (is it synfin-run?)");
    }
    return options;
}

/// The options synfin-sweep knows: its own, and synfin-run's as it lists them.
po::options_description
Described(const std::map<std::string, bool>& runOptions)
{
    po::options_description all;
    auto add = [&all](const std::string& name, bool flag) {
        if (flag)
        {
            all.add_options()(name.c_str(), po::bool_switch());
        }
        else
        {
            all.add_options()(name.c_str(), po::value<std::string>());
        }
    };
    for (const auto& [name, flag] : OwnOptions())
    {
        add(name, flag);
    }
    for (const auto& [name, flag] : runOptions)
    {
        if (!OwnOptions().count(name)) // the sweep's own --output, --seed, --config, --help
        {
            add(name, flag);
        }
    }
    all.add_options()("stray", po::value<std::vector<std::string>>());
    return all;
}

/// \return the options of \p parsed in the order given; \throws SweepError for an unknown one
std::vector<OptionValue>
InOrder(const po::parsed_options& parsed, const std::map<std::string, bool>& runOptions)
{
    std::vector<OptionValue> out;
    for (const po::option& o : parsed.options)
    {
        if (o.string_key == "stray")
        {
            throw SweepError("unexpected argument '" + o.value.front() +
                             "': every option starts with -- (see --help)");
        }
        if (o.unregistered)
        {
            if (o.string_key.rfind("ns3::", 0) != 0)
            {
                throw SweepError("--" + o.string_key +
                                 ": no such option of synfin-sweep or synfin-run (see --help and "
                                 "synfin-run --help)");
            }
            if (o.value.size() != 1)
            {
                throw SweepError("--" + o.string_key + ": an ns-3 attribute needs a value, as --" +
                                 o.string_key + "=VALUE");
            }
            out.push_back({o.string_key, o.value[0], false});
            continue;
        }
        auto own = OwnOptions().find(o.string_key);
        auto run = runOptions.find(o.string_key);
        const bool flag = own != OwnOptions().end() ? own->second : run->second;
        if (flag)
        {
            // A flag in a config file may say false.
            const std::string v = o.value.empty() ? "true" : o.value[0];
            if (v == "false" || v == "0" || v == "no")
            {
                continue;
            }
            out.push_back({o.string_key, "", true});
            continue;
        }
        out.push_back({o.string_key, o.value.empty() ? "" : o.value[0], false});
    }
    return out;
}

/// \return the options of the command line \p args, in order; \throws SweepError
std::vector<OptionValue>
ParseArguments(const std::vector<std::string>& args, const std::map<std::string, bool>& runOptions)
{
    po::positional_options_description strays;
    strays.add("stray", -1);
    try
    {
        // Whole names only: a sweep typed with --conn should not guess --connections.
        const auto style =
            po::command_line_style::default_style & ~po::command_line_style::allow_guessing;
        po::parsed_options parsed = po::command_line_parser(args)
                                        .options(Described(runOptions))
                                        .positional(strays)
                                        .style(style)
                                        .allow_unregistered()
                                        .run();
        return InOrder(parsed, runOptions);
    }
    catch (const po::error& e)
    {
        throw SweepError(std::string(e.what()) + " (see --help)");
    }
}

/// \return the options of an INI file (key = value; a flag = true), in order; \throws SweepError
std::vector<OptionValue>
ReadConfig(const std::string& path, const std::map<std::string, bool>& runOptions)
{
    std::ifstream in(path);
    if (!in)
    {
        throw SweepError("--config=" + path + ": cannot read this file");
    }
    try
    {
        return InOrder(po::parse_config_file(in, Described(runOptions), true), runOptions);
    }
    catch (const po::error& e)
    {
        throw SweepError("--config=" + path + ": " + e.what());
    }
    catch (const SweepError& e)
    {
        throw SweepError("--config=" + path + ": " + e.what());
    }
}

/// \return a whole number in [lo, hi] from option \p name; \throws SweepError
uint64_t
Count(const std::string& name, const std::string& text, uint64_t lo, uint64_t hi)
{
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        text.size() > 12 || std::stoull(text) < lo || std::stoull(text) > hi)
    {
        throw SweepError("--" + name + "=" + text + ": expected a whole number from " +
                         std::to_string(lo) + " to " + std::to_string(hi));
    }
    return std::stoull(text);
}

/// \return seconds of a time such as 90s, 10min, 1.5h; \throws SweepError
double
Seconds(const std::string& name, const std::string& text)
{
    static const std::map<std::string, double> units{{"", 1},
                                                     {"s", 1},
                                                     {"ms", 1e-3},
                                                     {"min", 60},
                                                     {"h", 3600}};
    char* end = nullptr;
    double value = std::strtod(text.c_str(), &end);
    auto unit = units.find(end ? std::string(end) : std::string());
    if (text.empty() || end == text.c_str() || unit == units.end() || !(value > 0) ||
        text[0] == '-' || text[0] == '+')
    {
        throw SweepError("--" + name + "=" + text +
                         ": expected a positive time such as 90s, 10min or 2h (units ms, s, min, "
                         "h)");
    }
    return value * unit->second;
}

/// Check every value with synfin-run --check before anything runs; \throws SweepError
void
CheckValues(const Plan& plan, const std::string& program, const std::string& scratch)
{
    // Every distinct value of every column, each with the first point's other values.
    std::vector<Point> probes{plan.points.front()};
    std::set<std::pair<std::string, std::string>> checked;
    for (const auto& setting : plan.points.front().settings)
    {
        checked.insert(setting);
    }
    for (const Point& p : plan.points)
    {
        for (std::size_t c = 0; c < p.settings.size(); ++c)
        {
            if (checked.insert(p.settings[c]).second)
            {
                Point probe = plan.points.front();
                probe.settings[c] = p.settings[c];
                probes.push_back(probe);
            }
        }
    }
    for (const Point& probe : probes)
    {
        std::vector<std::string> args{program, "--check", "--output=" + scratch};
        std::vector<std::string> own = plan.Arguments(probe);
        args.insert(args.end(), own.begin(), own.end());
        const std::string command = SweepRunner::ShellCommand(args) + " 2>&1";
        FILE* pipe = ::popen(command.c_str(), "r");
        std::string output;
        char buffer[512];
        while (pipe && std::fgets(buffer, sizeof(buffer), pipe))
        {
            output += buffer;
        }
        int status = pipe ? ::pclose(pipe) : -1;
        if (status != 0)
        {
            while (!output.empty() && output.back() == '\n')
            {
                output.pop_back();
            }
            if (output.rfind("synfin-run: ", 0) == 0)
            {
                output = output.substr(12);
            }
            throw SweepError(output.empty() ? "synfin-run --check failed on point " + probe.Key()
                                            : output + (probe.Key().empty()
                                                            ? std::string()
                                                            : " (at point " + probe.Key() + ")"));
        }
    }
}

/// --plots: the main metrics against the first varied option, by the second.
void
DrawFigures(const std::string& dir, const Plan& plan)
{
    using namespace synfin::plot;
    if (plan.columns.empty())
    {
        std::cout << "synfin-sweep: --plots: no option varies, so there is no axis to draw\n";
        return;
    }
    SweepFigureSpec spec;
    spec.x = plan.columns[0];
    spec.by = plan.columns.size() > 1 ? plan.columns[1] : "";
    // Any further varied option is held at its first value, and the figure says so.
    for (std::size_t c = 2; c < plan.columns.size(); ++c)
    {
        spec.where[plan.columns[c]] = plan.points.front().settings[c].second;
    }
    const std::string out = (fs::path(dir) / "plots").string();
    fs::create_directories(out);
    for (const char* metric : {"handshake_mean_s",
                               "handshake_p99_s",
                               "failure_rate",
                               "close_time_mean_s",
                               "time_wait_peak",
                               "segments_per_connection"})
    {
        spec.y = metric;
        try
        {
            RenderFigure(MakeSweepFigure(dir, spec), out, {"pdf", "png"});
        }
        catch (const PlotError& e)
        {
            std::cout << "synfin-sweep: --plots: " << metric << ": " << e.what() << "\n";
        }
    }
    std::cout << "synfin-sweep: figures in " << out << "\n";
}

/// Write \p text to \p path through a temporary file; \throws SweepError naming the option
void
WriteWhole(const std::string& option, const std::string& path, const std::string& text)
{
    const std::string temporary = path + ".partial";
    {
        std::ofstream out(temporary, std::ios::binary);
        out << text;
        if (!out.flush())
        {
            std::error_code ec;
            fs::remove(temporary, ec);
            throw SweepError("--" + option + "=" + path + ": cannot write this file");
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec)
    {
        throw SweepError("--" + option + "=" + path + ": cannot write this file (" + ec.message() +
                         ")");
    }
}

/// --emit-jobs, --emit-slurm: the shards' commands, for a scheduler to run.
int
Emit(const SweepOptions& s, const std::vector<OptionValue>& given, const Plan& plan)
{
    EmitSpec spec;
    spec.program = SelfPath();
    spec.output = fs::absolute(s.output).lexically_normal().string();
    spec.shards = s.shards;
    // The options that define the sweep, written out: a config file's too, so that each
    // command stands alone on another machine.
    static const std::set<std::string> local{"output",
                                             "jobs",
                                             "shard",
                                             "shards",
                                             "emit-jobs",
                                             "emit-slurm",
                                             "config",
                                             "dry-run",
                                             "force"};
    for (const OptionValue& g : given)
    {
        if (local.count(g.name))
        {
            continue;
        }
        spec.args.push_back(g.flag ? "--" + g.name : "--" + g.name + "=" + g.value);
    }
    if (!s.emitJobs.empty())
    {
        WriteWhole("emit-jobs", s.emitJobs, EmitJobs(spec));
        std::cout << "synfin-sweep: " << s.emitJobs << ": " << spec.shards << " shard commands for "
                  << plan.points.size() * plan.runs << " runs; run them with parallel --jobs J < "
                  << s.emitJobs << ", then synfin-sweep merge " << spec.output << " " << spec.output
                  << "/shard-*\n";
    }
    if (!s.emitSlurm.empty())
    {
        std::error_code ec;
        fs::create_directories(fs::path(spec.output) / "logs", ec); // SLURM writes logs there
        WriteWhole("emit-slurm", s.emitSlurm, EmitSlurm(spec));
        std::cout << "synfin-sweep: " << s.emitSlurm << ": a SLURM array of " << spec.shards
                  << " tasks and its merge; submit it with sbatch " << s.emitSlurm << "\n";
    }
    return 0;
}

/// synfin-sweep merge OUT SHARD_DIR... [--force]
int
MergeCommand(const std::vector<std::string>& args)
{
    std::vector<std::string> dirs;
    bool force = false;
    for (const std::string& a : args)
    {
        if (a == "--force")
        {
            force = true;
        }
        else if (a.rfind("--", 0) == 0)
        {
            throw SweepError("merge: unknown option '" + a +
                             "' (usage: synfin-sweep merge OUT SHARD_DIR... [--force])");
        }
        else
        {
            dirs.push_back(a);
        }
    }
    if (dirs.size() < 2)
    {
        throw SweepError("merge: needs the output folder and at least one shard folder (usage: "
                         "synfin-sweep merge OUT SHARD_DIR... [--force])");
    }
    const std::string out = dirs.front();
    dirs.erase(dirs.begin());
    const SweepTables tables = MergeShards(out, dirs, force);
    std::cout << "synfin-sweep: merged " << dirs.size() << " shards: " << tables.succeeded
              << " runs succeeded, " << tables.failed << " failed\n  "
              << (fs::path(out) / "runs.csv").string() << "\n  "
              << (fs::path(out) / "summary.csv").string() << "\n";
    return tables.failed > 0 ? kExitFailedRuns : 0;
}

/// Progress on stderr: a bar on a terminal, a line now and then otherwise.
class Progress
{
  public:
    Progress(std::size_t total, std::size_t already)
        : m_total(total),
          m_done(already),
          m_start(std::chrono::steady_clock::now()),
          m_last(m_start),
          m_tty(::isatty(2) != 0)
    {
    }

    void Finished(bool ok)
    {
        ++m_done;
        ++m_thisSession;
        m_failed += ok ? 0 : 1;
        const auto now = std::chrono::steady_clock::now();
        const double since = std::chrono::duration<double>(now - m_last).count();
        if ((m_tty && since > 0.2) || (!m_tty && since > 10) || m_done == m_total)
        {
            m_last = now;
            Print(now);
        }
    }

    void End()
    {
        if (m_tty && m_printed)
        {
            std::cerr << "\n";
        }
    }

  private:
    void Print(std::chrono::steady_clock::time_point now)
    {
        const double elapsed = std::chrono::duration<double>(now - m_start).count();
        const double rate = elapsed > 0 ? m_thisSession / elapsed : 0;
        const double eta = rate > 0 ? (m_total - m_done) / rate : 0;
        char line[200];
        std::snprintf(line,
                      sizeof(line),
                      "%zu/%zu runs, %zu failed, %.2f runs/s, ETA %.0f s",
                      m_done,
                      m_total,
                      m_failed,
                      rate,
                      eta);
        if (m_tty)
        {
            const int width = 30;
            const int filled = m_total ? static_cast<int>(width * m_done / m_total) : width;
            std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '.')
                      << "] " << line << "   " << std::flush;
        }
        else
        {
            std::cerr << "synfin-sweep: " << line << "\n";
        }
        m_printed = true;
    }

    std::size_t m_total;
    std::size_t m_done;
    std::size_t m_thisSession{0};
    std::size_t m_failed{0};
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last;
    bool m_tty;
    bool m_printed{false};
};

} // namespace

int
main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    SweepOptions s;
    s.program = DefaultProgram();
    try
    {
        if (!args.empty() && args[0] == "merge")
        {
            return MergeCommand(std::vector<std::string>(args.begin() + 1, args.end()));
        }
        // --synfin-run and --help first: the others are known only from synfin-run.
        for (std::size_t i = 0; i < args.size(); ++i)
        {
            if (args[i] == "--help" || args[i] == "-h")
            {
                std::cout << Usage();
                return 0;
            }
            if (args[i].rfind("--synfin-run=", 0) == 0)
            {
                s.program = args[i].substr(13);
            }
            else if (args[i] == "--synfin-run" && i + 1 < args.size())
            {
                s.program = args[i + 1];
            }
        }
        const std::map<std::string, bool> runOptions = ListRunOptions(s.program);
        std::vector<OptionValue> given = ParseArguments(args, runOptions);
        for (const OptionValue& g : given)
        {
            if (g.name == "config")
            {
                // The file's options come first, so that the command line's win.
                std::vector<OptionValue> fromFile = ReadConfig(g.value, runOptions);
                std::set<std::string> onCommandLine;
                for (const OptionValue& c : given)
                {
                    onCommandLine.insert(c.name);
                }
                std::vector<OptionValue> merged;
                for (const OptionValue& f : fromFile)
                {
                    if (!onCommandLine.count(f.name) || f.name.rfind("ns3::", 0) == 0)
                    {
                        merged.push_back(f);
                    }
                }
                merged.insert(merged.end(), given.begin(), given.end());
                given = merged;
                break;
            }
        }

        std::vector<OptionValue> forRun;
        for (const OptionValue& g : given)
        {
            if (g.name == "runs")
            {
                s.runs = static_cast<uint32_t>(Count("runs", g.value, 1, 1000000));
            }
            else if (g.name == "jobs")
            {
                s.jobs = static_cast<unsigned>(Count("jobs", g.value, 1, 4096));
            }
            else if (g.name == "output")
            {
                s.output = g.value;
            }
            else if (g.name == "force")
            {
                s.force = true;
            }
            else if (g.name == "keep-runs")
            {
                s.keepRuns = true;
            }
            else if (g.name == "run-timeout")
            {
                s.runTimeout = Seconds("run-timeout", g.value);
            }
            else if (g.name == "points")
            {
                s.points = g.value;
            }
            else if (g.name == "seed")
            {
                Count("seed", g.value, 1, 4294967295ULL);
                s.seed = g.value;
            }
            else if (g.name == "dry-run")
            {
                s.dryRun = true;
            }
            else if (g.name == "plots")
            {
                s.plots = true;
            }
            else if (g.name == "shard")
            {
                s.shard = ParseShard(g.value);
            }
            else if (g.name == "shards")
            {
                s.shards = static_cast<uint32_t>(Count("shards", g.value, 1, 100000));
            }
            else if (g.name == "emit-jobs")
            {
                s.emitJobs = g.value;
            }
            else if (g.name == "emit-slurm")
            {
                s.emitSlurm = g.value;
            }
            else if (g.name != "synfin-run" && g.name != "config")
            {
                forRun.push_back(g);
            }
        }
        if (s.jobs == 0)
        {
            s.jobs = std::max(1u, std::thread::hardware_concurrency());
        }
        if (s.output.empty())
        {
            throw SweepError("--output: needs a folder");
        }

        if (s.shard && (!s.emitJobs.empty() || !s.emitSlurm.empty()))
        {
            throw SweepError("--shard=" + std::to_string(s.shard->index) + "/" +
                             std::to_string(s.shard->count) +
                             ": a shard runs; --emit-jobs and --emit-slurm write the commands "
                             "of every shard (give one or the other)");
        }
        const Plan plan = MakePlan(forRun, s.runs, s.seed, s.points, s.shard);
        std::size_t total = 0;
        for (std::size_t p = 0; p < plan.points.size(); ++p)
        {
            for (uint32_t r = 1; r <= s.runs; ++r)
            {
                total += plan.Owns(p, r) ? 1 : 0;
            }
        }
        if (s.dryRun)
        {
            std::cout << plan.points.size() << " points x " << s.runs << " runs = " << total
                      << " runs\n";
            for (std::size_t i = 0; i < plan.points.size(); ++i)
            {
                std::cout << SweepRunner::FolderName(i, 1).substr(0, 7) << "  "
                          << SweepRunner::ShellCommand(plan.Arguments(plan.points[i])) << "\n";
            }
            return 0;
        }

        // Every value is checked before anything is written into the sweep's folder.
        char scratchPattern[] = "/tmp/synfin-sweep-check-XXXXXX";
        if (!::mkdtemp(scratchPattern))
        {
            throw std::runtime_error("cannot make a temporary folder in /tmp");
        }
        try
        {
            CheckValues(plan, s.program, scratchPattern);
        }
        catch (...)
        {
            std::error_code ec;
            fs::remove_all(scratchPattern, ec);
            throw;
        }
        std::error_code ec;
        fs::remove_all(scratchPattern, ec);

        if (!s.emitJobs.empty() || !s.emitSlurm.empty())
        {
            return Emit(s, given, plan);
        }

        SweepStore store(s.output, plan.definition, s.force);
        std::vector<RunTask> tasks;
        std::size_t already = 0;
        for (std::size_t p = 0; p < plan.points.size(); ++p)
        {
            for (uint32_t r = 1; r <= s.runs; ++r)
            {
                if (!plan.Owns(p, r))
                {
                    continue; // another shard's
                }
                auto it = store.Records().find({p, r});
                if (it != store.Records().end() && it->second.ok)
                {
                    ++already;
                    continue;
                }
                tasks.push_back({p, r, plan.Arguments(plan.points[p])});
            }
        }
        if (already > 0)
        {
            std::cerr << "synfin-sweep: resuming " << s.output << ": " << already << " of " << total
                      << " runs already done\n";
        }

        std::signal(SIGINT, OnSignal);
        std::signal(SIGTERM, OnSignal);
        RunnerSettings settings;
        settings.program = s.program;
        settings.seed = s.seed;
        settings.workDir = (fs::path(s.output) / "work").string();
        settings.keepDir = s.keepRuns ? (fs::path(s.output) / "runs").string() : "";
        settings.failedDir = (fs::path(s.output) / "failed").string();
        settings.jobs = s.jobs;
        settings.timeoutSeconds = s.runTimeout;
        Progress progress(total, already);
        std::string commitError;
        SweepRunner::Run(
            tasks,
            settings,
            [&](const RunRecord& record) {
                try
                {
                    store.Commit(record);
                }
                catch (const std::exception& e)
                {
                    commitError = e.what();
                    g_stop = true;
                }
                progress.Finished(record.ok);
            },
            g_stop);
        progress.End();
        fs::remove_all(settings.workDir, ec);
        if (!commitError.empty())
        {
            throw std::runtime_error(commitError);
        }
        if (g_stop)
        {
            std::cerr << "synfin-sweep: interrupted; " << store.Records().size() << " of " << total
                      << " runs are committed in " << s.output
                      << "; run the same command again to finish\n";
            return g_signal == SIGTERM ? 143 : kExitInterrupted;
        }

        const SweepTables tables = MakeTables(plan.columns, plan.points, s.runs, store.Records());
        if (plan.shard)
        {
            // A shard's rows only; the summary needs every run of a point: merge makes it.
            store.WriteFile("runs.csv", tables.runs);
            store.WriteFile("timing.csv", tables.timing);
            store.WriteFile("failures.csv", tables.failures);
            std::cout << "synfin-sweep: shard " << plan.shard->index << "/" << plan.shard->count
                      << ": " << tables.succeeded << " runs succeeded, " << tables.failed
                      << " failed; combine the shards with synfin-sweep merge OUT SHARD_DIR...\n";
            return tables.failed > 0 ? kExitFailedRuns : 0;
        }
        store.WriteFile("runs.csv", tables.runs);
        store.WriteFile("summary.csv", tables.summary);
        store.WriteFile("timing.csv", tables.timing);
        store.WriteFile("failures.csv", tables.failures);
        if (s.plots)
        {
            DrawFigures(s.output, plan);
        }
        std::cout << "synfin-sweep: " << plan.points.size() << " points x " << s.runs
                  << " runs: " << tables.succeeded << " succeeded, " << tables.failed
                  << " failed\n  " << (fs::path(s.output) / "runs.csv").string() << "\n  "
                  << (fs::path(s.output) / "summary.csv").string() << "\n";
        if (tables.failed > 0)
        {
            std::cout << "  " << (fs::path(s.output) / "failures.csv").string()
                      << " (each with the command that reproduces it)\n";
            return kExitFailedRuns;
        }
        return 0;
    }
    catch (const SweepError& e)
    {
        std::cerr << "synfin-sweep: " << e.what() << "\n";
        return kExitUsage;
    }
    catch (const std::exception& e)
    {
        std::cerr << "synfin-sweep: " << e.what() << "\n";
        return kExitFailure;
    }
}
