/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_JITTER_CHANNEL_H
#define SYNFIN_JITTER_CHANNEL_H

#include "ns3/nstime.h"
#include "ns3/point-to-point-channel.h"
#include "ns3/point-to-point-net-device.h"

#include <array>

namespace ns3
{

class UniformRandomVariable;

/**
 * \ingroup synfin
 * \brief A point-to-point channel whose one-way delay varies from packet to packet.
 *
 * Each packet takes the channel's Delay plus a uniform random time in [0, Jitter]. With
 * KeepOrder (the default) a packet never arrives before the one sent ahead of it in the
 * same direction: it waits for it, as on a path whose queueing delay varies but whose
 * packets stay in line (a single path through FIFO queues). Without KeepOrder each delay
 * is independent and packets overtake each other, as across parallel paths.
 *
 * Every packet is affected, TCP or not, and it is an ordinary channel to the devices: their
 * error models, queues and traces see nothing different. NetAnim's channel trace is not
 * fired. SynFinTopologyHelper puts one on a link given a jitter (synfin-run --jitter).
 */
class SynFinJitterChannel : public PointToPointChannel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinJitterChannel();
    ~SynFinJitterChannel() override;

    bool TransmitStart(Ptr<const Packet> p, Ptr<PointToPointNetDevice> src, Time txTime) override;

    /**
     * \brief Assign a fixed random variable stream to the jitter.
     * \param stream the stream index to use
     * \return the number of streams assigned (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    void DoDispose() override;

    Time m_jitter;                       //!< Jitter: the random part's upper bound
    bool m_keepOrder{true};              //!< KeepOrder
    Ptr<UniformRandomVariable> m_rng;    //!< draws the random part
    std::array<Time, 2> m_lastArrival{}; //!< KeepOrder: the latest arrival, per direction
};

} // namespace ns3

#endif /* SYNFIN_JITTER_CHANNEL_H */
