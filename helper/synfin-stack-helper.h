/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_STACK_HELPER_H
#define SYNFIN_STACK_HELPER_H

#include "ns3/node-container.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

class Node;

/**
 * \ingroup synfin
 * \brief Installs an internet stack whose TCP is synfin (or, for chosen nodes, ns-3's own).
 *
 * On ns-3 3.37 - 3.38 the documented one-line path is
 * InternetStackHelper::SetTcp("ns3::SynFinL4Protocol"), and Install() uses it. From ns-3.39
 * SetTcp is gone, so the helper can also assemble the IPv4 stack itself (ARP, IPv4, ICMP,
 * static + global routing, traffic control, UDP, synfin's TCP, packet sockets); that path
 * is compiled on every version and selected by SetAssembleStack(true), so it stays tested.
 */
class SynFinStackHelper
{
  public:
    SynFinStackHelper();

    /**
     * \brief Assemble the stack by hand instead of through InternetStackHelper::SetTcp.
     * \param assemble true to assemble (forced where SetTcp does not exist)
     */
    void SetAssembleStack(bool assemble);

    /**
     * \brief Give each node an IPv4 internet stack with synfin's TCP.
     * \param nodes the nodes
     */
    void Install(NodeContainer nodes) const;

    /**
     * \brief Give one node an IPv4 internet stack with synfin's TCP.
     * \param node the node; aborts with a clear message if it already has IPv4
     */
    void Install(Ptr<Node> node) const;

    /**
     * \brief Give each node ns-3's stock internet stack (TcpL4Protocol), for mixed scenarios.
     * \param nodes the nodes
     */
    void InstallStock(NodeContainer nodes) const;

    /**
     * \brief Fix the random streams of synfin's ISN generators (and the stack's own).
     * \param nodes the nodes
     * \param stream first stream index
     * \return the number of streams used
     */
    static int64_t AssignStreams(NodeContainer nodes, int64_t stream);

    /**
     * \param node a node
     * \return true if the node's TCP is synfin
     */
    static bool HasSynFin(Ptr<Node> node);

  private:
    /// Put the stack together by hand (the path for ns-3 without SetTcp).
    void Assemble(Ptr<Node> node) const;

    bool m_assemble; //!< assemble instead of SetTcp
};

} // namespace ns3

#endif /* SYNFIN_STACK_HELPER_H */
