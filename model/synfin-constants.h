/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Numbers the TCP specifications fix, named once.
 */

#ifndef SYNFIN_CONSTANTS_H
#define SYNFIN_CONSTANTS_H

#include <cstdint>

namespace ns3
{

/// RFC 9293 3.7.1: the send MSS when the peer sends no MSS option.
constexpr uint32_t kSynFinDefaultMss = 536;

/// Linux's tcp_min_snd_mss: an MSS option below it is raised to it.
constexpr uint32_t kSynFinMinSendMss = 48;

/// The largest window a 16-bit header field holds without window scaling (RFC 7323).
constexpr uint32_t kSynFinMaxUnscaledWindow = 65535;

} // namespace ns3

#endif /* SYNFIN_CONSTANTS_H */
