/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_STOCK_ATTRIBUTES_H
#define SYNFIN_STOCK_ATTRIBUTES_H

#include "ns3/attribute.h"
#include "ns3/ptr.h"
#include "ns3/type-id.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

class SynFinSocket;

/**
 * \ingroup synfin
 * \brief A stock ns-3 TCP setting and what became of it on synfin.
 */
struct SynFinStockSetting
{
    std::string name;   //!< where it was set, e.g. "ns3::TcpSocketBase::Sack"
    std::string value;  //!< the value asked for, as ns-3 serializes it
    std::string effect; //!< what synfin did with it, in words
};

/**
 * \ingroup synfin
 * \brief The values a SynFinSocket holds for stock attributes synfin accepts but does not
 *        model (Sack, Timestamp, UseEcn, ...), so that GetAttribute returns what was set.
 */
class SynFinStockValues
{
  public:
    /// Stock attribute name -> the value last set on this socket (only values that differ
    /// from synfin's own behaviour are kept).
    std::map<std::string, Ptr<const AttributeValue>> values;
    /// False while ns-3 applies the attributes' initial values (ObjectBase::ConstructSelf).
    bool constructed{false};
};

/**
 * \ingroup synfin
 * \brief Makes SynFinSocket accept ns-3's stock TCP attributes (ns3::TcpSocketBase::*,
 *        and the TCP-wide ns3::TcpL4Protocol settings) so that unmodified ns-3 programs run.
 *
 * Every attribute of ns-3.37's TcpSocketBase is registered on SynFinSocket under the stock
 * name and with the stock value type. Those synfin models are honoured (MaxSegLifetime is the
 * MSL, MinRto and ClockGranularity feed the RFC 6298 estimator, ReTxThreshold is the
 * duplicate-ACK threshold); the others are accepted, and a value that asks for behaviour
 * synfin lacks is reported once per attribute and process on std::cerr and listed by
 * GetNotApplied().
 *
 * Config::SetDefault("ns3::TcpSocketBase::X") changes TcpSocketBase's TypeId, which no
 * SynFinSocket reads by itself, so ApplyStockDefaults() copies such changes into each new
 * socket. Precedence, highest first:
 *  -# SetAttribute on the socket (it comes after construction);
 *  -# a value on ns3::SynFinSocket itself that differs from synfin's built-in default
 *     (Config::SetDefault("ns3::SynFinSocket::X"), construction attributes), under synfin's
 *     name or the stock one;
 *  -# Config::SetDefault("ns3::TcpSocketBase::X") that differs from stock's built-in default;
 *  -# synfin's built-in default.
 */
class SynFinStockAttributes
{
  public:
    /**
     * \brief Register TcpSocketBase's attribute names on SynFinSocket's TypeId.
     * \param tid SynFinSocket's TypeId, its own attributes already added
     * \return tid
     */
    static TypeId AddTo(TypeId tid);

    /**
     * \brief Apply changed stock defaults to a socket that has just been constructed, and
     *        check the TCP-wide stock settings (ns3::TcpL4Protocol::SocketType, ...).
     * \param socket the socket, its own attributes already set
     */
    static void ApplyStockDefaults(SynFinSocket& socket);

    /**
     * \brief Stock settings seen in this process that synfin did not apply: not modelled,
     *        or overridden by an explicit synfin value. Changed stock defaults are listed
     *        even if no socket was created.
     * \return the settings, sorted by name
     */
    static std::vector<SynFinStockSetting> GetNotApplied();

    /**
     * \brief What a new SynFinSocket gets now where that differs from synfin's built-in
     *        defaults (stock defaults mapped in), plus stock-named values that sockets
     *        honoured when set on them.
     * \return "ns3::SynFinSocket::X" entries, sorted by name, effect naming the source
     */
    static std::vector<SynFinStockSetting> GetInEffect();

    /**
     * \brief Forget the warnings given and the settings seen (for tests that run several
     *        simulations in one process).
     */
    static void Reset();

    /**
     * \return the stock TypeIds whose attribute defaults ApplyStockDefaults() reads
     *         (ns3::TcpSocketBase and the TCP-wide ones), those this ns-3 has
     */
    static const std::vector<TypeId>& DefaultSources();

    /**
     * \return a number that Reset() changes, so that what was derived from the ledger can
     *         tell it is stale
     */
    static uint64_t Generation();
};

} // namespace ns3

#endif /* SYNFIN_STOCK_ATTRIBUTES_H */
