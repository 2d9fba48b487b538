/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-plot-meta.h"

#include "synfin-plot-error.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace synfin
{
namespace plot
{

namespace
{

/**
 * \return the value that follows "\p key": in \p json, unquoted, or nothing if the key
 *         is absent. Strings lose their quotes; numbers come back as written.
 */
std::optional<std::string>
FindValue(const std::string& json, const std::string& key)
{
    const std::string quoted = "\"" + key + "\"";
    auto pos = json.find(quoted);
    if (pos == std::string::npos)
    {
        return std::nullopt;
    }
    pos = json.find(':', pos + quoted.size());
    if (pos == std::string::npos)
    {
        return std::nullopt;
    }
    ++pos;
    while (pos < json.size() && std::isspace(static_cast<unsigned char>(json[pos])))
    {
        ++pos;
    }
    if (pos < json.size() && json[pos] == '"')
    {
        const auto end = json.find('"', pos + 1);
        if (end == std::string::npos)
        {
            return std::nullopt;
        }
        return json.substr(pos + 1, end - pos - 1);
    }
    auto end = pos;
    while (end < json.size() && json[end] != ',' && json[end] != '}' && json[end] != '\n' &&
           !std::isspace(static_cast<unsigned char>(json[end])))
    {
        ++end;
    }
    return json.substr(pos, end - pos);
}

} // namespace

std::optional<double>
ParseTimeSeconds(const std::string& text)
{
    if (text.empty())
    {
        return std::nullopt;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str())
    {
        return std::nullopt;
    }
    const std::string unit(end);
    // The units ns3::Time prints and accepts (Time::Unit), in seconds.
    static const std::pair<const char*, double> units[] = {{"", 1.0},
                                                           {"s", 1.0},
                                                           {"ms", 1e-3},
                                                           {"us", 1e-6},
                                                           {"ns", 1e-9},
                                                           {"ps", 1e-12},
                                                           {"fs", 1e-15},
                                                           {"min", 60.0},
                                                           {"h", 3600.0},
                                                           {"d", 86400.0}};
    for (const auto& [name, scale] : units)
    {
        if (unit == name)
        {
            return value * scale;
        }
    }
    return std::nullopt;
}

RunMeta
LoadRunMeta(const std::string& path)
{
    RunMeta meta;
    meta.mslSeconds = kDefaultMslSeconds;
    std::ifstream in(path);
    if (!in)
    {
        return meta;
    }
    std::ostringstream text;
    text << in.rdbuf();
    const std::string json = text.str();

    if (auto msl = FindValue(json, "ns3::SynFinSocket::Msl"))
    {
        auto seconds = ParseTimeSeconds(*msl);
        if (!seconds || *seconds < 0)
        {
            throw PlotError(path + ": \"ns3::SynFinSocket::Msl\" is '" + *msl +
                            "', expected a time such as \"+30s\" or \"+500ms\"");
        }
        meta.mslSeconds = *seconds;
        meta.mslFromMeta = true;
    }
    if (auto tw = FindValue(json, "ns3::SynFinSocket::TimeWaitDuration"))
    {
        auto seconds = ParseTimeSeconds(*tw);
        if (!seconds || *seconds < 0)
        {
            throw PlotError(path + ": \"ns3::SynFinSocket::TimeWaitDuration\" is '" + *tw +
                            "', expected a time such as \"+60s\"");
        }
        if (*seconds > 0)
        {
            meta.timeWaitSeconds = *seconds;
        }
    }
    // The recorder's key for the stop time is not pinned by the contract; accept the
    // spellings it may reasonably use, and fall back to the data's last time otherwise.
    for (const char* key : {"stop_s", "stop_time_s", "stop_time", "stopTime"})
    {
        if (auto stop = FindValue(json, key))
        {
            if (auto seconds = ParseTimeSeconds(*stop))
            {
                meta.stopSeconds = *seconds;
                break;
            }
        }
    }
    return meta;
}

} // namespace plot
} // namespace synfin
