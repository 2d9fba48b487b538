/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-plan.h"

#include "synfin-sweep-error.h"

#include <map>
#include <set>
#include <sstream>

namespace synfin
{
namespace sweep
{

namespace
{

const char* const kHeader = "# synfin-sweep: the sweep whose results this folder holds\n";

/// synfin-run options a sweep sets itself, per run.
const std::set<std::string>&
ReservedOptions()
{
    static const std::set<std::string>
        reserved{"run", "seed", "output", "config", "check", "list-options", "help"};
    return reserved;
}

/// \return a whole number from \p text, or nothing
std::optional<uint64_t>
Whole(const std::string& text)
{
    if (text.empty() || text.size() > 12 ||
        text.find_first_not_of("0123456789") != std::string::npos)
    {
        return std::nullopt;
    }
    return std::stoull(text);
}

} // namespace

bool
TakesOneValue(const std::string& option)
{
    static const std::set<std::string> whole{"link",
                                             "drop",
                                             "late",
                                             "stock-nodes",
                                             "burst-loss",
                                             "node-profile",
                                             "syn-flood-from"};
    return whole.count(option) > 0 || option.rfind("ns3::", 0) == 0;
}

Shard
ParseShard(const std::string& text)
{
    const std::size_t slash = text.find('/');
    // Plain numbers, not optionals: GCC at -Os takes an optional's value for uninitialised.
    const std::optional<uint64_t> i = Whole(text.substr(0, slash));
    const std::optional<uint64_t> n =
        Whole(slash == std::string::npos ? std::string() : text.substr(slash + 1));
    const uint64_t index = i.value_or(0);
    const uint64_t count = n.value_or(0);
    if (index < 1 || index > count || count > 1000000)
    {
        throw SweepError("--shard=" + text +
                         ": expected I/N, shard I of N, with 1 <= I <= N (e.g. 3/8)");
    }
    return {static_cast<uint32_t>(index), static_cast<uint32_t>(count)};
}

std::string
Plan::BaseDefinition() const
{
    std::istringstream in(definition);
    std::string out;
    for (std::string line; std::getline(in, line);)
    {
        if (line.rfind("shard = ", 0) != 0)
        {
            out += line + "\n";
        }
    }
    return out;
}

bool
Plan::Owns(std::size_t point, uint32_t run) const
{
    if (!shard)
    {
        return true;
    }
    // Round robin over the runs in order: every shard gets a share of every part of the grid.
    const uint64_t k = static_cast<uint64_t>(point) * runs + (run - 1);
    return k % shard->count == shard->index - 1;
}

std::vector<std::string>
Plan::Arguments(const Point& point) const
{
    std::vector<std::string> args = fixed;
    for (const auto& [option, value] : point.settings)
    {
        args.push_back("--" + option + "=" + value);
    }
    return args;
}

Plan
MakePlan(const std::vector<OptionValue>& options,
         uint32_t runs,
         const std::string& seed,
         const std::string& pointsFile,
         const std::optional<Shard>& shard)
{
    Plan plan;
    plan.runs = runs;
    plan.seed = seed;
    plan.shard = shard;
    std::vector<Axis> axes;
    std::set<std::string> seen;
    std::ostringstream fixedText;
    for (const OptionValue& g : options)
    {
        if (!seen.insert(g.name).second && g.name.rfind("ns3::", 0) != 0)
        {
            throw SweepError("--" + g.name +
                             " is given twice; give one list of values instead (--" + g.name +
                             " A,B)");
        }
        if (ReservedOptions().count(g.name))
        {
            throw SweepError("--" + g.name + ": the sweep sets it for each run itself");
        }
        if (g.flag)
        {
            plan.fixed.push_back("--" + g.name);
            fixedText << "fixed." << g.name << " = true\n";
            continue;
        }
        std::vector<std::string> values = ExpandValues(g.name, g.value, !TakesOneValue(g.name));
        if (values.size() == 1)
        {
            plan.fixed.push_back("--" + g.name + "=" + values[0]);
            fixedText << "fixed." << g.name << " = " << values[0] << "\n";
        }
        else
        {
            axes.push_back({g.name, values});
        }
    }
    std::ostringstream def;
    def << kHeader << "seed = " << seed << "\nruns = " << runs << "\n" << fixedText.str();
    if (!pointsFile.empty())
    {
        if (!axes.empty())
        {
            throw SweepError("--points=" + pointsFile + " lists the points; --" + axes[0].option +
                             " " + axes[0].values[0] +
                             ",... cannot add values to them (give it one value, or a column "
                             "in the file)");
        }
        plan.points = ReadPoints(pointsFile);
        for (const auto& [option, value] : plan.points[0].settings)
        {
            if (seen.count(option))
            {
                throw SweepError("--points=" + pointsFile + ": column '" + option +
                                 "' is also given as --" + option + "; give it in one place");
            }
            if (ReservedOptions().count(option))
            {
                throw SweepError("--points=" + pointsFile + ": column '" + option +
                                 "' is not a synfin-run option a sweep can vary");
            }
            plan.columns.push_back(option);
        }
        for (std::size_t i = 0; i < plan.points.size(); ++i)
        {
            for (const auto& [option, value] : plan.points[i].settings)
            {
                def << "point." << i << "." << option << " = " << value << "\n";
            }
        }
    }
    else
    {
        for (const Axis& a : axes)
        {
            plan.columns.push_back(a.option);
            def << "axis." << a.option << " = ";
            for (std::size_t i = 0; i < a.values.size(); ++i)
            {
                def << (i ? "," : "") << a.values[i];
            }
            def << "\n";
        }
        plan.points = CartesianProduct(axes);
    }
    if (shard)
    {
        def << "shard = " << shard->index << "/" << shard->count << "\n";
    }
    plan.definition = def.str();
    return plan;
}

Plan
ParseDefinition(const std::string& definition, const std::string& where)
{
    Plan plan;
    plan.definition = definition;
    std::vector<Axis> axes;
    std::map<std::size_t, Point> points;
    std::istringstream in(definition);
    std::size_t number = 0;
    bool sawRuns = false;
    for (std::string line; std::getline(in, line);)
    {
        ++number;
        if (line.empty() || line[0] == '#')
        {
            continue;
        }
        const std::size_t eq = line.find(" = ");
        if (eq == std::string::npos)
        {
            throw SweepError(where + ":" + std::to_string(number) + ": not key = value");
        }
        const std::string key = line.substr(0, eq);
        const std::string value = line.substr(eq + 3);
        if (key == "seed")
        {
            plan.seed = value;
        }
        else if (key == "runs")
        {
            auto runs = Whole(value);
            if (!runs || *runs == 0)
            {
                throw SweepError(where + ":" + std::to_string(number) + ": bad runs '" + value +
                                 "'");
            }
            plan.runs = static_cast<uint32_t>(*runs);
            sawRuns = true;
        }
        else if (key == "shard")
        {
            plan.shard = ParseShard(value);
        }
        else if (key.rfind("fixed.", 0) == 0)
        {
            plan.fixed.push_back("--" + key.substr(6) + "=" + value);
        }
        else if (key.rfind("axis.", 0) == 0)
        {
            Axis axis{key.substr(5), {}};
            std::stringstream values(value);
            for (std::string v; std::getline(values, v, ',');)
            {
                axis.values.push_back(v);
            }
            axes.push_back(axis);
        }
        else if (key.rfind("point.", 0) == 0)
        {
            const std::size_t dot = key.find('.', 6);
            auto index = dot == std::string::npos ? std::nullopt : Whole(key.substr(6, dot - 6));
            if (!index)
            {
                throw SweepError(where + ":" + std::to_string(number) + ": bad point key '" + key +
                                 "'");
            }
            points[*index].settings.emplace_back(key.substr(dot + 1), value);
        }
        else
        {
            throw SweepError(where + ":" + std::to_string(number) + ": unknown key '" + key + "'");
        }
    }
    if (!sawRuns)
    {
        throw SweepError(where + ": not a synfin-sweep definition (no runs = line)");
    }
    if (!points.empty())
    {
        for (std::size_t i = 0; i < points.size(); ++i)
        {
            if (!points.count(i))
            {
                throw SweepError(where + ": point " + std::to_string(i) + " is missing");
            }
            plan.points.push_back(points[i]);
        }
        for (const auto& [option, value] : plan.points[0].settings)
        {
            plan.columns.push_back(option);
        }
    }
    else
    {
        for (const Axis& a : axes)
        {
            plan.columns.push_back(a.option);
        }
        plan.points = CartesianProduct(axes);
    }
    return plan;
}

} // namespace sweep
} // namespace synfin
