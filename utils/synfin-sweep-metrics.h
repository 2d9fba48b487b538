/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_SWEEP_METRICS_H
#define SYNFIN_SWEEP_METRICS_H

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace synfin
{
namespace sweep
{

/**
 * \ingroup synfin
 * The metrics of one run, in the fixed order of MetricNames(); a metric that did not happen
 * (no handshake completed, no connection at all, ...) is empty.
 *
 * The metrics, over the connections a client opened (rows of connections.csv with a
 * conn_client; rows without one are the half-open children of spoofed SYN-flood sources):
 *
 * - connections: connections opened by a client
 * - handshake_mean_s: mean of handshake_s (connect to the client's ESTABLISHED), seconds
 * - handshake_p50_s: median of handshake_s (linear interpolation between closest ranks)
 * - handshake_p99_s: 99th percentile of handshake_s (same interpolation)
 * - failure_rate: fraction of connections whose outcome is refused, timed_out or reset
 * - syn_retx: SYN retransmissions, summed over the connections
 * - synack_retx: SYN-ACK retransmissions, summed over the connections
 * - data_retx: data retransmissions, summed over the connections
 * - fin_retx: FIN retransmissions, summed over the connections
 * - close_time_mean_s: mean of close_time_s (first close call to the last final CLOSED)
 * - close_time_p99_s: 99th percentile of close_time_s
 * - shape_four: connections closed by FIN, ACK, FIN, ACK (close_shape four)
 * - shape_three: connections closed by FIN, FIN|ACK, ACK (close_shape three)
 * - shape_five: connections closed by the five-segment close (close_shape five)
 * - shape_simultaneous: connections closed simultaneously, through CLOSING
 * - shape_reset: connections that ended in a reset (close_shape reset)
 * - time_wait_peak: the most TIME-WAIT records held at one instant, all nodes together
 * - time_wait_mean: TIME-WAIT records held, all nodes together, averaged over [0, stop_time_s]
 * - segments_per_connection: segments sent (tx rows of segments.csv) per connection
 * - sim_time_s: simulated time, stop_time_s of meta.json
 */
struct RunMetrics
{
    /// every metric, by name, in the order of MetricNames(); nothing when it did not happen
    std::vector<std::pair<std::string, std::optional<double>>> values;
};

/// \return the metric names, in the order of RunMetrics::values (the runs.csv columns)
const std::vector<std::string>& MetricNames();

/**
 * Computes every metric (RunMetrics) of the recorder folder \p dir from its
 * connections.csv, timewait.csv, segments.csv (streamed: only its event column is read, so
 * millions of rows cost no memory) and meta.json (stop_time_s).
 *
 * \param dir a synfin-run output folder
 * \return the metrics, in MetricNames() order
 * \throws SweepError if a file is missing or malformed, naming the file (and the line and
 *         column where there is one)
 */
RunMetrics ComputeMetrics(const std::string& dir);

/**
 * Formats a metric for runs.csv, the same value always as the same text: counts as
 * integers, seconds (names ending in _s) with 9 decimals, rates and means with 6; empty
 * when there is no value (or it is not finite). A zero is never written with a minus sign.
 *
 * \param name the metric, one of MetricNames()
 * \param value its value
 * \return the text of the runs.csv cell
 * \throws std::invalid_argument if \p name is not a metric
 */
std::string FormatMetric(const std::string& name, const std::optional<double>& value);

} // namespace sweep
} // namespace synfin

#endif /* SYNFIN_SWEEP_METRICS_H */
