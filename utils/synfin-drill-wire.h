/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * synfin-drill: the stack under test and the script's side of the wire. One ns-3 node runs
 * synfin with nothing below it: every segment it sends is captured here, and the script's
 * segments are handed to its TCP as if IPv4 had delivered them.
 */

#ifndef SYNFIN_DRILL_WIRE_H
#define SYNFIN_DRILL_WIRE_H

#include "synfin-drill-segment.h"

#include "ns3/ipv4-address.h"
#include "ns3/node.h"
#include "ns3/synfin-l4-protocol.h"

#include <deque>

namespace synfin_drill
{

/// A segment the stack sent, with when.
struct Captured
{
    int64_t usecs{0};             //!< simulation time, microseconds from the script's start
    ns3::Ipv4Address source;      //!< IP source
    ns3::Ipv4Address destination; //!< IP destination
    WireSegment segment;          //!< the segment
};

/**
 * \brief The node under test (packetdrill's local host, 192.168.0.1) and the remote side
 *        (192.0.2.1), which exists only as the segments the script injects and expects.
 */
class Wire
{
  public:
    /**
     * \param local the stack's address (packetdrill's default 192.168.0.1)
     * \param remote the script's address (192.0.2.1)
     */
    Wire(ns3::Ipv4Address local, ns3::Ipv4Address remote);
    ~Wire();

    /// \return the node under test
    ns3::Ptr<ns3::Node> GetNode() const;
    /// \return its TCP
    ns3::Ptr<ns3::SynFinL4Protocol> GetTcp() const;

    /// \return the local (tested) address
    ns3::Ipv4Address LocalAddress() const;
    /// \return the remote (scripted) address
    ns3::Ipv4Address RemoteAddress() const;

    /// \brief Deliver \p segment from the remote address to the node's TCP, now.
    void Inject(const WireSegment& segment);

    /// \return segments sent and not yet taken, oldest first
    std::deque<Captured>& Sent();

    /// \return the simulation time in microseconds
    static int64_t NowUsecs();

    /**
     * \brief Run the simulation up to \p usecs (not beyond), or until the stack sends a
     *        segment when \p untilSent is true.
     * \param usecs the time to stop at; events due at it run first (nothing happens if it
     *        is in the past)
     * \param untilSent stop early at the first segment sent
     */
    void RunUntil(int64_t usecs, bool untilSent);

  private:
    /// The node's down target: a segment leaving its TCP.
    void Capture(ns3::Ptr<ns3::Packet> packet,
                 ns3::Ipv4Address source,
                 ns3::Ipv4Address destination,
                 uint8_t protocol,
                 ns3::Ptr<ns3::Ipv4Route> route);

    ns3::Ipv4Address m_local;              //!< the stack's address
    ns3::Ipv4Address m_remote;             //!< the script's address
    ns3::Ptr<ns3::Node> m_node;            //!< the node under test
    ns3::Ptr<ns3::SynFinL4Protocol> m_tcp; //!< its TCP
    std::deque<Captured> m_sent;           //!< captured, not yet taken
    bool m_stopOnSend{false};              //!< RunUntil is waiting for a segment
};

} // namespace synfin_drill

#endif /* SYNFIN_DRILL_WIRE_H */
