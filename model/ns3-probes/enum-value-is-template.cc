/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Compiles where ns3::EnumValue is a class template (ns-3.41 and later), which also makes
 * MakeEnumAccessor take the enum type as a template argument. The build defines
 * SYNFIN_NS3_ENUM_VALUE_IS_TEMPLATE to 1 where this compiles and to 0 where it does not.
 */

#include "ns3/enum.h"

enum class SynFinProbeEnum
{
    ONE
};

ns3::EnumValue<SynFinProbeEnum> g_probe(SynFinProbeEnum::ONE);
