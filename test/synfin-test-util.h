/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared fixtures for synfin's GoogleTest suites: a two-node point-to-point network with
 * synfin (or stock ns-3 TCP) on either end, deterministic segment drops, and logs of every
 * segment and state change.
 */

#ifndef SYNFIN_TEST_UTIL_H
#define SYNFIN_TEST_UTIL_H

#include "synfin-ns3-compat.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace synfin_test
{

/// Expected segment exchanges and state sequences, one "node:FLAGS" or state name each.
using Strings = std::vector<std::string>;

/// What a connection's opening handshake sends, as TwoNodeNet::Exchange() writes it.
inline const Strings kHandshake{"0:SYN", "1:SYN|ACK", "0:ACK"};

/// The states of a client's connection that closes first: opened, closed in four segments,
/// through TIME-WAIT (RFC 9293 section 3.6, Figure 12).
inline const Strings kActiveCloserStates{"CLOSED",
                                         "SYN-SENT",
                                         "ESTABLISHED",
                                         "FIN-WAIT-1",
                                         "FIN-WAIT-2",
                                         "TIME-WAIT",
                                         "CLOSED"};

/// The states of the server's child that closes second, on the client's FIN.
inline const Strings kPassiveCloserStates{"LISTEN",
                                          "SYN-RECEIVED",
                                          "ESTABLISHED",
                                          "CLOSE-WAIT",
                                          "LAST-ACK",
                                          "CLOSED"};

/// What a listener hands each connection it accepts.
using AcceptCallback = ns3::Callback<void, ns3::Ptr<ns3::Socket>, const ns3::Address&>;

/// One segment as it left a node's TCP.
struct SegmentRecord
{
    ns3::Time time;   //!< when it was sent
    uint32_t node;    //!< sending node
    uint8_t flags;    //!< TCP flags
    uint32_t seq;     //!< sequence number
    uint32_t ack;     //!< acknowledgement number
    uint32_t payload; //!< payload bytes
    uint16_t srcPort; //!< source port
    uint16_t dstPort; //!< destination port
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

    /// A socket on the server (node 1) listening on `port`; see synfin_test::Listen.
    ns3::Ptr<ns3::Socket> Listen(uint16_t port, AcceptCallback onAccept) const;

    /**
     * Hand a segment to a node's synfin protocol as if IPv4 had delivered it from the other
     * node, with a Timestamps option (TSecr 0) whose TSval is `tsValue`, or the clock now
     * if it is negative. Node::ChecksumEnabled() is false by default, so no checksum is
     * needed.
     */
    void Inject(uint32_t node,
                uint8_t flags,
                uint32_t seq,
                uint32_t ack,
                uint16_t srcPort,
                uint16_t dstPort,
                uint32_t payload = 0,
                int64_t tsValue = -1) const;

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

    /// The first change of a connection into `to` (nullptr if none).
    const ns3::SynFinStateChange* ChangeTo(uint32_t node,
                                           uint64_t connectionId,
                                           ns3::SynFinState to) const;

    /// When a connection entered `to` (negative if it never did).
    ns3::Time EnteredAt(uint32_t node, uint64_t connectionId, ns3::SynFinState to) const;

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

/**
 * Bind `listener` to `port` on any address and listen, expecting both to succeed; every
 * connection it accepts goes to `onAccept` (no connection-request callback: it accepts all).
 */
void Listen(ns3::Ptr<ns3::Socket> listener, uint16_t port, AcceptCallback onAccept);

/// A socket as synfin's (nullptr if it is a stock one).
ns3::Ptr<ns3::SynFinSocket> Sf(ns3::Ptr<ns3::Socket> s);

/// Close the socket: what an application does when the peer has closed.
void CloseIt(ns3::Ptr<ns3::Socket> s);

/// Flags as "SYN|ACK" (PSH and URG left out, they do not matter to the lifecycle).
std::string Flags(uint8_t flags);

/// Every flag, as "PSH|ACK".
std::string FlagNames(uint8_t flags);

/// Run the simulation until `stop`.
void RunUntil(ns3::Time stop);

/// Reset ns-3's global state between tests that run in one process.
void ResetSimulator();

/// A test that builds its own simulation: ns-3's global state is reset after it.
class SimulatorTest : public ::testing::Test
{
  protected:
    void TearDown() override;
};

} // namespace synfin_test

#endif /* SYNFIN_TEST_UTIL_H */
