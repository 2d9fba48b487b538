/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A SYN flood from spoofed source addresses: the classic attack on a listener's SYN queue.
 */

#ifndef SYNFIN_SYN_FLOOD_H
#define SYNFIN_SYN_FLOOD_H

#include "ns3/address.h"
#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class UniformRandomVariable;

/**
 * \ingroup synfin
 * \brief Sends SYNs to a listener from random, spoofed source addresses and ports, and
 *        never answers: each SYN leaves a half-open connection (SYN-RECEIVED) behind until
 *        the listener gives up on its SYN-ACKs (RFC 4987 section 2.2).
 *
 * The SYNs go straight to IPv4 with the forged source address, one every Interval from
 * StartTime, at most MaxSyns of them. Sources are drawn from SourceNetwork/SourceMask
 * (by default 198.18.0.0/15, the RFC 2544 benchmarking range that no simulated network
 * routes), so the listener's SYN-ACKs go nowhere, as they do for a real spoofed flood.
 * Install it on any node that can reach the listener; the node needs IPv4, not TCP.
 */
class SynFinSynFlood : public Application
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinSynFlood();
    ~SynFinSynFlood() override;

    /// \return SYNs sent so far
    uint64_t GetSent() const;

    /**
     * \brief Assign fixed random variable streams.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void DoDispose() override;

    /// Send one SYN and schedule the next.
    void SendSyn();

    Address m_remote;                 //!< Remote: the listener's address and port
    Time m_interval;                  //!< Interval
    uint64_t m_maxSyns{0};            //!< MaxSyns (0: no limit)
    Ipv4Address m_sourceNetwork;      //!< SourceNetwork
    Ipv4Mask m_sourceMask;            //!< SourceMask
    Ptr<UniformRandomVariable> m_rng; //!< sources, ports, sequence numbers
    EventId m_next;                   //!< the next SYN
    uint64_t m_sent{0};               //!< SYNs sent
};

} // namespace ns3

#endif /* SYNFIN_SYN_FLOOD_H */
