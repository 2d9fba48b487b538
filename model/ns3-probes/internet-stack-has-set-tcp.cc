/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where InternetStackHelper::SetTcp exists (up to ns-3.38), the one-line way to put
 * another TCP into the stack the helper installs. The build defines
 * SYNFIN_NS3_INTERNET_STACK_HAS_SET_TCP to 1 where this compiles and to 0 where it does not.
 */

#include "ns3/internet-stack-helper.h"

void
SynFinProbe(ns3::InternetStackHelper& helper)
{
    helper.SetTcp("ns3::SynFinL4Protocol");
}
