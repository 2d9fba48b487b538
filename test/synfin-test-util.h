/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared fixtures for synfin's GoogleTest suites: a two-node point-to-point network with
 * synfin (or stock ns-3 TCP) on either end, deterministic segment drops, and logs of every
 * segment and state change.
 */

#ifndef SYNFIN_TEST_UTIL_H
#define SYNFIN_TEST_UTIL_H

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <string>
#include <vector>

namespace synfin_test
{

/// One segment as it left a node's TCP.
struct SegmentRecord
{
    ns3::Time time;           //!< when it was sent
    uint32_t node;            //!< sending node
    uint8_t flags;            //!< TCP flags
    uint32_t seq;             //!< sequence number
    uint32_t ack;             //!< acknowledgement number
    uint32_t payload;         //!< payload bytes
    uint16_t srcPort;         //!< source port
    uint16_t dstPort;         //!< destination port
};

/**
 * Two nodes, 0 (client) and 1 (server), joined by a point-to-point link, addresses
 * 10.1.1.1 and 10.1.1.2. Each end runs synfin unless told to run stock ns-3 TCP.
 * Segments leaving synfin nodes and every state change are logged.
 */
class TwoNodeNet
{
  public:
    /**
     * \param delay one-way link delay
     * \param stockClient run ns-3's TcpL4Protocol on the client
     * \param stockServer run ns-3's TcpL4Protocol on the server
     * \param rate link data rate
     */
    explicit TwoNodeNet(ns3::Time delay = ns3::MilliSeconds(10),
                        bool stockClient = false,
                        bool stockServer = false,
                        const std::string& rate = "10Mbps");

    /// Drop segments arriving at the client, by SynFinSegmentErrorModel rule spec.
    void DropAtClient(const std::string& rules);
    /// Drop segments arriving at the server, by SynFinSegmentErrorModel rule spec.
    void DropAtServer(const std::string& rules);

    /// A TCP socket on a node (synfin or stock, whichever the node runs).
    ns3::Ptr<ns3::Socket> Socket(uint32_t node) const;

    /// Client address, server address.
    ns3::Ipv4Address Address(uint32_t node) const;

    /// The synfin protocol of a node (nullptr on a stock node).
    ns3::Ptr<ns3::SynFinL4Protocol> Tcp(uint32_t node) const;

    /// The flags of the segments sent by synfin nodes, in order, as "node:FLAGS" strings.
    std::vector<std::string> Exchange() const;

    /// The states one connection went through, in order, starting with its first `from`.
    std::vector<std::string> States(uint32_t node, uint64_t connectionId) const;

    /// The connection ids seen on a node, in order of first appearance.
    std::vector<uint64_t> Connections(uint32_t node) const;

    /// Every change recorded.
    const std::vector<ns3::SynFinStateChange>& Changes() const;

    /// Every segment recorded.
    const std::vector<SegmentRecord>& Segments() const;

    /// How many segments each drop model dropped.
    uint32_t DropsAtClient() const;
    /// How many segments each drop model dropped.
    uint32_t DropsAtServer() const;

    ns3::NodeContainer nodes; //!< client, server

  private:
    void OnChange(const ns3::SynFinStateChange& change);
    static void OnTxStatic(TwoNodeNet* self,
                           uint32_t node,
                           ns3::Ptr<const ns3::Packet> p,
                           const ns3::TcpHeader& h,
                           ns3::Ipv4Address src,
                           ns3::Ipv4Address dst);

    ns3::NetDeviceContainer m_devices;
    ns3::Ipv4InterfaceContainer m_interfaces;
    ns3::Ptr<ns3::SynFinSegmentErrorModel> m_clientDrop;
    ns3::Ptr<ns3::SynFinSegmentErrorModel> m_serverDrop;
    std::vector<ns3::SynFinStateChange> m_changes;
    std::vector<SegmentRecord> m_segments;
};

/// Flags as "SYN|ACK" (PSH left out, it does not matter to the lifecycle).
std::string Flags(uint8_t flags);

/// Reset ns-3's global state between tests that run in one process.
void ResetSimulator();

} // namespace synfin_test

#endif /* SYNFIN_TEST_UTIL_H */
