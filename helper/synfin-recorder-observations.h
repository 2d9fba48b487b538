/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_RECORDER_OBSERVATIONS_H
#define SYNFIN_RECORDER_OBSERVATIONS_H

#include "ns3/synfin-state-machine.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief A text field fit for the recorder's unquoted CSV: commas and line breaks become
 *        spaces.
 * \param text the text (a rule's label, a node's name)
 * \return the cleaned text
 */
inline std::string
SynFinCsvField(std::string text)
{
    std::replace_if(
        text.begin(),
        text.end(),
        [](char c) { return c == ',' || c == '\n' || c == '\r'; },
        ' ');
    return text;
}

/**
 * \ingroup synfin
 * \brief A connection's ports and addresses as seen from one end (host-order IPv4).
 */
struct SynFinRecorderTuple
{
    uint32_t localAddress{0};  //!< our address
    uint32_t remoteAddress{0}; //!< the peer's address
    uint16_t localPort{0};     //!< our port
    uint16_t remotePort{0};    //!< the peer's port

    /// \param o other \return true if equal
    bool operator==(const SynFinRecorderTuple& o) const
    {
        return localAddress == o.localAddress && remoteAddress == o.remoteAddress &&
               localPort == o.localPort && remotePort == o.remotePort;
    }

    /// \return the same connection seen from the other end
    SynFinRecorderTuple Mirror() const
    {
        return {remoteAddress, localAddress, remotePort, localPort};
    }
};

/**
 * \ingroup synfin
 * \brief One state change of a recorded connection; the state it left is the previous
 *        change's (CLOSED before the first).
 */
struct SynFinRecordedChange
{
    /// "did not happen", for times
    static constexpr int64_t NEVER = std::numeric_limits<int64_t>::min();
    /// cause of a stock socket's change that nothing explains
    static constexpr uint8_t CAUSE_UNKNOWN = 254;
    /// cause that ends a state still held when recording stopped
    static constexpr uint8_t CAUSE_END_OF_RUN = 255;

    int64_t time;  //!< nanoseconds
    uint8_t to;    //!< state entered (a SynFinState)
    uint8_t cause; //!< a SynFinEvent, or CAUSE_UNKNOWN
};

/**
 * \ingroup synfin
 * \brief One recorded connection: one conn number.
 */
struct SynFinRecordedConnection
{
    /// How a socket came to be.
    enum Role : uint8_t
    {
        CLIENT = 0, //!< active open
        SERVER,     //!< forked from a listener
        LISTENER,   //!< passive open, never connected
    };

    uint32_t node{0};                                //!< node id
    uint64_t nodeConn{0};                            //!< the node's connection id
    Role role{CLIENT};                               //!< how it was opened
    SynFinRecorderTuple tuple;                       //!< its addresses
    uint8_t state{TcpSocket::CLOSED};                //!< the state it holds now
    bool finished{false};                            //!< reached CLOSED
    int64_t finishedAt{SynFinRecordedChange::NEVER}; //!< when
    std::vector<SynFinRecordedChange> changes;       //!< every change, in order
};

/**
 * \ingroup synfin
 * \brief One segment event, compact: formatted only when written.
 */
struct SynFinSegmentRow
{
    /// no connection owns the segment, or no drop label applies
    static constexpr uint32_t NONE = std::numeric_limits<uint32_t>::max();

    /// What happened to a segment.
    enum Event : uint8_t
    {
        TX = 0, //!< left the sender's TCP
        RX,     //!< reached the receiver's TCP
        DROP,   //!< lost on the way
    };

    int64_t time;         //!< nanoseconds
    uint32_t node;        //!< where observed
    uint32_t conn;        //!< owning connection (index), NONE if none
    uint32_t fromAddress; //!< sender address
    uint32_t toAddress;   //!< receiver address
    uint32_t seq;         //!< sequence number
    uint32_t ack;         //!< acknowledgement number
    uint32_t length;      //!< payload bytes
    uint32_t where;       //!< index into the drop-label table, NONE if none
    uint16_t fromPort;    //!< sender port
    uint16_t toPort;      //!< receiver port
    uint16_t window;      //!< advertised window
    uint8_t event;        //!< an Event
    uint8_t flags;        //!< TCP flags (TcpHeader::Flags_t bits)
    bool provisional;     //!< conn may still be replaced by one created at this instant

    /// \return the segment's 4-tuple from the owning end's point of view
    SynFinRecorderTuple OwnerTuple() const
    {
        if (event == RX)
        {
            return {toAddress, fromAddress, toPort, fromPort};
        }
        return {fromAddress, toAddress, fromPort, toPort};
    }
};

/**
 * \ingroup synfin
 * \brief One step of a node's TIME-WAIT occupancy.
 */
struct SynFinTimeWaitRow
{
    int64_t time;   //!< nanoseconds
    uint32_t node;  //!< node id
    uint32_t count; //!< connections in TIME-WAIT from then on
};

/**
 * \ingroup synfin
 * \brief One row of listeners.csv: a synfin node's listener counters (its
 *        SynFinListenCounters), read when the files are written.
 */
struct SynFinListenerRow
{
    uint32_t node{0};             //!< node id
    uint64_t synQueueDrops{0};    //!< SYNs dropped: SYN queue full and no cookies
    uint64_t acceptQueueDrops{0}; //!< SYNs and cookie ACKs dropped: accept queue full
    uint64_t cookiesSent{0};      //!< SYN-ACKs sent with a cookie
    uint64_t cookiesAccepted{0};  //!< ACKs that returned a valid cookie
    uint64_t cookiesFailed{0};    //!< ACKs to a listener whose cookie did not check
};

/**
 * \ingroup synfin
 * \brief What nodes.csv needs of one node of the simulation beyond the recorded sockets,
 *        read from ns3::NodeList when the files are written.
 *
 * The node's role is not here: the writer derives it from the recorded connections
 * (listened or accepted, connected), which this row only completes for nodes that had no
 * socket (a router forwards, a host does not).
 */
struct SynFinNodeRow
{
    uint32_t node{0};                //!< node id
    std::string name;                //!< its name (ns3::Names, else "node.ID"), or empty
    bool forwarding{false};          //!< two or more non-loopback interfaces forward IPv4
    std::vector<uint32_t> addresses; //!< non-loopback IPv4 addresses (host order), in order
};

/**
 * \ingroup synfin
 * \brief Everything the lifecycle recorder observed: plain data, which the summary and the
 *        writer read without a simulator.
 *
 * Connections are numbered by their index here; the files number them from 1.
 */
struct SynFinRecorderObservations
{
    /// TIME-WAIT occupancy of one attached node.
    struct NodeCount
    {
        uint32_t timeWait{0};     //!< connections in TIME-WAIT now
        uint32_t timeWaitPeak{0}; //!< the most at once
    };

    std::vector<SynFinRecordedConnection> conns; //!< connections, by index
    std::vector<SynFinSegmentRow> segments;      //!< segment events, in time order
    std::vector<SynFinTimeWaitRow> timeWait;     //!< TIME-WAIT steps, in time order
    std::map<uint32_t, NodeCount> nodes;         //!< attached nodes, by id
    std::vector<std::string> labels;             //!< drop labels (the "where" column)

    /**
     * \brief Start following a node: its TIME-WAIT step function starts at 0 now.
     * \param node the node id
     * \param time nanoseconds
     */
    void AddNode(uint32_t node, int64_t time)
    {
        nodes[node];
        timeWait.push_back({time, node, 0});
    }

    /**
     * \brief Record a state change of a connection and what it does to its node's
     *        TIME-WAIT count.
     * \param conn the connection index
     * \param time nanoseconds
     * \param to the state entered
     * \param cause a SynFinEvent, or SynFinRecordedChange::CAUSE_UNKNOWN
     * \return the state it left
     */
    uint8_t AddChange(uint32_t conn, int64_t time, uint8_t to, uint8_t cause)
    {
        SynFinRecordedConnection& c = conns[conn];
        NodeCount& n = nodes[c.node];
        const uint8_t from = c.state;
        c.changes.push_back({time, to, cause});
        c.state = to;
        if (to == TcpSocket::TIME_WAIT && from != TcpSocket::TIME_WAIT)
        {
            ++n.timeWait;
            n.timeWaitPeak = std::max(n.timeWaitPeak, n.timeWait);
            timeWait.push_back({time, c.node, n.timeWait});
        }
        else if (from == TcpSocket::TIME_WAIT && to != TcpSocket::TIME_WAIT && n.timeWait > 0)
        {
            --n.timeWait;
            timeWait.push_back({time, c.node, n.timeWait});
        }
        if (to == TcpSocket::CLOSED)
        {
            c.finished = true;
            c.finishedAt = time;
        }
        return from;
    }
};

} // namespace ns3

#endif /* SYNFIN_RECORDER_OBSERVATIONS_H */
