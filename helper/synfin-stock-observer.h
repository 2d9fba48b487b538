/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_STOCK_OBSERVER_H
#define SYNFIN_STOCK_OBSERVER_H

#include "synfin-recorder-observations.h"

#include "ns3/ipv4.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/ptr.h"
#include "ns3/synfin-state-machine.h"
#include "ns3/tcp-socket-base.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ns3
{

class SynFinSegmentAttributor;

/**
 * \ingroup synfin
 * \brief Records nodes running ns-3's own TcpL4Protocol: their segments from the node's
 *        Ipv4L3Protocol "Tx"/"Rx" traces, their sockets' states from each TcpSocketBase's
 *        "State" trace, and the cause of each state change, which stock ns-3 does not say.
 *
 * Sockets are found in TcpL4Protocol's "SocketList" whenever a TCP packet passes the node.
 * The cause of a change is inferred by InferCause() from SynFinStateMachine's table and
 * the segment seen on the socket's 4-tuple at that instant.
 *
 * The traces hold only a link that the observer clears when it is destroyed, so traces
 * that fire later do nothing.
 */
class SynFinStockObserver
{
  public:
    /// The segments seen on a 4-tuple at the instant of a state change.
    struct Seen
    {
        bool received{false};     //!< a segment arrived at that instant
        uint8_t receivedFlags{0}; //!< its TCP flags
        bool sent{false};         //!< a segment left at that instant
        uint8_t sentFlags{0};     //!< its TCP flags
    };

    /**
     * \param observations where the node's connections and segments are recorded
     * \param attributor through which connections are opened and changed, and segments
     *        assigned
     */
    SynFinStockObserver(SynFinRecorderObservations& observations,
                        SynFinSegmentAttributor& attributor);
    ~SynFinStockObserver();

    SynFinStockObserver(const SynFinStockObserver&) = delete;
    SynFinStockObserver& operator=(const SynFinStockObserver&) = delete;

    /**
     * \brief Start recording a stock node (it must have IPv4 and TcpL4Protocol).
     * \param node the node
     */
    void Attach(Ptr<Node> node);

    /**
     * \brief The cause of a state change, asked of SynFinStateMachine's table.
     *
     * The candidates are the events whose row leads from \p from to \p to (from any state
     * when none does: a socket found late reports CLOSED for the state it left, which was
     * not seen). A segment that arrived decides among the receive events it fits, the most
     * specific first (a RST only ever means RCV_RST, as RFC 9293 3.10.7.4 checks RST before
     * ACK and FIN); a RST that left means APP_ABORT. Otherwise the events that leave no
     * trace on the wire (application calls, timers) remain: a segment that arrived and fits
     * no candidate is taken as the cause, hence unknown, unless only application calls lead
     * there (applications open and close from their callbacks); of several silent events,
     * a timer is preferred (stock's Close() in SYN-SENT is as silent as a give-up, and
     * rarer).
     * \param from the state left
     * \param to the state entered
     * \param seen the segments seen on the 4-tuple at that instant
     * \return the event, or nothing if unknown
     */
    static std::optional<SynFinEvent> InferCause(SynFinState from,
                                                 SynFinState to,
                                                 const Seen& seen);

    /// \internal What the traces hold of the observer; cleared when it goes.
    struct Link
    {
        SynFinStockObserver* observer{nullptr}; //!< the observer, or nullptr
    };

    /// \internal Ipv4L3Protocol "Tx" / "Rx" of a stock node
    void OnIpv4(uint32_t node, bool tx, Ptr<const Packet> packet, Ptr<Ipv4> ipv4);
    /// \internal TcpSocketBase "State" of a followed socket
    void OnState(uint32_t index, TcpSocket::TcpStates_t from, TcpSocket::TcpStates_t to);

  private:
    /// Hash of a tuple (the same as the attributor's).
    struct TupleHash
    {
        /// \param t the tuple \return its hash
        std::size_t operator()(const SynFinRecorderTuple& t) const;
    };

    /// The segments last seen on a 4-tuple, to explain its state changes.
    struct LastSeen
    {
        int64_t rxAt{SynFinRecordedChange::NEVER}; //!< when one last arrived
        int64_t txAt{SynFinRecordedChange::NEVER}; //!< when one last left
        uint8_t rxFlags{0};                        //!< its flags
        uint8_t txFlags{0};                        //!< its flags
    };

    /// A stock socket being followed.
    struct Followed
    {
        Ptr<TcpSocketBase> socket;             //!< held while followed, so its address stays unique
        uint32_t node{0};                      //!< node id
        uint32_t conn{SynFinSegmentRow::NONE}; //!< its current connection
        bool retired{false};                   //!< reached CLOSED: no longer followed
    };

    /// What is kept per stock node.
    struct NodeState
    {
        std::unordered_map<const TcpSocketBase*, uint32_t> known;              //!< followed sockets
        std::unordered_map<SynFinRecorderTuple, LastSeen, TupleHash> lastSeen; //!< per tuple
        uint64_t nextConn{1}; //!< stock connections are numbered per node by the recorder
    };

    /// Follow the sockets that appeared in a node's SocketList.
    void Rescan(uint32_t node);
    /// Follow one socket.
    void Discover(uint32_t node, Ptr<TcpSocketBase> socket);
    /// \return a socket's 4-tuple
    static SynFinRecorderTuple TupleOf(Ptr<TcpSocketBase> socket);

    SynFinRecorderObservations& m_obs;               //!< what is recorded
    SynFinSegmentAttributor& m_attributor;           //!< opens, changes and assigns
    std::vector<Followed> m_sockets;                 //!< every socket ever followed
    std::unordered_map<uint32_t, NodeState> m_nodes; //!< per stock node
    std::shared_ptr<Link> m_link;                    //!< handed to the traces
};

} // namespace ns3

#endif /* SYNFIN_STOCK_OBSERVER_H */
