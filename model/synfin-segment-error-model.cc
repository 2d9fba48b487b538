/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

#include "synfin-segment-error-model.h"

#include "ns3/abort.h"
#include "ns3/assert.h"
#include "ns3/log.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <iterator>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinSegmentErrorModel");

NS_OBJECT_ENSURE_REGISTERED(SynFinSegmentErrorModel);

namespace
{

/// IPv4 protocol number of TCP.
constexpr uint8_t TCP_PROTOCOL = 6;
/// PPP protocol field value for IPv4 (RFC 1332).
constexpr uint16_t PPP_PROTOCOL_IPV4 = 0x0021;
/// EtherType of IPv4.
constexpr uint16_t ETHERTYPE_IPV4 = 0x0800;
/// Largest value of an IEEE 802.3 length field; above it the field is an EtherType.
constexpr uint16_t ETHERNET_MAX_LENGTH = 1500;
/// Size of a PPP header as written by PointToPointNetDevice.
constexpr uint32_t PPP_HEADER_SIZE = 2;
/// Size of an Ethernet header without preamble.
constexpr uint32_t ETHERNET_HEADER_SIZE = 14;
/// Size of an LLC/SNAP header.
constexpr uint32_t LLC_SNAP_HEADER_SIZE = 8;
/// Smallest IPv4 header.
constexpr uint32_t IPV4_MIN_HEADER_SIZE = 20;
/// Smallest TCP header.
constexpr uint32_t TCP_MIN_HEADER_SIZE = 20;
/// Bytes of the frame inspected to find the IPv4 header (Ethernet + LLC/SNAP + IPv4 fixed part).
constexpr uint32_t PROBE_SIZE = ETHERNET_HEADER_SIZE + LLC_SNAP_HEADER_SIZE + IPV4_MIN_HEADER_SIZE;
/// Flags compared exactly by an exact rule; the others only need to be set if named.
constexpr uint8_t CONTROL_FLAGS = TcpHeader::SYN | TcpHeader::ACK | TcpHeader::FIN | TcpHeader::RST;

/// A flag name of the rule grammar and its bit.
struct FlagName
{
    const char* name; //!< Upper-case name.
    uint8_t bit;      //!< TcpHeader::Flags_t bit.
};

/// Flag names, in the order ToString writes them.
constexpr FlagName FLAG_NAMES[] = {
    {"SYN", TcpHeader::SYN},
    {"FIN", TcpHeader::FIN},
    {"RST", TcpHeader::RST},
    {"ACK", TcpHeader::ACK},
    {"PSH", TcpHeader::PSH},
    {"URG", TcpHeader::URG},
    {"ECE", TcpHeader::ECE},
    {"CWR", TcpHeader::CWR},
};

/// What the grammar allows as flags, for error messages.
const char* const ALLOWED_FLAGS =
    "'|'-joined names among SYN, ACK, FIN, RST, PSH, URG, ECE, CWR, optionally prefixed by '+' "
    "(contains), or ANY (every segment) or NONE (no SYN/ACK/FIN/RST)";

/// What the grammar allows as a time window, for error messages.
const char* const ALLOWED_WINDOW =
    "'[START,END]' or '[START,]' (no end) last in the rule, each bound a non-negative decimal "
    "number and a unit among s, ms, us, ns, ps, fs, min, h, d, e.g. '[2s,2500ms]'";

/// A time unit of the window grammar.
struct TimeUnit
{
    const char* name; //!< Name, as ns-3's Time string constructor spells it.
    double seconds;   //!< Length in seconds, to check the range before building a Time.
};

/// Units accepted in a window; the first six are SI units 1000 times apart, coarsest first.
constexpr TimeUnit TIME_UNITS[] = {
    {"s", 1.0},
    {"ms", 1e-3},
    {"us", 1e-6},
    {"ns", 1e-9},
    {"ps", 1e-12},
    {"fs", 1e-15},
    {"min", 60.0},
    {"h", 3600.0},
    {"d", 86400.0},
};

/// Number of SI units at the start of TIME_UNITS.
constexpr std::size_t SI_UNIT_COUNT = 6;

/**
 * \param text a string
 * \return \p text without leading and trailing blanks
 */
std::string
Trim(const std::string& text)
{
    const auto isBlank = [](unsigned char c) { return std::isspace(c) != 0; };
    auto first = std::find_if_not(text.begin(), text.end(), isBlank);
    auto last = std::find_if_not(text.rbegin(), text.rend(), isBlank).base();
    return first < last ? std::string(first, last) : std::string();
}

/**
 * \param text a string
 * \return \p text in upper case
 */
std::string
ToUpper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
        return static_cast<char>(std::toupper(c));
    });
    return text;
}

/**
 * \brief Parse a decimal number made of digits only.
 * \param text the text
 * \param max the largest accepted value
 * \param value receives the number
 * \return true if \p text is a decimal number not above \p max
 */
bool
ParseDecimal(const std::string& text, uint64_t max, uint64_t& value)
{
    if (text.empty() || text.size() > 10)
    {
        return false;
    }
    uint64_t result = 0;
    for (char c : text)
    {
        if (!std::isdigit(static_cast<unsigned char>(c)))
        {
            return false;
        }
        result = result * 10 + static_cast<uint64_t>(c - '0');
    }
    if (result > max)
    {
        return false;
    }
    value = result;
    return true;
}

/**
 * \brief Parse a dotted-quad IPv4 address, or "*" for any address.
 * \param text the text
 * \param address receives the address
 * \return true if \p text is a valid address
 */
bool
ParseAddress(const std::string& text, Ipv4Address& address)
{
    if (text == "*")
    {
        address = Ipv4Address::GetAny();
        return true;
    }
    uint32_t host = 0;
    std::size_t start = 0;
    for (int part = 0; part < 4; ++part)
    {
        std::size_t end = (part < 3) ? text.find('.', start) : text.size();
        if (end == std::string::npos)
        {
            return false;
        }
        uint64_t byte = 0;
        if (end - start > 3 || !ParseDecimal(text.substr(start, end - start), 255, byte))
        {
            return false;
        }
        host = (host << 8) | static_cast<uint32_t>(byte);
        start = end + 1;
    }
    address = Ipv4Address(host);
    return true;
}

/**
 * \brief Parse one bound of a time window.
 *
 * The text is checked here, character by character, because ns-3's Time string constructor
 * aborts the program on a string it cannot read. A fractional number of an SI unit is then
 * rewritten as an integer of a finer unit ("0.3s" -> "300ms"), so that Time's conversion
 * from a double cannot land one step below the intended instant in releases that truncate.
 * \param text the bound, trimmed
 * \param which "START" or "END", for the error message
 * \param window the whole window text, for the error message
 * \param value receives the time
 * \param error receives the reason on failure
 * \return true on success
 */
bool
ParseTimeBound(const std::string& text,
               const char* which,
               const std::string& window,
               Time& value,
               std::string& error)
{
    const std::string where = std::string(" in time window '") + window + "'";
    if (text.empty())
    {
        error = std::string("missing ") + which + where + " (allowed: " + ALLOWED_WINDOW + ")";
        return false;
    }
    if (text.front() == '-')
    {
        error = std::string("negative ") + which + " '" + text + "'" + where +
                " (allowed: a time at or after 0, e.g. 0s)";
        return false;
    }
    std::size_t unitAt = text.find_first_not_of("0123456789.");
    std::string number = text.substr(0, unitAt == std::string::npos ? text.size() : unitAt);
    std::string unitName = unitAt == std::string::npos ? std::string() : text.substr(unitAt);
    std::size_t dot = number.find('.');
    bool numberOk = !number.empty() && number.front() != '.' && number.back() != '.' &&
                    (dot == std::string::npos || number.find('.', dot + 1) == std::string::npos);
    std::size_t unit = 0;
    while (unit < std::size(TIME_UNITS) && unitName != TIME_UNITS[unit].name)
    {
        ++unit;
    }
    if (!numberOk || unit == std::size(TIME_UNITS))
    {
        error = std::string("bad ") + which + " '" + text + "'" + where +
                " (allowed: a non-negative decimal number and a unit among s, ms, us, ns, ps, "
                "fs, min, h, d, with no blank between them, e.g. 2s or 2500ms)";
        return false;
    }

    // Checked in seconds before any Time exists: a Time beyond its int64 range would wrap.
    double seconds = std::strtod(number.c_str(), nullptr) * TIME_UNITS[unit].seconds;
    if (!(seconds < Time::Max().GetSeconds()))
    {
        std::ostringstream limit;
        limit << Time::Max().GetSeconds();
        error = std::string(which) + " '" + text + "'" + where +
                " is beyond the largest simulation time (allowed: below " + limit.str() + "s)";
        return false;
    }

    std::string whole = number.substr(0, dot);
    std::string fraction = dot == std::string::npos ? std::string() : number.substr(dot + 1);
    fraction.erase(fraction.find_last_not_of('0') + 1);
    // min, h and d come after the SI units, so they are never rewritten.
    while (!fraction.empty() && unit + 1 < SI_UNIT_COUNT)
    {
        std::string moved = fraction.substr(0, 3);
        moved.append(3 - moved.size(), '0');
        whole += moved;
        fraction.erase(0, std::min<std::size_t>(3, fraction.size()));
        ++unit;
    }
    whole.erase(0, std::min(whole.find_first_not_of('0'), whole.size() - 1));
    value = Time(whole + (fraction.empty() ? "" : "." + fraction) + TIME_UNITS[unit].name);
    return true;
}

/**
 * \brief Parse the "[START,END]" suffix of a rule.
 * \param window the window text, brackets included
 * \param rule receives the window
 * \param error receives the reason on failure
 * \return true on success
 */
bool
ParseWindow(const std::string& window, SynFinSegmentErrorModel::Rule& rule, std::string& error)
{
    std::string inside = window.substr(1, window.size() - 2);
    std::size_t comma = inside.find(',');
    if (comma == std::string::npos || inside.find(',', comma + 1) != std::string::npos)
    {
        error = "bad time window '" + window + "' (allowed: " + ALLOWED_WINDOW + ")";
        return false;
    }
    Time start;
    if (!ParseTimeBound(Trim(inside.substr(0, comma)), "START", window, start, error))
    {
        return false;
    }
    Time end = Time::Max();
    std::string endText = Trim(inside.substr(comma + 1));
    if (!endText.empty() && !ParseTimeBound(endText, "END", window, end, error))
    {
        return false;
    }
    if (end <= start)
    {
        error = "empty time window '" + window +
                "' (allowed: END after START, the window being START <= t < END at the "
                "simulator's time resolution; '[START,]' for no end)";
        return false;
    }
    rule.windowStart = start;
    rule.windowEnd = end;
    return true;
}

/**
 * \brief Write a window bound so that ParseTimeBound reads back the same Time.
 * \param t the time, not negative
 * \return an integer and the coarsest unit that holds \p t exactly, e.g. "2500ms"
 */
std::string
FormatTime(Time t)
{
    int64_t steps = t.GetTimeStep();
    int resolution = static_cast<int>(Time::GetResolution());
    std::ostringstream oss;
    if (resolution >= Time::S && resolution <= Time::FS)
    {
        // Try the SI units from the coarsest down to the resolution, where the division is
        // exact at the latest.
        for (int unit = Time::S; unit <= resolution; ++unit)
        {
            int64_t ratio = 1;
            for (int i = unit; i < resolution; ++i)
            {
                ratio *= 1000;
            }
            if (steps % ratio == 0)
            {
                oss << steps / ratio << TIME_UNITS[unit - Time::S].name;
                return oss.str();
            }
        }
    }
    // A resolution coarser than the second: the steps are minutes, hours, days or years.
    switch (resolution)
    {
    case Time::MIN:
        oss << steps << "min";
        break;
    case Time::H:
        oss << steps << "h";
        break;
    case Time::D:
        oss << steps << "d";
        break;
    default:
        oss << steps * 365 << "d";
        break;
    }
    return oss.str();
}

/**
 * \brief Parse the flags part of a rule.
 * \param text the flags text, e.g. "+FIN|ACK"
 * \param rule receives the flags and the exactness
 * \param bad receives the offending name on failure
 * \return true on success
 */
bool
ParseFlags(const std::string& text, SynFinSegmentErrorModel::Rule& rule, std::string& bad)
{
    std::string body = Trim(text);
    std::string upper = ToUpper(body);
    if (upper == "ANY")
    {
        rule.flags = 0;
        rule.exactFlags = false;
        return true;
    }
    if (upper == "NONE")
    {
        rule.flags = 0;
        rule.exactFlags = true;
        return true;
    }
    rule.exactFlags = true;
    if (!body.empty() && body.front() == '+')
    {
        rule.exactFlags = false;
        body = body.substr(1);
    }
    rule.flags = 0;
    std::size_t start = 0;
    while (true)
    {
        std::size_t end = body.find('|', start);
        std::string name = Trim(body.substr(start, end == std::string::npos ? end : end - start));
        std::string upperName = ToUpper(name);
        const FlagName* found = nullptr;
        for (const auto& candidate : FLAG_NAMES)
        {
            if (upperName == candidate.name)
            {
                found = &candidate;
            }
        }
        if (found == nullptr)
        {
            bad = name;
            return false;
        }
        rule.flags |= found->bit;
        if (end == std::string::npos)
        {
            return true;
        }
        start = end + 1;
    }
}

/**
 * \brief Parse one rule of a specification.
 * \param token the rule text, trimmed
 * \param rule receives the rule
 * \param error receives the reason on failure (without the rule's position)
 * \return true on success
 */
bool
ParseRule(const std::string& token, SynFinSegmentErrorModel::Rule& rule, std::string& error)
{
    // The window comes last and holds none of the other separators, so it is cut off
    // before the rest is split.
    std::string body = token;
    std::size_t open = token.find('[');
    std::size_t close = token.find(']');
    if (open == std::string::npos && close != std::string::npos)
    {
        error = "']' without '[' (allowed: " + std::string(ALLOWED_WINDOW) + ")";
        return false;
    }
    if (open != std::string::npos)
    {
        if (close == std::string::npos || close < open)
        {
            error = "missing ']' in time window '" + Trim(token.substr(open)) +
                    "' (allowed: " + ALLOWED_WINDOW + ")";
            return false;
        }
        std::string after = Trim(token.substr(close + 1));
        if (token.find('[', open + 1) != std::string::npos ||
            token.find(']', close + 1) != std::string::npos)
        {
            error = "more than one time window (allowed: one " + std::string(ALLOWED_WINDOW) + ")";
            return false;
        }
        if (!after.empty())
        {
            error = "'" + after + "' after the time window (allowed: " + ALLOWED_WINDOW + ")";
            return false;
        }
        if (!ParseWindow(token.substr(open, close - open + 1), rule, error))
        {
            return false;
        }
        body = Trim(token.substr(0, open));
    }

    // Split "FLAGS[#N][@ADDR]" from the ':'-separated suffixes (PORT, empty, data).
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true)
    {
        std::size_t end = body.find(':', start);
        parts.push_back(Trim(body.substr(start, end == std::string::npos ? end : end - start)));
        if (end == std::string::npos)
        {
            break;
        }
        start = end + 1;
    }

    std::string head = parts.front();
    bool hasAddress = false;
    std::size_t at = head.find('@');
    if (at != std::string::npos)
    {
        std::string addressText = Trim(head.substr(at + 1));
        if (addressText.find('@') != std::string::npos)
        {
            error = "more than one '@' (allowed: one '@ADDR[:PORT]')";
            return false;
        }
        if (!ParseAddress(addressText, rule.source))
        {
            error = "bad address '" + addressText +
                    "' (allowed: a dotted-quad IPv4 address such as 10.1.1.2, or '*')";
            return false;
        }
        hasAddress = true;
        head = Trim(head.substr(0, at));
    }

    std::size_t hash = head.find('#');
    rule.occurrence = 0;
    if (hash != std::string::npos)
    {
        std::string countText = Trim(head.substr(hash + 1));
        uint64_t count = 0;
        if (!ParseDecimal(countText, UINT32_MAX, count))
        {
            error = "bad occurrence '#" + countText +
                    "' (allowed: '#N' with N a decimal number, 1 for the first match, 0 for "
                    "every match)";
            return false;
        }
        rule.occurrence = static_cast<uint32_t>(count);
        head = Trim(head.substr(0, hash));
    }

    std::string badFlag;
    if (!ParseFlags(head, rule, badFlag))
    {
        error = "unknown flag '" + badFlag + "' (allowed: " + ALLOWED_FLAGS + ")";
        return false;
    }

    bool hasPort = false;
    bool hasPayload = false;
    for (std::size_t i = 1; i < parts.size(); ++i)
    {
        const std::string& part = parts[i];
        uint64_t port = 0;
        if (!part.empty() && std::isdigit(static_cast<unsigned char>(part.front())))
        {
            if (!hasAddress || hasPort || hasPayload || i != 1)
            {
                error = "misplaced port ':" + part +
                        "' (allowed: a port right after the address, as in '@10.1.1.2:" + part +
                        "' or '@*:" + part + "')";
                return false;
            }
            if (!ParseDecimal(part, UINT16_MAX, port))
            {
                error = "bad port ':" + part + "' (allowed: a decimal number 0..65535)";
                return false;
            }
            rule.sourcePort = static_cast<uint16_t>(port);
            hasPort = true;
            continue;
        }
        std::string filter = ToUpper(part);
        if (hasPayload || (filter != "EMPTY" && filter != "DATA"))
        {
            error =
                "bad payload filter ':" + part + "' (allowed: one ':empty' or ':data' at the end)";
            return false;
        }
        rule.payload = (filter == "EMPTY") ? SynFinSegmentErrorModel::PayloadFilter::EMPTY
                                           : SynFinSegmentErrorModel::PayloadFilter::NONEMPTY;
        hasPayload = true;
    }
    return true;
}

} // namespace

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::From(Ipv4Address address)
{
    source = address;
    return *this;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::FromPort(uint16_t port)
{
    sourcePort = port;
    return *this;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::Empty()
{
    payload = PayloadFilter::EMPTY;
    return *this;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::WithPayload()
{
    payload = PayloadFilter::NONEMPTY;
    return *this;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::Containing()
{
    exactFlags = false;
    return *this;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::Between(Time start, Time end)
{
    NS_ABORT_MSG_IF(start.IsStrictlyNegative(),
                    "SynFinSegmentErrorModel: time window starts before 0 (" << start << ")");
    NS_ABORT_MSG_IF(end <= start,
                    "SynFinSegmentErrorModel: time window ends at "
                        << end << ", not after its start " << start);
    windowStart = start;
    windowEnd = end;
    return *this;
}

bool
SynFinSegmentErrorModel::Rule::HasWindow() const
{
    return !windowStart.IsZero() || windowEnd != Time::Max();
}

bool
SynFinSegmentErrorModel::Rule::InWindow(Time now) const
{
    return windowStart <= now && now < windowEnd;
}

SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::Rule::WithLabel(const std::string& name)
{
    label = name;
    return *this;
}

bool
SynFinSegmentErrorModel::Rule::Matches(const Ipv4Header& ip,
                                       const TcpHeader& tcp,
                                       uint32_t payloadSize) const
{
    uint8_t segmentFlags = tcp.GetFlags();
    if ((segmentFlags & flags) != flags)
    {
        return false;
    }
    if (exactFlags && (segmentFlags & CONTROL_FLAGS) != (flags & CONTROL_FLAGS))
    {
        return false;
    }
    if (source != Ipv4Address::GetAny() && ip.GetSource() != source)
    {
        return false;
    }
    if (sourcePort != 0 && tcp.GetSourcePort() != sourcePort)
    {
        return false;
    }
    switch (payload)
    {
    case PayloadFilter::EMPTY:
        return payloadSize == 0;
    case PayloadFilter::NONEMPTY:
        return payloadSize > 0;
    case PayloadFilter::ANY:
        break;
    }
    return true;
}

std::string
SynFinSegmentErrorModel::Rule::ToString() const
{
    std::ostringstream oss;
    if (flags == 0)
    {
        oss << (exactFlags ? "NONE" : "ANY");
    }
    else
    {
        if (!exactFlags)
        {
            oss << '+';
        }
        bool first = true;
        for (const auto& name : FLAG_NAMES)
        {
            if (flags & name.bit)
            {
                oss << (first ? "" : "|") << name.name;
                first = false;
            }
        }
    }
    if (occurrence != 0)
    {
        oss << '#' << occurrence;
    }
    if (source != Ipv4Address::GetAny() || sourcePort != 0)
    {
        oss << '@';
        if (source == Ipv4Address::GetAny())
        {
            oss << '*';
        }
        else
        {
            oss << source;
        }
        if (sourcePort != 0)
        {
            oss << ':' << sourcePort;
        }
    }
    switch (payload)
    {
    case PayloadFilter::EMPTY:
        oss << ":empty";
        break;
    case PayloadFilter::NONEMPTY:
        oss << ":data";
        break;
    case PayloadFilter::ANY:
        break;
    }
    if (HasWindow())
    {
        oss << '[' << FormatTime(windowStart) << ',';
        if (windowEnd != Time::Max())
        {
            oss << FormatTime(windowEnd);
        }
        oss << ']';
    }
    return oss.str();
}

TypeId
SynFinSegmentErrorModel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SynFinSegmentErrorModel")
            .SetParent<ErrorModel>()
            .SetGroupName("SynFin")
            .AddConstructor<SynFinSegmentErrorModel>()
            .AddAttribute("Rules",
                          "TCP segments to drop, e.g. \"SYN|ACK#1;ACK#1@10.1.1.1:empty;"
                          "FIN|ACK#2@10.1.1.2;ACK:empty[2s,3s]\" (rule := "
                          "[+]FLAG{|FLAG}[#N][@ADDR[:PORT]][:empty|:data][[START,[END]]], "
                          "the window being START <= now < END).",
                          StringValue(""),
                          MakeStringAccessor(&SynFinSegmentErrorModel::SetRules,
                                             &SynFinSegmentErrorModel::GetRules),
                          MakeStringChecker())
            .AddTraceSource("Drop",
                            "A TCP segment selected by a rule has been dropped.",
                            MakeTraceSourceAccessor(&SynFinSegmentErrorModel::m_dropTrace),
                            "ns3::SynFinSegmentErrorModel::DropTracedCallback");
    return tid;
}

SynFinSegmentErrorModel::SynFinSegmentErrorModel()
    : m_segments(0),
      m_drops(0)
{
    NS_LOG_FUNCTION(this);
}

SynFinSegmentErrorModel::~SynFinSegmentErrorModel()
{
    NS_LOG_FUNCTION(this);
}

SynFinSegmentErrorModel::Rule
SynFinSegmentErrorModel::Nth(uint8_t flags, uint32_t n)
{
    Rule rule;
    rule.flags = flags;
    rule.exactFlags = true;
    rule.occurrence = n;
    return rule;
}

SynFinSegmentErrorModel::Rule
SynFinSegmentErrorModel::Every(uint8_t flags)
{
    return Nth(flags, 0);
}

void
SynFinSegmentErrorModel::AddRule(const Rule& rule)
{
    NS_LOG_FUNCTION(this << rule.ToString());
    m_rules.push_back(rule);
    m_matches.push_back(0);
}

void
SynFinSegmentErrorModel::ClearRules()
{
    NS_LOG_FUNCTION(this);
    m_rules.clear();
    m_matches.clear();
}

std::size_t
SynFinSegmentErrorModel::GetNRules() const
{
    return m_rules.size();
}

const SynFinSegmentErrorModel::Rule&
SynFinSegmentErrorModel::GetRule(std::size_t index) const
{
    NS_ABORT_MSG_IF(index >= m_rules.size(),
                    "SynFinSegmentErrorModel: rule index " << index << " out of range (have "
                                                           << m_rules.size() << " rules)");
    return m_rules[index];
}

void
SynFinSegmentErrorModel::SetRules(const std::string& spec)
{
    NS_LOG_FUNCTION(this << spec);
    std::vector<Rule> rules;
    std::string error;
    bool ok = ParseRules(spec, rules, error);
    NS_ABORT_MSG_IF(!ok, "SynFinSegmentErrorModel: invalid Rules \"" << spec << "\": " << error);
    ClearRules();
    for (const auto& rule : rules)
    {
        AddRule(rule);
    }
}

std::string
SynFinSegmentErrorModel::GetRules() const
{
    std::string spec;
    for (const auto& rule : m_rules)
    {
        spec += (spec.empty() ? "" : ";") + rule.ToString();
    }
    return spec;
}

bool
SynFinSegmentErrorModel::ParseRules(const std::string& spec,
                                    std::vector<Rule>& out,
                                    std::string& error)
{
    std::vector<Rule> parsed;
    std::size_t start = 0;
    std::size_t position = 0;
    while (start <= spec.size())
    {
        std::size_t end = spec.find(';', start);
        std::string token =
            Trim(spec.substr(start, end == std::string::npos ? std::string::npos : end - start));
        ++position;
        if (!token.empty())
        {
            Rule rule;
            std::string reason;
            if (!ParseRule(token, rule, reason))
            {
                error = "rule " + std::to_string(position) + " '" + token + "': " + reason;
                return false;
            }
            rule.label = token;
            parsed.push_back(rule);
        }
        if (end == std::string::npos)
        {
            break;
        }
        start = end + 1;
    }
    out.insert(out.end(), parsed.begin(), parsed.end());
    return true;
}

uint64_t
SynFinSegmentErrorModel::GetDropCount() const
{
    return m_drops;
}

uint64_t
SynFinSegmentErrorModel::GetSegmentCount() const
{
    return m_segments;
}

uint32_t
SynFinSegmentErrorModel::GetMatchCount(std::size_t index) const
{
    NS_ABORT_MSG_IF(index >= m_matches.size(),
                    "SynFinSegmentErrorModel: rule index " << index << " out of range (have "
                                                           << m_matches.size() << " rules)");
    return m_matches[index];
}

bool
SynFinSegmentErrorModel::FindIpv4Offset(Ptr<const Packet> p, uint32_t& offset)
{
    uint32_t size = p->GetSize();
    uint8_t probe[PROBE_SIZE] = {};
    uint32_t probed = p->CopyData(probe, PROBE_SIZE);

    // An IPv4 header must start at 'at', and its Total Length must fit in the
    // frame (or fill it exactly, if 'exact').
    auto ipv4At = [&](uint32_t at, bool exact) {
        if (at + IPV4_MIN_HEADER_SIZE > probed || (probe[at] >> 4) != 4)
        {
            return false;
        }
        uint32_t headerSize = (probe[at] & 0x0f) * 4u;
        uint32_t totalLength = (static_cast<uint32_t>(probe[at + 2]) << 8) | probe[at + 3];
        if (headerSize < IPV4_MIN_HEADER_SIZE || totalLength < headerSize)
        {
            return false;
        }
        return exact ? at + totalLength == size : at + totalLength <= size;
    };
    auto u16At = [&](uint32_t at) {
        return static_cast<uint16_t>((static_cast<uint16_t>(probe[at]) << 8) | probe[at + 1]);
    };
    static const uint8_t snapIpv4[LLC_SNAP_HEADER_SIZE] =
        {0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00};

    if (ipv4At(0, true))
    {
        NS_LOG_LOGIC("bare IPv4 packet");
        offset = 0;
        return true;
    }
    if (probed >= PPP_HEADER_SIZE && u16At(0) == PPP_PROTOCOL_IPV4 &&
        ipv4At(PPP_HEADER_SIZE, false))
    {
        NS_LOG_LOGIC("PPP frame carrying IPv4");
        offset = PPP_HEADER_SIZE;
        return true;
    }
    if (probed >= ETHERNET_HEADER_SIZE)
    {
        uint16_t typeOrLength = u16At(12);
        if (typeOrLength == ETHERTYPE_IPV4 && ipv4At(ETHERNET_HEADER_SIZE, false))
        {
            NS_LOG_LOGIC("Ethernet II frame carrying IPv4");
            offset = ETHERNET_HEADER_SIZE;
            return true;
        }
        uint32_t llcEnd = ETHERNET_HEADER_SIZE + LLC_SNAP_HEADER_SIZE;
        if (typeOrLength <= ETHERNET_MAX_LENGTH && probed >= llcEnd &&
            std::equal(snapIpv4, snapIpv4 + LLC_SNAP_HEADER_SIZE, probe + ETHERNET_HEADER_SIZE) &&
            ipv4At(llcEnd, false))
        {
            NS_LOG_LOGIC("IEEE 802.3 LLC/SNAP frame carrying IPv4");
            offset = llcEnd;
            return true;
        }
    }
    if (ipv4At(0, false))
    {
        NS_LOG_LOGIC("IPv4 packet followed by padding");
        offset = 0;
        return true;
    }
    return false;
}

bool
SynFinSegmentErrorModel::ParseTcpFrame(Ptr<const Packet> frame,
                                       Ipv4Header& ip,
                                       TcpHeader& tcp,
                                       uint32_t& payloadSize)
{
    uint32_t offset = 0;
    if (!FindIpv4Offset(frame, offset))
    {
        NS_LOG_LOGIC("not an IPv4 frame");
        return false;
    }
    Ptr<Packet> copy = frame->Copy();
    copy->RemoveAtStart(offset);
    copy->RemoveHeader(ip);
    if (ip.GetProtocol() != TCP_PROTOCOL || ip.GetFragmentOffset() != 0)
    {
        NS_LOG_LOGIC("not a TCP segment (or not its first fragment)");
        return false;
    }

    // ip.GetPayloadSize() is Total Length minus the IPv4 header; it excludes
    // any link padding or trailer left in the copy.
    uint32_t tcpBytes = ip.GetPayloadSize();
    uint8_t fixed[TCP_MIN_HEADER_SIZE] = {};
    if (tcpBytes < TCP_MIN_HEADER_SIZE ||
        copy->CopyData(fixed, TCP_MIN_HEADER_SIZE) < TCP_MIN_HEADER_SIZE)
    {
        NS_LOG_LOGIC("truncated TCP header");
        return false;
    }
    uint32_t tcpHeaderSize = (fixed[12] >> 4) * 4u;
    if (tcpHeaderSize < TCP_MIN_HEADER_SIZE || tcpHeaderSize > tcpBytes)
    {
        NS_LOG_LOGIC("bad TCP data offset");
        return false;
    }
    copy->RemoveHeader(tcp);
    payloadSize = tcpBytes - tcpHeaderSize;
    return true;
}

bool
SynFinSegmentErrorModel::DoCorrupt(Ptr<Packet> p)
{
    NS_LOG_FUNCTION(this << p);
    if (!IsEnabled())
    {
        return false;
    }

    Ipv4Header ip;
    TcpHeader tcp;
    uint32_t payloadSize = 0;
    if (!ParseTcpFrame(p, ip, tcp, payloadSize))
    {
        return false;
    }
    ++m_segments;

    // Simulator::Now() is read only when a rule has a window, so that a model without
    // windows never touches the simulator (tests call IsCorrupt outside any simulation).
    std::string labels;
    Time now;
    bool haveNow = false;
    for (std::size_t i = 0; i < m_rules.size(); ++i)
    {
        const Rule& rule = m_rules[i];
        if (rule.HasWindow())
        {
            if (!haveNow)
            {
                now = Simulator::Now();
                haveNow = true;
            }
            if (!rule.InWindow(now))
            {
                continue;
            }
        }
        if (!rule.Matches(ip, tcp, payloadSize))
        {
            continue;
        }
        uint32_t rank = ++m_matches[i];
        if (rule.occurrence == 0 || rule.occurrence == rank)
        {
            const std::string label = rule.label.empty() ? rule.ToString() : rule.label;
            labels += (labels.empty() ? "" : ";") + label;
        }
    }
    if (labels.empty())
    {
        return false;
    }
    ++m_drops;
    NS_LOG_LOGIC("dropping " << ip.GetSource() << ":" << tcp.GetSourcePort() << " > "
                             << ip.GetDestination() << ":" << tcp.GetDestinationPort() << " "
                             << TcpHeader::FlagsToString(tcp.GetFlags()) << " len " << payloadSize
                             << " (" << labels << ")");
    m_dropTrace(p, ip, tcp, labels);
    return true;
}

void
SynFinSegmentErrorModel::DoReset()
{
    NS_LOG_FUNCTION(this);
    std::fill(m_matches.begin(), m_matches.end(), 0);
    m_segments = 0;
    m_drops = 0;
}

} // namespace ns3
