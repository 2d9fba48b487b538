/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#ifndef SYNFIN_CONNECTION_SUMMARY_H
#define SYNFIN_CONNECTION_SUMMARY_H

#include "synfin-recorder-observations.h"

#include "ns3/synfin-retransmission-tracker.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup synfin
 * \brief One row of connections.csv, computed from what was observed of a connection's two
 *        ends: a pure function of plain data, usable without a simulator.
 *
 * The columns are documented in doc/synfin.rst ("Recorded output (lifecycle recorder)");
 * retransmissions are counted with SynFinRetransmissionTracker, the definition the ladder
 * figure uses too.
 */
class SynFinConnectionSummary
{
  public:
    /// What was observed of one end of a connection.
    struct End
    {
        std::vector<SynFinRecordedChange> changes; //!< its state changes, in order
        /// the segments it sent (tx) and received (rx), in order; drop rows are ignored
        std::vector<SynFinSegmentRow> segments;
    };

    /// Who closed first (the closer column).
    enum class Closer : uint8_t
    {
        NONE,   //!< nobody yet
        CLIENT, //!< the client
        SERVER, //!< the server
        BOTH,   //!< both, or one went through CLOSING
    };

    /// How the connection closed, as the active closer saw it (RFC 9293 3.6).
    enum class Shape : uint8_t
    {
        NONE,         //!< not closed, or failed otherwise
        FOUR,         //!< FIN_WAIT_1, FIN_WAIT_2, TIME_WAIT
        THREE,        //!< FIN_WAIT_1 straight to TIME_WAIT (FIN|ACK covering our FIN)
        FIVE,         //!< FOUR, and the passive closer ACKed the final ACK (a what-if variant)
        SIMULTANEOUS, //!< through CLOSING
        RESET,        //!< a RST or abort before both FINs
    };

    /// How the connection ended: the earliest failure of either end, else its progress.
    enum class Outcome : uint8_t
    {
        OPEN,      //!< still open at the end
        COMPLETED, //!< every recorded end CLOSED or in TIME_WAIT
        REFUSED,   //!< RST answering the SYN
        TIMED_OUT, //!< retries exhausted
        RESET,     //!< RST or abort before both FINs
    };

    /// The summary of one connection; times in nanoseconds, empty when they did not happen.
    struct Row
    {
        std::optional<int64_t> connect;           //!< the client's connect call
        std::optional<int64_t> establishedClient; //!< client reached ESTABLISHED
        std::optional<int64_t> establishedServer; //!< server reached ESTABLISHED
        std::optional<int64_t> firstData;         //!< first segment with payload, either way
        std::optional<int64_t> close;             //!< first FIN_WAIT_1 entry
        Closer closer{Closer::NONE};              //!< who closed first
        std::optional<int64_t> finClient;         //!< first FIN sent by the client
        std::optional<int64_t> finServer;         //!< first FIN sent by the server
        std::optional<int64_t> timeWaitEnter;     //!< TIME_WAIT entry (the earlier end's)
        std::optional<int64_t> timeWaitLeave;     //!< its exit
        std::optional<int64_t> closedClient;      //!< client's final CLOSED
        std::optional<int64_t> closedServer;      //!< server's final CLOSED
        std::optional<int64_t> handshake;         //!< establishedClient - connect
        std::optional<int64_t> closeTime;         //!< close to the later final CLOSED
        std::optional<uint32_t> synRetx;          //!< client SYNs sent again (client recorded)
        std::optional<uint32_t> synAckRetx;       //!< server SYN|ACKs sent again (server recorded)
        uint32_t dataRetx{0};                     //!< segments re-sending payload, both ends
        uint32_t finRetx{0};                      //!< FINs sent again, both ends
        Shape shape{Shape::NONE};                 //!< close shape
        Outcome outcome{Outcome::OPEN};           //!< outcome
    };

    /**
     * \brief Summarize one connection.
     * \param client the client end, or nullptr if it was not recorded
     * \param server the server end (the second client of a simultaneous open), or nullptr
     * \return its row
     */
    static Row Summarize(const End* client, const End* server);

    /**
     * \brief Feed one segment row to the retransmission tracker of the end that owns it.
     *
     * The one place a recorded row becomes SynFinRetransmissionTracker input: Summarize()
     * counts connections.csv's syn_retx, synack_retx, data_retx and fin_retx with it, and
     * the writer marks segments.csv's retx column with it, so that the counts and the flags
     * agree by construction (the same tx rows of an end, in the same order, through the
     * same function).
     * \param sent the tracker of the end that owns \p row
     * \param row a row of that end; only a tx row reaches the tracker
     * \return what of a tx row's sequence space the end sent before; nothing for rx and
     *         drop rows
     */
    static SynFinRetransmissionTracker::Repeats Track(SynFinRetransmissionTracker& sent,
                                                      const SynFinSegmentRow& row);

    /**
     * \brief Pair the recorded connections into rows: each server-side child with the
     *        latest unpaired client of the mirrored 4-tuple created before it; two clients
     *        of mirrored tuples are a simultaneous open. Listeners have no row.
     * \param conns the recorded connections, by index
     * \return (client, server) index pairs, SynFinSegmentRow::NONE for a missing side, in
     *         order of their first connection
     */
    static std::vector<std::pair<uint32_t, uint32_t>> Pair(
        const std::vector<SynFinRecordedConnection>& conns);

    /// \param closer a closer \return its CSV text ("client", "", ...)
    static const char* CloserKey(Closer closer);
    /// \param shape a shape \return its CSV text ("four", "", ...)
    static const char* ShapeKey(Shape shape);
    /// \param outcome an outcome \return its CSV text ("completed", ...)
    static const char* OutcomeKey(Outcome outcome);
};

} // namespace ns3

#endif /* SYNFIN_CONNECTION_SUMMARY_H */
