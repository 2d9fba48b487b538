/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * This program is free software; you can redistribute it and/or modify
 * it under the terms of the GNU General Public License version 2 as
 * published by the Free Software Foundation.
 */

#ifndef SYNFIN_GILBERT_ELLIOTT_ERROR_MODEL_H
#define SYNFIN_GILBERT_ELLIOTT_ERROR_MODEL_H

#include "ns3/error-model.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class Packet;
class UniformRandomVariable;

/**
 * \ingroup synfin
 * \brief A bursty packet loss model: the Gilbert-Elliott two-state Markov chain.
 *
 * The channel is either in the good state or in the bad state. For every
 * packet, in this order:
 * 1. the state moves: from good to bad with probability P, from bad to good
 *    with probability R (otherwise it stays);
 * 2. the packet is lost with the loss probability of the state it is now in:
 *    LossGood in the good state, LossBad in the bad state.
 * The chain starts in the good state, so with P = 1 the very first packet is
 * already subject to LossBad.
 *
 * In the notation of the literature (E. N. Gilbert, "Capacity of a burst-noise
 * channel", Bell System Technical Journal 39(5), 1960; E. O. Elliott,
 * "Estimates of error rates for codes on burst-noise channels", BSTJ 42(5),
 * 1963) and of RFC 3611 section 4.7.2, p and r are the transition
 * probabilities, k the probability of correct delivery in the good state and
 * h the one in the bad state, so LossGood = 1-k and LossBad = 1-h. The
 * simplified Gilbert model is LossGood = 0, LossBad = 1; then lost packets
 * come in bursts whose mean length is 1/R, separated by gaps of mean
 * length 1/P.
 *
 * Every packet costs two draws of one UniformRandomVariable (one for the
 * transition, one for the loss), whatever the parameters, so the same stream
 * (AssignStreams) and the same packets give the same losses. The packet
 * itself is never inspected nor modified; while the model is disabled
 * (ErrorModel::Disable) packets are neither counted nor dropped and the
 * state does not move.
 */
class SynFinGilbertElliottErrorModel : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinGilbertElliottErrorModel();
    ~SynFinGilbertElliottErrorModel() override;

    /**
     * \brief Use a fixed random variable stream.
     * \param stream the first stream index to use
     * \return the number of stream indices used (1)
     */
    int64_t AssignStreams(int64_t stream);

    /**
     * \return true if the chain is in the bad state (the state the last
     * packet was judged in)
     */
    bool IsBad() const;

    /**
     * \return the number of packets judged since construction or the last
     * Reset()
     */
    uint64_t GetPacketCount() const;

    /**
     * \return the number of packets dropped since construction or the last
     * Reset()
     */
    uint64_t GetDropCount() const;

    /**
     * \brief The long-run fraction of packets lost.
     *
     * The chain spends a fraction p/(p+r) of the packets in the bad state,
     * so the rate is (r * lossGood + p * lossBad) / (p + r). If p + r is 0
     * the chain never leaves the good state it starts in, and the rate is
     * \p lossGood.
     * \param p probability of moving from good to bad, per packet
     * \param r probability of moving from bad to good, per packet
     * \param lossGood loss probability in the good state
     * \param lossBad loss probability in the bad state
     * \return the stationary loss rate
     */
    static double StationaryLossRate(double p, double r, double lossGood, double lossBad);

  private:
    void DoDispose() override;
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;

    double m_p;                          //!< Probability good -> bad, per packet.
    double m_r;                          //!< Probability bad -> good, per packet.
    double m_lossGood;                   //!< Loss probability in the good state.
    double m_lossBad;                    //!< Loss probability in the bad state.
    bool m_bad;                          //!< Whether the chain is in the bad state.
    uint64_t m_packets;                  //!< Packets judged.
    uint64_t m_drops;                    //!< Packets dropped.
    Ptr<UniformRandomVariable> m_random; //!< Draws both the transitions and the losses.
};

} // namespace ns3

#endif /* SYNFIN_GILBERT_ELLIOTT_ERROR_MODEL_H */
