/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-isn-generator.h"

namespace ns3
{

namespace
{

/// A 64-bit finalizing mix (a bijection with good avalanche), used as the keyed hash F.
uint64_t
Mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

} // namespace

void
SynFinIsnGenerator::SetKey(uint64_t key)
{
    m_key = key;
}

SequenceNumber32
SynFinIsnGenerator::Generate(Time now,
                             Ipv4Address local,
                             uint16_t localPort,
                             Ipv4Address remote,
                             uint16_t remotePort) const
{
    // RFC 6528 section 3: M is a 4-microsecond timer.
    auto m = static_cast<uint32_t>(now.GetMicroSeconds() / 4);
    uint64_t tuple = (static_cast<uint64_t>(local.Get()) << 32) | remote.Get();
    uint64_t ports = (static_cast<uint64_t>(localPort) << 16) | remotePort;
    uint64_t f = Mix64(Mix64(tuple ^ m_key) ^ (ports + m_key * 0x9e3779b97f4a7c15ULL));
    return SequenceNumber32(m + static_cast<uint32_t>(f));
}

} // namespace ns3
