/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-sweep-metrics.h"

#include "synfin-plot-csv.h"
#include "synfin-plot-error.h"
#include "synfin-sweep-error.h"
#include "synfin-sweep-stats.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace synfin
{
namespace sweep
{

namespace
{

/// How a metric is written in runs.csv.
enum class Kind
{
    COUNT,   //!< an integer
    SECONDS, //!< a time, 9 decimals (the recorder's nanoseconds)
    RATE,    //!< a fraction, ratio or mean, 6 decimals
};

/// A metric: its runs.csv column and how it is written.
struct MetricSpec
{
    const char* name; //!< column name
    Kind kind;        //!< format
};

/// Every metric, in runs.csv order (documented in synfin-sweep-metrics.h and doc/synfin.rst).
const MetricSpec kMetrics[] = {
    {"connections", Kind::COUNT},
    {"handshake_mean_s", Kind::SECONDS},
    {"handshake_p50_s", Kind::SECONDS},
    {"handshake_p99_s", Kind::SECONDS},
    {"failure_rate", Kind::RATE},
    {"syn_retx", Kind::COUNT},
    {"synack_retx", Kind::COUNT},
    {"data_retx", Kind::COUNT},
    {"fin_retx", Kind::COUNT},
    {"close_time_mean_s", Kind::SECONDS},
    {"close_time_p99_s", Kind::SECONDS},
    {"shape_four", Kind::COUNT},
    {"shape_three", Kind::COUNT},
    {"shape_five", Kind::COUNT},
    {"shape_simultaneous", Kind::COUNT},
    {"shape_reset", Kind::COUNT},
    {"time_wait_peak", Kind::COUNT},
    {"time_wait_mean", Kind::RATE},
    {"segments_per_connection", Kind::RATE},
    {"sim_time_s", Kind::SECONDS},
};

/// The close_shape values counted, each with its metric.
const std::pair<const char*, const char*> kShapes[] = {
    {"four", "shape_four"},
    {"three", "shape_three"},
    {"five", "shape_five"},
    {"simultaneous", "shape_simultaneous"},
    {"reset", "shape_reset"},
};

/// \return the path of \p file in the folder \p dir
std::string
InFolder(const std::string& dir, const char* file)
{
    return (std::filesystem::path(dir) / file).string();
}

/// \return the mean of \p values, or nothing when there are none
std::optional<double>
Mean(const std::vector<double>& values)
{
    if (values.empty())
    {
        return std::nullopt;
    }
    return Summarize(values).mean;
}

/// \return the quantile \p q of \p values, or nothing when there are none
std::optional<double>
QuantileOf(const std::vector<double>& values, double q)
{
    if (values.empty())
    {
        return std::nullopt;
    }
    return Quantile(values, q);
}

/**
 * Reads stop_time_s from meta.json: the number after the key, without a JSON library (the
 * recorder writes `"stop_time_s": 9.000000000,`; spaces and a quoted number are accepted).
 *
 * \param path meta.json
 * \return the stop time, seconds
 * \throws SweepError if the file cannot be read or has no such number
 */
double
ReadStopTime(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
    {
        throw SweepError(path + ": cannot read file (does the run folder hold the recorder's "
                                "complete output?)");
    }
    std::ostringstream content;
    content << in.rdbuf();
    const std::string json = content.str();
    const std::string key = "\"stop_time_s\"";
    auto pos = json.find(key);
    if (pos == std::string::npos)
    {
        throw SweepError(path + ": no \"stop_time_s\"");
    }
    pos += key.size();
    auto skipSpace = [&json](std::size_t p) {
        while (p < json.size() && std::isspace(static_cast<unsigned char>(json[p])))
        {
            ++p;
        }
        return p;
    };
    pos = skipSpace(pos);
    if (pos >= json.size() || json[pos] != ':')
    {
        throw SweepError(path + ": \"stop_time_s\" is not followed by ':'");
    }
    pos = skipSpace(pos + 1);
    const bool quoted = pos < json.size() && json[pos] == '"';
    if (quoted)
    {
        ++pos;
    }
    const char* start = json.c_str() + pos;
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(start, &end);
    std::size_t after = pos + static_cast<std::size_t>(end - start);
    if (quoted && after < json.size() && json[after] == '"')
    {
        ++after;
    }
    after = skipSpace(after);
    const bool terminated = after >= json.size() || json[after] == ',' || json[after] == '}';
    if (end == start || errno == ERANGE || !terminated || !std::isfinite(value) || value < 0)
    {
        const std::string text = json.substr(pos, json.find_first_of(",}\n", pos) - pos);
        throw SweepError(path + ": \"stop_time_s\" is '" + text +
                         "', expected a number of seconds (>= 0)");
    }
    return value;
}

/// What connections.csv gives.
struct ConnectionFacts
{
    std::size_t connections{0};           //!< rows with a client side
    std::size_t failures{0};              //!< of those, refused, timed out or reset
    std::vector<double> handshakes;       //!< handshake_s present
    std::vector<double> closeTimes;       //!< close_time_s present
    std::map<std::string, double> sums;   //!< retransmission metric -> sum
    std::map<std::string, double> shapes; //!< close_shape metric -> count
};

/**
 * Reads connections.csv.
 * \param path the file
 * \return its facts, over the rows with a conn_client
 * \throws plot::PlotError if it is missing or malformed
 */
ConnectionFacts
ReadConnections(const std::string& path)
{
    static const char* const retx[] = {"syn_retx", "synack_retx", "data_retx", "fin_retx"};
    std::vector<std::string> required = {"conn_client",
                                         "handshake_s",
                                         "close_time_s",
                                         "close_shape",
                                         "outcome"};
    required.insert(required.end(), std::begin(retx), std::end(retx));
    const auto table = plot::CsvTable::Load(path, required);

    ConnectionFacts facts;
    for (const char* column : retx)
    {
        facts.sums[column] = 0;
    }
    for (const auto& [shape, metric] : kShapes)
    {
        facts.shapes[metric] = 0;
    }
    for (std::size_t row = 0; row < table.Rows(); ++row)
    {
        // A server-side child with no client: a spoofed source's half-open connection.
        if (table.Text(row, "conn_client").empty())
        {
            continue;
        }
        ++facts.connections;
        const std::string& outcome = table.Text(row, "outcome");
        if (outcome == "refused" || outcome == "timed_out" || outcome == "reset")
        {
            ++facts.failures;
        }
        if (auto handshake = table.OptionalDouble(row, "handshake_s"))
        {
            facts.handshakes.push_back(*handshake);
        }
        if (auto closeTime = table.OptionalDouble(row, "close_time_s"))
        {
            facts.closeTimes.push_back(*closeTime);
        }
        for (const char* column : retx)
        {
            const auto count = table.OptionalInteger(row, column);
            if (count && *count < 0)
            {
                throw plot::PlotError(table.Where(row, column) + ": negative count");
            }
            facts.sums[column] += static_cast<double>(count.value_or(0));
        }
        const std::string& shape = table.Text(row, "close_shape");
        for (const auto& [name, metric] : kShapes)
        {
            if (shape == name)
            {
                ++facts.shapes[metric];
            }
        }
    }
    return facts;
}

/// What timewait.csv gives.
struct TimeWaitFacts
{
    double peak{0};             //!< the largest total over all nodes
    std::optional<double> mean; //!< the total's time average over [0, stop]
};

/**
 * Reads timewait.csv, a step function per node, and sums the nodes' functions.
 * \param path the file
 * \param stop the end of the run, seconds
 * \return the peak and the time average of the total
 * \throws plot::PlotError if it is missing or malformed
 */
TimeWaitFacts
ReadTimeWait(const std::string& path, double stop)
{
    const auto table = plot::CsvTable::Load(path, {"time_s", "node", "count"});

    /// One step of one node.
    struct Step
    {
        double time;   //!< when
        int64_t node;  //!< whose
        int64_t count; //!< its count from then on
    };

    std::vector<Step> steps;
    steps.reserve(table.Rows());
    for (std::size_t row = 0; row < table.Rows(); ++row)
    {
        Step step{table.Double(row, "time_s"),
                  table.Integer(row, "node"),
                  table.Integer(row, "count")};
        if (!std::isfinite(step.time) || step.time < 0)
        {
            throw plot::PlotError(table.Where(row, "time_s") + ": '" + table.Text(row, "time_s") +
                                  "' is not a time >= 0");
        }
        if (step.count < 0)
        {
            throw plot::PlotError(table.Where(row, "count") + ": negative count");
        }
        steps.push_back(step);
    }
    // The file is in time order; a stable sort keeps the order within an instant, where
    // a node's last row is its count after that instant.
    std::stable_sort(steps.begin(), steps.end(), [](const Step& a, const Step& b) {
        return a.time < b.time;
    });

    std::map<int64_t, int64_t> counts;
    int64_t total = 0;
    int64_t peak = 0;
    double area = 0;
    double integrated = 0; // the total is integrated over [0, integrated]
    std::size_t i = 0;
    while (i < steps.size())
    {
        const double now = steps[i].time;
        const double until = std::min(now, stop);
        if (until > integrated)
        {
            area += static_cast<double>(total) * (until - integrated);
            integrated = until;
        }
        // Every row of this instant first, then the peak: a record that leaves as another
        // enters at the same instant never makes two.
        for (; i < steps.size() && steps[i].time == now; ++i)
        {
            int64_t& count = counts[steps[i].node];
            total += steps[i].count - count;
            count = steps[i].count;
        }
        peak = std::max(peak, total);
    }
    if (stop > integrated)
    {
        area += static_cast<double>(total) * (stop - integrated);
    }

    TimeWaitFacts facts;
    facts.peak = static_cast<double>(peak);
    if (stop > 0)
    {
        facts.mean = area / stop;
    }
    return facts;
}

/**
 * Counts the tx rows of segments.csv, streaming it: only the event column is looked at,
 * and every line is checked to have the header's number of fields.
 * \param path the file
 * \return the number of rows whose event is "tx"
 * \throws SweepError if it is missing, has no event column or has a malformed line
 */
uint64_t
CountTransmissions(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
    {
        throw SweepError(path + ": cannot read file (does the run folder hold the recorder's "
                                "output?)");
    }
    std::string line;
    if (!std::getline(in, line))
    {
        throw SweepError(path + ":1: empty file, expected a header line");
    }
    if (!line.empty() && line.back() == '\r')
    {
        line.pop_back();
    }
    std::size_t fieldCount = 1;
    std::size_t eventIndex = 0;
    bool haveEvent = false;
    std::size_t start = 0;
    while (true)
    {
        const auto comma = line.find(',', start);
        const auto end = comma == std::string::npos ? line.size() : comma;
        if (!haveEvent && line.compare(start, end - start, "event") == 0)
        {
            eventIndex = fieldCount - 1;
            haveEvent = true;
        }
        if (comma == std::string::npos)
        {
            break;
        }
        ++fieldCount;
        start = comma + 1;
    }
    if (!haveEvent)
    {
        throw SweepError(path + ":1: missing column 'event'");
    }

    uint64_t transmissions = 0;
    uint64_t lineNo = 1;
    while (std::getline(in, line))
    {
        ++lineNo;
        if (!line.empty() && line.back() == '\r')
        {
            line.pop_back();
        }
        if (line.empty())
        {
            continue;
        }
        // One pass over the commas: the field count, and where the event field lies.
        std::size_t fields = 1;
        std::size_t eventStart = eventIndex == 0 ? 0 : std::string::npos;
        std::size_t eventEnd = std::string::npos;
        for (auto comma = line.find(','); comma != std::string::npos;
             comma = line.find(',', comma + 1))
        {
            if (fields - 1 == eventIndex)
            {
                eventEnd = comma;
            }
            ++fields;
            if (fields - 1 == eventIndex)
            {
                eventStart = comma + 1;
            }
        }
        if (fields != fieldCount)
        {
            std::ostringstream msg;
            msg << path << ":" << lineNo << ": " << fields << " fields, but the header has "
                << fieldCount;
            throw SweepError(msg.str());
        }
        if (eventEnd == std::string::npos)
        {
            eventEnd = line.size();
        }
        if (line.compare(eventStart, eventEnd - eventStart, "tx") == 0)
        {
            ++transmissions;
        }
    }
    if (in.bad())
    {
        throw SweepError(path + ": read error after line " + std::to_string(lineNo));
    }
    return transmissions;
}

/// \return the format of the metric \p name; \throws std::invalid_argument if unknown
Kind
KindOf(const std::string& name)
{
    for (const auto& metric : kMetrics)
    {
        if (name == metric.name)
        {
            return metric.kind;
        }
    }
    throw std::invalid_argument("FormatMetric: '" + name + "' is not a sweep metric");
}

} // namespace

const std::vector<std::string>&
MetricNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> list;
        for (const auto& metric : kMetrics)
        {
            list.emplace_back(metric.name);
        }
        return list;
    }();
    return names;
}

RunMetrics
ComputeMetrics(const std::string& dir)
{
    std::map<std::string, std::optional<double>> byName;
    try
    {
        const double stop = ReadStopTime(InFolder(dir, "meta.json"));
        const ConnectionFacts conns = ReadConnections(InFolder(dir, "connections.csv"));
        const TimeWaitFacts timeWait = ReadTimeWait(InFolder(dir, "timewait.csv"), stop);
        const uint64_t transmissions = CountTransmissions(InFolder(dir, "segments.csv"));

        const auto connections = static_cast<double>(conns.connections);
        byName["connections"] = connections;
        byName["handshake_mean_s"] = Mean(conns.handshakes);
        byName["handshake_p50_s"] = QuantileOf(conns.handshakes, 0.5);
        byName["handshake_p99_s"] = QuantileOf(conns.handshakes, 0.99);
        if (conns.connections > 0)
        {
            byName["failure_rate"] = static_cast<double>(conns.failures) / connections;
            byName["segments_per_connection"] = static_cast<double>(transmissions) / connections;
        }
        for (const auto& [metric, sum] : conns.sums)
        {
            byName[metric] = sum;
        }
        byName["close_time_mean_s"] = Mean(conns.closeTimes);
        byName["close_time_p99_s"] = QuantileOf(conns.closeTimes, 0.99);
        for (const auto& [metric, count] : conns.shapes)
        {
            byName[metric] = count;
        }
        byName["time_wait_peak"] = timeWait.peak;
        byName["time_wait_mean"] = timeWait.mean;
        byName["sim_time_s"] = stop;
    }
    catch (const plot::PlotError& e)
    {
        throw SweepError(e.what());
    }

    RunMetrics metrics;
    for (const auto& name : MetricNames())
    {
        auto it = byName.find(name);
        metrics.values.emplace_back(name, it == byName.end() ? std::nullopt : it->second);
    }
    return metrics;
}

std::string
FormatMetric(const std::string& name, const std::optional<double>& value)
{
    const Kind kind = KindOf(name);
    if (!value || !std::isfinite(*value))
    {
        return "";
    }
    const char* format = "%.0f";
    if (kind == Kind::SECONDS)
    {
        format = "%.9f";
    }
    else if (kind == Kind::RATE)
    {
        format = "%.6f";
    }
    const int length = std::snprintf(nullptr, 0, format, *value);
    std::string text(static_cast<std::size_t>(length), '\0');
    std::snprintf(text.data(), text.size() + 1, format, *value);
    // -0.0, or a tiny negative rounding error, would print as "-0.000": one zero, one text.
    if (!text.empty() && text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos)
    {
        text.erase(0, 1);
    }
    return text;
}

} // namespace sweep
} // namespace synfin
