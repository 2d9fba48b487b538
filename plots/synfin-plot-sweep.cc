/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-sweep.h"

#include "synfin-plot-csv.h"
#include "synfin-plot-error.h"
#include "synfin-plot-style.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

namespace synfin
{
namespace plot
{

namespace
{

/// \return the columns of the header line of \p path, in order
std::vector<std::string>
HeaderOf(const std::string& path)
{
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::vector<std::string> columns;
    std::stringstream fields(line);
    for (std::string c; std::getline(fields, c, ',');)
    {
        columns.push_back(c);
    }
    return columns;
}

/// \return \p text split into a number and its unit ("20ms" -> 20, "ms"), if it is one
bool
NumberWithUnit(const std::string& text, double& number, std::string& unit)
{
    const char* begin = text.c_str();
    char* end = nullptr;
    number = std::strtod(begin, &end);
    if (end == begin || !std::isfinite(number))
    {
        return false;
    }
    unit = std::string(end);
    return unit.find_first_of("0123456789.,:") == std::string::npos;
}

/// \return the values of \p list joined by ", "
std::string
Join(const std::vector<std::string>& list)
{
    std::string out;
    for (const std::string& s : list)
    {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

} // namespace

Figure
MakeSweepFigure(const std::string& folder, const SweepFigureSpec& spec)
{
    const std::string path = (std::filesystem::path(folder) / "summary.csv").string();
    if (!std::filesystem::is_regular_file(path))
    {
        throw PlotError(path + ": not found (expected the output folder of synfin-sweep, "
                               "holding summary.csv)");
    }
    const std::vector<std::string> header = HeaderOf(path);
    const auto runsAt = std::find(header.begin(), header.end(), "runs");
    if (header.empty() || header[0] != "point" || runsAt == header.end())
    {
        throw PlotError(path + ": not a synfin-sweep summary (its header starts point, the "
                               "varied options, runs)");
    }
    const std::vector<std::string> varied(header.begin() + 1, runsAt);
    auto isVaried = [&varied](const std::string& c) {
        return std::find(varied.begin(), varied.end(), c) != varied.end();
    };
    const std::string allowed = varied.empty() ? "none" : Join(varied);
    if (!isVaried(spec.x))
    {
        throw PlotError("--x " + spec.x +
                        ": not an option this sweep varies (it varies: " + allowed + ")");
    }
    if (!spec.by.empty() && (!isVaried(spec.by) || spec.by == spec.x))
    {
        throw PlotError("--by " + spec.by +
                        ": not another option this sweep varies (it varies: " + allowed + ")");
    }
    for (const auto& [option, value] : spec.where)
    {
        if (!isVaried(option) || option == spec.x || option == spec.by)
        {
            throw PlotError("--where " + option + "=" + value +
                            ": not another option this sweep varies (it varies: " + allowed + ")");
        }
    }
    std::string y = spec.y;
    if (std::find(header.begin(), header.end(), y + "_mean") == header.end() &&
        std::find(header.begin(), header.end(), y + "_s_mean") != header.end())
    {
        y += "_s";
    }
    if (std::find(header.begin(), header.end(), y + "_mean") == header.end())
    {
        std::vector<std::string> metrics;
        for (const std::string& c : header)
        {
            if (c.size() > 5 && c.compare(c.size() - 5, 5, "_mean") == 0)
            {
                metrics.push_back(c.substr(0, c.size() - 5));
            }
        }
        throw PlotError("--y " + spec.y +
                        ": not a metric of this sweep (metrics: " + Join(metrics) + ")");
    }

    std::vector<std::string> required = varied;
    for (const char* suffix : {"_mean", "_ci95_low", "_ci95_high"})
    {
        required.push_back(y + suffix);
    }
    const CsvTable t = CsvTable::Load(path, required);

    // Every other varied option must be held at one value.
    std::vector<std::size_t> rows;
    for (std::size_t r = 0; r < t.Rows(); ++r)
    {
        bool keep = true;
        for (const auto& [option, value] : spec.where)
        {
            keep = keep && t.Text(r, option) == value;
        }
        if (keep)
        {
            rows.push_back(r);
        }
    }
    for (const auto& [option, value] : spec.where)
    {
        if (rows.empty())
        {
            throw PlotError("--where " + option + "=" + value + ": no point of this sweep has it");
        }
    }
    for (const std::string& option : varied)
    {
        if (option == spec.x || option == spec.by || spec.where.count(option))
        {
            continue;
        }
        std::vector<std::string> values;
        for (std::size_t r : rows)
        {
            if (std::find(values.begin(), values.end(), t.Text(r, option)) == values.end())
            {
                values.push_back(t.Text(r, option));
            }
        }
        if (values.size() > 1)
        {
            throw PlotError("'" + option + "' varies too (" + Join(values) +
                            "): draw it with --by " + option + ", or hold it with --where " +
                            option + "=" + values[0]);
        }
    }

    // x: numbers with one unit, else names in the sweep's order.
    std::vector<std::string> xNames;
    bool numeric = true;
    std::string unit;
    std::vector<double> xs;
    for (std::size_t r : rows)
    {
        const std::string& text = t.Text(r, spec.x);
        if (std::find(xNames.begin(), xNames.end(), text) == xNames.end())
        {
            xNames.push_back(text);
        }
        double number = 0;
        std::string u;
        if (!NumberWithUnit(text, number, u) || (xs.size() > 0 && u != unit))
        {
            numeric = false;
        }
        unit = u;
        xs.push_back(number);
    }
    auto xOf = [&](std::size_t r) {
        const std::string& text = t.Text(r, spec.x);
        if (numeric)
        {
            return std::strtod(text.c_str(), nullptr);
        }
        return static_cast<double>(std::find(xNames.begin(), xNames.end(), text) - xNames.begin());
    };
    std::vector<double> distinct;
    for (std::size_t r : rows)
    {
        distinct.push_back(xOf(r));
    }
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    bool logX = numeric && distinct.size() >= 3 && distinct.front() > 0;
    for (std::size_t i = 2; logX && i < distinct.size(); ++i)
    {
        const double a = distinct[i - 1] / distinct[i - 2];
        const double b = distinct[i] / distinct[i - 1];
        logX = a > 1.01 && std::abs(a - b) < 1e-6 * a;
    }

    // One line per value of --by.
    std::vector<std::string> groups;
    for (std::size_t r : rows)
    {
        const std::string g = spec.by.empty() ? "" : t.Text(r, spec.by);
        if (std::find(groups.begin(), groups.end(), g) == groups.end())
        {
            groups.push_back(g);
        }
    }
    std::string name = "sweep-" + y + "-vs-" + spec.x + (spec.by.empty() ? "" : "-by-" + spec.by);
    Figure fig;
    fig.name = name;
    fig.summary = y + " against " + spec.x + (spec.by.empty() ? "" : " by " + spec.by) +
                  ", 95% confidence intervals";
    fig.heightInches = 2.6;
    std::ostringstream plot;
    std::size_t drawn = 0;
    for (std::size_t g = 0; g < groups.size(); ++g)
    {
        DataFile data{name + "-" + std::to_string(g) + ".dat", "x mean ci95_low ci95_high", {}};
        std::vector<std::pair<double, std::vector<std::string>>> points;
        for (std::size_t r : rows)
        {
            if (!spec.by.empty() && t.Text(r, spec.by) != groups[g])
            {
                continue;
            }
            const auto mean = t.OptionalDouble(r, y + "_mean");
            if (!mean)
            {
                continue; // no run had the metric
            }
            const double lo = t.OptionalDouble(r, y + "_ci95_low").value_or(*mean);
            const double hi = t.OptionalDouble(r, y + "_ci95_high").value_or(*mean);
            points.push_back({xOf(r), {Num(xOf(r), 9), Num(*mean, 9), Num(lo, 9), Num(hi, 9)}});
        }
        std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) {
            return a.first < b.first;
        });
        for (auto& p : points)
        {
            data.rows.push_back(std::move(p.second));
        }
        if (data.rows.empty())
        {
            continue;
        }
        plot << (drawn ? ", \\\n" : "") << "    '" << data.name
             << "' using 1:2:3:4 with yerrorlines lw 1.2 pt 7 ps 0.5 lc rgb '"
             << PlotStyle::SeriesColour(g) << "' "
             << (spec.by.empty() ? std::string("notitle")
                                 : "title " + GpString(spec.by + " " + groups[g]));
        fig.data.push_back(std::move(data));
        ++drawn;
    }
    if (drawn == 0)
    {
        throw PlotError(path + ": no point has " + y + ", nothing to draw");
    }

    std::ostringstream b;
    fig.title = y + " against " + spec.x;
    b << "set xlabel " << GpString(spec.x + (numeric && !unit.empty() ? " (" + unit + ")" : ""))
      << "\n";
    b << "set ylabel " << GpString(y + " (mean, 95% CI)") << "\n";
    if (logX)
    {
        b << "set logscale x\nset format x '%g'\n";
        b << "set xrange [" << Num(distinct.front() / 1.2, 9) << ":"
          << Num(distinct.back() * 1.2, 9) << "]\n";
    }
    else if (!numeric)
    {
        b << "set xtics (";
        for (std::size_t i = 0; i < xNames.size(); ++i)
        {
            b << (i ? ", " : "") << GpString(xNames[i]) << " " << i;
        }
        b << ")\nset xrange [-0.5:" << Num(xNames.size() - 0.5, 1) << "]\n";
    }
    else
    {
        const double span = distinct.back() - distinct.front();
        const double pad = span > 0 ? span * 0.05 : 1;
        b << "set xrange [" << Num(distinct.front() - pad, 9) << ":"
          << Num(distinct.back() + pad, 9) << "]\n";
    }
    b << (spec.by.empty() ? "" : "set key below Left reverse samplen 2 font ',6'\n");
    b << "plot \\\n" << plot.str() << "\n";
    fig.body = b.str();
    return fig;
}

} // namespace plot
} // namespace synfin
