/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where Simulator::Schedule takes a lambda (ns-3.36 and later). The build defines
 * SYNFIN_NS3_SCHEDULE_LAMBDA to 1 where this compiles and to 0 where it does not.
 */

#include "ns3/nstime.h"
#include "ns3/simulator.h"

// The lambdas capture: one that does not converts to a function pointer, which every release
// schedules.
void
SynFinProbe(int value)
{
    ns3::Simulator::Schedule(ns3::Seconds(1), [value]() { (void)value; });
    ns3::Simulator::ScheduleNow([value]() { (void)value; });
}
