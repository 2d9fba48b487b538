/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One SynFinSocket with nothing below it: a node whose synfin protocol hands every segment
 * it sends to the harness instead of IPv4, and a scripted peer that injects segments.
 * Tests read like the exchange they script: Send() a segment from the peer, Expect() the
 * exact segment the socket answers with (flags, seq, ack, window), Advance() the clock.
 */

#ifndef SYNFIN_SOCKET_HARNESS_H
#define SYNFIN_SOCKET_HARNESS_H

#include "synfin-test-util.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/synfin-module.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace synfin_test
{

/// One segment the socket sent, as the peer sees it.
struct Sent
{
    ns3::Time time;                                  //!< when it left
    uint8_t flags{0};                                //!< TCP flags
    uint32_t seq{0};                                 //!< SEG.SEQ
    uint32_t ack{0};                                 //!< SEG.ACK (meaningful with ACK)
    uint16_t window{0};                              //!< SEG.WND
    uint32_t length{0};                              //!< payload bytes
    uint16_t mss{0};                                 //!< MSS option, 0 if absent
    int wscale{-1};                                  //!< Window Scale option's shift, -1 if absent
    int64_t tsVal{-1};                               //!< Timestamps option's TSval, -1 if absent
    int64_t tsEcr{-1};                               //!< Timestamps option's TSecr, -1 if absent
    bool sackPermitted{false};                       //!< SACK-permitted option present
    std::vector<std::pair<uint32_t, uint32_t>> sack; //!< SACK blocks, in the option's order
    uint16_t srcPort{0};                             //!< source port
    uint16_t dstPort{0};                             //!< destination port

    /// "SYN|ACK seq=.. ack=.. win=.. len=.." for failure messages.
    std::string ToString() const;
};

/// The fields a test pins; -1 leaves one unchecked.
struct Want
{
    uint8_t flags;      //!< exact flags (PSH ignored unless asked for)
    int64_t seq{-1};    //!< SEG.SEQ
    int64_t ack{-1};    //!< SEG.ACK
    int64_t window{-1}; //!< SEG.WND
    int64_t length{-1}; //!< payload bytes
};

/**
 * A node (10.0.0.1) with synfin and no links; the peer is 10.0.0.2:kPeerPort with ISS
 * kPeerIss. Segments from the socket are captured in order.
 */
class SocketHarness
{
  public:
    static constexpr uint16_t kPeerPort = 5000;   //!< the scripted peer's port
    static constexpr uint16_t kLocalPort = 80;    //!< the port a listener binds
    static constexpr uint32_t kPeerIss = 1000000; //!< the peer's ISS

    SocketHarness();
    ~SocketHarness();

    /// A new synfin socket on the node (configure it before use).
    ns3::Ptr<ns3::SynFinSocket> NewSocket();

    /// Connect `s` to the peer (SYN-SENT); the SYN is left in Taken().
    void Connect(ns3::Ptr<ns3::SynFinSocket> s);

    /// Bind `s` to kLocalPort and listen; accepted children are collected in Accepted().
    void Listen(ns3::Ptr<ns3::SynFinSocket> s);

    /**
     * An active opener that has completed the handshake (ESTABLISHED); segments consumed.
     * \param peerWindow the window of the peer's SYN-ACK
     * \param peerMss the MSS option of the peer's SYN-ACK
     * \param segmentSize the socket's SegmentSize, 0 for its default
     */
    ns3::Ptr<ns3::SynFinSocket> EstablishedClient(uint16_t peerWindow = 65535,
                                                  uint16_t peerMss = 1460,
                                                  uint32_t segmentSize = 0);

    /// A listener's child that has completed the handshake (ESTABLISHED); segments consumed.
    ns3::Ptr<ns3::SynFinSocket> EstablishedServer(uint16_t peerWindow = 65535);

    /**
     * The peer sends a segment to the socket's 4-tuple.
     * \param flags TCP flags
     * \param seq SEG.SEQ
     * \param ack SEG.ACK
     * \param payload payload bytes (filled with a pattern)
     * \param window SEG.WND
     * \param mss MSS option value, 0 for none
     */
    void Send(uint8_t flags,
              uint32_t seq,
              uint32_t ack,
              uint32_t payload = 0,
              uint16_t window = 65535,
              uint16_t mss = 0);

    /**
     * The peer sends a segment with the given options (in this order) and no others.
     * \param flags TCP flags
     * \param seq SEG.SEQ
     * \param ack SEG.ACK
     * \param payload payload bytes (filled with a pattern)
     * \param window SEG.WND (the field as written)
     * \param options the options
     */
    void SendWithOptions(uint8_t flags,
                         uint32_t seq,
                         uint32_t ack,
                         uint32_t payload,
                         uint16_t window,
                         const std::vector<ns3::Ptr<const ns3::TcpOption>>& options);

    /// The port the socket side uses towards the peer (the last connection's).
    uint16_t LocalPort() const;

    /// Let later Send() calls come from another peer port (a second connection).
    void SetPeerPort(uint16_t port);

    /// Point later Send() calls at another local port.
    void SetLocalPort(uint16_t port);

    /// Run the simulation for `dt`.
    void Advance(ns3::Time dt);

    /// Segments sent since the last Take(), and forget them.
    std::vector<Sent> Take();

    /// Segments sent since the last Take(), kept.
    const std::deque<Sent>& Pending() const;

    /**
     * Take the next sent segment and check it; a test failure names every field that differs.
     * \return the segment (flags 0 if none was sent)
     */
    Sent Expect(const Want& want);

    /// Fail if anything was sent since the last Take()/Expect().
    void ExpectNothing();

    /// Children handed over by listeners.
    const std::vector<ns3::Ptr<ns3::Socket>>& Accepted() const;

    /// The node's protocol.
    ns3::Ptr<ns3::SynFinL4Protocol> Tcp() const;

    /// Our address and the peer's.
    static ns3::Ipv4Address LocalAddress();
    /// The scripted peer's address.
    static ns3::Ipv4Address PeerAddress();

  private:
    void Capture(ns3::Ptr<ns3::Packet> p,
                 ns3::Ipv4Address src,
                 ns3::Ipv4Address dst,
                 uint8_t protocol,
                 ns3::Ptr<ns3::Ipv4Route> route);
    void OnAccept(ns3::Ptr<ns3::Socket> s, const ns3::Address& from);

    ns3::Ptr<ns3::Node> m_node;
    ns3::Ptr<ns3::SynFinL4Protocol> m_tcp;
    std::deque<Sent> m_sent;
    std::vector<ns3::Ptr<ns3::Socket>> m_accepted;
    uint16_t m_localPort{0};
    uint16_t m_peerPort{kPeerPort};
};

} // namespace synfin_test

#endif /* SYNFIN_SOCKET_HARNESS_H */
