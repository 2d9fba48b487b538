/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The RFC 9293 connection state diagram as data.
 */

#ifndef SYNFIN_STATE_MACHINE_H
#define SYNFIN_STATE_MACHINE_H

#include "ns3/tcp-socket.h"

#include <cstdint>
#include <ostream>
#include <string>

namespace ns3
{

/// The TCP states synfin uses: exactly ns-3's, so the State trace means what it means in stock.
using SynFinState = TcpSocket::TcpStates_t;

/**
 * \ingroup synfin
 * \brief What drives a state change: an application call, a segment step, or a timer.
 *
 * Segment events are raised per processing step of RFC 9293 section 3.10.7.4 (the ACK
 * step, then the FIN step), so a single segment carrying ACK and FIN may raise two events.
 * The one exception is RCV_FIN_ACKING_OUR_FIN in FIN-WAIT-1, which the RFC text resolves
 * directly to TIME-WAIT ("if our FIN has been ACKed (perhaps in this segment)").
 */
enum class SynFinEvent : uint8_t
{
    APP_ACTIVE_OPEN = 0,     //!< Connect()
    APP_PASSIVE_OPEN,        //!< Listen()
    APP_CLOSE,               //!< Close() or ShutdownSend() once queued data is out
    APP_ABORT,               //!< Close() with unread data, or linger 0: RST
    RCV_SYN,                 //!< SYN without ACK
    RCV_SYN_ACK,             //!< SYN|ACK acknowledging our SYN
    RCV_ACK,                 //!< acceptable ACK that does not cover our FIN
    RCV_ACK_OF_FIN,          //!< acceptable ACK covering our FIN
    RCV_FIN,                 //!< in-sequence FIN (our FIN, if any, not yet acknowledged)
    RCV_FIN_ACKING_OUR_FIN,  //!< in-sequence FIN whose ACK covers our FIN (FIN-WAIT-1)
    RCV_RST,                 //!< acceptable RST (RFC 5961 section 3 exact-match)
    RCV_SYN_REUSE,           //!< SYN for a TIME-WAIT 4-tuple that the reuse policy accepts
    TIMER_RETRIES_EXHAUSTED, //!< SYN, SYN-ACK, FIN or data retransmission gave up
    TIMER_FIN_WAIT_2,        //!< orphaned FIN-WAIT-2 timed out
    TIMER_TIME_WAIT,         //!< 2*MSL elapsed
    LISTENER_CLOSED,         //!< the listener this child came from was closed
    EVENT_COUNT              //!< number of events, not an event
};

/**
 * \ingroup synfin
 * \brief Actions a transition asks of the socket, as bits.
 *
 * The socket carries them out in the order they are declared here.
 */
enum SynFinAction : uint16_t
{
    ACTION_NONE = 0,
    ACTION_SEND_SYN = 1 << 0,             //!< send SYN, arm the SYN retransmission timer
    ACTION_SEND_SYN_ACK = 1 << 1,         //!< send SYN|ACK, arm its retransmission timer
    ACTION_SEND_ACK = 1 << 2,             //!< send a bare ACK now
    ACTION_SEND_FIN = 1 << 3,             //!< send FIN|ACK, arm the retransmission timer
    ACTION_SEND_RST = 1 << 4,             //!< send RST (abort)
    ACTION_NOTIFY_ESTABLISHED = 1 << 5,   //!< connect-succeeded or new-connection callback
    ACTION_NOTIFY_PEER_CLOSED = 1 << 6,   //!< normal-close callback on the peer's FIN
    ACTION_NOTIFY_CLOSED = 1 << 7,        //!< normal-close callback (if not yet fired)
    ACTION_NOTIFY_ERROR = 1 << 8,         //!< connection-failed or error-close callback
    ACTION_ENTER_TIME_WAIT = 1 << 9,      //!< hand the connection to the TIME-WAIT table
    ACTION_RESTART_TIME_WAIT = 1 << 10,   //!< restart 2*MSL (RFC 9293 3.10.7.4, TIME-WAIT FIN)
    ACTION_ARM_FIN_WAIT_2 = 1 << 11,      //!< arm the orphan FIN-WAIT-2 timer
    ACTION_RELEASE = 1 << 12,             //!< leave the demux, free the port, stop timers
    ACTION_STOP_RETRANSMIT = 1 << 13,     //!< everything outstanding is acknowledged
};

/**
 * \ingroup synfin
 * \brief What happens when an event has no row in the table (RFC 9293 section 3.10).
 */
enum class SynFinDefault : uint8_t
{
    NONE,         //!< the table has a row: follow it
    IGNORE,       //!< drop the segment / do nothing
    SEND_ACK,     //!< answer with an ACK (e.g. old duplicate in a synchronized state)
    SEND_RST,     //!< answer with RST (e.g. ACK in LISTEN, RFC 9293 3.10.7.2)
    APP_ERROR,    //!< an application call not valid in this state: return an error
};

/**
 * \ingroup synfin
 * \brief One cell of the table.
 */
struct SynFinTransition
{
    SynFinState next;         //!< state after the event
    uint16_t actions;         //!< SynFinAction bits
    SynFinDefault outcome;    //!< NONE for a defined row, otherwise what to do instead
};

/**
 * \ingroup synfin
 * \brief The RFC 9293 state diagram, (state, event) -> (next state, actions).
 *
 * It is the only place that decides a next state. Every (state, event) pair has an
 * answer: a row of the diagram, or the default outcome RFC 9293 section 3.10 gives.
 */
class SynFinStateMachine
{
  public:
    /**
     * \brief Look up one cell.
     * \param state the current state
     * \param event the event
     * \return the transition (outcome NONE) or the default outcome
     */
    static const SynFinTransition& Lookup(SynFinState state, SynFinEvent event);

    /**
     * \brief The state name as RFC 9293 writes it (e.g. "SYN-RECEIVED").
     * \param state the state
     * \return its name
     */
    static const char* StateName(SynFinState state);

    /**
     * \brief A short name for an event ("rcv FIN", "app close", ...).
     * \param event the event
     * \return its name
     */
    static const char* EventName(SynFinEvent event);

    /**
     * \brief A one-word key for an event ("rcv_fin", "app_close", "timer_2msl"), for CSV
     *        files and other machine-read output.
     * \param event the event
     * \return its key
     */
    static const char* EventKey(SynFinEvent event);

    /**
     * \brief A one-word key for a state ("SYN_SENT", "TIME_WAIT"), as ns-3's TcpStateName.
     * \param state the state
     * \return its key
     */
    static const char* StateKey(SynFinState state);

    /**
     * \brief The names of an action set, '+'-joined ("send ACK+enter TIME-WAIT").
     * \param actions SynFinAction bits
     * \return the names, or "-" for none
     */
    static std::string ActionNames(uint16_t actions);

    /**
     * \brief Write the defined rows as a Graphviz digraph.
     * \param os the stream
     */
    static void WriteGraphviz(std::ostream& os);
};

/**
 * \brief Print an event name.
 * \param os the stream
 * \param event the event
 * \return the stream
 */
std::ostream& operator<<(std::ostream& os, SynFinEvent event);

} // namespace ns3

#endif /* SYNFIN_STATE_MACHINE_H */
