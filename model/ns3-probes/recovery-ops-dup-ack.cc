/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where TcpRecoveryOps::DoRecovery takes the isDupAck argument (ns-3.43 and later).
 * The build defines SYNFIN_NS3_RECOVERY_OPS_DUP_ACK to 1 where this compiles and to 0 where
 * it does not.
 */

#include "ns3/tcp-recovery-ops.h"
#include "ns3/tcp-socket-state.h"

void
SynFinProbe(ns3::Ptr<ns3::TcpRecoveryOps> ops, ns3::Ptr<ns3::TcpSocketState> tcb)
{
    ops->DoRecovery(tcb, 1, true);
}
