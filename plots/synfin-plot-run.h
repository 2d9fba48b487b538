/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_PLOT_RUN_H
#define SYNFIN_PLOT_RUN_H

#include "synfin-plot-meta.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace synfin
{
namespace plot
{

/// One row of states.csv: a socket held \c state from \c enter to \c leave.
///
/// Endpoints are "address:port", joined from the file's address and port columns (or read
/// from the single column of folders written before the split).
struct StateInterval
{
    int64_t conn{0};       //!< recorder-wide connection number of the socket
    int64_t node{0};       //!< node id
    std::string role;      //!< client, server or listener
    std::string local;     //!< local address:port (local_address, local_port)
    std::string remote;    //!< remote address:port (remote_address, remote_port)
    std::string state;     //!< TcpStateName spelling, e.g. SYN_SENT
    double enter{0};       //!< entry time (s)
    double leave{0};       //!< exit time (s)
    std::string causeExit; //!< event that left it, or end_of_run
};

/// One row of segments.csv.
struct SegmentEvent
{
    double time{0};              //!< event time (s)
    std::string event;           //!< tx, rx or drop
    int64_t node{0};             //!< observing node
    std::optional<int64_t> conn; //!< connection at that node, if any
    std::string from;            //!< sender address:port (from_address, from_port)
    std::string to;              //!< receiver address:port (to_address, to_port)
    std::string flags;           //!< "SYN|ACK" style
    uint32_t seq{0};             //!< absolute sequence number
    uint32_t ack{0};             //!< absolute acknowledgement number
    uint32_t len{0};             //!< payload bytes
    /// for tx rows, whether the segment repeats sequence space its end sent before (the
    /// retransmissions connections.csv counts); nothing on rx and drop rows, and in folders
    /// written before the column existed
    std::optional<bool> retx;
    std::string where; //!< what dropped it, for drops

    /// \return true if \p flag (e.g. "SYN") is among the flags
    bool HasFlag(const std::string& flag) const;
};

/// One row of connections.csv (the columns the figures use).
struct ConnectionRecord
{
    std::optional<int64_t> connClient; //!< conn of the client side
    std::optional<int64_t> connServer; //!< conn of the server side
    std::string client;                //!< client address:port (client_address, client_port)
    std::string server;                //!< server address:port (server_address, server_port)
    std::optional<double> connect;     //!< connect call (s)
    std::optional<double> handshake;   //!< handshake_s
    std::optional<double> closeTime;   //!< close_time_s
    std::string outcome;               //!< completed, refused, ...
};

/// One row of timewait.csv: from \c time on, \c node holds \c count TIME_WAIT records.
struct TimeWaitStep
{
    double time{0};   //!< time of the change (s)
    int64_t node{0};  //!< node id
    int64_t count{0}; //!< records after the change
};

/// One row of nodes.csv: a node of the simulation, as the recorder saw it.
struct NodeRecord
{
    int64_t node{0};                    //!< node id
    std::string name;                   //!< its name, empty if it has none
    std::string role;                   //!< client, server, client+server, router or host
    std::vector<std::string> addresses; //!< its non-loopback IPv4 addresses, in order
};

/**
 * \ingroup synfin
 * A recorder output folder, each file read on first use.
 *
 * Reading lazily lets `synfin-plot cdf` work on a folder that holds only connections.csv,
 * and makes a missing file an error only for the figures that need it.
 */
class RunFolder
{
  public:
    /// \throws PlotError if \p dir is not a directory
    explicit RunFolder(const std::string& dir);
    ~RunFolder();

    /// \return the folder
    const std::string& Dir() const;
    /// \return states.csv's rows; \throws PlotError if it is missing or malformed
    const std::vector<StateInterval>& States() const;
    /// \return segments.csv's rows
    const std::vector<SegmentEvent>& Segments() const;
    /// \return connections.csv's rows
    const std::vector<ConnectionRecord>& Connections() const;
    /// \return timewait.csv's rows
    const std::vector<TimeWaitStep>& TimeWait() const;
    /// \return nodes.csv's rows, by node id; empty when the folder has no nodes.csv (folders
    ///         written before it existed, hand-made ones), so that callers fall back on
    ///         states.csv; \throws PlotError if it is there but malformed
    const std::vector<NodeRecord>& Nodes() const;
    /// \return what meta.json says (defaults if it is absent)
    const RunMeta& Meta() const;

    /// \return the stop time of the run: meta.json's, else the last time in states.csv
    double StopSeconds() const;

  private:
    struct Cache;
    std::string m_dir;              //!< the folder
    std::unique_ptr<Cache> m_cache; //!< files read so far
};

} // namespace plot
} // namespace synfin

#endif /* SYNFIN_PLOT_RUN_H */
