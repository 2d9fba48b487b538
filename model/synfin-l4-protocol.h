/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_L4_PROTOCOL_H
#define SYNFIN_L4_PROTOCOL_H

#include "synfin-four-tuple.h"
#include "synfin-isn-generator.h"
#include "synfin-socket-prototype.h"
#include "synfin-state-change.h"
#include "synfin-time-wait-table.h"

#include "ns3/ip-l4-protocol.h"
#include "ns3/ipv4-address.h"
#include "ns3/ptr.h"
#include "ns3/random-variable-stream.h"
#include "ns3/tcp-congestion-ops.h"
#include "ns3/tcp-header.h"
#include "ns3/tcp-recovery-ops.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{

class Node;
class Socket;
class SynFinSocket;

/**
 * \ingroup synfin
 * \brief What a node's listeners did with SYNs they could not queue, and with SYN cookies:
 *        the counters Linux reports as TcpExtTCPReqQFullDrop, TcpExtListenOverflows and
 *        TcpExtSyncookies{Sent,Recv,Failed}.
 */
struct SynFinListenCounters
{
    uint64_t synQueueDrops{0};    //!< SYNs dropped: SYN queue full and no cookies
    uint64_t acceptQueueDrops{0}; //!< SYNs and cookie ACKs dropped: accept queue full
    uint64_t cookiesSent{0};      //!< SYN-ACKs sent with a cookie
    uint64_t cookiesAccepted{0};  //!< ACKs that returned a valid cookie
    uint64_t cookiesFailed{0};    //!< ACKs to a listener whose cookie did not check
};

/**
 * \ingroup synfin
 * \brief synfin's TCP as an ns-3 L4 protocol (IP protocol 6).
 *
 * It takes the place of ns-3's TcpL4Protocol on a node: aggregated onto a node with IPv4,
 * it inserts itself into IPv4 and aggregates a TcpSocketFactory of its own, so every ns-3
 * application that asks for TCP gets a SynFinSocket. It owns the demux (connections by
 * 4-tuple, listeners by address and port, both O(1)), ephemeral ports, the ISN generator,
 * the TIME-WAIT table, and answers segments that match nothing with a RST
 * (RFC 9293 section 3.10.7.1).
 */
class SynFinL4Protocol : public IpL4Protocol
{
  public:
    /// IANA protocol number of TCP
    static const uint8_t PROT_NUMBER;

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    SynFinL4Protocol();
    ~SynFinL4Protocol() override;

    /**
     * \brief Create a socket bound to this protocol.
     * \return a new SynFinSocket
     */
    Ptr<Socket> CreateSocket();

    /**
     * \brief Set an attribute of every socket this node creates from now on, over the
     *        defaults: what sets one node apart from the others (e.g. its behaviour
     *        profile, SynFinProfile::ApplyTo). Children of a listener inherit it.
     * \param name an attribute of ns3::SynFinSocket or of its parents (ns3::TcpSocket)
     * \param value its value
     * \return false (and nothing set) if there is no such attribute or the value does not
     *         fit it
     */
    bool SetSocketAttribute(const std::string& name, const AttributeValue& value);

    /**
     * \brief Assign a fixed random variable stream number to the ISN key generator.
     * \param stream first stream index to use
     * \return the number of streams assigned
     */
    int64_t AssignStreams(int64_t stream);

    // IpL4Protocol
    int GetProtocolNumber() const override;
    enum RxStatus Receive(Ptr<Packet> p,
                          const Ipv4Header& header,
                          Ptr<Ipv4Interface> incomingInterface) override;
    enum RxStatus Receive(Ptr<Packet> p,
                          const Ipv6Header& header,
                          Ptr<Ipv6Interface> incomingInterface) override;
    void SetDownTarget(IpL4Protocol::DownTargetCallback cb) override;
    void SetDownTarget6(IpL4Protocol::DownTargetCallback6 cb) override;
    IpL4Protocol::DownTargetCallback GetDownTarget() const override;
    IpL4Protocol::DownTargetCallback6 GetDownTarget6() const override;

    /// \return the node this protocol runs on
    Ptr<Node> GetNode() const;

    // Services for SynFinSocket.

    /**
     * \brief Send one segment.
     * \param payload the payload (may be empty); the header is added here
     * \param header the TCP header (checksum is filled in here)
     * \param source source address
     * \param destination destination address
     */
    void SendSegment(Ptr<Packet> payload,
                     const TcpHeader& header,
                     Ipv4Address source,
                     Ipv4Address destination);

    /**
     * \brief Pick an ephemeral port for Bind() and reserve it for this socket alone: no
     *        socket and no TIME-WAIT record uses it (Linux's bind() to port 0).
     * \return the port, or 0 when none is free
     */
    uint16_t AllocateEphemeralPort();

    /**
     * \brief Pick an ephemeral port for a Connect() without Bind(): any port whose 4-tuple
     *        with this peer is free of connections and TIME-WAIT records and that no Bind()
     *        holds, so one port serves connections to different peers (Linux's connect()).
     * \param tuple the connection (its local port is ignored)
     * \return the port (reserved as shared), or 0 when none is free
     */
    uint16_t AllocateConnectPort(const SynFinFourTuple& tuple);

    /**
     * \brief Reserve a specific port (Bind() to a port).
     * \param port the port
     * \param reuseAddress whether a port only TIME-WAIT records use may be taken (SO_REUSEADDR)
     * \return false if it is in use
     */
    bool ReservePort(uint16_t port, bool reuseAddress = false);

    /**
     * \brief Release a port reservation.
     * \param port the port
     * \param shared true for a port from AllocateConnectPort
     */
    void ReleasePort(uint16_t port, bool shared = false);

    /**
     * \brief Enter a connection into the demux.
     * \param tuple its 4-tuple
     * \param socket the socket
     * \return false if the 4-tuple is taken (by a connection or a TIME-WAIT record)
     */
    bool AddConnection(const SynFinFourTuple& tuple, SynFinSocket* socket);

    /**
     * \brief Remove a connection from the demux.
     * \param tuple its 4-tuple
     * \param socket the socket (only removed if it is the one registered)
     */
    void RemoveConnection(const SynFinFourTuple& tuple, const SynFinSocket* socket);

    /**
     * \brief Register a listener.
     * \param address local address (any for all)
     * \param port local port
     * \param socket the listening socket
     * \return false if another listener holds the same address and port
     */
    bool AddListener(Ipv4Address address, uint16_t port, SynFinSocket* socket);

    /**
     * \brief Unregister a listener.
     * \param address local address
     * \param port local port
     * \param socket the listening socket
     */
    void RemoveListener(Ipv4Address address, uint16_t port, const SynFinSocket* socket);

    /**
     * \brief Keep a socket alive and listed in SocketList.
     * \param socket the socket
     */
    void AddSocket(Ptr<SynFinSocket> socket);

    /**
     * \brief Drop a socket from SocketList.
     * \param socket the socket
     */
    void RemoveSocket(const SynFinSocket* socket);

    /**
     * \brief Hand a connection to the TIME-WAIT table (the socket keeps nothing).
     * \param tuple its 4-tuple
     * \param record what TIME-WAIT needs to know
     */
    void EnterTimeWait(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& record);

    /// \return the node's TIME-WAIT table
    SynFinTimeWaitTable& GetTimeWaitTable();

    /**
     * \brief The next connection id on this node.
     * \return the id
     */
    uint64_t NextConnectionId();

    /**
     * \brief An initial sequence number for a connection (RFC 6528).
     * \param tuple the connection
     * \return the ISN
     */
    SequenceNumber32 GenerateIsn(const SynFinFourTuple& tuple);

    /**
     * \brief Give the next connection opened on this node (actively or passively) this ISN
     *        instead of an RFC 6528 one: for scripted experiments that need known sequence
     *        numbers, such as wrap-around checks. Used once.
     * \param iss the ISN
     */
    void SetNextIss(SequenceNumber32 iss);

    /**
     * \brief A SYN cookie (SynFinIsnGenerator::Cookie), keyed as the ISNs are.
     * \param tuple the connection, from the listener's side
     * \param peerIsn the SYN's sequence number
     * \param peerMss the MSS the SYN announced
     * \return the ISN for the SYN-ACK
     */
    SequenceNumber32 GenerateSynCookie(const SynFinFourTuple& tuple,
                                       SequenceNumber32 peerIsn,
                                       uint16_t peerMss);

    /**
     * \brief Check a returned SYN cookie (SynFinIsnGenerator::CheckCookie).
     * \param tuple the connection, from the listener's side
     * \param peerIsn SEG.SEQ - 1
     * \param cookie SEG.ACK - 1
     * \return the MSS it carries, or nothing
     */
    std::optional<uint16_t> CheckSynCookie(const SynFinFourTuple& tuple,
                                           SequenceNumber32 peerIsn,
                                           SequenceNumber32 cookie);

    /// \return the listener counters of this node
    SynFinListenCounters& GetListenCounters();

    /**
     * \brief Re-fire a socket's state change on the node-wide trace.
     * \param change the state change
     */
    void NotifyStateChange(const SynFinStateChange& change);

    /// \return number of sockets in SocketList
    std::size_t GetSocketCount() const;

    /**
     * \brief A socket of SocketList without going through the attribute system.
     * \param i its index, below GetSocketCount()
     * \return the socket
     */
    Ptr<SynFinSocket> GetSocket(std::size_t i) const;

    /// \return the congestion control new sockets get: SocketType, or ns3::TcpL4Protocol's
    ///         SocketType where that decides (see the attribute)
    TypeId GetSocketType() const;
    /// \return the loss recovery new sockets get, likewise
    TypeId GetRecoveryType() const;
    /**
     * \brief Choose this node's congestion control, whatever ns3::TcpL4Protocol's default is
     *        (a per-node choice, as programs make it on stock's protocol).
     * \param type a TcpCongestionOps subclass
     */
    void PinSocketType(TypeId type);
    /**
     * \brief Choose this node's loss recovery, whatever ns3::TcpL4Protocol's default is.
     * \param type a TcpRecoveryOps subclass
     */
    void PinRecoveryType(TypeId type);

    /**
     * \brief Signature of the segment traces.
     * \param packet the segment's payload
     * \param header the TCP header
     * \param source source address
     * \param destination destination address
     */
    typedef void (*SegmentTracedCallback)(Ptr<const Packet> packet,
                                          const TcpHeader& header,
                                          Ipv4Address source,
                                          Ipv4Address destination);

  protected:
    void DoDispose() override;
    void NotifyNewAggregate() override;

  private:
    /// Answer a segment that matched nothing (RFC 9293 section 3.10.7.1).
    void SendResetFor(const TcpHeader& in, uint32_t payloadSize, Ipv4Address src, Ipv4Address dst);
    /// Answer for a TIME-WAIT record: <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>.
    void SendTimeWaitAck(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& record);
    /// The TIME-WAIT table retired a record.
    void TimeWaitExpired(const SynFinFourTuple& tuple, const SynFinTimeWaitRecord& record);
    /// Fire the change of a record leaving TIME-WAIT.
    void ReportTimeWaitEnd(const SynFinFourTuple& tuple,
                           const SynFinTimeWaitRecord& record,
                           SynFinEvent cause,
                           uint8_t flags);
    /// The next port of the ephemeral range to try (round robin).
    uint16_t NextEphemeralCandidate();
    /// Number of ports in the ephemeral range.
    uint32_t EphemeralRangeSize() const;
    /// Find the listener for a local address and port (exact address first, then any).
    SynFinSocket* FindListener(Ipv4Address address, uint16_t port) const;

    /// Draw the ISN generator's key at its first use, so that a seed or run number set by
    /// the script applies.
    void KeyIsnGenerator();

    /// Key of the listener map.
    static uint64_t ListenerKey(Ipv4Address address, uint16_t port);

    Ptr<Node> m_node;                                //!< our node
    IpL4Protocol::DownTargetCallback m_downTarget;   //!< IPv4 send
    IpL4Protocol::DownTargetCallback6 m_downTarget6; //!< IPv6 send (unused: IPv4 only)
    std::vector<Ptr<SynFinSocket>> m_sockets;        //!< SocketList
    SynFinSocketPrototype m_prototype;               //!< what CreateSocket() copies
    TypeId m_congestionTypeId;                       //!< SocketType
    TypeId m_recoveryTypeId;                         //!< RecoveryType
    bool m_socketTypePinned{false};              //!< SocketType holds whatever stock's default is
    bool m_recoveryTypePinned{false};            //!< RecoveryType holds whatever stock's default is
    Ptr<TcpCongestionOps> m_congestionPrototype; //!< forked by every connection
    Ptr<TcpRecoveryOps> m_recoveryPrototype;     //!< forked by every connection
    std::vector<std::pair<std::string, Ptr<AttributeValue>>>
        m_socketAttributes; //!< SetSocketAttribute, applied in order
    std::unordered_map<SynFinFourTuple, SynFinSocket*, SynFinFourTupleHash>
        m_connections;                                       //!< demux
    std::unordered_map<uint64_t, SynFinSocket*> m_listeners; //!< listeners by (address, port)
    std::unordered_map<uint16_t, uint32_t> m_portUse;        //!< Bind() reservations per port
    std::unordered_map<uint16_t, uint32_t> m_sharedPortUse;  //!< Connect() users per port
    uint16_t m_ephemeralFirst{32768};                        //!< EphemeralPortFirst
    uint16_t m_ephemeralLast{60999};                         //!< EphemeralPortLast
    uint16_t m_nextEphemeral{0};                             //!< where the ephemeral search resumes
    bool m_hasReopenIss{false};                //!< a TIME-WAIT record was just reopened
    SynFinFourTuple m_reopenTuple;             //!< its 4-tuple
    SequenceNumber32 m_reopenIss{0};           //!< the ISS its new incarnation gets
    SynFinTimeWaitTable m_timeWait;            //!< TIME-WAIT records
    SynFinIsnGenerator m_isn;                  //!< RFC 6528 ISNs
    std::optional<SequenceNumber32> m_nextIss; //!< SetNextIss()
    bool m_isnKeyed{false};                    //!< key drawn yet
    Ptr<UniformRandomVariable> m_rng;          //!< draws the ISN key
    uint64_t m_nextConnectionId{1};            //!< next connection id
    SynFinListenCounters m_listenCounters;     //!< GetListenCounters
    TracedCallback<const SynFinStateChange&> m_stateChangeTrace; //!< node-wide transitions
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ipv4Address, Ipv4Address> m_txTrace; //!< tx
    TracedCallback<Ptr<const Packet>, const TcpHeader&, Ipv4Address, Ipv4Address> m_rxTrace; //!< rx
};

} // namespace ns3

#endif /* SYNFIN_L4_PROTOCOL_H */
