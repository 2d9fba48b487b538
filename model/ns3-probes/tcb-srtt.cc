/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where TcpSocketState has m_srtt, the smoothed RTT handed to congestion controls
 * (ns-3.43 and later). The build defines SYNFIN_NS3_TCB_SRTT to 1 where this compiles and to
 * 0 where it does not.
 */

#include "ns3/nstime.h"
#include "ns3/tcp-socket-state.h"

void
SynFinProbe(ns3::Ptr<ns3::TcpSocketState> tcb)
{
    tcb->m_srtt = ns3::Seconds(1);
}
