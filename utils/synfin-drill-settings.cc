/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-settings.h"

#include "synfin-drill-syscalls.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <cstdlib>
#include <sstream>

namespace synfin_drill
{

using namespace ns3;

namespace
{

/// \return \p text as a whole number, or throws naming the setting
int64_t
Number(const std::string& what, const std::string& text, int line)
{
    char* end = nullptr;
    long long value = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0')
    {
        throw DrillError(line, what + "=" + text + ": a whole number is required");
    }
    return value;
}

/// tcp_syn_retries: Linux's count and time budget (see the linux profiles).
void
SynRetries(int64_t n, int line)
{
    if (n < 1 || n > 127)
    {
        throw DrillError(line, "net.ipv4.tcp_syn_retries=" + std::to_string(n) + ": allowed 1-127");
    }
    // The linear timeouts as they stand now (a profile's, or an earlier sysctl's).
    TypeId tid = TypeId::LookupByName("ns3::SynFinSocket");
    TypeId::AttributeInformation info;
    tid.LookupAttributeByName("SynLinearTimeouts", &info);
    uint32_t linearTimeouts = DynamicCast<const UintegerValue>(info.initialValue)->Get();
    Config::SetDefault("ns3::TcpSocket::ConnCount",
                       UintegerValue(static_cast<uint32_t>(n + linearTimeouts)));
    // net/ipv4/tcp_timer.c tcp_model_timeout with TCP_TIMEOUT_INIT (1 s), RTO_MAX 120 s.
    int64_t seconds = n <= 6 ? (int64_t(2) << n) - 1 : 127 + (n - 6) * 120;
    Config::SetDefault("ns3::SynFinSocket::ConnectTimeLimit", TimeValue(Seconds(seconds)));
    Config::SetDefault("ns3::SynFinSocket::ConnectTimeLimitAtTimeout", BooleanValue(true));
}

/// Set one sysctl.
void
Sysctl(const std::string& name, const std::string& value, int line)
{
    auto flag = [&](const std::string& attribute) {
        int64_t v = Number(name, value, line);
        Config::SetDefault(attribute, BooleanValue(v != 0));
    };
    if (name == "net.ipv4.tcp_timestamps")
    {
        flag("ns3::TcpSocketBase::Timestamp");
    }
    else if (name == "net.ipv4.tcp_sack")
    {
        flag("ns3::TcpSocketBase::Sack");
    }
    else if (name == "net.ipv4.tcp_window_scaling")
    {
        flag("ns3::TcpSocketBase::WindowScaling");
    }
    else if (name == "net.ipv4.tcp_syn_retries")
    {
        SynRetries(Number(name, value, line), line);
    }
    else if (name == "net.ipv4.tcp_synack_retries")
    {
        Config::SetDefault("ns3::SynFinSocket::SynAckRetries",
                           UintegerValue(static_cast<uint32_t>(Number(name, value, line))));
    }
    else if (name == "net.ipv4.tcp_syn_linear_timeouts")
    {
        Config::SetDefault("ns3::SynFinSocket::SynLinearTimeouts",
                           UintegerValue(static_cast<uint32_t>(Number(name, value, line))));
    }
    else if (name == "net.ipv4.tcp_fin_timeout")
    {
        Config::SetDefault("ns3::SynFinSocket::FinWait2Timeout",
                           TimeValue(Seconds(Number(name, value, line))));
    }
    else if (name == "net.ipv4.tcp_rfc1337")
    {
        Config::SetDefault("ns3::SynFinSocket::TimeWaitRstPolicy",
                           StringValue(Number(name, value, line) ? "Ignore" : "Close"));
    }
    else if (name == "net.ipv4.tcp_invalid_ratelimit")
    {
        Config::SetDefault("ns3::SynFinSocket::InvalidAckRateLimit",
                           TimeValue(MilliSeconds(Number(name, value, line))));
    }
    else if (name == "net.ipv4.tcp_ecn")
    {
        if (Number(name, value, line) != 0)
        {
            throw DrillError(line, name + "=" + value + ": synfin does not model ECN (0 only)");
        }
    }
    else
    {
        std::string known;
        for (const SysctlMapping& m : Table())
        {
            known += (known.empty() ? "" : ", ") + m.sysctl;
        }
        throw DrillError(line,
                         "sysctl " + name + " has no synfin attribute (supported: " + known + ")");
    }
}

} // namespace

const std::vector<SysctlMapping>&
Table()
{
    static const std::vector<SysctlMapping> table = {
        {"net.ipv4.tcp_timestamps", "ns3::TcpSocketBase::Timestamp", "0 off, else on"},
        {"net.ipv4.tcp_sack", "ns3::TcpSocketBase::Sack", "0 off, else on"},
        {"net.ipv4.tcp_window_scaling", "ns3::TcpSocketBase::WindowScaling", "0 off, else on"},
        {"net.ipv4.tcp_syn_retries",
         "ns3::TcpSocket::ConnCount, ns3::SynFinSocket::ConnectTimeLimit",
         "N: N + SynLinearTimeouts retransmissions, and the connect ends at the first timeout "
         "(2^(N+1) - 1) s after the first SYN (ConnectTimeLimitAtTimeout on)"},
        {"net.ipv4.tcp_synack_retries", "ns3::SynFinSocket::SynAckRetries", "as is"},
        {"net.ipv4.tcp_syn_linear_timeouts", "ns3::SynFinSocket::SynLinearTimeouts", "as is"},
        {"net.ipv4.tcp_fin_timeout", "ns3::SynFinSocket::FinWait2Timeout", "seconds"},
        {"net.ipv4.tcp_rfc1337", "ns3::SynFinSocket::TimeWaitRstPolicy", "1 Ignore, 0 Close"},
        {"net.ipv4.tcp_invalid_ratelimit", "ns3::SynFinSocket::InvalidAckRateLimit", "ms"},
        {"net.ipv4.tcp_ecn", "(none)", "0 accepted; synfin has no ECN"},
    };
    return table;
}

void
ApplyOption(const ScriptOption& option, RunConfig& config)
{
    const std::string& name = option.name;
    if (name == "tolerance_usecs")
    {
        config.toleranceUsecs = Number("--" + name, option.value, option.line);
    }
    else if (name == "tolerance_percent")
    {
        std::istringstream is(option.value);
        double percent = -1;
        if (!(is >> percent) || percent < 0)
        {
            throw DrillError(option.line,
                             "--tolerance_percent=" + option.value + ": a number >= 0");
        }
        config.tolerancePercent = percent;
    }
    else if (name == "ip_version")
    {
        if (option.value != "ipv4")
        {
            throw DrillError(option.line,
                             "--ip_version=" + option.value + ": synfin-drill runs ipv4 only");
        }
    }
    else if (name == "bind_port" || name == "connect_port")
    {
        if (option.value != "8080")
        {
            throw DrillError(option.line,
                             "--" + name + "=" + option.value +
                                 ": synfin-drill uses packetdrill's default port 8080 only");
        }
    }
    else if (name == "verbose" || name == "dry_run")
    {
        // How packetdrill itself reports; nothing to change here.
    }
    else
    {
        throw DrillError(option.line,
                         "option --" + name +
                             " is not supported by synfin-drill (supported: tolerance_usecs, "
                             "tolerance_percent, ip_version=ipv4, bind_port=8080, "
                             "connect_port=8080, verbose)");
    }
}

void
ApplyCommand(const CommandEvent& command, int line)
{
    // One or more "sysctl [-q] [-w] name=value" separated by ';' or new lines; nothing else.
    std::string text = command.commandLine;
    for (char& c : text)
    {
        if (c == ';' || c == '\n')
        {
            c = '\n';
        }
    }
    std::istringstream statements(text);
    std::string statement;
    bool any = false;
    while (std::getline(statements, statement))
    {
        std::istringstream words(statement);
        std::string word;
        std::vector<std::string> list;
        while (words >> word)
        {
            list.push_back(word);
        }
        if (list.empty())
        {
            continue;
        }
        if (list[0] != "sysctl")
        {
            throw DrillError(line,
                             "shell command `" + command.commandLine +
                                 "` cannot run in a simulation: synfin-drill runs sysctl "
                                 "settings only (see the table in doc/synfin.rst)");
        }
        for (size_t i = 1; i < list.size(); ++i)
        {
            if (list[i] == "-q" || list[i] == "-w" || list[i] == "-qw")
            {
                continue;
            }
            std::string::size_type eq = list[i].find('=');
            if (eq == std::string::npos)
            {
                throw DrillError(line, "sysctl " + list[i] + ": name=value expected");
            }
            std::string name = list[i].substr(0, eq);
            for (char& c : name)
            {
                c = c == '/' ? '.' : c;
            }
            Sysctl(name, list[i].substr(eq + 1), line);
            any = true;
        }
    }
    if (!any)
    {
        throw DrillError(line, "shell command `" + command.commandLine + "` sets nothing");
    }
}

} // namespace synfin_drill
