/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Private to the files of SynFinSocket (not installed, not in synfin-module.h): they all log
 * under the "SynFinSocket" component, with the node and connection as context.
 */

#ifndef SYNFIN_SOCKET_LOG_H
#define SYNFIN_SOCKET_LOG_H

#include "synfin-socket.h"

#include "ns3/log.h"
#include "ns3/node.h"

namespace ns3
{
namespace
{
/// The socket's log component, under the name NS_LOG's macros look for.
[[maybe_unused]] LogComponent& g_log = SynFinSocket::GetLogComponent();
} // namespace
} // namespace ns3

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << " [node " << m_node->GetId() << " conn " << m_connId << "] ";                 \
    }

#endif /* SYNFIN_SOCKET_LOG_H */
