/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Behaviour profiles: the numbers real TCP stacks differ in, as attribute defaults.
 *
 * Linux values were checked against the kernel this module is developed on (Linux 6.18,
 * default sysctls) with utils/measure-linux-tcp.py; the others come from the sources cited.
 */

#include "synfin-profile.h"

#include "synfin-l4-protocol.h"

#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/string.h"

#include <map>
#include <ostream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("SynFinProfile");

namespace
{

const std::string kSock = "ns3::SynFinSocket::";
const std::string kTcp = "ns3::TcpSocket::";
const std::string kL4 = "ns3::SynFinL4Protocol::";

/// A profile: its line of description and its settings.
struct Profile
{
    std::string description;                    //!< what it reproduces
    std::vector<SynFinProfileSetting> settings; //!< the values
};

Profile
Rfc9293()
{
    return {"RFC 9293 with RFC 6298, RFC 1122 and RFC 5681 as written: the textbook stack",
            {
                {kTcp + "ConnTimeout", "1s", "RFC 6298 2.1: initial RTO 1 s"},
                {kTcp + "ConnCount",
                 "8",
                 "RFC 1122 4.2.3.5: retransmit a SYN for at least 3 minutes (the 8th "
                 "retransmission leaves at 183 s with doubling from 1 s capped at 60 s)"},
                {kSock + "SynLinearTimeouts", "0", "RFC 6298 5.5: back off on every timeout"},
                {kSock + "ConnectTimeLimit", "0s", "no limit but the retransmission count"},
                {kSock + "ConnectTimeLimitAtTimeout", "false", "no limit to check"},
                {kSock + "SynSentBadAckRetry",
                 "0s",
                 "RFC 9293 3.10.7.3: a bad ACK in SYN-SENT draws a RST, nothing more"},
                {kSock + "SynAckRetries", "8", "RFC 1122 4.2.3.5, as for the SYN"},
                {kSock + "InitialRto", "1s", "RFC 6298 2.1"},
                {kSock + "MinRto", "1s", "RFC 6298 2.4"},
                {kSock + "MaxRto", "60s", "RFC 6298 2.5: an upper bound of at least 60 s"},
                {kSock + "Msl", "120s", "RFC 9293 3.4.2: MSL of 2 minutes"},
                {kSock + "TimeWaitDuration", "0s", "RFC 9293 3.6: TIME-WAIT lasts 2 MSL"},
                {kSock + "FinWait2Timeout", "0s", "RFC 9293: no FIN-WAIT-2 timeout"},
                {kTcp + "DelAckTimeout",
                 "200ms",
                 "RFC 1122 4.2.3.2 and RFC 9293 3.8.6.3: less than 0.5 s (200 ms, ns-3's "
                 "default)"},
                {kTcp + "DelAckCount", "2", "RFC 5681 4.2: an ACK for every second segment"},
                {kSock + "DelayFinAck",
                 "false",
                 "RFC 9293 3.10.7.4 eighth: send an acknowledgment for the FIN"},
                {kSock + "QuickAckSegments",
                 "0",
                 "RFC 5681 4.2 and RFC 1122 4.2.3.2: delayed ACKs from the first segment"},
                {kSock + "QuickAckOnOutOfOrder",
                 "false",
                 "RFC 5681 4.2: an immediate ACK for out-of-order data, then delayed ACKs"},
                {kSock + "TimeWaitRstPolicy",
                 "Close",
                 "RFC 9293 3.10.7.4: an acceptable RST in TIME-WAIT closes"},
                {kSock + "TimeWaitSynPolicy",
                 "AcceptIfNewer",
                 "RFC 1122 4.2.2.13: a SYN with a larger sequence number may reopen"},
                {kL4 + "EphemeralPortFirst", "49152", "RFC 6335 section 6: dynamic ports"},
                {kL4 + "EphemeralPortLast", "65535", "RFC 6335 section 6"},
                {kSock + "InvalidAckRateLimit",
                 "500ms",
                 "RFC 5961 section 7 asks for throttling without a number: Linux's"},
                {kSock + "SynCookies",
                 "Never",
                 "not in RFC 9293; RFC 4987 section 3.6 (informational) describes them"},
                {kSock + "WindowScaling",
                 "false",
                 "RFC 9293 3.1: MSS is the base protocol's only option; window scaling is "
                 "RFC 7323's extension"},
                {kSock + "WindowScaleShift", "-1", "unused without window scaling"},
                {kSock + "Timestamp", "false", "RFC 9293 3.1; timestamps are RFC 7323's"},
                {kSock + "Sack", "false", "RFC 9293 3.1; SACK is RFC 2018's extension"},
                {kSock + "Dsack", "false", "RFC 2883 extends RFC 2018's SACK, off here"},
                {kSock + "BufferRoundToMss", "false", "buffers are the application's"},
                {kSock + "RstInWindowResets",
                 "false",
                 "RFC 9293 3.10.7.4 with RFC 5961 3.2: a RST elsewhere in the window draws a "
                 "challenge ACK"},
                {kSock + "RstAtFinAccepted", "false", "RFC 5961 3.2: only a RST at RCV.NXT resets"},
                {kSock + "NextSegRule3",
                 "true",
                 "RFC 6675 section 4: NextSeg (3) SHOULD (used only with SACK, off here)"},
                {kSock + "OptionLayout",
                 "Stock",
                 "RFC 9293 3.2 fixes no layout (RFC 7323 Appendix A suggests NOP alignment)"},
            }};
}

/// Linux as measured on 6.18 (linear SYN timeouts from 6.5, a 32 MiB tcp_rmem[2]); linux-5
/// differs in the SYN schedule and the window scale.
Profile
Linux(bool linearSynTimeouts)
{
    const std::string sysctl = "Documentation/networking/ip-sysctl.rst ";
    std::vector<SynFinProfileSetting> settings{
        {kTcp + "ConnTimeout", "1s", "include/net/tcp.h TCP_TIMEOUT_INIT"},
        linearSynTimeouts
            ? SynFinProfileSetting{kTcp + "ConnCount",
                                   "10",
                                   sysctl + "tcp_syn_retries=6 plus tcp_syn_linear_timeouts=4; "
                                            "measured: 10 retransmissions, SYNs at 0, 1.0, "
                                            "2.1, 3.1, 4.1, 5.1, 7.2, 11.3, 19.5, 35.7, 68-70 s, "
                                            "failure at 133-135 s"}
            : SynFinProfileSetting{kTcp + "ConnCount",
                                   "6",
                                   sysctl + "tcp_syn_retries=6; measured with linear timeouts "
                                            "off: SYNs at 0, 1.0, 3.0, 7.3, 15.4, 31.6, "
                                            "64-66 s, failure at 129-131 s"},
        {kSock + "SynLinearTimeouts",
         linearSynTimeouts ? "4" : "0",
         linearSynTimeouts ? sysctl + "tcp_syn_linear_timeouts=4 (Linux 6.5 and later)"
                           : "before Linux 6.5: no linear SYN timeouts"},
        {kSock + "ConnectTimeLimit",
         "127s",
         "net/ipv4/tcp_timer.c tcp_write_timeout: besides the count, fails at the first timeout "
         "(2^(tcp_syn_retries+1) - 1) x TCP_TIMEOUT_INIT after the first SYN "
         "(retransmits_timed_out, tcp_model_timeout); binds when tcp_syn_retries is lowered"},
        {kSock + "ConnectTimeLimitAtTimeout",
         "true",
         "net/ipv4/tcp_timer.c tcp_retransmit_timer: tcp_write_timeout runs when the "
         "retransmission timer fires"},
        {kSock + "SynSentBadAckRetry",
         "8ms",
         "net/ipv4/tcp_input.c tcp_rcv_synsent_state_process: TCP_TIMEOUT_MIN, 2 jiffies (8 ms "
         "at HZ=250, Debian's; 2 ms at HZ=1000); measured: the SYN again 10 ms after the RST"},
        {kSock + "SynAckRetries",
         "5",
         sysctl + "tcp_synack_retries=5; measured: SYN-ACKs at 0, 1, 3, 7.2, 15.4, 31.5 s"},
        {kSock + "InitialRto", "1s", "include/net/tcp.h TCP_TIMEOUT_INIT"},
        {kSock + "MinRto", "200ms", "include/net/tcp.h TCP_RTO_MIN; measured 0.207 s"},
        {kSock + "MaxRto", "120s", "include/net/tcp.h TCP_RTO_MAX"},
        {kSock + "Msl", "30s", "Linux has no MSL setting; half of TCP_TIMEWAIT_LEN"},
        {kSock + "TimeWaitDuration",
         "60s",
         "include/net/tcp.h TCP_TIMEWAIT_LEN, fixed; measured: gone after 61.1-61.6 s"},
        {kSock + "FinWait2Timeout", "60s", sysctl + "tcp_fin_timeout=60"},
        {kTcp + "DelAckTimeout", "40ms", "include/net/tcp.h TCP_DELACK_MIN; measured 40-44 ms"},
        {kTcp + "DelAckCount",
         "2",
         "net/ipv4/tcp_input.c __tcp_ack_snd_check: at once when more than one full "
         "segment is unacknowledged"},
        {kSock + "DelayFinAck",
         "true",
         "net/ipv4/tcp_input.c tcp_fin() enters pingpong mode; measured: ACK of a lone FIN "
         "after 42-46 ms, FIN|ACK at once when the application closes (3-segment close)"},
        {kSock + "QuickAckSegments",
         "16",
         "net/ipv4/tcp_input.c tcp_enter_quickack_mode: TCP_MAX_QUICKACKS at the start of a "
         "connection and after out-of-order data"},
        {kSock + "QuickAckOnOutOfOrder",
         "true",
         "net/ipv4/tcp_input.c: out-of-order and duplicate data enter quick-ACK mode again"},
        {kSock + "TimeWaitRstPolicy",
         "Close",
         sysctl + "tcp_rfc1337=0: an RST at RCV.NXT ends TIME-WAIT"},
        {kSock + "TimeWaitSynPolicy",
         "AcceptIfNewer",
         "net/ipv4/tcp_minisocks.c tcp_timewait_state_process: a SYN above RCV.NXT reopens"},
        {kL4 + "EphemeralPortFirst", "32768", sysctl + "ip_local_port_range=32768 60999"},
        {kL4 + "EphemeralPortLast", "60999", sysctl + "ip_local_port_range"},
        {kSock + "InvalidAckRateLimit", "500ms", sysctl + "tcp_invalid_ratelimit=500"},
        {kSock + "SynCookies",
         "WhenFull",
         sysctl + "tcp_syncookies=1: cookies when the SYN queue overflows (net/ipv4/"
                  "tcp_input.c tcp_conn_request)"},
        {kSock + "WindowScaling", "true", sysctl + "tcp_window_scaling=1"},
        {kSock + "Sack", "true", sysctl + "tcp_sack=1"},
        {kSock + "Dsack",
         "true",
         sysctl + "tcp_dsack=1; net/ipv4/tcp_input.c tcp_dsack_set (old data, a FIN or SYN "
                  "again, out-of-order data held already)"},
        {kSock + "BufferRoundToMss", "false", "Linux sizes buffers by its own autotuning"},
        {kSock + "RstInWindowResets", "false", "net/ipv4/tcp_input.c tcp_validate_incoming"},
        {kSock + "RstAtFinAccepted",
         "true",
         "net/ipv4/tcp_input.c tcp_reset_check: RCV.NXT - 1 in CLOSE-WAIT, CLOSING, LAST-ACK"},
        {kSock + "NextSegRule3",
         "false",
         "net/ipv4/tcp_output.c tcp_xmit_retransmit_queue: only segments marked lost are "
         "resent"},
        {kSock + "OptionLayout",
         "Linux",
         "net/ipv4/tcp_output.c tcp_options_write: <mss, sackOK, TS, nop, wscale>"},
        linearSynTimeouts
            ? SynFinProfileSetting{kSock + "WindowScaleShift",
                                   "10",
                                   "net/ipv4/tcp_output.c tcp_select_initial_window: the shift "
                                   "that fits the largest buffer; measured on Linux 6.18: "
                                   "tcp_rmem[2] = 32 MiB, window scale 10 (6 MiB and 7 before)"}
            : SynFinProfileSetting{kSock + "WindowScaleShift",
                                   "7",
                                   "net/ipv4/tcp_output.c tcp_select_initial_window: the shift "
                                   "that fits tcp_rmem[2] = 6 MiB, the Linux 5 default"},
        {kSock + "Timestamp",
         "true",
         sysctl + "tcp_timestamps=1 (Linux adds a per-connection offset to TSval; synfin's "
                  "clock has none)"},
    };
    return {linearSynTimeouts
                ? "Linux 6, default sysctls (measured on Linux 6.18; 6.5 and later for the "
                  "SYN schedule, tcp_rmem[2] 32 MiB as 6.18 has it)"
                : "Linux before 6.5 (no tcp_syn_linear_timeouts): the classic SYN schedule",
            settings};
}

Profile
FreeBsd()
{
    const std::string timer = "sys/netinet/tcp_timer.h ";
    return {"FreeBSD 14 / main, default sysctls (from its sources; not measured here)",
            {
                {kTcp + "ConnTimeout", "1s", timer + "TCPTV_RTOBASE (net.inet.tcp.rexmit_initial)"},
                {kTcp + "ConnCount",
                 "12",
                 timer + "TCP_MAXRXTSHIFT; the 75 s limit ends the attempt first"},
                {kSock + "SynLinearTimeouts", "0", "sys/netinet/tcp_timer.c tcp_timer_rexmt"},
                {kSock + "ConnectTimeLimit",
                 "75s",
                 timer + "TCPTV_KEEP_INIT (net.inet.tcp.keepinit): SYNs at 0, 1, 3, 7, 15, 31, "
                         "63 s, failure at 75 s (FreeBSD adds 0.2 s of slop per timeout, not "
                         "modelled)"},
                {kSock + "ConnectTimeLimitAtTimeout",
                 "false",
                 "sys/netinet/tcp_timer.c tcp_timer_keep: keepinit is a timer of its own"},
                {kSock + "SynSentBadAckRetry",
                 "0s",
                 "sys/netinet/tcp_input.c tcp_do_segment: drop with reset, timers untouched"},
                {kSock + "SynAckRetries",
                 "3",
                 "sys/netinet/tcp_syncache.c SYNCACHE_MAXREXMTS (net.inet.tcp.syncache."
                 "rexmtlimit)"},
                {kSock + "InitialRto", "1s", timer + "TCPTV_RTOBASE"},
                {kSock + "MinRto",
                 "230ms",
                 timer + "TCPTV_MIN (30 ms) plus TCPTV_CPU_VAR slop (200 ms)"},
                {kSock + "MaxRto", "64s", timer + "TCPTV_REXMTMAX"},
                {kSock + "Msl", "30s", timer + "TCPTV_MSL (net.inet.tcp.msl)"},
                {kSock + "TimeWaitDuration", "0s", "sys/netinet/tcp_timewait.c: 2 MSL = 60 s"},
                {kSock + "FinWait2Timeout",
                 "600s",
                 "sys/netinet/tcp_timer.h TP_MAXIDLE (8 x 75 s) for an orphaned connection"},
                {kTcp + "DelAckTimeout", "40ms", timer + "TCPTV_DELACK (hz/25)"},
                {kTcp + "DelAckCount", "2", "sys/netinet/tcp_input.c DELAY_ACK"},
                {kSock + "DelayFinAck", "false", "sys/netinet/tcp_input.c: a FIN sets TF_ACKNOW"},
                {kSock + "QuickAckSegments",
                 "0",
                 "sys/netinet/tcp_input.c DELAY_ACK: no quick-ACK mode"},
                {kSock + "QuickAckOnOutOfOrder",
                 "false",
                 "sys/netinet/tcp_input.c DELAY_ACK: no quick-ACK mode"},
                {kSock + "TimeWaitRstPolicy",
                 "Ignore",
                 "sys/netinet/tcp_timewait.c tcp_twcheck: RSTs are dropped (RFC 1337)"},
                {kSock + "TimeWaitSynPolicy",
                 "AcceptIfNewer",
                 "sys/netinet/tcp_timewait.c tcp_twcheck: SEQ_GT(th_seq, rcv_nxt)"},
                {kL4 + "EphemeralPortFirst",
                 "10000",
                 "sys/netinet/in_pcb.c ipport_firstauto (net.inet.ip.portrange.first)"},
                {kL4 + "EphemeralPortLast",
                 "65535",
                 "sys/netinet/in_pcb.c ipport_lastauto (net.inet.ip.portrange.last)"},
                {kSock + "InvalidAckRateLimit",
                 "200ms",
                 "sys/netinet/tcp_subr.c ack_war_cnt=5 per ack_war_timewindow=1000 ms"},
                {kSock + "SynCookies",
                 "WhenFull",
                 "sys/netinet/tcp_syncache.c net.inet.tcp.syncookies=1: every SYN-ACK carries "
                 "a cookie, checked when the syncache has no entry (after an overflow)"},
                {kSock + "WindowScaling", "true", "net.inet.tcp.rfc1323=1"},
                {kSock + "Sack", "true", "net.inet.tcp.sack.enable=1"},
                {kSock + "Dsack",
                 "true",
                 "sys/netinet/tcp_sack.c tcp_update_dsack_list (FreeBSD 13 and later)"},
                {kSock + "BufferRoundToMss",
                 "true",
                 "sys/netinet/tcp_input.c tcp_mss: roundup(sb_hiwat, mss) for both buffers"},
                {kSock + "RstInWindowResets", "false", "net.inet.tcp.insecure_rst=0"},
                {kSock + "RstAtFinAccepted",
                 "false",
                 "sys/netinet/tcp_input.c: a RST resets only at the last ACK sent"},
                {kSock + "NextSegRule3",
                 "true",
                 "RFC 6675 section 4 (NextSeg (3), a SHOULD); not checked against "
                 "sys/netinet/tcp_sack.c"},
                {kSock + "OptionLayout",
                 "FreeBsd",
                 "sys/netinet/tcp_output.c tcp_addoptions: <mss, nop, wscale, sackOK, TS>"},
                {kSock + "WindowScaleShift",
                 "6",
                 "sys/netinet/tcp_usrreq.c: the smallest shift for which TCP_MAXWIN << shift "
                 "reaches sb_max (kern.ipc.maxsockbuf = 2 MiB)"},
                {kSock + "Timestamp", "true", "net.inet.tcp.rfc1323=1"},
            }};
}

Profile
Windows()
{
    const std::string blog = "Microsoft Networking blog, TCP Templates for Windows Server "
                             "2019 (Internet template): ";
    return {"Windows 10/11 and Server 2019+ (Internet template); several defaults are not "
            "documented by Microsoft for current releases, see the sources",
            {
                {kTcp + "ConnTimeout",
                 "1s",
                 "InitialRtoMs=1000 (Get-NetTCPSetting output; allowed 300-3000 ms per "
                 "Set-NetTCPSetting)"},
                {kTcp + "ConnCount",
                 "4",
                 "MaxSynRetransmissions=4 (Get-NetTCPSetting output, not a Microsoft page)"},
                {kSock + "SynLinearTimeouts", "0", "doubling"},
                {kSock + "ConnectTimeLimit", "0s", "retries decide"},
                {kSock + "ConnectTimeLimitAtTimeout", "false", "no limit to check"},
                {kSock + "SynSentBadAckRetry", "0s", "not documented; not measured here"},
                {kSock + "SynAckRetries",
                 "2",
                 "TcpMaxConnectResponseRetransmissions=2 (Windows 2000 TCP/IP parameters; "
                 "current default not documented)"},
                {kSock + "InitialRto", "1s", "InitialRtoMs=1000"},
                {kSock + "MinRto", "300ms", blog + "MinRto 300 ms"},
                {kSock + "MaxRto", "60s", "not documented: RFC 6298 2.5's 60 s"},
                {kSock + "Msl", "60s", "half of TcpTimedWaitDelay"},
                {kSock + "TimeWaitDuration",
                 "120s",
                 "TcpTimedWaitDelay=120 s (KB 314053, Windows XP/2003; not documented for "
                 "later releases)"},
                {kSock + "FinWait2Timeout",
                 "120s",
                 "not documented for current releases (TCP Chimney Offload documentation: "
                 "120 s)"},
                {kTcp + "DelAckTimeout", "40ms", blog + "DelayedAckTimeout 40 ms"},
                {kTcp + "DelAckCount", "2", blog + "DelayedAckFrequency 2"},
                {kSock + "DelayFinAck", "false", "not documented: RFC 9293"},
                {kSock + "QuickAckSegments", "0", "not documented: RFC 5681 4.2"},
                {kSock + "QuickAckOnOutOfOrder", "false", "not documented: RFC 5681 4.2"},
                {kSock + "TimeWaitRstPolicy", "Close", "not documented: RFC 9293"},
                {kSock + "TimeWaitSynPolicy", "AcceptIfNewer", "not documented: RFC 1122"},
                {kL4 + "EphemeralPortFirst",
                 "49152",
                 "Microsoft Learn, Troubleshoot port exhaustion issues: 49152-65535"},
                {kL4 + "EphemeralPortLast", "65535", "same"},
                {kSock + "InvalidAckRateLimit", "500ms", "not documented: synfin's default"},
                {kSock + "SynCookies",
                 "Never",
                 "no SYN cookies: its SYN attack protection shortens SYN-ACK retransmission "
                 "under attack instead (SynAttackProtect, Windows 2000/2003 TCP/IP "
                 "parameters; not modelled)"},
                {kSock + "WindowScaling",
                 "true",
                 "receive window auto-tuning (netsh interface tcp show global: normal)"},
                {kSock + "Sack",
                 "true",
                 "SackOpts=1 (Windows TCP/IP parameters; on by default since Windows 98)"},
                {kSock + "Dsack",
                 "true",
                 "RFC 2883 is among the Next Generation TCP/IP stack's features (Windows "
                 "Vista and later); not measured here"},
                {kSock + "BufferRoundToMss", "false", "not documented; not measured here"},
                {kSock + "RstInWindowResets", "false", "not documented: RFC 5961 3.2"},
                {kSock + "RstAtFinAccepted", "false", "not documented: RFC 5961 3.2"},
                {kSock + "NextSegRule3", "true", "not documented: RFC 6675 section 4 (a SHOULD)"},
                {kSock + "OptionLayout", "Stock", "not documented; not measured here"},
                {kSock + "WindowScaleShift",
                 "8",
                 "auto-tuning level normal: scale factor 8 (Microsoft Learn, Description of "
                 "Windows TCP features)"},
                {kSock + "Timestamp",
                 "false",
                 "Get-NetTCPSetting Timestamps: Disabled (RFC 1323 timestamps off by "
                 "default)"},
            }};
}

/// Every profile by name; aliases map to the same profile.
const std::map<std::string, Profile>&
Profiles()
{
    static const std::map<std::string, Profile> profiles{
        {"rfc9293", Rfc9293()},
        {"linux-6", Linux(true)},
        {"linux-5", Linux(false)},
        {"freebsd", FreeBsd()},
        {"windows", Windows()},
    };
    return profiles;
}

/// Resolve an alias ("linux" is the current Linux).
std::string
Canonical(const std::string& name)
{
    return name == "linux" ? "linux-6" : name;
}

} // namespace

std::vector<std::string>
SynFinProfile::GetNames()
{
    return {"rfc9293", "linux", "linux-6", "linux-5", "freebsd", "windows"};
}

bool
SynFinProfile::Exists(const std::string& name)
{
    return Profiles().count(Canonical(name)) > 0;
}

std::vector<SynFinProfileSetting>
SynFinProfile::GetSettings(const std::string& name)
{
    auto it = Profiles().find(Canonical(name));
    return it == Profiles().end() ? std::vector<SynFinProfileSetting>() : it->second.settings;
}

std::string
SynFinProfile::Describe(const std::string& name)
{
    auto it = Profiles().find(Canonical(name));
    return it == Profiles().end() ? std::string() : it->second.description;
}

/// \return false, with \p error naming \p name and the allowed profiles, if it is unknown
static bool
Known(const std::string& name, std::string& error)
{
    if (SynFinProfile::Exists(name))
    {
        return true;
    }
    error = "unknown profile '" + name + "'; allowed: ";
    for (const std::string& n : SynFinProfile::GetNames())
    {
        error += (n == SynFinProfile::GetNames().front() ? "" : ", ") + n;
    }
    return false;
}

bool
SynFinProfile::Apply(const std::string& name, std::string& error)
{
    NS_LOG_FUNCTION(name);
    if (!Known(name, error))
    {
        return false;
    }
    for (const SynFinProfileSetting& s : GetSettings(name))
    {
        // A failure here is a bug in the table above, which a test applies in full.
        NS_ABORT_MSG_UNLESS(Config::SetDefaultFailSafe(s.attribute, StringValue(s.value)),
                            "SynFinProfile " << name << ": cannot set " << s.attribute << " = "
                                             << s.value);
    }
    return true;
}

bool
SynFinProfile::ApplyTo(const std::string& name, Ptr<Node> node, std::string& error)
{
    NS_LOG_FUNCTION(name << node);
    if (!Known(name, error))
    {
        return false;
    }
    Ptr<SynFinL4Protocol> tcp = node->GetObject<SynFinL4Protocol>();
    if (!tcp)
    {
        error = "node " + std::to_string(node->GetId()) + " does not run synfin's TCP";
        return false;
    }
    for (const SynFinProfileSetting& s : GetSettings(name))
    {
        std::string attribute = s.attribute.substr(s.attribute.rfind("::") + 2);
        bool ok = s.attribute.rfind(kL4, 0) == 0
                      ? tcp->SetAttributeFailSafe(attribute, StringValue(s.value))
                      : tcp->SetSocketAttribute(attribute, StringValue(s.value));
        NS_ABORT_MSG_UNLESS(ok,
                            "SynFinProfile " << name << ": cannot set " << s.attribute << " = "
                                             << s.value << " on node " << node->GetId());
    }
    return true;
}

void
SynFinProfile::WriteRst(std::ostream& os)
{
    os << ".. Written by `make doc-profiles` (synfin-table --profiles) from "
          "model/synfin-profile.cc.\n\n";
    for (const std::string& name : GetNames())
    {
        if (name == "linux")
        {
            os << "``linux``\n    The same as ``linux-6``.\n\n";
            continue;
        }
        os << "``" << name << "``\n    " << Describe(name) << ".\n\n";
        for (const SynFinProfileSetting& s : GetSettings(name))
        {
            os << "    * ``" << s.attribute << " = " << s.value << "``: " << s.source << "\n";
        }
        os << "\n";
    }
}

} // namespace ns3
