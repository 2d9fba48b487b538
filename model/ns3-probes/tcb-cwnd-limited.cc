/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where TcpSocketState has m_isCwndLimited, which congestion controls read before
 * growing the window (ns-3.42 and later). The build defines SYNFIN_NS3_TCB_CWND_LIMITED to 1
 * where this compiles and to 0 where it does not.
 */

#include "ns3/tcp-socket-state.h"

void
SynFinProbe(ns3::Ptr<ns3::TcpSocketState> tcb)
{
    tcb->m_isCwndLimited = true;
}
