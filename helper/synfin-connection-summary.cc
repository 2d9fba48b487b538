/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "synfin-connection-summary.h"

#include "ns3/tcp-header.h"

#include <algorithm>
#include <unordered_map>

namespace ns3
{

namespace
{

constexpr int64_t kNever = SynFinRecordedChange::NEVER; //!< "did not happen"
constexpr uint8_t kNoState = 255;                       //!< no state recorded

/// What connections.csv needs to know about one end of a connection.
struct Side
{
    int64_t connect{kNever};         //!< SYN_SENT entry
    int64_t established{kNever};     //!< first ESTABLISHED entry
    int64_t finWait1{kNever};        //!< first FIN_WAIT_1 entry
    int64_t closeWait{kNever};       //!< first CLOSE_WAIT entry
    int64_t lastAck{kNever};         //!< first LAST_ACK entry
    int64_t timeWaitEnter{kNever};   //!< first TIME_WAIT entry
    int64_t timeWaitLeave{kNever};   //!< its end
    int64_t closed{kNever};          //!< final CLOSED
    int64_t firstFin{kNever};        //!< first FIN sent
    int64_t firstData{kNever};       //!< first segment with payload, sent or received
    bool closing{false};             //!< went through CLOSING
    uint8_t afterFinWait1{kNoState}; //!< the state FIN_WAIT_1 led to
    uint8_t endCause{SynFinRecordedChange::CAUSE_UNKNOWN}; //!< what closed it
    uint8_t endFrom{kNoState};                             //!< the state it closed from
    uint8_t state{TcpSocket::CLOSED};                      //!< the state at the end
    int8_t finFirstAfterCloseWait{-1}; //!< its first segment in CLOSE_WAIT carried FIN (1/0)
    bool ackedLastAck{false};          //!< it acknowledged the ACK that ended LAST_ACK
    uint32_t synRetx{0};               //!< SYNs sent again
    uint32_t synAckRetx{0};            //!< SYN|ACKs sent again
    uint32_t dataRetx{0};              //!< payload sent again
    uint32_t finRetx{0};               //!< FIN sent again
};

/// \return what the summary needs of one end
Side
SideOf(const SynFinConnectionSummary::End& end)
{
    Side s;
    uint8_t prev = TcpSocket::CLOSED;
    const auto& changes = end.changes;
    for (std::size_t k = 0; k < changes.size(); ++k)
    {
        const SynFinRecordedChange& ch = changes[k];
        const SynFinRecordedChange* next = k + 1 < changes.size() ? &changes[k + 1] : nullptr;
        auto first = [&ch](int64_t& field) {
            if (field == kNever)
            {
                field = ch.time;
            }
        };
        switch (ch.to)
        {
        case TcpSocket::SYN_SENT:
            first(s.connect);
            break;
        case TcpSocket::ESTABLISHED:
            first(s.established);
            break;
        case TcpSocket::FIN_WAIT_1:
            if (s.finWait1 == kNever)
            {
                s.finWait1 = ch.time;
                s.afterFinWait1 = next ? next->to : kNoState;
            }
            break;
        case TcpSocket::CLOSE_WAIT:
            first(s.closeWait);
            break;
        case TcpSocket::LAST_ACK:
            first(s.lastAck);
            break;
        case TcpSocket::CLOSING:
            s.closing = true;
            break;
        case TcpSocket::TIME_WAIT:
            if (s.timeWaitEnter == kNever)
            {
                s.timeWaitEnter = ch.time;
                s.timeWaitLeave = next ? next->time : kNever;
            }
            break;
        case TcpSocket::CLOSED:
            s.closed = ch.time;
            s.endCause = ch.cause;
            s.endFrom = prev;
            break;
        default:
            break;
        }
        prev = ch.to;
    }
    s.state = changes.empty() ? static_cast<uint8_t>(TcpSocket::CLOSED) : changes.back().to;

    SynFinRetransmissionTracker sent;
    for (const SynFinSegmentRow& r : end.segments)
    {
        if (r.event == SynFinSegmentRow::DROP)
        {
            continue;
        }
        if (r.length > 0 && s.firstData == kNever)
        {
            s.firstData = r.time;
        }
        if (r.event != SynFinSegmentRow::TX)
        {
            continue;
        }
        const bool syn = r.flags & TcpHeader::SYN;
        const bool ack = r.flags & TcpHeader::ACK;
        const bool fin = r.flags & TcpHeader::FIN;
        const SynFinRetransmissionTracker::Repeats again = SynFinConnectionSummary::Track(sent, r);
        if (again.syn)
        {
            ++(ack ? s.synAckRetx : s.synRetx);
        }
        s.dataRetx += again.payload ? 1 : 0;
        s.finRetx += again.fin ? 1 : 0;
        if (fin && s.firstFin == kNever)
        {
            s.firstFin = r.time;
        }
        if (s.closeWait != kNever && r.time >= s.closeWait && s.finFirstAfterCloseWait < 0)
        {
            s.finFirstAfterCloseWait = fin ? 1 : 0;
        }
        // A bare ACK sent as LAST_ACK ended: the five-way-close variant's extra segment.
        if (s.endFrom == TcpSocket::LAST_ACK && r.time == s.closed && ack && !syn && !fin &&
            r.length == 0)
        {
            s.ackedLastAck = true;
        }
    }
    return s;
}

/// \return how an end's final CLOSED failed the connection, or OPEN if it did not
SynFinConnectionSummary::Outcome
FailureOf(const Side& s)
{
    using O = SynFinConnectionSummary::Outcome;
    if (s.closed == kNever)
    {
        return O::OPEN;
    }
    auto is = [&s](SynFinEvent e) { return s.endCause == static_cast<uint8_t>(e); };
    if (is(SynFinEvent::RCV_RST) && s.endFrom == TcpSocket::SYN_SENT)
    {
        return O::REFUSED; // RFC 9293 3.10.7.3: a RST answering our SYN
    }
    if (is(SynFinEvent::TIMER_RETRIES_EXHAUSTED))
    {
        return O::TIMED_OUT;
    }
    if (is(SynFinEvent::RCV_RST) || is(SynFinEvent::APP_ABORT))
    {
        // After both FINs (CLOSING, LAST_ACK, TIME_WAIT) a RST only shortens the ending.
        switch (s.endFrom)
        {
        case TcpSocket::CLOSING:
        case TcpSocket::LAST_ACK:
        case TcpSocket::TIME_WAIT:
            return O::OPEN;
        default:
            return O::RESET;
        }
    }
    return O::OPEN;
}

/// \return \p t as an optional: empty for kNever
std::optional<int64_t>
When(int64_t t)
{
    return t == kNever ? std::nullopt : std::optional<int64_t>(t);
}

/// Hash of a tuple, for pairing (only lookups depend on it, never an order).
struct TupleHash
{
    /// \param t the tuple \return its hash
    std::size_t operator()(const SynFinRecorderTuple& t) const
    {
        uint64_t a = (static_cast<uint64_t>(t.localAddress) << 32) | t.remoteAddress;
        uint64_t p = (static_cast<uint64_t>(t.localPort) << 16) | t.remotePort;
        return std::hash<uint64_t>()(a ^ (p * 0x9e3779b97f4a7c15ULL));
    }
};

} // namespace

SynFinConnectionSummary::Row
SynFinConnectionSummary::Summarize(const End* client, const End* server)
{
    const bool hasC = client != nullptr;
    const bool hasS = server != nullptr;
    const Side none;
    const Side C = hasC ? SideOf(*client) : none;
    const Side S = hasS ? SideOf(*server) : none;
    auto minTime = [](int64_t a, int64_t b) {
        return a == kNever ? b : (b == kNever ? a : std::min(a, b));
    };
    Row row;

    // Who closed first: an end that entered FIN_WAIT_1, or, seen from an end that was told
    // (CLOSE_WAIT), the other.
    const bool clientClosed = hasC ? C.finWait1 != kNever : S.closeWait != kNever;
    const bool serverClosed = hasS ? S.finWait1 != kNever : C.closeWait != kNever;
    const bool both = C.closing || S.closing || (clientClosed && serverClosed);
    row.closer = both           ? Closer::BOTH
                 : clientClosed ? Closer::CLIENT
                 : serverClosed ? Closer::SERVER
                                : Closer::NONE;

    // Outcome: the earliest failure of either end decides; otherwise completed when every
    // recorded end is closed or in TIME-WAIT.
    Outcome fail = Outcome::OPEN;
    int64_t failAt = kNever;
    for (const Side* s : {&C, &S})
    {
        if ((s == &C && !hasC) || (s == &S && !hasS))
        {
            continue;
        }
        Outcome o = FailureOf(*s);
        if (o != Outcome::OPEN && (failAt == kNever || s->closed < failAt))
        {
            fail = o;
            failAt = s->closed;
        }
    }
    if (fail != Outcome::OPEN)
    {
        row.outcome = fail;
    }
    else
    {
        auto done = [](const Side& s) {
            return s.closed != kNever || s.state == TcpSocket::TIME_WAIT;
        };
        row.outcome = (!hasC || done(C)) && (!hasS || done(S)) ? Outcome::COMPLETED : Outcome::OPEN;
    }

    // Close shape, as the active closer saw it (RFC 9293 3.6): FIN_WAIT_1 then FIN_WAIT_2
    // is the four-segment close; a FIN|ACK covering our FIN takes FIN_WAIT_1 straight to
    // TIME_WAIT (three segments); CLOSING is a simultaneous close.
    if (fail == Outcome::RESET)
    {
        row.shape = Shape::RESET;
    }
    else if (fail == Outcome::OPEN)
    {
        const Side* closer = nullptr;
        if (hasC && C.finWait1 != kNever &&
            (!hasS || S.finWait1 == kNever || C.finWait1 <= S.finWait1))
        {
            closer = &C;
        }
        else if (hasS && S.finWait1 != kNever)
        {
            closer = &S;
        }
        const Side* passive = closer == &C                      ? (hasS ? &S : nullptr)
                              : closer == &S                    ? (hasC ? &C : nullptr)
                              : (hasC && C.closeWait != kNever) ? &C
                              : (hasS && S.closeWait != kNever) ? &S
                                                                : nullptr;
        if (C.closing || S.closing)
        {
            row.shape = Shape::SIMULTANEOUS;
        }
        else if (closer && (closer->timeWaitEnter != kNever ||
                            (closer->closed != kNever && passive && passive->lastAck != kNever)))
        {
            // TIME-WAIT, or CLOSED straight after the peer's FIN without a failure: the
            // no-time-wait variant, whose close has the same segments.
            row.shape = closer->afterFinWait1 == TcpSocket::FIN_WAIT_2  ? Shape::FOUR
                        : closer->afterFinWait1 == TcpSocket::TIME_WAIT ? Shape::THREE
                                                                        : Shape::NONE;
            if (row.shape == Shape::FOUR && passive && passive->ackedLastAck)
            {
                row.shape = Shape::FIVE; // the five-way-close variant
            }
        }
        else if (!closer && passive && passive->lastAck != kNever &&
                 passive->finFirstAfterCloseWait >= 0)
        {
            // Only the passive end was recorded: did it ACK the FIN before its own?
            row.shape = passive->finFirstAfterCloseWait ? Shape::THREE : Shape::FOUR;
        }
    }

    const int64_t closeAt = minTime(C.finWait1, S.finWait1);
    int64_t twEnter = kNever;
    int64_t twLeave = kNever;
    for (const Side* s : {&C, &S})
    {
        if (s->timeWaitEnter != kNever && (twEnter == kNever || s->timeWaitEnter < twEnter))
        {
            twEnter = s->timeWaitEnter;
            twLeave = s->timeWaitLeave;
        }
    }
    if (closeAt != kNever && (!hasC || C.closed != kNever) && (!hasS || S.closed != kNever))
    {
        row.closeTime = std::max(hasC ? C.closed : kNever, hasS ? S.closed : kNever) - closeAt;
    }

    row.connect = When(C.connect);
    row.establishedClient = When(C.established);
    row.establishedServer = When(S.established);
    row.firstData = When(minTime(C.firstData, S.firstData));
    row.close = When(closeAt);
    row.finClient = When(C.firstFin);
    row.finServer = When(S.firstFin);
    row.timeWaitEnter = When(twEnter);
    row.timeWaitLeave = When(twLeave);
    row.closedClient = When(C.closed);
    row.closedServer = When(S.closed);
    if (C.connect != kNever && C.established != kNever)
    {
        row.handshake = C.established - C.connect;
    }
    if (hasC)
    {
        row.synRetx = C.synRetx;
    }
    if (hasS)
    {
        row.synAckRetx = S.synAckRetx;
    }
    row.dataRetx = C.dataRetx + S.dataRetx;
    row.finRetx = C.finRetx + S.finRetx;
    return row;
}

SynFinRetransmissionTracker::Repeats
SynFinConnectionSummary::Track(SynFinRetransmissionTracker& sent, const SynFinSegmentRow& row)
{
    if (row.event != SynFinSegmentRow::TX)
    {
        return {}; // what an end received or lost on the way repeats nothing it sent
    }
    return sent.Send(row.seq,
                     row.length,
                     row.flags & TcpHeader::SYN,
                     row.flags & TcpHeader::ACK,
                     row.flags & TcpHeader::FIN);
}

std::vector<std::pair<uint32_t, uint32_t>>
SynFinConnectionSummary::Pair(const std::vector<SynFinRecordedConnection>& conns)
{
    constexpr uint32_t none = SynFinSegmentRow::NONE;
    std::vector<std::pair<uint32_t, uint32_t>> pairs; // (client, server)
    std::unordered_map<SynFinRecorderTuple, std::vector<std::size_t>, TupleHash> openClients;
    for (uint32_t i = 0; i < conns.size(); ++i)
    {
        const SynFinRecordedConnection& c = conns[i];
        if (c.role == SynFinRecordedConnection::LISTENER)
        {
            continue;
        }
        auto it = openClients.find(c.tuple.Mirror());
        if (it != openClients.end() && !it->second.empty())
        {
            pairs[it->second.back()].second = i;
            it->second.pop_back();
            continue;
        }
        if (c.role == SynFinRecordedConnection::CLIENT)
        {
            openClients[c.tuple].push_back(pairs.size());
            pairs.emplace_back(i, none);
        }
        else
        {
            pairs.emplace_back(none, i);
        }
    }
    return pairs;
}

const char*
SynFinConnectionSummary::CloserKey(Closer closer)
{
    switch (closer)
    {
    case Closer::CLIENT:
        return "client";
    case Closer::SERVER:
        return "server";
    case Closer::BOTH:
        return "both";
    case Closer::NONE:
        break;
    }
    return "";
}

const char*
SynFinConnectionSummary::ShapeKey(Shape shape)
{
    switch (shape)
    {
    case Shape::FOUR:
        return "four";
    case Shape::THREE:
        return "three";
    case Shape::FIVE:
        return "five";
    case Shape::SIMULTANEOUS:
        return "simultaneous";
    case Shape::RESET:
        return "reset";
    case Shape::NONE:
        break;
    }
    return "";
}

const char*
SynFinConnectionSummary::OutcomeKey(Outcome outcome)
{
    switch (outcome)
    {
    case Outcome::OPEN:
        return "open";
    case Outcome::COMPLETED:
        return "completed";
    case Outcome::REFUSED:
        return "refused";
    case Outcome::TIMED_OUT:
        return "timed_out";
    case Outcome::RESET:
        return "reset";
    }
    return "open";
}

} // namespace ns3
