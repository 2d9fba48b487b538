/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: the one shell command besides sysctl that the FreeBSD tcp-testsuite uses to
 * check state, sockstat piped into grep, read as the question it asks about the sockets.
 */

#ifndef SYNFIN_DRILL_SOCKSTAT_H
#define SYNFIN_DRILL_SOCKSTAT_H

#include <cstdint>
#include <optional>
#include <string>

namespace synfin_drill
{

/**
 * How many TCP sockets are in a state:
 * `sockstat [-4] -P tcp -s [-p PORT] | [grep packetdril |] grep -c STATE | grep COUNT`.
 */
struct SockstatQuery
{
    std::string state;            //!< FreeBSD's state name or part of it, e.g. "TIME_WAIT"
    std::optional<uint16_t> port; //!< -p: only connections with this local or remote port
    bool ownedOnly{false};        //!< grep packetdril: only sockets the script holds open
    int64_t count{0};             //!< the count the last grep asks for
};

/**
 * \brief Read a shell command as a sockstat question.
 * \param commandLine the command between the backquotes
 * \return the question, or nothing when the command has another form
 */
std::optional<SockstatQuery> ParseSockstat(const std::string& commandLine);

/**
 * \brief Does a state's name answer the query's grep (a substring, as grep matches)?
 * \param query the question
 * \param stateName ns-3's name of the state, which is FreeBSD's ("SYN_RCVD", "TIME_WAIT")
 * \return true when the socket is counted
 */
bool StateMatches(const SockstatQuery& query, const std::string& stateName);

} // namespace synfin_drill

#endif // SYNFIN_DRILL_SOCKSTAT_H
