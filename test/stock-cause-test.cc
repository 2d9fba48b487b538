/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The causes the recorder gives stock ns-3 sockets' state changes: asked of the state
 * table with the segment seen at that instant. No simulator runs here.
 */

#include "ns3/synfin-state-machine.h"
#include "ns3/synfin-stock-observer.h"
#include "ns3/tcp-header.h"

#include <gtest/gtest.h>
#include <optional>

using namespace ns3;

namespace
{

using S = TcpSocket;
using E = SynFinEvent;
using Seen = SynFinStockObserver::Seen;

constexpr uint8_t SYN = TcpHeader::SYN;
constexpr uint8_t ACK = TcpHeader::ACK;
constexpr uint8_t FIN = TcpHeader::FIN;
constexpr uint8_t RST = TcpHeader::RST;

/// Nothing arrived or left at that instant.
const Seen kNothing{};

/// \return a segment with \p flags arrived at that instant
Seen
Received(uint8_t flags)
{
    Seen s;
    s.received = true;
    s.receivedFlags = flags;
    return s;
}

/// \return a segment with \p flags left at that instant
Seen
Sent(uint8_t flags)
{
    Seen s;
    s.sent = true;
    s.sentFlags = flags;
    return s;
}

/// \return the inferred cause
std::optional<E>
Cause(SynFinState from, SynFinState to, const Seen& seen)
{
    return SynFinStockObserver::InferCause(from, to, seen);
}

} // namespace

TEST(StockCause, Handshake_EachStepNamedByItsSegment)
{
    EXPECT_EQ(Cause(S::CLOSED, S::SYN_SENT, Sent(SYN)), E::APP_ACTIVE_OPEN);
    EXPECT_EQ(Cause(S::SYN_SENT, S::ESTABLISHED, Received(SYN | ACK)), E::RCV_SYN_ACK);
    EXPECT_EQ(Cause(S::SYN_RCVD, S::ESTABLISHED, Received(ACK)), E::RCV_ACK);
    EXPECT_EQ(Cause(S::SYN_SENT, S::SYN_RCVD, Received(SYN)), E::RCV_SYN) << "simultaneous open";
}

TEST(StockCause, ForkedChildFoundLate_AnyStateLeadingThereIsAsked)
{
    // A stock child is found at its SYN|ACK, already SYN_RCVD; the state it left (LISTEN in
    // the listener it was copied from) was not seen, so the recorder reports CLOSED.
    EXPECT_EQ(Cause(S::CLOSED, S::SYN_RCVD, Received(SYN)), E::RCV_SYN);
    EXPECT_EQ(Cause(S::CLOSED, S::SYN_RCVD, kNothing), std::nullopt);
    // A listener found at its first SYN: the only way into LISTEN is the application's.
    EXPECT_EQ(Cause(S::CLOSED, S::LISTEN, Received(SYN)), E::APP_PASSIVE_OPEN);
}

TEST(StockCause, StockFinAckInFinWait1_TwoStepsThroughClosing)
{
    // Stock ns-3 takes a FIN|ACK covering its FIN through CLOSING to TIME_WAIT at once.
    EXPECT_EQ(Cause(S::FIN_WAIT_1, S::CLOSING, Received(FIN | ACK)), E::RCV_FIN);
    EXPECT_EQ(Cause(S::CLOSING, S::TIME_WAIT, Received(FIN | ACK)), E::RCV_ACK_OF_FIN);
    // synfin's own single step: the most specific event the segment fits.
    EXPECT_EQ(Cause(S::FIN_WAIT_1, S::TIME_WAIT, Received(FIN | ACK)), E::RCV_FIN_ACKING_OUR_FIN);
}

TEST(StockCause, Close_EachStepNamedByItsSegmentOrCall)
{
    EXPECT_EQ(Cause(S::ESTABLISHED, S::FIN_WAIT_1, Sent(FIN | ACK)), E::APP_CLOSE);
    EXPECT_EQ(Cause(S::FIN_WAIT_1, S::FIN_WAIT_2, Received(ACK)), E::RCV_ACK_OF_FIN);
    EXPECT_EQ(Cause(S::FIN_WAIT_2, S::TIME_WAIT, Received(FIN | ACK)), E::RCV_FIN);
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSE_WAIT, Received(FIN | ACK)), E::RCV_FIN);
    // Stock closes from its normal-close callback, as the FIN arrives.
    EXPECT_EQ(Cause(S::CLOSE_WAIT, S::LAST_ACK, Received(FIN | ACK)), E::APP_CLOSE);
    EXPECT_EQ(Cause(S::LAST_ACK, S::CLOSED, Received(ACK)), E::RCV_ACK_OF_FIN);
    // A FIN in SYN-RECEIVED: the table has no such row, so every state leading to
    // CLOSE_WAIT is asked.
    EXPECT_EQ(Cause(S::SYN_RCVD, S::CLOSE_WAIT, Received(FIN | ACK)), E::RCV_FIN);
}

TEST(StockCause, SegmentWithRst_IsOnlyEverARst)
{
    EXPECT_EQ(Cause(S::LAST_ACK, S::CLOSED, Received(RST | ACK)), E::RCV_RST);
    EXPECT_EQ(Cause(S::SYN_SENT, S::CLOSED, Received(RST | ACK)), E::RCV_RST);
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSED, Received(RST)), E::RCV_RST);
}

TEST(StockCause, RstSent_IsAbort)
{
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSED, Sent(RST | ACK)), E::APP_ABORT);
    EXPECT_EQ(Cause(S::LAST_ACK, S::CLOSED, Sent(RST | ACK)), E::APP_ABORT);
}

TEST(StockCause, NothingSeen_TheSilentEventTimersFirst)
{
    EXPECT_EQ(Cause(S::TIME_WAIT, S::CLOSED, kNothing), E::TIMER_TIME_WAIT);
    EXPECT_EQ(Cause(S::FIN_WAIT_2, S::CLOSED, kNothing), E::TIMER_FIN_WAIT_2);
    EXPECT_EQ(Cause(S::LISTEN, S::CLOSED, kNothing), E::APP_CLOSE);
    // Stock's Close() in SYN-SENT is as silent as a give-up: the timer is assumed.
    EXPECT_EQ(Cause(S::SYN_SENT, S::CLOSED, kNothing), E::TIMER_RETRIES_EXHAUSTED);
    EXPECT_EQ(Cause(S::LAST_ACK, S::CLOSED, kNothing), E::TIMER_RETRIES_EXHAUSTED);
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSED, kNothing), E::TIMER_RETRIES_EXHAUSTED);
}

TEST(StockCause, SegmentThatFitsNoRow_Unknown)
{
    // Something arrived, yet no event it could raise leads there: not a timer either.
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSED, Received(ACK)), std::nullopt);
    EXPECT_EQ(Cause(S::ESTABLISHED, S::CLOSE_WAIT, Received(ACK)), std::nullopt);
    EXPECT_EQ(Cause(S::FIN_WAIT_1, S::FIN_WAIT_2, kNothing), std::nullopt);
}

TEST(StockCause, EveryAnswer_IsARowOfTheTable)
{
    const Seen seens[] = {kNothing,
                          Received(SYN),
                          Received(SYN | ACK),
                          Received(ACK),
                          Received(FIN | ACK),
                          Received(RST | ACK),
                          Sent(RST | ACK),
                          Sent(FIN | ACK)};
    constexpr int kStates = S::LAST_STATE;
    constexpr int kEvents = static_cast<int>(E::EVENT_COUNT);
    auto leads = [](int from, E e, int to) {
        const SynFinTransition& t = SynFinStateMachine::Lookup(static_cast<SynFinState>(from), e);
        return t.outcome == SynFinDefault::NONE && t.next == to && from != to;
    };
    for (int from = 0; from < kStates; ++from)
    {
        for (int to = 0; to < kStates; ++to)
        {
            bool anyRow = false;
            for (int e = 0; e < kEvents; ++e)
            {
                anyRow = anyRow || leads(from, static_cast<E>(e), to);
            }
            for (const Seen& seen : seens)
            {
                auto cause =
                    Cause(static_cast<SynFinState>(from), static_cast<SynFinState>(to), seen);
                if (!cause)
                {
                    continue;
                }
                bool ok = anyRow && leads(from, *cause, to);
                for (int s = 0; !anyRow && s < kStates; ++s)
                {
                    ok = ok || leads(s, *cause, to);
                }
                EXPECT_TRUE(ok) << SynFinStateMachine::StateName(static_cast<SynFinState>(from))
                                << " -> "
                                << SynFinStateMachine::StateName(static_cast<SynFinState>(to))
                                << ": " << *cause << " is no row of the table";
            }
        }
    }
}
