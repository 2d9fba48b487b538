/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SEGMENT_ATTRIBUTOR_H
#define SYNFIN_SEGMENT_ATTRIBUTOR_H

#include "synfin-recorder-observations.h"

#include "ns3/ipv4-address.h"
#include "ns3/tcp-header.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief Assigns each recorded segment to the connection that owns it.
 *
 * Ownership depends on which connections exist, on their 4-tuples and listening ports and
 * on whether they have closed, so every connection is opened and every state change is
 * applied through this class; it records them in the observations and keeps its indexes
 * in step.
 *
 * The rules (doc/synfin.rst, segments.csv "conn"): a segment belongs to the open connection
 * of its 4-tuple at the node that sent it (tx) or received it (rx); a drop belongs to the
 * sender's connection, whatever became of it since. A pure SYN that arrives belongs to the
 * connection created for it at the same instant (a forked child, or a stock client whose
 * SYN left before its state changed), else to the listener on its port. A connection owns
 * what it sends at the instant it closes (an abort's RST), not what arrives later.
 */
class SynFinSegmentAttributor
{
  public:
    /// \param observations where connections, changes and segments are recorded
    explicit SynFinSegmentAttributor(SynFinRecorderObservations& observations);

    /**
     * \brief Create a connection (the caller then applies its first change) and let it
     *        claim the segments seen on its 4-tuple at this instant.
     * \param node the node id
     * \param nodeConn the node's connection id
     * \param role how it was opened
     * \param tuple its addresses (remote port 0 for a listener)
     * \param now nanoseconds
     * \return its index
     */
    uint32_t OpenConnection(uint32_t node,
                            uint64_t nodeConn,
                            SynFinRecordedConnection::Role role,
                            const SynFinRecorderTuple& tuple,
                            int64_t now);

    /**
     * \brief Give a connection its full 4-tuple once its peer is known (a stock socket
     *        found before its Connect).
     * \param conn the connection index
     * \param tuple its addresses
     * \param now nanoseconds
     */
    void SetTuple(uint32_t conn, const SynFinRecorderTuple& tuple, int64_t now);

    /**
     * \brief Record a state change of a connection.
     * \param conn the connection index
     * \param to the state entered
     * \param cause a SynFinEvent, or SynFinRecordedChange::CAUSE_UNKNOWN
     * \param now nanoseconds
     */
    void ChangeState(uint32_t conn, uint8_t to, uint8_t cause, int64_t now);

    /**
     * \param node the node id
     * \param port a local port
     * \return true if a recorded connection of the node listens on the port
     */
    bool IsListening(uint32_t node, uint16_t port) const;

    /**
     * \brief Record one segment event and assign it to a connection.
     * \param node the node where it was observed
     * \param event a SynFinSegmentRow::Event
     * \param source the sender's address
     * \param destination the receiver's address
     * \param header its TCP header
     * \param length its payload bytes
     * \param where the drop-label index, SynFinSegmentRow::NONE if none
     * \param now nanoseconds
     * \return the row's index
     */
    uint32_t Record(uint32_t node,
                    uint8_t event,
                    Ipv4Address source,
                    Ipv4Address destination,
                    const TcpHeader& header,
                    uint32_t length,
                    uint32_t where,
                    int64_t now);

    /// Learn the addresses of the attached nodes (called after each Attach).
    void RefreshAddresses();

  private:
    /// Hash of a tuple: the demux's SynFinFourTupleHash over the same four fields.
    struct TupleHash
    {
        /// \param t the tuple \return its hash
        std::size_t operator()(const SynFinRecorderTuple& t) const;
    };

    /// What is indexed per node.
    struct NodeIndex
    {
        /// latest connection per 4-tuple
        std::unordered_map<SynFinRecorderTuple, uint32_t, TupleHash> byTuple;
        std::unordered_map<uint16_t, uint32_t> listeners; //!< local port -> listening conn
        std::vector<uint32_t> pending; //!< rows that a conn created now may still claim
        int64_t pendingAt{SynFinRecordedChange::NEVER}; //!< the instant those rows belong to
    };

    /// Enter a connection's tuple into its node's index and let it claim rows seen now.
    void RegisterTuple(uint32_t conn, int64_t now);
    /// The connection that owns a tuple on a node now (SynFinSegmentRow::NONE if none).
    uint32_t Owner(uint32_t node,
                   const SynFinRecorderTuple& tuple,
                   bool mustBeOpen,
                   int64_t now) const;
    /// The attached node that holds an address (SynFinSegmentRow::NONE if none does).
    uint32_t NodeOfAddress(uint32_t address);

    SynFinRecorderObservations& m_obs;                    //!< what is recorded
    std::unordered_map<uint32_t, NodeIndex> m_nodes;      //!< per node
    std::unordered_map<uint32_t, uint32_t> m_addressNode; //!< IPv4 address -> node id
};

} // namespace ns3

#endif /* SYNFIN_SEGMENT_ATTRIBUTOR_H */
