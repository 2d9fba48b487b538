/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_ISN_GENERATOR_H
#define SYNFIN_ISN_GENERATOR_H

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief Initial sequence numbers as RFC 6528 section 3 describes them.
 *
 * ISN = M + F(localip, localport, remoteip, remoteport, secretkey), where M is a clock
 * ticking every 4 microseconds and F a keyed hash of the connection's 4-tuple. The secret
 * key comes from the simulator's random number generator, so the same seed and run number
 * give the same sequence numbers, while different 4-tuples get unrelated sequence spaces
 * and a reincarnation of the same 4-tuple gets a larger ISN than its predecessor
 * (which is what lets TIME-WAIT accept a new SYN, RFC 6191).
 */
class SynFinIsnGenerator
{
  public:
    /**
     * \brief Set the secret key.
     * \param key the key (drawn once per node from the ns-3 RNG)
     */
    void SetKey(uint64_t key);

    /**
     * \brief Compute an ISN.
     * \param now the current simulation time (drives M)
     * \param local local address
     * \param localPort local port
     * \param remote remote address
     * \param remotePort remote port
     * \return the ISN
     */
    SequenceNumber32 Generate(Time now,
                              Ipv4Address local,
                              uint16_t localPort,
                              Ipv4Address remote,
                              uint16_t remotePort) const;

  private:
    uint64_t m_key{0}; //!< secret key of F
};

} // namespace ns3

#endif /* SYNFIN_ISN_GENERATOR_H */
