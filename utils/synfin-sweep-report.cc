/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-report.h"

#include "synfin-sweep-metrics.h"
#include "synfin-sweep-stats.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace synfin
{
namespace sweep
{

namespace
{

/// \return \p text as one CSV field: quoted if it holds a comma, quote or line break
std::string
Csv(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
    {
        return text;
    }
    std::string out = "\"";
    for (char c : text)
    {
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    }
    return out + "\"";
}

/// \return \p value with 9 significant digits: stable text for the summary
std::string
Number(double value)
{
    char buffer[40];
    std::snprintf(buffer, sizeof(buffer), "%.9g", value);
    return buffer;
}

} // namespace

SweepTables
MakeTables(const std::vector<std::string>& columns,
           const std::vector<Point>& points,
           uint32_t runs,
           const std::map<std::pair<std::size_t, uint32_t>, RunRecord>& records)
{
    const std::vector<std::string>& metrics = MetricNames();
    std::ostringstream runsCsv;
    std::ostringstream summary;
    std::ostringstream timing;
    std::ostringstream failures;
    SweepTables t;

    runsCsv << "point";
    summary << "point";
    failures << "point";
    for (const std::string& c : columns)
    {
        runsCsv << "," << Csv(c);
        summary << "," << Csv(c);
        failures << "," << Csv(c);
    }
    runsCsv << ",run";
    summary << ",runs,failed";
    for (const std::string& m : metrics)
    {
        runsCsv << "," << m;
        summary << "," << m << "_n," << m << "_mean," << m << "_sd," << m << "_ci95_low," << m
                << "_ci95_high";
    }
    runsCsv << "\n";
    summary << "\n";
    timing << "point,run,attempts,wall_s\n";
    failures << ",run,attempts,failure,command\n";

    for (std::size_t p = 0; p < points.size(); ++p)
    {
        std::string settings;
        for (const auto& [option, value] : points[p].settings)
        {
            settings += "," + Csv(value);
        }
        std::vector<std::vector<double>> values(metrics.size());
        std::size_t ok = 0;
        std::size_t failed = 0;
        for (uint32_t r = 1; r <= runs; ++r)
        {
            auto it = records.find({p, r});
            if (it == records.end())
            {
                continue;
            }
            const RunRecord& rec = it->second;
            char wall[32];
            std::snprintf(wall, sizeof(wall), "%.3f", rec.wallSeconds);
            timing << p << "," << r << "," << rec.attempts << "," << wall << "\n";
            if (!rec.ok)
            {
                ++failed;
                failures << p << settings << "," << r << "," << rec.attempts << ","
                         << Csv(rec.failure) << "," << Csv(rec.command) << "\n";
                continue;
            }
            ++ok;
            runsCsv << p << settings << "," << r;
            for (std::size_t m = 0; m < metrics.size(); ++m)
            {
                const std::string text = m < rec.metrics.size() ? rec.metrics[m] : "";
                runsCsv << "," << text;
                if (!text.empty())
                {
                    values[m].push_back(std::strtod(text.c_str(), nullptr));
                }
            }
            runsCsv << "\n";
        }
        t.succeeded += ok;
        t.failed += failed;
        summary << p << settings << "," << ok << "," << failed;
        for (std::size_t m = 0; m < metrics.size(); ++m)
        {
            const Summary st = Summarize(values[m]);
            summary << "," << st.n;
            if (st.n == 0)
            {
                summary << ",,,,";
                continue;
            }
            summary << "," << Number(st.mean) << "," << Number(st.sd) << "," << Number(st.ciLow)
                    << "," << Number(st.ciHigh);
        }
        summary << "\n";
    }
    t.runs = runsCsv.str();
    t.summary = summary.str();
    t.timing = timing.str();
    t.failures = failures.str();
    return t;
}

} // namespace sweep
} // namespace synfin
