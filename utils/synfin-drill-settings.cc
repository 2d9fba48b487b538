/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-drill-settings.h"

#include "synfin-drill-syscalls.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/enum.h"
#include "ns3/integer.h"
#include "ns3/nstime.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <arpa/inet.h>
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
    else if (name == "net.ipv4.tcp_dsack")
    {
        flag("ns3::SynFinSocket::Dsack");
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
    else if (name == "net.ipv4.tcp_rmem")
    {
        // "min default max": Linux offers the window scale that lets the largest buffer be
        // advertised (tcp_select_initial_window: ilog2(max) - 15, at most 14).
        std::istringstream words(value);
        int64_t min = 0;
        int64_t initial = 0;
        int64_t max = 0;
        if (!(words >> min >> initial >> max) || max <= 0)
        {
            throw DrillError(line, name + "=\"" + value + "\": three byte counts are required");
        }
        int shift = 0;
        while ((int64_t(1) << (shift + 1)) <= max)
        {
            ++shift;
        }
        Config::SetDefault("ns3::SynFinSocket::WindowScaleShift",
                           IntegerValue(std::clamp(shift - 15, 0, 14)));
    }
    else if (name == "net.ipv4.tcp_early_retrans")
    {
        if (Number(name, value, line) != 0)
        {
            throw DrillError(line,
                             name + "=" + value +
                                 ": synfin has neither early retransmit nor tail loss probes "
                                 "(0 only)");
        }
    }
    else if (name == "net.ipv4.tcp_ecn" || name == "net.inet.tcp.ecn.enable")
    {
        // 0 never, 2 only when the peer asks: synfin never asks, and a peer that does is
        // answered without ECN, which a script's segments show.
        int64_t v = Number(name, value, line);
        if (v != 0 && v != 2)
        {
            throw DrillError(line,
                             name + "=" + value + ": synfin does not model ECN (0 or 2 only)");
        }
    }
    // FreeBSD's names (the tcp-testsuite's scripts).
    else if (name == "net.inet.tcp.sack.enable")
    {
        flag("ns3::TcpSocketBase::Sack");
    }
    else if (name == "net.inet.tcp.rfc1323")
    {
        flag("ns3::TcpSocketBase::Timestamp");
        flag("ns3::TcpSocketBase::WindowScaling");
    }
    else if (name == "net.inet.tcp.insecure_rst")
    {
        flag("ns3::SynFinSocket::RstInWindowResets");
    }
    else if (name == "net.inet.tcp.rexmit_initial")
    {
        // FreeBSD's initial RTO, in milliseconds, for SYNs and data alike.
        Time rto = MilliSeconds(Number(name, value, line));
        Config::SetDefault("ns3::SynFinSocket::InitialRto", TimeValue(rto));
        Config::SetDefault("ns3::TcpSocket::ConnTimeout", TimeValue(rto));
    }
    else if (name == "net.inet.tcp.recvspace" || name == "net.inet.tcp.sendspace")
    {
        Config::SetDefault(name == "net.inet.tcp.recvspace" ? "ns3::TcpSocket::RcvBufSize"
                                                            : "ns3::TcpSocket::SndBufSize",
                           UintegerValue(static_cast<uint32_t>(Number(name, value, line))));
    }
    else if (name == "kern.ipc.maxsockbuf")
    {
        // tcp_output.c / syncache: the smallest shift that lets 65535 << shift reach sb_max.
        int64_t max = Number(name, value, line);
        int shift = 0;
        while (shift < 14 && (int64_t(65535) << shift) < max)
        {
            ++shift;
        }
        Config::SetDefault("ns3::SynFinSocket::WindowScaleShift", IntegerValue(shift));
    }
    else if (name == "net.inet.tcp.hostcache.purgenow" || name == "net.inet.tcp.blackhole" ||
             name == "net.inet.tcp.insecure_syn")
    {
        // synfin has no host cache to purge; blackhole 0 (closed ports answer with RST) and
        // insecure_syn 0 (RFC 5961 4.2: a SYN in the window draws a challenge ACK) are how
        // synfin behaves.
        int64_t v = Number(name, value, line);
        bool same = name == "net.inet.tcp.hostcache.purgenow" || v == 0;
        if (!same)
        {
            throw DrillError(line, name + "=" + value + ": synfin behaves as with 0 only");
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

const std::vector<std::pair<std::string, std::string>>&
SuiteDefaults()
{
    // What google/packetdrill's gtests/net/common/defaults.sh sets that synfin has (of the
    // receive buffers, the window scale they imply). The rest of it (the send buffer, F-RTO,
    // reordering, congestion control, pacing, RACK and tail loss probes, Fast Open, SYN cookies,
    // the qdisc) has no synfin attribute: those features are Linux's defaults and absent from
    // synfin, so a script that exercises one fails at the first segment that differs.
    static const std::vector<std::pair<std::string, std::string>> defaults = {
        {"net.ipv4.tcp_rmem", "4096 540000 15728640"},
        {"net.ipv4.tcp_timestamps", "1"},
        {"net.ipv4.tcp_sack", "1"},
        {"net.ipv4.tcp_dsack", "1"},
        {"net.ipv4.tcp_syn_retries", "5"},
        {"net.ipv4.tcp_synack_retries", "5"},
        {"net.ipv4.tcp_ecn", "0"},
    };
    return defaults;
}

const std::vector<SysctlMapping>&
Table()
{
    static const std::vector<SysctlMapping> table = {
        {"net.ipv4.tcp_timestamps", "ns3::TcpSocketBase::Timestamp", "0 off, else on"},
        {"net.ipv4.tcp_sack", "ns3::TcpSocketBase::Sack", "0 off, else on"},
        {"net.ipv4.tcp_dsack", "ns3::SynFinSocket::Dsack", "0 off, else on"},
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
        {"net.ipv4.tcp_rmem",
         "ns3::SynFinSocket::WindowScaleShift",
         "\"min default max\": the shift Linux offers, ilog2(max) - 15 (0-14)"},
        {"net.ipv4.tcp_early_retrans",
         "(none)",
         "0 accepted; synfin has no early retransmit or tail loss probe"},
        {"net.ipv4.tcp_ecn", "(none)", "0 or 2 accepted; synfin has no ECN"},
        {"net.inet.tcp.sack.enable", "ns3::TcpSocketBase::Sack", "FreeBSD: 0 off, else on"},
        {"net.inet.tcp.rfc1323",
         "ns3::TcpSocketBase::Timestamp, WindowScaling",
         "FreeBSD: 0 off, else on"},
        {"net.inet.tcp.recvspace", "ns3::TcpSocket::RcvBufSize", "FreeBSD: bytes"},
        {"net.inet.tcp.sendspace", "ns3::TcpSocket::SndBufSize", "FreeBSD: bytes"},
        {"kern.ipc.maxsockbuf",
         "ns3::SynFinSocket::WindowScaleShift",
         "FreeBSD: the smallest shift with 65535 << shift >= the value"},
        {"net.inet.tcp.ecn.enable", "(none)", "FreeBSD: 0 or 2 accepted; synfin has no ECN"},
        {"net.inet.tcp.blackhole, insecure_syn", "(none)", "FreeBSD: 0 accepted (synfin's way)"},
        {"net.inet.tcp.insecure_rst",
         "ns3::SynFinSocket::RstInWindowResets",
         "FreeBSD: 0 off (RFC 5961), else on (RFC 793)"},
        {"net.inet.tcp.rexmit_initial",
         "ns3::SynFinSocket::InitialRto, ns3::TcpSocket::ConnTimeout",
         "FreeBSD: ms"},
        {"net.inet.tcp.hostcache.purgenow", "(none)", "FreeBSD: accepted; synfin has no cache"},
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
    else if (name == "tcp_ts_tick_usecs")
    {
        config.tsTickUsecs = Number("--" + name, option.value, option.line);
    }
    else if (name == "local_ip" || name == "remote_ip")
    {
        struct in_addr parsed;
        if (inet_pton(AF_INET, option.value.c_str(), &parsed) != 1)
        {
            throw DrillError(option.line,
                             "--" + name + "=" + option.value +
                                 ": a dotted IPv4 address is required (synfin-drill runs ipv4)");
        }
        (name == "local_ip" ? config.localIp : config.remoteIp) = option.value;
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
                             "tolerance_percent, tcp_ts_tick_usecs, local_ip, remote_ip, "
                             "ip_version=ipv4, bind_port=8080, connect_port=8080, verbose)");
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
        // Words as a shell splits them: a double-quoted part stays in its word, unquoted.
        std::vector<std::string> list;
        std::string word;
        bool quoted = false;
        bool inWord = false;
        for (char c : statement)
        {
            if (c == '"')
            {
                quoted = !quoted;
                inWord = true;
            }
            else if (!quoted && (c == ' ' || c == '\t' || c == '\\'))
            {
                if (inWord)
                {
                    list.push_back(word);
                }
                word.clear();
                inWord = false;
            }
            else
            {
                word += c;
                inWord = true;
            }
        }
        if (inWord)
        {
            list.push_back(word);
        }
        if (list.empty())
        {
            continue;
        }
        auto endsWith = [](const std::string& word, const std::string& tail) {
            return word.size() >= tail.size() &&
                   word.compare(word.size() - tail.size(), tail.size(), tail) == 0;
        };
        if (endsWith(list[0], "defaults.sh") && list.size() == 1)
        {
            // The common set-up script of google/packetdrill's and Linux's suites.
            for (const auto& [name, value] : SuiteDefaults())
            {
                Sysctl(name, value, line);
            }
            any = true;
            continue;
        }
        if (endsWith(list[0], "set_sysctls.py"))
        {
            // Their helper: set_sysctls.py /proc/sys/net/ipv4/NAME=VALUE ...
            for (size_t i = 1; i < list.size(); ++i)
            {
                std::string setting = list[i];
                const std::string proc = "/proc/sys/";
                if (setting.rfind(proc, 0) == 0)
                {
                    setting = setting.substr(proc.size());
                }
                std::string::size_type eq = setting.find('=');
                if (eq == std::string::npos)
                {
                    throw DrillError(line, "set_sysctls.py " + list[i] + ": PATH=VALUE expected");
                }
                std::string name = setting.substr(0, eq);
                for (char& c : name)
                {
                    c = c == '/' ? '.' : c;
                }
                Sysctl(name, setting.substr(eq + 1), line);
                any = true;
            }
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
