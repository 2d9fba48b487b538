/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-state-machine.h"

#include <array>

namespace ns3
{

namespace
{

constexpr std::size_t kStates = TcpSocket::LAST_STATE;
constexpr std::size_t kEvents = static_cast<std::size_t>(SynFinEvent::EVENT_COUNT);

using Row = std::array<SynFinTransition, kEvents>;
using Table = std::array<Row, kStates>;

bool
IsAppEvent(SynFinEvent e)
{
    return e == SynFinEvent::APP_ACTIVE_OPEN || e == SynFinEvent::APP_PASSIVE_OPEN ||
           e == SynFinEvent::APP_CLOSE || e == SynFinEvent::APP_ABORT;
}

bool
IsTimerEvent(SynFinEvent e)
{
    return e == SynFinEvent::TIMER_RETRIES_EXHAUSTED || e == SynFinEvent::TIMER_FIN_WAIT_2 ||
           e == SynFinEvent::TIMER_TIME_WAIT;
}

/**
 * The outcome for a pair the diagram does not name, following RFC 9293 section 3.10 and
 * RFC 5961: application calls that make no sense fail with an error; stray timers are
 * ignored; a RST is never answered (3.10.7.1); in CLOSED, and in LISTEN for a segment with
 * ACK, the answer is a RST (3.10.7.1, 3.10.7.2); in SYN-SENT and SYN-RECEIVED an
 * unacceptable ACK draws a RST (3.10.7.3, 3.10.7.4 fifth); in SYN-RECEIVED and the
 * synchronized states an unacceptable segment draws an ACK (3.10.7.4 first), throttled
 * when it is a bare ACK or SYN that could start an ACK war, and RSTs and SYNs in the window
 * and blind ACKs draw throttled challenge ACKs (RFC 5961 3.2, 4.2, 5.2).
 */
SynFinTransition
DefaultOutcome(SynFinState s, SynFinEvent e)
{
    using E = SynFinEvent;
    auto out = [s](SynFinDefault outcome, SynFinResponse response) {
        return SynFinTransition{s, ACTION_NONE, outcome, response};
    };
    const auto ignore = out(SynFinDefault::IGNORE, SynFinResponse::NONE);
    const auto reset = out(SynFinDefault::SEND_RST, SynFinResponse::RST);
    const auto ack = out(SynFinDefault::SEND_ACK, SynFinResponse::ACK);
    const auto challenge = out(SynFinDefault::SEND_ACK, SynFinResponse::CHALLENGE_ACK);
    if (IsAppEvent(e))
    {
        return out(SynFinDefault::APP_ERROR, SynFinResponse::NONE);
    }
    // RCV_COOKIE_ACK is raised only in LISTEN, on a child being rebuilt;
    // RCV_DATA_AFTER_CLOSE only in FIN-WAIT-1 and FIN-WAIT-2, RCV_SYN_HALF_OPEN only in a
    // listener's child in SYN-RECEIVED.
    if (IsTimerEvent(e) || e == E::LISTENER_CLOSED || e == E::RCV_COOKIE_ACK ||
        e == E::RCV_DATA_AFTER_CLOSE || e == E::RCV_SYN_HALF_OPEN || e == E::RCV_RST ||
        e == E::RCV_RST_OUT_OF_WINDOW)
    {
        return ignore;
    }
    if (s == TcpSocket::CLOSED)
    {
        return e == E::RCV_RST_INEXACT ? ignore : reset;
    }
    if (s == TcpSocket::LISTEN)
    {
        // 3.10.7.2: an ACK (or SYN|ACK) to a listener is answered with <SEQ=SEG.ACK><CTL=RST>;
        // what carries no ACK is dropped.
        bool carriesAck = e == E::RCV_ACK || e == E::RCV_SYN_ACK || e == E::RCV_ACK_OF_FIN ||
                          e == E::RCV_FIN_ACKING_OUR_FIN || e == E::RCV_ACK_UNACCEPTABLE;
        return carriesAck ? reset : ignore;
    }
    if (s == TcpSocket::SYN_SENT)
    {
        return e == E::RCV_ACK_UNACCEPTABLE ? reset : ignore; // 3.10.7.3 first
    }
    if (e == E::RCV_OTHER)
    {
        return ignore;
    }
    if (s == TcpSocket::SYN_RCVD)
    {
        if (e == E::RCV_SYN_AGAIN)
        {
            // The peer is still in SYN-SENT: our SYN-ACK was lost (Linux and BSD resend it).
            return out(SynFinDefault::SEND_ACK, SynFinResponse::SYN_ACK);
        }
        if (e == E::RCV_ACK_UNACCEPTABLE)
        {
            return reset; // 3.10.7.4 fifth, SYN-RECEIVED: <SEQ=SEG.ACK><CTL=RST>
        }
    }
    if (SynFinStateMachine::IsSynchronized(s) || s == TcpSocket::SYN_RCVD)
    {
        switch (e)
        {
        case E::RCV_OUT_OF_WINDOW_CTL:
        case E::RCV_RST_INEXACT:
        case E::RCV_SYN_IN_WINDOW:
        case E::RCV_SYN_AGAIN:
        case E::RCV_ACK_UNACCEPTABLE:
        case E::RCV_ACK_TOO_OLD:
            return challenge;
        default:
            return ack;
        }
    }
    return ignore;
}

Table
BuildTable()
{
    Table t{};
    for (std::size_t s = 0; s < kStates; ++s)
    {
        for (std::size_t e = 0; e < kEvents; ++e)
        {
            auto state = static_cast<SynFinState>(s);
            t[s][e] = DefaultOutcome(state, static_cast<SynFinEvent>(e));
        }
    }
    auto row = [&t](SynFinState s,
                    SynFinEvent e,
                    SynFinState next,
                    uint16_t actions,
                    SynFinResponse response = SynFinResponse::NONE) {
        t[s][static_cast<std::size_t>(e)] = {next, actions, SynFinDefault::NONE, response};
    };
    using S = TcpSocket;
    using E = SynFinEvent;
    const uint16_t release = ACTION_RELEASE;
    const uint16_t fail = ACTION_NOTIFY_ERROR | ACTION_RELEASE;
    const uint16_t abort = ACTION_SEND_RST | ACTION_NOTIFY_ERROR | ACTION_RELEASE;

    // RFC 9293 Figure 5 and section 3.10.1 (OPEN).
    row(S::CLOSED, E::APP_PASSIVE_OPEN, S::LISTEN, ACTION_NONE);
    row(S::CLOSED, E::APP_ACTIVE_OPEN, S::SYN_SENT, ACTION_SEND_SYN);

    // LISTEN: 3.10.7.2. A SYN here is applied to the freshly forked child.
    row(S::LISTEN, E::RCV_SYN, S::SYN_RCVD, ACTION_SEND_SYN_ACK);
    // The same for the ACK of a SYN-ACK sent statelessly: the child is rebuilt from the
    // cookie as it would have been in SYN-RECEIVED, then processes the ACK (RFC 4987 3.6).
    row(S::LISTEN, E::RCV_COOKIE_ACK, S::SYN_RCVD, ACTION_NONE);
    row(S::LISTEN, E::APP_ACTIVE_OPEN, S::SYN_SENT, ACTION_SEND_SYN);
    row(S::LISTEN, E::APP_CLOSE, S::CLOSED, release);
    row(S::LISTEN, E::APP_ABORT, S::CLOSED, release);

    // SYN-SENT: 3.10.7.3.
    row(S::SYN_SENT,
        E::RCV_SYN_ACK,
        S::ESTABLISHED,
        ACTION_SEND_ACK | ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_ESTABLISHED);
    row(S::SYN_SENT, E::RCV_SYN, S::SYN_RCVD, ACTION_SEND_SYN_ACK); // simultaneous open
    row(S::SYN_SENT, E::RCV_RST, S::CLOSED, fail);                  // connection refused
    row(S::SYN_SENT, E::APP_CLOSE, S::CLOSED, release);
    row(S::SYN_SENT, E::APP_ABORT, S::CLOSED, release);
    row(S::SYN_SENT, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);

    // SYN-RECEIVED: 3.10.7.4, fifth check (ACK).
    row(S::SYN_RCVD,
        E::RCV_ACK,
        S::ESTABLISHED,
        ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_ESTABLISHED);
    row(S::SYN_RCVD, E::RCV_RST, S::CLOSED, fail);
    // 3.10.7.4 fourth, SYN-RECEIVED of a passive OPEN: a SYN in the window returns the
    // connection to LISTEN, i.e. the half-open child goes; Linux also answers it with a RST
    // (tcp_check_req, embryonic_reset), as this row does.
    row(S::SYN_RCVD, E::RCV_SYN_HALF_OPEN, S::CLOSED, fail, SynFinResponse::RST);
    row(S::SYN_RCVD, E::APP_CLOSE, S::FIN_WAIT_1, ACTION_SEND_FIN); // 3.10.4
    row(S::SYN_RCVD, E::APP_ABORT, S::CLOSED, abort);
    row(S::SYN_RCVD, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);
    // The listener went away before the handshake completed: the child goes silently, as
    // Linux drops its request sockets (a late ACK then meets a closed port: RST).
    row(S::SYN_RCVD, E::LISTENER_CLOSED, S::CLOSED, release);

    // ESTABLISHED.
    row(S::ESTABLISHED, E::APP_CLOSE, S::FIN_WAIT_1, ACTION_SEND_FIN);
    // The FIN's ACK may wait for the delayed-ACK timer (Linux's tcp_fin() enters pingpong
    // mode): an application that closes in time sends its FIN on it, a three-segment close.
    row(S::ESTABLISHED,
        E::RCV_FIN,
        S::CLOSE_WAIT,
        ACTION_DELAYABLE_ACK | ACTION_NOTIFY_PEER_CLOSED);
    row(S::ESTABLISHED, E::RCV_RST, S::CLOSED, fail);
    row(S::ESTABLISHED, E::APP_ABORT, S::CLOSED, abort);
    row(S::ESTABLISHED, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);
    // Established but never accepted (ManualAccept) when the listener closes: reset, as
    // Linux's listen-stop disconnects the children left in its accept queue.
    row(S::ESTABLISHED, E::LISTENER_CLOSED, S::CLOSED, ACTION_SEND_RST | ACTION_RELEASE);

    // FIN-WAIT-1.
    row(S::FIN_WAIT_1,
        E::RCV_ACK_OF_FIN,
        S::FIN_WAIT_2,
        ACTION_STOP_RETRANSMIT | ACTION_ARM_FIN_WAIT_2);
    row(S::FIN_WAIT_1, E::RCV_FIN, S::CLOSING, ACTION_SEND_ACK); // simultaneous close
    row(S::FIN_WAIT_1,
        E::RCV_FIN_ACKING_OUR_FIN,
        S::TIME_WAIT,
        ACTION_SEND_ACK | ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_ENTER_TIME_WAIT);
    row(S::FIN_WAIT_1, E::RCV_RST, S::CLOSED, fail);
    row(S::FIN_WAIT_1, E::APP_ABORT, S::CLOSED, abort);
    row(S::FIN_WAIT_1, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);

    // FIN-WAIT-2.
    row(S::FIN_WAIT_2,
        E::RCV_FIN,
        S::TIME_WAIT,
        ACTION_SEND_ACK | ACTION_NOTIFY_CLOSED | ACTION_ENTER_TIME_WAIT);
    row(S::FIN_WAIT_2, E::RCV_RST, S::CLOSED, fail);
    row(S::FIN_WAIT_2, E::APP_ABORT, S::CLOSED, abort);
    // RFC 1122 4.2.2.13: new data for an application that closed (it can read nothing any
    // more) SHOULD draw a RST; Linux (tcp_rcv_state_process, RCV_SHUTDOWN) and FreeBSD
    // (tcp_input, SS_NOFDREF) answer the segment with one and drop the connection, in both
    // FIN-WAIT states.
    row(S::FIN_WAIT_1, E::RCV_DATA_AFTER_CLOSE, S::CLOSED, fail, SynFinResponse::RST);
    row(S::FIN_WAIT_2, E::RCV_DATA_AFTER_CLOSE, S::CLOSED, fail, SynFinResponse::RST);
    row(S::FIN_WAIT_2, E::TIMER_FIN_WAIT_2, S::CLOSED, ACTION_NOTIFY_CLOSED | ACTION_RELEASE);

    // CLOSE-WAIT.
    row(S::CLOSE_WAIT, E::APP_CLOSE, S::LAST_ACK, ACTION_SEND_FIN);
    row(S::CLOSE_WAIT, E::RCV_RST, S::CLOSED, fail);
    row(S::CLOSE_WAIT, E::APP_ABORT, S::CLOSED, abort);
    row(S::CLOSE_WAIT, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);
    // Closed by the peer while waiting in the accept queue: reset with the rest (Linux).
    row(S::CLOSE_WAIT, E::LISTENER_CLOSED, S::CLOSED, ACTION_SEND_RST | ACTION_RELEASE);

    // CLOSING.
    row(S::CLOSING,
        E::RCV_ACK_OF_FIN,
        S::TIME_WAIT,
        ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_ENTER_TIME_WAIT);
    row(S::CLOSING, E::RCV_FIN, S::CLOSING, ACTION_SEND_ACK); // retransmitted FIN
    row(S::CLOSING, E::RCV_RST, S::CLOSED, release);          // 3.10.7.4: CLOSING + RST -> CLOSED
    row(S::CLOSING, E::APP_ABORT, S::CLOSED, ACTION_RELEASE);
    row(S::CLOSING, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);

    // LAST-ACK.
    row(S::LAST_ACK,
        E::RCV_ACK_OF_FIN,
        S::CLOSED,
        ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | release);
    row(S::LAST_ACK, E::RCV_FIN, S::LAST_ACK, ACTION_SEND_ACK); // retransmitted FIN
    row(S::LAST_ACK, E::RCV_RST, S::CLOSED, release);
    row(S::LAST_ACK, E::APP_ABORT, S::CLOSED, ACTION_RELEASE);
    row(S::LAST_ACK, E::TIMER_RETRIES_EXHAUSTED, S::CLOSED, fail);

    // TIME-WAIT: 3.10.7.4 (FIN restarts 2 MSL), RFC 1337 (RST policy applied by the caller),
    // RFC 6191 (SYN reuse policy applied by the caller).
    row(S::TIME_WAIT, E::RCV_FIN, S::TIME_WAIT, ACTION_SEND_ACK | ACTION_RESTART_TIME_WAIT);
    row(S::TIME_WAIT, E::RCV_RST, S::CLOSED, release);
    row(S::TIME_WAIT, E::RCV_SYN_REUSE, S::CLOSED, release);
    row(S::TIME_WAIT, E::TIMER_TIME_WAIT, S::CLOSED, release);
    // An acceptable bare ACK in TIME-WAIT (e.g. a duplicate of the peer's last) needs no
    // answer: answering it could start an ACK loop with a confused peer.
    row(S::TIME_WAIT, E::RCV_ACK, S::TIME_WAIT, ACTION_NONE);
    return t;
}

/// The rows each variant changes, on top of RFC 9293's. The consequences are what the
/// experiments measure (doc/synfin.rst, "What-if variants").
std::vector<SynFinVariantRow>
BuildChanges(SynFinVariant variant)
{
    using S = TcpSocket;
    using E = SynFinEvent;
    const auto none = SynFinDefault::NONE;
    const auto quiet = SynFinResponse::NONE;
    switch (variant)
    {
    case VARIANT_TWO_WAY_HANDSHAKE:
        return {{S::LISTEN,
                 E::RCV_SYN,
                 {S::ESTABLISHED,
                  ACTION_SEND_SYN_ACK | ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_ESTABLISHED,
                  none,
                  quiet},
                 "an old duplicate SYN opens a connection no client asked for: the server "
                 "accepts it and holds its state, and old data that follows may be delivered"}};
    case VARIANT_TWO_WAY_CLOSE:
        return {{S::FIN_WAIT_1,
                 E::RCV_ACK_OF_FIN,
                 {S::CLOSED,
                  ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_RELEASE,
                  none,
                  quiet},
                 "the peer may still send: its data and its FIN meet a closed port and draw "
                 "RST, and the bytes are lost"}};
    case VARIANT_THREE_WAY_CLOSE:
        return {{S::FIN_WAIT_2,
                 E::RCV_FIN,
                 {S::CLOSED, ACTION_NOTIFY_CLOSED | ACTION_RELEASE, none, quiet},
                 "the peer's FIN is never acknowledged: the passive closer stays in LAST-ACK "
                 "retransmitting it until a RST or its retry limit ends the connection"},
                {S::FIN_WAIT_1,
                 E::RCV_FIN_ACKING_OUR_FIN,
                 {S::CLOSED,
                  ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_RELEASE,
                  none,
                  quiet},
                 "the same when the peer's FIN acknowledges ours"}};
    case VARIANT_NO_TIME_WAIT:
        return {{S::FIN_WAIT_2,
                 E::RCV_FIN,
                 {S::CLOSED, ACTION_SEND_ACK | ACTION_NOTIFY_CLOSED | ACTION_RELEASE, none, quiet},
                 "if the last ACK is lost the peer's retransmitted FIN draws RST; a new "
                 "connection on the same 4-tuple may accept an old duplicate segment"},
                {S::FIN_WAIT_1,
                 E::RCV_FIN_ACKING_OUR_FIN,
                 {S::CLOSED,
                  ACTION_SEND_ACK | ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_RELEASE,
                  none,
                  quiet},
                 "the same when the peer's FIN acknowledges ours"},
                {S::CLOSING,
                 E::RCV_ACK_OF_FIN,
                 {S::CLOSED,
                  ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_RELEASE,
                  none,
                  quiet},
                 "the same after a simultaneous close"}};
    case VARIANT_FIVE_WAY_CLOSE:
        return {{S::LAST_ACK,
                 E::RCV_ACK_OF_FIN,
                 {S::CLOSED,
                  ACTION_SEND_ACK | ACTION_STOP_RETRANSMIT | ACTION_NOTIFY_CLOSED | ACTION_RELEASE,
                  none,
                  quiet},
                 "the final ACK is acknowledged: one segment more, and nothing is learnt from "
                 "it (the acknowledger cannot know it arrived either)"}};
    case VARIANT_STANDARD:
    case VARIANT_COUNT:
        break;
    }
    return {};
}

using Tables = std::array<Table, VARIANT_COUNT>;

Tables
BuildTables()
{
    Tables tables;
    for (std::size_t v = 0; v < VARIANT_COUNT; ++v)
    {
        tables[v] = BuildTable();
        for (const SynFinVariantRow& r : BuildChanges(static_cast<SynFinVariant>(v)))
        {
            tables[v][r.state][static_cast<std::size_t>(r.event)] = r.transition;
        }
    }
    return tables;
}

const Tables&
TheTables()
{
    static const Tables tables = BuildTables();
    return tables;
}

} // namespace

const SynFinTransition&
SynFinStateMachine::Lookup(SynFinState state, SynFinEvent event)
{
    return Lookup(state, event, VARIANT_STANDARD);
}

const SynFinTransition&
SynFinStateMachine::Lookup(SynFinState state, SynFinEvent event, SynFinVariant variant)
{
    auto s = static_cast<std::size_t>(state);
    auto e = static_cast<std::size_t>(event);
    static const SynFinTransition invalid{TcpSocket::CLOSED,
                                          ACTION_NONE,
                                          SynFinDefault::IGNORE,
                                          SynFinResponse::NONE};
    if (s >= kStates || e >= kEvents || variant >= VARIANT_COUNT)
    {
        return invalid;
    }
    return TheTables()[variant][s][e];
}

const std::vector<SynFinVariantRow>&
SynFinStateMachine::GetChanges(SynFinVariant variant)
{
    static const std::array<std::vector<SynFinVariantRow>, VARIANT_COUNT> changes = []() {
        std::array<std::vector<SynFinVariantRow>, VARIANT_COUNT> all;
        for (std::size_t v = 0; v < VARIANT_COUNT; ++v)
        {
            all[v] = BuildChanges(static_cast<SynFinVariant>(v));
        }
        return all;
    }();
    static const std::vector<SynFinVariantRow> none;
    return variant < VARIANT_COUNT ? changes[variant] : none;
}

const char*
SynFinStateMachine::VariantKey(SynFinVariant variant)
{
    static const char* const keys[] = {"standard",
                                       "two-way-handshake",
                                       "two-way-close",
                                       "three-way-close",
                                       "no-time-wait",
                                       "five-way-close"};
    static_assert(sizeof(keys) / sizeof(keys[0]) == VARIANT_COUNT, "a key per variant");
    return variant < VARIANT_COUNT ? keys[variant] : "invalid";
}

bool
SynFinStateMachine::ParseVariant(const std::string& key, SynFinVariant& variant)
{
    for (std::size_t v = 0; v < VARIANT_COUNT; ++v)
    {
        if (key == VariantKey(static_cast<SynFinVariant>(v)))
        {
            variant = static_cast<SynFinVariant>(v);
            return true;
        }
    }
    return false;
}

bool
SynFinStateMachine::IsSynchronized(SynFinState s)
{
    return s == TcpSocket::ESTABLISHED || s == TcpSocket::FIN_WAIT_1 ||
           s == TcpSocket::FIN_WAIT_2 || s == TcpSocket::CLOSE_WAIT || s == TcpSocket::CLOSING ||
           s == TcpSocket::LAST_ACK || s == TcpSocket::TIME_WAIT;
}

bool
SynFinStateMachine::MayQueueData(SynFinState s)
{
    return s == TcpSocket::SYN_SENT || s == TcpSocket::SYN_RCVD || s == TcpSocket::ESTABLISHED ||
           s == TcpSocket::CLOSE_WAIT;
}

bool
SynFinStateMachine::MayTransmit(SynFinState s)
{
    return s == TcpSocket::ESTABLISHED || s == TcpSocket::CLOSE_WAIT ||
           s == TcpSocket::FIN_WAIT_1 || s == TcpSocket::CLOSING || s == TcpSocket::LAST_ACK;
}

bool
SynFinStateMachine::MayReceive(SynFinState s)
{
    return s == TcpSocket::ESTABLISHED || s == TcpSocket::FIN_WAIT_1 || s == TcpSocket::FIN_WAIT_2;
}

const char*
SynFinStateMachine::ResponseName(SynFinResponse response)
{
    switch (response)
    {
    case SynFinResponse::NONE:
        return "none";
    case SynFinResponse::ACK:
        return "ACK";
    case SynFinResponse::CHALLENGE_ACK:
        return "challenge ACK";
    case SynFinResponse::RST:
        return "RST";
    case SynFinResponse::SYN_ACK:
        return "SYN|ACK";
    }
    return "invalid";
}

const char*
SynFinStateMachine::StateName(SynFinState state)
{
    static const char* const names[] = {"CLOSED",
                                        "LISTEN",
                                        "SYN-SENT",
                                        "SYN-RECEIVED",
                                        "ESTABLISHED",
                                        "CLOSE-WAIT",
                                        "LAST-ACK",
                                        "FIN-WAIT-1",
                                        "FIN-WAIT-2",
                                        "CLOSING",
                                        "TIME-WAIT"};
    auto s = static_cast<std::size_t>(state);
    return s < kStates ? names[s] : "INVALID";
}

const char*
SynFinStateMachine::EventName(SynFinEvent event)
{
    static const char* const names[] = {"app connect",
                                        "app listen",
                                        "app close",
                                        "app abort",
                                        "rcv SYN",
                                        "rcv SYN|ACK",
                                        "rcv ACK",
                                        "rcv ACK of FIN",
                                        "rcv FIN",
                                        "rcv FIN|ACK of FIN",
                                        "rcv RST",
                                        "rcv SYN reusing TIME-WAIT",
                                        "retries exhausted",
                                        "FIN-WAIT-2 timeout",
                                        "2MSL timeout",
                                        "listener closed",
                                        "rcv ACK of SYN cookie",
                                        "rcv data after close",
                                        "rcv SYN in a half-open window",
                                        "rcv out of window",
                                        "rcv out-of-window ACK/SYN",
                                        "rcv RST out of window",
                                        "rcv RST in window",
                                        "rcv SYN in window",
                                        "rcv unacceptable ACK",
                                        "rcv ACK too old",
                                        "rcv SYN again",
                                        "rcv other"};
    auto e = static_cast<std::size_t>(event);
    return e < kEvents ? names[e] : "invalid";
}

const char*
SynFinStateMachine::EventKey(SynFinEvent event)
{
    static const char* const keys[] = {"app_connect",
                                       "app_listen",
                                       "app_close",
                                       "app_abort",
                                       "rcv_syn",
                                       "rcv_syn_ack",
                                       "rcv_ack",
                                       "rcv_ack_of_fin",
                                       "rcv_fin",
                                       "rcv_fin_ack_of_fin",
                                       "rcv_rst",
                                       "rcv_syn_reuse",
                                       "timer_retries",
                                       "timer_fin_wait_2",
                                       "timer_2msl",
                                       "listener_closed",
                                       "rcv_cookie_ack",
                                       "rcv_data_after_close",
                                       "rcv_syn_half_open",
                                       "rcv_out_of_window",
                                       "rcv_out_of_window_ctl",
                                       "rcv_rst_out_of_window",
                                       "rcv_rst_inexact",
                                       "rcv_syn_in_window",
                                       "rcv_ack_unacceptable",
                                       "rcv_ack_too_old",
                                       "rcv_syn_again",
                                       "rcv_other"};
    auto e = static_cast<std::size_t>(event);
    return e < kEvents ? keys[e] : "invalid";
}

const char*
SynFinStateMachine::StateKey(SynFinState state)
{
    static const char* const keys[] = {"CLOSED",
                                       "LISTEN",
                                       "SYN_SENT",
                                       "SYN_RCVD",
                                       "ESTABLISHED",
                                       "CLOSE_WAIT",
                                       "LAST_ACK",
                                       "FIN_WAIT_1",
                                       "FIN_WAIT_2",
                                       "CLOSING",
                                       "TIME_WAIT"};
    auto s = static_cast<std::size_t>(state);
    return s < kStates ? keys[s] : "INVALID";
}

std::string
SynFinStateMachine::ActionNames(uint16_t actions)
{
    static const char* const names[] = {"send SYN",
                                        "send SYN|ACK",
                                        "send ACK",
                                        "send FIN",
                                        "send RST",
                                        "notify established",
                                        "notify peer closed",
                                        "notify closed",
                                        "notify error",
                                        "enter TIME-WAIT",
                                        "restart 2MSL",
                                        "arm FIN-WAIT-2 timer",
                                        "release",
                                        "stop retransmit",
                                        "ACK (delayable)"};
    std::string out;
    for (std::size_t bit = 0; bit < sizeof(names) / sizeof(names[0]); ++bit)
    {
        if (actions & (1u << bit))
        {
            if (!out.empty())
            {
                out += '+';
            }
            out += names[bit];
        }
    }
    return out.empty() ? "-" : out;
}

void
SynFinStateMachine::WriteGraphviz(std::ostream& os)
{
    WriteGraphviz(os, VARIANT_STANDARD);
}

void
SynFinStateMachine::WriteGraphviz(std::ostream& os, SynFinVariant variant)
{
    os << "digraph synfin_tcp {\n  rankdir=TB;\n  node [shape=box, style=rounded];\n";
    if (variant != VARIANT_STANDARD)
    {
        os << "  label=\"" << VariantKey(variant)
           << ": red edges differ from RFC 9293\";\n  labelloc=t;\n";
    }
    for (std::size_t s = 0; s < kStates; ++s)
    {
        for (std::size_t e = 0; e < kEvents; ++e)
        {
            const SynFinTransition& t =
                Lookup(static_cast<SynFinState>(s), static_cast<SynFinEvent>(e), variant);
            if (t.outcome != SynFinDefault::NONE)
            {
                continue;
            }
            const char* changed = nullptr;
            for (const SynFinVariantRow& r : GetChanges(variant))
            {
                changed = (r.state == s && static_cast<std::size_t>(r.event) == e) ? r.consequence
                                                                                   : changed;
            }
            os << "  \"" << StateName(static_cast<SynFinState>(s)) << "\" -> \""
               << StateName(t.next) << "\" [label=\"" << EventName(static_cast<SynFinEvent>(e))
               << " / " << ActionNames(t.actions) << "\"";
            if (changed)
            {
                os << ", color=red, fontcolor=red, penwidth=2, tooltip=\"" << changed << "\"";
            }
            os << "];\n";
        }
    }
    os << "}\n";
}

std::ostream&
operator<<(std::ostream& os, SynFinEvent event)
{
    return os << SynFinStateMachine::EventName(event);
}

} // namespace ns3
