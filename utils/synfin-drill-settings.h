/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: what a script sets besides its events. Its option lines (--tolerance_usecs)
 * change how synfin-drill runs it; its sysctl commands (`sysctl -q net.ipv4.tcp_sack=0`)
 * become synfin attribute defaults through one table, Table(). Anything else fails the
 * script with a message, never passes silently.
 */

#ifndef SYNFIN_DRILL_SETTINGS_H
#define SYNFIN_DRILL_SETTINGS_H

#include "synfin-drill-script.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace synfin_drill
{

/// How a script is run: packetdrill's defaults, changed by its option lines.
struct RunConfig
{
    int64_t toleranceUsecs{4000};       //!< --tolerance_usecs: least timing tolerance
    double tolerancePercent{12.5};      //!< --tolerance_percent: of the time since the last event
    int64_t tsTickUsecs{0};             //!< --tcp_ts_tick_usecs: TSval checked when not 0
    std::string localIp{"192.168.0.1"}; //!< --local_ip: the stack's address
    std::string remoteIp{"192.0.2.1"};  //!< --remote_ip: the script's address
    /// FreeBSD's sockets API (the freebsd profile): buffer sizes kept as set, not doubled; a
    /// reset in CLOSE-WAIT reported as ECONNRESET, not EPIPE
    bool bsdSockets{false};
};

/// One row of the sysctl table.
struct SysctlMapping
{
    std::string sysctl;    //!< e.g. "net.ipv4.tcp_sack"
    std::string attribute; //!< what it sets, e.g. "ns3::TcpSocketBase::Sack"
    std::string meaning;   //!< how the value carries over
};

/**
 * \brief Apply an option line.
 * \param option the option
 * \param config changed by tolerance options
 * \throw DrillError for an option synfin-drill does not support (named, with the supported)
 */
void ApplyOption(const ScriptOption& option, RunConfig& config);

/**
 * \brief Run a shell command of the script: only sysctl settings, each through Table().
 * \param command the command
 * \param line its script line
 * \throw DrillError for anything else, or a sysctl not in the table
 */
void ApplyCommand(const CommandEvent& command, int line);

/// \return the sysctl table, for the documentation and --list-sysctls
const std::vector<SysctlMapping>& Table();

/// \return the settings a `defaults.sh` command (the packetdrill suites' set-up) makes
const std::vector<std::pair<std::string, std::string>>& SuiteDefaults();

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_SETTINGS_H */
