/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_LIFECYCLE_RECORDER_H
#define SYNFIN_LIFECYCLE_RECORDER_H

#include "ns3/net-device.h"
#include "ns3/node-container.h"
#include "ns3/ptr.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

/**
 * \ingroup synfin
 * \brief synfin's own version, as meta.json reports it.
 */
#define SYNFIN_VERSION "0.1.0"

namespace ns3
{

class SynFinSegmentErrorModel;

/**
 * \ingroup synfin
 * \brief Turns the traces of a simulation into tidy CSV files and a meta.json.
 *
 * Attach it to nodes before their sockets are created, run the simulation, then call
 * Write() before Simulator::Destroy(). It records, in compact in-memory rows that are
 * formatted only at Write():
 * - every state interval of every connection (states.csv),
 * - every TCP segment sent, received or dropped (segments.csv),
 * - one summary row per connection, both ends side by side (connections.csv),
 * - the TIME-WAIT occupancy of each node as a step function (timewait.csv),
 * - the listener counters of each synfin node, read at Write() (listeners.csv),
 * - every node of the simulation with its role, name and addresses, read at Write()
 *   (nodes.csv),
 * - the run's parameters, changed attribute defaults, seed, run, versions (meta.json).
 *
 * The column contract is the section "Recorded output (lifecycle recorder)" of
 * doc/synfin.rst.
 *
 * synfin nodes are observed through SynFinL4Protocol's node-wide "Transition", "Tx" and
 * "Rx" traces. Nodes running ns-3's own TcpL4Protocol are observed by SynFinStockObserver
 * (each socket's "State" trace and the node's Ipv4L3Protocol "Tx"/"Rx" traces; the causes
 * of their state changes are asked of SynFinStateMachine's table with the segment seen at
 * that instant). SynFinSegmentAttributor assigns every segment to its connection, into
 * SynFinRecorderObservations; SynFinConnectionSummary computes connections.csv's rows from
 * them and SynFinRecorderWriter writes the files.
 *
 * Retransmissions are counted from the segment log with SynFinRetransmissionTracker (a
 * SYN, SYN|ACK or FIN sent again, or payload below the highest sequence number already
 * sent), so they are counted for stock nodes too; segments.csv's retx column marks the
 * same segments connections.csv counts.
 *
 * The traced objects hold only a link that the recorder clears when it is destroyed:
 * destroying the recorder before the simulation is safe (the traces then do nothing).
 */
class SynFinLifecycleRecorder
{
  public:
    SynFinLifecycleRecorder();
    ~SynFinLifecycleRecorder();

    SynFinLifecycleRecorder(const SynFinLifecycleRecorder&) = delete;
    SynFinLifecycleRecorder& operator=(const SynFinLifecycleRecorder&) = delete;

    /**
     * \brief Record the TCP of each node (synfin or stock ns-3).
     *
     * Aborts with a clear message if a node has no TCP or is attached twice.
     * \param nodes the nodes
     */
    void Attach(NodeContainer nodes);

    /**
     * \brief Record the TCP of one node (synfin or stock ns-3).
     * \param node the node
     */
    void Attach(Ptr<Node> node);

    /**
     * \brief Record the segments a SynFinSegmentErrorModel drops as "drop" rows, with the
     *        labels of the selecting rules in the "where" column.
     * \param model the error model
     * \param nodeId the node whose device uses it (the receiver of the dropped segments)
     */
    void AttachDropModel(Ptr<SynFinSegmentErrorModel> model, uint32_t nodeId);

    /**
     * \brief Record the TCP segments a device drops on reception ("PhyRxDrop", e.g. by a
     *        RateErrorModel) as "drop" rows with where=device.
     *
     * A drop already recorded through AttachDropModel on the same node is not recorded
     * twice. Aborts with a clear message if the device has no "PhyRxDrop" trace.
     * \param device the device (PointToPointNetDevice, CsmaNetDevice, ...)
     */
    void AttachDeviceDrops(Ptr<NetDevice> device);

    /**
     * \brief Record the TCP segments a device's transmit queue refuses ("MacTxDrop": the
     *        queue was full) as "drop" rows with where=queue, at the sending node.
     *
     * Aborts with a clear message if the device has no "MacTxDrop" trace.
     * \param device the device (PointToPointNetDevice, CsmaNetDevice, ...)
     */
    void AttachQueueDrops(Ptr<NetDevice> device);

    /**
     * \brief Set one entry of meta.json's "parameters" (the program's own knobs).
     * \param key the name (setting it again replaces the value)
     * \param value the value, as text
     */
    void SetParameter(const std::string& key, const std::string& value);

    /**
     * \brief Write every file into a folder (created if needed).
     *
     * Each file is written as NAME.partial and renamed to NAME once all are complete;
     * meta.json is renamed last, so its presence means the set is complete. Call it before
     * Simulator::Destroy(): the stop time is Simulator::Now() and states still held end
     * with "end_of_run" there.
     * \param folder the output folder
     * \param error receives a message naming the path that failed, on failure
     * \return true on success; on failure no .partial file is left behind
     */
    bool Write(const std::string& folder, std::string& error) const;

    /// \return the number of segment rows recorded so far
    std::size_t GetSegmentRowCount() const;

    /// \return the number of connections (recorder-wide conn numbers) so far
    std::size_t GetConnectionCount() const;

    /// \return the names of the files Write() produces, in the order it writes them
    static std::vector<std::string> GetFileNames();

    /// \internal The recorded data and the trace handlers (defined in the .cc).
    class Impl;

  private:
    std::unique_ptr<Impl> m_impl; //!< the recorded data
};

} // namespace ns3

#endif /* SYNFIN_LIFECYCLE_RECORDER_H */
