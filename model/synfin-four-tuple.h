/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_FOUR_TUPLE_H
#define SYNFIN_FOUR_TUPLE_H

#include "ns3/ipv4-address.h"

#include <cstdint>
#include <functional>
#include <ostream>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief A connection's identity seen from one end: local and remote address and port.
 *
 * The demux keys on it. IPv4 only for now; an IPv6 tuple would be a second key type
 * beside this one, not a change to it.
 */
struct SynFinFourTuple
{
    Ipv4Address localAddress{Ipv4Address::GetAny()};  //!< our address
    Ipv4Address remoteAddress{Ipv4Address::GetAny()}; //!< the peer's address
    uint16_t localPort{0};                            //!< our port
    uint16_t remotePort{0};                           //!< the peer's port

    /// \param o the other tuple \return true if equal
    bool operator==(const SynFinFourTuple& o) const
    {
        return localPort == o.localPort && remotePort == o.remotePort &&
               localAddress == o.localAddress && remoteAddress == o.remoteAddress;
    }
};

/**
 * \brief Print "local:port > remote:port".
 * \param os the stream
 * \param t the tuple
 * \return the stream
 */
inline std::ostream&
operator<<(std::ostream& os, const SynFinFourTuple& t)
{
    return os << t.localAddress << ":" << t.localPort << " > " << t.remoteAddress << ":"
              << t.remotePort;
}

/**
 * \ingroup synfin
 * \brief Hash of a four-tuple for the O(1) demux.
 */
struct SynFinFourTupleHash
{
    /// \param t the tuple \return its hash
    std::size_t operator()(const SynFinFourTuple& t) const
    {
        uint64_t a = (static_cast<uint64_t>(t.localAddress.Get()) << 32) | t.remoteAddress.Get();
        uint64_t b = (static_cast<uint64_t>(t.localPort) << 16) | t.remotePort;
        uint64_t x = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL);
        x ^= x >> 29;
        x *= 0xbf58476d1ce4e5b9ULL;
        x ^= x >> 32;
        return static_cast<std::size_t>(x);
    }
};

} // namespace ns3

#endif /* SYNFIN_FOUR_TUPLE_H */
