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

/// Salt of H1, the cookie's per-tuple offset (any constant unlike the others).
const uint64_t kSaltOffset = 0x5bd1e9955bd1e995ULL;
/// Salt of H2, the cookie's per-tick check value.
const uint64_t kSaltCheck = 0xc2b2ae3d27d4eb4fULL;

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

Time
SynFinIsnGenerator::CookieTick()
{
    return Seconds(60);
}

uint32_t
SynFinIsnGenerator::Hash(const SynFinFourTuple& t, uint64_t salt) const
{
    uint64_t addresses =
        (static_cast<uint64_t>(t.localAddress.Get()) << 32) | t.remoteAddress.Get();
    uint64_t ports = (static_cast<uint64_t>(t.localPort) << 16) | t.remotePort;
    return static_cast<uint32_t>(Mix64(Mix64(addresses ^ m_key ^ salt) ^ (ports + salt)));
}

SequenceNumber32
SynFinIsnGenerator::Cookie(Time now,
                           const SynFinFourTuple& tuple,
                           SequenceNumber32 peerIsn,
                           uint16_t peerMss) const
{
    // The largest step the peer can take; the smallest if it announced less than that.
    uint32_t index = kCookieMss.size() - 1;
    while (index > 0 && kCookieMss[index] > peerMss)
    {
        --index;
    }
    auto tick = static_cast<uint32_t>(now.GetTimeStep() / CookieTick().GetTimeStep());
    uint32_t check = (Hash(tuple, kSaltCheck + tick) + index) & 0xffffff;
    return SequenceNumber32(Hash(tuple, kSaltOffset) + peerIsn.GetValue() + (tick << 24) + check);
}

std::optional<uint16_t>
SynFinIsnGenerator::CheckCookie(Time now,
                                const SynFinFourTuple& tuple,
                                SequenceNumber32 peerIsn,
                                SequenceNumber32 cookie) const
{
    uint32_t value = cookie.GetValue() - Hash(tuple, kSaltOffset) - peerIsn.GetValue();
    auto tick = static_cast<uint32_t>(now.GetTimeStep() / CookieTick().GetTimeStep());
    uint32_t age = (tick - (value >> 24)) & 0xff;
    if (age > kCookieMaxAge)
    {
        return std::nullopt;
    }
    uint32_t index = (value - Hash(tuple, kSaltCheck + tick - age)) & 0xffffff;
    if (index >= kCookieMss.size())
    {
        return std::nullopt;
    }
    return kCookieMss[index];
}

} // namespace ns3
