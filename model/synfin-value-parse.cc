/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Strict parsing of the values users type: times, rates, probabilities, counts.
 */

#include "synfin-value-parse.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <sstream>

namespace ns3
{

namespace
{

/**
 * Split "12.5ms" into its number and its suffix. The number is a plain decimal with an
 * optional exponent; there is no sign (callers reject negative values by grammar).
 * \return false if there is no number or it is not finite
 */
bool
SplitNumber(const std::string& text, double& number, std::string& suffix)
{
    std::size_t i = 0;
    std::size_t digits = 0;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
    {
        ++i;
        ++digits;
    }
    if (i < text.size() && text[i] == '.')
    {
        ++i;
        while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])))
        {
            ++i;
            ++digits;
        }
    }
    if (digits == 0)
    {
        return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E'))
    {
        std::size_t j = i + 1;
        if (j < text.size() && (text[j] == '+' || text[j] == '-'))
        {
            ++j;
        }
        std::size_t expDigits = 0;
        while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j])))
        {
            ++j;
            ++expDigits;
        }
        if (expDigits > 0)
        {
            i = j;
        }
    }
    number = std::strtod(text.substr(0, i).c_str(), nullptr);
    suffix = text.substr(i);
    return std::isfinite(number);
}

} // namespace

bool
SynFinValueParse::Time(const std::string& text, ns3::Time& out, std::string& error)
{
    static const char* const units[] = {"d", "h", "min", "s", "ms", "us", "ns", "ps", "fs"};
    const std::string expected =
        "expected a non-negative time such as 20ms or 1.5s (units d, h, min, s, ms, us, ns, "
        "ps, fs)";
    if (!text.empty() && text[0] == '-')
    {
        error = "a time must not be negative; " + expected;
        return false;
    }
    double number = 0;
    std::string unit;
    if (!SplitNumber(text, number, unit))
    {
        error = expected;
        return false;
    }
    bool known = unit.empty();
    for (const char* u : units)
    {
        known = known || unit == u;
    }
    if (!known)
    {
        error = "unknown time unit '" + unit + "'; " + expected;
        return false;
    }
    static const std::map<std::string, double> seconds{{"", 1},
                                                       {"d", 86400},
                                                       {"h", 3600},
                                                       {"min", 60},
                                                       {"s", 1},
                                                       {"ms", 1e-3},
                                                       {"us", 1e-6},
                                                       {"ns", 1e-9},
                                                       {"ps", 1e-12},
                                                       {"fs", 1e-15}};
    // Far below what int64 nanoseconds hold (292 years), so nothing wraps.
    if (number * seconds.at(unit) > 1e9)
    {
        error = "a time of at most 1e9 s (about 31 years); " + expected;
        return false;
    }
    // Checked above, so ns-3's parser cannot abort on it.
    out = ns3::Time(unit.empty() ? text + "s" : text);
    return true;
}

bool
SynFinValueParse::Rate(const std::string& text, DataRate& out, std::string& error)
{
    const std::string expected = "expected a positive data rate such as 10Mbps, 1.5Gbps or "
                                 "100kb/s";
    double number = 0;
    std::string unit;
    if (text.empty() || text[0] == '-' || !SplitNumber(text, number, unit) || unit.empty())
    {
        error = expected;
        return false;
    }
    std::istringstream is(text);
    DataRate rate;
    is >> rate;
    if (is.fail() || text.find_first_of(" \t") != std::string::npos)
    {
        error = "unknown rate unit '" + unit + "'; " + expected;
        return false;
    }
    if (rate.GetBitRate() == 0)
    {
        error = "a rate must be positive; " + expected;
        return false;
    }
    out = rate;
    return true;
}

bool
SynFinValueParse::Probability(const std::string& text, double& out, std::string& error)
{
    double number = 0;
    std::string rest;
    if (text.empty() || text[0] == '-' || !SplitNumber(text, number, rest) || !rest.empty() ||
        number > 1)
    {
        error = "expected a probability from 0 to 1";
        return false;
    }
    out = number;
    return true;
}

bool
SynFinValueParse::Count(const std::string& text,
                        uint64_t min,
                        uint64_t max,
                        uint64_t& out,
                        std::string& error)
{
    const std::string expected =
        "expected a whole number from " + std::to_string(min) + " to " + std::to_string(max);
    if (text.empty() || text.size() > 19)
    {
        error = expected;
        return false;
    }
    for (char c : text)
    {
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
            error = expected;
            return false;
        }
    }
    uint64_t value = std::strtoull(text.c_str(), nullptr, 10);
    if (value < min || value > max)
    {
        error = expected;
        return false;
    }
    out = value;
    return true;
}

} // namespace ns3
