/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_TCP_L4_VIEW_H
#define SYNFIN_TCP_L4_VIEW_H

#include "ns3/ip-l4-protocol.h"
#include "ns3/ptr.h"
#include "ns3/tcp-l4-protocol.h"
#include "ns3/type-id.h"

#include <cstddef>

namespace ns3
{

class SynFinL4Protocol;
class Socket;

/**
 * \ingroup synfin
 * \brief What a program written for stock ns-3 finds when it asks a synfin node for its
 *        ns3::TcpL4Protocol.
 *
 * Unmodified ns-3 programs reach TCP through the TcpL4Protocol aggregated on a node:
 * Config paths such as `/NodeList/1/$ns3::TcpL4Protocol/SocketList/0/CongestionWindow`,
 * `node->GetObject<TcpL4Protocol>()->SetAttribute("SocketType", ...)`, helpers that reroute
 * TCP's output (DsrHelper's SetDownTarget). SynFinL4Protocol aggregates this object on its
 * node, so that those reach synfin: SocketList lists synfin's sockets, SocketType and
 * RecoveryType set and read synfin's, and the down target is synfin's.
 *
 * It is a TcpL4Protocol by class (a C++ pointer to it is a valid TcpL4Protocol pointer) but
 * never carries a segment: it is not inserted into IPv4 and aggregates no socket factory.
 * What stock's class offers beyond the above (CreateSocket, Allocate, ...) is stock's code
 * acting on an empty stock protocol, and is not for use on a synfin node.
 */
class SynFinTcpL4View : public TcpL4Protocol
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinTcpL4View();
    ~SynFinTcpL4View() override;

    /// \param synfin the node's synfin protocol, which this view shows
    void SetSynFin(Ptr<SynFinL4Protocol> synfin);
    /// \return the node's synfin protocol
    Ptr<SynFinL4Protocol> GetSynFin() const;

    /// \return how many sockets synfin's SocketList holds
    std::size_t GetSocketCount() const;
    /**
     * \param i an index below GetSocketCount()
     * \return synfin's socket \p i
     */
    Ptr<Socket> GetSocketAt(std::size_t i) const;

    // Forwarded to synfin, so that a helper rerouting TCP reroutes synfin's segments.
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;

  protected:
    void DoDispose() override;
    /// Unlike stock's: no insertion into IPv4, no socket factory.
    void NotifyNewAggregate() override;

  private:
    /// \param type a congestion control for synfin's new sockets
    void SetSocketType(TypeId type);
    /// \return synfin's congestion control for new sockets
    TypeId GetSocketType() const;
    /// \param type a loss recovery for synfin's new sockets
    void SetRecoveryType(TypeId type);
    /// \return synfin's loss recovery for new sockets
    TypeId GetRecoveryType() const;

    Ptr<SynFinL4Protocol> m_synfin; //!< the protocol shown
};

} // namespace ns3

#endif /* SYNFIN_TCP_L4_VIEW_H */
