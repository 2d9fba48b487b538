/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Several error models on one device.
 */

#ifndef SYNFIN_ERROR_MODEL_CHAIN_H
#define SYNFIN_ERROR_MODEL_CHAIN_H

#include "ns3/error-model.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief An error model made of others: a packet is lost if any of them loses it.
 *
 * A device takes one receive error model; a link that has random loss, bursty loss and
 * targeted drops at once needs them stacked. Every member sees every packet, even one an
 * earlier member already lost, so each member's counters and random draws are what they
 * would be alone: adding a drop rule does not change which packets the random loss picks.
 */
class SynFinErrorModelChain : public ErrorModel
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinErrorModelChain();
    ~SynFinErrorModelChain() override;

    /**
     * \brief Append a member.
     * \param model the error model
     */
    void Add(Ptr<ErrorModel> model);

    /// \return the number of members
    std::size_t GetN() const;

    /**
     * \param i the index, in order of Add
     * \return the member
     */
    Ptr<ErrorModel> Get(std::size_t i) const;

  private:
    bool DoCorrupt(Ptr<Packet> p) override;
    void DoReset() override;
    void DoDispose() override;

    std::vector<Ptr<ErrorModel>> m_models; //!< the members
};

} // namespace ns3

#endif /* SYNFIN_ERROR_MODEL_CHAIN_H */
