/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_ISN_GENERATOR_H
#define SYNFIN_ISN_GENERATOR_H

#include "synfin-four-tuple.h"

#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/sequence-number.h"

#include <array>
#include <cstdint>
#include <optional>

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

    /// The MSS values a SYN cookie can carry (two bits), the same steps as Linux's table.
    static constexpr std::array<uint16_t, 4> kCookieMss{536, 1300, 1440, 1460};
    /// How old a cookie may be, in ticks of kCookieTick (Linux: MAX_SYNCOOKIE_AGE 2).
    static constexpr uint32_t kCookieMaxAge = 2;

    /**
     * \brief A SYN cookie: the ISN of a SYN-ACK sent without keeping any state (RFC 4987
     *        section 3.6), from which the ACK that completes the handshake rebuilds the
     *        connection.
     *
     * cookie = H1(tuple) + peer ISN + (tick << 24) + (H2(tuple, tick) + MSS index) mod 2^24,
     * with tick = now / kCookieTick and H1, H2 keyed hashes. The peer's ISN makes the cookie
     * differ for every SYN, the tick bounds its lifetime, and the low 24 bits carry the
     * MSS step, checked against H2.
     * \param now the current simulation time
     * \param tuple the connection the SYN asks for, from the listener's side
     * \param peerIsn the SYN's sequence number
     * \param peerMss the MSS the SYN announced (rounded down to a kCookieMss step)
     * \return the ISN to send
     */
    SequenceNumber32 Cookie(Time now,
                            const SynFinFourTuple& tuple,
                            SequenceNumber32 peerIsn,
                            uint16_t peerMss) const;

    /**
     * \brief Check the cookie an ACK returns (SEG.ACK - 1) for the peer ISN it implies
     *        (SEG.SEQ - 1).
     * \param now the current simulation time
     * \param tuple the connection, from the listener's side
     * \param peerIsn SEG.SEQ - 1
     * \param cookie SEG.ACK - 1
     * \return the MSS the cookie carries, or nothing if it is not one of ours or too old
     */
    std::optional<uint16_t> CheckCookie(Time now,
                                        const SynFinFourTuple& tuple,
                                        SequenceNumber32 peerIsn,
                                        SequenceNumber32 cookie) const;

    /// The cookie clock's tick: a cookie stays valid for kCookieMaxAge to kCookieMaxAge + 1
    /// ticks (Linux counts minutes).
    static Time CookieTick();

  private:
    /// \return the keyed hash of the tuple, salted with \p salt
    uint32_t Hash(const SynFinFourTuple& tuple, uint64_t salt) const;

    uint64_t m_key{0}; //!< secret key of F
};

} // namespace ns3

#endif /* SYNFIN_ISN_GENERATOR_H */
