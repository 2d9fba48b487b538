/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SOCKET_PROTOTYPE_H
#define SYNFIN_SOCKET_PROTOTYPE_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <vector>

namespace ns3
{

class SynFinSocket;

/**
 * \ingroup synfin
 * \brief Makes new SynFinSockets by copying one constructed socket.
 *
 * ns-3 constructs an object by visiting every attribute of its TypeId chain (lookups,
 * copies and, in ns-3 3.37, a string rendering of each value even with logging off), and a
 * SynFinSocket also maps the stock ns3::TcpSocketBase defaults onto itself. With many
 * short connections that was a tenth of a simulation's cost. A socket made here is a copy
 * of one socket constructed the ordinary way, so it carries exactly the values
 * CreateObject<SynFinSocket>() would give.
 *
 * The copy is only as fresh as the defaults it was made from: before each copy, the
 * initial value of every attribute the construction read (SynFinSocket's chain, the stock
 * TypeIds SynFinStockAttributes maps) is compared by identity with what it was when the
 * prototype was built. Config::SetDefault and the command line replace an initial value
 * with a new object, so any change builds a new prototype. Values that ns-3 reads from the
 * NS_ATTRIBUTE_DEFAULT environment variable at construction are fixed for the process.
 */
class SynFinSocketPrototype
{
  public:
    /**
     * \return a new socket, as CreateObject<SynFinSocket>() would make it now
     */
    Ptr<SynFinSocket> Create();

    /// Release the prototype.
    void Clear();

  private:
    /**
     * \brief The initial values construction reads now, and SynFinStockAttributes' ledger
     *        generation (its Reset() must make the stock defaults be applied again).
     * \param[out] values the initial values, in a fixed order
     * \return the ledger generation
     */
    static uint64_t Snapshot(std::vector<Ptr<const AttributeValue>>& values);

    Ptr<SynFinSocket> m_prototype;                     //!< the socket copied
    std::vector<Ptr<const AttributeValue>> m_defaults; //!< what it was constructed from
    std::vector<Ptr<const AttributeValue>> m_scratch;  //!< reused by each check
    uint64_t m_generation{0};                          //!< ledger generation then
};

} // namespace ns3

#endif /* SYNFIN_SOCKET_PROTOTYPE_H */
