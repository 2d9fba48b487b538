/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where an ns3::Callback can be made from a lambda (ns-3.36 and later). The build
 * defines SYNFIN_NS3_CALLBACK_FROM_LAMBDA to 1 where this compiles and to 0 where it does not.
 */

#include "ns3/callback.h"

ns3::Callback<void, int> g_probe([](int) {});
