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
#include <vector>

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
    RCV_COOKIE_ACK,          //!< ACK returning a valid SYN cookie, at a listener (RFC 4987)
    RCV_DATA_AFTER_CLOSE,    //!< new data after the application closed (RFC 1122 4.2.2.13)
    RCV_SYN_HALF_OPEN,       //!< a new SYN in the window of a listener's SYN-RECEIVED child
    // Segments that change no state; the table says how each is answered.
    RCV_OUT_OF_WINDOW,     //!< fails the sequence test (3.10.7.4 first) and carries data or FIN
    RCV_OUT_OF_WINDOW_CTL, //!< fails the sequence test, a bare ACK or a SYN (ACK-war prone)
    RCV_RST_OUT_OF_WINDOW, //!< RST outside the window, or unacceptable in SYN-SENT
    RCV_RST_INEXACT,       //!< RST in the window but not at RCV.NXT (RFC 5961 section 3.2)
    RCV_SYN_IN_WINDOW,     //!< SYN in a synchronized state (RFC 5961 section 4.2)
    RCV_ACK_UNACCEPTABLE,  //!< SEG.ACK beyond SND.NXT, or not acknowledging our SYN
    RCV_ACK_TOO_OLD,       //!< SEG.ACK < SND.UNA - MAX.SND.WND (RFC 5961 section 5.2)
    RCV_SYN_AGAIN,         //!< the peer's SYN once more, in SYN-RECEIVED
    RCV_OTHER,             //!< a segment this state has no use for (no ACK, no SYN, ...)
    EVENT_COUNT            //!< number of events, not an event
};

/**
 * \ingroup synfin
 * \brief Actions a transition asks of the socket, as bits.
 *
 * The socket carries them out in a fixed order (SynFinSocket::RunActions): SYN, SYN-ACK,
 * stop retransmit, ACK, delayable ACK, FIN, RST, then the notifications and the hand-overs.
 */
enum SynFinAction : uint16_t
{
    ACTION_NONE = 0,
    ACTION_SEND_SYN = 1 << 0,           //!< send SYN, arm the SYN retransmission timer
    ACTION_SEND_SYN_ACK = 1 << 1,       //!< send SYN|ACK, arm its retransmission timer
    ACTION_SEND_ACK = 1 << 2,           //!< send a bare ACK now
    ACTION_SEND_FIN = 1 << 3,           //!< send FIN|ACK, arm the retransmission timer
    ACTION_SEND_RST = 1 << 4,           //!< send RST (abort)
    ACTION_NOTIFY_ESTABLISHED = 1 << 5, //!< connect-succeeded or new-connection callback
    ACTION_NOTIFY_PEER_CLOSED = 1 << 6, //!< normal-close callback on the peer's FIN
    ACTION_NOTIFY_CLOSED = 1 << 7,      //!< normal-close callback (if not yet fired)
    ACTION_NOTIFY_ERROR = 1 << 8,       //!< connection-failed or error-close callback
    ACTION_ENTER_TIME_WAIT = 1 << 9,    //!< hand the connection to the TIME-WAIT table
    ACTION_RESTART_TIME_WAIT = 1 << 10, //!< restart 2*MSL (RFC 9293 3.10.7.4, TIME-WAIT FIN)
    ACTION_ARM_FIN_WAIT_2 = 1 << 11,    //!< arm the orphan FIN-WAIT-2 timer
    ACTION_RELEASE = 1 << 12,           //!< leave the demux, free the port, stop timers
    ACTION_STOP_RETRANSMIT = 1 << 13,   //!< everything outstanding is acknowledged
    ACTION_DELAYABLE_ACK = 1 << 14,     //!< ACK now, or by the delayed-ACK rules if the
                                        //!< socket's DelayFinAck says so (RFC 1122 4.2.3.2)
};

/**
 * \ingroup synfin
 * \brief What happens when an event has no row in the table (RFC 9293 section 3.10).
 */
enum class SynFinDefault : uint8_t
{
    NONE,      //!< the table has a row: follow it
    IGNORE,    //!< drop the segment / do nothing
    SEND_ACK,  //!< answer with an ACK (e.g. old duplicate in a synchronized state)
    SEND_RST,  //!< answer with RST (e.g. ACK in LISTEN, RFC 9293 3.10.7.2)
    APP_ERROR, //!< an application call not valid in this state: return an error
};

/**
 * \ingroup synfin
 * \brief How a segment is answered (RFC 9293 section 3.10.7), beyond a row's actions.
 */
enum class SynFinResponse : uint8_t
{
    NONE,          //!< nothing is sent: the segment is dropped or needs no answer
    ACK,           //!< <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>
    CHALLENGE_ACK, //!< the same ACK, throttled (RFC 5961 section 7)
    RST,           //!< <SEQ=SEG.ACK><CTL=RST>, or <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
    SYN_ACK,       //!< our SYN|ACK once more (the peer missed it)
};

/**
 * \ingroup synfin
 * \brief One cell of the table.
 */
struct SynFinTransition
{
    SynFinState next;        //!< state after the event
    uint16_t actions;        //!< SynFinAction bits
    SynFinDefault outcome;   //!< NONE for a defined row, otherwise what to do instead
    SynFinResponse response; //!< how the segment behind the event is answered
};

/**
 * \ingroup synfin
 * \brief The what-if variants: deliberately wrong protocols, each an alternate table that
 *        differs from RFC 9293's in a few named rows (SynFinStateMachine::GetChanges).
 *
 * They exist to show, by measurement, why TCP opens in three segments, closes in four and
 * waits in TIME-WAIT. None is a default.
 */
enum SynFinVariant : uint8_t
{
    VARIANT_STANDARD = 0,      //!< RFC 9293
    VARIANT_TWO_WAY_HANDSHAKE, //!< a listener's child is ESTABLISHED on the SYN
    VARIANT_TWO_WAY_CLOSE,     //!< the active closer drops its state once its FIN is ACKed
    VARIANT_THREE_WAY_CLOSE,   //!< the peer's FIN is never ACKed: the active closer just goes
    VARIANT_NO_TIME_WAIT,      //!< the last ACK is sent and the state dropped at once
    VARIANT_FIVE_WAY_CLOSE,    //!< the passive closer ACKs the final ACK: one segment more
    VARIANT_COUNT              //!< number of variants, not a variant
};

/**
 * \ingroup synfin
 * \brief One row a variant changes, and why it is wrong.
 */
struct SynFinVariantRow
{
    SynFinState state;           //!< the state
    SynFinEvent event;           //!< the event
    SynFinTransition transition; //!< what the variant does instead
    const char* consequence;     //!< what goes wrong, in a sentence
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
     * \brief Look up one cell of a variant's table.
     * \param state the current state
     * \param event the event
     * \param variant the table
     * \return the transition (outcome NONE) or the default outcome
     */
    static const SynFinTransition& Lookup(SynFinState state,
                                          SynFinEvent event,
                                          SynFinVariant variant);

    /**
     * \param variant a variant
     * \return the rows in which its table differs from RFC 9293's (none for the standard)
     */
    static const std::vector<SynFinVariantRow>& GetChanges(SynFinVariant variant);

    /**
     * \param variant a variant
     * \return its key: "standard", "two-way-handshake", "two-way-close", "three-way-close",
     *         "no-time-wait", "five-way-close"
     */
    static const char* VariantKey(SynFinVariant variant);

    /**
     * \param key a variant key (see VariantKey)
     * \param variant receives the variant
     * \return false if no variant has that key
     */
    static bool ParseVariant(const std::string& key, SynFinVariant& variant);

    /**
     * \param state a state
     * \return true for the states RFC 9293 calls synchronized (ESTABLISHED and later)
     */
    static bool IsSynchronized(SynFinState state);

    /**
     * \param state a state
     * \return true if the application may queue data (RFC 9293 3.10.2 SEND: queued in
     *         SYN-SENT and SYN-RECEIVED, sent in ESTABLISHED and CLOSE-WAIT)
     */
    static bool MayQueueData(SynFinState state);

    /**
     * \param state a state
     * \return true if queued data, and our FIN, may go out (or be retransmitted)
     */
    static bool MayTransmit(SynFinState state);

    /**
     * \param state a state
     * \return true if segment text is taken for the application (RFC 9293 3.10.7.4 seventh:
     *         ESTABLISHED, FIN-WAIT-1, FIN-WAIT-2)
     */
    static bool MayReceive(SynFinState state);

    /**
     * \param response a response
     * \return its name ("challenge ACK")
     */
    static const char* ResponseName(SynFinResponse response);

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

    /**
     * \brief Write a variant's defined rows as a Graphviz digraph; the rows it changes are
     *        drawn red and labelled with what goes wrong.
     * \param os the stream
     * \param variant the variant
     */
    static void WriteGraphviz(std::ostream& os, SynFinVariant variant);
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
